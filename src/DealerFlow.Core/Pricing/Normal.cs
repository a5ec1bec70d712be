using System.Runtime.CompilerServices;

namespace DealerFlow.Core.Pricing;

/// <summary>
/// Standard normal density and distribution to full double precision. .NET has no <c>Math.Erf</c>;
/// the cumulative is computed from erfc with W. J. Cody's rational Chebyshev approximations
/// ("Rational Chebyshev approximations for the error function", Math. Comp. 1969), whose three
/// ranges are each a fixed-degree rational function times one exp: branch-free within a range, so a
/// vector version evaluates the ranges and blends. Relative error about 1e-16 in the body and the
/// lower tail (tested against MathNet.Numerics).
/// </summary>
public static class Normal
{
    /// <summary>1 / sqrt(2 pi).</summary>
    public const double InvSqrt2Pi = 0.398942280401432677939946059934;

    private const double InvSqrt2 = 0.707106781186547524400844362105;
    private const double InvSqrtPi = 0.564189583547756286948079451561;

    private static readonly double[] A = [3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02, 3.20937758913846947e03, 1.85777706184603153e-1];
    private static readonly double[] B = [2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03, 2.84423683343917062e03];
    private static readonly double[] C = [5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01, 2.98635138197400131e02, 8.81952221241769090e02, 1.71204761263407058e03, 2.05107837782607147e03, 1.23033935479799725e03, 2.15311535474403846e-8];
    private static readonly double[] D = [1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02, 1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03, 3.43936767414372164e03, 1.23033935480374942e03];
    private static readonly double[] P = [3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2];
    private static readonly double[] Q = [2.56852019228982242e00, 1.87295284992346047e00, 5.27905102951428412e-1, 6.05183413124413191e-2, 2.33520497626869185e-3];

    /// <summary>Standard normal density phi(x) = exp(-x^2/2) / sqrt(2 pi).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Pdf(double x) => InvSqrt2Pi * Math.Exp(-0.5 * x * x);

    /// <summary>
    /// Standard normal distribution N(x) = P(Z &lt;= x) = erfc(-x / sqrt 2) / 2. In the tails the
    /// Gaussian factor exp(-x^2/2) is formed from x itself (not from the rounded x / sqrt 2), so the
    /// lower tail keeps full relative precision down to x = -37.
    /// </summary>
    public static double Cdf(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        var y = -x * InvSqrt2;
        var ay = Math.Abs(y);
        if (ay <= 0.46875) return 0.5 * Erfc(y);
        if (ay >= 26.543) return y > 0 ? 0 : 1;
        var r = ErfcScaled(ay);
        // exp(-x^2/2) = exp(-h^2/2) exp(-(|x|-h)(|x|+h)/2) with h = |x| truncated to 1/16: h^2 is exact.
        var ax = Math.Abs(x);
        var h = Math.Truncate(ax * 16) / 16;
        var tail = 0.5 * r * Math.Exp(-0.5 * h * h) * Math.Exp(-0.5 * (ax - h) * (ax + h));
        return y > 0 ? tail : 1 - tail;
    }

    /// <summary>erfc(y) e^{y^2} for y &gt; 0.46875 (Cody's second and third ranges).</summary>
    private static double ErfcScaled(double y)
    {
        if (y <= 4)
        {
            var num = C[8] * y;
            var den = y;
            for (var i = 0; i < 7; i++)
            {
                num = (num + C[i]) * y;
                den = (den + D[i]) * y;
            }
            return (num + C[7]) / (den + D[7]);
        }
        var ysq = 1 / (y * y);
        var pn = P[5] * ysq;
        var pd = ysq;
        for (var i = 0; i < 4; i++)
        {
            pn = (pn + P[i]) * ysq;
            pd = (pd + Q[i]) * ysq;
        }
        return (InvSqrtPi - ysq * (pn + P[4]) / (pd + Q[4])) / y;
    }

    /// <summary>Complementary error function erfc(x) = 1 - erf(x), accurate in relative terms for large x.</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        var y = Math.Abs(x);
        if (y <= 0.46875)
        {
            var ysq = y * y;
            var num = A[4] * ysq;
            var den = ysq;
            for (var i = 0; i < 3; i++)
            {
                num = (num + A[i]) * ysq;
                den = (den + B[i]) * ysq;
            }
            return 1 - x * (num + A[3]) / (den + B[3]);
        }
        var result = 0.0;
        if (y < 26.543)
        {
            // exp(-y^2) split as exp(-h^2) exp(-(y-h)(y+h)) with h = y truncated to 1/16, so the
            // square loses no bits (Cody's device for full relative accuracy in the tail).
            var h = Math.Truncate(y * 16) / 16;
            result = ErfcScaled(y) * Math.Exp(-h * h) * Math.Exp(-(y - h) * (y + h));
        }
        return x < 0 ? 2 - result : result;
    }
}
