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
        // Cody's loops unrolled with the coefficients as constants (same operations in the same
        // order as the array form, so bit-for-bit the same results, without loads or bounds checks).
        if (y <= 4)
        {
            var num = 2.15311535474403846e-8 * y;
            var den = y;
            num = (num + 5.64188496988670089e-1) * y;
            den = (den + 1.57449261107098347e01) * y;
            num = (num + 8.88314979438837594e00) * y;
            den = (den + 1.17693950891312499e02) * y;
            num = (num + 6.61191906371416295e01) * y;
            den = (den + 5.37181101862009858e02) * y;
            num = (num + 2.98635138197400131e02) * y;
            den = (den + 1.62138957456669019e03) * y;
            num = (num + 8.81952221241769090e02) * y;
            den = (den + 3.29079923573345963e03) * y;
            num = (num + 1.71204761263407058e03) * y;
            den = (den + 4.36261909014324716e03) * y;
            num = (num + 2.05107837782607147e03) * y;
            den = (den + 3.43936767414372164e03) * y;
            return (num + 1.23033935479799725e03) / (den + 1.23033935480374942e03);
        }
        var ysq = 1 / (y * y);
        var pn = 1.63153871373020978e-2 * ysq;
        var pd = ysq;
        pn = (pn + 3.05326634961232344e-1) * ysq;
        pd = (pd + 2.56852019228982242e00) * ysq;
        pn = (pn + 3.60344899949804439e-1) * ysq;
        pd = (pd + 1.87295284992346047e00) * ysq;
        pn = (pn + 1.25781726111229246e-1) * ysq;
        pd = (pd + 5.27905102951428412e-1) * ysq;
        pn = (pn + 1.60837851487422766e-2) * ysq;
        pd = (pd + 6.05183413124413191e-2) * ysq;
        return (InvSqrtPi - ysq * (pn + 6.58749161529837803e-4) / (pd + 2.33520497626869185e-3)) / y;
    }

    /// <summary>Complementary error function erfc(x) = 1 - erf(x), accurate in relative terms for large x.</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        var y = Math.Abs(x);
        if (y <= 0.46875)
        {
            var ysq = y * y;
            var num = 1.85777706184603153e-1 * ysq;
            var den = ysq;
            num = (num + 3.16112374387056560e00) * ysq;
            den = (den + 2.36012909523441209e01) * ysq;
            num = (num + 1.13864154151050156e02) * ysq;
            den = (den + 2.44024637934444173e02) * ysq;
            num = (num + 3.77485237685302021e02) * ysq;
            den = (den + 1.28261652607737228e03) * ysq;
            return 1 - x * (num + 3.20937758913846947e03) / (den + 2.84423683343917062e03);
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
