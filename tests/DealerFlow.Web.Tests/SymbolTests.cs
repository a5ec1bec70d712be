using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DealerFlow.Data.Readers;
using DealerFlow.Web.Live;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DealerFlow.Web.Tests;

/// <summary>Issue 11, finding 5: one symbol spelling at the boundary, and bad files never leave a symbol behind.</summary>
[Collection(WebHosts.Name)]
public sealed class SymbolTests(ReplayFixture fixture) : IClassFixture<ReplayFixture>
{
    [Theory]
    [InlineData("SPX")]
    [InlineData("spx")]
    [InlineData("_SPX")]
    [InlineData("%5ESPX")]
    [InlineData("%24SPX.X")]
    [InlineData("%20SPY")]
    public async Task Routes_VendorSpellings_ReachTheSymbol(string path)
    {
        foreach (var endpoint in new[] { "levels", "profile", "exposure", "history", "alerts", "flows" })
        {
            using var response = await fixture.Client.GetAsync($"/api/{path}/{endpoint}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"/api/{path}/{endpoint}: {(int)response.StatusCode}");
        }
    }

    [Theory]
    [InlineData("SP%09X", "U+0009")]
    [InlineData("SPX%5E", "U+005E")]
    [InlineData("_", "is empty")]
    public async Task Routes_TextThatIsNoSymbol_Is400WithTheReason(string path, string reason)
    {
        foreach (var endpoint in new[] { "levels", "profile", "exposure", "history", "alerts", "flows", "stream" })
        {
            using var response = await fixture.Client.GetAsync($"/api/{path}/{endpoint}");
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"/api/{path}/{endpoint}: {(int)response.StatusCode}");
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("Not a symbol", problem.GetProperty("title").GetString());
            Assert.Contains(reason, problem.GetProperty("detail").GetString());
        }
    }

    /// <summary>The routes under /api/{symbol}, from the app's own endpoint list (a new route is covered without editing this test).</summary>
    private IReadOnlyList<(string Method, string Path)> SymbolRoutes() =>
        fixture.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/{symbol}/", StringComparison.Ordinal) == true)
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m => (m, e.RoutePattern.RawText!["/api/{symbol}/".Length..])))
            .OrderBy(r => r.Item2, StringComparer.Ordinal).ToArray();

    private async Task<(HttpStatusCode Status, string? Title, string? Detail)> Ask(string method, string symbol, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), $"/api/{symbol}/{path}");
        // The smallest simulation: the answer's status is what is compared, not the run.
        if (method == "POST") request.Content = new StringContent("""{"paths":10,"steps":10,"programs":[0]}""", System.Text.Encoding.UTF8, "application/json");
        using var response = await fixture.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return (response.StatusCode, null, null);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (response.StatusCode, problem.GetProperty("title").GetString(), problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task EveryRoute_UnnormalisedUnknownOrJunkSymbol_GetsTheSameAnswer()
    {
        var routes = SymbolRoutes();
        Assert.Equal(["alerts", "exposure", "flows", "history", "levels", "profile", "scorecard", "simulate", "snapshot", "stream"], routes.Select(r => r.Path));
        // The scorecard reads the store, not the live book: a symbol not served live may still have stored sessions, so
        // its "unknown" answer is the store's; spellings and junk are checked like every other route. This fixture has no
        // price file, so its served answer is the 409 naming --prices.
        string[] storeBacked = ["scorecard"];
        foreach (var (method, path) in routes)
        {
            var served = await Ask(method, "SPX", path);
            var expected = storeBacked.Contains(path) ? HttpStatusCode.Conflict : HttpStatusCode.OK;
            Assert.True(served.Status == expected, $"{method} {path}: {served}");
            // Vendor spellings reach the same symbol as its served spelling.
            foreach (var spelling in new[] { "spx", "%5Espx", "%24SPX.X", "_SPX", "%20spx%20" })
                Assert.Equal((method, path, served.Status), (method, path, (await Ask(method, spelling, path)).Status));
            // A symbol that is not served: 404 naming it in its served spelling.
            var unknown = await Ask(method, "%5Emsft", path);
            if (!storeBacked.Contains(path))
                Assert.True(unknown == (HttpStatusCode.NotFound, "Unknown symbol", "'MSFT' is not served here; GET /api/symbols lists the symbols."), $"{method} {path}: {unknown}");
            // Text that is no symbol: 400 with the reason.
            var junk = await Ask(method, "SPX%5E", path);
            Assert.True(junk == (HttpStatusCode.BadRequest, "Not a symbol", "The symbol in the path has the character U+005E at position 4; a symbol is letters, digits and inner dots (BRK.B)."), $"{method} {path}: {junk}");
        }
    }

    [Fact]
    public void Sink_VendorSpellings_ReachTheServedSymbolOnEveryPath()
    {
        using var live = LiveServices.Create();
        live.Book.Chain(ChainReader.Read(RepoPaths.SpxSample).Snapshot, "test");
        var spx = live["SPX"];
        // Spot, re-anchor and the tick all take the symbol in any spelling (the old book's Reanchor and TickFor matched
        // only the served spelling and did nothing or gave null for "_SPX").
        live.Book.Spot("^spx", 4740, DateTimeOffset.UnixEpoch);
        Assert.Equal(4740, live.Views.Tick(live[" spx "], ViewKey.Default)!.Spot);
        live.Book.Reanchor("_SPX");
        Assert.Equal(4740, live.Views.Levels(spx, ViewKey.Default).View!.Levels.Spot);
        live.Book.Error("$SPX.X", "test error", "test");
        Assert.Equal("test error", spx.Info().Error);
        // A symbol that is not served resolves to nothing (it used to be a KeyNotFoundException on every view), and the
        // sink never creates one from a tick, a re-anchor or an error.
        Assert.False(live.Symbols.TryResolve("MSFT", out _));
        Assert.False(live.Symbols.TryResolve("SPX^", out _));
        live.Book.Spot("MSFT", 400, DateTimeOffset.UnixEpoch);
        live.Book.Reanchor("MSFT");
        live.Book.Error("MSFT", "no such symbol", "test");
        Assert.Equal(["SPX"], live.Symbols.List().Select(s => s.Symbol));
    }

    [Fact]
    public void ShareClassSlash_IsListedAndReachableAsADot()
    {
        using var live = LiveServices.Create();
        Assert.True(live.Book.Offer(ChainReader.Read(RepoPaths.SpxSample, new ReadOptions { Underlying = "BRK/B" }), "test"));
        Assert.Equal("BRK.B", live.Symbols.List().Single().Symbol);
        Assert.True(live.Symbols.TryResolve("BRK/B", out var state));
        Assert.Same(state, live["brk.b"]);
        Assert.NotNull(live.Views.Levels(state, ViewKey.Default).View);
    }

    [Fact]
    public async Task Watch_BadFilesAndJunkNames_NeverCreateASymbol_AndAreListedAsRejectedWithoutTheirText()
    {
        using var dir = new TempDir();
        await using var factory = new DashboardFactory(DashboardFactory.Live(("Source", "Watch"), ("WatchDirectory", dir.Path), ("RescanInterval", "00:00:00.2"), ("SpotWalk", "false")));
        using var client = factory.CreateClient();
        await client.GetAsync("/api/symbols");

        await File.WriteAllTextAsync(dir.File("notes.csv"), "db_password=hunter2\nuser=admin\n");
        var cboe = await File.ReadAllBytesAsync(RepoPaths.CboeSpxJson);
        await File.WriteAllBytesAsync(dir.File("_SPX.json"), cboe[..(cboe.Length / 3)]);
        await File.WriteAllTextAsync(dir.File("spy\t^x_quotedata.csv"), "hunter2,hunter2\n");
        File.Copy(Path.Combine(RepoPaths.SpySeries, "spy_quotedata_2025-05-01_0828.csv"), dir.File("spy_quotedata_2025-05-01_0828.csv"));

        await Wait.Symbol(client, "SPY", s => s.GetProperty("status").GetString() == "ok", "the good SPY file");
        var rejected = await Wait.Until(() => client.GetFromJsonAsync<JsonElement>("/api/rejected"), r => r.GetArrayLength() == 3, "three rejected files");
        Assert.Equal(["file _SPX.json", "file notes.csv", "file spy\t^x_quotedata.csv"], rejected.EnumerateArray().Select(r => r.GetProperty("origin").GetString()).Order(StringComparer.Ordinal));
        Assert.All(rejected.EnumerateArray(), r => Assert.Equal(JsonValueKind.Null, r.GetProperty("symbol").ValueKind));
        var notes = rejected.EnumerateArray().Single(r => r.GetProperty("origin").GetString() == "file notes.csv").GetProperty("reason").GetString();
        Assert.Contains("'notes.csv' is not an option chain", notes);
        Assert.Contains("line 1, 19 characters", notes);

        var symbols = await client.GetStringAsync("/api/symbols");
        Assert.Equal(["SPY"], JsonDocument.Parse(symbols).RootElement.EnumerateArray().Select(s => s.GetProperty("symbol").GetString()));
        foreach (var body in new[] { symbols, rejected.GetRawText() })
        {
            Assert.DoesNotContain("hunter2", body, StringComparison.Ordinal);
            Assert.DoesNotContain("password", body, StringComparison.Ordinal);
        }
    }
}
