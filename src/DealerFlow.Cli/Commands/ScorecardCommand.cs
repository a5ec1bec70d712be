using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using DealerFlow.Cli.Output;
using DealerFlow.Core.Calendar;
using DealerFlow.Core.Exposure;
using DealerFlow.Core.Scorecard;
using DealerFlow.Data.Readers;
using DealerFlow.Data.Store;

namespace DealerFlow.Cli.Commands;

/// <summary><c>dealerflow scorecard SYMBOL --prices FILE</c>: do the stored levels hold against what the market did next?</summary>
internal static class ScorecardCommand
{
    public const string Schema = "dealerflow.scorecard/1";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var symbol = new Argument<string>("SYMBOL") { Description = "Underlying, e.g. SPX." };
        var db = IngestCommand.DbOption();
        var prices = new Option<string>("--prices") { Description = "Daily OHLC CSV of the underlying (Date,Open,High,Low,Close or date,o,h,l,c; Yahoo and Stooq exports as they are).", Required = true };
        var from = new Option<string?>("--from") { Description = "First session (yyyy-MM-dd)." };
        var to = new Option<string?>("--to") { Description = "Last session (yyyy-MM-dd, inclusive)." };
        var model = new Option<string>("--model") { Description = "Which stored positioning: classic, short-all, or a stored name.", DefaultValueFactory = _ => "classic" };
        var format = new Option<string>("--format", "-f") { Description = "Output: table, json or csv.", DefaultValueFactory = _ => "table" };
        var command = new Command("scorecard", "Score each stored session (its last snapshot, sessions by the NYSE calendar) against the next session(s) of a daily price file: wall hold rates, realised vol by regime, GEX vs next-day variance raw and given ATM IV, each with n and a 95 % bootstrap interval.");
        command.Arguments.Add(symbol);
        foreach (var opt in new Option[] { db, prices, from, to, model, format }) command.Options.Add(opt);
        command.SetAction(r =>
        {
            var fmt = r.GetValue(format)!.ToLowerInvariant();
            if (fmt is not ("table" or "json" or "csv")) throw new UsageException($"--format '{fmt}' is not one of table, json, csv.");
            var positioning = Positioning.TryParseModel(r.GetValue(model)!, out var pm) ? Positioning.ModelCode(pm) : r.GetValue(model)!;
            var fromDate = Date(r.GetValue(from), "--from");
            var toDate = Date(r.GetValue(to), "--to");
            if (fromDate > toDate) throw new UsageException("--from is after --to.");
            var underlying = r.GetValue(symbol)!.Trim().ToUpperInvariant();

            PriceReadResult bars;
            try { bars = PriceReader.Read(r.GetValue(prices)!); }
            catch (PriceReadException e) { throw new InputException(e.Message); }
            foreach (var p in bars.Problems) stderr.WriteLine($"dealerflow: warning: {bars.Source} {p}");

            using var store = IngestCommand.OpenStore(r.GetValue(db));
            HistoryCommand.RequireSymbol(store, underlying);
            IReadOnlyList<StoredSnapshot> rows;
            var query = new SnapshotQuery(underlying) { Method = "dealerflow", Positioning = positioning, Unit = "usd-per-1pct", Filter = "all expiries" };
            try { rows = store.Query(query); }
            catch (StoreException e) { throw new InputException(e.Message); }
            // One session per exchange session: its last snapshot (the latest ingested when an instant was stored twice).
            var sessions = rows
                .GroupBy(s => TradingCalendar.SessionOf(s.Instant))
                .Where(g => (fromDate is null || g.Key >= fromDate) && (toDate is null || g.Key <= toDate))
                .Select(g => (Session: g.Key, Snap: g.OrderBy(s => s.Instant).ThenBy(s => s.Id).Last()))
                .OrderBy(x => x.Session)
                .ToList();
            if (sessions.Count == 0)
                throw new InputException($"no stored snapshot of {underlying} (dealerflow, {positioning}, usd-per-1pct, all expiries) in the range in {store.Description}; ingest chains first with 'dealerflow ingest PATH'.");
            var input = sessions.Select(x => new ScoredSession
            {
                Session = x.Session,
                Spot = x.Snap.Spot,
                ZeroGamma = x.Snap.ZeroGamma,
                CallWall = x.Snap.CallWall,
                PutWall = x.Snap.PutWall,
                TotalGex = x.Snap.TotalGex,
                AtmIv = x.Snap.AtmIv,
            }).ToList();
            var result = Scorecard.Score(input, bars.Bars);
            var view = new View(underlying, sessions[0].Snap.Positioning, sessions[0].Snap.PositioningDescription, bars.Source, sessions[0].Session, sessions[^1].Session, result);
            switch (fmt)
            {
                case "json": stdout.WriteLine(Json.Write(ToJson(view))); break;
                case "csv": stdout.Write(Csv(view)); break;
                default: stdout.Write(Table(view)); break;
            }
            return Cli.Ok;
        });
        return command;
    }

    private sealed record View(string Underlying, string Positioning, string PositioningDescription, string Prices, DateOnly From, DateOnly To, ScorecardResult R);

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
        yield return ("incremental.spearmanGexNextVariance", r.SpearmanGexNextVariance);
        yield return ("incremental.partialSpearmanGivenAtmIv", r.PartialSpearmanGivenAtmIv);
    }

    private static IEnumerable<(string Name, RegimeStats G)> Regimes(ScorecardResult r) =>
        [("aboveFlip", r.AboveFlip), ("belowFlip", r.BelowFlip), ("positiveGex", r.PositiveGex), ("negativeGex", r.NegativeGex)];

    private static string F(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0.000", Inv);

    private static string Table(View v)
    {
        var r = v.R;
        var sb = new StringBuilder();
        sb.AppendLine(Inv, $"{v.Underlying} scorecard: {r.Sessions} stored session(s) {v.From:yyyy-MM-dd} to {v.To:yyyy-MM-dd}, {r.Scored} scored against {v.Prices}, {r.WithoutPrices} without the next session's prices");
        sb.AppendLine(Inv, $"positioning {v.Positioning}: {v.PositioningDescription} | 95 % bootstrap intervals over sessions, {r.Resamples} resamples, seed {r.Seed} (moving blocks of 5 for next5DayVol)");
        sb.AppendLine(Inv, $"regime sessions: above flip {r.AboveFlip.Sessions}, below flip {r.BelowFlip.Sessions}, no flip {r.WithoutFlip}; positive GEX {r.PositiveGex.Sessions}, negative GEX {r.NegativeGex.Sessions}");
        sb.AppendLine(Inv, $"{"figure",-42} {"value",8} {"n",5}  95 % interval");
        foreach (var (name, e) in Figures(r))
            sb.AppendLine(Inv, $"{name,-42} {F(e.Value),8} {e.N,5}  [{F(e.Low)}, {F(e.High)}]");
        sb.AppendLine("rates are shares of sessions (0-1); vols annualised decimals; an interval that contains another figure's value cannot be told apart from it.");
        return sb.ToString();
    }

    private static JsonObject E(Estimate e) => new()
    {
        ["value"] = double.IsNaN(e.Value) ? null : e.Value,
        ["n"] = e.N,
        ["ci95"] = double.IsNaN(e.Low) ? null : new JsonArray(e.Low, e.High),
    };

    private static JsonObject ToJson(View v)
    {
        var r = v.R;
        var regimes = new JsonObject();
        foreach (var (name, g) in Regimes(r))
        {
            regimes[name] = new JsonObject
            {
                ["sessions"] = g.Sessions,
                ["nextDayVol"] = E(g.NextDayVol),
                ["nextDayParkinsonVol"] = E(g.NextDayParkinsonVol),
                ["next5DayVol"] = E(g.Next5DayVol),
            };
        }
        regimes["withoutFlip"] = r.WithoutFlip;
        return new JsonObject
        {
            ["schema"] = Schema,
            ["underlying"] = v.Underlying,
            ["positioning"] = v.Positioning,
            ["positioningDescription"] = v.PositioningDescription,
            ["prices"] = v.Prices,
            ["from"] = v.From.ToString("yyyy-MM-dd", Inv),
            ["to"] = v.To.ToString("yyyy-MM-dd", Inv),
            ["sessions"] = r.Sessions,
            ["scored"] = r.Scored,
            ["withoutPrices"] = r.WithoutPrices,
            ["bootstrap"] = new JsonObject { ["seed"] = r.Seed, ["resamples"] = r.Resamples, ["confidence"] = 0.95, ["blockLengthForOverlappingWindows"] = 5 },
            ["callWall"] = new JsonObject { ["highHeldRate"] = E(r.CallWallHighHeldRate), ["closeHeldRate"] = E(r.CallWallCloseHeldRate) },
            ["putWall"] = new JsonObject { ["lowHeldRate"] = E(r.PutWallLowHeldRate), ["closeHeldRate"] = E(r.PutWallCloseHeldRate) },
            ["regimes"] = regimes,
            ["incremental"] = new JsonObject { ["spearmanGexNextVariance"] = E(r.SpearmanGexNextVariance), ["partialSpearmanGivenAtmIv"] = E(r.PartialSpearmanGivenAtmIv) },
        };
    }

    private static string Csv(View v)
    {
        var sb = new StringBuilder();
        sb.AppendLine(Inv, $"# scorecard of {v.Underlying}: positioning {v.Positioning}, sessions {v.From:yyyy-MM-dd} to {v.To:yyyy-MM-dd}, {v.R.Scored} scored, prices {v.Prices}, bootstrap seed {v.R.Seed}, {v.R.Resamples} resamples");
        sb.AppendLine("figure,value,n,ci95Low,ci95High");
        string R(double x) => double.IsNaN(x) ? "" : x.ToString("R", Inv);
        foreach (var (name, e) in Figures(v.R)) sb.AppendLine(Inv, $"{name},{R(e.Value)},{e.N},{R(e.Low)},{R(e.High)}");
        return sb.ToString();
    }
}
