using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Options;

namespace DealerFlow.Web.Tests;

[Collection(WebHosts.Name)]
public sealed class WatchFolderTests
{
    private static string Spy(string name) => Path.Combine(RepoPaths.SpySeries, name);

    [Fact]
    public async Task Watch_GoodThenCorruptFile_ShowsTheErrorAndKeepsTheLastGoodChain()
    {
        using var dir = new TempDir();
        await using var factory = new DashboardFactory(DashboardFactory.Live(("Source", "Watch"), ("WatchDirectory", dir.Path), ("RescanInterval", "00:00:00.2"), ("SpotWalk", "false")));
        using var client = factory.CreateClient();

        File.Copy(Spy("spy_quotedata_2025-05-01_0828.csv"), dir.File("spy_quotedata_2025-05-01_0828.csv"));
        var ok = await Wait.Symbol(client, "SPY", s => s.GetProperty("status").GetString() == "ok", "the first SPY file");
        var spot = ok.GetProperty("spot").GetDouble();

        await File.WriteAllTextAsync(dir.File("spy_quotedata_2025-05-01_0900.csv"), "this is not,an option chain\n\u0001\u0002garbage\n");
        var bad = await Wait.Symbol(client, "SPY", s => s.GetProperty("status").GetString() == "error", "the error state");
        Assert.Contains("spy_quotedata_2025-05-01_0900.csv", bad.GetProperty("error").GetString());
        Assert.Equal(1, bad.GetProperty("chainVersion").GetInt64());

        // The last good data is still served, and the server still answers.
        var levels = await client.GetFromJsonAsync<JsonElement>("/api/SPY/levels");
        Assert.Equal(spot, levels.GetProperty("levels").GetProperty("spot").GetDouble());
        Assert.Equal("error", levels.GetProperty("symbol").GetProperty("status").GetString());

        File.Copy(Spy("spy_quotedata_2025-05-01_1649.csv"), dir.File("spy_quotedata_2025-05-01_1649.csv"));
        var recovered = await Wait.Symbol(client, "SPY", s => s.GetProperty("chainVersion").GetInt64() == 2, "the next good file");
        Assert.Equal("ok", recovered.GetProperty("status").GetString());
        Assert.NotEqual(spot, recovered.GetProperty("spot").GetDouble());
    }

    [Fact]
    public async Task Watch_WriterStopsMidRow_IsRejectedWithTheReasonAndTheLastGoodChainStays()
    {
        using var dir = new TempDir();
        await using var factory = new DashboardFactory(DashboardFactory.Live(("Source", "Watch"), ("WatchDirectory", dir.Path), ("RescanInterval", "00:00:00.2"), ("SpotWalk", "false")));
        using var client = factory.CreateClient();

        File.Copy(Spy("spy_quotedata_2025-05-01_0828.csv"), dir.File("spy_quotedata_2025-05-01_0828.csv"));
        var ok = await Wait.Symbol(client, "SPY", s => s.GetProperty("status").GetString() == "ok", "the first SPY file");
        var spot = ok.GetProperty("spot").GetDouble();

        // The next file's writer stops at 37 %, mid-row, and never comes back.
        var bytes = await File.ReadAllBytesAsync(Spy("spy_quotedata_2025-05-01_1649.csv"));
        var cut = (int)(bytes.Length * 0.37);
        while (bytes[cut - 1] is (byte)'\n' or (byte)'\r') cut++;
        await File.WriteAllBytesAsync(dir.File("spy_quotedata_2025-05-01_1649.csv"), bytes[..cut]);
        var bad = await Wait.Symbol(client, "SPY", s => s.GetProperty("status").GetString() == "error", "the rejection");
        Assert.Contains("cut short", bad.GetProperty("error").GetString());
        Assert.Equal(1, bad.GetProperty("chainVersion").GetInt64());
        var levels = await client.GetFromJsonAsync<JsonElement>("/api/SPY/levels");
        Assert.Equal(spot, levels.GetProperty("levels").GetProperty("spot").GetDouble());
    }

    /// <summary>
    /// An older file written after a newer one (re-copied, touched) is rejected with both instants and the newer chain
    /// stays; before, it replaced it and the page showed the older levels as current. The same instant again is taken.
    /// </summary>
    [Fact]
    public async Task Watch_OlderFileWrittenAfterANewerOne_IsRejectedAndTheNewerChainStays()
    {
        using var dir = new TempDir();
        await using var factory = new DashboardFactory(DashboardFactory.Live(("Source", "Watch"), ("WatchDirectory", dir.Path), ("RescanInterval", "00:00:00.2"), ("SpotWalk", "false")));
        using var client = factory.CreateClient();

        File.Copy(Spy("spy_quotedata_2025-05-01_1649.csv"), dir.File("spy_quotedata_2025-05-01_1649.csv"));
        var ok = await Wait.Symbol(client, "SPY", s => s.GetProperty("status").GetString() == "ok", "the newer SPY file");
        var asOf = ok.GetProperty("asOf").GetDateTimeOffset();
        var spot = ok.GetProperty("spot").GetDouble();

        File.Copy(Spy("spy_quotedata_2025-05-01_0828.csv"), dir.File("spy_quotedata_2025-05-01_0828.csv"));
        var bad = await Wait.Symbol(client, "SPY", s => s.GetProperty("status").GetString() == "error", "the older file's rejection");
        Assert.Equal("file spy_quotedata_2025-05-01_0828.csv rejected, the last good chain is kept: as of 2025-05-01 08:28 -04:00 it is older than the chain held (as of 2025-05-01 16:49 -04:00).",
            bad.GetProperty("error").GetString());
        Assert.Equal(1, bad.GetProperty("chainVersion").GetInt64());
        Assert.Equal(asOf, bad.GetProperty("asOf").GetDateTimeOffset());
        var levels = await client.GetFromJsonAsync<JsonElement>("/api/SPY/levels");
        Assert.Equal(spot, levels.GetProperty("levels").GetProperty("spot").GetDouble());
        var rejected = await client.GetFromJsonAsync<JsonElement>("/api/rejected");
        Assert.Contains(rejected.EnumerateArray(), r => r.GetProperty("origin").GetString() == "file spy_quotedata_2025-05-01_0828.csv" && r.GetProperty("symbol").GetString() == "SPY");

        // The newer chain's instant again (a re-read or corrected copy) replaces it and clears the error.
        File.Copy(Spy("spy_quotedata_2025-05-01_1649.csv"), dir.File("spy_quotedata_2025-05-01_1649_copy.csv"));
        var again = await Wait.Symbol(client, "SPY", s => s.GetProperty("chainVersion").GetInt64() == 2, "the same instant again");
        Assert.Equal("ok", again.GetProperty("status").GetString());
        Assert.Equal(asOf, again.GetProperty("asOf").GetDateTimeOffset());
    }

    [Fact]
    public async Task Watch_TemporaryNames_AreNeverRead()
    {
        using var dir = new TempDir();
        await using var factory = new DashboardFactory(DashboardFactory.Live(("Source", "Watch"), ("WatchDirectory", dir.Path), ("RescanInterval", "00:00:00.1"), ("SpotWalk", "false")));
        using var client = factory.CreateClient();
        await client.GetAsync("/api/symbols");
        File.Copy(Spy("spy_quotedata_2025-05-01_0828.csv"), dir.File("spy_quotedata_2025-05-01_0828.csv.tmp"));
        File.Copy(Spy("spy_quotedata_2025-05-01_0828.csv"), dir.File("spy_quotedata_2025-05-01_0828.csv.part"));
        File.Move(dir.File("spy_quotedata_2025-05-01_0828.csv.tmp"), dir.File("spy_quotedata_2025-05-01_0828.csv"));
        var ok = await Wait.Symbol(client, "SPY", s => s.GetProperty("status").GetString() == "ok", "the renamed file");
        Assert.Equal(1, ok.GetProperty("chainVersion").GetInt64());
    }

    /// <summary>
    /// The watch source's scans driven one by one on a fake clock (no wait on real time): a file held open by its writer
    /// is not read however long it sits still, and the finished file is read once it has settled.
    /// </summary>
    [Fact]
    public async Task Watch_FileStillBeingWritten_IsReadOnlyOnceComplete()
    {
        using var dir = new TempDir();
        using var live = LiveServices.Create();
        var clock = new FakeTimeProvider();
        var settle = TimeSpan.FromSeconds(2);
        var source = new Live.FolderWatchSource(dir.Path, rescan: TimeSpan.FromSeconds(1), settle, new Data.Readers.ReadOptions(), clock, NullLogger.Instance);
        var ct = CancellationToken.None;

        var bytes = await File.ReadAllBytesAsync(Spy("spy_quotedata_2025-05-02_1847.csv"), ct);
        var path = dir.File("spy_quotedata_2025-05-02_1847.csv");
        await using (var writer = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read))
        {
            await writer.WriteAsync(bytes.AsMemory(0, bytes.Length / 2), ct);
            await writer.FlushAsync(ct);
            // First sight: the file starts settling and is due again after the settle time.
            Assert.Equal(settle, await source.ScanAsync(live.Book, ct));
            // Still for longer than the settle time, but its writer holds it open: several scans leave it alone.
            for (var i = 0; i < 3; i++)
            {
                clock.Advance(settle);
                await source.ScanAsync(live.Book, ct);
            }
            // A half-written file is never data, nor an error.
            Assert.False(live.Symbols.TryResolve("SPY", out _));
            Assert.Empty(live.Services.GetRequiredService<Live.RejectedInputs>().List());
            await writer.WriteAsync(bytes.AsMemory(bytes.Length / 2), ct);
        }
        // Finished: it changed, so it settles again from now before it is read.
        Assert.Equal(settle, await source.ScanAsync(live.Book, ct));
        Assert.False(live.Symbols.TryResolve("SPY", out _));
        clock.Advance(settle);
        Assert.Null(await source.ScanAsync(live.Book, ct));
        var ok = live["SPY"].Info();
        Assert.Equal(("ok", 1L), (ok.Status, ok.ChainVersion));
        Assert.Null(ok.Error);
    }

    /// <summary>
    /// The app as Program.cs and <c>serve</c> start it. Not through WebApplicationFactory: its deferred host runs the
    /// entry point on another thread and, when that start fails, can read the disposed service provider (CI saw an
    /// ObjectDisposedException instead of the validation failure; dotnet/aspnetcore#38335 describes the race).
    /// </summary>
    [Fact]
    public async Task Options_MissingWatchFolder_FailsAtStartWithTheReason()
    {
        await using var app = DashboardApp.Create([], new Dictionary<string, string?>(DashboardFactory.Live(("Source", "Watch"), ("WatchDirectory", "/no/such/folder")))
        {
            ["urls"] = "http://127.0.0.1:0",
            ["DealerFlow:Live:Store"] = "false",
        });
        var e = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());
        var chain = new List<Exception>();
        for (var x = e; x is not null; x = x.InnerException)
        {
            chain.Add(x);
            if (x is AggregateException a) chain.AddRange(a.InnerExceptions);
        }
        var validation = chain.OfType<OptionsValidationException>().FirstOrDefault();
        Assert.True(validation is not null, e.ToString());
        Assert.Contains("/no/such/folder", validation.Message);
    }
}

/// <summary>A stand-in for the CBOE endpoint on 127.0.0.1 with a random port, serving recorded responses.</summary>
public sealed class CboeStub : IAsyncDisposable
{
    private readonly WebApplication _app;

    public volatile bool SpxFails;
    public readonly List<string> Posts = [];

    private CboeStub(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public static async Task<CboeStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration["urls"] = "http://127.0.0.1:0";
        var app = builder.Build();
        var stub = new CboeStub(app);
        var spx = await File.ReadAllBytesAsync(RepoPaths.CboeSpxJson);
        app.MapGet("/api/_SPX.json", () => stub.SpxFails ? Results.StatusCode(500) : Results.Bytes(spx, "application/json"));
        app.MapGet("/api/SPY.json", () => Results.StatusCode(500));
        app.MapGet("/api/QQQ.json", () => Results.Text("{\"timestamp\":\"2024-01-05 23:00:01\",\"data\":{\"symbol\":\"QQQ\",\"current_price\":400}}", "application/json", Encoding.UTF8));
        app.MapPost("/hook", async (HttpRequest r) =>
        {
            using var reader = new StreamReader(r.Body);
            var body = await reader.ReadToEndAsync();
            lock (stub.Posts) stub.Posts.Add(body);
            return Results.Ok();
        });
        await app.StartAsync();
        stub.BaseUrl = app.Urls.First();
        return stub;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

[Collection(WebHosts.Name)]
public sealed class CboePollTests
{
    [Fact]
    public async Task Cboe_GoodServerErrorAndMissingFields_EachSymbolGetsItsOwnState()
    {
        await using var stub = await CboeStub.StartAsync();
        var settings = DashboardFactory.Live(("Source", "Cboe"), ("CboeUrl", stub.BaseUrl + "/api/"), ("PollInterval", "00:00:00.3"), ("SpotWalk", "false"));
        settings["DealerFlow:Live:CboeSymbols:0"] = "_SPX";
        settings["DealerFlow:Live:CboeSymbols:1"] = "SPY";
        settings["DealerFlow:Live:CboeSymbols:2"] = "QQQ";
        await using var factory = new DashboardFactory(settings);
        using var client = factory.CreateClient();

        var spx = await Wait.Symbol(client, "SPX", s => s.GetProperty("status").GetString() == "ok", "SPX from the stub");
        Assert.Equal(4697.24, spx.GetProperty("spot").GetDouble(), 2);
        var spy = await Wait.Symbol(client, "SPY", s => s.GetProperty("status").GetString() == "error", "SPY's HTTP 500");
        Assert.Contains("HTTP 500", spy.GetProperty("error").GetString());
        var qqq = await Wait.Symbol(client, "QQQ", s => s.GetProperty("status").GetString() == "error", "QQQ's incomplete document");
        Assert.Contains("data.options", qqq.GetProperty("error").GetString());
        using (var none = await client.GetAsync("/api/SPY/levels"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, none.StatusCode); // no good data yet: a problem, not a crash
        }

        var before = await client.GetFromJsonAsync<JsonElement>("/api/SPX/levels");
        stub.SpxFails = true;
        await Wait.Symbol(client, "SPX", s => s.GetProperty("status").GetString() == "error", "SPX's HTTP 500");
        var after = await client.GetFromJsonAsync<JsonElement>("/api/SPX/levels");
        Assert.Equal(before.GetProperty("levels").GetProperty("zeroGamma").GetDouble(), after.GetProperty("levels").GetProperty("zeroGamma").GetDouble());
        Assert.Equal("error", after.GetProperty("symbol").GetProperty("status").GetString());

        stub.SpxFails = false;
        await Wait.Symbol(client, "SPX", s => s.GetProperty("status").GetString() == "ok", "SPX recovering");
    }
}

/// <summary>A writer that pauses between chunks (finding 1 of issue 11): its chain is published and stored once, whole.</summary>
[Collection(WebHosts.Name)]
public sealed class SlowWriterTests
{
    [Fact]
    public async Task Watch_ChainWrittenInTenChunksWithPauses_IsPublishedAndStoredOnceWhole()
    {
        using var dir = new TempDir();
        using var dbDir = new TempDir();
        var db = dbDir.File("live.db");
        // The default settle time (2 s) against pauses of 0.5 s: the guard is the default one, the test's wall time a few seconds.
        await using var factory = new DashboardFactory(DashboardFactory.Live(("Source", "Watch"), ("WatchDirectory", dir.Path), ("RescanInterval", "00:00:00.1"),
            ("SpotWalk", "false"), ("Store", "true"), ("Db", db)));
        using var client = factory.CreateClient();
        await Wait.Until(() => client.GetFromJsonAsync<JsonElement>("/api/store"), s => s.GetProperty("state").GetString() == "ok", "the store to open");

        var source = Path.Combine(RepoPaths.SpySeries, "spy_quotedata_2025-05-01_1649.csv");
        var bytes = await File.ReadAllBytesAsync(source);
        int whole;
        await using (var f = File.OpenRead(source)) whole = DealerFlow.Data.Readers.ChainReader.Read(f, Path.GetFileName(source)).Snapshot.Count;

        // Every state the API shows while the file is written, sampled every 20 ms.
        var seen = new List<(string Status, long Version, int Contracts)>();
        using var stop = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var list = await client.GetFromJsonAsync<JsonElement>("/api/symbols");
                foreach (var s in list.EnumerateArray())
                    lock (seen) seen.Add((s.GetProperty("status").GetString()!, s.GetProperty("chainVersion").GetInt64(), s.GetProperty("contracts").GetInt32()));
                await Task.Delay(20);
            }
        });

        // Each chunk appended and the file closed again, as a script or a download tool does: no lock is held between
        // chunks, so only the settle time stands between the reader and a half-written file.
        var path = dir.File("spy_quotedata_2025-05-01_1649.csv");
        for (var i = 0; i < 10; i++)
        {
            var from = bytes.Length * i / 10;
            var to = bytes.Length * (i + 1) / 10;
            await using (var writer = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) await writer.WriteAsync(bytes.AsMemory(from, to - from));
            if (i < 9) await Task.Delay(500); // the writer's pause (the scenario, not a wait on the server)
        }
        var ok = await Wait.Symbol(client, "SPY", s => s.GetProperty("status").GetString() == "ok", "the finished file");
        await stop.CancelAsync();
        await watcher;

        Assert.Equal(1, ok.GetProperty("chainVersion").GetInt64());
        Assert.Equal(whole, ok.GetProperty("contracts").GetInt32());
        lock (seen)
        {
            Assert.DoesNotContain(seen, x => x.Status == "error");
            Assert.All(seen, x => Assert.True(x.Version == 0 || (x.Version == 1 && x.Contracts == whole), $"a partial state was shown: {x}"));
        }
        await Wait.Until(() => client.GetFromJsonAsync<JsonElement>("/api/store"), s => s.GetProperty("written").GetInt64() == 1, "the chain to be stored");
        using var store = DealerFlow.Data.Store.SnapshotStore.Open(db);
        Assert.Equal(1, store.Count());
    }
}
