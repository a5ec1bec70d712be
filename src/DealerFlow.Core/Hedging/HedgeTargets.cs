using System.Globalization;
using DealerFlow.Core.Levels;

namespace DealerFlow.Core.Hedging;

/// <summary>A target level of a hedge-flow question: what it is called and the price, null when the named level does not exist for the chain.</summary>
/// <param name="Label">"zero gamma", "call wall", "put wall", "absolute gamma strike", a move such as "+1%", or a price such as "4800".</param>
/// <param name="Level">The level in price units of the underlying; null when the chain has no such level (no flip, no wall).</param>
public readonly record struct HedgeTarget(string Label, double? Level);

/// <summary>
/// The target levels of <c>dealerflow flows --to</c> and <c>GET /api/{symbol}/flows?targets=</c>: one parser, one
/// default list, one problem text, and the spots of the dealer delta profile D(S) both print.
/// </summary>
public static class HedgeTargets
{
    /// <summary>The default targets: zero gamma, both walls, +/-1%, +/-2%.</summary>
    public static IReadOnlyList<string> Default { get; } = ["zero-gamma", "call-wall", "put-wall", "+1%", "-1%", "+2%", "-2%"];

    /// <summary>
    /// Parses a target: a named level (zero-gamma, flip, zero, call-wall, put-wall, abs-gamma, absolute-gamma), a move
    /// from spot ("+1%", "-2.5%", "1%" reads as "+1%"; above -100%) or a positive price. False for anything else.
    /// </summary>
    public static bool TryParse(string text, LevelsReport levels, out HedgeTarget target)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(levels);
        var t = text.Trim().ToLowerInvariant();
        target = t switch
        {
            "zero-gamma" or "flip" or "zero" => new HedgeTarget("zero gamma", levels.ZeroGamma),
            "call-wall" => new HedgeTarget("call wall", levels.CallWall),
            "put-wall" => new HedgeTarget("put wall", levels.PutWall),
            "abs-gamma" or "absolute-gamma" => new HedgeTarget("absolute gamma strike", levels.AbsoluteGammaStrike),
            _ => default,
        };
        if (target.Label is not null) return true;
        if (t.EndsWith('%') && double.TryParse(t[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var pct) && pct > -100 && double.IsFinite(pct))
        {
            target = new HedgeTarget(pct >= 0 && !t.StartsWith('+') ? "+" + text.Trim() : text.Trim(), levels.Spot * (1 + pct / 100));
            return true;
        }
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 && double.IsFinite(v))
        {
            target = new HedgeTarget(v.ToString("0.##", CultureInfo.InvariantCulture), v);
            return true;
        }
        return false;
    }

    /// <summary>Why <paramref name="text"/> is not a target (the text <see cref="TryParse"/> rejected).</summary>
    public static string Problem(string text) =>
        $"'{text}' is not a price, a move such as +1% or -2%, or one of zero-gamma, call-wall, put-wall, abs-gamma.";

    /// <summary>
    /// The spots of the dealer delta profile D(S) the flows output prints: <paramref name="points"/> evenly spaced over
    /// spot x (1 +/- <paramref name="range"/>), S_i = spot (1 - range + 2 range i / (points - 1)).
    /// </summary>
    public static double[] ProfileSpots(double spot, double range, int points)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(spot);
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 2);
        var spots = new double[points];
        for (var i = 0; i < points; i++) spots[i] = spot * (1 - range + 2 * range * i / (points - 1));
        return spots;
    }
}
