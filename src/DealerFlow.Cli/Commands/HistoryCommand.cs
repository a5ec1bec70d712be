using DealerFlow.Core.History;
using DealerFlow.Core.Time;
using DealerFlow.Data.Store;

namespace DealerFlow.Cli.Commands;

/// <summary><c>dealerflow history SYMBOL</c>: stored levels over time, day-over-day changes and trends.</summary>
internal static class HistoryCommand
{
    public const string Schema = "dealerflow.history/1";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The stored methods (no "default" alias here: the name is the store's key).</summary>
    private static readonly Choice<string> MethodChoice = new("--method", new Word<string>("dealerflow", "dealerflow"), new Word<string>("perfiliev", "perfiliev"));

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var symbol = new Argument<string>("SYMBOL") { Description = "Underlying, e.g. SPX or SPY." };
        var db = IngestCommand.DbOption();
        var from = new Option<string?>("--from") { Description = "First session (yyyy-MM-dd, US/Eastern) or instant (ISO-8601 with offset)." };
        var to = new Option<string?>("--to") { Description = "Last session (yyyy-MM-dd, inclusive, US/Eastern) or instant (ISO-8601 with offset)." };
        var format = FormatOption.Create("table", "json", "csv");
        var chart = new Option<string?>("--chart") { Description = "Also write a levels-over-time chart (spot, zero gamma, call wall, put wall) to this file: .png or .svg (the extension decides)." };
        var method = new Option<string>(MethodChoice.Option) { Description = $"Which stored method: {MethodChoice.List()}.", DefaultValueFactory = _ => "dealerflow" };
        var model = new Option<string>("--model") { Description = "Which stored positioning: classic, short-all, or a stored name such as classic+overlay(otc.csv).", DefaultValueFactory = _ => "classic" };
        var unit = new Option<string>(AnalysisOptions.UnitChoice.Option) { Description = $"Which stored GEX unit: {AnalysisOptions.UnitChoice.List(glosses: false)}.", DefaultValueFactory = _ => "1pct" };
        var expiries = new Option<string>("--expiry-filter") { Description = "Which stored expiry filter, as ingest described it (e.g. \"all expiries\", \"DTE <= 7\"); 'any' for all of them.", DefaultValueFactory = _ => "all expiries" };
        var trendRun = new Option<int>("--trend-sessions") { Description = "Fewest consecutive session-over-session moves of zero gamma reported as a trend (at least 3).", DefaultValueFactory = _ => LevelHistory.MinRun };
        var command = new Command("history", "Stored levels over time with day-over-day changes and trends (zero gamma rising or falling N sessions in a row, walls moving overnight, regime changes).");
        command.Arguments.Add(symbol);
        foreach (var opt in new Option[] { db, from, to, format, chart, method, model, unit, expiries, trendRun }) command.Options.Add(opt);
        command.SetAction(r =>
        {
            var fmt = FormatOption.Get(r, format, "table", "json", "csv");
            var gexUnit = AnalysisOptions.UnitChoice.Parse(r.GetValue(unit)!);
            var positioning = Positioning.TryParseModel(r.GetValue(model)!, out var pm) ? Positioning.ModelCode(pm) : r.GetValue(model)!;
            var methodName = MethodChoice.Parse(r.GetValue(method)!);
            var minRun = r.GetValue(trendRun);
            if (minRun < 3) throw new UsageException($"--trend-sessions {minRun} must be 3 or more.");
            var chartPath = r.GetValue(chart);
            if (chartPath is not null) ChartFile.FormatOf(chartPath);
            var underlying = r.GetValue(symbol)!.Trim().ToUpperInvariant();
            var query = new SnapshotQuery(underlying)
            {
                From = ParseBound(r.GetValue(from), "--from", endOfDay: false),
                To = ParseBound(r.GetValue(to), "--to", endOfDay: true),
                Method = methodName,
                Positioning = positioning,
                Unit = GexUnits.Code(gexUnit),
                Filter = r.GetValue(expiries) is { } ef && !ef.Equals("any", StringComparison.OrdinalIgnoreCase) ? ef : null,
            };
            if (query.From > query.To) throw new UsageException("--from is after --to.");

            // Only ingest creates a store: a mistyped --db must not leave an empty database behind.
            var location = string.IsNullOrWhiteSpace(r.GetValue(db)) ? SnapshotStore.DefaultPath : r.GetValue(db)!.Trim();
            if (!SnapshotStore.IsPostgres(location) && !File.Exists(location))
                throw new InputException($"no store at '{location}' ({(Directory.Exists(location) ? "that is a folder" : "no such file")}); only 'dealerflow ingest' creates a store: ingest chains first with 'dealerflow ingest PATH --db {location}'.");
            using var store = IngestCommand.OpenStore(location);
            RequireSymbol(store, underlying);
            IReadOnlyList<StoredSnapshot> rows;
            // Read from before --from too, so the first row's day-over-day change has its previous session.
            try { rows = Latest(store.Query(query with { From = null })); }
            catch (StoreException e) { throw new InputException(e.Message); }
            if (!rows.Any(s => query.From is not { } f || s.Instant >= f))
                throw new InputException($"no stored snapshot of {underlying} ({methodName}, {positioning}, {GexUnits.Code(gexUnit)}, {query.Filter ?? "any expiry filter"}{Range(query)}) in {store.Description}; ingest chains first with 'dealerflow ingest PATH'.");

            var byInstant = rows.ToDictionary(s => s.Instant);
            var analysis = LevelHistory.Analyze(rows, minRun, query.From);
            var view = new HistoryView(underlying, methodName, rows[0].Positioning, rows[0].PositioningDescription, gexUnit, query.Filter ?? string.Join(" / ", rows.Select(s => s.Filter).Distinct()), store.Description, analysis, byInstant);
            switch (fmt)
            {
                case "json": stdout.WriteLine(Json.Write(ToJson(view))); break;
                case "csv": stdout.Write(Csv(view)); break;
                default: Table(Tables.Console(stdout), view); break;
            }
            if (chartPath is not null)
            {
                ChartFile.Write(chartPath, () => HistorySvg.Levels(view), path => Png.Levels(view, path));
                stderr.WriteLine($"chart written to {chartPath}");
            }
            return Cli.Ok;
        });
        return command;
    }

    /// <summary>Fails with the symbols the store holds when it holds nothing of <paramref name="underlying"/> (a typo, or not ingested yet).</summary>
    internal static void RequireSymbol(ISnapshotStore store, string underlying)
    {
        IReadOnlyList<string> held;
        try { held = store.Underlyings(); }
        catch (StoreException e) { throw new InputException(e.Message); }
        if (held.Contains(underlying, StringComparer.OrdinalIgnoreCase)) return;
        throw new InputException(held.Count == 0
            ? $"no symbol is stored in {store.Description} yet; ingest chains first with 'dealerflow ingest PATH'."
            : $"{underlying} is not in {store.Description}; it holds {string.Join(", ", held)}.");
    }

    internal sealed record HistoryView(string Underlying, string Method, string Positioning, string PositioningDescription, GexUnit Unit, string Filter, string Store, HistoryAnalysis Analysis, IReadOnlyDictionary<DateTimeOffset, StoredSnapshot> Snapshots)
    {
        public StoredSnapshot Stored(HistoryRow row) => Snapshots[row.Point.Instant];
    }

    /// <summary>When the same instant was stored more than once (other filters or another file), the latest ingested one is shown.</summary>
    private static List<StoredSnapshot> Latest(IReadOnlyList<StoredSnapshot> rows) =>
        rows.GroupBy(s => s.Instant).Select(g => g.MaxBy(s => s.Id)!).OrderBy(s => s.Instant).ToList();

    private static string Range(SnapshotQuery q) =>
        (q.From is { } f ? $", from {f:yyyy-MM-dd HH:mm zzz}" : "") + (q.To is { } t ? $", to {t:yyyy-MM-dd HH:mm zzz}" : "");

    private static DateTimeOffset? ParseBound(string? text, string option, bool endOfDay)
    {
        if (text is null) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", Inv, DateTimeStyles.None, out var d))
            return endOfDay ? UsEastern.At(d, new TimeOnly(23, 59, 59, 999)) : UsEastern.At(d, TimeOnly.MinValue);
        return CliParse.TryInstant(text, out var t) ? t
            : throw new UsageException($"{option} '{text}' is not a date (2025-05-01) or an ISO-8601 instant with offset (2025-05-01T16:00:00-04:00).");
    }

    private static string N(double? v, string f = "0.00") => v is { } x ? x.ToString(f, Inv) : "";

    private static string Signed(double? v, string f = "+0.00;-0.00;0.00") => v is { } x ? x.ToString(f, Inv) : "";

    private static void Table(IAnsiConsole c, HistoryView v)
    {
        var a = v.Analysis;
        c.MarkupLine($"[bold]{Markup.Escape(v.Underlying)}[/] history: {a.Rows.Count} snapshot(s), {a.Sessions.Count} session(s), {a.Rows[0].Point.Session:yyyy-MM-dd} to {a.Rows[^1].Point.Session:yyyy-MM-dd}");
        c.MarkupLine($"method [bold]{v.Method}[/] | positioning [bold]{Markup.Escape(v.Positioning)}[/]: {Markup.Escape(v.PositioningDescription)} | unit [bold]{Markup.Escape(GexUnits.Label(v.Unit))}[/] | {Markup.Escape(v.Filter)} | store {Markup.Escape(v.Store)}");
        c.MarkupLine("[grey]levels in price units; d = change against the previous session's last snapshot[/]");
        var t = new Table().Border(TableBorder.Rounded);
        t.AddColumn("As of (ET)");
        foreach (var h in new[] { "Spot (d)", "Zero gamma (d)", "Call wall (d)", "Put wall (d)", "Abs gamma", $"Total GEX, {GexUnits.Label(v.Unit)} (d)" })
            t.AddColumn(new TableColumn(Markup.Escape(h)).RightAligned());
        t.AddColumn("Regime");
        static string Cell(double? value, double? change) => value is null ? "none" : change is { } c ? $"{N(value)} ({Signed(c)})" : N(value);
        foreach (var row in a.Rows)
        {
            var p = row.Point;
            var d = row.DayOverDay;
            t.AddRow(
                UsEastern.ToEastern(p.Instant).ToString("yyyy-MM-dd HH:mm", Inv),
                Cell(p.Spot, d?.Spot),
                Cell(p.ZeroGamma, d?.ZeroGamma),
                Cell(p.CallWall, d?.CallWall),
                Cell(p.PutWall, d?.PutWall),
                N(p.AbsoluteGammaStrike),
                Fmt.Big(p.TotalGex) + (d is null ? "" : $" ({(d.TotalGex >= 0 ? "+" : "")}{Fmt.Big(d.TotalGex)})"),
                Markup.Escape(p.Regime));
        }
        c.Write(t);
        if (a.Trends.Count == 0)
        {
            c.MarkupLine("Trends: none (no zero-gamma run, wall move, regime change or gap between sessions).");
        }
        else
        {
            c.MarkupLine("[bold]Trends[/]");
            foreach (var tr in a.Trends) c.MarkupLine("  - " + Markup.Escape(tr.Description));
        }
    }

    private static JsonObject ToJson(HistoryView v)
    {
        var rows = new JsonArray();
        foreach (var row in v.Analysis.Rows)
        {
            var s = v.Stored(row);
            var d = row.DayOverDay;
            rows.Add(new JsonObject
            {
                ["id"] = s.Id,
                ["asOf"] = s.Instant.ToString("yyyy-MM-ddTHH:mm:sszzz", Inv),
                ["session"] = row.Point.Session.ToString("yyyy-MM-dd", Inv),
                ["sourceFile"] = s.SourceFile,
                ["sourceFormat"] = s.SourceFormat,
                ["spot"] = s.Spot,
                ["totalGex"] = s.TotalGex,
                ["regime"] = s.Regime,
                ["zeroGamma"] = s.ZeroGamma,
                ["zeroGammaCrossings"] = new JsonArray(s.ZeroGammaCrossings.Select(x => (JsonNode?)x).ToArray()),
                ["distanceToFlip"] = s.DistanceToFlip,
                ["callWall"] = s.CallWall,
                ["callWallGex"] = s.CallWallGex,
                ["putWall"] = s.PutWall,
                ["putWallGex"] = s.PutWallGex,
                ["absoluteGammaStrike"] = s.AbsoluteGammaStrike,
                ["gammaTilt"] = s.GammaTilt,
                ["deltaExposureShares"] = s.DeltaExposureShares,
                ["vannaExposureShares"] = s.VannaExposureShares,
                ["charmExposureShares"] = s.CharmExposureShares,
                ["impliedMove"] = s.ImpliedMove,
                ["filter"] = s.Filter,
                ["gapBefore"] = row.GapBefore?.Description,
                ["dayOverDay"] = d is null ? null : new JsonObject
                {
                    ["previousSession"] = d.PreviousSession.ToString("yyyy-MM-dd", Inv),
                    ["spot"] = d.Spot,
                    ["zeroGamma"] = d.ZeroGamma,
                    ["callWall"] = d.CallWall,
                    ["putWall"] = d.PutWall,
                    ["absoluteGammaStrike"] = d.AbsoluteGammaStrike,
                    ["totalGex"] = d.TotalGex,
                },
            });
        }
        var trends = new JsonArray(v.Analysis.Trends.Select(t => (JsonNode?)new JsonObject
        {
            ["kind"] = t.Kind.ToString(),
            ["from"] = t.From.ToString("yyyy-MM-dd", Inv),
            ["to"] = t.To.ToString("yyyy-MM-dd", Inv),
            ["description"] = t.Description,
        }).ToArray());
        return new JsonObject
        {
            ["schema"] = Schema,
            ["underlying"] = v.Underlying,
            ["method"] = v.Method,
            ["positioning"] = v.Positioning,
            ["positioningDescription"] = v.PositioningDescription,
            ["unit"] = GexUnits.Code(v.Unit),
            ["unitLabel"] = GexUnits.Label(v.Unit),
            ["filter"] = v.Filter,
            ["store"] = v.Store,
            ["sessions"] = v.Analysis.Sessions.Count,
            ["rows"] = rows,
            ["trends"] = trends,
        };
    }

    /// <summary>Two sections: the rows (with day-over-day changes) and the trends; the unit and model are stated in a comment line.</summary>
    internal static string Csv(HistoryView v)
    {
        var sb = new StringBuilder();
        sb.AppendLine(Inv, $"# history of {v.Underlying}: method {v.Method}, positioning {v.Positioning}, GEX in {GexUnits.Code(v.Unit)}, {v.Filter}; levels in price units; d_ = change against the previous session's last snapshot");
        sb.AppendLine("asOf,session,sourceFile,spot,d_spot,zeroGamma,d_zeroGamma,zeroGammaCrossings,callWall,d_callWall,putWall,d_putWall,absoluteGammaStrike,d_absoluteGammaStrike,totalGex,d_totalGex,regime,gammaTilt,impliedMove");
        foreach (var row in v.Analysis.Rows)
        {
            var s = v.Stored(row);
            var d = row.DayOverDay;
            string R(double? x) => x is { } y ? y.ToString("R", Inv) : "";
            sb.AppendJoin(',',
                s.Instant.ToString("yyyy-MM-ddTHH:mm:sszzz", Inv), row.Point.Session.ToString("yyyy-MM-dd", Inv), LevelsCommand.Quote(s.SourceFile),
                R(s.Spot), R(d?.Spot), R(s.ZeroGamma), R(d?.ZeroGamma), LevelsCommand.Quote(string.Join(' ', s.ZeroGammaCrossings.Select(x => x.ToString("0.00", Inv)))),
                R(s.CallWall), R(d?.CallWall), R(s.PutWall), R(d?.PutWall), R(s.AbsoluteGammaStrike), R(d?.AbsoluteGammaStrike),
                R(s.TotalGex), R(d?.TotalGex), LevelsCommand.Quote(s.Regime), R(s.GammaTilt), R(s.ImpliedMove));
            sb.AppendLine();
        }
        sb.AppendLine();
        sb.AppendLine("# trends");
        sb.AppendLine("kind,from,to,description");
        foreach (var t in v.Analysis.Trends)
            sb.AppendLine(Inv, $"{t.Kind},{t.From:yyyy-MM-dd},{t.To:yyyy-MM-dd},{LevelsCommand.Quote(t.Description)}");
        return sb.ToString();
    }
}
