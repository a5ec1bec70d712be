using System.Globalization;
using System.Net;
using System.Text;
using DealerFlow.Cli.Commands;
using DealerFlow.Core.Exposure;
using DealerFlow.Core.History;
using DealerFlow.Core.Time;

namespace DealerFlow.Cli.Output;

/// <summary>A self-contained SVG line chart of spot, zero gamma, call wall and put wall per stored snapshot (x = snapshot order, labelled by US/Eastern date).</summary>
internal static class HistorySvg
{
    private const int _width = 960, _height = 480, _left = 70, _right = 150, _top = 50, _bottom = 60;
    private static readonly CultureInfo _inv = CultureInfo.InvariantCulture;

    private static readonly (string Name, string Color, string Dash, Func<LevelsPoint, double?> Value)[] _series =
    [
        ("spot", "#1f2937", "", p => p.Spot),
        ("zero gamma", "#f59e0b", "", p => p.ZeroGamma),
        ("call wall", "#16a34a", "6 3", p => p.CallWall),
        ("put wall", "#dc2626", "6 3", p => p.PutWall),
    ];

    public static string Levels(HistoryCommand.HistoryView v)
    {
        var points = v.Analysis.Rows.Select(r => r.Point).ToList();
        var values = points.SelectMany(p => _series.Select(s => s.Value(p))).OfType<double>().ToList();
        var (lo, hi) = (values.Min(), values.Max());
        if (hi - lo < 1e-9) { lo -= 1; hi += 1; }
        var pad = (hi - lo) * 0.05;
        (lo, hi) = (lo - pad, hi + pad);
        var plotW = _width - _left - _right;
        var plotH = _height - _top - _bottom;
        double X(int i) => _left + (points.Count == 1 ? plotW / 2.0 : plotW * i / (double)(points.Count - 1));
        double Y(double value) => _top + plotH * (hi - value) / (hi - lo);
        string F(double d) => d.ToString("0.##", _inv);

        var sb = new StringBuilder();
        sb.AppendLine(_inv, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{_width}" height="{_height}" viewBox="0 0 {_width} {_height}" font-family="sans-serif" font-size="12">""");
        sb.AppendLine(_inv, $"""<rect width="{_width}" height="{_height}" fill="white"/>""");
        var title = $"{v.Underlying} levels over time - method {v.Method}, positioning {v.Positioning}, GEX unit {GexUnits.Label(v.Unit)}";
        sb.AppendLine(_inv, $"""<text x="{_left}" y="24" font-size="15" font-weight="bold">{WebUtility.HtmlEncode(title)}</text>""");
        for (var k = 0; k <= 5; k++)
        {
            var val = lo + (hi - lo) * k / 5;
            var y = Y(val);
            sb.AppendLine(_inv, $"""<line x1="{_left}" y1="{F(y)}" x2="{_left + plotW}" y2="{F(y)}" stroke="#e5e7eb"/><text x="{_left - 6}" y="{F(y + 4)}" text-anchor="end">{val.ToString("0.00", _inv)}</text>""");
        }
        var every = Math.Max(1, (int)Math.Ceiling(points.Count / 10.0));
        for (var i = 0; i < points.Count; i += every)
        {
            var label = UsEastern.ToEastern(points[i].Instant).ToString("yyyy-MM-dd HH:mm", _inv);
            sb.AppendLine(_inv, $"""<line x1="{F(X(i))}" y1="{_top + plotH}" x2="{F(X(i))}" y2="{_top + plotH + 4}" stroke="#6b7280"/><text x="{F(X(i))}" y="{_top + plotH + 18}" text-anchor="middle" font-size="10">{label}</text>""");
        }
        sb.AppendLine(_inv, $"""<rect x="{_left}" y="{_top}" width="{plotW}" height="{plotH}" fill="none" stroke="#6b7280"/>""");
        for (var s = 0; s < _series.Length; s++)
        {
            var (name, color, dash, value) = _series[s];
            // A missing level (no flip in range, no wall) breaks the line instead of drawing it as 0.
            var segment = new List<string>();
            void Flush()
            {
                if (segment.Count > 1) sb.AppendLine(_inv, $"""<polyline fill="none" stroke="{color}" stroke-width="2" stroke-dasharray="{dash}" points="{string.Join(' ', segment)}"/>""");
                segment.Clear();
            }
            for (var i = 0; i < points.Count; i++)
            {
                if (value(points[i]) is { } val)
                {
                    segment.Add($"{F(X(i))},{F(Y(val))}");
                    sb.AppendLine(_inv, $"""<circle cx="{F(X(i))}" cy="{F(Y(val))}" r="3" fill="{color}"><title>{name} {val.ToString("0.00", _inv)}</title></circle>""");
                }
                else
                {
                    Flush();
                }
            }
            Flush();
            var ly = _top + 10 + s * 20;
            sb.AppendLine(_inv, $"""<line x1="{_left + plotW + 12}" y1="{ly}" x2="{_left + plotW + 36}" y2="{ly}" stroke="{color}" stroke-width="2" stroke-dasharray="{dash}"/><text x="{_left + plotW + 42}" y="{ly + 4}">{name}</text>""");
        }
        sb.AppendLine(_inv, $"""<text x="{_left}" y="{_height - 12}" font-size="10" fill="#6b7280">price units of {WebUtility.HtmlEncode(v.Underlying)}; x = stored snapshots in time order (US/Eastern)</text>""");
        sb.AppendLine("</svg>");
        return sb.ToString();
    }
}
