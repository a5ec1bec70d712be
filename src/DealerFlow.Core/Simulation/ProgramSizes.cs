using DealerFlow.Core.Exposure;
using DealerFlow.Core.Hedging;

namespace DealerFlow.Core.Simulation;

/// <summary>The default directional program sizes of a simulation, shared by <c>dealerflow simulate</c> and the dashboard.</summary>
public static class ProgramSizes
{
    /// <summary>Multiples of the deterministic break size tried by default.</summary>
    public static readonly IReadOnlyList<double> Multiples = [0.25, 0.5, 1, 1.5, 2];

    /// <summary>
    /// The $ program that breaks the call wall in the deterministic model: what moves price from spot to the wall
    /// alone through the impact model plus the dealers' opposite hedging on the way. Null when there is no call wall
    /// above spot or no impact.
    /// </summary>
    public static double? CallWallBreakSize(PricedChain chain, double? callWall, double impactPctPerBillion, ImpactModel model, double positionScale)
    {
        ArgumentNullException.ThrowIfNull(chain);
        if (callWall is not { } cw || !(cw > chain.Spot) || !(impactPctPerBillion > 0)) return null;
        var k = impactPctPerBillion;
        var alone = Math.Log(cw / chain.Spot) / (k / 100) * 1e9;
        var capacity = Math.Max(0, -HedgeFlows.Compute(chain, cw, "call wall").Dollars * positionScale);
        return model == ImpactModel.Linear ? alone + capacity : Math.Pow(Math.Log(cw / chain.Spot) / (k / 100), 2) * 1e9 + capacity;
    }

    /// <summary><see cref="Multiples"/> x <see cref="CallWallBreakSize"/>; empty when there is no break size.</summary>
    public static IReadOnlyList<double> Default(PricedChain chain, double? callWall, double impactPctPerBillion, ImpactModel model, double positionScale) =>
        CallWallBreakSize(chain, callWall, impactPctPerBillion, model, positionScale) is { } threshold ? Multiples.Select(m => m * threshold).ToArray() : [];
}
