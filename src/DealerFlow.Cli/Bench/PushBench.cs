using System.Diagnostics;
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Text.Json;
using DealerFlow.Web.Live;
using Microsoft.Extensions.DependencyInjection;

namespace DealerFlow.Cli.Bench;

/// <summary>What the live push load test measured.</summary>
/// <param name="Clients">SSE clients connected to one symbol's stream.</param>
/// <param name="Rate">Spot ticks per second the server pushed.</param>
/// <param name="Seconds">Length of the measured window (after every client has its first snapshot).</param>
/// <param name="Ticks">Tick events received by all clients in the window.</param>
/// <param name="P50Ms">Median push latency: a tick's receipt by a client minus the tick's time stamped by the server.</param>
/// <param name="P99Ms">99th percentile push latency.</param>
/// <param name="MaxMs">Largest push latency.</param>
/// <param name="MinTicksPerClient">Fewest ticks one client received in the window.</param>
/// <param name="MaxTicksPerClient">Most ticks one client received in the window.</param>
/// <param name="Replaced">Signals the server replaced by a newer one before a client read them (events lost for a reader that did not keep up).</param>
/// <param name="LevelsEvents">Levels events (chain update or recomputation) received, each followed by the page's snapshot fetch.</param>
/// <param name="SnapshotFetches">Snapshot fetches that answered 200.</param>
/// <param name="PeakRssMb">Peak resident set of the process (server and clients together: an upper bound of the server's).</param>
/// <param name="Cpu">The CPU model and the number of logical CPUs.</param>
internal sealed record PushBenchResult(int Clients, double Rate, double Seconds, long Ticks, double P50Ms, double P99Ms, double MaxMs,
    long MinTicksPerClient, long MaxTicksPerClient, long Replaced, long LevelsEvents, long SnapshotFetches, double PeakRssMb, string Cpu);

/// <summary>
/// A bounded loopback load test of the live push: the demo server on 127.0.0.1 with spot ticks at the given rate,
/// N clients on <c>/api/SPX/stream</c> that read every event and, like the dashboard, fetch the snapshot after each
/// levels event. Runs in one process; the figures are measured, not modelled.
/// </summary>
internal static class PushBench
{
    public static async Task<PushBenchResult> RunAsync(int clients, double rate, TimeSpan window, int port)
    {
        var started = await DemoServer.StartAsync(port, new Dictionary<string, string>
        {
            ["Seed"] = "1",
            ["TickInterval"] = TimeSpan.FromSeconds(1 / rate).ToString("c", CultureInfo.InvariantCulture),
        }).ConfigureAwait(false);
        await using var app = started.App;
        var baseUrl = new Uri(app.Urls.First());
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients + 16 }) { BaseAddress = baseUrl, Timeout = Timeout.InfiniteTimeSpan };
        var feed = app.Services.GetRequiredService<LiveFeed>();

        using var stop = new CancellationTokenSource();
        var measuring = 0;
        var connected = new CountdownEvent(clients);
        var latencies = new List<double>[clients];
        var ticks = new long[clients];
        long levels = 0, fetches = 0;
        var readers = Enumerable.Range(0, clients).Select(i => Task.Run(async () =>
        {
            latencies[i] = new List<double>(4096);
            using var response = await http.GetAsync(new Uri("/api/SPX/stream", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, stop.Token).ConfigureAwait(false);
            await using var stream = await response.Content.ReadAsStreamAsync(stop.Token).ConfigureAwait(false);
            var first = true;
            try
            {
                await foreach (var item in SseParser.Create(stream).EnumerateAsync(stop.Token).ConfigureAwait(false))
                {
                    if (first)
                    {
                        first = false;
                        connected.Signal();
                    }
                    if (Volatile.Read(ref measuring) == 0) continue;
                    if (item.EventType == "tick")
                    {
                        var now = DateTimeOffset.UtcNow;
                        using var doc = JsonDocument.Parse(item.Data);
                        latencies[i].Add((now - doc.RootElement.GetProperty("at").GetDateTimeOffset()).TotalMilliseconds);
                        ticks[i]++;
                    }
                    else if (item.EventType == "levels")
                    {
                        Interlocked.Increment(ref levels);
                        _ = Task.Run(async () =>
                        {
                            using var r = await http.GetAsync(new Uri("/api/SPX/snapshot", UriKind.Relative), stop.Token).ConfigureAwait(false);
                            await r.Content.ReadAsByteArrayAsync(stop.Token).ConfigureAwait(false);
                            if (r.IsSuccessStatusCode) Interlocked.Increment(ref fetches);
                        });
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // the window is over
            }
        })).ToArray();
        if (!connected.Wait(TimeSpan.FromSeconds(120))) throw new InvalidOperationException($"Only {clients - connected.CurrentCount} of {clients} clients connected within 120 s.");
        await Task.Delay(TimeSpan.FromSeconds(2)).ConfigureAwait(false); // settle after the connect burst
        var replacedBefore = feed.Replaced();
        Volatile.Write(ref measuring, 1);
        long peak = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < window)
        {
            await Task.Delay(250).ConfigureAwait(false);
            using var self = Process.GetCurrentProcess();
            peak = Math.Max(peak, self.WorkingSet64);
        }
        Volatile.Write(ref measuring, 0);
        var seconds = clock.Elapsed.TotalSeconds;
        var replaced = feed.Replaced() - replacedBefore;
        await stop.CancelAsync().ConfigureAwait(false);
        try { await Task.WhenAll(readers).ConfigureAwait(false); }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException)
        {
            // readers end with the window
        }
        await app.StopAsync().ConfigureAwait(false);
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new PushBenchResult(clients, rate, seconds, all.Length, Samples.Percentile(all, 0.50), Samples.Percentile(all, 0.99), all.Length == 0 ? double.NaN : all[^1],
            ticks.Min(), ticks.Max(), replaced, levels, fetches, peak / (1024.0 * 1024), QuickBench.Machine().Cpu + $", {Environment.ProcessorCount} logical CPUs");
    }
}
