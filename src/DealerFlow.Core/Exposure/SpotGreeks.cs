using DealerFlow.Core.Chain;
using DealerFlow.Core.Pricing;

namespace DealerFlow.Core.Exposure;

/// <summary>
/// Per-contract greeks of a priced chain at one spot S, from the constants the pricer already holds
/// ((b + sigma^2/2) T, sigma sqrt T, e^{(b-r)T}), so one log, one exp and one normal CDF per contract
/// and no sqrt or validation. d1 = (ln(S/K) + (b + sigma^2/2) T) / (sigma sqrt T) is formed exactly as
/// <see cref="BlackScholes.Greeks"/> forms it (not as A ln S + C, whose cancellation costs up to 1e-12
/// relative on same-day expiries), so the results equal it to the last bit or two:
/// gamma = e^{(b-r)T} phi(d1) / (S sigma sqrt T) per $1 per $1; delta = +/- e^{(b-r)T} N(+/- d1);
/// vanna = -e^{(b-r)T} phi(d1) d2 / sigma per 1.00 of vol; charm (per year, as time passes) =
/// -e^{(b-r)T} phi(d1) (b / (sigma sqrt T) - d2 / (2T)) - (b - r) delta. Per share, unsigned by
/// position; the same values as <see cref="BlackScholes.Greeks"/> to rounding.
/// </summary>
public static class SpotGreeks
{
    /// <summary>Fills the four spans (each at least <see cref="PricedChain.Count"/> long) with the greeks of every contract at <paramref name="spot"/>.</summary>
    public static void Compute(PricedChain chain, double spot, Span<double> gamma, Span<double> delta, Span<double> vanna, Span<double> charm)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(spot);
        var n = chain.Count;
        if (gamma.Length < n || delta.Length < n || vanna.Length < n || charm.Length < n)
            throw new ArgumentException("Every output span must hold one value per contract.");
        var rate = chain.Rate;
        var strike = chain.Strike.AsSpan(0, n);
        var drift = chain.Drift.AsSpan(0, n);
        var vst = chain.TotalVol.AsSpan(0, n);
        var df = chain.CarryDf.AsSpan(0, n);
        var vol = chain.Vol.AsSpan(0, n);
        var years = chain.Years.AsSpan(0, n);
        var carry = chain.Carry.AsSpan(0, n);
        var type = chain.Type.AsSpan(0, n);
        for (var j = 0; j < n; j++)
        {
            var v = vst[j];
            var d1 = (Math.Log(spot / strike[j]) + drift[j]) / v;
            var d2 = d1 - v;
            var pdfDf = df[j] * (Normal.InvSqrt2Pi * Math.Exp(-0.5 * d1 * d1));
            var b = carry[j];
            var dl = type[j] == OptionType.Call ? df[j] * Normal.Cdf(d1) : -df[j] * Normal.Cdf(-d1);
            gamma[j] = pdfDf / (spot * v);
            delta[j] = dl;
            vanna[j] = -pdfDf * d2 / vol[j];
            charm[j] = -pdfDf * (b / v - d2 / (2 * years[j])) - (b - rate) * dl;
        }
    }
}
