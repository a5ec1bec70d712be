namespace DealerFlow.Data.Readers;

/// <summary>How <see cref="ChainReader"/> reads a file. Every member is optional.</summary>
public sealed record ReadOptions
{
    /// <summary>Forces a format; null detects it from the content.</summary>
    public ChainFormat? Format { get; init; }

    /// <summary>Overrides the underlying symbol the file names (or the one derived from the option roots).</summary>
    public string? Underlying { get; init; }

    /// <summary>Overrides the spot price in the file, or supplies it when the file has none.</summary>
    public double? Spot { get; init; }

    /// <summary>Overrides the snapshot instant in the file, or supplies it when the file has none.</summary>
    public DateTimeOffset? AsOf { get; init; }

    /// <summary>
    /// UTC offset assumed for the zone-less CBOE JSON <c>timestamp</c>. Default <see cref="TimeSpan.Zero"/>:
    /// files fetched after the close read like UTC (about 23:00 for a fetch at 19:00 US/Eastern).
    /// </summary>
    public TimeSpan CboeJsonOffset { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// Normalized format only: canonical column name (for example <c>open_interest</c>) to the header name
    /// the file uses for it (for example <c>OpenInt</c>), so any vendor's one-row-per-contract CSV can be read.
    /// </summary>
    public IReadOnlyDictionary<string, string>? ColumnMap { get; init; }
}
