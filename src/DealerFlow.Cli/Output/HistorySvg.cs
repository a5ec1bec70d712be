using System.Net;
using DealerFlow.Cli.Commands;
using DealerFlow.Core.History;
using DealerFlow.Core.Time;

namespace DealerFlow.Cli.Output;

/// <summary>A self-contained SVG line chart of spot, zero gamma, call wall and put wall per stored snapshot (x = snapshot order, labelled by US/Eastern date).</summary>
internal static class HistorySvg
{
    private const int Width = 960, Height = 480, Left = 70, Right = 150, Top = 50, Bottom = 60;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly (string Name, string Color, string Dash, Func<LevelsPoint, double?> Value)[] Series =
    [
        ("spot", "#1f2937", "", p => p.Spot),
        ("zero gamma", "#f59e0b", "", p => p.ZeroGamma),
        ("call wall", "#16a34a", "6 3", p => p.CallWall),
        ("put wall", "#dc2626", "6 3", p => p.PutWall),
    ];

    public static string Levels(HistoryCommand.HistoryView v)
    {
        var points = v.Analysis.Rows.Select(r => r.Point).ToList();
        var values = points.SelectMany(p => Series.Select(s => s.Value(p))).OfType<double>().ToList();
        var (lo, hi) = (values.Min(), values.Max());
        if (hi - lo < 1e-9) { lo -= 1; hi += 1; }
        var pad = (hi - lo) * 0.05;
        (lo, hi) = (lo - pad, hi + pad);
        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        double X(int i) => Left + (points.Count == 1 ? plotW / 2.0 : plotW * i / (double)(points.Count - 1));
        double Y(double value) => Top + plotH * (hi - value) / (hi - lo);
        string F(double d) => d.ToString("0.##", Inv);

        var sb = new StringBuilder();
        sb.AppendLine(Inv, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{Height}" viewBox="0 0 {Width} {Height}" font-family="sans-serif" font-size="12">""");
        sb.AppendLine(Inv, $"""<rect width="{Width}" height="{Height}" fill="white"/>""");
        var title = $"{v.Underlying} levels over time - method {v.Method}, positioning {v.Positioning}, GEX unit {GexUnits.Label(v.Unit)}";
        sb.AppendLine(Inv, $"""<text x="{Left}" y="24" font-size="15" font-weight="bold">{WebUtility.HtmlEncode(title)}</text>""");
        for (var k = 0; k <= 5; k++)
        {
            var val = lo + (hi - lo) * k / 5;
            var y = Y(val);
            sb.AppendLine(Inv, $"""<line x1="{Left}" y1="{F(y)}" x2="{Left + plotW}" y2="{F(y)}" stroke="#e5e7eb"/><text x="{Left - 6}" y="{F(y + 4)}" text-anchor="end">{val.ToString("0.00", Inv)}</text>""");
        }
        var every = Math.Max(1, (int)Math.Ceiling(points.Count / 10.0));
        for (var i = 0; i < points.Count; i += every)
        {
            var label = UsEastern.ToEastern(points[i].Instant).ToString("yyyy-MM-dd HH:mm", Inv);
            sb.AppendLine(Inv, $"""<line x1="{F(X(i))}" y1="{Top + plotH}" x2="{F(X(i))}" y2="{Top + plotH + 4}" stroke="#6b7280"/><text x="{F(X(i))}" y="{Top + plotH + 18}" text-anchor="middle" font-size="10">{label}</text>""");
        }
        sb.AppendLine(Inv, $"""<rect x="{Left}" y="{Top}" width="{plotW}" height="{plotH}" fill="none" stroke="#6b7280"/>""");
        for (var s = 0; s < Series.Length; s++)
        {
            var (name, color, dash, value) = Series[s];
            // A missing level (no flip in range, no wall) breaks the line instead of drawing it as 0.
            var segment = new List<string>();
            void Flush()
            {
                if (segment.Count > 1) sb.AppendLine(Inv, $"""<polyline fill="none" stroke="{color}" stroke-width="2" stroke-dasharray="{dash}" points="{string.Join(' ', segment)}"/>""");
                segment.Clear();
            }
            for (var i = 0; i < points.Count; i++)
            {
                if (value(points[i]) is { } val)
                {
                    segment.Add($"{F(X(i))},{F(Y(val))}");
                    sb.AppendLine(Inv, $"""<circle cx="{F(X(i))}" cy="{F(Y(val))}" r="3" fill="{color}"><title>{name} {val.ToString("0.00", Inv)}</title></circle>""");
                }
                else
                {
                    Flush();
                }
            }
            Flush();
            var ly = Top + 10 + s * 20;
            sb.AppendLine(Inv, $"""<line x1="{Left + plotW + 12}" y1="{ly}" x2="{Left + plotW + 36}" y2="{ly}" stroke="{color}" stroke-width="2" stroke-dasharray="{dash}"/><text x="{Left + plotW + 42}" y="{ly + 4}">{name}</text>""");
        }
        sb.AppendLine(Inv, $"""<text x="{Left}" y="{Height - 12}" font-size="10" fill="#6b7280">price units of {WebUtility.HtmlEncode(v.Underlying)}; x = stored snapshots in time order (US/Eastern)</text>""");
        sb.AppendLine("</svg>");
        return sb.ToString();
    }
}
