using System.Net.ServerSentEvents;
using System.Text.Json;

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
            if (events.Count(e => e.EventType == "tick") >= 2 && events.Count(e => e.EventType == "snapshot") >= 2) break;
        }
        Assert.Equal("snapshot", events[0].EventType);
        Assert.Equal(TimeSpan.FromSeconds(2), parser.ReconnectionInterval);
        var first = JsonDocument.Parse(events[0].Data).RootElement;
        Assert.Equal("usd-per-point", first.GetProperty("view").GetProperty("unit").GetString());
        Assert.True(first.GetProperty("levels").GetProperty("levels").GetProperty("zeroGamma").GetDouble() > 0);
        Assert.True(first.GetProperty("profile").GetProperty("points").GetArrayLength() > 100);
        var ids = events.Select(e => long.Parse(e.EventId!, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(ids.Order(), ids);
        var ticks = events.Where(e => e.EventType == "tick").Select(e => JsonDocument.Parse(e.Data).RootElement).ToArray();
        Assert.All(ticks, t => Assert.Equal("usd-per-point", t.GetProperty("unit").GetString()));
        Assert.All(ticks, t => Assert.Contains(t.GetProperty("regime").GetString(), new[] { "long gamma", "short gamma" }));
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
