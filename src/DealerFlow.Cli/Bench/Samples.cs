namespace DealerFlow.Cli.Bench;

/// <summary>Statistics of measured samples shared by the benches.</summary>
internal static class Samples
{
    /// <summary>Median of <paramref name="values"/> (the mean of the middle two for an even count); NaN for none. Does not reorder the input.</summary>
    public static double Median(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var s = values.Order().ToArray();
        if (s.Length == 0) return double.NaN;
        return s.Length % 2 == 1 ? s[s.Length / 2] : (s[s.Length / 2 - 1] + s[s.Length / 2]) / 2;
    }

    /// <summary>
    /// The nearest-rank percentile <paramref name="p"/> (0 &lt; p &lt;= 1) of <paramref name="sorted"/> (ascending): the
    /// smallest sample with at least p of the samples at or below it; NaN for no samples.
    /// </summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (!(p is > 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "A percentile is in (0, 1].");
        if (sorted.Count == 0) return double.NaN;
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
