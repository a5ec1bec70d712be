using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using static DealerFlow.Core.Pricing.Cody;

namespace DealerFlow.Core.Pricing;

/// <summary>
/// The standard normal distribution N(x) per vector lane, from the same Cody erfc approximations as
/// <see cref="Normal.Cdf"/>. Each of Cody's three ranges is a fixed-degree rational function; every
/// lane evaluates all three numerators and denominators, the range is chosen per lane by mask, and
/// one division finishes the lane. In the tails N = erfcx(|x| / sqrt 2) exp(-x^2/2) / 2, and the
/// Gaussian factor is taken from the caller, who has it already (phi(d1) for the greeks), so the
/// CDF costs no exp of its own. The rationals run as FMA Horner chains (the third range rewritten in
/// w = y^2 so it needs no division of its own): about 45 vector operations and one division per lane. Agrees with <see cref="Normal.Cdf"/> to about 1e-15 relative in
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
    public static Vector512<double> Cdf(Vector512<double> x, Vector512<double> g)
    {
        var y = x * Vector512.Create(-InvSqrt2);
        var ay = Vector512.Abs(y);
        var one = Vector512<double>.One;

        // A range no lane needs is skipped (neighbouring contracts usually share one).
        var small = Vector512.LessThanOrEqual(ay, Vector512.Create(0.46875));
        var mid = Vector512.LessThanOrEqual(ay, Vector512.Create(4.0));
        var n1 = one;
        var d1 = one;
        if (small.ExtractMostSignificantBits() != 0)
        {
            // Range 1, |y| <= 0.46875: erfc(y) = 1 - y num1(y^2) / den1(y^2).
            var ysq = y * y;
            n1 = Vector512.FusedMultiplyAdd(Vector512.Create(A4), ysq, Vector512.Create(A0));
            n1 = Vector512.FusedMultiplyAdd(n1, ysq, Vector512.Create(A1));
            n1 = Vector512.FusedMultiplyAdd(n1, ysq, Vector512.Create(A2));
            n1 = Vector512.FusedMultiplyAdd(n1, ysq, Vector512.Create(A3)) * y;
            d1 = ysq + Vector512.Create(B0);
            d1 = Vector512.FusedMultiplyAdd(d1, ysq, Vector512.Create(B1));
            d1 = Vector512.FusedMultiplyAdd(d1, ysq, Vector512.Create(B2));
            d1 = Vector512.FusedMultiplyAdd(d1, ysq, Vector512.Create(B3));
        }

        // Range 2, 0.46875 < |y| <= 4: erfc(|y|) e^{y^2} = num2(t) / den2(t).
        var n2 = one;
        var d2 = one;
        if ((mid & ~small).ExtractMostSignificantBits() != 0)
        {
            var t = VectorClamp.AtLeast(ay, Vector512.Create(0.46875));
            n2 = Vector512.FusedMultiplyAdd(Vector512.Create(C8), t, Vector512.Create(C0));
            n2 = Vector512.FusedMultiplyAdd(n2, t, Vector512.Create(C1));
            n2 = Vector512.FusedMultiplyAdd(n2, t, Vector512.Create(C2));
            n2 = Vector512.FusedMultiplyAdd(n2, t, Vector512.Create(C3));
            n2 = Vector512.FusedMultiplyAdd(n2, t, Vector512.Create(C4));
            n2 = Vector512.FusedMultiplyAdd(n2, t, Vector512.Create(C5));
            n2 = Vector512.FusedMultiplyAdd(n2, t, Vector512.Create(C6));
            n2 = Vector512.FusedMultiplyAdd(n2, t, Vector512.Create(C7));
            d2 = t + Vector512.Create(D0);
            d2 = Vector512.FusedMultiplyAdd(d2, t, Vector512.Create(D1));
            d2 = Vector512.FusedMultiplyAdd(d2, t, Vector512.Create(D2));
            d2 = Vector512.FusedMultiplyAdd(d2, t, Vector512.Create(D3));
            d2 = Vector512.FusedMultiplyAdd(d2, t, Vector512.Create(D4));
            d2 = Vector512.FusedMultiplyAdd(d2, t, Vector512.Create(D5));
            d2 = Vector512.FusedMultiplyAdd(d2, t, Vector512.Create(D6));
            d2 = Vector512.FusedMultiplyAdd(d2, t, Vector512.Create(D7));
        }

        // Range 3, |y| > 4: Cody's (1/sqrt(pi) - z P(z)/Q(z)) / u with z = 1/u^2, multiplied through
        // by w^5 (w = u^2) so it is polynomials in w and no division until the last one:
        // erfc(u) e^{u^2} = (w Qw(w) / sqrt(pi) - Pw(w)) / (u w Qw(w)). u is capped at 30 (N is 0 or 1 beyond 26.543).
        var num3 = one;
        var den3 = one;
        if ((~mid).ExtractMostSignificantBits() != 0)
        {
            var u = VectorClamp.AtMost(VectorClamp.AtLeast(ay, Vector512.Create(4.0)), Vector512.Create(30.0));
            var w = u * u;
            var n3 = Vector512.FusedMultiplyAdd(Vector512.Create(P4), w, Vector512.Create(P3));
            n3 = Vector512.FusedMultiplyAdd(n3, w, Vector512.Create(P2));
            n3 = Vector512.FusedMultiplyAdd(n3, w, Vector512.Create(P1));
            n3 = Vector512.FusedMultiplyAdd(n3, w, Vector512.Create(P0));
            n3 = Vector512.FusedMultiplyAdd(n3, w, Vector512.Create(P5));
            var d3 = Vector512.FusedMultiplyAdd(Vector512.Create(Q4), w, Vector512.Create(Q3));
            d3 = Vector512.FusedMultiplyAdd(d3, w, Vector512.Create(Q2));
            d3 = Vector512.FusedMultiplyAdd(d3, w, Vector512.Create(Q1));
            d3 = Vector512.FusedMultiplyAdd(d3, w, Vector512.Create(Q0));
            d3 = Vector512.FusedMultiplyAdd(d3, w, one);
            var wd3 = w * d3;
            num3 = Vector512.FusedMultiplyAdd(wd3, Vector512.Create(InvSqrtPi), -n3);
            den3 = u * wd3;
        }

        var num = Vector512.ConditionalSelect(small, n1, Vector512.ConditionalSelect(mid, n2, num3));
        var den = Vector512.ConditionalSelect(small, d1, Vector512.ConditionalSelect(mid, d2, den3));
        var r = num / den;
        var half = Vector512.Create(0.5);
        var body = half * (one - r);
        var tail = half * r * g;
        tail = Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(ay, Vector512.Create(26.543)), Vector512<double>.Zero, tail);
        var far = Vector512.ConditionalSelect(Vector512.GreaterThan(y, Vector512<double>.Zero), tail, one - tail);
        return Vector512.ConditionalSelect(small, body, far);
    }

    /// <summary>N(x) given g = exp(-x^2/2) for the same x (any value when |x| &lt; 0.66).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Cdf(Vector256<double> x, Vector256<double> g)
    {
        var y = x * Vector256.Create(-InvSqrt2);
        var ay = Vector256.Abs(y);
        var one = Vector256<double>.One;

        // A range no lane needs is skipped (neighbouring contracts usually share one).
        var small = Vector256.LessThanOrEqual(ay, Vector256.Create(0.46875));
        var mid = Vector256.LessThanOrEqual(ay, Vector256.Create(4.0));
        var n1 = one;
        var d1 = one;
        if (small.ExtractMostSignificantBits() != 0)
        {
            // Range 1, |y| <= 0.46875: erfc(y) = 1 - y num1(y^2) / den1(y^2).
            var ysq = y * y;
            n1 = Vector256.FusedMultiplyAdd(Vector256.Create(A4), ysq, Vector256.Create(A0));
            n1 = Vector256.FusedMultiplyAdd(n1, ysq, Vector256.Create(A1));
            n1 = Vector256.FusedMultiplyAdd(n1, ysq, Vector256.Create(A2));
            n1 = Vector256.FusedMultiplyAdd(n1, ysq, Vector256.Create(A3)) * y;
            d1 = ysq + Vector256.Create(B0);
            d1 = Vector256.FusedMultiplyAdd(d1, ysq, Vector256.Create(B1));
            d1 = Vector256.FusedMultiplyAdd(d1, ysq, Vector256.Create(B2));
            d1 = Vector256.FusedMultiplyAdd(d1, ysq, Vector256.Create(B3));
        }

        // Range 2, 0.46875 < |y| <= 4: erfc(|y|) e^{y^2} = num2(t) / den2(t).
        var n2 = one;
        var d2 = one;
        if ((mid & ~small).ExtractMostSignificantBits() != 0)
        {
            var t = VectorClamp.AtLeast(ay, Vector256.Create(0.46875));
            n2 = Vector256.FusedMultiplyAdd(Vector256.Create(C8), t, Vector256.Create(C0));
            n2 = Vector256.FusedMultiplyAdd(n2, t, Vector256.Create(C1));
            n2 = Vector256.FusedMultiplyAdd(n2, t, Vector256.Create(C2));
            n2 = Vector256.FusedMultiplyAdd(n2, t, Vector256.Create(C3));
            n2 = Vector256.FusedMultiplyAdd(n2, t, Vector256.Create(C4));
            n2 = Vector256.FusedMultiplyAdd(n2, t, Vector256.Create(C5));
            n2 = Vector256.FusedMultiplyAdd(n2, t, Vector256.Create(C6));
            n2 = Vector256.FusedMultiplyAdd(n2, t, Vector256.Create(C7));
            d2 = t + Vector256.Create(D0);
            d2 = Vector256.FusedMultiplyAdd(d2, t, Vector256.Create(D1));
            d2 = Vector256.FusedMultiplyAdd(d2, t, Vector256.Create(D2));
            d2 = Vector256.FusedMultiplyAdd(d2, t, Vector256.Create(D3));
            d2 = Vector256.FusedMultiplyAdd(d2, t, Vector256.Create(D4));
            d2 = Vector256.FusedMultiplyAdd(d2, t, Vector256.Create(D5));
            d2 = Vector256.FusedMultiplyAdd(d2, t, Vector256.Create(D6));
            d2 = Vector256.FusedMultiplyAdd(d2, t, Vector256.Create(D7));
        }

        // Range 3, |y| > 4: Cody's (1/sqrt(pi) - z P(z)/Q(z)) / u with z = 1/u^2, multiplied through
        // by w^5 (w = u^2) so it is polynomials in w and no division until the last one:
        // erfc(u) e^{u^2} = (w Qw(w) / sqrt(pi) - Pw(w)) / (u w Qw(w)). u is capped at 30 (N is 0 or 1 beyond 26.543).
        var num3 = one;
        var den3 = one;
        if ((~mid).ExtractMostSignificantBits() != 0)
        {
            var u = VectorClamp.AtMost(VectorClamp.AtLeast(ay, Vector256.Create(4.0)), Vector256.Create(30.0));
            var w = u * u;
            var n3 = Vector256.FusedMultiplyAdd(Vector256.Create(P4), w, Vector256.Create(P3));
            n3 = Vector256.FusedMultiplyAdd(n3, w, Vector256.Create(P2));
            n3 = Vector256.FusedMultiplyAdd(n3, w, Vector256.Create(P1));
            n3 = Vector256.FusedMultiplyAdd(n3, w, Vector256.Create(P0));
            n3 = Vector256.FusedMultiplyAdd(n3, w, Vector256.Create(P5));
            var d3 = Vector256.FusedMultiplyAdd(Vector256.Create(Q4), w, Vector256.Create(Q3));
            d3 = Vector256.FusedMultiplyAdd(d3, w, Vector256.Create(Q2));
            d3 = Vector256.FusedMultiplyAdd(d3, w, Vector256.Create(Q1));
            d3 = Vector256.FusedMultiplyAdd(d3, w, Vector256.Create(Q0));
            d3 = Vector256.FusedMultiplyAdd(d3, w, one);
            var wd3 = w * d3;
            num3 = Vector256.FusedMultiplyAdd(wd3, Vector256.Create(InvSqrtPi), -n3);
            den3 = u * wd3;
        }

        var num = Vector256.ConditionalSelect(small, n1, Vector256.ConditionalSelect(mid, n2, num3));
        var den = Vector256.ConditionalSelect(small, d1, Vector256.ConditionalSelect(mid, d2, den3));
        var r = num / den;
        var half = Vector256.Create(0.5);
        var body = half * (one - r);
        var tail = half * r * g;
        tail = Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(ay, Vector256.Create(26.543)), Vector256<double>.Zero, tail);
        var far = Vector256.ConditionalSelect(Vector256.GreaterThan(y, Vector256<double>.Zero), tail, one - tail);
        return Vector256.ConditionalSelect(small, body, far);
    }
}
