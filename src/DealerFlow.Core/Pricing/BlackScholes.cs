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
        var d1 = (Math.Log(o.Spot / o.Strike) + (o.Carry + 0.5 * o.Vol * o.Vol) * o.Years) / vst;
        var d2 = d1 - vst;
        var carryDf = Math.Exp((o.Carry - o.Rate) * o.Years);
        var df = Math.Exp(-o.Rate * o.Years);
        var pdf = Normal.Pdf(d1);
        var gamma = carryDf * pdf / (o.Spot * vst);
        var vega = o.Spot * carryDf * pdf * sqrtT;
        var vanna = -carryDf * pdf * d2 / o.Vol;
        var charmCommon = -carryDf * pdf * (o.Carry / vst - d2 / (2 * o.Years));
        var thetaCommon = -o.Spot * carryDf * pdf * o.Vol / (2 * sqrtT);
        if (o.Type == OptionType.Call)
        {
            var nd1 = Normal.Cdf(d1);
            var nd2 = Normal.Cdf(d2);
            return new Greeks(
                Price: o.Spot * carryDf * nd1 - o.Strike * df * nd2,
                Delta: carryDf * nd1,
                Gamma: gamma,
                Vega: vega,
                Theta: thetaCommon - (o.Carry - o.Rate) * o.Spot * carryDf * nd1 - o.Rate * o.Strike * df * nd2,
                Vanna: vanna,
                Charm: charmCommon - (o.Carry - o.Rate) * carryDf * nd1);
        }
        else
        {
            var nmd1 = Normal.Cdf(-d1);
            var nmd2 = Normal.Cdf(-d2);
            return new Greeks(
                Price: o.Strike * df * nmd2 - o.Spot * carryDf * nmd1,
                Delta: -carryDf * nmd1,
                Gamma: gamma,
                Vega: vega,
                Theta: thetaCommon + (o.Carry - o.Rate) * o.Spot * carryDf * nmd1 + o.Rate * o.Strike * df * nmd2,
                Vanna: vanna,
                Charm: charmCommon + (o.Carry - o.Rate) * carryDf * nmd1);
        }
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

    /// <summary>Gamma per $1 per $1: e^{(b-r)T} phi(d1) / (S sigma sqrt T); the same for calls and puts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Gamma(double spot, double strike, double years, double rate, double carry, double vol)
    {
        var vst = vol * Math.Sqrt(years);
        var d1 = (Math.Log(spot / strike) + (carry + 0.5 * vol * vol) * years) / vst;
        return Math.Exp((carry - rate) * years) * Normal.Pdf(d1) / (spot * vst);
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
