using System.Globalization;
using System.Net;
using DealerFlow.Data.Readers;

namespace DealerFlow.Web.Live.Feeds;

/// <summary>
/// Polls Schwab's Trader API chain endpoint (<c>GET {base}/marketdata/v1/chains?symbol=...&amp;contractType=ALL&amp;includeUnderlyingQuote=true</c>)
/// for every symbol as a <see cref="PolledSource"/> on the shared <see cref="PollingCore"/> (deadline, size cap, back-off, Retry-After, last good chain
/// kept on any failure). The access token comes from <see cref="SchwabSession"/>: refreshed before its 30-minute expiry,
/// and once more at a 401 before the request is tried again. The snapshot's instant is Schwab's own quote time and
/// its origin says whether Schwab marked it delayed, and, in the login's last 2 days, when to log in again. With
/// streaming on, spot ticks come between chains from <see cref="SchwabStreamer"/>.
/// </summary>
internal sealed class SchwabSource : PolledSource
{
    private readonly SchwabSession _session;
    private readonly TimeProvider _time;
    private readonly SchwabStreamer? _streamer;
    private readonly StreamedChains? _chains;

    public SchwabSource(HttpClient http, Uri baseUrl, IReadOnlyList<string> symbols, SchwabSession session, CboePollLimits limits, TimeProvider time, bool stream = true,
        int maxQuotes = 500, TimeSpan? reprice = null)
        : base("schwab", http, baseUrl, symbols, limits, time, () => session.Secrets)
    {
        if (stream)
        {
            _chains = maxQuotes > 0 ? new StreamedChains(maxQuotes) : null;
            _streamer = new SchwabStreamer(http, baseUrl, symbols, session, limits, time, _chains, reprice ?? TimeSpan.FromSeconds(1));
        }
        _session = session;
        _time = time;
    }

    public override string Name => base.Name + (_streamer is null ? "" : ", spot streamed (LEVELONE_EQUITIES)" + (_chains is null ? "" : string.Create(CultureInfo.InvariantCulture, $", up to {_chains.MaxQuotes} option quotes (LEVELONE_OPTIONS)")));

    protected override Task? StreamAsync(IChainSink sink, CancellationToken ct) => _streamer?.RunAsync(sink, ct);

    public override Uri UrlFor(string symbol) =>
        new(BaseUrl, $"marketdata/v1/chains?symbol={Uri.EscapeDataString(symbol)}&contractType=ALL&includeUnderlyingQuote=true");

    internal override Task<PollOutcome> PollAsync(IChainSink sink, string symbol, CancellationToken ct)
    {
        var url = UrlFor(symbol);
        return Core.PollAsync(sink, symbol, $"schwab {symbol}", url, async token =>
        {
            using var body = await GetWithTokenAsync(url, token).ConfigureAwait(false);
            var result = ChainReader.Read(body, $"schwab {symbol}", new ReadOptions { Format = ChainFormat.Schwab, Underlying = SymbolTable.Normalize(symbol) });
            var notice = _session.Tokens.LoginNotice(_time.GetUtcNow());
            var origin = FeedOrigin.Of("schwab", symbol, result.Timeliness, notice);
            if (!sink.Offer(result, origin)) return false;
            _chains?.Polled(symbol, result, origin);
            return true;
        }, ct);
    }

    /// <summary>The chain with a valid access token; a 401 refreshes the token once and tries again.</summary>
    private async Task<MemoryStream> GetWithTokenAsync(Uri url, CancellationToken ct)
    {
        string? rejected = null;
        for (var attempt = 0; ; attempt++)
        {
            string access;
            try
            {
                access = await _session.AccessTokenAsync(rejected, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SchwabAuthException or InvalidOperationException)
            {
                throw new FeedException(e.Message);
            }
            using var request = BearerJsonGet(url, access);
            try
            {
                return await Core.GetAsync(request, ct).ConfigureAwait(false);
            }
            catch (FeedHttpException e) when (e.Status == HttpStatusCode.Unauthorized)
            {
                if (attempt > 0)
                    throw new FeedException($"Schwab refused a freshly refreshed access token (HTTP 401 from {url}): run 'dealerflow auth schwab' again.");
                rejected = access;
            }
        }
    }
}
