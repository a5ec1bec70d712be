using System.Net.Http.Json;
using System.Text.Json;
using DealerFlow.Data.Store;
using DealerFlow.Data.Tests.Store;
using DealerFlow.Web;

namespace DealerFlow.Cli.Tests.Store;

/// <summary>
/// One snapshot identity for every path into the store (issue 11, finding 6): the same 7 SPY chains stored through
/// <c>dealerflow ingest</c> and through the live server's writer (a real Kestrel host watching a folder) are 7 rows in
/// one real SQLite file, whichever path comes first.
/// </summary>
public sealed class IngestAndLiveIdentityTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dealerflow-identity-").FullName;

    private static string SeriesFolder => Path.Combine(RepoPaths.TestData, "series_spy");

    private static string[] SeriesFiles => Directory.GetFiles(SeriesFolder).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task IngestThenLive_SameSevenChains_ZeroDuplicates()
    {
        var db = Path.Combine(_dir, "a.db");
        var ingest = IngestHistoryTests.Run("ingest", "--db", db, SeriesFolder);
        Assert.Contains("7 file(s): 7 stored, 0 already stored, 0 failed", ingest.Out);

        var live = await StoreLive(db);
        Assert.Equal(0, live.GetProperty("written").GetInt64());
        Assert.Equal(7, live.GetProperty("alreadyStored").GetInt64());
        AssertSevenWithoutDuplicates(db);
    }

    [Fact]
    public async Task LiveThenIngest_SameSevenChains_ZeroDuplicates()
    {
        var db = Path.Combine(_dir, "b.db");
        var live = await StoreLive(db);
        Assert.Equal(7, live.GetProperty("written").GetInt64());

        var ingest = IngestHistoryTests.Run("ingest", "--db", db, SeriesFolder);
        Assert.Contains("7 file(s): 0 stored, 7 already stored, 0 failed", ingest.Out);
        AssertSevenWithoutDuplicates(db);
    }

    private static void AssertSevenWithoutDuplicates(string db)
    {
        using var store = SnapshotStore.Open(db);
        Assert.Equal(7, store.Count());
        var rows = store.Query(new SnapshotQuery("SPY"));
        Assert.Equal(7, rows.Select(r => r.Instant.UtcTicks).Distinct().Count());
    }

    /// <summary>Runs the live server on a watched folder with the 7 files and returns its store status once all 7 are handled.</summary>
    private async Task<JsonElement> StoreLive(string db)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "watch-" + Path.GetFileNameWithoutExtension(db))).FullName;
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["DealerFlow:Live:Source"] = "Watch",
            ["DealerFlow:Live:WatchDirectory"] = folder,
            ["DealerFlow:Live:RescanInterval"] = "00:00:00.1",
            ["DealerFlow:Live:WatchSettle"] = "00:00:00",
            ["DealerFlow:Live:SpotWalk"] = "false",
            ["DealerFlow:Live:Store"] = "true",
            ["DealerFlow:Live:Db"] = db,
        };
        await using var app = DashboardApp.Create([], settings);
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        foreach (var f in SeriesFiles) File.Copy(f, Path.Combine(folder, Path.GetFileName(f)));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        JsonElement status;
        do
        {
            status = await client.GetFromJsonAsync<JsonElement>("/api/store");
            if (status.GetProperty("written").GetInt64() + status.GetProperty("alreadyStored").GetInt64() >= 7) break;
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Equal(0, status.GetProperty("failed").GetInt64());
        Assert.Equal(7, status.GetProperty("written").GetInt64() + status.GetProperty("alreadyStored").GetInt64());
        await app.StopAsync();
        return status;
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }
}
