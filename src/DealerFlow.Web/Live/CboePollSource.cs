using System.Net;
using DealerFlow.Data.Readers;

namespace DealerFlow.Web.Live;

/// <summary>
/// Polls the CBOE delayed-quotes JSON endpoint (<c>{base}/{symbol}.json</c>, e.g. _SPX.json) for every symbol.
/// Each poll brings a chain and its spot; an HTTP error, a timeout or a document that cannot be read puts that symbol
/// in an error state and keeps its last good chain.
/// </summary>
public sealed class CboePollSource(HttpClient http, Uri baseUrl, IReadOnlyList<string> symbols, TimeSpan interval, TimeSpan zone, TimeProvider time) : IChainSource
{
    public const string HttpClientName = "cboe";

    public string Name => $"cboe {baseUrl} every {interval.TotalSeconds:0.#}s";

    public async Task RunAsync(IChainSink sink, CancellationToken cancellationToken)
    {
        foreach (var s in symbols) sink.Expect(s, Name);
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            foreach (var symbol in symbols) await PollAsync(sink, symbol, cancellationToken).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
    }

    public Uri UrlFor(string symbol) => new(baseUrl, Uri.EscapeDataString(symbol) + ".json");

    private async Task PollAsync(IChainSink sink, string symbol, CancellationToken ct)
    {
        var url = UrlFor(symbol);
        var origin = $"cboe {symbol}";
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                sink.Error(symbol, $"HTTP {(int)response.StatusCode} {ReasonOf(response.StatusCode)} from {url}", origin);
                return;
            }
            var body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            using var stream = new MemoryStream(body, writable: false);
            var result = ChainReader.Read(stream, $"{symbol}.json", new ReadOptions { Format = ChainFormat.CboeJson, CboeJsonOffset = zone, Underlying = LiveBook.Normalize(symbol) });
            sink.Offer(result, origin);
        }
        catch (ChainReadException e)
        {
            sink.Error(symbol, e.Message, origin);
        }
        catch (HttpRequestException e)
        {
            sink.Error(symbol, $"{url}: {e.Message}", origin);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            sink.Error(symbol, $"{url}: no answer within {http.Timeout.TotalSeconds:0} s", origin);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            sink.Error(symbol, $"{url}: the response could not be used: {e.Message}", origin);
        }
    }

    private static string ReasonOf(HttpStatusCode code) => code.ToString();
}
