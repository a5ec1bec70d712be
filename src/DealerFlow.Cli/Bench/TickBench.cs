using System.Diagnostics;
using System.Globalization;
using DealerFlow.Web.Live;
using Microsoft.Extensions.DependencyInjection;

namespace DealerFlow.Cli.Bench;

/// <summary>What <c>dealerflow bench --tick</c> measured.</summary>
/// <param name="Cpu">CPU model and logical cores.</param>
/// <param name="Symbol">The symbol ticked (the demo's bundled SPX chain).</param>
/// <param name="Contracts">Contracts in its chain.</param>
/// <param name="PricedContracts">Contracts the default view prices (after exclusions).</param>
/// <param name="Ticks">Timed ticks (after the warm-up ones).</param>
/// <param name="MedianUs">Median, offering the tick to the book until the subscriber holds the tick event's JSON, microseconds.</param>
/// <param name="P99Us">99th percentile of the same.</param>
/// <param name="MaxUs">Largest.</param>
/// <param name="CpuUsPerTick">Process CPU time over the timed ticks, per tick, microseconds (all threads).</param>
/// <param name="AllocatedBytesPerTick">Bytes allocated on the ticking thread per tick (the path runs on it from offer to JSON).</param>
/// <param name="AlertsRaised">Alert events among the timed ticks (spot crossing the flip or a wall).</param>
/// <param name="ComputeMedianUs">Median of the tick view's computation alone (<see cref="LiveViews.Tick(SymbolState, ViewKey)"/>: the cached analysis, one sweep at the new spot, flip and regime), microseconds.</param>
/// <param name="LoadAverage">1-minute load average at the start and the end, or null off Linux.</param>
/// <param name="Reoffered">Timed ticks offered again, untimed, because their batch held another signal instead of the tick (left out of the percentiles; counted so a reader can judge).</param>
internal sealed record TickBenchResult(string Cpu, string Symbol, int Contracts, int PricedContracts, int Ticks, double MedianUs, double P99Us, double MaxUs,
    double CpuUsPerTick, double AllocatedBytesPerTick, int AlertsRaised, double ComputeMedianUs, string? LoadAverage, int Reoffered)
{
    /// <summary>The issue's target: a spot tick to updated levels within 1 ms.</summary>
    public const double TargetUs = 1000;
}

/// <summary>
/// <c>bench --tick</c>: the dashboard's server in this process (demo sources on loopback, the bundled SPX chain, no
/// simulated walk, no periodic re-anchor), one subscriber on SPX in the default view; each spot tick is offered to the
/// <see cref="LiveBook"/> exactly as a feed offers it, and the time runs until the subscriber has taken the signal and
/// holds the tick event's JSON (spot, GEX at the new spot, regime, flip and distance, walls), the text the stream
/// writes to every client. The socket write itself is the push benchmark's (<c>--push</c>).
/// </summary>
internal static class TickBench
{
    /// <summary>Most ticks in a row whose batch may hold no tick event before the bench gives up.</summary>
    private const int MaxRetries = 100;

    public static async Task<TickBenchResult> RunAsync(int ticks, int port)
    {
        var load0 = IngestBench.LoadAverage();
        var started = await DemoServer.StartAsync(port, new Dictionary<string, string>
        {
            ["SpotWalk"] = "false",
            ["ReanchorInterval"] = "01:00:00",
        }).ConfigureAwait(false);
        await using var app = started.App;
        var spx = started.Spx;
        var book = app.Services.GetRequiredService<LiveBook>();
        var feed = app.Services.GetRequiredService<LiveFeed>();
        var events = app.Services.GetRequiredService<StreamEvents>();
        var views = app.Services.GetRequiredService<LiveViews>();
        var key = ViewKey.Default;
        var (_, priced, error) = views.Analyze(spx, key);
        if (priced is null) throw new InvalidOperationException($"The demo SPX chain cannot be priced: {error}");
        double anchor;
        int contracts;
        lock (spx.Gate) (anchor, contracts) = (spx.AnchorSpot, spx.Chain!.Count);
        using var subscription = feed.Subscribe(spx);

        // A deterministic walk of +/-0.5 % around the anchor, so ticks cross the flip or a wall now and then as live ones do.
        var random = new Random(14);
        var spot = anchor;
        var warmUp = Math.Max(200, ticks / 5);
        var samples = new double[ticks];
        var alerts = 0;
        using var process = Process.GetCurrentProcess();
        double cpu = 0;
        long allocated = 0;
        var retries = 0;
        var reoffered = 0;
        for (var i = -warmUp; i < ticks; i++)
        {
            spot = Math.Clamp(spot * (1 + 0.0004 * (random.NextDouble() - 0.5)), anchor * 0.995, anchor * 1.005);
            if (i == 0)
            {
                process.Refresh();
                cpu = process.TotalProcessorTime.TotalMilliseconds;
                allocated = GC.GetAllocatedBytesForCurrentThread();
            }
            var t0 = Stopwatch.GetTimestamp();
            book.Spot("SPX", spot, DateTimeOffset.UtcNow);
            var batch = await subscription.ReadAsync(CancellationToken.None).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The subscription ended.");
            string? json = null;
            foreach (var signal in batch)
            {
                if (signal.Kind == SignalKind.Tick) json = events.TickJson(spx, key, signal.Id);
                else if (signal.Kind == SignalKind.Alert && i >= 0) alerts++;
            }
            var elapsed = Stopwatch.GetElapsedTime(t0);
            if (json is null)
            {
                // Another signal took the batch (a chain or status of the demo source arriving meanwhile, which a tick
                // coalesces into): offer this tick again, not timed; a server that never answers with a tick fails.
                if (++retries > MaxRetries) throw new InvalidOperationException($"A spot tick published no tick event ({MaxRetries} tries).");
                if (i >= 0) reoffered++;
                i--;
                continue;
            }
            retries = 0;
            if (i >= 0) samples[i] = elapsed.TotalMicroseconds;
        }
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        process.Refresh();
        cpu = process.TotalProcessorTime.TotalMilliseconds - cpu;
        // Where the time goes: the tick's levels alone (one sweep at the new spot, the flip, the regime), no offer, signal or JSON.
        var compute = new double[ticks];
        for (var i = 0; i < ticks; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            _ = views.Tick(spx, key);
            compute[i] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
        }
        await app.StopAsync().ConfigureAwait(false);
        Array.Sort(samples);
        return new TickBenchResult(QuickBench.Machine().Cpu + $", {Environment.ProcessorCount} logical cores", "SPX", contracts, priced.Count, ticks, Samples.Percentile(samples, 0.5), Samples.Percentile(samples, 0.99), samples[^1],
            cpu * 1e3 / ticks, allocated / (double)ticks, alerts, Samples.Median(compute), load0 is null ? null : $"{load0} at the start, {IngestBench.LoadAverage()} at the end", reoffered);
    }

    public static string Format(TickBenchResult r)
    {
        var inv = CultureInfo.InvariantCulture;
        var w = new StringWriter(inv);
        w.WriteLine($"Spot tick to published levels: {r.Symbol} ({r.Contracts:N0} contracts, {r.PricedContracts:N0} priced in the default view), {r.Ticks:N0} ticks, one subscriber, in process");
        w.WriteLine($"  {r.Cpu}; load average {r.LoadAverage ?? "unknown"}");
        w.WriteLine($"  offer -> tick event JSON   median {r.MedianUs:0.0} us, p99 {r.P99Us:0.0} us, max {r.MaxUs:0.0} us (target <= {TickBenchResult.TargetUs:0} us: {(r.P99Us <= TickBenchResult.TargetUs ? "ok" : "missed")} at p99)");
        w.WriteLine($"  of which the levels alone  median {r.ComputeMedianUs:0.0} us (cached analysis, one sweep at the new spot, flip, regime)");
        w.WriteLine($"  CPU per tick               {r.CpuUsPerTick:0.0} us (process, all threads)");
        w.WriteLine($"  allocated per tick         {r.AllocatedBytesPerTick:N0} bytes (ticking thread)");
        w.WriteLine($"  alerts raised              {r.AlertsRaised}");
        w.WriteLine($"  ticks offered again        {r.Reoffered} (their batch held another signal of the demo source, so they were not timed; the percentiles leave them out)");
        return w.ToString();
    }
}
