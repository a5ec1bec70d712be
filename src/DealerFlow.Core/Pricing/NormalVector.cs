using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static DealerFlow.Core.Pricing.Cody;

namespace DealerFlow.Core.Pricing;

/// <summary>
/// The standard normal distribution N(x) per vector lane, from the same Cody erfc approximations as
/// <see cref="Normal.Cdf"/>. Each of Cody's three ranges is a fixed-degree rational function. A vector
/// whose lanes all fall in one range (most: a chain's neighbouring contracts share one) evaluates that
/// range alone, with no selects (the greeks 13-24 % faster on Zen 4 at either width, docs/performance.md);
/// otherwise every range some lane needs is evaluated, the range is chosen per lane by mask, and one
/// division finishes the lane. Both ways do the same operations on a lane's values, so a lane's bits do
/// not depend on its neighbours (tested). In the tails N = erfcx(|x| / sqrt 2) exp(-x^2/2) / 2, and the
/// Gaussian factor is taken from the caller, who has it already (phi(d1) for the greeks), so the
/// CDF costs no exp of its own. The rationals run as FMA Horner chains (the third range rewritten in
/// w = y^2 so it needs no division of its own): in the common case of every lane in the second range, 17 operations for its rational, one division and about 10 operations around them. Agrees with <see cref="Normal.Cdf"/> to about 1e-15 relative in
/// the body and to (x^2/2) x 2^-52 relative in the far tail (the exp argument's own rounding).
/// </summary>
internal static class NormalVector
{
    // Why a Vector512 and a Vector256 twin of the same rationals (issue 12): on x86 Vector<T> is 256 bits wide unless the
    // whole process opts into 512 (DOTNET_PreferredVectorBitWidth=512), so one Vector<T> body would give up the AVX-512
    // greeks and IV paths (greeks 4.5 ns per contract at 512 bits on the AVX-512 EPYC of November, docs/performance.md,
    // against 12 ns at 256 bits without it); and the callers' loops (SpotGreeks, ImpliedVol) pick one width each.

    /// <summary>N(x) given g = exp(-x^2/2) for the same x (any value when |x| &lt; 0.66).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Cdf(Vector512<double> x, Vector512<double> g) => CdfPair(x, g).Up;

    /// <summary>
    /// N(x) and N(-x) given g = exp(-x^2/2), from one evaluation of the rational (a strike's call and put at one IV need
    /// both); each equal bit for bit to <see cref="Cdf(Vector512{double}, Vector512{double})"/> of x and of -x, whose
    /// rationals differ only in the sign of the odd first-range numerator (tested).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector512<double> Up, Vector512<double> Down) CdfPair(Vector512<double> x, Vector512<double> g)
    {
        var y = x * Vector512.Create(-InvSqrt2);
        var ay = Vector512.Abs(y);
        var one = Vector512<double>.One;
        var half = Vector512.Create(0.5);
        var small = Vector512.LessThanOrEqual(ay, Vector512.Create(0.46875));
        var mid = Vector512.LessThanOrEqual(ay, Vector512.Create(4.0));
        var positive = Vector512.GreaterThan(y, Vector512<double>.Zero);
        var smallLanes = small.ExtractMostSignificantBits();
        var midLanes = (mid & ~small).ExtractMostSignificantBits();

        // Every lane in one range (most vectors: neighbouring contracts share one): that range alone, none of the selects;
        // the same operations on the same values as the general path below, so the same bits.
        if (midLanes == 0xFF)
        {
            var (n, d) = Range2(ay);
            var tail = half * (n / d) * g;
            return (Vector512.ConditionalSelect(positive, tail, one - tail), Vector512.ConditionalSelect(positive, one - tail, tail));
        }
        if (smallLanes == 0xFF)
        {
            var (n, d) = Range1(y);
            var q = n / d;
            return (half * (one - q), half * (one + q));
        }

        // Lanes in different ranges: each range some lane needs, then the lane's own by mask.
        var (n1, d1) = smallLanes != 0 ? Range1(y) : (one, one);
        var (n2, d2) = midLanes != 0 ? Range2(VectorClamp.AtLeast(ay, Vector512.Create(0.46875))) : (one, one);
        var (num3, den3) = (~mid).ExtractMostSignificantBits() != 0 ? Range3(ay) : (one, one);
        var num = Vector512.ConditionalSelect(small, n1, Vector512.ConditionalSelect(mid, n2, num3));
        var den = Vector512.ConditionalSelect(small, d1, Vector512.ConditionalSelect(mid, d2, den3));
        var r = num / den;
        var far = half * r * g;
        far = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(ay, Vector512.Create(26.543)), Vector512<double>.Zero, far);
        return (Vector512.ConditionalSelect(small, half * (one - r), Vector512.ConditionalSelect(positive, far, one - far)),
            Vector512.ConditionalSelect(small, half * (one + r), Vector512.ConditionalSelect(positive, one - far, far)));
    }

    /// <summary>Range 1, |y| &lt;= 0.46875: erfc(y) = 1 - num / den.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<double> Num, Vector512<double> Den) Range1(Vector512<double> y)
    {
        var ysq = y * y;
        var n = Vector512.FusedMultiplyAdd(Vector512.Create(A4), ysq, Vector512.Create(A0));
        n = Vector512.FusedMultiplyAdd(n, ysq, Vector512.Create(A1));
        n = Vector512.FusedMultiplyAdd(n, ysq, Vector512.Create(A2));
        n = Vector512.FusedMultiplyAdd(n, ysq, Vector512.Create(A3)) * y;
        var d = ysq + Vector512.Create(B0);
        d = Vector512.FusedMultiplyAdd(d, ysq, Vector512.Create(B1));
        d = Vector512.FusedMultiplyAdd(d, ysq, Vector512.Create(B2));
        d = Vector512.FusedMultiplyAdd(d, ysq, Vector512.Create(B3));
        return (n, d);
    }

    /// <summary>Range 2, 0.46875 &lt; t = |y| &lt;= 4: erfc(t) e^{t^2} = num / den.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<double> Num, Vector512<double> Den) Range2(Vector512<double> t)
    {
        var n = Vector512.FusedMultiplyAdd(Vector512.Create(C8), t, Vector512.Create(C0));
        n = Vector512.FusedMultiplyAdd(n, t, Vector512.Create(C1));
        n = Vector512.FusedMultiplyAdd(n, t, Vector512.Create(C2));
        n = Vector512.FusedMultiplyAdd(n, t, Vector512.Create(C3));
        n = Vector512.FusedMultiplyAdd(n, t, Vector512.Create(C4));
        n = Vector512.FusedMultiplyAdd(n, t, Vector512.Create(C5));
        n = Vector512.FusedMultiplyAdd(n, t, Vector512.Create(C6));
        n = Vector512.FusedMultiplyAdd(n, t, Vector512.Create(C7));
        var d = t + Vector512.Create(D0);
        d = Vector512.FusedMultiplyAdd(d, t, Vector512.Create(D1));
        d = Vector512.FusedMultiplyAdd(d, t, Vector512.Create(D2));
        d = Vector512.FusedMultiplyAdd(d, t, Vector512.Create(D3));
        d = Vector512.FusedMultiplyAdd(d, t, Vector512.Create(D4));
        d = Vector512.FusedMultiplyAdd(d, t, Vector512.Create(D5));
        d = Vector512.FusedMultiplyAdd(d, t, Vector512.Create(D6));
        d = Vector512.FusedMultiplyAdd(d, t, Vector512.Create(D7));
        return (n, d);
    }

    /// <summary>
    /// Range 3, |y| &gt; 4: Cody's (1/sqrt(pi) - z P(z)/Q(z)) / u with z = 1/u^2, multiplied through by w^5 (w = u^2) so it
    /// is polynomials in w and no division until the caller's: erfc(u) e^{u^2} = (w Qw(w) / sqrt(pi) - Pw(w)) / (u w Qw(w)).
    /// u = |y| is taken in [4, 30] (N is 0 or 1 beyond 26.543).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<double> Num, Vector512<double> Den) Range3(Vector512<double> ay)
    {
        var u = VectorClamp.AtMost(VectorClamp.AtLeast(ay, Vector512.Create(4.0)), Vector512.Create(30.0));
        var w = u * u;
        var n = Vector512.FusedMultiplyAdd(Vector512.Create(P4), w, Vector512.Create(P3));
        n = Vector512.FusedMultiplyAdd(n, w, Vector512.Create(P2));
        n = Vector512.FusedMultiplyAdd(n, w, Vector512.Create(P1));
        n = Vector512.FusedMultiplyAdd(n, w, Vector512.Create(P0));
        n = Vector512.FusedMultiplyAdd(n, w, Vector512.Create(P5));
        var d = Vector512.FusedMultiplyAdd(Vector512.Create(Q4), w, Vector512.Create(Q3));
        d = Vector512.FusedMultiplyAdd(d, w, Vector512.Create(Q2));
        d = Vector512.FusedMultiplyAdd(d, w, Vector512.Create(Q1));
        d = Vector512.FusedMultiplyAdd(d, w, Vector512.Create(Q0));
        d = Vector512.FusedMultiplyAdd(d, w, Vector512<double>.One);
        var wd = w * d;
        return (Vector512.FusedMultiplyAdd(wd, Vector512.Create(InvSqrtPi), -n), u * wd);
    }

    /// <summary>N(x) given g = exp(-x^2/2) for the same x (any value when |x| &lt; 0.66).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Cdf(Vector256<double> x, Vector256<double> g) => CdfPair(x, g).Up;

    /// <summary>
    /// N(x) and N(-x) given g = exp(-x^2/2), from one evaluation of the rational (a strike's call and put at one IV need
    /// both); each equal bit for bit to <see cref="Cdf(Vector256{double}, Vector256{double})"/> of x and of -x, whose
    /// rationals differ only in the sign of the odd first-range numerator (tested).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector256<double> Up, Vector256<double> Down) CdfPair(Vector256<double> x, Vector256<double> g)
    {
        var y = x * Vector256.Create(-InvSqrt2);
        var ay = Vector256.Abs(y);
        var one = Vector256<double>.One;
        var half = Vector256.Create(0.5);
        var small = Vector256.LessThanOrEqual(ay, Vector256.Create(0.46875));
        var mid = Vector256.LessThanOrEqual(ay, Vector256.Create(4.0));
        var positive = Vector256.GreaterThan(y, Vector256<double>.Zero);
        var smallLanes = small.ExtractMostSignificantBits();
        var midLanes = (mid & ~small).ExtractMostSignificantBits();

        // Every lane in one range (most vectors: neighbouring contracts share one): that range alone, none of the selects;
        // the same operations on the same values as the general path below, so the same bits.
        if (midLanes == 0xF)
        {
            var (n, d) = Range2(ay);
            var tail = half * (n / d) * g;
            return (Vector256.ConditionalSelect(positive, tail, one - tail), Vector256.ConditionalSelect(positive, one - tail, tail));
        }
        if (smallLanes == 0xF)
        {
            var (n, d) = Range1(y);
            var q = n / d;
            return (half * (one - q), half * (one + q));
        }

        // Lanes in different ranges: each range some lane needs, then the lane's own by mask.
        var (n1, d1) = smallLanes != 0 ? Range1(y) : (one, one);
        var (n2, d2) = midLanes != 0 ? Range2(VectorClamp.AtLeast(ay, Vector256.Create(0.46875))) : (one, one);
        var (num3, den3) = (~mid).ExtractMostSignificantBits() != 0 ? Range3(ay) : (one, one);
        var num = Vector256.ConditionalSelect(small, n1, Vector256.ConditionalSelect(mid, n2, num3));
        var den = Vector256.ConditionalSelect(small, d1, Vector256.ConditionalSelect(mid, d2, den3));
        var r = num / den;
        var far = half * r * g;
        far = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(ay, Vector256.Create(26.543)), Vector256<double>.Zero, far);
        return (Vector256.ConditionalSelect(small, half * (one - r), Vector256.ConditionalSelect(positive, far, one - far)),
            Vector256.ConditionalSelect(small, half * (one + r), Vector256.ConditionalSelect(positive, one - far, far)));
    }

    /// <summary>Range 1, |y| &lt;= 0.46875: erfc(y) = 1 - num / den.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<double> Num, Vector256<double> Den) Range1(Vector256<double> y)
    {
        var ysq = y * y;
        var n = Vector256.FusedMultiplyAdd(Vector256.Create(A4), ysq, Vector256.Create(A0));
        n = Vector256.FusedMultiplyAdd(n, ysq, Vector256.Create(A1));
        n = Vector256.FusedMultiplyAdd(n, ysq, Vector256.Create(A2));
        n = Vector256.FusedMultiplyAdd(n, ysq, Vector256.Create(A3)) * y;
        var d = ysq + Vector256.Create(B0);
        d = Vector256.FusedMultiplyAdd(d, ysq, Vector256.Create(B1));
        d = Vector256.FusedMultiplyAdd(d, ysq, Vector256.Create(B2));
        d = Vector256.FusedMultiplyAdd(d, ysq, Vector256.Create(B3));
        return (n, d);
    }

    /// <summary>Range 2, 0.46875 &lt; t = |y| &lt;= 4: erfc(t) e^{t^2} = num / den.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<double> Num, Vector256<double> Den) Range2(Vector256<double> t)
    {
        var n = Vector256.FusedMultiplyAdd(Vector256.Create(C8), t, Vector256.Create(C0));
        n = Vector256.FusedMultiplyAdd(n, t, Vector256.Create(C1));
        n = Vector256.FusedMultiplyAdd(n, t, Vector256.Create(C2));
        n = Vector256.FusedMultiplyAdd(n, t, Vector256.Create(C3));
        n = Vector256.FusedMultiplyAdd(n, t, Vector256.Create(C4));
        n = Vector256.FusedMultiplyAdd(n, t, Vector256.Create(C5));
        n = Vector256.FusedMultiplyAdd(n, t, Vector256.Create(C6));
        n = Vector256.FusedMultiplyAdd(n, t, Vector256.Create(C7));
        var d = t + Vector256.Create(D0);
        d = Vector256.FusedMultiplyAdd(d, t, Vector256.Create(D1));
        d = Vector256.FusedMultiplyAdd(d, t, Vector256.Create(D2));
        d = Vector256.FusedMultiplyAdd(d, t, Vector256.Create(D3));
        d = Vector256.FusedMultiplyAdd(d, t, Vector256.Create(D4));
        d = Vector256.FusedMultiplyAdd(d, t, Vector256.Create(D5));
        d = Vector256.FusedMultiplyAdd(d, t, Vector256.Create(D6));
        d = Vector256.FusedMultiplyAdd(d, t, Vector256.Create(D7));
        return (n, d);
    }

    /// <summary>
    /// Range 3, |y| &gt; 4: Cody's (1/sqrt(pi) - z P(z)/Q(z)) / u with z = 1/u^2, multiplied through by w^5 (w = u^2) so it
    /// is polynomials in w and no division until the caller's: erfc(u) e^{u^2} = (w Qw(w) / sqrt(pi) - Pw(w)) / (u w Qw(w)).
    /// u = |y| is taken in [4, 30] (N is 0 or 1 beyond 26.543).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<double> Num, Vector256<double> Den) Range3(Vector256<double> ay)
    {
        var u = VectorClamp.AtMost(VectorClamp.AtLeast(ay, Vector256.Create(4.0)), Vector256.Create(30.0));
        var w = u * u;
        var n = Vector256.FusedMultiplyAdd(Vector256.Create(P4), w, Vector256.Create(P3));
        n = Vector256.FusedMultiplyAdd(n, w, Vector256.Create(P2));
        n = Vector256.FusedMultiplyAdd(n, w, Vector256.Create(P1));
        n = Vector256.FusedMultiplyAdd(n, w, Vector256.Create(P0));
        n = Vector256.FusedMultiplyAdd(n, w, Vector256.Create(P5));
        var d = Vector256.FusedMultiplyAdd(Vector256.Create(Q4), w, Vector256.Create(Q3));
        d = Vector256.FusedMultiplyAdd(d, w, Vector256.Create(Q2));
        d = Vector256.FusedMultiplyAdd(d, w, Vector256.Create(Q1));
        d = Vector256.FusedMultiplyAdd(d, w, Vector256.Create(Q0));
        d = Vector256.FusedMultiplyAdd(d, w, Vector256<double>.One);
        var wd = w * d;
        return (Vector256.FusedMultiplyAdd(wd, Vector256.Create(InvSqrtPi), -n), u * wd);
    }
}
