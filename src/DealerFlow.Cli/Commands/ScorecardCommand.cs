using DealerFlow.Core.Calendar;
using DealerFlow.Core.Scorecard;
using DealerFlow.Core.Statistics;
using DealerFlow.Data.Store;
using DealerFlow.Web.Api;

namespace DealerFlow.Cli.Commands;

/// <summary><c>dealerflow scorecard SYMBOL --prices FILE</c>: do the stored levels hold against what the market did next?</summary>
internal static class ScorecardCommand
{
    public const string Schema = ScorecardReport.SchemaName;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public const string CompareSchema = "dealerflow.scorecard-compare/1";

    /// <summary>The positioning named in the output of a published series (its publisher's convention, not one of ours).</summary>
    private const string SeriesPositioning = "published";

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var symbol = new Argument<string>("SYMBOL") { Description = "Underlying, e.g. SPX." };
        var db = IngestCommand.DbOption();
        var prices = new Option<string?>("--prices") { Description = "Daily OHLC CSV of the underlying (Date,Open,High,Low,Close or date,o,h,l,c; Yahoo and Stooq exports as they are). Required unless --gex-series is given." };
        var from = new Option<string?>("--from") { Description = "First session (yyyy-MM-dd)." };
        var to = new Option<string?>("--to") { Description = "Last session (yyyy-MM-dd, inclusive)." };
        var model = new Option<string>("--model") { Description = "Which stored positioning: classic, short-all, or a stored name.", DefaultValueFactory = _ => "classic" };
        var compare = new Option<string?>("--compare-models") { Description = "Score several stored positionings side by side, comma-separated (e.g. classic,short-all); replaces --model." };
        var vix = new Option<string?>("--vix") { Description = "Daily VIX CSV (the same formats as --prices): adds the partial correlation given the VIX close." };
        var gexSeries = new Option<string?>("--gex-series") { Description = "Score a published daily GEX series instead of the store: SqueezeMetrics DIX.csv (date,price,dix,gex; regime = sign of gex). Without --prices its price column gives the closes." };
        var chart = new Option<string?>("--chart") { Description = "Also write the hold rates and the vol by regime as bar charts with 95 % interval whiskers: out.png or out.svg (the extension decides)." };
        var format = FormatOption.Create("table", "json", "csv");
        var command = new Command("scorecard", "Score each stored session (its last snapshot, sessions by the NYSE calendar) against the next session(s) of a daily price file: wall hold rates, realised vol by regime, returns after wall breaches, pinning into monthly expiry, GEX vs next-day variance raw and given ATM IV (and VIX), and the articles' strategies as stated rules, each with n and a 95 % bootstrap interval.");
        command.Arguments.Add(symbol);
        foreach (var opt in new Option[] { db, prices, from, to, model, compare, vix, gexSeries, format, chart }) command.Options.Add(opt);
        command.SetAction(r =>
        {
            var fmt = FormatOption.Get(r, format, "table", "json", "csv");
            var fromDate = Date(r.GetValue(from), "--from");
            var toDate = Date(r.GetValue(to), "--to");
            if (fromDate > toDate) throw new UsageException("--from is after --to.");
            var underlying = r.GetValue(symbol)!.Trim().ToUpperInvariant();
            var seriesPath = r.GetValue(gexSeries);
            var pricesPath = r.GetValue(prices);
            var compareText = r.GetValue(compare);
            if (pricesPath is null && seriesPath is null) throw new UsageException("--prices is required (a daily OHLC CSV), unless --gex-series is given.");
            if (seriesPath is not null && compareText is not null) throw new UsageException("--compare-models scores stored positionings; it does not apply to --gex-series.");
            var chartPath = r.GetValue(chart);
            if (chartPath is not null) ChartFile.FormatOf(chartPath);
            if (chartPath is not null && compareText is not null) throw new UsageException("--chart draws one positioning model; use --model with --chart (the comparison is in the table, JSON and CSV).");

            var vixBars = r.GetValue(vix) is { } vixPath ? ReadPrices(vixPath, stderr).Bars : null;
            var bars = pricesPath is null ? null : ReadPrices(pricesPath, stderr);
            List<View> views;
            if (seriesPath is not null)
            {
                views = [FromSeries(underlying, seriesPath, bars, vixBars, fromDate, toDate, stderr)];
            }
            else
            {
                var models = compareText is null ? [r.GetValue(model)!] : compareText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                if (models.Length == 0) throw new UsageException("--compare-models names no model (e.g. classic,short-all).");
                using var store = IngestCommand.OpenStore(r.GetValue(db));
                HistoryCommand.RequireSymbol(store, underlying);
                views = [.. models.Select(m => FromStore(store, underlying, m, bars!, vixBars, fromDate, toDate))];
            }

            if (compareText is null)
            {
                var view = views[0];
                if (chartPath is not null)
                {
                    var title = ChartTitle(view);
                    ChartFile.Write(chartPath, () => ScorecardChart.Svg(view.R, title), path => ScorecardChart.SavePng(view.R, title, path));
                }
                switch (fmt)
                {
                    case "json": stdout.WriteLine(Json.Write(ToJson(view))); break;
                    case "csv": stdout.Write(Csv(view)); break;
                    default: stdout.Write(Table(view)); break;
                }
            }
            else
            {
                switch (fmt)
                {
                    case "json": stdout.WriteLine(Json.Write(CompareJson(views))); break;
                    case "csv": stdout.Write(CompareCsv(views)); break;
                    default: stdout.Write(CompareTable(views)); break;
                }
            }
            return Cli.Ok;
        });
        return command;
    }

    private static PriceReadResult ReadPrices(string path, TextWriter stderr)
    {
        PriceReadResult bars;
        try { bars = PriceReader.Read(path); }
        catch (PriceReadException e) { throw new InputException(e.Message); }
        foreach (var p in bars.Problems) stderr.WriteLine($"dealerflow: warning: {bars.Source} {p}");
        return bars;
    }

    private static bool InRange(DateOnly d, DateOnly? from, DateOnly? to) => (from is null || d >= from) && (to is null || d <= to);

    private static View FromStore(ISnapshotStore store, string underlying, string modelText, PriceReadResult bars, IReadOnlyList<DailyBar>? vix, DateOnly? fromDate, DateOnly? toDate)
    {
        ScorecardSessions? stored;
        string? why;
        try { stored = ScorecardSessions.Load(store, underlying, modelText, fromDate, toDate, out why); }
        catch (StoreException e) { throw new InputException(e.Message); }
        if (stored is null) throw new InputException(why!);
        var result = Scorecard.Score(stored.Sessions, bars.Bars, vix: vix);
        return new View(underlying, stored.Positioning, stored.PositioningDescription, ScorecardReport.StoredGexUnit, bars.Source, stored.Sessions[0].Session, stored.Sessions[^1].Session, result);
    }

    private static View FromSeries(string underlying, string path, PriceReadResult? bars, IReadOnlyList<DailyBar>? vix, DateOnly? fromDate, DateOnly? toDate, TextWriter stderr)
    {
        GexSeriesReadResult series;
        try { series = GexSeriesReader.Read(path); }
        catch (PriceReadException e) { throw new InputException(e.Message); }
        foreach (var p in series.Problems) stderr.WriteLine($"dealerflow: warning: {series.Source} {p}");
        var rows = series.Rows.Where(x => InRange(x.Date, fromDate, toDate)).ToList();
        if (rows.Count == 0) throw new InputException($"{series.Source} has no row in the range.");
        // A published series has no levels: only the GEX-sign regime figures (and the correlations) have sessions.
        var input = rows.Select(x => new ScoredSession { Session = x.Date, Spot = x.Price, TotalGex = x.Gex }).ToList();
        var prices = bars?.Bars ?? [.. series.Rows.Select(x => DailyBar.CloseOnly(x.Date, x.Price))];
        var pricesName = bars?.Source ?? $"{series.Source} (price column: closes only, no highs or lows)";
        var result = Scorecard.Score(input, prices, vix: vix);
        return new View(underlying, SeriesPositioning, $"published series {series.Source}: sign of its gex column (SqueezeMetrics convention, calls long and puts short)", "$ per 1-point move (the series' own unit)", pricesName, rows[0].Date, rows[^1].Date, result);
    }

    private static string ChartTitle(View v) =>
        string.Create(Inv, $"{v.Underlying} scorecard {v.From:yyyy-MM-dd} to {v.To:yyyy-MM-dd}, positioning {v.Positioning}");

    private sealed record View(string Underlying, string Positioning, string PositioningDescription, string GexUnit, string Prices, DateOnly From, DateOnly To, ScorecardResult R);

    private static DateOnly? Date(string? text, string option) =>
        text is null ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", Inv, DateTimeStyles.None, out var d) ? d
        : throw new UsageException($"{option} '{text}' is not a date (yyyy-MM-dd).");

    private static IEnumerable<(string Name, Estimate E)> Figures(ScorecardResult r)
    {
        yield return ("callWall.highHeldRate", r.CallWallHighHeldRate);
        yield return ("callWall.closeHeldRate", r.CallWallCloseHeldRate);
        yield return ("putWall.lowHeldRate", r.PutWallLowHeldRate);
        yield return ("putWall.closeHeldRate", r.PutWallCloseHeldRate);
        foreach (var (name, g) in Regimes(r))
        {
            yield return ($"regimes.{name}.nextDayVol", g.NextDayVol);
            yield return ($"regimes.{name}.nextDayParkinsonVol", g.NextDayParkinsonVol);
            yield return ($"regimes.{name}.next5DayVol", g.Next5DayVol);
        }
        foreach (var (name, h) in BreachSides(r))
        {
            yield return ($"breaches.{name}.next1Return", h.Next1);
            yield return ($"breaches.{name}.next5Return", h.Next5);
            yield return ($"breaches.{name}.next10Return", h.Next10);
        }
        yield return ("pinning.expiryDistancePct", r.Pinning.ExpiryDistancePct);
        yield return ("pinning.otherDistancePct", r.Pinning.OtherDistancePct);
        yield return ("pinning.differencePct", r.Pinning.DifferencePct);
        yield return ("incremental.spearmanGexNextVariance", r.SpearmanGexNextVariance);
        yield return ("incremental.partialSpearmanGivenAtmIv", r.PartialSpearmanGivenAtmIv);
        yield return ("incremental.partialSpearmanGivenVix", r.PartialSpearmanGivenVix);
        yield return ("incremental.partialSpearmanGivenAtmIvAndVix", r.PartialSpearmanGivenAtmIvAndVix);
        foreach (var st in r.Strategies)
        {
            yield return ($"strategies.{st.Name}.hitRate", st.HitRate);
            yield return ($"strategies.{st.Name}.meanOutcome", st.MeanOutcome);
            yield return ($"strategies.{st.Name}.baselineHitRate", st.BaselineHitRate);
            yield return ($"strategies.{st.Name}.baselineMeanOutcome", st.BaselineMeanOutcome);
        }
    }

    private static IEnumerable<(string Name, RegimeStats G)> Regimes(ScorecardResult r) =>
        [("aboveFlip", r.AboveFlip), ("belowFlip", r.BelowFlip), ("positiveGex", r.PositiveGex), ("negativeGex", r.NegativeGex)];

    private static IEnumerable<(string Name, HorizonReturns H)> BreachSides(ScorecardResult r) =>
        [("aboveCallWall", r.Breaches.AboveCallWall), ("belowPutWall", r.Breaches.BelowPutWall)];

    private static string F(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0.000", Inv);

    private static string Header(View v)
    {
        var r = v.R;
        var sb = new StringBuilder();
        sb.AppendLine(Inv, $"{v.Underlying} scorecard: {r.Sessions} {(v.Positioning == SeriesPositioning ? "published" : "stored")} session(s) {v.From:yyyy-MM-dd} to {v.To:yyyy-MM-dd}, {r.Scored} scored against {v.Prices}, {r.WithoutPrices} without the next session's prices");
        sb.AppendLine(Inv, $"positioning {v.Positioning}: {v.PositioningDescription}; GEX in {v.GexUnit} | 95 % bootstrap intervals over sessions, {r.Resamples} resamples, seed {r.Seed} (moving blocks of k for k-session windows)");
        sb.AppendLine(Inv, $"regime sessions: above flip {r.AboveFlip.Sessions}, below flip {r.BelowFlip.Sessions}, no flip {r.WithoutFlip}; positive GEX {r.PositiveGex.Sessions}, negative GEX {r.NegativeGex.Sessions}");
        return sb.ToString();
    }

    private static string Table(View v)
    {
        var r = v.R;
        var sb = new StringBuilder(Header(v));
        sb.AppendLine(Inv, $"{"figure",-52} {"value",8} {"n",5}  95 % interval");
        foreach (var (name, e) in Figures(r))
            sb.AppendLine(Inv, $"{name,-52} {F(e.Value),8} {e.N,5}  [{F(e.Low)}, {F(e.High)}]");
        sb.AppendLine("rates are shares of sessions (0-1); vols annualised decimals; returns log decimals; pinning distances % of spot.");
        sb.AppendLine("strategies (an evaluation of stated rules, not advice; baseline = the same outcome over every scored session):");
        foreach (var st in r.Strategies)
        {
            sb.AppendLine(Inv, $"  {st.Name}: {st.Rule}.");
            sb.AppendLine(Inv, $"    hit: {st.Hit}; outcome: {st.Outcome}. {(st.WithinNoise ? "Within noise: the outcome's interval contains its baseline (or 0), or there is no interval." : "Outside noise: the outcome's interval excludes its baseline.")}");
        }
        sb.AppendLine("an interval that contains another figure's value cannot be told apart from it.");
        return sb.ToString();
    }

    /// <summary>The document GET /api/{symbol}/scorecard also answers (one shape: <see cref="ScorecardReport"/>).</summary>
    private static JsonObject ToJson(View v) =>
        Json.ToNode(ScorecardReport.Of(v.Underlying, v.Positioning, v.PositioningDescription, v.GexUnit, v.Prices, v.From, v.To, v.R)).AsObject();

    private static string Csv(View v)
    {
        var sb = new StringBuilder();
        sb.AppendLine(Inv, $"# scorecard of {v.Underlying}: positioning {v.Positioning}, sessions {v.From:yyyy-MM-dd} to {v.To:yyyy-MM-dd}, {v.R.Scored} scored, prices {v.Prices}, bootstrap seed {v.R.Seed}, {v.R.Resamples} resamples");
        sb.AppendLine("figure,value,n,ci95Low,ci95High");
        foreach (var (name, e) in Figures(v.R)) sb.AppendLine(Inv, $"{name},{CsvCells(e)}");
        return sb.ToString();
    }

    private static string CsvCells(Estimate e)
    {
        static string R(double x) => double.IsNaN(x) ? "" : x.ToString("R", Inv);
        return string.Create(Inv, $"{R(e.Value)},{e.N},{R(e.Low)},{R(e.High)}");
    }

    private static string CompareTable(List<View> views)
    {
        var sb = new StringBuilder();
        foreach (var v in views) sb.Append(Header(v));
        sb.Append(Inv, $"{"figure",-52}");
        foreach (var v in views) sb.Append(Inv, $" | {v.Positioning,-30}");
        sb.AppendLine();
        var columns = views.Select(v => Figures(v.R).ToList()).ToList();
        for (var i = 0; i < columns[0].Count; i++)
        {
            sb.Append(Inv, $"{columns[0][i].Name,-52}");
            foreach (var c in columns)
            {
                var e = c[i].E;
                sb.Append(Inv, $" | {$"{F(e.Value)} n {e.N} [{F(e.Low)}, {F(e.High)}]",-30}");
            }
            sb.AppendLine();
        }
        sb.AppendLine("each column is one positioning model scored on the same sessions and prices; two values whose intervals overlap the other's value cannot be told apart.");
        return sb.ToString();
    }

    private static JsonObject CompareJson(List<View> views)
    {
        var models = new JsonArray();
        foreach (var v in views) models.Add(ToJson(v));
        return new JsonObject { ["schema"] = CompareSchema, ["underlying"] = views[0].Underlying, ["models"] = models };
    }

    private static string CompareCsv(List<View> views)
    {
        var sb = new StringBuilder();
        sb.AppendLine(Inv, $"# scorecard of {views[0].Underlying} by positioning model: {string.Join(", ", views.Select(v => v.Positioning))}; bootstrap seed {views[0].R.Seed}, {views[0].R.Resamples} resamples");
        sb.AppendLine("model,figure,value,n,ci95Low,ci95High");
        foreach (var v in views)
            foreach (var (name, e) in Figures(v.R)) sb.AppendLine(Inv, $"{v.Positioning},{name},{CsvCells(e)}");
        return sb.ToString();
    }
}
