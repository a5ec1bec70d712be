using System.Net.Http.Json;
using System.Text.Json;
using DealerFlow.Core.Exposure;
using DealerFlow.Core.Levels;
using DealerFlow.Data.Readers;
using DealerFlow.Data.Store;
using DealerFlow.Data.Tests.Store;

namespace DealerFlow.Web.Tests;

/// <summary>The live server writes each new chain to the snapshot store and reads the levels history back from it.</summary>
[Collection(WebHosts.Name)]
public sealed class StoreTests
{
    private static string Spy(string name) => Path.Combine(RepoPaths.SpySeries, name);

    private static DashboardFactory Watching(string folder, string db) => new(DashboardFactory.Live(
        ("Source", "Watch"), ("WatchDirectory", folder), ("RescanInterval", "00:00:00.1"), ("SpotWalk", "false"), ("Store", "true"), ("Db", db),
        ("StoreRetryInterval", "00:00:00.5")));

    private static Task<JsonElement> StoreStatus(HttpClient client, Func<JsonElement, bool> condition, string what) =>
        Wait.Until(() => client.GetFromJsonAsync<JsonElement>("/api/store"), condition, what);

    [Fact]
    public async Task Chain_PushedTwice_IsStoredOnceInSqlite()
    {
        using var dir = new TempDir();
        await Chain_PushedTwice_IsStoredOnce(dir.File("live.db"));
    }

    [PostgresFact]
    public async Task Chain_PushedTwice_IsStoredOnceInPostgres()
    {
        using var db = new TempPostgresDatabase();
        await Chain_PushedTwice_IsStoredOnce(db.ConnectionString);
    }

    private static async Task Chain_PushedTwice_IsStoredOnce(string db)
    {
        using var dir = new TempDir();
        await using (var factory = Watching(dir.Path, db))
        {
            using var client = factory.CreateClient();
            await StoreStatus(client, s => s.GetProperty("state").GetString() == "ok", "the store to open");

            File.Copy(Spy("spy_quotedata_2025-05-01_0828.csv"), dir.File("a.csv"));
            await StoreStatus(client, s => s.GetProperty("written").GetInt64() == 1, "the first chain to be written");
            // The same chain again, from another file: the source pushes it, the book takes it, the store keeps one.
            File.Copy(Spy("spy_quotedata_2025-05-01_0828.csv"), dir.File("b.csv"));
            await Wait.Symbol(client, "SPY", s => s.GetProperty("chainVersion").GetInt64() == 2, "the second push");
            var status = await StoreStatus(client, s => s.GetProperty("alreadyStored").GetInt64() == 1, "the second push to be recognised");
            Assert.Equal(1, status.GetProperty("written").GetInt64());
            Assert.Equal(0, status.GetProperty("failed").GetInt64());
            Assert.Equal("ok", status.GetProperty("state").GetString());
        }
        using var store = SnapshotStore.Open(db);
        Assert.Equal(1, store.Count());
        var row = Assert.Single(store.Query(new SnapshotQuery("SPY")));
        Assert.StartsWith("live: file a.csv", row.SourceFile, StringComparison.Ordinal);
        Assert.Equal("live", row.SourceFormat);
        Assert.Equal("classic", row.Positioning);
        Assert.Equal("usd-per-1pct", row.Unit);
        Assert.Equal(Snapshots.SettingsKey(EngineSettings.Default, LevelsSettings.Default), row.SettingsKey);
        Assert.True(row.StrikeRows > 100);
        Assert.NotNull(store.LoadExposure(row.Id));
    }

    /// <summary>What <c>dealerflow ingest FILE</c> stores with its defaults (the same shared <see cref="Snapshots"/> code).</summary>
    private static SaveResult Ingest(ISnapshotStore store, string file)
    {
        var bytes = File.ReadAllBytes(file);
        var input = ChainReader.Read(new MemoryStream(bytes, writable: false), Path.GetFileName(file), new ReadOptions());
        var settingsKey = Snapshots.SettingsKey(EngineSettings.Default, LevelsSettings.Default, new ReadOptions());
        var analysis = LevelsCalculator.Analyze(ChainPricer.Price(input.Snapshot, EngineSettings.Default), LevelsSettings.Default);
        var source = new SnapshotSource(Path.GetFileName(file), Snapshots.FormatCode(input.Format), Snapshots.ContentHash(input.Snapshot));
        return store.Save(Snapshots.Create(source, settingsKey, analysis));
    }

    [Fact]
    public async Task History_StoreHoldsIngestedSnapshots_ReturnsThemMergedWithTheSession()
    {
        using var dir = new TempDir();
        using var storeDir = new TempDir();
        var db = storeDir.File("history.db");
        StoredSnapshot[] ingested;
        using (var store = SnapshotStore.Open(db))
        {
            Ingest(store, Spy("spy_quotedata_2025-05-01_0828.csv"));
            Ingest(store, Spy("spy_quotedata_2025-05-02_1847.csv"));
            ingested = store.Query(new SnapshotQuery("SPY")).ToArray();
        }
        Assert.Equal(2, ingested.Length);

        File.Copy(Spy("spy_quotedata_2025-09-04_0518.csv"), dir.File("spy_quotedata_2025-09-04_0518.csv"));
        await using var factory = Watching(dir.Path, db);
        using var client = factory.CreateClient();
        await Wait.Symbol(client, "SPY", s => s.GetProperty("status").GetString() == "ok", "the live SPY chain");
        // The live chain is written too; then it is a store point and its session twin is left out.
        var history = await Wait.Until(() => client.GetFromJsonAsync<JsonElement>("/api/SPY/history?unit=shares"),
            h => h.GetProperty("points").EnumerateArray().Count(p => p.GetProperty("source").GetString() == "store") == 3, "three stored points");
        var points = history.GetProperty("points").EnumerateArray().ToArray();
        Assert.Equal("ok", history.GetProperty("store").GetProperty("state").GetString());
        // No spot walk, so the session holds one point (the live chain's), now in the store: every point is a stored one.
        Assert.Equal(3, points.Length);
        foreach (var x in ingested)
        {
            var p = Assert.Single(points, p => p.GetProperty("source").GetString() == "store" && p.GetProperty("at").GetDateTimeOffset() == x.Instant);
            Assert.Equal(x.Spot, p.GetProperty("spot").GetDouble());
            Assert.Equal(x.ZeroGamma, p.GetProperty("zeroGamma").GetDouble());
            Assert.Equal(x.CallWall, p.GetProperty("callWall").GetDouble());
            Assert.Equal(x.PutWall, p.GetProperty("putWall").GetDouble());
            // Stored in $ per 1% move, asked in shares per $1: divided by spot^2 / 100.
            Assert.Equal(x.TotalGex / (x.Spot * x.Spot * 0.01), p.GetProperty("netGex").GetDouble(), 1e-9 * Math.Abs(x.TotalGex));
        }
        // Oldest first.
        var times = points.Select(p => p.GetProperty("at").GetDateTimeOffset()).ToArray();
        Assert.Equal(times.Order(), times);

        // from/to select by instant: only the first ingested snapshot lies on 2025-05-01.
        var day = await client.GetFromJsonAsync<JsonElement>("/api/SPY/history?from=2025-05-01T00:00:00Z&to=2025-05-01T23:59:59Z");
        var only = Assert.Single(day.GetProperty("points").EnumerateArray());
        Assert.Equal("store", only.GetProperty("source").GetString());
        Assert.Equal(ingested[0].Instant, only.GetProperty("at").GetDateTimeOffset());
        var reversed = await client.GetAsync("/api/SPY/history?from=2025-05-02T00:00:00Z&to=2025-05-01T00:00:00Z");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, reversed.StatusCode);
    }

    [Fact]
    public async Task Store_CannotBeOpened_ServerKeepsServingAndShowsTheStoreError()
    {
        using var dir = new TempDir();
        File.Copy(Spy("spy_quotedata_2025-05-01_0828.csv"), dir.File("spy_quotedata_2025-05-01_0828.csv"));
        // A folder that does not exist under a read-only file system: the store cannot be created.
        await using var factory = Watching(dir.Path, "/proc/dealerflow-no-such-folder/dealerflow.db");
        using var client = factory.CreateClient();

        var status = await StoreStatus(client, s => s.GetProperty("state").GetString() == "error", "the store error");
        Assert.Contains("/proc/dealerflow-no-such-folder/dealerflow.db", status.GetProperty("error").GetString());
        await Wait.Symbol(client, "SPY", s => s.GetProperty("status").GetString() == "ok", "the SPY chain despite the store");
        var levels = await client.GetAsync("/api/SPY/levels");
        Assert.True(levels.IsSuccessStatusCode);
        var history = await client.GetFromJsonAsync<JsonElement>("/api/SPY/history");
        Assert.Equal("error", history.GetProperty("store").GetProperty("state").GetString());
        var point = Assert.Single(history.GetProperty("points").EnumerateArray());
        Assert.Equal("session", point.GetProperty("source").GetString());
        await StoreStatus(client, s => s.GetProperty("failed").GetInt64() >= 1, "the chain's write to fail");
    }
}
