using DealerFlow.Core.Scorecard;
using DealerFlow.Core.Statistics;
using ScottPlot;
using Color = ScottPlot.Color;

namespace DealerFlow.Cli.Output;

/// <summary>
/// The scorecard as two bar charts with 95 % interval whiskers (ScottPlot, the font of <see cref="Png"/>): the wall hold
/// rates (% of sessions) and the realised vol after each regime (% annualised). A figure with no value (n 0) has no bar
/// and its label says n/a; a figure without an interval has no whisker.
/// </summary>
internal static class ScorecardChart
{
    public const int PanelWidth = 700;
    public const int Height = 560;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly (string Name, string Color, Func<RegimeStats, Estimate> Pick)[] VolSeries =
    [
        ("next-day close-to-close vol", "#1f77b4", g => g.NextDayVol),
        ("next-day Parkinson (high-low) vol", "#ff7f0e", g => g.NextDayParkinsonVol),
        ("next-5-day close-to-close vol", "#2ca02c", g => g.Next5DayVol),
    ];

    public static void SavePng(ScorecardResult r, string title, string path)
    {
        var mp = new Multiplot();
        mp.RemovePlot(mp.GetPlot(0)); // a new Multiplot holds one empty plot
        mp.AddPlot(HoldRates(r, title));
        mp.AddPlot(Vols(r));
        mp.Layout = new ScottPlot.MultiplotLayouts.Columns();
        mp.SavePng(path, 2 * PanelWidth, Height);
    }

    /// <summary>Both panels side by side in one SVG document (each panel a nested svg element).</summary>
    public static string Svg(ScorecardResult r, string title)
    {
        static string Inner(Plot p) => p.GetSvgXml(PanelWidth, Height) is var s && s.StartsWith("<?xml", StringComparison.Ordinal) ? s[(s.IndexOf("?>", StringComparison.Ordinal) + 2)..] : p.GetSvgXml(PanelWidth, Height);
        var left = Inner(HoldRates(r, title));
        var right = Inner(Vols(r));
        var at = right.IndexOf("<svg", StringComparison.Ordinal);
        right = string.Concat(right.AsSpan(0, at + 4), string.Create(Inv, $" x=\"{PanelWidth}\""), right.AsSpan(at + 4));
        return string.Create(Inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{2 * PanelWidth}\" height=\"{Height}\" viewBox=\"0 0 {2 * PanelWidth} {Height}\">\n{left}\n{right}\n</svg>\n");
    }

    private static Plot NewPlot()
    {
        var p = new Plot();
        p.Font.Set(Png.Font);
        return p;
    }

    private static string Label(string name, Estimate e) => string.Create(Inv, $"{name.Replace(": ", "\n", StringComparison.Ordinal)}\n{(double.IsNaN(e.Value) ? "n/a" : (e.Value * 100).ToString("0.#", Inv) + " %")} (n {e.N})");

    private static Plot HoldRates(ScorecardResult r, string title)
    {
        var p = NewPlot();
        (string Name, Estimate E, string Color)[] rates =
        [
            ("call wall: high held", r.CallWallHighHeldRate, "#16a34a"),
            ("call wall: close held", r.CallWallCloseHeldRate, "#4ade80"),
            ("put wall: low held", r.PutWallLowHeldRate, "#dc2626"),
            ("put wall: close held", r.PutWallCloseHeldRate, "#f87171"),
        ];
        for (var i = 0; i < rates.Length; i++) AddBar(p, i, rates[i].E, rates[i].Color, null);
        p.Axes.Bottom.SetTicks([.. Enumerable.Range(0, rates.Length).Select(i => (double)i)], [.. rates.Select(x => Label(x.Name, x.E))]);
        p.Axes.SetLimits(-0.6, rates.Length - 0.4, 0, 105);
        p.Axes.Bottom.TickLabelStyle.FontSize = 12;
        p.Axes.Bottom.MinimumSize = 70;
        p.Title(title, size: 13);
        p.YLabel("next session held, % of scored sessions (95 % interval)");
        p.XLabel(string.Create(Inv, $"wall hold rates, {r.Scored} scored sessions"));
        return p;
    }

    private static Plot Vols(ScorecardResult r)
    {
        var p = NewPlot();
        (string Name, RegimeStats G)[] regimes = [("above flip", r.AboveFlip), ("below flip", r.BelowFlip), ("positive GEX", r.PositiveGex), ("negative GEX", r.NegativeGex)];
        const double width = 0.26;
        var top = 0.0;
        for (var s = 0; s < VolSeries.Length; s++)
        {
            var (name, color, pick) = VolSeries[s];
            for (var g = 0; g < regimes.Length; g++)
            {
                var e = pick(regimes[g].G);
                AddBar(p, g + (s - 1) * width, e, color, g == 0 ? name : null, width);
                top = Math.Max(top, double.IsNaN(e.High) ? (double.IsNaN(e.Value) ? 0 : e.Value) : e.High);
            }
        }
        p.Axes.Bottom.SetTicks([.. Enumerable.Range(0, regimes.Length).Select(i => (double)i)], [.. regimes.Select(x => string.Create(Inv, $"{x.Name}\n{x.G.Sessions} sessions"))]);
        p.Axes.SetLimits(-0.6, regimes.Length - 0.4, 0, Math.Max(top * 100 * 1.3, 1));
        p.Axes.Bottom.TickLabelStyle.FontSize = 12;
        p.Axes.Bottom.MinimumSize = 70;
        p.Title("Realised vol after each regime", size: 13);
        p.YLabel("realised vol, % annualised (95 % interval)");
        p.XLabel(string.Create(Inv, $"regime of the session (no flip: {r.WithoutFlip} sessions)"));
        p.ShowLegend(Alignment.UpperRight);
        return p;
    }

    /// <summary>One bar in % with its interval as a whisker; nothing for a figure with no value.</summary>
    private static void AddBar(Plot p, double x, Estimate e, string color, string? legend, double width = 0.7)
    {
        if (double.IsNaN(e.Value)) return;
        var bar = p.Add.Bar(new Bar { Position = x, Value = e.Value * 100, FillColor = Color.FromHex(color), Size = width });
        if (legend is not null) bar.LegendText = legend;
        if (double.IsNaN(e.Low) || double.IsNaN(e.High)) return;
        var whisker = p.Add.ErrorBar([x], [e.Value * 100], [(e.High - e.Value) * 100]);
        whisker.YErrorPositive = [(e.High - e.Value) * 100];
        whisker.YErrorNegative = [(e.Value - e.Low) * 100];
        whisker.Color = Color.FromHex("#111827");
        whisker.LineWidth = 1.5f;
    }
}
