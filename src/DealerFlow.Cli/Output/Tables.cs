using DealerFlow.Cli.Commands;
using DealerFlow.Core.Pricing;

namespace DealerFlow.Cli.Output;

/// <summary>Human-readable tables (Spectre.Console). Every exposure states its unit and positioning model.</summary>
internal static class Tables
{
    private const int ProblemsShown = 10;

    public static IAnsiConsole Console(TextWriter writer)
    {
        var redirected = !ReferenceEquals(writer, System.Console.Out) || System.Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        });
        if (redirected) console.Profile.Width = 120;
        return console;
    }

    private static void Header(IAnsiConsole c, AnalysedFile f)
    {
        var l = f.Analysis.Levels;
        c.MarkupLine($"[bold]{Markup.Escape(l.Underlying)}[/]  spot [bold]{Fmt.Price(l.Spot)}[/]  as of {l.AsOf.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture)}  ({Markup.Escape(Path.GetFileName(f.File))}, {Json.FormatCode(f.Input.Format)})");
        c.MarkupLine($"method [bold]{l.Method}[/] | positioning [bold]{Markup.Escape(l.Positioning)}[/]: {Markup.Escape(l.PositioningDescription)} | unit [bold]{Markup.Escape(l.UnitLabel)}[/] | {Markup.Escape(l.Filter)}");
        c.MarkupLine($"[grey]forwards: {Markup.Escape(l.Forwards)}; IV: {Markup.Escape(l.IvSource)}; r = {l.Rate.ToString("0.####", CultureInfo.InvariantCulture)}[/]");
    }

    public static void Levels(IAnsiConsole c, AnalysedFile f)
    {
        var l = f.Analysis.Levels;
        Header(c, f);
        if (l.QuoteSync is { Unexplained: true } q)
            c.MarkupLine($"[yellow]warning:[/] spot and option quotes disagree by {Fmt.Num(q.BasisBp, "+0.0;-0.0")} bp (quotes imply {Fmt.Price(q.ImpliedSpot)}), unexplained by carry or dividends; {(q.Action == QuoteSyncAction.Reanchored ? "levels re-anchored at the file's spot (--quote-sync as-quoted to keep the basis)" : "kept as quoted (--quote-sync as-quoted)")}");
        if (l.Data.OneSided is { } side)
            c.MarkupLine($"[yellow]warning:[/] {side}: {(l.Data.CallsUsed == 0 ? "no call" : "no put")} contract among the {l.Data.ContractsUsed} used, so there is no {(l.Data.CallsUsed == 0 ? "call" : "put")} wall and no gamma tilt, and total GEX, regime and flip are the {(l.Data.CallsUsed == 0 ? "put" : "call")} side's alone");
        var t = new Table().Border(TableBorder.Rounded).AddColumn("Level").AddColumn(new TableColumn("Value").RightAligned()).AddColumn("Detail");
        t.AddRow("Total GEX at spot", Fmt.Amount(l.TotalGex), (l.Regime is GammaRegime.LongGamma or GammaRegime.ShortGamma ? "dealers " : "") + $"{l.Regime.Label()}: {l.Regime.Effect()}");
        var crossings = l.ZeroGammaCrossings.Count == 0
            ? $"no crossing in {Fmt.Price(l.SearchLow)}..{Fmt.Price(l.SearchHigh)}"
            : $"{l.ZeroGammaCrossings.Count} crossing(s): {string.Join(", ", l.ZeroGammaCrossings.Select(x => Fmt.Price(x)))}";
        t.AddRow("Zero gamma (flip)", Fmt.Price(l.ZeroGamma), Markup.Escape(crossings));
        if (l.DistanceToFlip is { } d)
            t.AddRow("Distance to flip", $"{Fmt.Num(d, "+#,0.00;-#,0.00")} ({Fmt.Pct(l.DistanceToFlipPct)})", d >= 0 ? "spot above the flip" : "spot below the flip");
        t.AddRow("Call wall", Fmt.Price(l.CallWall), Markup.Escape(Fmt.Amount(l.CallWallGex) + "; " + l.WallDefinition));
        t.AddRow("Put wall", Fmt.Price(l.PutWall), Markup.Escape(Fmt.Amount(l.PutWallGex)));
        t.AddRow("Absolute gamma strike", Fmt.Price(l.AbsoluteGammaStrike), Markup.Escape(Fmt.Amount(l.AbsoluteGammaStrikeGex) + " (calls and puts not netted)"));
        t.AddRow("Gamma tilt", l.GammaTilt is { } g ? Fmt.Num(g, "0.000") : "n/a", "call gamma / put gamma (unsigned)");
        if (l.DeltaExposure is { } dex)
            t.AddRow("Dealer delta (DEX)", Fmt.Amount(dex), Markup.Escape(Fmt.Amount(l.DeltaExposureDollars)));
        if (l.VannaExposure is { } vx)
            t.AddRow("Vanna exposure", Fmt.Amount(vx), Markup.Escape(Fmt.Amount(l.VannaExposureDollars) + "; dealer delta change per +1 vol point"));
        if (l.CharmExposure is { } cx)
            t.AddRow("Charm exposure", Fmt.Amount(cx), Markup.Escape(Fmt.Amount(l.CharmExposureDollars) + "; dealer delta change per day passing"));
        t.AddRow("Implied 1-day move", l.ImpliedMove is { } m ? "+/-" + Fmt.Num(m) : "n/a",
            l.AtmIv is { } iv ? $"{Fmt.Num(l.ImpliedMovePct ?? 0)}%; ATM IV {Fmt.Num(iv * 100, "0.00")}% ({l.ImpliedMoveExpiry:yyyy-MM-dd}, the first PM expiry covering a full session) x spot / sqrt 252" : "no PM-settled expiry covers a full session");
        c.Write(t);

        var top = new Table().Border(TableBorder.Simple).Title($"Top {l.TopStrikes.Count} strikes by |net GEX| ({Markup.Escape(l.UnitLabel)}, {Markup.Escape(l.Positioning)})")
            .AddColumn(new TableColumn("Strike").RightAligned()).AddColumn(new TableColumn("Calls").RightAligned())
            .AddColumn(new TableColumn("Puts").RightAligned()).AddColumn(new TableColumn("Net").RightAligned());
        foreach (var s in l.TopStrikes) top.AddRow(Fmt.Price(s.Strike), Fmt.Big(s.Calls), Fmt.Big(s.Puts), Fmt.Big(s.Net));
        c.Write(top);

        if (l.VendorGamma is { } v)
        {
            var ratio = v.Ratio is { } r ? Fmt.Num(r, "0.00") + "x" : "n/a";
            c.MarkupLine($"{(v.Flagged ? "[yellow]Vendor gamma check: GAP[/]" : "Vendor gamma check: ok")}  with vendor gamma {Markup.Escape(Fmt.Amount(v.WithVendorGamma))}, recomputed {Markup.Escape(Fmt.Amount(v.Recomputed))} (recomputed/vendor {ratio}, {v.Contracts} contracts)");
            if (v.Flagged)
            {
                c.MarkupLine($"  {Markup.Escape(v.Explanation)}");
                foreach (var gap in v.LargestGaps)
                    c.MarkupLine($"  {gap.Expiry:yyyy-MM-dd} {gap.Settlement} ({gap.DaysToExpiry} DTE): vendor {Fmt.Big(gap.WithVendorGamma)}, recomputed {Fmt.Big(gap.Recomputed)}");
            }
        }
        Data(c, f);
        c.WriteLine();
    }

    public static void Data(IAnsiConsole c, AnalysedFile f)
    {
        var l = f.Analysis.Levels;
        var d = l.Data;
        var excluded = d.Excluded.Count == 0 ? "none" : string.Join(", ", d.Excluded.Select(kv => $"{kv.Key} {kv.Value}"));
        c.MarkupLine($"[grey]data: {f.Input.RowsRead} rows read, {f.Input.ContractsRead} contracts read, {f.Input.ContractsSkipped} unparsable; {d.ContractsUsed} used; excluded: {Markup.Escape(excluded)}; IV from vendor {d.IvFromVendor}, solved from mid {d.IvSolvedFromMid}; {d.ExpiriesUsed} expiries, {d.ExpiriesWithParityForward} with parity forwards[/]");
        foreach (var p in f.Input.Problems.Take(ProblemsShown))
            c.MarkupLine($"[yellow]  line {p.Line}, {Markup.Escape(p.Field)}: {Markup.Escape(p.Reason)}{(p.Skipped ? " (skipped)" : "")}[/]");
        if (f.Input.Problems.Count > ProblemsShown)
            c.MarkupLine($"[yellow]  ... and {f.Input.Problems.Count - ProblemsShown} more problems (see --format json)[/]");
    }

    public static void Profile(IAnsiConsole c, AnalysedFile f)
    {
        var l = f.Analysis.Levels;
        var x = f.Analysis.Exposure;
        Header(c, f);
        var unit = Markup.Escape(x.UnitLabel);
        var p = new Table().Border(TableBorder.Simple).Title($"Gamma profile: dealer GEX vs hypothetical spot ({unit}, {Markup.Escape(l.Positioning)})")
            .AddColumn(new TableColumn("Spot").RightAligned()).AddColumn(new TableColumn("vs spot").RightAligned())
            .AddColumn(new TableColumn("GEX all expiries").RightAligned()).AddColumn(new TableColumn("GEX ex-next-expiry").RightAligned());
        // At most ~41 rows on screen: every k-th point, plus the points around spot.
        var step = Math.Max(1, x.Profile.Count / 40);
        for (var i = 0; i < x.Profile.Count; i += step)
        {
            var pt = x.Profile[i];
            p.AddRow(Fmt.Price(pt.Spot), Fmt.Pct((pt.Spot / l.Spot - 1) * 100), Fmt.Big(pt.Gex), Fmt.Big(pt.GexExNextExpiry));
        }
        c.Write(p);
        c.MarkupLine($"zero gamma: {Fmt.Price(l.ZeroGamma)}; crossings: {(l.ZeroGammaCrossings.Count == 0 ? "none" : string.Join(", ", l.ZeroGammaCrossings.Select(v => Fmt.Price(v))))}");

        var e = new Table().Border(TableBorder.Simple).Title($"Exposure by expiry at spot ({unit}, {Markup.Escape(l.Positioning)})")
            .AddColumn("Expiry").AddColumn("Settle").AddColumn(new TableColumn("DTE").RightAligned()).AddColumn(new TableColumn("Forward").RightAligned())
            .AddColumn(new TableColumn("Calls").RightAligned()).AddColumn(new TableColumn("Puts").RightAligned()).AddColumn(new TableColumn("Net").RightAligned());
        foreach (var r in x.ByExpiry)
        {
            e.AddRow(r.Expiry.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.Settlement, r.DaysToExpiry.ToString(CultureInfo.InvariantCulture),
                Fmt.Price(r.Forward) + (r.ForwardFromParity ? "" : "*"), Fmt.Big(r.Calls), Fmt.Big(r.Puts), Fmt.Big(r.Net));
        }

        c.Write(e);
        c.MarkupLine("[grey]* forward from flat r/q (no usable put-call pair)[/]");

        var s = new Table().Border(TableBorder.Simple).Title($"Exposure by strike at spot, strikes within the search range ({unit}, {Markup.Escape(l.Positioning)})")
            .AddColumn(new TableColumn("Strike").RightAligned()).AddColumn(new TableColumn("Calls").RightAligned())
            .AddColumn(new TableColumn("Puts").RightAligned()).AddColumn(new TableColumn("Net").RightAligned()).AddColumn(new TableColumn("Absolute").RightAligned());
        foreach (var r in x.ByStrike.Where(r => r.Strike >= l.SearchLow && r.Strike <= l.SearchHigh && r.Absolute > 0))
            s.AddRow(Fmt.Price(r.Strike), Fmt.Big(r.Calls), Fmt.Big(r.Puts), Fmt.Big(r.Net), Fmt.Big(r.Absolute));
        c.Write(s);
        Data(c, f);
    }
}
