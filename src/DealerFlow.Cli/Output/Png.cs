using DealerFlow.Cli.Commands;
using DealerFlow.Core.History;
using DealerFlow.Core.Simulation;
using DealerFlow.Core.Statistics;
using DealerFlow.Core.Time;
using ScottPlot;
using Color = ScottPlot.Color;

namespace DealerFlow.Cli.Output;

/// <summary>PNG charts rendered with ScottPlot (SkiaSharp, headless), in DejaVu Sans so text does not fall back to a serif face.</summary>
internal static class Png
{
    internal const string Font = "DejaVu Sans";

    private static readonly (string Name, string Color, bool Dashed, Func<LevelsPoint, double?> Value)[] LevelSeries =
    [
        ("spot", "#1f2937", false, p => p.Spot),
        ("zero gamma", "#f59e0b", false, p => p.ZeroGamma),
        ("call wall", "#16a34a", true, p => p.CallWall),
        ("put wall", "#dc2626", true, p => p.PutWall),
    ];

    /// <summary>Spot, zero gamma, call wall and put wall per stored snapshot on a date axis (US/Eastern); a missing level breaks its line.</summary>
    public static void Levels(HistoryCommand.HistoryView v, string path)
    {
        var plt = new Plot();
        plt.Font.Set(Font);
        var points = v.Analysis.Rows.Select(r => r.Point).ToList();
        var xs = points.Select(p => UsEastern.ToEastern(p.Instant).DateTime.ToOADate()).ToArray();
        foreach (var (name, color, dashed, value) in LevelSeries)
        {
            var first = true;
            var segment = new List<int>();
            void Flush()
            {
                if (segment.Count == 0) return;
                var s = plt.Add.Scatter(segment.Select(i => xs[i]).ToArray(), segment.Select(i => value(points[i])!.Value).ToArray());
                s.Color = Color.FromHex(color);
                s.LineWidth = 2;
                s.MarkerSize = 6;
                if (dashed) s.LinePattern = LinePattern.Dashed;
                if (first) s.LegendText = name;
                first = false;
                segment.Clear();
            }
            for (var i = 0; i < points.Count; i++)
            {
                if (value(points[i]) is not null) segment.Add(i);
                else Flush();
            }
            Flush();
        }
        plt.Axes.DateTimeTicksBottom();
        plt.Title($"{v.Underlying} levels over time - method {v.Method}, positioning {v.Positioning}, GEX unit {GexUnits.Label(v.Unit)}");
        plt.YLabel($"price ({v.Underlying})");
        plt.XLabel("stored snapshots (US/Eastern)");
        plt.ShowLegend(Alignment.UpperLeft);
        plt.SavePng(path, 1100, 520);
    }

    /// <summary>Sample paths with the key levels (left) and wall-break probability vs program size, with and without dealers (right).</summary>
    public static void Simulation(SimulationResult r, string title, string path)
    {
        var mp = new Multiplot();
        mp.AddPlots(2);
        mp.Layout = new ScottPlot.MultiplotLayouts.Columns();
        var paths = mp.GetPlot(0);
        var programs = mp.GetPlot(1);
        foreach (var p in new[] { paths, programs }) p.Font.Set(Font);

        var times = r.SampleTimesHours.ToArray();
        var (above, below) = (true, true);
        foreach (var samplePath in r.SamplePaths)
        {
            var startsAbove = r.Flip is not { } f || samplePath[0] >= f;
            var s = paths.Add.ScatterLine(times, samplePath.ToArray());
            s.Color = Color.FromHex(startsAbove ? "#1f77b4" : "#ff7f0e").WithAlpha(0.7);
            s.LineWidth = 1;
            if (startsAbove && above) { s.LegendText = "path starting above the flip"; above = false; }
            if (!startsAbove && below) { s.LegendText = "path starting below the flip"; below = false; }
        }
        foreach (var (name, value, color) in new[] { ("zero gamma", r.Flip, "#888888"), ("call wall", r.CallWall, "#22aa77"), ("put wall", r.PutWall, "#cc3333"), ("pin strike", r.PinStrike, "#3366cc") })
        {
            if (value is not { } level) continue;
            var line = paths.Add.HorizontalLine(level);
            line.Color = Color.FromHex(color);
            line.LinePattern = LinePattern.Dashed;
            line.LegendText = $"{name} {level:#,0.##}";
        }
        paths.Title(title, size: 13);
        paths.XLabel($"hours (horizon {(times.Length == 0 ? 0 : times[^1]):0.#} h)");
        paths.YLabel("spot");
        paths.ShowLegend(Alignment.UpperLeft);

        var runs = r.Programs.Where(p => p.BreakProbability is not null).ToList();
        if (runs.Count > 0)
        {
            var sizes = runs.Select(p => Math.Abs(p.ProgramDollars) / 1e9).ToArray();
            var with = programs.Add.Scatter(sizes, runs.Select(p => p.BreakProbability!.Value.Value * 100).ToArray());
            with.Color = Color.FromHex("#1f77b4");
            with.LineWidth = 2;
            with.LegendText = "with dealers";
            var without = programs.Add.Scatter(sizes, runs.Select(p => p.BreakProbabilityNoDealers!.Value.Value * 100).ToArray());
            without.Color = Color.FromHex("#999999");
            without.LineWidth = 2;
            without.LegendText = "same draws without dealers";
            // Whiskers: each probability's 95 % Wilson interval over the paths.
            foreach (var (pick, color) in new (Func<ProgramRun, Estimate?>, string)[] { (p => p.BreakProbability, "#1f77b4"), (p => p.BreakProbabilityNoDealers, "#999999") })
            {
                var est = runs.Select(p => pick(p)!.Value).ToArray();
                var bars = programs.Add.ErrorBar(sizes, est.Select(e => e.Value * 100).ToArray(), est.Select(e => (e.High - e.Value) * 100).ToArray());
                bars.YErrorPositive = est.Select(e => (e.High - e.Value) * 100).ToArray();
                bars.YErrorNegative = est.Select(e => (e.Value - e.Low) * 100).ToArray();
                bars.Color = Color.FromHex(color);
            }
            programs.Axes.SetLimitsY(0, 100);
            programs.ShowLegend(Alignment.UpperLeft);
        }
        else
        {
            programs.Title("no program run toward a wall");
        }
        programs.XLabel("program size ($bn)");
        programs.YLabel("P(end beyond wall), % with 95% interval");
        mp.SavePng(path, 1400, 560);
    }
}
