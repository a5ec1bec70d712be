using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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
    public static bool TrySolve(in ImpliedVolInputs o, out double vol) =>
        TrySolve(o.Type, o.Price, o.Spot, o.Strike, o.Years, o.Rate, o.Carry, out vol);

    /// <summary>As <see cref="TrySolve(in ImpliedVolInputs, out double)"/> but throws when there is no solution.</summary>
    public static double Solve(in ImpliedVolInputs o)
    {
        if (!TrySolve(o, out var vol))
        {
            throw new ArgumentException(
                $"No implied volatility reproduces price {o.Price} for a {o.Type} with strike {o.Strike}, spot {o.Spot}, T {o.Years} years.",
                nameof(o));
        }

        return vol;
    }

    // The positional form stays private: the batched path's scalar fallbacks call it per contract.
    private static bool TrySolve(OptionType type, double price, double spot, double strike, double years, double rate, double carry, out double vol)
    {
        vol = double.NaN;
        if (!(price > 0) || !double.IsFinite(price) || !(spot > 0) || !(strike > 0) || !(years > 0)) return false;
        var forward = spot * Math.Exp(carry * years);
        var undiscounted = price * Math.Exp(rate * years);
        if (!TrySolveTotal(type, undiscounted, forward, strike, out var w)) return false;
        vol = w / Math.Sqrt(years);
        return true;
    }

    /// <summary>Total volatility w = sigma sqrt T from an undiscounted Black price.</summary>
    public static bool TrySolveTotal(OptionType type, double undiscountedPrice, double forward, double strike, out double totalVol)
    {
        totalVol = double.NaN;
        if (!TryStart(type, undiscountedPrice, forward, strike, out var start)) return false;
        var (xo, upper, eMinusHalf, lnBeta) = (start.Xo, start.EHalf, start.EMinusHalf, start.LnBeta);
        if (NormalisedCall(xo, MaxTotalVol, upper, eMinusHalf, out _) < start.Beta) return false;
        var w = start.W;
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

    /// <summary>
    /// <see cref="TrySolve(in ImpliedVolInputs, out double)"/> for many contracts at once: vol[i] is the implied vol of contract i, or
    /// NaN where <see cref="TrySolve(in ImpliedVolInputs, out double)"/> would return false. The checks and the start are scalar per
    /// contract; the Newton steps run 8 contracts per AVX-512 vector (the same step, clamps and
    /// stopping rule as the scalar solver, lanes that have converged held still), with the vector
    /// exp and the vector Cody CDF; a lane that has not converged after the scalar solver's iteration
    /// limit is solved again by the scalar code. Without AVX-512 it is the scalar solver in a loop.
    /// Agrees with <see cref="TrySolve(in ImpliedVolInputs, out double)"/> to about 1e-14 in vol (tested).
    /// </summary>
    public static void TrySolveMany(ReadOnlySpan<OptionType> type, ReadOnlySpan<double> price, double spot, ReadOnlySpan<double> strike,
        ReadOnlySpan<double> years, double rate, ReadOnlySpan<double> carry, Span<double> vol)
    {
        var n = type.Length;
        if (price.Length != n || strike.Length != n || years.Length != n || carry.Length != n || vol.Length < n)
            throw new ArgumentException("Every input span must hold one value per contract, and the output at least as many.");
        var i = 0;
        if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported)
        {
            Span<double> lanes = stackalloc double[7 * 8];
            for (; i < n; i += 8)
            {
                var count = Math.Min(8, n - i);
                SolveEight(type.Slice(i, count), price.Slice(i, count), spot, strike.Slice(i, count), years.Slice(i, count), rate, carry.Slice(i, count), vol.Slice(i, count), lanes);
            }
            return;
        }
        for (; i < n; i++)
            vol[i] = TrySolve(type[i], price[i], spot, strike[i], years[i], rate, carry[i], out var v) ? v : double.NaN;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SolveEight(ReadOnlySpan<OptionType> type, ReadOnlySpan<double> price, double spot, ReadOnlySpan<double> strike,
        ReadOnlySpan<double> years, double rate, ReadOnlySpan<double> carry, Span<double> vol, Span<double> lanes)
    {
        // Lane columns: xo, e^{xo/2}, e^{-xo/2}, beta, ln beta, w, active (1 or 0).
        var xoL = lanes[..8];
        var ehL = lanes.Slice(8, 8);
        var emhL = lanes.Slice(16, 8);
        var betaL = lanes.Slice(24, 8);
        var lnBetaL = lanes.Slice(32, 8);
        var wL = lanes.Slice(40, 8);
        var activeL = lanes.Slice(48, 8);
        for (var k = 0; k < 8; k++)
        {
            // Idle lanes carry a harmless problem (x = 0, beta = 0.1) and are never read back.
            xoL[k] = 0; ehL[k] = 1; emhL[k] = 1; betaL[k] = 0.1; lnBetaL[k] = Math.Log(0.1); wL[k] = 0.25; activeL[k] = 0;
            if (k >= type.Length) continue;
            vol[k] = double.NaN;
            var (p, kk, t) = (price[k], strike[k], years[k]);
            if (!(p > 0) || !double.IsFinite(p) || !(spot > 0) || !(kk > 0) || !(t > 0)) continue;
            var forward = spot * Math.Exp(carry[k] * t);
            var undiscounted = p * Math.Exp(rate * t);
            if (!TryStart(type[k], undiscounted, forward, kk, out var st)) continue;
            xoL[k] = st.Xo; ehL[k] = st.EHalf; emhL[k] = st.EMinusHalf; betaL[k] = st.Beta; lnBetaL[k] = st.LnBeta; wL[k] = st.W; activeL[k] = 1;
        }
        ref var r = ref MemoryMarshal.GetReference(lanes);
        var xo = Vector512.LoadUnsafe(ref r);
        var eh = Vector512.LoadUnsafe(ref r, 8);
        var emh = Vector512.LoadUnsafe(ref r, 16);
        var beta = Vector512.LoadUnsafe(ref r, 24);
        var lnBeta = Vector512.LoadUnsafe(ref r, 32);
        var w = Vector512.LoadUnsafe(ref r, 40);
        var active = Vector512.Equals(Vector512.LoadUnsafe(ref r, 48), Vector512<double>.One);
        var maxW = Vector512.Create(MaxTotalVol);
        // No volatility up to the cap reaches the price: no solution (as the scalar check).
        active &= ~Vector512.LessThan(NormalisedCall(xo, maxW, eh, emh, out _), beta);
        var converged = Vector512<double>.Zero;
        var lastStep = Vector512.Create(double.PositiveInfinity);
        var one = Vector512<double>.One;
        var half = Vector512.Create(0.5);
        for (var it = 0; it < MaxIterations && active.ExtractMostSignificantBits() != 0; it++)
        {
            var b = NormalisedCall(xo, w, eh, emh, out var g1);
            var bad = ~Vector512.GreaterThan(b, Vector512<double>.Zero); // b <= 0 or NaN: double w, as the scalar solver
            var vega = eh * Vector512.Create(Normal.InvSqrt2Pi) * g1;
            var step = (Vector512.Log(b) - lnBeta) * b / vega;
            var next = w - step;
            next = Vector512.ConditionalSelect(Vector512.LessThanOrEqual(next, Vector512<double>.Zero), half * w, next);
            next = Vector512.ConditionalSelect(Vector512.GreaterThan(next, maxW), half * (w + maxW), next);
            var move = Vector512.Abs(next - w);
            var done = Vector512.LessThanOrEqual(move, Vector512.Create(1e-14) * Vector512.Max(one, w)) & ~bad;
            next = Vector512.ConditionalSelect(bad, w + w, next);
            lastStep = Vector512.ConditionalSelect(active & ~bad, move, lastStep);
            w = Vector512.ConditionalSelect(active, next, w);
            converged |= active & done;
            active &= ~done;
        }
        // Near the bounds the price's own rounding stops Newton short of 1e-14 (scalar rule).
        converged |= active & Vector512.LessThanOrEqual(lastStep, Vector512.Create(1e-12) * Vector512.Max(one, w));
        var convergedBits = converged.ExtractMostSignificantBits();
        var retryBits = (active & ~converged).ExtractMostSignificantBits();
        for (var k = 0; k < type.Length; k++)
        {
            if (((convergedBits >> k) & 1) != 0) vol[k] = w[k] / Math.Sqrt(years[k]);
            else if (((retryBits >> k) & 1) != 0)
                vol[k] = TrySolve(type[k], price[k], spot, strike[k], years[k], rate, carry[k], out var v) ? v : double.NaN;
        }
    }

    /// <summary>Vector b(x, w) = e^{x/2} N(d1) - e^{-x/2} N(d2); <paramref name="g1"/> = e^{-d1^2/2}.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> NormalisedCall(Vector512<double> x, Vector512<double> w, Vector512<double> eHalf, Vector512<double> eMinusHalf, out Vector512<double> g1)
    {
        var d1 = x / w + Vector512.Create(0.5) * w;
        var d2 = d1 - w;
        var floor = Vector512.Create(-700.0);
        var minusHalf = Vector512.Create(-0.5);
        g1 = VectorExp.NonPositive(Vector512.Max(minusHalf * d1 * d1, floor));
        var g2 = VectorExp.NonPositive(Vector512.Max(minusHalf * d2 * d2, floor));
        return eHalf * NormalVector.Cdf(d1, g1) - eMinusHalf * NormalVector.Cdf(d2, g2);
    }

    /// <summary>What a Newton solve starts from: the normalised out-of-the-money problem and the first guess.</summary>
    private readonly record struct Start(double Xo, double EHalf, double EMinusHalf, double Beta, double LnBeta, double W);

    /// <summary>
    /// The checks and the start of <see cref="TrySolveTotal"/>, shared with <see cref="TrySolveMany"/>:
    /// false when the price is at or below intrinsic value or at or above the upper bound.
    /// </summary>
    private static bool TryStart(OptionType type, double undiscountedPrice, double forward, double strike, out Start start)
    {
        start = default;
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
        var lnBeta = Math.Log(beta);
        // Start: the larger of the ATM (Brenner-Subrahmanyam) guess and the deep-OTM asymptote
        // ln b ~ -x^2 / (2 w^2); both sit near or below the root where ln b is concave.
        var w = Math.Max(beta * Math.Sqrt(2 * Math.PI), xo == 0 ? 0 : Math.Abs(xo) / Math.Sqrt(Math.Max(-2 * lnBeta, 1e-12)));
        w = Math.Clamp(w, 1e-8, MaxTotalVol);
        start = new Start(xo, upper, eMinusHalf, beta, lnBeta, w);
        return true;
    }

    /// <summary>b(x, w) = e^{x/2} N(d1) - e^{-x/2} N(d2), d1 = x/w + w/2, with e^{+-x/2} supplied by the caller.</summary>
    private static double NormalisedCall(double x, double w, double eHalf, double eMinusHalf, out double d1)
    {
        d1 = x / w + 0.5 * w;
        var d2 = d1 - w;
        return eHalf * Normal.Cdf(d1) - eMinusHalf * Normal.Cdf(d2);
    }
}
