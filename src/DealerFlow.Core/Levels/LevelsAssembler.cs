using System.Text.Json.Serialization;

namespace DealerFlow.Core.Levels;

/// <summary>
/// Dealer gamma regime at spot (docs/domain.md sections 1 and 7): the sign of total dealer GEX at spot under the
/// positioning model. Written in JSON as its label ("long gamma", "short gamma", "flat", "unknown"), the string the
/// store's <c>regime</c> column and the dashboard's badge carry.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<GammaRegime>))]
public enum GammaRegime
{
    /// <summary>No number to take the sign of: total GEX is NaN or no contract went into it.</summary>
    [JsonStringEnumMemberName("unknown")]
    Unknown,

    /// <summary>Total GEX &gt; 0: dealers sell rallies and buy dips, their hedging dampens moves.</summary>
    [JsonStringEnumMemberName("long gamma")]
    LongGamma,

    /// <summary>Total GEX &lt; 0: dealers buy rallies and sell dips, their hedging amplifies moves.</summary>
    [JsonStringEnumMemberName("short gamma")]
    ShortGamma,

    /// <summary>Total GEX exactly 0 over contracts that were priced: the call and put sides cancel, dealers' hedging neither dampens nor amplifies.</summary>
    [JsonStringEnumMemberName("flat")]
    Flat,
}

/// <summary>Labels of <see cref="GammaRegime"/>.</summary>
public static class GammaRegimes
{
    /// <summary>"long gamma", "short gamma", "flat" or "unknown": the JSON, store and dashboard form.</summary>
    public static string Label(this GammaRegime regime) => regime switch
    {
        GammaRegime.LongGamma => "long gamma",
        GammaRegime.ShortGamma => "short gamma",
        GammaRegime.Flat => "flat",
        _ => "unknown",
    };

    /// <summary>What dealers' hedging does to moves in the regime, in a trader's words.</summary>
    public static string Effect(this GammaRegime regime) => regime switch
    {
        GammaRegime.LongGamma => "they sell rallies and buy dips (dampening)",
        GammaRegime.ShortGamma => "they buy rallies and sell dips (amplifying)",
        GammaRegime.Flat => "call and put gamma cancel at spot (neither dampening nor amplifying)",
        _ => "no exposure to take the sign of",
    };
}

/// <summary>
/// The headline levels of one chain at one spot, as <see cref="LevelsAssembler.Assemble"/> decides them. Exposures
/// are in the unit of the inputs; levels in price units of the underlying. This type is immutable.
/// </summary>
/// <param name="Spot">The spot the levels are read at.</param>
/// <param name="TotalGex">Total dealer GEX at <paramref name="Spot"/>; positive = dealers long gamma under the positioning model.</param>
/// <param name="Regime">The sign of <paramref name="TotalGex"/> (<see cref="LevelsAssembler.RegimeOf"/>).</param>
/// <param name="ZeroGamma">The headline flip: the crossing nearest <paramref name="Spot"/>; null when there is none.</param>
/// <param name="DistanceToFlip">Spot minus flip in price units (positive = spot above the flip); null without a flip.</param>
/// <param name="DistanceToFlipPct">The same as a percentage of spot.</param>
/// <param name="Walls">Call wall, put wall and absolute gamma strike from the exposure by strike.</param>
public sealed record KeyLevels(
    double Spot,
    double TotalGex,
    GammaRegime Regime,
    double? ZeroGamma,
    double? DistanceToFlip,
    double? DistanceToFlipPct,
    WallLevels Walls);

/// <summary>
/// The one place the headline levels are decided (docs/domain.md section 7): the flip is the zero-gamma crossing
/// nearest spot, the regime is the sign of total GEX at spot, the distance to flip is spot minus flip, the walls
/// come from <see cref="Levels.Walls.Find"/>. The report (<see cref="LevelsCalculator"/>), the levels at a moved spot
/// (<see cref="SpotLevels"/>), the live tick, the alerts, the store and the dashboard all read them from here.
/// </summary>
public static class LevelsAssembler
{
    /// <summary>
    /// Headline levels at <paramref name="spot"/> from the profile's crossings (every root of total GEX in hypothetical
    /// spot, ascending), the total GEX at spot over <paramref name="contracts"/> priced contracts, and the exposure by
    /// strike the walls are picked from.
    /// </summary>
    public static KeyLevels Assemble(double spot, double totalGex, int contracts, IReadOnlyList<double> crossings, IReadOnlyList<StrikeExposure> byStrike, WallDefinition walls)
    {
        ArgumentNullException.ThrowIfNull(crossings);
        ArgumentNullException.ThrowIfNull(byStrike);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(spot);
        var flip = Flip(crossings, spot);
        var (points, pct) = DistanceToFlip(spot, flip);
        return new KeyLevels(spot, totalGex, RegimeOf(totalGex, contracts), flip, points, pct, Levels.Walls.Find(byStrike, walls));
    }

    /// <summary>The crossing nearest <paramref name="spot"/> (the lower one of two equally near); null when there is none.</summary>
    public static double? Flip(IReadOnlyList<double> crossings, double spot)
    {
        ArgumentNullException.ThrowIfNull(crossings);
        double? best = null;
        var gap = double.PositiveInfinity;
        foreach (var c in crossings)
        {
            var d = Math.Abs(c - spot);
            if (d < gap) (best, gap) = (c, d);
        }
        return best;
    }

    /// <summary>
    /// Regime from total dealer GEX at spot: <see cref="GammaRegime.Unknown"/> when it is NaN or no contract went into
    /// it, <see cref="GammaRegime.Flat"/> when it is exactly 0, otherwise long or short gamma by its sign.
    /// </summary>
    public static GammaRegime RegimeOf(double totalGex, int contracts) =>
        contracts <= 0 || double.IsNaN(totalGex) ? GammaRegime.Unknown
        : totalGex > 0 ? GammaRegime.LongGamma
        : totalGex < 0 ? GammaRegime.ShortGamma
        : GammaRegime.Flat;

    /// <summary>Spot minus flip, in price units and as a percentage of spot (positive = spot above the flip); nulls without a flip.</summary>
    public static (double? Points, double? Percent) DistanceToFlip(double spot, double? flip) =>
        flip is { } f ? (spot - f, (spot - f) / spot * 100) : (null, null);
}
