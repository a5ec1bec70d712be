using System.Runtime.CompilerServices;
using DealerFlow.Core.Chain;

namespace DealerFlow.Core.Pricing;

/// <summary>
/// The one delta-from-d1 rule of the engine (docs/domain.md section 4, Haug ch. 1): every delta
/// (<see cref="BlackScholes.Greeks"/>, <see cref="Exposure.SpotGreeks"/>, <see cref="Hedging.DeltaProfile"/>,
/// the simulator's delta table) is <see cref="FromD1"/> of a d1 formed either from ln(S/K) (<see cref="D1"/>, one
/// contract at a time) or, over a priced chain, centred at its spot S0 as A ln(S/S0) + C (PricedChain.D1), never as the
/// uncentred A ln S + C, whose cancellation costs up to 1e-12 relative on same-day expiries.
/// </summary>
public static class OptionDelta
{
    /// <summary>
    /// d1 = (ln(S/K) + (b + sigma^2/2) T) / (sigma sqrt T), from the precomputed drift (b + sigma^2/2) T and
    /// total volatility sigma sqrt T (S and K in price units, T in years, b the cost of carry).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double D1(double spot, double strike, double drift, double totalVol) => (Math.Log(spot / strike) + drift) / totalVol;

    /// <summary>
    /// Delta per share from d1: sign e^{(b-r)T} N(sign d1), sign = +1 for a call (e^{(b-r)T} N(d1)) and -1 for a
    /// put (-e^{(b-r)T} N(-d1)); <paramref name="carryDf"/> = e^{(b-r)T}. Per $1 of spot, unsigned by position.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double FromD1(double typeSign, double carryDf, double d1) => typeSign * carryDf * Normal.Cdf(typeSign * d1);

    /// <summary>+1 for a call, -1 for a put: the sign <see cref="FromD1"/> takes.</summary>
    public static double TypeSign(OptionType type) => type == OptionType.Call ? 1 : -1;
}
