using DealerFlow.Core.Chain;

namespace DealerFlow.Core.Pricing;

/// <summary>
/// Implied volatility from an option price: the sigma that makes the Black-Scholes-Merton price equal
/// the given price. Works on the normalised out-of-the-money Black price
/// beta = price / (D sqrt(F K)) with x = ln(F/K) &lt;= 0 (an in-the-money option is turned into its
/// out-of-the-money twin by put-call parity), and runs Newton on ln beta(w) in total volatility
/// w = sigma sqrt T. ln beta is increasing and concave in w, so after the first step the iterates
/// approach the root from below without overshoot; convergence is quadratic to |dw| &lt; 1e-14.
/// </summary>
public static class ImpliedVol
{
    private const int MaxIterations = 60;

    /// <summary>Total volatility above which a price carries no information (sigma sqrt T = 10).</summary>
    private const double MaxTotalVol = 10;

    /// <summary>
    /// Solves for the volatility (fraction per year) of an option with the given price per share.
    /// Returns false when no volatility reproduces the price: the price is at or below intrinsic
    /// value, at or above the no-arbitrage bound, not finite, or so small that it carries no
    /// information about volatility.
    /// </summary>
    public static bool TrySolve(OptionType type, double price, double spot, double strike, double years, double rate, double carry, out double vol)
    {
        vol = double.NaN;
        if (!(price > 0) || !double.IsFinite(price) || !(spot > 0) || !(strike > 0) || !(years > 0)) return false;
        var forward = spot * Math.Exp(carry * years);
        var undiscounted = price * Math.Exp(rate * years);
        if (!TrySolveTotal(type, undiscounted, forward, strike, out var w)) return false;
        vol = w / Math.Sqrt(years);
        return true;
    }

    /// <summary>As <see cref="TrySolve"/> but throws when there is no solution.</summary>
    public static double Solve(OptionType type, double price, double spot, double strike, double years, double rate, double carry)
    {
        if (!TrySolve(type, price, spot, strike, years, rate, carry, out var vol))
            throw new ArgumentException(
                $"No implied volatility reproduces price {price} for a {type} with strike {strike}, spot {spot}, T {years} years.",
                nameof(price));
        return vol;
    }

    /// <summary>Total volatility w = sigma sqrt T from an undiscounted Black price.</summary>
    public static bool TrySolveTotal(OptionType type, double undiscountedPrice, double forward, double strike, out double totalVol)
    {
        totalVol = double.NaN;
        var x = Math.Log(forward / strike);
        var sqrtFk = Math.Sqrt(forward * strike);
        var beta = undiscountedPrice / sqrtFk;
        // Out-of-the-money twin: a call with F > K becomes a put with the same w (parity), and a put
        // is a call with x -> -x in normalised form.
        var isCall = type == OptionType.Call;
        var intrinsic = isCall ? Math.Max(forward - strike, 0) : Math.Max(strike - forward, 0);
        if (!(undiscountedPrice > intrinsic)) return false;
        if (intrinsic > 0) beta = (undiscountedPrice - intrinsic) / sqrtFk;
        // Normalised OTM call with x <= 0: b(x, w) = e^{x/2} N(x/w + w/2) - e^{-x/2} N(x/w - w/2).
        var xo = isCall ? (x > 0 ? -x : x) : (x < 0 ? x : -x);
        var upper = Math.Exp(0.5 * xo);
        if (!(beta < upper) || beta < 1e-300) return false;
        // e^{x/2} and e^{-x/2} are the same in every Newton step: computed once per contract.
        var eMinusHalf = Math.Exp(-0.5 * xo);
        if (NormalisedCall(xo, MaxTotalVol, upper, eMinusHalf, out _) < beta) return false;

        var lnBeta = Math.Log(beta);
        // Start: the larger of the ATM (Brenner-Subrahmanyam) guess and the deep-OTM asymptote
        // ln b ~ -x^2 / (2 w^2); both sit near or below the root where ln b is concave.
        var w = Math.Max(beta * Math.Sqrt(2 * Math.PI), xo == 0 ? 0 : Math.Abs(xo) / Math.Sqrt(Math.Max(-2 * lnBeta, 1e-12)));
        w = Math.Clamp(w, 1e-8, MaxTotalVol);
        var lastStep = double.PositiveInfinity;
        for (var i = 0; i < MaxIterations; i++)
        {
            var b = NormalisedCall(xo, w, upper, eMinusHalf, out var d1);
            if (!(b > 0))
            {
                w *= 2;
                continue;
            }
            var vega = upper * Normal.Pdf(d1);
            var step = (Math.Log(b) - lnBeta) * b / vega;
            var next = w - step;
            if (next <= 0) next = 0.5 * w;
            if (next > MaxTotalVol) next = 0.5 * (w + MaxTotalVol);
            var done = Math.Abs(next - w) <= 1e-14 * Math.Max(1, w);
            lastStep = Math.Abs(next - w);
            w = next;
            if (done)
            {
                totalVol = w;
                return true;
            }
        }
        // Near the bounds the price's own rounding stops Newton short of 1e-14; a last step of
        // 1e-12 in total vol is still far inside 1e-10 in vol.
        if (lastStep <= 1e-12 * Math.Max(1, w))
        {
            totalVol = w;
            return true;
        }
        return false;
    }

    /// <summary>b(x, w) = e^{x/2} N(d1) - e^{-x/2} N(d2), d1 = x/w + w/2, with e^{+-x/2} supplied by the caller.</summary>
    private static double NormalisedCall(double x, double w, double eHalf, double eMinusHalf, out double d1)
    {
        d1 = x / w + 0.5 * w;
        var d2 = d1 - w;
        return eHalf * Normal.Cdf(d1) - eMinusHalf * Normal.Cdf(d2);
    }
}
