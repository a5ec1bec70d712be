using DealerFlow.Data.Readers;

namespace DealerFlow.Web.Live.Feeds;

/// <summary>
/// The origin a feed gives the book with each chain: <c>"schwab SPY · real time"</c>, with a notice appended when
/// one is due (<c>"· the Schwab login ends in 1 d 4 h ..."</c>). The book shows the origin per symbol, and
/// <see cref="SymbolInfo.Timeliness"/> reads the timeliness back from it, so the delayed flag reaches the API and the
/// page through the source seam alone.
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
    /// The timeliness label in an origin made by <see cref="Of"/>; "delayed 15 min" for the CBOE poller (its quotes
    /// are always the delayed ones); null for a source that does not say (a folder, a replay).
    /// </summary>
    public static string? TimelinessOf(string? origin)
    {
        if (string.IsNullOrEmpty(origin)) return null;
        if (origin.StartsWith("cboe ", StringComparison.Ordinal)) return FeedTimelinessText.Label(FeedTimeliness.Delayed);
        foreach (var part in origin.Split(Separator))
        {
            if (FeedTimelinessText.TryParse(part, out var t)) return FeedTimelinessText.Label(t);
        }
        return null;
    }
}
