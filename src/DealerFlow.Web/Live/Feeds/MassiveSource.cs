using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using DealerFlow.Data.Readers;

namespace DealerFlow.Web.Live.Feeds;

/// <summary>
/// Polls Massive's (formerly Polygon.io) chain snapshot (<c>GET {base}/v3/snapshot/options/{underlying}?limit=250</c>,
/// API key as <c>Authorization: Bearer</c>) for every symbol on the shared <see cref="PollingCore"/>. A chain is
/// every page joined by <c>next_url</c>, under one deadline and one size cap for all of them; <c>next_url</c> is
/// followed only on the base URL's own scheme, host and port (the key is never sent elsewhere) and up to
/// <see cref="FeedOptions.MassiveMaxPages"/> pages. Only the whole chain is offered: a page that fails fails the poll
/// and the last good chain stays. A 401 or 403 is a plain error naming the key option (the key never appears).
/// </summary>
internal sealed class MassiveSource : IChainSource
{
    private readonly PollingCore _core;
    private readonly Uri _baseUrl;
    private readonly IReadOnlyList<string> _symbols;
    private readonly string _key;
    private readonly int _pageSize;
    private readonly int _maxPages;
    private readonly MassiveStreamer? _streamer;

    public MassiveSource(HttpClient http, Uri baseUrl, IReadOnlyList<string> symbols, string key, int pageSize, int maxPages, CboePollLimits limits, TimeProvider time, MassiveStreamer? streamer = null)
    {
        _streamer = streamer;
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        _baseUrl = baseUrl;
        _symbols = symbols;
        _key = key;
        _pageSize = pageSize;
        _maxPages = maxPages;
        _core = new PollingCore(http, limits, time, () => [key]);
    }

    public string Name => string.Create(CultureInfo.InvariantCulture,
        $"massive {_baseUrl} every {_core.Limits.Interval.TotalSeconds:0.#}s (deadline {_core.Limits.Deadline.TotalSeconds:0.#}s, cap {_core.Limits.MaxBytes / (1024.0 * 1024):0.#} MiB){(_streamer is null ? "" : $", spot (T) and up to {_streamer.MaxQuotes} option quotes (Q) streamed, chain re-priced at most every {_streamer.RepriceInterval.TotalSeconds:0.#}s")}");

    public Task RunAsync(IChainSink sink, CancellationToken cancellationToken)
    {
        foreach (var s in _symbols) sink.Expect(s, Name);
        var poll = _core.RunAsync(_symbols, (s, ct) => PollAsync(sink, s, ct), cancellationToken);
        return _streamer is null ? poll : Task.WhenAll(poll, _streamer.RunAsync(sink, cancellationToken));
    }

    public Uri UrlFor(string symbol) =>
        new(_baseUrl, string.Create(CultureInfo.InvariantCulture, $"v3/snapshot/options/{Uri.EscapeDataString(symbol)}?limit={_pageSize}"));

    internal Task<PollOutcome> PollAsync(IChainSink sink, string symbol, CancellationToken ct)
    {
        var url = UrlFor(symbol);
        return _core.PollAsync(sink, symbol, $"massive {symbol}", url, async token =>
        {
            var pages = new List<ReadOnlyMemory<byte>>();
            long total = 0;
            for (Uri? next = url; next is not null;)
            {
                if (pages.Count == _maxPages)
                    throw new FeedException(string.Create(CultureInfo.InvariantCulture, $"{url}: the chain has more than {_maxPages} pages; not used"));
                using var body = await GetPageAsync(next, token).ConfigureAwait(false);
                total += body.Length;
                if (total > _core.Limits.MaxBytes)
                    throw new ChainReadException($"{url}: the pages of the chain are larger than the cap of {_core.Limits.MaxBytes} bytes together; not used");
                var page = body.ToArray();
                pages.Add(page);
                next = NextPage(MassivePages.NextUrl(page, $"massive {symbol}"), url);
            }
            var merged = MassivePages.Merge(pages, $"massive {symbol}");
            var result = ChainReader.Read(new MemoryStream(merged), $"massive {symbol}", new ReadOptions { Format = ChainFormat.Massive, Underlying = SymbolTable.Normalize(symbol) });
            var origin = FeedOrigin.Of("massive", symbol, result.Timeliness);
            if (!sink.Offer(result, origin)) return false;
            _streamer?.Chains.Polled(symbol, result, origin);
            return true;
        }, ct);
    }

    /// <summary>The next page's address when it is on the base URL's own origin; a FeedException otherwise.</summary>
    private Uri? NextPage(string? next, Uri first)
    {
        if (next is null) return null;
        if (!Uri.TryCreate(first, next, out var u)) throw new FeedException($"{first}: the next_url of a page is not a URL; the chain is not used");
        if (u.Scheme != _baseUrl.Scheme || !string.Equals(u.Host, _baseUrl.Host, StringComparison.OrdinalIgnoreCase) || u.Port != _baseUrl.Port)
            throw new FeedException($"{first}: a page's next_url points to {u.Scheme}://{u.Host}:{u.Port.ToString(CultureInfo.InvariantCulture)}, not to {_baseUrl.Host}; not followed (the API key is only sent to the base URL)");
        return u;
    }

    private async Task<MemoryStream> GetPageAsync(Uri url, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _key);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        try
        {
            return await _core.GetAsync(request, ct).ConfigureAwait(false);
        }
        catch (FeedHttpException e) when (e.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new FeedHttpException(e.Status,
                $"Massive refused the API key (HTTP {(int)e.Status} {e.Status} from {url}): check --massive-key or {FeedOptions.MassiveKeyVariable}; a {(e.Status == HttpStatusCode.Forbidden ? "403 can also mean the plan does not include option snapshots" : "401 means the key is wrong or revoked")}",
                e.RetryAfter);
        }
    }
}
