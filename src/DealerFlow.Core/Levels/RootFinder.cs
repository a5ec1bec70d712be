namespace DealerFlow.Core.Levels;

/// <summary>Brent's method (Brent 1973): bisection, secant and inverse quadratic interpolation.</summary>
public static class RootFinder
{
    /// <summary>
    /// Finds x in [a, b] with f(x) = 0 given f(a) and f(b) of opposite signs, to absolute
    /// tolerance <paramref name="tolerance"/>. As MathNet's <c>Brent.TryFindRoot</c>: false (root NaN)
    /// when the bracket does not straddle zero, when f returns NaN, or when the bracket has not
    /// shrunk to the tolerance within <paramref name="maxIterations"/> evaluations; never true
    /// after running out of iterations.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The tolerance is not a positive number, or maxIterations &lt; 1.</exception>
    public static bool TryBrent(Func<double, double> f, double a, double b, double fa, double fb, double tolerance, out double root, int maxIterations = 200)
    {
        if (!(tolerance > 0) || double.IsInfinity(tolerance)) throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "The tolerance must be a positive finite number.");
        ArgumentOutOfRangeException.ThrowIfLessThan(maxIterations, 1);
        root = double.NaN;
        if (fa == 0) { root = a; return true; }
        if (fb == 0) { root = b; return true; }
        if (Math.Sign(fa) == Math.Sign(fb) || double.IsNaN(fa) || double.IsNaN(fb)) return false;
        double c = a, fc = fa, d = b - a, e = d;
        for (var iter = 0; iter < maxIterations; iter++)
        {
            if (Math.Sign(fb) == Math.Sign(fc))
            {
                c = a; fc = fa; d = b - a; e = d;
            }
            if (Math.Abs(fc) < Math.Abs(fb))
            {
                a = b; b = c; c = a;
                fa = fb; fb = fc; fc = fa;
            }
            var tol = 2 * double.Epsilon + 0.5 * tolerance;
            var m = 0.5 * (c - b);
            if (Math.Abs(m) <= tol || fb == 0)
            {
                root = b;
                return true;
            }
            if (Math.Abs(e) >= tol && Math.Abs(fa) > Math.Abs(fb))
            {
                double p, q;
                var s = fb / fa;
                if (a == c)
                {
                    p = 2 * m * s;
                    q = 1 - s;
                }
                else
                {
                    var qa = fa / fc;
                    var r = fb / fc;
                    p = s * (2 * m * qa * (qa - r) - (b - a) * (r - 1));
                    q = (qa - 1) * (r - 1) * (s - 1);
                }
                if (p > 0) q = -q; else p = -p;
                if (2 * p < Math.Min(3 * m * q - Math.Abs(tol * q), Math.Abs(e * q)))
                {
                    e = d;
                    d = p / q;
                }
                else
                {
                    d = m; e = m;
                }
            }
            else
            {
                d = m; e = m;
            }
            a = b; fa = fb;
            b += Math.Abs(d) > tol ? d : (m > 0 ? tol : -tol);
            fb = f(b);
            if (double.IsNaN(fb)) return false;
        }
        return false;
    }
}
