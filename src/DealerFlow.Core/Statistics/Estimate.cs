namespace DealerFlow.Core.Statistics;

/// <summary>
/// A point estimate from a sample, with the sample size behind it and its 95 % confidence interval
/// [<see cref="Low"/>, <see cref="High"/>]; the interval is NaN when <see cref="N"/> is 0 or the sample is too small to
/// give one. This type is immutable and thread-safe.
/// </summary>
public readonly record struct Estimate(double Value, int N, double Low, double High)
{
    /// <summary>No estimate: value and interval NaN, n = 0 (for example a partial correlation without a VIX series).</summary>
    public static Estimate None => new(double.NaN, 0, double.NaN, double.NaN);

    /// <summary>True when the interval contains <paramref name="x"/>: the estimate cannot be told apart from it.</summary>
    public bool Contains(double x) => N > 0 && Low <= x && x <= High;
}

/// <summary>95 % confidence intervals for statistics of independent draws (Monte Carlo paths).</summary>
public static class Intervals
{
    /// <summary>Two-sided 95 % standard normal quantile.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>
    /// Share of <paramref name="n"/> independent draws that hit, with the Wilson score interval
    /// (p + z^2/2n +/- z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n): it stays inside [0, 1] and keeps its coverage near
    /// 0 and 1, where the normal interval collapses to [0, 0]. <see cref="Estimate.None"/> when n is 0.
    /// </summary>
    public static Estimate Proportion(int hits, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(hits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hits, n);
        if (n == 0) return Estimate.None;
        var p = (double)hits / n;
        var z2 = Z95 * Z95;
        var centre = (p + z2 / (2.0 * n)) / (1 + z2 / n);
        var half = Z95 * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / (1 + z2 / n);
        // At 0 and n hits the bound is exactly 0 or 1; rounding would leave it a hair inside and exclude the estimate.
        return new Estimate(p, n, hits == 0 ? 0 : centre - half, hits == n ? 1 : centre + half);
    }

    /// <summary>
    /// Mean of independent draws with the normal interval mean +/- z s / sqrt(n) (s the sample standard deviation,
    /// n - 1 in the denominator). Monte Carlo runs have hundreds of paths or more, where the normal and Student
    /// quantiles agree to 0.1 %; the interval is NaN for n &lt; 2. <see cref="Estimate.None"/> when n is 0.
    /// </summary>
    public static Estimate Mean(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var n = values.Count;
        if (n == 0) return Estimate.None;
        var mean = 0.0;
        for (var i = 0; i < n; i++) mean += values[i];
        mean /= n;
        if (n < 2) return new Estimate(mean, n, double.NaN, double.NaN);
        var ss = 0.0;
        for (var i = 0; i < n; i++) ss += (values[i] - mean) * (values[i] - mean);
        var half = Z95 * Math.Sqrt(ss / (n - 1) / n);
        return new Estimate(mean, n, mean - half, mean + half);
    }

    /// <summary>
    /// Mean of the paired differences a[i] - b[i] (the same random draws with and without an effect), with the normal
    /// interval of <see cref="Mean"/>. Pairing removes the noise both runs share, so this interval is what decides
    /// whether the effect is real: two separate intervals that overlap can still give a difference that is not 0.
    /// </summary>
    public static Estimate PairedDifference(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count) throw new ArgumentException("a and b differ in length.", nameof(b));
        var d = new double[a.Count];
        for (var i = 0; i < d.Length; i++) d[i] = a[i] - b[i];
        return Mean(d);
    }
}
