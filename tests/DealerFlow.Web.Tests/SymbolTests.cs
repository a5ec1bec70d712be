using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DealerFlow.Data.Readers;
using DealerFlow.Web.Live;
using Microsoft.Extensions.Configuration;
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

    [Fact]
    public void ShareClassSlash_IsListedAndReachableAsADot()
    {
        using var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(DashboardFactory.StoreOff).Build()).AddDealerFlowLive().BuildServiceProvider();
        var book = services.GetRequiredService<LiveBook>();
        Assert.True(book.Offer(ChainReader.Read(RepoPaths.SpxSample, new ReadOptions { Underlying = "BRK/B" }), "test"));
        Assert.Equal("BRK.B", book.Symbols().Single().Symbol);
        Assert.True(book.TryGet("BRK/B", out _));
        Assert.NotNull(book.Levels("brk.b", ViewKey.Default).View);
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
