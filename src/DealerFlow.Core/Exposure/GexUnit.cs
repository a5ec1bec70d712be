namespace DealerFlow.Core.Exposure;

/// <summary>The unit a gamma exposure is stated in (docs/domain.md section 6).</summary>
public enum GexUnit
{
    /// <summary>$ of underlying dealers must trade per 1% move: s Gamma OI m S^2 0.01 (the default).</summary>
    DollarsPerPercent,

    /// <summary>$ of underlying dealers must trade per 1-point move: s Gamma OI m S.</summary>
    DollarsPerPoint,

    /// <summary>Shares (units of underlying) dealers must trade per $1 move: s Gamma OI m.</summary>
    SharesPerDollar,
}

/// <summary>Conversions, labels and codes of <see cref="GexUnit"/>; one place for each, used by every report and reader.</summary>
public static class GexUnits
{
    /// <summary>Factor that turns shares per $1 into <paramref name="unit"/> at spot <paramref name="spot"/>.</summary>
    public static double Factor(GexUnit unit, double spot) => unit switch
    {
        GexUnit.DollarsPerPercent => spot * spot * 0.01,
        GexUnit.DollarsPerPoint => spot,
        _ => 1.0,
    };

    /// <summary>Human label, for example "$ per 1% move".</summary>
    public static string Label(GexUnit unit) => unit switch
    {
        GexUnit.DollarsPerPercent => "$ per 1% move",
        GexUnit.DollarsPerPoint => "$ per 1-point move",
        _ => "shares per $1 move",
    };

    /// <summary>Short code used on the command line and in JSON: "usd-per-1pct", "usd-per-point", "shares-per-usd".</summary>
    public static string Code(GexUnit unit) => unit switch
    {
        GexUnit.DollarsPerPercent => "usd-per-1pct",
        GexUnit.DollarsPerPoint => "usd-per-point",
        _ => "shares-per-usd",
    };

    /// <summary>
    /// Parses a unit code, case-insensitive and trimmed: "usd-per-1pct", "1pct", "1%", "pct", "percent", "$/1%";
    /// "usd-per-point", "point", "pt", "$/pt"; "shares-per-usd", "shares", "shares/$". False for anything else.
    /// </summary>
    public static bool TryParse(string text, out GexUnit unit)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "1pct" or "1%" or "pct" or "percent" or "usd-per-1pct" or "$/1%":
                unit = GexUnit.DollarsPerPercent; return true;
            case "pt" or "point" or "usd-per-point" or "$/pt":
                unit = GexUnit.DollarsPerPoint; return true;
            case "shares" or "shares-per-usd" or "shares/$":
                unit = GexUnit.SharesPerDollar; return true;
            default:
                unit = default; return false;
        }
    }
}
