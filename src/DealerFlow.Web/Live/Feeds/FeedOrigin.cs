using DealerFlow.Core.Chain;
using DealerFlow.Data.Readers;

namespace DealerFlow.Web.Live.Feeds;

/// <summary>
/// The origin a feed gives the book with each chain: <c>"schwab SPY · real time"</c>, with a notice appended when
/// one is due (<c>"· the Schwab login ends in 1 d 4 h ..."</c>). The book shows the origin per symbol; the timeliness
/// itself travels as <see cref="ChainReadResult.Timeliness"/> and is kept on the symbol by <see cref="LiveBook.Offer"/>.
/// </summary>
internal static class FeedOrigin
{
    /// <summary>Between the parts of an origin.</summary>
    public const string Separator = " · ";

    /// <summary>The origin of a chain: feed and symbol, then the timeliness the feed marked, then any notice.</summary>
    public static string Of(string feed, string symbol, FeedTimeliness? timeliness, string? notice = null)
    {
        var origin = $"{feed} {symbol}";
        if (timeliness is { } t) origin += Separator + FeedTimelinessText.Label(t);
        if (notice is { Length: > 0 }) origin += Separator + notice;
        return origin;
    }

    /// <summary>
    /// <paramref name="read"/> with another snapshot (a re-priced chain, with the instant of the polled chain it
    /// re-prices in <paramref name="repricedFrom"/>) or a timeliness the source knows when the document does not say
    /// (CBOE's delayed quotes).
    /// </summary>
    public static ChainReadResult With(ChainReadResult read, ChainSnapshot? snapshot = null, FeedTimeliness? timeliness = null, DateTimeOffset? repricedFrom = null) => new()
    {
        Snapshot = snapshot ?? read.Snapshot,
        Format = read.Format,
        RowsRead = read.RowsRead,
        ContractsRead = read.ContractsRead,
        Problems = read.Problems,
        Truncated = read.Truncated,
        Timeliness = read.Timeliness ?? timeliness,
        RepricedFrom = repricedFrom ?? read.RepricedFrom,
    };
}
