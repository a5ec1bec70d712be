using System.Globalization;
using System.Net;
using DealerFlow.Data.Readers;

namespace DealerFlow.Web.Live.Feeds;

/// <summary>
/// Polls Massive's (formerly Polygon.io) chain snapshot (<c>GET {base}/v3/snapshot/options/{underlying}?limit=250</c>,
/// API key as <c>Authorization: Bearer</c>) for every symbol as a <see cref="PolledSource"/> on the shared <see cref="PollingCore"/>. A chain is
/// every page joined by <c>next_url</c>, under one deadline and one size cap for all of them; <c>next_url</c> is
/// followed only on the base URL's own scheme, host and port (the key is never sent elsewhere) and up to
/// <see cref="FeedOptions.MassiveMaxPages"/> pages. Only the whole chain is offered: a page that fails fails the poll
/// and the last good chain stays. A 401 or 403 is a plain error naming the key option (the key never appears).
/// </summary>
internal sealed class MassiveSource(HttpClient http, Uri baseUrl, IReadOnlyList<string> symbols, string key, int pageSize, int maxPages, CboePollLimits limits, TimeProvider time,
    MassiveStreamer? streamer = null) : PolledSource("massive", http, baseUrl, symbols, limits, time, () => [key])
{
    private readonly string _key = string.IsNullOrWhiteSpace(key) ? throw new ArgumentException("The Massive API key is empty.", nameof(key)) : key;

    public override string Name => base.Name + (streamer is null ? "" : string.Create(CultureInfo.InvariantCulture,
        $", spot (T) and up to {streamer.MaxQuotes} option quotes (Q) streamed, chain re-priced at most every {streamer.RepriceInterval.TotalSeconds:0.#}s"));

    protected override Task? StreamAsync(IChainSink sink, CancellationToken ct) => streamer?.RunAsync(sink, ct);

    public override Uri UrlFor(string symbol) =>
        new(BaseUrl, string.Create(CultureInfo.InvariantCulture, $"v3/snapshot/options/{Uri.EscapeDataString(symbol)}?limit={pageSize}"));

    internal override Task<PollOutcome> PollAsync(IChainSink sink, string symbol, CancellationToken ct)
    {
        var url = UrlFor(symbol);
        return Core.PollAsync(sink, symbol, $"massive {symbol}", url, async token =>
        {
            var pages = new List<ReadOnlyMemory<byte>>();
            long total = 0;
            for (Uri? next = url; next is not null;)
            {
                if (pages.Count == maxPages)
                    throw new FeedException(string.Create(CultureInfo.InvariantCulture, $"{url}: the chain has more than {maxPages} pages; not used"));
                using var body = await GetPageAsync(next, token).ConfigureAwait(false);
                total += body.Length;
                if (total > Core.Limits.MaxBytes)
                    throw new ChainReadException($"{url}: the pages of the chain are larger than the cap of {Core.Limits.MaxBytes} bytes together; not used");
                var page = body.ToArray();
                pages.Add(page);
                next = NextPage(MassivePages.NextUrl(page, $"massive {symbol}"), url);
            }
            var merged = MassivePages.Merge(pages, $"massive {symbol}");
            var result = ChainReader.Read(new MemoryStream(merged), $"massive {symbol}", new ReadOptions { Format = ChainFormat.Massive, Underlying = SymbolTable.Normalize(symbol) });
            var origin = FeedOrigin.Of("massive", symbol, result.Timeliness);
            if (!sink.Offer(result, origin)) return false;
            streamer?.Chains.Polled(symbol, result, origin);
            return true;
        }, ct);
    }

    /// <summary>The next page's address when it is on the base URL's own origin; a FeedException otherwise.</summary>
    private Uri? NextPage(string? next, Uri first)
    {
        if (next is null) return null;
        if (!Uri.TryCreate(first, next, out var u)) throw new FeedException($"{first}: the next_url of a page is not a URL; the chain is not used");
        if (u.Scheme != BaseUrl.Scheme || !string.Equals(u.Host, BaseUrl.Host, StringComparison.OrdinalIgnoreCase) || u.Port != BaseUrl.Port)
            throw new FeedException($"{first}: a page's next_url points to {u.Scheme}://{u.Host}:{u.Port.ToString(CultureInfo.InvariantCulture)}, not to {BaseUrl.Host}; not followed (the API key is only sent to the base URL)");
        return u;
    }

    private async Task<MemoryStream> GetPageAsync(Uri url, CancellationToken ct)
    {
        using var request = BearerJsonGet(url, _key);
        try
        {
            return await Core.GetAsync(request, ct).ConfigureAwait(false);
        }
        catch (FeedHttpException e) when (e.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new FeedHttpException(e.Status,
                $"Massive refused the API key (HTTP {(int)e.Status} {e.Status} from {url}): check --massive-key or {FeedOptions.MassiveKeyVariable}; a {(e.Status == HttpStatusCode.Forbidden ? "403 can also mean the plan does not include option snapshots" : "401 means the key is wrong or revoked")}",
                e.RetryAfter);
        }
    }
}
