using DealerFlow.Core.Chain;
using DealerFlow.Core.Exposure;

namespace DealerFlow.Core.Levels;

/// <summary>
/// The exposure of a priced chain at one spot, summed from per-contract greeks (docs/domain.md sections 6 and 7):
/// GEX by strike (calls, puts, net, absolute) and by expiry in the unit the factor states, total GEX, DEX in shares,
/// vanna in shares per vol point, charm in shares per day, and the call and put sides' absolute GEX for the gamma tilt.
/// The one accumulation loop: <see cref="LevelsCalculator"/> (vector or scalar greeks) and <see cref="SpotLevels"/> use it.
/// </summary>
internal sealed record ExposureSums(
    StrikeExposure[] ByStrike,
    double[] ExpiryCalls,
    double[] ExpiryPuts,
    double Total,
    double Dex,
    double Vanna,
    double Charm,
    double CallAbs,
    double PutAbs)
{
    /// <summary>Call-side over put-side absolute GEX; null when either side is empty.</summary>
    public double? GammaTilt => PutAbs > 0 && CallAbs > 0 ? CallAbs / PutAbs : null;

    /// <summary>
    /// Sums position x greek over every contract: GEX = position x gamma x <paramref name="factor"/>
    /// (<see cref="GexUnits.Factor"/> at the spot the greeks are at), DEX = position x delta, vanna = position x
    /// vanna / 100, charm = position x charm / 365. Each span holds one value per contract.
    /// </summary>
    public static ExposureSums Accumulate(PricedChain chain, double factor, ReadOnlySpan<double> gamma, ReadOnlySpan<double> delta, ReadOnlySpan<double> vanna, ReadOnlySpan<double> charm)
    {
        var strikes = chain.Strikes;
        var calls = new double[strikes.Count];
        var puts = new double[strikes.Count];
        var absolute = new double[strikes.Count];
        var expCalls = new double[chain.Expiries.Count];
        var expPuts = new double[chain.Expiries.Count];
        double dex = 0, vannaSum = 0, charmSum = 0, callAbs = 0, putAbs = 0;
        var position = chain.PositionColumn;
        var type = chain.TypeColumn;
        var expiry = chain.ExpiryIndexColumn;
        var strikeIndex = chain.StrikeIndex;
        for (var j = 0; j < chain.Count; j++)
        {
            var pos = position[j];
            var gex = pos * gamma[j] * factor;
            var absGex = Math.Abs(gex);
            var k = strikeIndex[j];
            var e = expiry[j];
            if (type[j] == OptionType.Call)
            {
                calls[k] += gex; expCalls[e] += gex; callAbs += absGex;
            }
            else
            {
                puts[k] += gex; expPuts[e] += gex; putAbs += absGex;
            }
            absolute[k] += absGex;
            dex += pos * delta[j];
            vannaSum += pos * vanna[j];
            charmSum += pos * charm[j];
        }
        // Per vol point and per day once, not per contract: two divisions a contract cost a third of the loop.
        vannaSum /= 100;
        charmSum /= 365;
        var byStrike = new StrikeExposure[strikes.Count];
        var total = 0.0;
        for (var k = 0; k < strikes.Count; k++)
        {
            byStrike[k] = new StrikeExposure(strikes[k], calls[k], puts[k], calls[k] + puts[k], absolute[k]);
            total += byStrike[k].Net;
        }
        return new ExposureSums(byStrike, expCalls, expPuts, total, dex, vannaSum, charmSum, callAbs, putAbs);
    }

    /// <summary>The exposure by expiry, with each expiry's date, clock and forward from <paramref name="chain"/>.</summary>
    public ExpiryExposure[] ByExpiry(PricedChain chain)
    {
        var byExpiry = new ExpiryExposure[chain.Expiries.Count];
        for (var e = 0; e < byExpiry.Length; e++)
        {
            var x = chain.Expiries[e];
            byExpiry[e] = new ExpiryExposure(x.Date, x.Settlement.ToString(), x.DaysToExpiry, x.Years, x.Forward, x.ForwardFromParity, x.Contracts, ExpiryCalls[e], ExpiryPuts[e], ExpiryCalls[e] + ExpiryPuts[e]);
        }
        return byExpiry;
    }

    /// <summary>
    /// The <paramref name="topN"/> strikes with the largest |net GEX|, largest first, ties in strike order (what a stable
    /// sort by descending |net GEX| then taking <paramref name="topN"/> gives), by insertion into a buffer of
    /// <paramref name="topN"/>: no sort of every strike.
    /// </summary>
    public StrikeExposure[] Top(int topN)
    {
        var keep = Math.Clamp(topN, 0, ByStrike.Length);
        var top = new StrikeExposure[keep];
        var keys = new double[keep];
        var count = 0;
        foreach (var s in ByStrike)
        {
            var key = Math.Abs(s.Net);
            // First slot holding a strictly smaller key (CompareTo orders NaN lowest, as the sort does).
            var at = count;
            while (at > 0 && keys[at - 1].CompareTo(key) < 0) at--;
            if (at >= keep) continue;
            // Shift [at, end) up by one (a loop: Array.Copy of a few references costs more than the move).
            for (var q = Math.Min(count, keep - 1); q > at; q--)
            {
                top[q] = top[q - 1];
                keys[q] = keys[q - 1];
            }
            top[at] = s;
            keys[at] = key;
            count = Math.Min(count + 1, keep);
        }
        return top;
    }
}
