namespace DealerFlow.Cli.Commands;

/// <summary><c>dealerflow bands FILE --tolerance X</c>: re-hedge bands, the hedging-frequency table and wall strength.</summary>
internal static class BandsCommand
{
    public const string Schema = "dealerflow.bands/1";

    private static readonly Choice<ToleranceKind> UnitChoice = new("--tolerance-unit",
        new("usd", ToleranceKind.Notional, "$ of delta notional", "$", "notional"), new("shares", ToleranceKind.Shares),
        new("delta", ToleranceKind.DeltaPerContract, "delta per contract held, e.g. 0.05", "delta-per-contract"));

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = HedgingCli.FileArgument();
        var tolerance = new Option<double>("--tolerance") { Description = "Re-hedge tolerance: desks trade when |net delta| exceeds it (unit: --tolerance-unit).", Required = true };
        var unit = new Option<string>(UnitChoice.Option) { Description = $"{UnitChoice.List(", or ")}.", DefaultValueFactory = _ => "usd" };
        var contractDelta = new Option<double?>("--contract-delta") { Description = "Delta-per-contract tolerance of the hedging-frequency table (default: --tolerance when its unit is delta, else 0.05)." };
        var window = new Option<double?>("--window") { Description = "Half-width of the window around each wall for wall strength, price units (default 0.5% of spot)." };
        var sliceRange = new Option<double>("--slice-range") { Description = "Slices (strike x expiry) listed within this fraction of spot.", DefaultValueFactory = _ => 0.03 };
        var o = HedgingCli.Options();
        var command = new Command("bands", "Re-hedge bands: the spot move that triggers a re-hedge (tolerance / |gamma|) for the book, each expiry and each strike x expiry; the hedging-frequency table by moneyness and DTE; wall strength (hedging volume per point near each wall) and its decay toward expiry.");
        command.Arguments.Add(file);
        foreach (var opt in new Option[] { tolerance, unit, contractDelta, window, sliceRange }) command.Options.Add(opt);
        o.AddTo(command);
        command.SetAction(r =>
        {
            var format = HedgingCli.Format(o, r);
            var tolValue = HedgingCli.Positive(r.GetValue(tolerance), "--tolerance");
            var kind = UnitChoice.Parse(r.GetValue(unit)!);
            var perContract = r.GetValue(contractDelta) is { } cd ? HedgingCli.Positive(cd, "--contract-delta") : kind == ToleranceKind.DeltaPerContract ? tolValue : 0.05;
            var range = r.GetValue(sliceRange);
            if (!(range is > 0 and < 1)) throw new UsageException($"--slice-range {range} must be a fraction between 0 and 1.");
            var h = HedgingCli.Load(r.GetValue(file)!, o, r);
            var l = h.Levels;
            var w = r.GetValue(window) is { } wv ? HedgingCli.Positive(wv, "--window") : l.Spot * 0.005;
            var report = RehedgeBands.Compute(h.Chain, new Tolerance(kind, tolValue), perContract, range, h.LevelsSettings.SearchRange);
            var walls = new List<WallStrength>();
            if (l.CallWall is { } cw) walls.Add(WallStrengthCalculator.Compute(h.Chain, "call wall", cw, w));
            if (l.PutWall is { } pw) walls.Add(WallStrengthCalculator.Compute(h.Chain, "put wall", pw, w));
            return HedgingCli.Write(stdout, format, Schema, h, "Re-hedge bands", json =>
            {
                json["units"] = new JsonObject
                {
                    ["gamma"] = "shares per $1 move (+ = dealers long gamma)",
                    ["toleranceShares"] = "shares",
                    ["triggerMove"] = "price units of the underlying",
                    ["rehedgesPerDay"] = "expected band exits per trading day: (S x IV / sqrt 252 / trigger)^2",
                    ["sharesPerPoint"] = "shares dealers trade per 1-point move across the window (+ = long gamma: they sell as price rises)",
                    ["dollarsPerPoint"] = "usd per 1-point move",
                };
                json["bands"] = Json.ToNode(report);
                json["wallWindow"] = w;
                json["wallStrength"] = Json.ToNode(walls);
            }, c =>
            {
                c.MarkupLine($"tolerance [bold]{Markup.Escape(report.Tolerance)}[/]; trigger move ~ tolerance / |gamma| (exact edges solve |D(S) - D(S0)| = tolerance)");
                var b = new Table().Border(TableBorder.Rounded).Title("Book and expiries (first 12)")
                    .AddColumn("Scope").AddColumn(new TableColumn("Gamma (shares per $1)").RightAligned()).AddColumn(new TableColumn("Tolerance (shares)").RightAligned())
                    .AddColumn(new TableColumn("~Trigger move (pts)").RightAligned()).AddColumn(new TableColumn("Up edge").RightAligned()).AddColumn(new TableColumn("Down edge").RightAligned());
                foreach (var x in report.Book.Take(13))
                    b.AddRow(Markup.Escape(x.Scope), Fmt.Big(x.Gamma), Fmt.Big(x.ToleranceShares), x.ApproxMove is { } m ? Fmt.Num(m, "#,0.###") : "n/a", Fmt.Price(x.UpTrigger), Fmt.Price(x.DownTrigger));
                c.Write(b);
                var s = new Table().Border(TableBorder.Simple).Title($"Slices (strike x expiry) within {range * 100:0.#}% of spot: the 15 with the most |gamma|")
                    .AddColumn("Expiry").AddColumn(new TableColumn("DTE").RightAligned()).AddColumn(new TableColumn("Strike").RightAligned()).AddColumn(new TableColumn("Contracts").RightAligned())
                    .AddColumn(new TableColumn("Gamma (sh/$1)").RightAligned()).AddColumn(new TableColumn("Trigger (pts)").RightAligned()).AddColumn(new TableColumn("Trigger %").RightAligned());
                foreach (var x in report.Slices.OrderByDescending(x => Math.Abs(x.Gamma)).Take(15))
                {
                    s.AddRow($"{x.Expiry:yyyy-MM-dd}", x.DaysToExpiry.ToString(System.Globalization.CultureInfo.InvariantCulture), Fmt.Price(x.Strike), Fmt.Big(x.Contracts), Fmt.Big(x.Gamma),
                        x.TriggerMove is { } tm ? Fmt.Num(tm, "#,0.###") : "n/a", x.TriggerMovePct is { } tp ? Fmt.Num(tp, "0.###") + "%" : "n/a");
                }
                c.Write(s);
                var f = new Table().Border(TableBorder.Simple).Title($"Hedging frequency: move (pts) that shifts one contract's delta by {perContract:0.###}, and re-hedges per trading day at the bucket's IV")
                    .AddColumn("K/F - 1");
                foreach (var d in report.DteBuckets) f.AddColumn(new TableColumn(Markup.Escape(d)).RightAligned());
                foreach (var m in report.MoneynessBuckets)
                {
                    var cells = report.Frequency.Where(x => x.Moneyness == m).Select(x => x.TriggerMove is { } tm ? $"{(tm >= 1e4 ? Fmt.Big(tm) : Fmt.Num(tm, "#,0.##"))} ({Fmt.Num(x.RehedgesPerDay ?? 0, "#,0.##")}/d)" : "-");
                    f.AddRow(new[] { Markup.Escape(m) }.Concat(cells).ToArray());
                }
                c.Write(f);
                foreach (var wall in walls)
                {
                    var wt = new Table().Border(TableBorder.Simple).Title($"{Markup.Escape(wall.Wall)} {Fmt.Price(wall.Strike)}: hedging volume per point within +/-{Fmt.Num(wall.Window)} (dominant expiry {wall.DominantExpiry:yyyy-MM-dd})")
                        .AddColumn("When").AddColumn(new TableColumn("Hours").RightAligned()).AddColumn(new TableColumn("Book sh/pt").RightAligned()).AddColumn(new TableColumn("Book $/pt").RightAligned())
                        .AddColumn(new TableColumn("Wall strike sh/pt").RightAligned()).AddColumn(new TableColumn("Wall $/pt").RightAligned()).AddColumn(new TableColumn("vs now").RightAligned());
                    foreach (var p in wall.Decay)
                    {
                        wt.AddRow(Markup.Escape(p.Label), Fmt.Num(p.HoursFromNow, "#,0.#"), Fmt.Big(p.BookSharesPerPoint), Fmt.Big(p.BookDollarsPerPoint), Fmt.Big(p.WallSharesPerPoint), Fmt.Big(p.WallDollarsPerPoint),
                            p.WallFractionOfNow is { } fr ? Fmt.Num(fr * 100, "0") + "%" : "n/a");
                    }
                    c.Write(wt);
                }
                c.MarkupLine("[grey]sh/pt: shares dealers trade per 1-point move across the window (+ = long gamma: they sell as price rises, the wall resists); $/pt = sh/pt x strike.[/]");
            });
        });
        return command;
    }
}
