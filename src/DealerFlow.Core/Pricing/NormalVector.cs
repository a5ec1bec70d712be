using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DealerFlow.Core.Pricing;

/// <summary>
/// The standard normal distribution N(x) per vector lane, from the same Cody erfc approximations as
/// <see cref="Normal.Cdf"/>. Each of Cody's three ranges is a fixed-degree rational function; every
/// lane evaluates all three numerators and denominators, the range is chosen per lane by mask, and
/// one division finishes the lane. In the tails N = erfcx(|x| / sqrt 2) exp(-x^2/2) / 2, and the
/// Gaussian factor is taken from the caller, who has it already (phi(d1) for the greeks), so the
/// CDF costs no exp of its own. Agrees with <see cref="Normal.Cdf"/> to about 1e-15 relative in
/// the body and to (x^2/2) x 2^-52 relative in the far tail (the exp argument's own rounding).
/// </summary>
internal static class NormalVector
{
    private const double InvSqrt2 = 0.707106781186547524400844362105;
    private const double InvSqrtPi = 0.564189583547756286948079451561;

    /// <summary>N(x) given g = exp(-x^2/2) for the same x (any value when |x| &lt; 0.66).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Cdf(Vector512<double> x, Vector512<double> g)
    {
        var y = x * Vector512.Create(-InvSqrt2);
        var ay = Vector512.Abs(y);
        var one = Vector512<double>.One;

        // Range 1, |y| <= 0.46875: N = (1 - y R1(y^2)) / 2 with R1 = num1 / den1.
        var ysq = y * y;
        var n1 = Vector512.Create(1.85777706184603153e-1) * ysq;
        var d1 = ysq;
        n1 = (n1 + Vector512.Create(3.16112374387056560e00)) * ysq;
        d1 = (d1 + Vector512.Create(2.36012909523441209e01)) * ysq;
        n1 = (n1 + Vector512.Create(1.13864154151050156e02)) * ysq;
        d1 = (d1 + Vector512.Create(2.44024637934444173e02)) * ysq;
        n1 = (n1 + Vector512.Create(3.77485237685302021e02)) * ysq;
        d1 = (d1 + Vector512.Create(1.28261652607737228e03)) * ysq;
        n1 = (n1 + Vector512.Create(3.20937758913846947e03)) * y;
        d1 += Vector512.Create(2.84423683343917062e03);

        // Range 2, 0.46875 < |y| <= 4: erfc(|y|) e^{y^2} = num2 / den2.
        var t = Vector512.Max(ay, Vector512.Create(0.46875));
        var n2 = Vector512.Create(2.15311535474403846e-8) * t;
        var d2 = t;
        n2 = (n2 + Vector512.Create(5.64188496988670089e-1)) * t;
        d2 = (d2 + Vector512.Create(1.57449261107098347e01)) * t;
        n2 = (n2 + Vector512.Create(8.88314979438837594e00)) * t;
        d2 = (d2 + Vector512.Create(1.17693950891312499e02)) * t;
        n2 = (n2 + Vector512.Create(6.61191906371416295e01)) * t;
        d2 = (d2 + Vector512.Create(5.37181101862009858e02)) * t;
        n2 = (n2 + Vector512.Create(2.98635138197400131e02)) * t;
        d2 = (d2 + Vector512.Create(1.62138957456669019e03)) * t;
        n2 = (n2 + Vector512.Create(8.81952221241769090e02)) * t;
        d2 = (d2 + Vector512.Create(3.29079923573345963e03)) * t;
        n2 = (n2 + Vector512.Create(1.71204761263407058e03)) * t;
        d2 = (d2 + Vector512.Create(4.36261909014324716e03)) * t;
        n2 = (n2 + Vector512.Create(2.05107837782607147e03)) * t;
        d2 = (d2 + Vector512.Create(3.43936767414372164e03)) * t;
        n2 += Vector512.Create(1.23033935479799725e03);
        d2 += Vector512.Create(1.23033935480374942e03);

        // Range 3, |y| > 4: erfc(|y|) e^{y^2} = (1/sqrt(pi) - z R3(z)) / |y| with z = 1/y^2, as one fraction.
        var u = Vector512.Max(ay, Vector512.Create(4.0));
        var z = one / (u * u);
        var n3 = Vector512.Create(1.63153871373020978e-2) * z;
        var d3 = z;
        n3 = (n3 + Vector512.Create(3.05326634961232344e-1)) * z;
        d3 = (d3 + Vector512.Create(2.56852019228982242e00)) * z;
        n3 = (n3 + Vector512.Create(3.60344899949804439e-1)) * z;
        d3 = (d3 + Vector512.Create(1.87295284992346047e00)) * z;
        n3 = (n3 + Vector512.Create(1.25781726111229246e-1)) * z;
        d3 = (d3 + Vector512.Create(5.27905102951428412e-1)) * z;
        n3 = (n3 + Vector512.Create(1.60837851487422766e-2)) * z;
        d3 = (d3 + Vector512.Create(6.05183413124413191e-2)) * z;
        n3 += Vector512.Create(6.58749161529837803e-4);
        d3 += Vector512.Create(2.33520497626869185e-3);
        // (1/sqrt(pi) - z n3/d3) / u = (d3/sqrt(pi) - z n3) / (u d3)
        var num3 = Vector512.FusedMultiplyAdd(d3, Vector512.Create(InvSqrtPi), -(z * n3));
        var den3 = u * d3;

        var small = Vector512.LessThanOrEqual(ay, Vector512.Create(0.46875));
        var mid = Vector512.LessThanOrEqual(ay, Vector512.Create(4.0));
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

        var ysq = y * y;
        var n1 = Vector256.Create(1.85777706184603153e-1) * ysq;
        var d1 = ysq;
        n1 = (n1 + Vector256.Create(3.16112374387056560e00)) * ysq;
        d1 = (d1 + Vector256.Create(2.36012909523441209e01)) * ysq;
        n1 = (n1 + Vector256.Create(1.13864154151050156e02)) * ysq;
        d1 = (d1 + Vector256.Create(2.44024637934444173e02)) * ysq;
        n1 = (n1 + Vector256.Create(3.77485237685302021e02)) * ysq;
        d1 = (d1 + Vector256.Create(1.28261652607737228e03)) * ysq;
        n1 = (n1 + Vector256.Create(3.20937758913846947e03)) * y;
        d1 += Vector256.Create(2.84423683343917062e03);

        var t = Vector256.Max(ay, Vector256.Create(0.46875));
        var n2 = Vector256.Create(2.15311535474403846e-8) * t;
        var d2 = t;
        n2 = (n2 + Vector256.Create(5.64188496988670089e-1)) * t;
        d2 = (d2 + Vector256.Create(1.57449261107098347e01)) * t;
        n2 = (n2 + Vector256.Create(8.88314979438837594e00)) * t;
        d2 = (d2 + Vector256.Create(1.17693950891312499e02)) * t;
        n2 = (n2 + Vector256.Create(6.61191906371416295e01)) * t;
        d2 = (d2 + Vector256.Create(5.37181101862009858e02)) * t;
        n2 = (n2 + Vector256.Create(2.98635138197400131e02)) * t;
        d2 = (d2 + Vector256.Create(1.62138957456669019e03)) * t;
        n2 = (n2 + Vector256.Create(8.81952221241769090e02)) * t;
        d2 = (d2 + Vector256.Create(3.29079923573345963e03)) * t;
        n2 = (n2 + Vector256.Create(1.71204761263407058e03)) * t;
        d2 = (d2 + Vector256.Create(4.36261909014324716e03)) * t;
        n2 = (n2 + Vector256.Create(2.05107837782607147e03)) * t;
        d2 = (d2 + Vector256.Create(3.43936767414372164e03)) * t;
        n2 += Vector256.Create(1.23033935479799725e03);
        d2 += Vector256.Create(1.23033935480374942e03);

        var u = Vector256.Max(ay, Vector256.Create(4.0));
        var z = one / (u * u);
        var n3 = Vector256.Create(1.63153871373020978e-2) * z;
        var d3 = z;
        n3 = (n3 + Vector256.Create(3.05326634961232344e-1)) * z;
        d3 = (d3 + Vector256.Create(2.56852019228982242e00)) * z;
        n3 = (n3 + Vector256.Create(3.60344899949804439e-1)) * z;
        d3 = (d3 + Vector256.Create(1.87295284992346047e00)) * z;
        n3 = (n3 + Vector256.Create(1.25781726111229246e-1)) * z;
        d3 = (d3 + Vector256.Create(5.27905102951428412e-1)) * z;
        n3 = (n3 + Vector256.Create(1.60837851487422766e-2)) * z;
        d3 = (d3 + Vector256.Create(6.05183413124413191e-2)) * z;
        n3 += Vector256.Create(6.58749161529837803e-4);
        d3 += Vector256.Create(2.33520497626869185e-3);
        var num3 = Vector256.FusedMultiplyAdd(d3, Vector256.Create(InvSqrtPi), -(z * n3));
        var den3 = u * d3;

        var small = Vector256.LessThanOrEqual(ay, Vector256.Create(0.46875));
        var mid = Vector256.LessThanOrEqual(ay, Vector256.Create(4.0));
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
