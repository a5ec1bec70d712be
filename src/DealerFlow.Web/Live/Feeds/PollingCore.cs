using System.Globalization;
using System.Net;
using DealerFlow.Data.Readers;

namespace DealerFlow.Web.Live.Feeds;

/// <summary>An HTTP answer that carries no chain: its status, a sentence for the symbol's error and the server's Retry-After, if any.</summary>
internal sealed class FeedHttpException(HttpStatusCode status, string message, TimeSpan? retryAfter) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>How long the server asked to wait (429 or 503 with Retry-After); null when it did not say.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>A poll that cannot go on, with the sentence for the symbol's error (never holding a secret).</summary>
internal sealed class FeedException(string message) : Exception(message);

/// <summary>What one poll of one symbol gave: whether a chain was accepted and how long the server asked to wait.</summary>
internal readonly record struct PollOutcome(bool Accepted, TimeSpan? RetryAfter = null);

/// <summary>
/// The one polling core every polled HTTP source shares (CBOE, Schwab, Massive). Each symbol runs on its own schedule,
/// concurrently with the others, so one slow or stalled symbol never delays the rest. Every poll has one deadline that
/// covers every request it makes (connection, headers and the whole body of each page) and every body is read up to
/// a size cap. An HTTP error, a deadline passed, a body over the cap or a document that cannot be read becomes that
/// symbol's error (the sink keeps its last good chain) and the symbol backs off: the wait doubles per failure up to a
/// maximum, and is never shorter than a Retry-After the server sent. The next good answer clears the error by itself.
/// Every sentence sent to the sink has the source's secrets (API key, tokens) replaced by <c>***</c>.
/// </summary>
internal sealed class PollingCore(HttpClient http, CboePollLimits limits, TimeProvider time, Func<IEnumerable<string>>? secrets = null)
{
    /// <summary>Longest Retry-After honoured; a longer one is cut here, so a symbol is never silent for hours.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(15);

    public CboePollLimits Limits => limits;

    public HttpClient Http => http;

    /// <summary>Polls every symbol until cancelled, each on its own schedule.</summary>
    public Task RunAsync(IReadOnlyList<string> symbols, Func<string, CancellationToken, Task<PollOutcome>> poll, CancellationToken ct) =>
        Task.WhenAll(symbols.Select(s => Task.Run(() => LoopAsync(s, poll, ct), ct)));

    private async Task LoopAsync(string symbol, Func<string, CancellationToken, Task<PollOutcome>> poll, CancellationToken ct)
    {
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            var outcome = await poll(symbol, ct).ConfigureAwait(false);
            failures = outcome.Accepted ? 0 : failures + 1;
            await Task.Delay(WaitAfter(failures, outcome.RetryAfter), time, ct).ConfigureAwait(false);
        }
    }

    /// <summary>The back-off after <paramref name="failures"/> failures, at least the server's Retry-After (cut at <see cref="MaxRetryAfter"/>).</summary>
    public TimeSpan WaitAfter(int failures, TimeSpan? retryAfter)
    {
        var wait = limits.Wait(failures);
        if (retryAfter is { } r)
        {
            if (r > MaxRetryAfter) r = MaxRetryAfter;
            if (r > wait) wait = r;
        }
        return wait;
    }

    /// <summary>
    /// One poll of one symbol under one deadline: <paramref name="body"/> fetches (with <see cref="GetAsync"/>) and
    /// offers; whatever goes wrong becomes the symbol's error, named after <paramref name="shownUrl"/>.
    /// </summary>
    public async Task<PollOutcome> PollAsync(IChainSink sink, string symbol, string origin, Uri shownUrl, Func<CancellationToken, Task<bool>> body, CancellationToken ct)
    {
        using var deadline = new CancellationTokenSource(limits.Deadline, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        try
        {
            return new PollOutcome(await body(linked.Token).ConfigureAwait(false));
        }
        catch (FeedHttpException e)
        {
            var wait = e.RetryAfter is { } r ? string.Create(CultureInfo.InvariantCulture, $"; the server asked to wait {Math.Min(r.TotalSeconds, MaxRetryAfter.TotalSeconds):0.#} s (Retry-After)") : "";
            Report(sink, symbol, e.Message + wait, origin);
            return new PollOutcome(false, e.RetryAfter);
        }
        catch (Exception e) when (e is ChainReadException or FeedException)
        {
            Report(sink, symbol, e.Message, origin);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Report(sink, symbol, string.Create(CultureInfo.InvariantCulture, $"{shownUrl}: no complete answer (headers and body) within {limits.Deadline.TotalSeconds:0.#} s"), origin);
        }
        catch (HttpRequestException e)
        {
            Report(sink, symbol, $"{shownUrl}: {e.Message}", origin);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Report(sink, symbol, $"{shownUrl}: the response could not be used: {e.Message}", origin);
        }
        return new PollOutcome(false);
    }

    /// <summary>Sends <paramref name="request"/> and reads its body up to the cap; any status but 2xx is a <see cref="FeedHttpException"/>.</summary>
    public async Task<MemoryStream> GetAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var url = request.RequestUri!;
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new FeedHttpException(response.StatusCode, $"HTTP {(int)response.StatusCode} {response.StatusCode} from {url}", RetryAfterOf(response));
        if (response.Content.Headers.ContentLength is { } announced && announced > limits.MaxBytes)
            throw new ChainReadException($"{url}: the response announces {announced} bytes, over the cap of {limits.MaxBytes} bytes; not read");
        return await ReadCappedAsync(response.Content, limits.MaxBytes, ct).ConfigureAwait(false)
            ?? throw new ChainReadException($"{url}: the response is larger than the cap of {limits.MaxBytes} bytes; cut there and not used");
    }

    /// <summary>The server's Retry-After as a wait from now (seconds or a date); null when absent.</summary>
    private TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var h = response.Headers.RetryAfter;
        if (h?.Delta is { } d) return d < TimeSpan.Zero ? TimeSpan.Zero : d;
        if (h?.Date is { } at)
        {
            var wait = at - time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    /// <summary>The body read into memory up to <paramref name="cap"/> bytes; null (and the read stopped) when it is longer.</summary>
    public static async Task<MemoryStream?> ReadCappedAsync(HttpContent content, long cap, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        while (true)
        {
            var n = await stream.ReadAsync(chunk, ct).ConfigureAwait(false);
            if (n == 0) break;
            if (buffer.Length + n > cap) return null;
            buffer.Write(chunk, 0, n);
        }
        buffer.Position = 0;
        return buffer;
    }

    /// <summary>The symbol's error, its secrets replaced by <c>***</c>.</summary>
    public void Report(IChainSink sink, string symbol, string message, string origin) => sink.Error(symbol, Redact(message), origin);

    /// <summary><paramref name="text"/> with every secret of this source replaced by <c>***</c>.</summary>
    public string Redact(string text) => secrets is null ? text : Redact(text, secrets());

    /// <summary><paramref name="text"/> with every one of <paramref name="secrets"/> replaced by <c>***</c>.</summary>
    public static string Redact(string text, IEnumerable<string> secrets)
    {
        foreach (var s in secrets)
        {
            if (!string.IsNullOrEmpty(s)) text = text.Replace(s, "***", StringComparison.Ordinal);
        }
        return text;
    }
}
