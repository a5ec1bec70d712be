namespace DealerFlow.Core.Exposure;

/// <summary>
/// The greeks of every contract of a priced chain at one spot, one array per greek in the chain's column order (index j
/// as in <see cref="PricedChain.Count"/>): per share, unsigned by position, as <see cref="SpotGreeks.Compute"/> defines
/// them (gamma per $1 of spot, delta, vanna per unit of volatility, charm per year).
/// </summary>
/// <param name="Gamma">e^{(b-r)T} phi(d1) / (S sigma sqrt T): change of delta per $1 of spot, per share.</param>
/// <param name="Delta">+/- e^{(b-r)T} N(+/- d1) (calls +, puts -), per share.</param>
/// <param name="Vanna">-e^{(b-r)T} phi(d1) d2 / sigma: change of delta per 1.00 of volatility, per share.</param>
/// <param name="Charm">Change of delta per year as time passes, per share.</param>
public readonly record struct SpotGreekColumns(double[] Gamma, double[] Delta, double[] Vanna, double[] Charm)
{
    /// <summary>Every contract's greeks of <paramref name="chain"/> at <paramref name="spot"/> (price units, &gt; 0), each with its own IV, carry and T.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="chain"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="spot"/> is zero or negative.</exception>
    public static SpotGreekColumns At(PricedChain chain, double spot)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(spot);
        var n = chain.Count;
        var columns = new SpotGreekColumns(new double[n], new double[n], new double[n], new double[n]);
        SpotGreeks.Compute(chain, spot, columns.Gamma, columns.Delta, columns.Vanna, columns.Charm);
        return columns;
    }
}
