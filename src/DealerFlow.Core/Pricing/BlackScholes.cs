using System.Runtime.CompilerServices;
using DealerFlow.Core.Chain;

namespace DealerFlow.Core.Pricing;

/// <summary>
/// Generalised Black-Scholes-Merton (Haug, "The Complete Guide to Option Pricing Formulas", ch. 1-2):
/// d1 = [ln(S/K) + (b + sigma^2/2) T] / (sigma sqrt T), d2 = d1 - sigma sqrt T. With b = r - q this is
/// BSM with a continuous yield; with b = ln(F/S)/T it is Black-76 on the forward F seen from spot.
/// </summary>
public static class BlackScholes
{
    /// <summary>All greeks of one option. Throws on non-positive S, K, T or sigma.</summary>
    public static Greeks Greeks(in OptionInputs o)
    {
        Validate(o);
        var sqrtT = Math.Sqrt(o.Years);
        var vst = o.Vol * sqrtT;
        var d1 = OptionDelta.D1(o.Spot, o.Strike, (o.Carry + 0.5 * o.Vol * o.Vol) * o.Years, vst);
        var d2 = d1 - vst;
        var carryDf = Math.Exp((o.Carry - o.Rate) * o.Years);
        var df = Math.Exp(-o.Rate * o.Years);
        var pdf = Normal.Pdf(d1);
        var sign = OptionDelta.TypeSign(o.Type);
        // delta = sign e^{(b-r)T} N(sign d1); price and theta reuse it (S e^{(b-r)T} N(sign d1) = sign S delta).
        var delta = OptionDelta.FromD1(sign, carryDf, d1);
        var nd2 = Normal.Cdf(sign * d2);
        var thetaCommon = -o.Spot * carryDf * pdf * o.Vol / (2 * sqrtT);
        return new Greeks(
            Price: o.Spot * delta - sign * o.Strike * df * nd2,
            Delta: delta,
            Gamma: carryDf * pdf / (o.Spot * vst),
            Vega: o.Spot * carryDf * pdf * sqrtT,
            Theta: thetaCommon - (o.Carry - o.Rate) * o.Spot * delta - sign * o.Rate * o.Strike * df * nd2,
            Vanna: -carryDf * pdf * d2 / o.Vol,
            Charm: -carryDf * pdf * (o.Carry / vst - d2 / (2 * o.Years)) - (o.Carry - o.Rate) * delta);
    }

    /// <summary>
    /// Option price per share: e^{-rT} x <see cref="Black"/> on the forward F = S e^{bT} with total volatility sigma sqrt T.
    /// Throws on non-positive S, K, T or sigma.
    /// </summary>
    public static double Price(in OptionInputs o)
    {
        Validate(o);
        return Black(o.Type, o.Forward, o.Strike, o.Vol * Math.Sqrt(o.Years)) * Math.Exp(-o.Rate * o.Years);
    }

    /// <summary>
    /// Gamma per $1 per $1: e^{(b-r)T} phi(d1) / (S sigma sqrt T); the same for calls and puts, so
    /// <see cref="OptionInputs.Type"/> is not read. Not validated (a hot path): non-positive inputs give NaN or infinity.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Gamma(in OptionInputs o)
    {
        var vst = o.Vol * Math.Sqrt(o.Years);
        var d1 = (Math.Log(o.Spot / o.Strike) + (o.Carry + 0.5 * o.Vol * o.Vol) * o.Years) / vst;
        return Math.Exp((o.Carry - o.Rate) * o.Years) * Normal.Pdf(d1) / (o.Spot * vst);
    }

    /// <summary>
    /// Undiscounted Black price of an option on forward F with strike K and total volatility
    /// w = sigma sqrt T: call F N(d1) - K N(d2), put K N(-d2) - F N(-d1).
    /// </summary>
    public static double Black(OptionType type, double forward, double strike, double totalVol)
    {
        if (totalVol <= 0)
            return Math.Max(type == OptionType.Call ? forward - strike : strike - forward, 0);
        var d1 = Math.Log(forward / strike) / totalVol + 0.5 * totalVol;
        var d2 = d1 - totalVol;
        return type == OptionType.Call
            ? forward * Normal.Cdf(d1) - strike * Normal.Cdf(d2)
            : strike * Normal.Cdf(-d2) - forward * Normal.Cdf(-d1);
    }

    private static void Validate(in OptionInputs o)
    {
        if (!(o.Spot > 0) || !double.IsFinite(o.Spot)) throw new ArgumentOutOfRangeException(nameof(o), o.Spot, "Spot must be positive.");
        if (!(o.Strike > 0) || !double.IsFinite(o.Strike)) throw new ArgumentOutOfRangeException(nameof(o), o.Strike, "Strike must be positive.");
        if (!(o.Years > 0) || !double.IsFinite(o.Years)) throw new ArgumentOutOfRangeException(nameof(o), o.Years, "Time to expiry must be positive.");
        if (!(o.Vol > 0) || !double.IsFinite(o.Vol)) throw new ArgumentOutOfRangeException(nameof(o), o.Vol, "Volatility must be positive.");
    }
}
