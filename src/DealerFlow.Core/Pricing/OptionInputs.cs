using DealerFlow.Core.Chain;

namespace DealerFlow.Core.Pricing;

/// <summary>
/// Inputs of a generalised Black-Scholes-Merton valuation (Haug's notation): spot S and strike K in
/// price units, T in years, r the continuous risk-free rate, b the cost of carry (b = r - q with a
/// continuous yield q; b = ln(F/S)/T when a forward F is known), sigma the volatility as a fraction.
/// </summary>
public readonly record struct OptionInputs(OptionType Type, double Spot, double Strike, double Years, double Rate, double Carry, double Vol)
{
    /// <summary>The forward F = S e^{bT}.</summary>
    public double Forward => Spot * Math.Exp(Carry * Years);
}

/// <summary>
/// What an implied-volatility solve starts from: an option's price per share and everything of
/// <see cref="OptionInputs"/> but the volatility (same units: S and K in price units, T in years, r and b
/// continuous rates).
/// </summary>
public readonly record struct ImpliedVolInputs(OptionType Type, double Price, double Spot, double Strike, double Years, double Rate, double Carry)
{
    /// <summary>The valuation inputs at volatility <paramref name="vol"/> (fraction per year).</summary>
    public OptionInputs WithVol(double vol) => new(Type, Spot, Strike, Years, Rate, Carry, vol);
}

/// <summary>
/// Black-Scholes-Merton price and greeks of one option, per share. Delta per $1 of spot; gamma per $1
/// per $1; vega per 1.00 of vol (divide by 100 for one vol point); theta per year of calendar time
/// (divide by 365 per day); vanna = d delta / d sigma per 1.00 of vol; charm = d delta / d t per year
/// as time passes (divide by 365 per day).
/// </summary>
public readonly record struct Greeks(double Price, double Delta, double Gamma, double Vega, double Theta, double Vanna, double Charm);
