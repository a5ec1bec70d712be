namespace DealerFlow.Core.Exposure;

/// <summary>
/// Dealer gamma of a whole priced chain re-priced at a hypothetical spot S (same T, own IV, forward
/// moving with spot): sum_i position_i x gamma_i(S), in shares per $1. With the per-contract
/// constants of <see cref="PricedChain"/> the inner loop is one exp and a few multiply-adds:
/// d1 = A ln S + C, position x gamma = W exp(-d1^2 / 2) / S.
/// </summary>
public static class GammaSweep
{
    /// <summary>Net dealer gamma in shares per $1 at <paramref name="spot"/>; <paramref name="skipExpiry"/> leaves one expiry out (-1 = none).</summary>
    public static double NetShares(PricedChain chain, double spot, int skipExpiry = -1)
    {
        var lnS = Math.Log(spot);
        var a = chain.SweepA;
        var c = chain.SweepC;
        var w = chain.SweepW;
        var sum = 0.0;
        if (skipExpiry < 0)
        {
            for (var i = 0; i < a.Length; i++)
            {
                var d = a[i] * lnS + c[i];
                sum += w[i] * Math.Exp(-0.5 * d * d);
            }
        }
        else
        {
            var e = chain.ExpiryIndex;
            for (var i = 0; i < a.Length; i++)
            {
                if (e[i] == skipExpiry) continue;
                var d = a[i] * lnS + c[i];
                sum += w[i] * Math.Exp(-0.5 * d * d);
            }
        }
        return sum / spot;
    }

    /// <summary>Net dealer GEX at <paramref name="spot"/> in <paramref name="unit"/> (evaluated at that spot).</summary>
    public static double NetGex(PricedChain chain, double spot, GexUnit unit, int skipExpiry = -1) =>
        NetShares(chain, spot, skipExpiry) * GexUnits.Factor(unit, spot);
}
