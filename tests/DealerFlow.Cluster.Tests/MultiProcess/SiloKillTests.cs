using System.Net;
using System.Text.Json;
using DealerFlow.Cluster.Grains;
using DealerFlow.Cluster.Hosting;
using DealerFlow.Data.Tests.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DealerFlow.Cluster.Tests.MultiProcess;

/// <summary>
/// The cluster as it is deployed, in separate processes on loopback: two <c>dealerflow silo</c> processes and a
/// <c>dealerflow serve --cluster</c> front end on a throw-away PostgreSQL database (membership and snapshot store). The
/// front end watches a folder holding three real chains from tests/data (SPX, NDX, SPY); once its API serves all three,
/// the silo that hosts the most of their grains is killed with SIGKILL. Afterwards the first front end still serves every
/// symbol, and a second front end started after the kill, which never saw the files, serves every one of them with the
/// same levels: the grains that were on the dead silo re-activated on the survivor and restored their chains from the
/// store.
/// </summary>
public sealed class SiloKillTests : IDisposable
{
    /// <summary>Relative tolerance on the levels after the kill: the restored chain is the committed one, bit for bit, priced by the same code.</summary>
    private const double Tolerance = 1e-9;

    private static readonly TimeSpan Start = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan Served = TimeSpan.FromSeconds(90);

    private static readonly (string Symbol, string File)[] Chains =
    [
        ("SPX", "spx_quotedata_2024-01-05.csv"),
        ("NDX", "ndx_quotedata_2022-02-04.csv"),
        ("SPY", "spy_quotedata_2025-09-25.csv"),
    ];

    private readonly string _dir = Directory.CreateTempSubdirectory("dealerflow-cluster-").FullName;
    private readonly List<ChildProcess> _children = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };
    private TempPostgresDatabase? _db;
    private IHost? _client;

    [PostgresFact]
    public async Task KillOneSilo_EverySymbolServedAgain_WithTheCommittedLevels()
    {
        try
        {
            await Run();
        }
        catch (Exception e)
        {
            throw new InvalidOperationException(e.Message + Environment.NewLine + Logs(), e);
        }
    }

    private async Task Run()
    {
        _db = new TempPostgresDatabase();
        var clusterId = "kill-" + _db.Name;
        var watch = Directory.CreateDirectory(Path.Combine(_dir, "watch")).FullName;
        var empty = Directory.CreateDirectory(Path.Combine(_dir, "empty")).FullName;
        foreach (var (_, file) in Chains) File.Copy(RepoPaths.Data(file), Path.Combine(watch, file));

        var silos = new[] { StartSilo("silo-a", clusterId), StartSilo("silo-b", clusterId) };
        await Task.WhenAll(silos.Select(s => s.Process.WaitForLine("DealerFlow silo:", Start)));
        var first = await StartFrontEnd("front-end-1", clusterId, watch);

        var before = new Dictionary<string, Levels>(StringComparer.Ordinal);
        foreach (var (symbol, _) in Chains) before[symbol] = await WaitServed(first, symbol, Served);
        // The front end's own lines are not buried under the Orleans client's start-up information (every options class).
        Assert.DoesNotContain("Orleans.ClientOptionsLogger", _children[^1].Output(), StringComparison.Ordinal);

        // A second front end on the first one's port: one line naming the address, no stack trace (before, the feed's
        // subscription raced the disposal of the Orleans client and the host logged an ObjectDisposedException).
        var busy = ChildProcess.Start("front-end-busy", "serve", "--cluster", _db.ConnectionString, "--cluster-id", clusterId, "--watch", empty, "--urls", first);
        _children.Add(busy);
        Assert.Equal(2, await busy.Exited(Start));
        var said = busy.Output();
        Assert.Contains($"[stderr] dealerflow: Cannot listen on {first}", said, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", said, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", said, StringComparison.Ordinal);

        // The test's own client of the cluster: where each grain lives, and when the dead silo has left the membership.
        _client = Host.CreateApplicationBuilder().UseOrleansClient(c => c.UseDealerFlowClient(new ClusterSettings(_db.ConnectionString, clusterId))).Build();
        await _client.StartAsync();
        var grains = _client.Services.GetRequiredService<IClusterClient>();
        var management = grains.GetGrain<IManagementGrain>(0);
        var hosts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (symbol, _) in Chains)
        {
            var at = await management.GetActivationAddress(grains.GetGrain<IUnderlyingGrain>(symbol));
            Assert.True(at is not null, $"{symbol}'s grain is not active after its chain was served");
            hosts[symbol] = at!.Endpoint.Port;
        }
        var victim = silos.MaxBy(s => hosts.Values.Count(p => p == s.SiloPort))!;
        var survivor = silos.Single(s => s != victim);
        var moved = hosts.Where(h => h.Value == victim.SiloPort).Select(h => h.Key).Order(StringComparer.Ordinal).ToArray();

        victim.Process.Kill(); // SIGKILL: no goodbye to the membership table
        await Until(async () => (await management.GetHosts(onlyActive: true)).Count == 1, Start, "the survivor to declare the killed silo dead");

        // The first front end keeps serving every symbol with the same levels.
        foreach (var (symbol, _) in Chains) AssertSame(before[symbol], await WaitServed(first, symbol, Served), $"{symbol} on the first front end after the kill");
        // A front end that never saw the files learns the symbols from the hubs and reads them from the grains: the
        // grains that were on the dead silo restore their committed chains from the store on the survivor.
        // It is view-only: `serve --cluster` without a source option feeds nothing (the demo's chains would reach the
        // cluster and the store: the row count at the end would not be the three chains).
        var second = await StartFrontEnd("front-end-2", clusterId, watch: null);
        foreach (var (symbol, _) in Chains) AssertSame(before[symbol], await WaitServed(second, symbol, Served), $"{symbol} on a front end started after the kill");

        // Both front ends read the history from the cluster's store (each chain as the grains committed it) and write nothing to it.
        foreach (var url in new[] { first, second })
        {
            using var status = JsonDocument.Parse(await _http.GetStringAsync($"{url}/api/store"));
            Assert.Equal("ok", status.RootElement.GetProperty("state").GetString());
            Assert.Equal(0, status.RootElement.GetProperty("written").GetInt64());
            Assert.False(status.RootElement.GetProperty("writes").GetBoolean(), $"{url}: a front end only reads the store, and says so");
            foreach (var (symbol, _) in Chains)
            {
                using var history = JsonDocument.Parse(await _http.GetStringAsync($"{url}/api/{symbol}/history"));
                var stored = history.RootElement.GetProperty("points").EnumerateArray().Where(p => p.GetProperty("source").GetString() == "store").ToArray();
                Assert.True(stored.Length == 1, $"{url}: {symbol} has {stored.Length} stored points in its history, expected the one committed chain");
                Close(before[symbol].ZeroGamma!.Value, stored[0].GetProperty("zeroGamma").GetDouble(), $"{url}: {symbol}'s stored zero gamma");
            }
        }

        foreach (var (symbol, _) in Chains)
        {
            // Nothing but the first front end's files fed the grains: no chain or simulated spot walk of the demo.
            var view = await grains.GetGrain<IUnderlyingGrain>(symbol).Current();
            Assert.False(view.SpotSimulated, $"{symbol}: a simulated spot reached the grain ({view.Origin})");
        }
        foreach (var symbol in moved)
        {
            var view = await grains.GetGrain<IUnderlyingGrain>(symbol).Current();
            Assert.True(view.Restored, $"{symbol}'s grain was on the killed silo: its chain should come from the store");
            Assert.NotNull(view.StoreId);
            Assert.Equal(survivor.SiloPort, (await management.GetActivationAddress(grains.GetGrain<IUnderlyingGrain>(symbol)))?.Endpoint.Port);
        }
        Assert.Equal(Chains.Length, _db.Scalar<long>("SELECT count(*) FROM snapshots")); // each chain committed once, nothing written twice by the restore
    }

    private (ChildProcess Process, int SiloPort) StartSilo(string name, string clusterId)
    {
        var siloPort = LoopbackPort.Free();
        var child = ChildProcess.Start(name, "silo", "--cluster", _db!.ConnectionString, "--cluster-id", clusterId,
            "--silo-port", siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--gateway-port", LoopbackPort.Free().ToString(System.Globalization.CultureInfo.InvariantCulture));
        _children.Add(child);
        return (child, siloPort);
    }

    private async Task<string> StartFrontEnd(string name, string clusterId, string? watch)
    {
        var url = $"http://127.0.0.1:{LoopbackPort.Free()}";
        string[] source = watch is null ? [] : ["--watch", watch];
        var child = ChildProcess.Start(name, ["serve", "--cluster", _db!.ConnectionString, "--cluster-id", clusterId, .. source, "--urls", url]);
        _children.Add(child);
        await child.WaitForLine("DealerFlow dashboard:", Start);
        return url;
    }

    /// <summary>Polls the front end until <paramref name="symbol"/> is served: an "ok" row with total GEX in /api/market and its levels at /api/SYMBOL/levels.</summary>
    private async Task<Levels> WaitServed(string url, string symbol, TimeSpan timeout)
    {
        Levels? levels = null;
        await Until(async () => (levels = await TryLevels(url, symbol)) is not null, timeout, $"{url} to serve {symbol}");
        return levels!;
    }

    private async Task<Levels?> TryLevels(string url, string symbol)
    {
        try
        {
            using var market = JsonDocument.Parse(await _http.GetStringAsync($"{url}/api/market"));
            var row = market.RootElement.GetProperty("rows").EnumerateArray().FirstOrDefault(r => r.GetProperty("symbol").GetString() == symbol);
            if (row.ValueKind != JsonValueKind.Object || row.GetProperty("status").GetString() != "ok" || row.GetProperty("totalGex").ValueKind != JsonValueKind.Number) return null;
            using var response = await _http.GetAsync($"{url}/api/{symbol}/levels");
            if (response.StatusCode != HttpStatusCode.OK) return null;
            using var levels = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var c = levels.RootElement.GetProperty("current");
            return new Levels(row.GetProperty("totalGex").GetDouble(), c.GetProperty("totalGex").GetDouble(), Number(c, "zeroGamma"), Number(c, "callWall"), Number(c, "putWall"), levels.RootElement.GetProperty("symbol").GetProperty("contracts").GetInt32());
        }
        catch (HttpRequestException)
        {
            return null; // not listening yet
        }
    }

    private static double? Number(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Number ? e.GetProperty(name).GetDouble() : null;

    private static void AssertSame(Levels expected, Levels actual, string what)
    {
        Assert.True(expected.Contracts == actual.Contracts, $"{what}: {actual.Contracts} contracts, expected {expected.Contracts}");
        Close(expected.MarketTotalGex, actual.MarketTotalGex, what + ", /api/market total GEX ($ per 1% move, classic)");
        Close(expected.TotalGex, actual.TotalGex, what + ", total GEX ($ per 1% move, classic)");
        foreach (var (e, a, name) in new[] { (expected.ZeroGamma, actual.ZeroGamma, "zero gamma"), (expected.CallWall, actual.CallWall, "call wall"), (expected.PutWall, actual.PutWall, "put wall") })
        {
            Assert.True(e.HasValue == a.HasValue, $"{what}: {name} {a?.ToString() ?? "none"}, expected {e?.ToString() ?? "none"}");
            if (e is { } ev) Close(ev, a!.Value, $"{what}, {name}");
        }
    }

    private static void Close(double expected, double actual, string what) =>
        Assert.True(Math.Abs(actual - expected) <= Tolerance * Math.Max(1, Math.Abs(expected)), $"{what}: {actual:R}, expected {expected:R} (relative tolerance {Tolerance})");

    /// <summary>Polls <paramref name="condition"/> every 250 ms until it holds; fails naming <paramref name="what"/> at the deadline.</summary>
    private static async Task Until(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if (await condition()) return;
            }
            catch (Exception e) when (e is OrleansException or TimeoutException or TaskCanceledException)
            {
                // the cluster is still settling: ask again
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {what}.");
            await Task.Delay(250);
        }
    }

    /// <summary>The last lines each child printed (Orleans logs a peer's death with long stack traces: each line is cut short).</summary>
    private string Logs() =>
        string.Join(Environment.NewLine, _children.Select(c =>
            $"--- {c.Name}{(c.HasExited ? " (exited)" : "")}, last lines ---{Environment.NewLine}" +
            string.Join(Environment.NewLine, c.Output().Split('\n').TakeLast(60).Select(l => l.Length > 400 ? l[..400] + " ..." : l))));

    public void Dispose()
    {
        try
        {
            _client?.StopAsync(TimeSpan.FromSeconds(5)).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is OrleansException or OperationCanceledException or TimeoutException)
        {
            // the cluster is gone already
        }
        _client?.Dispose();
        foreach (var c in _children) c.Dispose();
        _http.Dispose();
        _db?.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    /// <summary>What the test compares before and after the kill, as the front end's API serves it.</summary>
    private sealed record Levels(double MarketTotalGex, double TotalGex, double? ZeroGamma, double? CallWall, double? PutWall, int Contracts);
}
