using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.ServerSentEvents;
using System.Net.Sockets;
using System.Text.Json;
using DealerFlow.Cli.Commands;
using DealerFlow.Cluster.Grains;
using DealerFlow.Cluster.Hosting;
using DealerFlow.Cluster.Membership;
using DealerFlow.Core.Chain;
using DealerFlow.Data.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime;

namespace DealerFlow.Cli.Bench;

/// <summary>What <c>bench --cluster</c> runs: the cluster's database, its size and the load.</summary>
/// <param name="Connection">The PostgreSQL database of the cluster (membership and store); must hold no snapshot of the bench's symbols.</param>
/// <param name="Silos">Silo processes (2 or 3).</param>
/// <param name="Underlyings">Synthetic underlyings (<see cref="SyntheticChain.Market"/>).</param>
/// <param name="Contracts">Contracts per underlying.</param>
/// <param name="UpdateEvery">Time between two chains of one underlying: the offered chain rate is Underlyings / UpdateEvery.</param>
/// <param name="TicksPerSecond">Spot ticks per second over all underlyings (round robin).</param>
/// <param name="Duration">The measured window (after the first chain of every underlying is in and the front end has shown it).</param>
/// <param name="KillAfter">When, in the window, one silo gets SIGKILL; null: no kill.</param>
/// <param name="Port">The front end's loopback HTTP port (0: a free one).</param>
/// <param name="SiloPort">The first silo's silo-to-silo port, the next silos the following ones (0: free ports).</param>
/// <param name="GatewayPort">The first silo's gateway port, likewise.</param>
internal sealed record ClusterBenchOptions(string Connection, int Silos, int Underlyings, int Contracts, TimeSpan UpdateEvery, double TicksPerSecond,
    TimeSpan Duration, TimeSpan? KillAfter, int Port, int SiloPort, int GatewayPort)
{
    /// <summary>Chain offers (and, separately, ticks) in flight at once from the bench: the source's concurrency.</summary>
    public int MaxInFlight { get; init; } = 64;

    /// <summary>The bench client's grain-call timeout (Orleans' response timeout).</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long after the kill every affected underlying must be back (answered and seen by the browser).</summary>
    public TimeSpan RecoveryLimit { get; init; } = TimeSpan.FromSeconds(180);
}

/// <summary>CPU and memory of one process of the run.</summary>
/// <param name="Name">silo-1.., front-end, bench.</param>
/// <param name="Pid">Its process id.</param>
/// <param name="CpuSeconds">CPU time over the process's life (all threads); for the killed silo, until just before the kill.</param>
/// <param name="WindowCpuSeconds">CPU time in the measured window (for the killed silo: until the kill).</param>
/// <param name="WindowCores">WindowCpuSeconds / the time it covers: cores in use on average.</param>
/// <param name="PeakRssMb">Peak resident set (VmHWM); null when /proc cannot be read.</param>
/// <param name="Note">What the figures cover, when not the whole run.</param>
/// <summary>One process's CPU (null: it exited before it could be sampled) and peak memory.</summary>
internal sealed record ClusterProcessFigures(string Name, int Pid, double? CpuSeconds, double? WindowCpuSeconds, double? WindowCores, double? PeakRssMb, string Note);

/// <summary>The SIGKILL of one silo and the recovery.</summary>
/// <param name="Silo">The killed silo (the one hosting the most underlying grains).</param>
/// <param name="AtSeconds">The kill, in seconds into the window.</param>
/// <param name="Affected">Underlyings whose grain was on it (management grain's list just before the kill).</param>
/// <param name="Hubs">Hub partitions (of <see cref="HubPartitions.Count"/>) that were on it.</param>
/// <param name="Placement">Underlying grains per silo before the kill.</param>
/// <param name="CameBack">Affected underlyings that answered a spot tick with levels again (a grain on a survivor, its chain restored).</param>
/// <param name="MaxUnavailableSeconds">Kill to first good answer, the slowest affected underlying.</param>
/// <param name="MedianUnavailableSeconds">The median over the affected underlyings.</param>
/// <param name="RestoredLatest">Affected underlyings whose grain, at its first good answer after the kill, held a chain at least as recent as the last one acknowledged before the kill.</param>
/// <param name="FromStore">Of those, the ones whose chain at that answer was the one restored from the store (the rest had already been given a chain offered after the kill, so their restore is not observed).</param>
/// <param name="BrowserSeen">Affected underlyings with an update sent after the kill that reached the front end's market stream.</param>
/// <param name="BrowserMaxSeconds">Kill to that first update in the stream, the slowest.</param>
/// <param name="BrowserMedianSeconds">The median.</param>
/// <param name="NotBack">Up to 10 affected underlyings that did not come back within the limit.</param>
internal sealed record ClusterKillFigures(string Silo, double AtSeconds, int Affected, int Hubs, string Placement, int CameBack, double? MaxUnavailableSeconds,
    double? MedianUnavailableSeconds, int RestoredLatest, int FromStore, int BrowserSeen, double? BrowserMaxSeconds, double? BrowserMedianSeconds, IReadOnlyList<string> NotBack);

/// <summary>One interval of the window: chains stored and ticks answered per second over the interval ending at <paramref name="AtSeconds"/>, and the chains due but not yet sent at its end.</summary>
internal sealed record ClusterTimelinePoint(double AtSeconds, double StoredPerSecond, double TicksPerSecond, long Backlog);

/// <summary>Everything <c>bench --cluster</c> measured. Rates per second of the measured window; latencies in ms.</summary>
internal sealed record ClusterBenchResult(
    string Cpu, string LoadBefore, string LoadAfter, DateTimeOffset StartedAt, string ClusterId, string Database,
    int Silos, int Underlyings, int Contracts, double UpdateEverySeconds, double TicksPerSecond, double DurationSeconds,
    double ClusterStartSeconds, int InitialStored, int InitialFailed, double InitialSeconds, double FrontEndCaughtUpSeconds,
    long ChainsDue, long ChainsSent, long ChainsStored, long ChainsStoredInWindow, long ChainsFailed, long ChainsRejected,
    double ChainsOfferedPerSecond, double ChainsStoredPerSecond, long MaxBacklog, long BacklogAtEnd,
    long TicksDue, long TicksSent, long TicksAnswered, long TicksFailed, double TicksAnsweredPerSecond,
    LatencySummary ChainLatency, LatencySummary TickLatency, long ChainsNotSeen, long TicksNotSeen, long StreamEvents,
    IReadOnlyList<string> FailureReasons, IReadOnlyList<ClusterTimelinePoint> Timeline, ClusterKillFigures? Kill, StoreAudit Store, IReadOnlyList<ClusterProcessFigures> Processes,
    IReadOnlyList<string> Problems, string LogDirectory)
{
    /// <summary>Nothing lost or duplicated, every affected underlying back (in the cluster and in the stream), every process and the stream alive to the end.</summary>
    public bool Passed => Store.Lost == 0 && Store.Duplicated == 0 && Problems.Count == 0 && (Kill is null || Kill.CameBack == Kill.Affected);
}

/// <summary>
/// <c>dealerflow bench --cluster CONN</c>: the scale run of issue 15 on this machine. Starts 2-3 silo processes and one
/// front end (<c>serve --cluster</c> without a source option: view-only) as children of this executable, each on
/// its own loopback ports, with a fresh cluster id; is itself an Orleans client that offers every synthetic underlying
/// its first chain, then for the measured window a new chain per underlying every UpdateEvery (a new instant each time,
/// so a new store key) plus spot ticks, while reading the front end's market stream like a browser. Mid-window it sends
/// SIGKILL to the silo with the most underlyings and probes each of them until it answers again; at the end it checks the
/// store against the chains the cluster acknowledged.
/// </summary>
internal static class ClusterBench
{
    /// <summary>The first chain's instant: a Friday morning, so the synthetic chains' same-day expiry is live for the whole run.</summary>
    private static readonly DateTimeOffset BaseInstant = new(2024, 1, 5, 9, 30, 0, TimeSpan.FromHours(-5));

    public static async Task<ClusterBenchResult> RunAsync(ClusterBenchOptions o, TextWriter progress, CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow;
        var loadBefore = LoadAverage();
        var market = SyntheticChain.Market(o.Underlyings, o.Contracts);
        var symbols = market.Select(m => m.Underlying).ToArray();
        var index = symbols.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => x.i, StringComparer.Ordinal);
        var npgsql = PostgresSnapshotStore.ConnectionString(o.Connection);
        var database = $"{npgsql.Host}:{npgsql.Port}/{npgsql.Database}";
        await Preflight(npgsql.ConnectionString, symbols, ct).ConfigureAwait(false);

        var runDir = Directory.CreateTempSubdirectory("dealerflow-cluster-bench-").FullName;
        var clusterId = "bench-" + started.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6];
        var settings = new ClusterSettings(o.Connection, clusterId, clusterId);
        progress.WriteLine($"cluster '{clusterId}' on PostgreSQL {database}; logs in {runDir}");

        var children = new List<ClusterBenchProcess>();
        var siloPorts = new int[o.Silos];
        try
        {
            var clock = Stopwatch.StartNew();
            var silos = new List<ClusterBenchProcess>();
            for (var i = 0; i < o.Silos; i++)
            {
                siloPorts[i] = o.SiloPort == 0 ? FreePort() : o.SiloPort + i;
                var gateway = o.GatewayPort == 0 ? FreePort() : o.GatewayPort + i;
                var silo = ClusterBenchProcess.Start($"silo-{i + 1}", ["silo", "--cluster", o.Connection, "--cluster-id", clusterId, "--service-id", clusterId,
                    "--silo-port", Inv(siloPorts[i]), "--gateway-port", Inv(gateway)], "DealerFlow silo:", Path.Combine(runDir, $"silo-{i + 1}.log"));
                children.Add(silo);
                silos.Add(silo);
            }
            foreach (var s in silos) await s.WaitReadyAsync(TimeSpan.FromSeconds(180)).ConfigureAwait(false);
            var port = o.Port == 0 ? FreePort() : o.Port;
            var frontEnd = ClusterBenchProcess.Start("front-end", ["serve", "--cluster", o.Connection, "--cluster-id", clusterId, "--service-id", clusterId,
                "--urls", $"http://127.0.0.1:{Inv(port)}"], "DealerFlow dashboard:", Path.Combine(runDir, "front-end.log"));
            children.Add(frontEnd);
            await frontEnd.WaitReadyAsync(TimeSpan.FromSeconds(180)).ConfigureAwait(false);
            var clusterStart = clock.Elapsed.TotalSeconds;
            progress.WriteLine(Inv($"{o.Silos} silos and the front end up in {clusterStart:0.0} s"));

            using var host = Client(settings, o.CallTimeout);
            await host.StartAsync(ct).ConfigureAwait(false);
            var client = host.Services.GetRequiredService<IClusterClient>();
            var run = new Run(o, client, market, symbols, index);
            try
            {
                return await run.Execute(started, loadBefore, clusterId, database, clusterStart, silos, siloPorts, frontEnd, port, npgsql.ConnectionString, runDir, progress, ct).ConfigureAwait(false);
            }
            finally
            {
                await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var c in children.AsEnumerable().Reverse())
            {
                try
                {
                    await c.StopAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(false);
                }
                catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    progress.WriteLine($"{c.Name}: could not be stopped cleanly ({e.Message}); killed.");
                }
                c.Dispose();
            }
        }
    }

    /// <summary>Refuses a database that already holds snapshots of the bench's symbols (the store audit must see only this run's rows); creates the schemas once, before the silos race to.</summary>
    private static async Task Preflight(string connection, string[] symbols, CancellationToken ct)
    {
        try
        {
            await using (var db = new NpgsqlConnection(connection))
            {
                await db.OpenAsync(ct).ConfigureAwait(false);
                await using var exists = new NpgsqlCommand("SELECT to_regclass('public.snapshots') IS NOT NULL", db);
                if ((bool)(await exists.ExecuteScalarAsync(ct).ConfigureAwait(false))!)
                {
                    await using var count = new NpgsqlCommand("SELECT count(*) FROM snapshots WHERE underlying = ANY(@s)", db);
                    count.Parameters.AddWithValue("s", symbols);
                    var n = (long)(await count.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
                    if (n > 0)
                        throw new InputException($"--cluster: the database already holds snapshots of the bench's symbols ({n:N0} of {symbols[0]}..{symbols[^1]}); give the bench a fresh database (createdb), so its store check sees only this run.");
                }
            }
            await ClusterSchema.EnsureAsync(connection, ct).ConfigureAwait(false);
            PostgresSnapshotStore.Open(connection).Dispose();
        }
        catch (Exception e) when (e is NpgsqlException or StoreException or ArgumentException)
        {
            throw new InputException($"--cluster: cannot use the database: {e.Message}");
        }
    }

    private static IHost Client(ClusterSettings settings, TimeSpan callTimeout)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(c =>
        {
            c.UseDealerFlowClient(settings);
            c.Configure<ClientMessagingOptions>(m => m.ResponseTimeout = callTimeout);
        });
        return builder.Build();
    }

    /// <summary>The result as the text table of <c>bench --cluster</c>.</summary>
    public static string Format(ClusterBenchResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var b = new StringBuilder();
        void L(FormattableString line) => b.AppendLine(line.ToString(CultureInfo.InvariantCulture));
        static string Ms(double? x) => x is { } v ? v.ToString("0", CultureInfo.InvariantCulture) + " ms" : "n/a";
        static string S(double? x) => x is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "n/a";
        static string F(double? x, string format) => x is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";
        L($"Cluster bench: {r.Silos} silos + 1 front end on loopback, PostgreSQL {r.Database}, cluster '{r.ClusterId}', {r.StartedAt:yyyy-MM-dd HH:mm} UTC");
        L($"  machine            {r.Cpu}; load average before {r.LoadBefore}, after {r.LoadAfter}");
        L($"  market             {r.Underlyings:N0} synthetic underlyings x {r.Contracts:N0} contracts; a chain per underlying every {r.UpdateEverySeconds:0.#} s, {r.TicksPerSecond:0.#} spot ticks/s; window {r.DurationSeconds:0.0} s");
        L($"  start              silos and front end up in {r.ClusterStartSeconds:0.0} s; first chains: {r.InitialStored:N0} stored, {r.InitialFailed:N0} not, in {r.InitialSeconds:0.0} s ({r.InitialStored / r.InitialSeconds:0.0}/s); front end showed all {S(r.FrontEndCaughtUpSeconds - r.InitialSeconds)} later");
        L($"  chain updates      offered {r.ChainsOfferedPerSecond:0.0}/s, stored {r.ChainsStoredPerSecond:0.0}/s in the window ({r.ChainsStoredInWindow:N0}; {r.ChainsStored:N0} with the drain); sent {r.ChainsSent:N0} of {r.ChainsDue:N0} due, backlog max {r.MaxBacklog:N0}, at the end {r.BacklogAtEnd:N0}; failed {r.ChainsFailed:N0}, not stored {r.ChainsRejected:N0}");
        L($"  spot ticks         offered {r.TicksPerSecond:0.0}/s, answered {r.TicksAnsweredPerSecond:0.0}/s ({r.TicksAnswered:N0} of {r.TicksSent:N0} sent, {r.TicksDue:N0} due); failed {r.TicksFailed:N0}");
        L($"  timeline           every ~20 s of the window: chains stored/s, ticks answered/s, chains due but not sent");
        b.Append("                    ");
        foreach (var t in r.Timeline) b.Append(CultureInfo.InvariantCulture, $" {t.AtSeconds:0}s {t.StoredPerSecond:0}/{t.TicksPerSecond:0}/{t.Backlog:N0}");
        b.AppendLine();
        L($"  chain -> browser   p50 {Ms(r.ChainLatency.P50Ms)}, p99 {Ms(r.ChainLatency.P99Ms)}, max {Ms(r.ChainLatency.MaxMs)} over {r.ChainLatency.Count:N0} chains seen ({r.ChainsNotSeen:N0} stored chains never seen)");
        L($"  tick -> browser    p50 {Ms(r.TickLatency.P50Ms)}, p99 {Ms(r.TickLatency.P99Ms)}, max {Ms(r.TickLatency.MaxMs)} over {r.TickLatency.Count:N0} ticks seen ({r.TicksNotSeen:N0} answered ticks never seen: replaced by a later update of the row within one coalescing interval, or sent while the row's hub was away)");
        L($"                     source = the bench's call to the grain; browser = the front end's /api/market/stream event carrying the row ({r.StreamEvents:N0} events; the stream coalesces changes to at most one event per 250 ms, which is part of these figures)");
        if (r.Kill is { } k)
        {
            L($"  SIGKILL            {k.Silo} at {k.AtSeconds:0.0} s: {k.Affected:N0} underlyings and {k.Hubs} of {HubPartitions.Count} hubs on it (before: {k.Placement})");
            L($"  unavailable        kill -> first answer with levels: max {S(k.MaxUnavailableSeconds)}, median {S(k.MedianUnavailableSeconds)}; back on the survivors: {k.CameBack:N0} of {k.Affected:N0}{(k.NotBack.Count > 0 ? " (not back: " + string.Join(", ", k.NotBack) + ")" : "")}");
            L($"  restored           {k.RestoredLatest:N0} of {k.Affected:N0} held a chain at least as recent as their last one acknowledged before the kill at their first answer; {k.FromStore:N0} of them the one restored from the store (the others already had a chain offered after the kill)");
            L($"  browser again      kill -> first post-kill update in the stream: max {S(k.BrowserMaxSeconds)}, median {S(k.BrowserMedianSeconds)}, {k.BrowserSeen:N0} of {k.Affected:N0}");
        }
        var st = r.Store;
        L($"  store              {st.Acknowledged:N0} chains acknowledged stored, {st.Rows:N0} rows: lost {st.Lost}, duplicated {st.Duplicated}, committed but not acknowledged {st.UnacknowledgedCommitted} (the answer was lost with the silo; restored all the same)");
        foreach (var x in st.LostExamples) L($"    lost: {x}");
        foreach (var x in st.DuplicatedExamples) L($"    duplicated: {x}");
        foreach (var x in r.FailureReasons) L($"  failures           {x}");
        foreach (var x in r.Problems) L($"  PROBLEM            {x}");
        L($"  processes          CPU s (life), CPU s in the window, cores in the window, peak RSS");
        foreach (var p in r.Processes)
            L($"    {p.Name,-10} pid {p.Pid,-7} {F(p.CpuSeconds, "0.0"),8} {F(p.WindowCpuSeconds, "0.0"),8} {F(p.WindowCores, "0.00"),6} {(p.PeakRssMb is { } m ? m.ToString("0", CultureInfo.InvariantCulture) + " MB" : "n/a"),8}  {p.Note}");
        L($"  PostgreSQL runs outside the bench (shared server): its CPU is not in these figures. Logs: {r.LogDirectory}");
        return b.ToString();
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    internal static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string Inv(int x) => x.ToString(CultureInfo.InvariantCulture);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>The state of one run: what was sent when, what came back, what the browser saw.</summary>
    private sealed class Run(ClusterBenchOptions o, IClusterClient client, SyntheticChainOptions[] market, string[] symbols, Dictionary<string, int> index)
    {
        private static readonly TimeSpan ProbeEvery = TimeSpan.FromMilliseconds(500);
        private const int ProbesInFlight = 3;
        private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(20);

        private enum Kind { Initial, Feed, Probe }

        private readonly record struct Sent(long At, Kind Kind);

        private readonly ConcurrentDictionary<(int U, long Ticks), Sent> _chains = new();
        private readonly ConcurrentDictionary<(int U, long Bits), Sent> _ticks = new();
        private readonly ConcurrentBag<AckedChain> _acked = [];
        private readonly ConcurrentDictionary<string, int> _reasons = new(StringComparer.Ordinal);
        private readonly long[] _lastAcked = new long[symbols.Length];
        private readonly int[] _tickCount = new int[symbols.Length];
        private readonly int[] _probeCount = new int[symbols.Length];
        private readonly bool[] _seenChain = new bool[symbols.Length];
        private readonly Lock _gate = new();
        private readonly List<double> _chainLatency = [];
        private readonly List<double> _tickLatency = [];
        private readonly ConcurrentDictionary<int, double> _browserBack = new();
        private readonly SemaphoreSlim _chainSlots = new(o.MaxInFlight);
        private readonly SemaphoreSlim _tickSlots = new(o.MaxInFlight);
        private long _windowEnd = long.MaxValue;
        private long _killAt = long.MaxValue;
        private bool[] _affected = new bool[symbols.Length];
        private long _chainsDue, _chainsSent;
        private long _inFlight, _stored, _storedInWindow, _failed, _rejected, _ticksAnswered, _ticksFailed, _events, _seenChains;

        public async Task<ClusterBenchResult> Execute(DateTimeOffset started, string loadBefore, string clusterId, string database, double clusterStart,
            List<ClusterBenchProcess> silos, int[] siloPorts, ClusterBenchProcess frontEnd, int port, string connection, string runDir, TextWriter progress, CancellationToken ct)
        {
            // 1. The first chain of every underlying (cycle 0), as fast as the cluster takes them; an offer that got no answer
            // is offered again (up to 3 rounds: the grain answers already-stored when the first one was committed after all).
            var clock = Stopwatch.StartNew();
            var missing = Enumerable.Range(0, symbols.Length).ToList();
            var initialFailed = 0;
            for (var round = 0; round < 3 && missing.Count > 0; round++)
            {
                var initial = new List<Task<bool>>(missing.Count);
                foreach (var u in missing)
                {
                    await _chainSlots.WaitAsync(ct).ConfigureAwait(false);
                    initial.Add(OfferChain(u, 0, Kind.Initial));
                }
                var answered = await Task.WhenAll(initial).ConfigureAwait(false);
                initialFailed += answered.Count(a => !a);
                missing = [.. missing.Where((_, i) => !answered[i])];
            }
            if (missing.Count > 0)
                throw new ClusterBenchException($"{missing.Count:N0} of {symbols.Length:N0} underlyings got no answer to their first chain in 3 rounds (e.g. {symbols[missing[0]]}): the cluster does not keep up with this market on this machine; try a smaller --market.");
            var initialSeconds = clock.Elapsed.TotalSeconds;
            var initialStored = (int)Interlocked.Read(ref _stored);
            var failedBefore = Interlocked.Read(ref _failed);
            var rejectedBefore = Interlocked.Read(ref _rejected);
            progress.WriteLine(Inv($"first chain of {symbols.Length:N0} underlyings: {initialStored:N0} acknowledged, {initialFailed:N0} offers not (offered again), in {initialSeconds:0.0} s"));

            // 2. The browser: the front end's market stream, until it shows every underlying's first chain.
            using var stop = new CancellationTokenSource();
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, ct);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Inv(port)}"), Timeout = Timeout.InfiniteTimeSpan };
            var reader = Task.Run(() => ReadStream(http, linked.Token), CancellationToken.None);
            var caught = Stopwatch.StartNew();
            while (Interlocked.Read(ref _seenChains) < symbols.Length)
            {
                if (reader.IsCompleted) await reader.ConfigureAwait(false);
                if (caught.Elapsed > TimeSpan.FromSeconds(300))
                    throw new ClusterBenchException($"The front end showed {Interlocked.Read(ref _seenChains):N0} of {symbols.Length:N0} underlyings 300 s after the first chains were stored.");
                await Task.Delay(100, ct).ConfigureAwait(false);
            }
            var caughtUp = initialSeconds + caught.Elapsed.TotalSeconds;
            progress.WriteLine(Inv($"the front end shows all {symbols.Length:N0} underlyings {caught.Elapsed.TotalSeconds:0.0} s after the last first chain was stored"));

            // 3. The measured window: chains and ticks on schedule, the kill in the middle.
            var all = silos.Append(frontEnd).ToList();
            var cpuStart = all.ToDictionary(p => p.Name, p => p.Cpu());
            var benchCpuStart = Process.GetCurrentProcess().TotalProcessorTime;
            var window = Stopwatch.StartNew();
            var windowStartTs = Stopwatch.GetTimestamp();
            var feed = Task.Run(() => FeedChains(window, linked.Token), CancellationToken.None);
            var ticks = Task.Run(() => FeedTicks(window, linked.Token), CancellationToken.None);
            var timeline = new List<ClusterTimelinePoint>();
            var sampler = Task.Run(() => Sample(window, timeline, linked.Token), CancellationToken.None);
            var killedCpu = new Dictionary<string, (TimeSpan Cpu, double? Rss, double Seconds)>();
            Task<ClusterKillFigures>? kill = null;
            if (o.KillAfter is { } after)
            {
                await Task.Delay(after, ct).ConfigureAwait(false);
                kill = Kill(silos, siloPorts, window, killedCpu, progress);
            }
            var rest = o.Duration - window.Elapsed;
            if (rest > TimeSpan.Zero) await Task.Delay(rest, ct).ConfigureAwait(false);
            var windowSeconds = window.Elapsed.TotalSeconds;
            Volatile.Write(ref _windowEnd, Stopwatch.GetTimestamp());
            var cpuEnd = all.Where(p => !killedCpu.ContainsKey(p.Name)).ToDictionary(p => p.Name, p => p.Cpu());
            // What must hold to the end for the figures to mean anything: every process not killed on purpose, and the stream.
            var exits = all.Where(p => !killedCpu.ContainsKey(p.Name)).Select(p => (p.Name, p.Exited ? p.ExitDescription() : null)).ToList();
            var streamEnded = reader.IsCompleted;
            var benchCpuEnd = Process.GetCurrentProcess().TotalProcessorTime;
            var (due, sent, maxBacklog) = await feed.ConfigureAwait(false);
            await sampler.ConfigureAwait(false);
            var (ticksDue, ticksSent) = await ticks.ConfigureAwait(false);
            progress.WriteLine(Inv($"window over after {windowSeconds:0.0} s: {sent:N0} of {due:N0} chains sent, {Interlocked.Read(ref _storedInWindow):N0} stored in the window; draining"));

            // 4. Drain: the calls in flight end (answer or timeout), the probes end, the stream gets a moment to deliver.
            var drain = Stopwatch.StartNew();
            while (Interlocked.Read(ref _inFlight) > 0 && drain.Elapsed < o.CallTimeout * 3) await Task.Delay(100, CancellationToken.None).ConfigureAwait(false);
            var killFigures = kill is null ? null : await kill.ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromSeconds(3), CancellationToken.None).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await reader.ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException)
            {
                // the stream ends with the run
            }

            // 5. The store against what was acknowledged; CPU and memory.
            var audit = ClusterBenchBook.Audit([.. _acked], await StoredRows(connection, CancellationToken.None).ConfigureAwait(false));
            var processes = new List<ClusterProcessFigures>();
            foreach (var p in all)
            {
                if (killedCpu.TryGetValue(p.Name, out var k))
                {
                    var killedWindow = (k.Cpu - cpuStart[p.Name])?.TotalSeconds;
                    processes.Add(new ClusterProcessFigures(p.Name, p.Pid, k.Cpu.TotalSeconds, killedWindow, killedWindow / k.Seconds, k.Rss, Inv($"SIGKILL at {k.Seconds:0.0} s; sampled just before")));
                    continue;
                }
                var total = p.Cpu() ?? cpuEnd[p.Name];
                var inWindow = (cpuEnd[p.Name] - cpuStart[p.Name])?.TotalSeconds;
                processes.Add(new ClusterProcessFigures(p.Name, p.Pid, total?.TotalSeconds, inWindow, inWindow / windowSeconds, ClusterBenchBook.PeakRssMb(p.Pid), inWindow is null ? "exited during the run" : ""));
            }
            var benchWindow = (benchCpuEnd - benchCpuStart).TotalSeconds;
            processes.Add(new ClusterProcessFigures("bench", Environment.ProcessId, Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, benchWindow, benchWindow / windowSeconds,
                ClusterBenchBook.PeakRssMb(Environment.ProcessId), "source and browser: generates the chains, Orleans client, reads the stream"));

            long chainsNotSeen = _chains.Values.Count(s => s.Kind == Kind.Feed);
            long ticksNotSeen = _ticks.Values.Count(s => s.Kind == Kind.Feed);
            LatencySummary chainLatency, tickLatency;
            lock (_gate)
            {
                chainLatency = ClusterBenchBook.Summarize(_chainLatency);
                tickLatency = ClusterBenchBook.Summarize(_tickLatency);
            }
            var stored = Interlocked.Read(ref _stored) - initialStored;
            var problems = ClusterBenchBook.Problems(exits, streamEnded, killFigures);
            var reasons = _reasons.OrderByDescending(kv => kv.Value).Take(5).Select(kv => $"{kv.Value:N0} x {kv.Key}").ToList();
            return new ClusterBenchResult(QuickBench.Machine().Cpu + $", {Environment.ProcessorCount} logical CPUs", loadBefore, LoadAverage(), started, clusterId, database,
                o.Silos, symbols.Length, o.Contracts, o.UpdateEvery.TotalSeconds, o.TicksPerSecond, windowSeconds,
                clusterStart, initialStored, initialFailed, initialSeconds, caughtUp,
                due, sent, stored, Interlocked.Read(ref _storedInWindow), Interlocked.Read(ref _failed) - failedBefore, Interlocked.Read(ref _rejected) - rejectedBefore,
                symbols.Length / o.UpdateEvery.TotalSeconds, Interlocked.Read(ref _storedInWindow) / windowSeconds, maxBacklog, due - sent,
                ticksDue, ticksSent, Interlocked.Read(ref _ticksAnswered), Interlocked.Read(ref _ticksFailed), Interlocked.Read(ref _ticksAnswered) / windowSeconds,
                chainLatency, tickLatency, chainsNotSeen, ticksNotSeen, Interlocked.Read(ref _events),
                reasons, timeline, killFigures, audit, processes, problems, runDir);
        }

        /// <summary>Every <see cref="SampleEvery"/> of the window: the stored and answered rates over the interval and the backlog at its end.</summary>
        private async Task Sample(Stopwatch window, List<ClusterTimelinePoint> timeline, CancellationToken ct)
        {
            long stored = 0, ticks = 0;
            var last = 0.0;
            try
            {
                while (last < o.Duration.TotalSeconds - 0.5)
                {
                    var next = Math.Min(last + SampleEvery.TotalSeconds, o.Duration.TotalSeconds);
                    await Task.Delay(TimeSpan.FromSeconds(Math.Max(0, next - window.Elapsed.TotalSeconds)), ct).ConfigureAwait(false);
                    var at = window.Elapsed.TotalSeconds;
                    long s = Interlocked.Read(ref _storedInWindow), t = Interlocked.Read(ref _ticksAnswered);
                    timeline.Add(new ClusterTimelinePoint(at, (s - stored) / (at - last), (t - ticks) / (at - last), Volatile.Read(ref _chainsDue) - Volatile.Read(ref _chainsSent)));
                    (stored, ticks, last) = (s, t, at);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // stopped
            }
        }

        /// <summary>Chain k of the window goes to underlying k mod N at k x UpdateEvery / N: every underlying once per UpdateEvery, spread evenly.</summary>
        private async Task<(long Due, long Sent, long MaxBacklog)> FeedChains(Stopwatch window, CancellationToken ct)
        {
            var n = symbols.Length;
            var interval = o.UpdateEvery.TotalSeconds / n;
            long k = 0, due = 0, maxBacklog = 0;
            try
            {
                while (window.Elapsed < o.Duration)
                {
                    due = Math.Min((long)Math.Floor(window.Elapsed.TotalSeconds / interval) + 1, (long)Math.Ceiling(o.Duration.TotalSeconds / interval));
                    Volatile.Write(ref _chainsDue, due);
                    if (k < due)
                    {
                        maxBacklog = Math.Max(maxBacklog, due - k);
                        await _chainSlots.WaitAsync(ct).ConfigureAwait(false);
                        _ = OfferChain((int)(k % n), 1 + (int)(k / n), Kind.Feed);
                        k++;
                        Volatile.Write(ref _chainsSent, k);
                        continue;
                    }
                    await Task.Delay(5, ct).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // stopped
            }
            return (due, k, maxBacklog);
        }

        private async Task<(long Due, long Sent)> FeedTicks(Stopwatch window, CancellationToken ct)
        {
            if (o.TicksPerSecond <= 0) return (0, 0);
            var interval = 1 / o.TicksPerSecond;
            long j = 0, due = 0;
            try
            {
                while (window.Elapsed < o.Duration)
                {
                    due = (long)Math.Floor(window.Elapsed.TotalSeconds / interval) + 1;
                    if (j < due)
                    {
                        var u = (int)(j % symbols.Length);
                        j++;
                        // A run-unique spot per underlying (never the chain's own), so the stream's row shows which tick it carries.
                        var spot = market[u].Spot * (1 + Interlocked.Increment(ref _tickCount[u]) * 1e-6);
                        await _tickSlots.WaitAsync(ct).ConfigureAwait(false);
                        _ = Tick(u, spot, Kind.Feed);
                        continue;
                    }
                    await Task.Delay(5, ct).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // stopped
            }
            return (due, j);
        }

        /// <summary>Offers cycle <paramref name="cycle"/>'s chain of underlying <paramref name="u"/> (instant = base + cycle x UpdateEvery); releases a chain slot when answered.</summary>
        private async Task<bool> OfferChain(int u, int cycle, Kind kind)
        {
            Interlocked.Increment(ref _inFlight);
            var instant = BaseInstant + cycle * o.UpdateEvery;
            try
            {
                var chain = await Task.Run(() => SyntheticChain.Generate(market[u] with { Instant = instant })).ConfigureAwait(false);
                _chains[(u, instant.UtcTicks)] = new Sent(Stopwatch.GetTimestamp(), kind);
                var r = await client.GetGrain<IUnderlyingGrain>(symbols[u]).Offer(chain, $"bench cycle {cycle}").ConfigureAwait(false);
                if (r.Store is "stored" or "already-stored" && r.StoreId is { } id)
                {
                    _acked.Add(new AckedChain(symbols[u], instant, id));
                    InterlockedMax(ref _lastAcked[u], instant.UtcTicks);
                    Interlocked.Increment(ref _stored);
                    if (r.Store == "already-stored") Reason("already stored (an offer again after an unanswered one)");
                    if (Stopwatch.GetTimestamp() <= Volatile.Read(ref _windowEnd) && kind == Kind.Feed) Interlocked.Increment(ref _storedInWindow);
                    return true;
                }
                _chains.TryRemove((u, instant.UtcTicks), out _);
                Interlocked.Increment(ref _rejected);
                Reason($"not stored: {r.Error ?? r.Store ?? "no answer"}");
                return false;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _chains.TryRemove((u, instant.UtcTicks), out _);
                Interlocked.Increment(ref _failed);
                Reason($"offer failed: {e.GetType().Name}: {Short(e.GetBaseException().Message)}");
                return false;
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
                _chainSlots.Release();
            }
        }

        private async Task Tick(int u, double spot, Kind kind)
        {
            Interlocked.Increment(ref _inFlight);
            try
            {
                _ticks[(u, BitConverter.DoubleToInt64Bits(spot))] = new Sent(Stopwatch.GetTimestamp(), kind);
                var r = await client.GetGrain<IUnderlyingGrain>(symbols[u]).Spot(spot, DateTimeOffset.UtcNow, false).ConfigureAwait(false);
                if (r is null)
                {
                    _ticks.TryRemove((u, BitConverter.DoubleToInt64Bits(spot)), out _);
                    Interlocked.Increment(ref _ticksFailed);
                    Reason("tick dropped: the grain had no chain");
                }
                else
                {
                    Interlocked.Increment(ref _ticksAnswered);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _ticks.TryRemove((u, BitConverter.DoubleToInt64Bits(spot)), out _);
                Interlocked.Increment(ref _ticksFailed);
                Reason($"tick failed: {e.GetType().Name}: {Short(e.GetBaseException().Message)}");
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
                _tickSlots.Release();
            }
        }

        /// <summary>SIGKILL of the silo with the most underlyings, then each of its underlyings probed (one call in flight each) until it answers and the stream shows it.</summary>
        private async Task<ClusterKillFigures> Kill(List<ClusterBenchProcess> silos, int[] siloPorts, Stopwatch window,
            Dictionary<string, (TimeSpan Cpu, double? Rss, double Seconds)> killed, TextWriter progress)
        {
            var placement = await PlaceGrains().ConfigureAwait(false);
            var victim = Enumerable.Range(0, silos.Count).MaxBy(i => placement.UnderlyingsPerSilo.GetValueOrDefault(siloPorts[i]));
            var silo = silos[victim];
            var affected = placement.On(siloPorts[victim]);
            var before = affected.ToDictionary(s => s, s => Interlocked.Read(ref _lastAcked[index[s]]), StringComparer.Ordinal);
            var flags = new bool[symbols.Length];
            foreach (var s in affected) flags[index[s]] = true;
            Volatile.Write(ref _affected, flags);
            var cpu = silo.Cpu() ?? TimeSpan.Zero;
            var rss = ClusterBenchBook.PeakRssMb(silo.Pid);
            var at = window.Elapsed.TotalSeconds;
            var killTs = Stopwatch.GetTimestamp();
            Volatile.Write(ref _killAt, killTs);
            silo.Kill();
            killed[silo.Name] = (cpu, rss, at);
            var spread = string.Join(", ", Enumerable.Range(0, silos.Count).Select(i => $"{silos[i].Name} {placement.UnderlyingsPerSilo.GetValueOrDefault(siloPorts[i]):N0}"));
            progress.WriteLine(Inv($"SIGKILL {silo.Name} (pid {silo.Pid}) at {at:0.0} s: {affected.Count:N0} underlyings and {placement.HubsPerSilo.GetValueOrDefault(siloPorts[victim])} hubs on it ({spread})"));
            var results = await Task.WhenAll(affected.Select(s => Probe(s, killTs, before[s]))).ConfigureAwait(false);
            var back = results.Where(r => r.Back is not null).Select(r => r.Back!.Value).ToList();
            var seen = affected.Where(s => _browserBack.ContainsKey(index[s])).Select(s => _browserBack[index[s]]).ToList();
            var figures = new ClusterKillFigures(silo.Name, at, affected.Count, placement.HubsPerSilo.GetValueOrDefault(siloPorts[victim]), spread, back.Count,
                back.Count == 0 ? null : back.Max(), back.Count == 0 ? null : Samples.Median(back), results.Count(r => r.RestoredLatest), results.Count(r => r.RestoredLatest && r.FromStore),
                seen.Count, seen.Count == 0 ? null : seen.Max(), seen.Count == 0 ? null : Samples.Median(seen),
                [.. affected.Where((s, i) => results[i].Back is null).Take(10)]);
            progress.WriteLine(Inv($"after the kill: {figures.CameBack:N0} of {figures.Affected:N0} back, slowest {figures.MaxUnavailableSeconds:0.0} s; the stream showed {figures.BrowserSeen:N0} again, slowest {figures.BrowserMaxSeconds:0.0} s"));
            return figures;
        }

        private async Task<Placement> PlaceGrains()
        {
            var stats = await client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics().ConfigureAwait(false);
            var underlyingType = client.GetGrain<IUnderlyingGrain>(symbols[0]).GetGrainId().Type.ToString()!;
            var hubType = client.GetGrain<IMarketHub>(0).GetGrainId().Type.ToString()!;
            var grains = stats.Select(s => new GrainAt(s.GrainId.Type.ToString()!, s.GrainId.Key.ToString()!, s.SiloAddress.Endpoint.Port));
            return ClusterBenchBook.Place(grains, symbols.ToHashSet(StringComparer.Ordinal), underlyingType, hubType);
        }

        /// <summary>
        /// Spot probes (run-unique values below the chain's spot) until one is answered with levels: a new probe every
        /// <see cref="ProbeEvery"/> while none has answered, at most <see cref="ProbesInFlight"/> in flight (a call to the dead
        /// silo can hang until the call timeout, and the first answer after the grain is back should not wait behind it);
        /// then the grain's chain at that answer against the last one acknowledged before the kill (and whether it is the one
        /// restored from the store); then one tick a second until the stream shows the underlying.
        /// </summary>
        private async Task<(double? Back, bool RestoredLatest, bool FromStore)> Probe(string symbol, long killTs, long lastAckedTicks)
        {
            var u = index[symbol];
            var grain = client.GetGrain<IUnderlyingGrain>(symbol);
            double? back = null;
            var pending = new List<Task<bool>>();
            while (back is null && Stopwatch.GetElapsedTime(killTs) < o.RecoveryLimit)
            {
                if (pending.Count < ProbesInFlight) pending.Add(ProbeOnce(grain, u));
                var wait = Task.Delay(ProbeEvery);
                await Task.WhenAny(pending.Cast<Task>().Append(wait)).ConfigureAwait(false);
                var failed = false;
                foreach (var t in pending.Where(t => t.IsCompleted).ToList())
                {
                    pending.Remove(t);
                    if (await t.ConfigureAwait(false)) back ??= Stopwatch.GetElapsedTime(killTs).TotalSeconds;
                    else failed = true;
                }
                if (failed && back is null) await wait.ConfigureAwait(false);
            }
            if (back is null) return (null, false, false);
            // The grain's chain at its first good answer: later the feed's next chain replaces the restored one.
            var (latest, fromStore) = (false, false);
            try
            {
                var view = await grain.Current().ConfigureAwait(false);
                latest = view.Chain is { } c && c.Instant.UtcTicks >= lastAckedTicks;
                fromStore = view.Restored;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // counted as not restored
            }
            while (!_browserBack.ContainsKey(u) && Stopwatch.GetElapsedTime(killTs) < o.RecoveryLimit)
            {
                await ProbeOnce(grain, u).ConfigureAwait(false);
                await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            }
            return (back, latest, fromStore);
        }

        /// <summary>One probe: true when the grain answered with levels.</summary>
        private async Task<bool> ProbeOnce(IUnderlyingGrain grain, int u)
        {
            var spot = market[u].Spot * (1 - Interlocked.Increment(ref _probeCount[u]) * 1e-6);
            _ticks[(u, BitConverter.DoubleToInt64Bits(spot))] = new Sent(Stopwatch.GetTimestamp(), Kind.Probe);
            try
            {
                return await grain.Spot(spot, DateTimeOffset.UtcNow, false).ConfigureAwait(false) is not null;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return false; // still unavailable
            }
        }

        /// <summary>The browser: every market/changes event of the front end's stream, matched to what was sent by chain instant and by run-unique spot.</summary>
        private async Task ReadStream(HttpClient http, CancellationToken ct)
        {
            using var response = await http.GetAsync(new Uri("/api/market/stream", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            await foreach (var item in SseParser.Create(stream).EnumerateAsync(ct).ConfigureAwait(false))
            {
                if (item.EventType is not ("market" or "changes")) continue;
                var now = Stopwatch.GetTimestamp();
                Interlocked.Increment(ref _events);
                using var doc = JsonDocument.Parse(item.Data);
                foreach (var row in doc.RootElement.GetProperty("rows").EnumerateArray())
                {
                    if (!index.TryGetValue(row.GetProperty("symbol").GetString() ?? "", out var u)) continue;
                    if (row.TryGetProperty("chainAsOf", out var asOf) && asOf.ValueKind == JsonValueKind.String)
                    {
                        var ticks = asOf.GetDateTimeOffset().UtcTicks;
                        if (!_seenChain[u] && ticks == BaseInstant.UtcTicks)
                        {
                            _seenChain[u] = true;
                            Interlocked.Increment(ref _seenChains);
                        }
                        if (_chains.TryRemove((u, ticks), out var sent)) Seen(u, sent, now, _chainLatency);
                    }
                    if (row.TryGetProperty("spot", out var spot) && spot.ValueKind == JsonValueKind.Number
                        && _ticks.TryRemove((u, BitConverter.DoubleToInt64Bits(spot.GetDouble())), out var tick))
                    {
                        Seen(u, tick, now, _tickLatency);
                    }
                }
            }
        }

        private void Seen(int u, Sent sent, long now, List<double> latencies)
        {
            if (sent.Kind == Kind.Feed)
            {
                var ms = Stopwatch.GetElapsedTime(sent.At, now).TotalMilliseconds;
                lock (_gate) latencies.Add(ms);
            }
            var killAt = Volatile.Read(ref _killAt);
            if (sent.At >= killAt && Volatile.Read(ref _affected)[u]) _browserBack.TryAdd(u, Stopwatch.GetElapsedTime(killAt, now).TotalSeconds);
        }

        private void Reason(string reason) => _reasons.AddOrUpdate(reason, 1, (_, n) => n + 1);

        private static string Short(string message) => message.Length <= 120 ? message : message[..120] + "...";

        private static void InterlockedMax(ref long target, long value)
        {
            var current = Volatile.Read(ref target);
            while (value > current)
            {
                var seen = Interlocked.CompareExchange(ref target, value, current);
                if (seen == current) return;
                current = seen;
            }
        }

        private async Task<List<StoredRow>> StoredRows(string connection, CancellationToken ct)
        {
            var rows = new List<StoredRow>();
            await using var db = new NpgsqlConnection(connection);
            await db.OpenAsync(ct).ConfigureAwait(false);
            await using var cmd = new NpgsqlCommand("SELECT id, underlying, instant FROM snapshots WHERE underlying = ANY(@s)", db);
            cmd.Parameters.AddWithValue("s", symbols);
            await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await r.ReadAsync(ct).ConfigureAwait(false)) rows.Add(new StoredRow(r.GetInt64(0), r.GetString(1), r.GetFieldValue<DateTimeOffset>(2)));
            return rows;
        }
    }
}
