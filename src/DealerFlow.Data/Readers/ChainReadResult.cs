using DealerFlow.Core.Chain;

namespace DealerFlow.Data.Readers;

/// <summary>A chain read from a file, with everything the reader had to say about the file's rows.</summary>
public sealed class ChainReadResult
{
    /// <summary>The loaded contracts, spot, instant and underlying.</summary>
    public required ChainSnapshot Snapshot { get; init; }

    /// <summary>The format the file was read as.</summary>
    public required ChainFormat Format { get; init; }

    /// <summary>Data rows (CSV lines after the header, JSON contract records) seen in the file.</summary>
    public required int RowsRead { get; init; }

    /// <summary>Contracts loaded into <see cref="Snapshot"/> (a CBOE CSV row holds two: call and put).</summary>
    public required int ContractsRead { get; init; }

    /// <summary>Every problem found, in file order.</summary>
    public required IReadOnlyList<ReadProblem> Problems { get; init; }

    /// <summary>
    /// Why the file looks cut short (a CSV whose final row ends without a line break: a writer stopped, or is still
    /// writing, mid-row); null when the file ends whole. A truncated chain is never published or stored
    /// (<see cref="WholeChain"/>); <c>levels</c> exits 3 on one unless <c>--allow-partial</c>.
    /// </summary>
    public string? Truncated { get; init; }

    /// <summary>
    /// How current the feed itself marked the data (Schwab's <c>isDelayed</c>, Massive's <c>timeframe</c>); null when the
    /// document does not say (a CBOE or CSV file).
    /// </summary>
    public FeedTimeliness? Timeliness { get; init; }

    /// <summary>
    /// For a chain re-priced with streamed quotes (its instant is the newest quote's): the instant of the polled chain it
    /// re-prices; null for a chain as read. The next polled chain is held to this instant, not to the quotes' time
    /// (<see cref="WholeChain.Check"/>).
    /// </summary>
    public DateTimeOffset? RepricedFrom { get; init; }

    /// <summary>Contracts present in the file but not loaded (one skipping problem each).</summary>
    public int ContractsSkipped => Problems.Count(p => p.Skipped);
}

/// <summary>How current a feed marked a snapshot's quotes.</summary>
public enum FeedTimeliness
{
    /// <summary>Quotes as they happen (Schwab <c>isDelayed: false</c>, Massive <c>timeframe: REAL-TIME</c>).</summary>
    RealTime,

    /// <summary>Quotes delayed by the exchange's 15 minutes (Schwab <c>isDelayed: true</c>, Massive <c>timeframe: DELAYED</c>).</summary>
    Delayed,

    /// <summary>The previous session's close only (a Massive page with day bars but no quote and no timeframe).</summary>
    EndOfDay,
}

/// <summary>The words the page and the API show for a <see cref="FeedTimeliness"/>.</summary>
public static class FeedTimelinessText
{
    /// <summary>"real time", "delayed 15 min" or "end of day".</summary>
    public static string Label(FeedTimeliness timeliness) => timeliness switch
    {
        FeedTimeliness.RealTime => "real time",
        FeedTimeliness.Delayed => "delayed 15 min",
        _ => "end of day",
    };
}
