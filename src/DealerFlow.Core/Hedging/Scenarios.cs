using DealerFlow.Core.Exposure;
using DealerFlow.Core.Levels;

namespace DealerFlow.Core.Hedging;

/// <summary>A directional flow against the dealers' hedging capacity between spot and the wall in its way.</summary>
/// <param name="FlowShares">Signed exogenous flow in shares: + buying (pushes toward the call wall above), - selling (toward the put wall below).</param>
/// <param name="FlowDollars">The same at spot, $.</param>
/// <param name="Wall">"call wall" or "put wall"; null when no wall lies in the flow's direction.</param>
/// <param name="WallLevel">Wall strike, price units; null when none.</param>
/// <param name="CapacityShares">Shares dealers trade against the flow while spot travels to the wall: D(W) - D(S0) for a rally (their sales), D(S0) - D(W) for a decline (their purchases). Negative = their hedging joins the flow (short gamma on the way). Null without a wall.</param>
/// <param name="CapacityDollars">Capacity in $, integrated along the way; null without a wall.</param>
/// <param name="MarginShares">CapacityShares - |FlowShares|: positive = the wall holds; null without a wall.</param>
/// <param name="Holds">True when the dealers' opposite hedging absorbs the flow before the wall; null without a wall.</param>
/// <param name="Equilibrium">Spot where the dealers' opposite hedging equals the flow (|D(S) - D(S0)| = |flow| on the way); null when none within the search range or the hedging never opposes the flow.</param>
public sealed record FlowVsWall(double FlowShares, double FlowDollars, string? Wall, double? WallLevel, double? CapacityShares, double? CapacityDollars, double? MarginShares, bool? Holds, double? Equilibrium);

/// <summary>How a level moved between two analyses.</summary>
/// <param name="Name">Level name.</param>
/// <param name="Before">Level before, price units (null = none).</param>
/// <param name="After">Level after, price units (null = none).</param>
public sealed record LevelChange(string Name, double? Before, double? After);

/// <summary>A strike whose net GEX shrank by more than half (or vanished) between two analyses.</summary>
/// <param name="Strike">Strike, price units.</param>
/// <param name="Before">Net GEX before, in the analysis unit.</param>
/// <param name="After">Net GEX after (0 when no live contract is left at the strike).</param>
/// <param name="Remaining">|After| / |Before|.</param>
public sealed record EvaporatedWall(double Strike, double Before, double After, double Remaining);

/// <summary>Total GEX on a spot x vol grid (a heatmap): Values[v][s] in the unit, at Spots[s] with the shock Vols[v].</summary>
/// <param name="Unit">GEX unit code.</param>
/// <param name="Sticky">How IVs follow spot.</param>
/// <param name="Spots">Hypothetical spots, price units.</param>
/// <param name="Vols">Shocks, described.</param>
/// <param name="Values">Total dealer GEX; row per shock, column per spot.</param>
public sealed record GexGrid(string Unit, string Sticky, IReadOnlyList<double> Spots, IReadOnlyList<string> Vols, IReadOnlyList<IReadOnlyList<double>> Values);

/// <summary>Wall-failure scenarios (docs/domain.md section 8) built on <see cref="ChainRevaluer"/> and <see cref="LevelsCalculator"/>.</summary>
public static class Scenarios
{
    /// <summary>
    /// A flow of <paramref name="flowShares"/> shares (+ buy, - sell) against the hedging volume dealers trade
    /// between spot and the wall in its way (call wall above spot for buying, put wall below for selling).
    /// </summary>
    public static FlowVsWall FlowVsCapacity(PricedChain chain, LevelsReport levels, double flowShares, double searchRange = 0.2)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(levels);
        if (!double.IsFinite(flowShares) || flowShares == 0) throw new ArgumentOutOfRangeException(nameof(flowShares), flowShares, "Flow must be a non-zero number of shares.");
        var s0 = chain.Spot;
        var up = flowShares > 0;
        double? wall = up ? (levels.CallWall is { } c && c > s0 ? c : null) : (levels.PutWall is { } p && p < s0 ? p : null);
        var name = up ? "call wall" : "put wall";
        var d0 = DeltaProfile.Net(chain, s0);
        var equilibrium = Equilibrium(chain, s0, d0, Math.Abs(flowShares), up ? 1 : -1, searchRange);
        if (wall is not { } w)
            return new FlowVsWall(flowShares, flowShares * s0, null, null, null, null, null, null, equilibrium);
        var flow = HedgeFlows.Compute(chain, s0, w, name);
        // Dealers' trade opposes the flow when its sign is opposite: capacity = -sign(flow) x trade.
        var capacity = up ? -flow.Shares : flow.Shares;
        var capacityDollars = up ? -flow.Dollars : flow.Dollars;
        var margin = capacity - Math.Abs(flowShares);
        var holds = margin > 0;
        return new FlowVsWall(flowShares, flowShares * s0, name, w, capacity, capacityDollars, margin, holds, equilibrium);
    }

    /// <summary>First spot in <paramref name="dir"/> where the dealers' opposite hedging since S0 equals <paramref name="absFlow"/> shares; null when none within range.</summary>
    private static double? Equilibrium(PricedChain chain, double s0, double d0, double absFlow, int dir, double searchRange)
    {
        const double step = 0.0005;
        var prev = s0;
        var limit = (int)(searchRange / step);
        for (var i = 1; i <= limit; i++)
        {
            var s = s0 * (1 + dir * step * i);
            var opposing = dir * (DeltaProfile.Net(chain, s) - d0);
            if (opposing >= absFlow)
            {
                double lo = prev, hi = s;
                for (var it = 0; it < 50; it++)
                {
                    var mid = 0.5 * (lo + hi);
                    if (dir * (DeltaProfile.Net(chain, mid) - d0) >= absFlow) hi = mid; else lo = mid;
                }
                return 0.5 * (lo + hi);
            }
            prev = s;
        }
        return null;
    }

    /// <summary>Zero gamma, walls and absolute gamma strike before and after.</summary>
    public static IReadOnlyList<LevelChange> Compare(LevelsReport before, LevelsReport after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return
        [
            new("spot", before.Spot, after.Spot),
            new("zero gamma", before.ZeroGamma, after.ZeroGamma),
            new("call wall", before.CallWall, after.CallWall),
            new("put wall", before.PutWall, after.PutWall),
            new("absolute gamma strike", before.AbsoluteGammaStrike, after.AbsoluteGammaStrike),
        ];
    }

    /// <summary>Strikes among the <paramref name="top"/> largest |net GEX| before whose |net GEX| after is below half of it.</summary>
    public static IReadOnlyList<EvaporatedWall> Evaporated(ExposureReport before, ExposureReport after, int top = 10)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var afterByStrike = after.ByStrike.ToDictionary(s => s.Strike, s => s.Net);
        var list = new List<EvaporatedWall>();
        foreach (var s in before.ByStrike.Where(s => s.Net != 0).OrderByDescending(s => Math.Abs(s.Net)).Take(top))
        {
            var a = afterByStrike.GetValueOrDefault(s.Strike);
            var remaining = Math.Abs(a) / Math.Abs(s.Net);
            if (remaining < 0.5) list.Add(new EvaporatedWall(s.Strike, s.Net, a, remaining));
        }
        return list;
    }

    /// <summary>Total dealer GEX (in <paramref name="unit"/>, at each hypothetical spot) on a grid of spots and vol shocks.</summary>
    public static GexGrid Grid(PricedChain chain, IReadOnlyList<double> spots, IReadOnlyList<VolShock> shocks, Stickiness sticky, GexUnit unit)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(spots);
        ArgumentNullException.ThrowIfNull(shocks);
        var rows = new List<IReadOnlyList<double>>();
        foreach (var shock in shocks)
        {
            var shocked = shock.Kind == VolShockKind.None ? chain : ChainRevaluer.Revalue(chain, new Revaluation { Vol = shock }).Chain;
            var row = new double[spots.Count];
            for (var i = 0; i < spots.Count; i++)
            {
                var c = sticky == Stickiness.Strike ? shocked
                    : ChainRevaluer.Revalue(chain, new Revaluation { Spot = spots[i], Vol = shock, Sticky = Stickiness.Moneyness }).Chain;
                row[i] = GammaSweep.NetGex(c, spots[i], unit);
            }
            rows.Add(row);
        }
        return new GexGrid(GexUnits.Code(unit), sticky == Stickiness.Strike ? "sticky-strike" : "sticky-moneyness", spots, shocks.Select(s => s.Describe()).ToArray(), rows);
    }

    /// <summary>
    /// Zero gamma with sticky-moneyness IVs (each hypothetical spot re-reads every strike's IV from its
    /// expiry's smile at K S0 / S): the crossing of total dealer gamma nearest spot, polished by Brent; null when none.
    /// </summary>
    public static double? ZeroGammaStickyMoneyness(PricedChain chain, VolShock shock, double searchRange = 0.2, int grid = 161)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var s0 = chain.Spot;
        double F(double s) => GammaSweep.NetShares(ChainRevaluer.Revalue(chain, new Revaluation { Spot = s, Vol = shock, Sticky = Stickiness.Moneyness }).Chain, s);
        double? best = null;
        var prevS = s0 * (1 - searchRange);
        var prevF = F(prevS);
        for (var i = 1; i < grid; i++)
        {
            var s = s0 * (1 - searchRange + 2 * searchRange * i / (grid - 1));
            var f = F(s);
            if ((prevF < 0) != (f < 0) && RootFinder.TryBrent(F, prevS, s, prevF, f, 1e-3, out var root) && (best is null || Math.Abs(root - s0) < Math.Abs(best.Value - s0)))
                best = root;
            prevS = s;
            prevF = f;
        }
        return best;
    }
}
