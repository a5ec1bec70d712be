using DealerFlow.Core.Exposure;
using DealerFlow.Core.Pricing;

namespace DealerFlow.Core.Hedging;

/// <summary>
/// Dealer delta profile (docs/domain.md section 8): D(S) = sum_i s_i Delta_i(S) OI_i m_i, in shares of the
/// underlying that the dealers' options are worth, re-priced at a hypothetical spot S with the same T,
/// each contract's own IV and the forward moving with spot (carry b fixed). Positive = dealers' options
/// are long delta (so their hedge is short shares). Allocation-free.
/// </summary>
public static class DeltaProfile
{
    /// <summary>D(S) in shares over every contract, or only expiry <paramref name="expiry"/> (-1 = all), or only strike <paramref name="strike"/> (NaN = all).</summary>
    public static double Net(PricedChain chain, double spot, int expiry = -1, double strike = double.NaN)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var exp = chain.ExpiryIndex;
        var k = chain.Strike;
        var anyStrike = double.IsNaN(strike);
        var u = chain.LogMove(spot);
        var sum = 0.0;
        for (var i = 0; i < k.Length; i++)
        {
            if (expiry >= 0 && exp[i] != expiry) continue;
            if (!anyStrike && k[i] != strike) continue;
            sum += PositionDelta(chain, i, u);
        }
        return sum;
    }

    /// <summary>D(S) per expiry into <paramref name="perExpiry"/> (length = expiries); returns the total, in shares.</summary>
    public static double ByExpiry(PricedChain chain, double spot, Span<double> perExpiry)
    {
        ArgumentNullException.ThrowIfNull(chain);
        if (perExpiry.Length < chain.Expiries.Count) throw new ArgumentException("One slot per expiry is needed.", nameof(perExpiry));
        perExpiry.Clear();
        var u = chain.LogMove(spot);
        var total = 0.0;
        for (var i = 0; i < chain.Count; i++)
        {
            var d = PositionDelta(chain, i, u);
            perExpiry[chain.ExpiryIndex[i]] += d;
            total += d;
        }
        return total;
    }

    /// <summary>Contract i's signed position x delta at the log move u = ln(S/S0), from the chain's own constants (d1 = A u + C, e^{(b-r)T}).</summary>
    private static double PositionDelta(PricedChain chain, int i, double u) =>
        chain.Position[i] * OptionDelta.FromD1(chain.TypeSign[i], chain.CarryDf[i], chain.D1(i, u));
}
