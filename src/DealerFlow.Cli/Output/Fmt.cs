using DealerFlow.Core.Statistics;

namespace DealerFlow.Cli.Output;

/// <summary>Number formatting for tables: invariant culture, magnitudes as k/mn/bn, units spelled out.</summary>
internal static class Fmt
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Price(double? v) => v is { } x ? x.ToString("#,0.00", Inv) : "none";

    public static string Num(double v, string format = "#,0.00") => v.ToString(format, Inv);

    public static string Pct(double? v) => v is { } x ? x.ToString("+0.00;-0.00", Inv) + "%" : "n/a";

    /// <summary>A fraction as a percentage with its 95 % interval (asymmetric near 0 and 1), for example "6.80% (4.9-9.3)".</summary>
    public static string Share(Estimate? e) => e is { } x
        ? (x.Value * 100).ToString("0.00", Inv) + "%" + (double.IsNaN(x.Low) ? "" : $" ({(x.Low * 100).ToString("0.0", Inv)}-{(x.High * 100).ToString("0.0", Inv)})")
        : "n/a";

    /// <summary>A paired difference of fractions in percentage points with its 95 % interval, marked "noise" when the interval holds 0 ("none" when every draw agrees, [0, 0]), for example "-14.40 [-17.5, -11.3]".</summary>
    public static string Effect(Estimate? e)
    {
        if (e is not { } x) return "n/a";
        static string P(double v, string f) => (v * 100).ToString(f, Inv);
        return P(x.Value, "+0.00;-0.00;0.00") + (double.IsNaN(x.Low) ? "" : $" [{P(x.Low, "+0.0;-0.0;0.0")}, {P(x.High, "+0.0;-0.0;0.0")}]{(x.Low == 0 && x.High == 0 ? " none" : x.Contains(0) ? " noise" : "")}");
    }

    /// <summary>A price-unit mean with its 95 % half-width.</summary>
    public static string Price(Estimate e) => Price(e.Value) + (double.IsNaN(e.Low) ? "" : " ±" + ((e.High - e.Low) / 2).ToString("0.00", Inv));

    /// <summary>A magnitude with k / mn / bn suffix, for example -11.00 bn.</summary>
    public static string Big(double v)
    {
        var a = Math.Abs(v);
        return a >= 1e12 ? (v / 1e12).ToString("#,0.00", Inv) + " tn"
            : a >= 1e9 ? (v / 1e9).ToString("#,0.00", Inv) + " bn"
            : a >= 1e6 ? (v / 1e6).ToString("#,0.00", Inv) + " mn"
            : a >= 1e3 ? (v / 1e3).ToString("#,0.00", Inv) + " k"
            : v.ToString("#,0.00", Inv);
    }

    public static string Amount(Amount? a) => a is { } x ? $"{Big(x.Value)} {x.Unit.Label()}" : "n/a";
}
