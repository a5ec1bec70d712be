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
/// Polls the CBOE delayed-quotes JSON endpoint (<c>{base}/{symbol}.json</c>, e.g. _SPX.json) for every symbol, on the
/// polling core every polled source shares (<see cref="Feeds.PollingCore"/>): each symbol on its own schedule, one
/// deadline per poll over headers and body, a size cap, and on any failure the symbol's error state with its last good
/// chain kept and a back-off (the wait doubles per failure up to a maximum); the next good answer clears the error.
/// </summary>
internal sealed class CboePollSource(HttpClient http, Uri baseUrl, IReadOnlyList<string> symbols, CboePollLimits limits, TimeSpan zone, TimeProvider time) : IChainSource
{
    public const string HttpClientName = "cboe";

    private readonly Feeds.PollingCore _core = new(http, limits, time);

    public string Name => string.Create(CultureInfo.InvariantCulture,
        $"cboe {baseUrl} every {limits.Interval.TotalSeconds:0.#}s (deadline {limits.Deadline.TotalSeconds:0.#}s, cap {limits.MaxBytes / (1024.0 * 1024):0.#} MiB)");

    public Task RunAsync(IChainSink sink, CancellationToken cancellationToken)
    {
        foreach (var s in symbols) sink.Expect(s, Name);
        return _core.RunAsync(symbols, async (s, ct) => new Feeds.PollOutcome(await PollAsync(sink, s, ct).ConfigureAwait(false)), cancellationToken);
    }

    public Uri UrlFor(string symbol) => new(baseUrl, Uri.EscapeDataString(symbol) + ".json");

    /// <summary>One poll of one symbol; true when a chain was accepted.</summary>
    internal async Task<bool> PollAsync(IChainSink sink, string symbol, CancellationToken ct)
    {
        var url = UrlFor(symbol);
        var outcome = await _core.PollAsync(sink, symbol, $"cboe {symbol}", url, async token =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            using var body = await _core.GetAsync(request, token).ConfigureAwait(false);
            var result = ChainReader.Read(body, $"{symbol}.json", new ReadOptions { Format = ChainFormat.CboeJson, CboeJsonOffset = zone, Underlying = SymbolTable.Normalize(symbol) });
            // CBOE's endpoint serves only its delayed quotes; the document does not say so itself.
            return sink.Offer(Feeds.FeedOrigin.With(result, timeliness: FeedTimeliness.Delayed), $"cboe {symbol}");
        }, ct).ConfigureAwait(false);
        return outcome.Accepted;
    }
}
