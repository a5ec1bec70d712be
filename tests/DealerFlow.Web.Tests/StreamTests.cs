using System.Net.ServerSentEvents;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace DealerFlow.Web.Tests;

[Collection(WebHosts.Name)]
public sealed class StreamTests
{
    [Fact]
    public async Task Stream_Demo_SendsASnapshotWithRetryThenTicksWithIncreasingIds()
    {
        await using var factory = new DashboardFactory(DashboardFactory.Live(("Source", "Demo"), ("TickInterval", "00:00:00.2"), ("ReanchorInterval", "00:00:01"), ("Seed", "7")));
        using var client = factory.CreateClient();
        await Wait.Symbol(client, "SPX", s => s.GetProperty("status").GetString() == "ok", "the demo SPX chain");

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await client.GetAsync("/api/SPX/stream?unit=point", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var parser = SseParser.Create(await response.Content.ReadAsStreamAsync(cts.Token));
        var events = new List<SseItem<string>>();
        await foreach (var item in parser.EnumerateAsync(cts.Token))
        {
            events.Add(item);
            if (events.Count(e => e.EventType == "tick") >= 2 && events.Count(e => e.EventType == "levels") >= 1) break;
        }
        Assert.Equal("snapshot", events[0].EventType);
        Assert.Equal(TimeSpan.FromSeconds(2), parser.ReconnectionInterval);
        var first = JsonDocument.Parse(events[0].Data).RootElement;
        Assert.Equal("usd-per-point", first.GetProperty("view").GetProperty("unit").GetString());
        Assert.True(first.GetProperty("levels").GetProperty("levels").GetProperty("zeroGamma").GetDouble() > 0);
        Assert.True(first.GetProperty("profile").GetProperty("points").GetArrayLength() > 100);
        // After the first snapshot, only what changed: levels (no profile, exposure or history), ticks.
        Assert.Single(events, e => e.EventType == "snapshot");
        var levels = JsonDocument.Parse(events.First(e => e.EventType == "levels").Data).RootElement;
        Assert.True(levels.GetProperty("levels").GetProperty("levels").GetProperty("zeroGamma").GetDouble() > 0);
        Assert.False(levels.TryGetProperty("profile", out _));
        Assert.False(levels.TryGetProperty("history", out _));
        Assert.True(events.First(e => e.EventType == "levels").Data.Length < events[0].Data.Length / 2);
        var ids = events.Select(e => long.Parse(e.EventId!, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(ids.Order(), ids);
        var ticks = events.Where(e => e.EventType == "tick").Select(e => JsonDocument.Parse(e.Data).RootElement).ToArray();
        Assert.All(ticks, t => Assert.Equal("usd-per-point", t.GetProperty("unit").GetString()));
        Assert.All(ticks, t => Assert.Contains(t.GetProperty("regime").GetString(), new[] { "long gamma", "short gamma" }));
    }

    [Fact]
    public async Task Snapshot_SameState_IsBuiltOnceAndShared()
    {
        await using var factory = new DashboardFactory(DashboardFactory.Live(("Source", "Demo"), ("SpotWalk", "false")));
        using var client = factory.CreateClient();
        await Wait.Symbol(client, "SPX", s => s.GetProperty("status").GetString() == "ok", "the demo SPX chain");
        var events = factory.Services.GetRequiredService<Live.StreamEvents>();
        Assert.True(factory.Services.GetRequiredService<Live.SymbolTable>().TryResolve("SPX", out var spx));
        // One serialisation shared, not an equal copy. The demo may still move SPX's state (its store, a reanchor)
        // between two reads, so a pair straddling a change is read again; two reads of one state are one instance.
        string a = "", b = "";
        for (var attempt = 0; attempt < 20; attempt++)
        {
            a = events.SnapshotJson(spx, Live.ViewKey.Default);
            b = events.SnapshotJson(spx, Live.ViewKey.Default);
            if (ReferenceEquals(a, b)) break;
            await Task.Delay(100);
        }
        Assert.Same(a, b);
        // The endpoint serves those same bytes (read again if the state moved in between).
        string body = "", current = "";
        for (var attempt = 0; attempt < 20 && (attempt == 0 || body != current); attempt++)
        {
            body = await client.GetStringAsync("/api/SPX/snapshot");
            current = events.SnapshotJson(spx, Live.ViewKey.Default);
        }
        Assert.Equal(current, body);
        Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("profile").GetProperty("points").GetArrayLength() > 100);
    }

    [Fact]
    public async Task Subscription_SlowReader_SkipsToTheLatestStateAndKeepsTheFullUpdate()
    {
        using var sub = new Live.Subscription(() => { });
        sub.Post(new Live.LiveSignal(Live.SignalKind.Tick, 1));
        sub.Post(new Live.LiveSignal(Live.SignalKind.Full, 2));
        for (var id = 3; id < 1003; id++) sub.Post(new Live.LiveSignal(Live.SignalKind.Tick, id));
        var batch = await sub.ReadAsync(CancellationToken.None);
        Assert.NotNull(batch);
        // The full update survives a thousand ticks (a drop-oldest queue of 32 lost it), then only the latest tick.
        Assert.Equal([(Live.SignalKind.Full, 2L), (Live.SignalKind.Tick, 1002L)], batch.Select(s => (s.Kind, s.Id)).ToArray());
        Assert.Equal(1000, sub.Replaced);
    }

    [Fact]
    public async Task Subscription_ReaderThatKeepsUp_GetsEverySignalInOrder()
    {
        using var sub = new Live.Subscription(() => { });
        var got = new List<long>();
        for (var id = 1; id <= 100; id++)
        {
            sub.Post(new Live.LiveSignal(id % 10 == 0 ? Live.SignalKind.Full : Live.SignalKind.Tick, id));
            var batch = await sub.ReadAsync(CancellationToken.None);
            got.AddRange(batch!.Select(s => s.Id));
        }
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), got);
        Assert.Equal(0, sub.Replaced);
    }

    [Fact]
    public async Task Stream_UnknownSymbol_Returns404()
    {
        await using var factory = new DashboardFactory(DashboardFactory.Live(("Source", "Demo")));
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/api/NOPE/stream");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }
}
