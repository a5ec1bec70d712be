using DealerFlow.Core.Simulation;

namespace DealerFlow.Cli.Output;

/// <summary>A self-contained SVG of a simulation: sample paths with the key levels, and wall-break probability vs program size.</summary>
internal static class SimulationSvg
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Simulation(SimulationResult r, string title)
    {
        const int width = 1100, height = 460, panelW = 640, top = 50, plotH = 340, left = 70;
        var sb = new StringBuilder();
        sb.AppendLine(Inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" font-size=\"12\">");
        sb.AppendLine("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        sb.AppendLine(Inv, $"<text x=\"{left}\" y=\"22\" font-size=\"15\" font-weight=\"bold\">{Escape(title)}</text>");

        // Panel 1: paths.
        var times = r.SampleTimesHours;
        var all = r.SamplePaths.SelectMany(p => p).ToList();
        var levels = new List<(string Name, double? Value, string Color)> { ("zero gamma", r.Flip, "#888"), ("call wall", r.CallWall, "#2a7"), ("put wall", r.PutWall, "#c33"), ("pin strike", r.PinStrike, "#36c") };
        var lo = all.Count == 0 ? r.Spot * 0.98 : all.Min();
        var hi = all.Count == 0 ? r.Spot * 1.02 : all.Max();
        foreach (var l in levels)
        {
            if (l.Value is { } v && v > lo - (hi - lo) * 0.5 && v < hi + (hi - lo) * 0.5) { lo = Math.Min(lo, v); hi = Math.Max(hi, v); }
        }
        var pad = (hi - lo) * 0.05 + 1e-9;
        lo -= pad; hi += pad;
        var tMax = times.Count == 0 ? 1 : Math.Max(times[^1], 1e-9);
        double X(double t) => left + t / tMax * (panelW - left - 20);
        double Y(double s) => top + (hi - s) / (hi - lo) * plotH;
        Axes(sb, left, top, panelW - left - 20, plotH, $"hours (horizon {tMax:0.#} h)", "spot");
        for (var i = 0; i <= 4; i++)
        {
            var v = lo + (hi - lo) * i / 4;
            sb.AppendLine(Inv, $"<text x=\"{left - 6}\" y=\"{Y(v) + 4:0.#}\" text-anchor=\"end\">{v:#,0.##}</text>");
        }
        foreach (var l in levels)
        {
            if (l.Value is not { } v || v < lo || v > hi) continue;
            sb.AppendLine(Inv, $"<line x1=\"{left}\" x2=\"{panelW - 20}\" y1=\"{Y(v):0.##}\" y2=\"{Y(v):0.##}\" stroke=\"{l.Color}\" stroke-dasharray=\"6 4\"/>");
            sb.AppendLine(Inv, $"<text x=\"{panelW - 22}\" y=\"{Y(v) - 3:0.##}\" text-anchor=\"end\" fill=\"{l.Color}\">{l.Name} {v:#,0.##}</text>");
        }
        foreach (var path in r.SamplePaths)
        {
            var above = r.Flip is not { } f || path[0] >= f;
            sb.Append(Inv, $"<polyline fill=\"none\" stroke=\"{(above ? "#1f77b4" : "#ff7f0e")}\" stroke-opacity=\"0.7\" stroke-width=\"1\" points=\"");
            for (var i = 0; i < path.Length; i++) sb.Append(Inv, $"{X(times[i]):0.#},{Y(path[i]):0.#} ");
            sb.AppendLine("\"/>");
        }
        sb.AppendLine(Inv, $"<text x=\"{left}\" y=\"{top + plotH + 48}\">sample paths (blue: start above the flip, orange: below); dealers hedge when |net delta| leaves the band</text>");

        // Panel 2: wall-break probability vs program size.
        var p2x = panelW + 60;
        var p2w = width - p2x - 30;
        Axes(sb, p2x, top, p2w, plotH, "program size ($bn)", "P(end beyond wall)");
        var runs = r.Programs.Where(p => p.BreakProbability is not null).ToList();
        if (runs.Count > 0)
        {
            var maxSize = runs.Max(p => Math.Abs(p.ProgramDollars)) / 1e9;
            double PX(double dollars) => p2x + Math.Abs(dollars) / 1e9 / maxSize * p2w;
            double PY(double prob) => top + (1 - prob) * plotH;
            for (var i = 0; i <= 4; i++)
            {
                sb.AppendLine(Inv, $"<text x=\"{p2x - 6}\" y=\"{PY(i / 4.0) + 4:0.#}\" text-anchor=\"end\">{i * 25}%</text>");
                var sz = maxSize * i / 4;
                sb.AppendLine(Inv, $"<text x=\"{p2x + p2w * i / 4.0:0.#}\" y=\"{top + plotH + 16}\" text-anchor=\"middle\">{sz:0.#}</text>");
            }
            Series(runs.Select(p => (PX(p.ProgramDollars), PY(p.BreakProbability!.Value.Value))), "#1f77b4");
            Series(runs.Select(p => (PX(p.ProgramDollars), PY(p.BreakProbabilityNoDealers!.Value.Value))), "#999");
            sb.AppendLine(Inv, $"<text x=\"{p2x}\" y=\"{top + plotH + 48}\"><tspan fill=\"#1f77b4\">with dealers</tspan>, <tspan fill=\"#999\">same draws without dealers</tspan></text>");
        }
        else
        {
            sb.AppendLine(Inv, $"<text x=\"{p2x + 10}\" y=\"{top + 20}\">no program run toward a wall</text>");
        }
        sb.AppendLine("</svg>");
        return sb.ToString();

        void Series(IEnumerable<(double X, double Y)> pts, string color)
        {
            var list = pts.ToList();
            sb.AppendLine(Inv, $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{string.Join(' ', list.Select(p => $"{p.X.ToString("0.#", Inv)},{p.Y.ToString("0.#", Inv)}"))}\"/>");
            foreach (var (x, y) in list) sb.AppendLine(Inv, $"<circle cx=\"{x:0.#}\" cy=\"{y:0.#}\" r=\"3.5\" fill=\"{color}\"/>");
        }
    }

    private static void Axes(StringBuilder sb, double x, double y, double w, double h, string xLabel, string yLabel)
    {
        sb.AppendLine(Inv, $"<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" fill=\"none\" stroke=\"#333\"/>");
        sb.AppendLine(Inv, $"<text x=\"{x + w / 2:0.#}\" y=\"{y + h + 28}\" text-anchor=\"middle\">{Escape(xLabel)}</text>");
        sb.AppendLine(Inv, $"<text x=\"{x - 52:0.#}\" y=\"{y + h / 2:0.#}\" transform=\"rotate(-90 {x - 52:0.#} {y + h / 2:0.#})\" text-anchor=\"middle\">{Escape(yLabel)}</text>");
    }

    private static string Escape(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
