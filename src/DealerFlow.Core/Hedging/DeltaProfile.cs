using DealerFlow.Core.Chain;
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
        var lnS = Math.Log(spot);
        var a = chain.SweepA;
        var c = chain.SweepC;
        var pos = chain.Position;
        var type = chain.Type;
        var years = chain.Years;
        var carry = chain.Carry;
        var rate = chain.Rate;
        var exp = chain.ExpiryIndex;
        var k = chain.Strike;
        var anyStrike = double.IsNaN(strike);
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            if (expiry >= 0 && exp[i] != expiry) continue;
            if (!anyStrike && k[i] != strike) continue;
            sum += pos[i] * Delta(type[i], a[i] * lnS + c[i], years[i], carry[i], rate);
        }
        return sum;
    }

    /// <summary>D(S) per expiry into <paramref name="perExpiry"/> (length = expiries); returns the total, in shares.</summary>
    public static double ByExpiry(PricedChain chain, double spot, Span<double> perExpiry)
    {
        ArgumentNullException.ThrowIfNull(chain);
        if (perExpiry.Length < chain.Expiries.Count) throw new ArgumentException("One slot per expiry is needed.", nameof(perExpiry));
        perExpiry.Clear();
        var lnS = Math.Log(spot);
        var a = chain.SweepA;
        var c = chain.SweepC;
        var total = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = chain.Position[i] * Delta(chain.Type[i], a[i] * lnS + c[i], chain.Years[i], chain.Carry[i], chain.Rate);
            perExpiry[chain.ExpiryIndex[i]] += d;
            total += d;
        }
        return total;
    }

    /// <summary>Delta per share from d1: call e^{(b-r)T} N(d1), put -e^{(b-r)T} N(-d1).</summary>
    internal static double Delta(OptionType type, double d1, double years, double carry, double rate)
    {
        var df = Math.Exp((carry - rate) * years);
        return type == OptionType.Call ? df * Normal.Cdf(d1) : -df * Normal.Cdf(-d1);
    }
}
