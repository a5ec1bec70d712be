using System.Globalization;
using System.Net;
using DealerFlow.Data.Readers;

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
/// Polls the CBOE delayed-quotes JSON endpoint (<c>{base}/{symbol}.json</c>, e.g. _SPX.json) for every symbol.
/// Each symbol runs on its own schedule, concurrently with the others, so one slow or stalled symbol never delays
/// the rest. Every poll has one deadline that covers headers and body, and the body is read up to a size cap. An HTTP
/// error, a deadline passed, a body over the cap or a document that cannot be read puts that symbol in an error
/// state, keeps its last good chain and backs off (the wait doubles per failure up to a maximum); the next good answer
/// clears the error by itself.
/// </summary>
internal sealed class CboePollSource(HttpClient http, Uri baseUrl, IReadOnlyList<string> symbols, CboePollLimits limits, TimeSpan zone, TimeProvider time) : IChainSource
{
    public const string HttpClientName = "cboe";

    public string Name => string.Create(CultureInfo.InvariantCulture,
        $"cboe {baseUrl} every {limits.Interval.TotalSeconds:0.#}s (deadline {limits.Deadline.TotalSeconds:0.#}s, cap {limits.MaxBytes / (1024.0 * 1024):0.#} MiB)");

    public Task RunAsync(IChainSink sink, CancellationToken cancellationToken)
    {
        foreach (var s in symbols) sink.Expect(s, Name);
        return Task.WhenAll(symbols.Select(s => Task.Run(() => PollLoopAsync(sink, s, cancellationToken), cancellationToken)));
    }

    public Uri UrlFor(string symbol) => new(baseUrl, Uri.EscapeDataString(symbol) + ".json");

    private async Task PollLoopAsync(IChainSink sink, string symbol, CancellationToken ct)
    {
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            failures = await PollAsync(sink, symbol, ct).ConfigureAwait(false) ? 0 : failures + 1;
            await Task.Delay(limits.Wait(failures), time, ct).ConfigureAwait(false);
        }
    }

    /// <summary>One poll of one symbol; true when a chain was accepted.</summary>
    internal async Task<bool> PollAsync(IChainSink sink, string symbol, CancellationToken ct)
    {
        var url = UrlFor(symbol);
        var origin = $"cboe {symbol}";
        using var deadline = new CancellationTokenSource(limits.Deadline, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                sink.Error(symbol, $"HTTP {(int)response.StatusCode} {ReasonOf(response.StatusCode)} from {url}", origin);
                return false;
            }
            if (response.Content.Headers.ContentLength is { } announced && announced > limits.MaxBytes)
            {
                sink.Error(symbol, $"{url}: the response announces {announced} bytes, over the cap of {limits.MaxBytes} bytes; not read", origin);
                return false;
            }
            var body = await ReadCappedAsync(response.Content, limits.MaxBytes, linked.Token).ConfigureAwait(false);
            if (body is null)
            {
                sink.Error(symbol, $"{url}: the response is larger than the cap of {limits.MaxBytes} bytes; cut there and not used", origin);
                return false;
            }
            var result = ChainReader.Read(body, $"{symbol}.json", new ReadOptions { Format = ChainFormat.CboeJson, CboeJsonOffset = zone, Underlying = SymbolTable.Normalize(symbol) });
            return sink.Offer(result, origin);
        }
        catch (ChainReadException e)
        {
            sink.Error(symbol, e.Message, origin);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            sink.Error(symbol, string.Create(CultureInfo.InvariantCulture, $"{url}: no complete answer (headers and body) within {limits.Deadline.TotalSeconds:0.#} s"), origin);
        }
        catch (HttpRequestException e)
        {
            sink.Error(symbol, $"{url}: {e.Message}", origin);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            sink.Error(symbol, $"{url}: the response could not be used: {e.Message}", origin);
        }
        return false;
    }

    /// <summary>The body read into memory up to <paramref name="cap"/> bytes; null (and the read stopped) when it is longer.</summary>
    internal static async Task<MemoryStream?> ReadCappedAsync(HttpContent content, long cap, CancellationToken ct)
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

    private static string ReasonOf(HttpStatusCode code) => code.ToString();
}
