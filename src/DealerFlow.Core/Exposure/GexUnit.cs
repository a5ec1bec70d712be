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

    /// <summary>Per unit its label and the names it is parsed from, its code first.</summary>
    private static readonly NamedValue<GexUnit>[] Table =
    [
        new(GexUnit.DollarsPerPercent, "$ per 1% move", "usd-per-1pct", "1pct", "1%", "pct", "percent", "$/1%"),
        new(GexUnit.DollarsPerPoint, "$ per 1-point move", "usd-per-point", "point", "pt", "$/pt"),
        new(GexUnit.SharesPerDollar, "shares per $1 move", "shares-per-usd", "shares", "shares/$"),
    ];

    /// <summary>Human label, for example "$ per 1% move".</summary>
    public static string Label(GexUnit unit) => NamedValues.Of(Table, unit).Text;

    /// <summary>Short code used on the command line and in JSON: "usd-per-1pct", "usd-per-point", "shares-per-usd".</summary>
    public static string Code(GexUnit unit) => NamedValues.Of(Table, unit).Code;

    /// <summary>
    /// Parses a unit code, case-insensitive and trimmed: "usd-per-1pct", "1pct", "1%", "pct", "percent", "$/1%";
    /// "usd-per-point", "point", "pt", "$/pt"; "shares-per-usd", "shares", "shares/$". False for anything else.
    /// </summary>
    public static bool TryParse(string text, out GexUnit unit) => NamedValues.TryParse(Table, text, out unit);
}
