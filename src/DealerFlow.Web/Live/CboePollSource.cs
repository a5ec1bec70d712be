namespace DealerFlow.Web.Live;

/// <summary>How the CBOE poller bounds each request and spaces its polls.</summary>
/// <param name="Interval">Time between two polls of one symbol while it answers.</param>
/// <param name="Deadline">One deadline per poll, covering the connection, the headers and the whole body.</param>
/// <param name="MaxBytes">Largest response body read; a longer one is cut at this size (never buffered whole) and is that symbol's error.</param>
/// <param name="MaxBackoff">Longest wait after repeated failures: the wait doubles from <paramref name="Interval"/> per failure up to this.</param>
internal sealed record CboePollLimits(TimeSpan Interval, TimeSpan Deadline, long MaxBytes, TimeSpan MaxBackoff)
{
    /// <summary>The wait before the next poll after <paramref name="failures"/> failures in a row (0: the interval).</summary>
    public TimeSpan Wait(int failures)
    {
        if (failures <= 0) return Interval;
        var ticks = Interval.Ticks * Math.Pow(2, Math.Min(failures, 30));
        return ticks >= MaxBackoff.Ticks ? (MaxBackoff > Interval ? MaxBackoff : Interval) : TimeSpan.FromTicks((long)ticks);
    }
}

/// <summary>
/// Polls the CBOE delayed-quotes JSON endpoint (<c>{base}/{symbol}.json</c>, e.g. _SPX.json) for every symbol, as a
/// <see cref="Feeds.PolledSource"/> on the polling core every polled source shares (<see cref="Feeds.PollingCore"/>): each symbol on its own schedule, one
/// deadline per poll over headers and body, a size cap, and on any failure the symbol's error state with its last good
/// chain kept and a back-off (the wait doubles per failure up to a maximum, never shorter than a Retry-After the server
/// sent); the next good answer clears the error.
/// </summary>
internal sealed class CboePollSource(HttpClient http, Uri baseUrl, IReadOnlyList<string> symbols, CboePollLimits limits, TimeSpan zone, TimeProvider time)
    : Feeds.PolledSource("cboe", http, baseUrl, symbols, limits, time)
{
    public const string HttpClientName = "cboe";

    public override Uri UrlFor(string symbol) => new(BaseUrl, Uri.EscapeDataString(symbol) + ".json");

    internal override Task<Feeds.PollOutcome> PollAsync(IChainSink sink, string symbol, CancellationToken ct)
    {
        var url = UrlFor(symbol);
        return Core.PollAsync(sink, symbol, $"cboe {symbol}", url, async token =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            using var body = await Core.GetAsync(request, token).ConfigureAwait(false);
            var result = ChainReader.Read(body, $"{symbol}.json", new ReadOptions { Format = ChainFormat.CboeJson, CboeJsonOffset = zone, Underlying = SymbolTable.Normalize(symbol) });
            // CBOE's endpoint serves only its delayed quotes; the document does not say so itself.
            return sink.Offer(Feeds.FeedOrigin.With(result, timeliness: FeedTimeliness.Delayed), $"cboe {symbol}");
        }, ct);
    }
}
