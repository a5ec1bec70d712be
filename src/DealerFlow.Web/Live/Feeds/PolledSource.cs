using System.Globalization;
using System.Net.Http.Headers;

namespace DealerFlow.Web.Live.Feeds;

/// <summary>
/// What every polled HTTP source (CBOE, Schwab, Massive) shares: its <see cref="PollingCore"/> (deadline, size cap,
/// back-off, Retry-After, secrets redacted), its base URL and symbols, its name
/// (<c>{kind} {base} every Ns (deadline Ns, cap N MiB)</c>), and the run: every symbol expected under the source's
/// name, then every symbol polled on its own schedule, with the source's streamer (if any) alongside. A source
/// supplies only its URL, its one poll of one symbol and, optionally, its streamer.
/// </summary>
internal abstract class PolledSource(string kind, HttpClient http, Uri baseUrl, IReadOnlyList<string> symbols, CboePollLimits limits, TimeProvider time,
    Func<IEnumerable<string>>? secrets = null) : IChainSource
{
    protected PollingCore Core { get; } = new(http, limits, time, secrets);

    protected Uri BaseUrl => baseUrl;

    public virtual string Name => string.Create(CultureInfo.InvariantCulture,
        $"{kind} {baseUrl} every {limits.Interval.TotalSeconds:0.#}s (deadline {limits.Deadline.TotalSeconds:0.#}s, cap {limits.MaxBytes / (1024.0 * 1024):0.#} MiB)");

    public Task RunAsync(IChainSink sink, CancellationToken cancellationToken)
    {
        foreach (var s in symbols) sink.Expect(s, Name);
        var poll = Core.RunAsync(symbols, (s, ct) => PollAsync(sink, s, ct), cancellationToken);
        var stream = StreamAsync(sink, cancellationToken);
        return stream is null ? poll : Task.WhenAll(poll, stream);
    }

    /// <summary>The address polled for <paramref name="symbol"/>.</summary>
    public abstract Uri UrlFor(string symbol);

    /// <summary>One poll of one symbol under the core's deadline (<see cref="PollingCore.PollAsync"/>): whether a chain was accepted and any Retry-After.</summary>
    internal abstract Task<PollOutcome> PollAsync(IChainSink sink, string symbol, CancellationToken ct);

    /// <summary>The source's streamer, started after the symbols are expected; null when it streams nothing.</summary>
    protected virtual Task? StreamAsync(IChainSink sink, CancellationToken ct) => null;

    /// <summary>A GET of <paramref name="url"/> asking for JSON, with <paramref name="bearer"/> as the <c>Authorization: Bearer</c> credential.</summary>
    protected static HttpRequestMessage BearerJsonGet(Uri url, string bearer)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }
}
