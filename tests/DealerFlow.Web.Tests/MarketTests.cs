using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text.Json;
using DealerFlow.Core.Chain;
using DealerFlow.Core.Exposure;
using DealerFlow.Core.Levels;
using DealerFlow.Data.Readers;
using DealerFlow.Web.Live;
using DealerFlow.Web.Market;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DealerFlow.Web.Tests;

/// <summary>The market overview (issue 15 item 1): one row per underlying, the same numbers as the report, changes only.</summary>
[Collection(WebHosts.Name)]
public sealed class MarketTests
{
    private static (ServiceProvider Services, LiveBook Book, MarketBoard Board) NewBook()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(DashboardFactory.StoreOff).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(config).AddDealerFlowLive().BuildServiceProvider();
        return (services, services.GetRequiredService<LiveBook>(), services.GetRequiredService<MarketBoard>());
    }

    public static TheoryData<string> Chains() => new(RepoPaths.AllChains().Select(f => Path.GetRelativePath(RepoPaths.TestData, f)).ToArray());

    [Theory]
    [MemberData(nameof(Chains))]
    public void Row_OnARealChain_IsTheReportsLevelsInDollarsPerPercent(string name)
    {
        var chain = ChainReader.Read(RepoPaths.Data(name)).Snapshot;
        var report = LevelsCalculator.Analyze(ChainPricer.Price(chain, MarketBoard.View.Engine), LevelsSettings.Default with { Unit = MarketBoard.View.Unit }).Levels;
        var (services, book, board) = NewBook();
        using (services)
        {
            book.Chain(chain, "test");
            var row = Assert.Single(board.Snapshot().Rows);
            Assert.Equal("ok", row.Status);
            Assert.Equal(chain.Spot, row.Spot);
            Assert.Equal(report.Regime, row.Regime);
            Assert.Equal(report.ZeroGamma, row.ZeroGamma);
            Assert.Equal(report.DistanceToFlipPct, row.FlipDistancePct);
            Assert.Equal((report.CallWall, report.PutWall), (row.CallWall, row.PutWall));
            // The board converts the recomputation's shares per $1 into $ per 1% at its spot; the report sums in $ per 1%.
            Assert.Equal(report.TotalGex.Value, row.TotalGex!.Value, Math.Abs(report.TotalGex.Value) * 1e-12);
            Assert.Equal(chain.Instant, row.ChainAsOf);
        }
    }

    [Fact]
    public void SpotTick_MovesTheDistancesOfItsRowOnly_AndTheFlipIsTheCrossingNearestTheNewSpot()
    {
        var spx = ChainReader.Read(RepoPaths.Data("spx_quotedata_2024-01-05.csv")).Snapshot;
        var spy = ChainReader.Read(RepoPaths.Data("spy_quotedata_2025-09-25.csv")).Snapshot;
        var (services, book, board) = NewBook();
        using (services)
        {
            book.Chain(spx, "test");
            book.Chain(spy, "test");
            var before = board.Snapshot();
            var spxBefore = before.Rows.Single(r => r.Symbol == "SPX");
            var v = before.Version;
            Assert.Empty(board.Changes(v).Rows);

            var spot = spx.Spot * 1.004;
            book.Spot("SPX", spot, spx.Instant);
            var changed = Assert.Single(board.Changes(v).Rows);
            Assert.Equal("SPX", changed.Symbol);
            Assert.Equal(spot, changed.Spot);
            Assert.True(changed.Version > v);
            // Levels are the recomputation's until the next one; distances are from the new spot, by hand:
            Assert.Equal((spxBefore.CallWall, spxBefore.PutWall, spxBefore.TotalGex, spxBefore.Regime), (changed.CallWall, changed.PutWall, changed.TotalGex, changed.Regime));
            Assert.NotNull(changed.ZeroGamma);
            Assert.Equal(spot - changed.ZeroGamma!.Value, changed.FlipDistance!.Value, 1e-9);
            Assert.Equal((spot - changed.ZeroGamma.Value) / spot * 100, changed.FlipDistancePct!.Value, 1e-9);
            Assert.Equal((changed.CallWall!.Value - spot) / spot * 100, changed.CallWallDistancePct!.Value, 1e-12);
            Assert.Equal((changed.PutWall!.Value - spot) / spot * 100, changed.PutWallDistancePct!.Value, 1e-12);

            // A recomputation at the new spot re-expresses everything there.
            var v2 = board.Version;
            book.Reanchor("SPX");
            var anchored = Assert.Single(board.Changes(v2).Rows);
            Assert.Equal(spot, anchored.LevelsSpot);
            Assert.NotNull(anchored.RecomputedAt);
        }
    }

    [Fact]
    public void ErrorAndWaiting_KeepTheLastGoodLevels_AndNoValueStaysNull()
    {
        var spx = ChainReader.Read(RepoPaths.Data("spx_quotedata_2024-01-05.csv")).Snapshot;
        var (services, book, board) = NewBook();
        using (services)
        {
            book.Chain(spx, "test");
            var good = board.Snapshot().Rows.Single();
            book.Error("SPX", "poll failed: HTTP 503", "test");
            var bad = board.Snapshot().Rows.Single();
            Assert.Equal("error", bad.Status);
            Assert.Equal("poll failed: HTTP 503", bad.Error);
            Assert.Equal((good.ZeroGamma, good.CallWall, good.PutWall, good.TotalGex), (bad.ZeroGamma, bad.CallWall, bad.PutWall, bad.TotalGex));

            book.Expect("QQQ", "test");
            var waiting = board.Snapshot().Rows.Single(r => r.Symbol == "QQQ");
            Assert.Equal("waiting", waiting.Status);
            Assert.Equal(GammaRegime.Unknown, waiting.Regime);
            Assert.Equal(new double?[] { null, null, null, null, null, null, null, null, null, null },
                new[] { waiting.Spot, waiting.ZeroGamma, waiting.FlipDistance, waiting.FlipDistancePct, waiting.CallWall, waiting.CallWallDistancePct, waiting.PutWall, waiting.PutWallDistancePct, waiting.TotalGex, waiting.LevelsSpot });
        }
    }

    [Fact]
    public void ChangesJson_IsBuiltOncePerSinceAndVersion_AndIsTheChangesView()
    {
        var board = new MarketBoard();
        board.Info(new SymbolInfo("ABC", "waiting", null, null, null, "test", null, null, 0, 0, null, "chain"));
        board.Info(new SymbolInfo("XYZ", "waiting", null, null, null, "test", null, null, 0, 0, null, "chain"));
        var first = board.ChangesJson(1);
        var second = board.ChangesJson(1);
        Assert.Same(first.Json, second.Json); // clients in step share one string
        Assert.Equal((2L, 1), (first.Version, first.Rows));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(board.Changes(1), WebJson.Options), first.Json);
        board.Info(new SymbolInfo("ABC", "ok", null, null, null, "test", null, null, 0, 0, null, "chain"));
        var after = board.ChangesJson(1);
        Assert.NotSame(first.Json, after.Json); // a new version is a new document
        Assert.Equal((3L, 2), (after.Version, after.Rows));
    }

    [Fact]
    public async Task WaitForChange_CompletesOnTheNextUpdate_AndAtOnceWhenBehind()
    {
        var board = new MarketBoard();
        var wait = board.WaitForChangeAsync(board.Version, CancellationToken.None);
        Assert.False(wait.IsCompleted);
        board.Info(new SymbolInfo("ABC", "waiting", null, null, null, "test", null, null, 0, 0, null, "chain"));
        await wait.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(board.WaitForChangeAsync(0, CancellationToken.None).IsCompleted);
    }

    /// <summary>
    /// A synthetic chain for a market of <paramref name="count"/> names: one expiry, strikes 80..120, call open interest
    /// rising with the strike and put open interest falling with it, the puts weighted 0.5x to 2x by the index: total GEX
    /// crosses zero between the put-heavy low strikes and the call-heavy high ones, at a level that moves with the weight,
    /// so the names spread across long and short gamma at distances from their flips.
    /// </summary>
    internal static ChainSnapshot Synthetic(string symbol, int index, int count, DateTimeOffset at)
    {
        var b = new ChainBuilder(24);
        var expiry = DateOnly.FromDateTime(at.UtcDateTime).AddDays(30);
        var putWeight = Math.Pow(4, (double)index / Math.Max(1, count - 1)) / 2;
        var id = 0;
        for (var k = 80; k <= 120; k += 4)
        {
            b.Add(new OptionQuote(symbol, expiry, OptionType.Call, k, double.NaN, double.NaN, double.NaN, 0, 1000 * (1 + (k - 80) / 10.0), 0.25, double.NaN, double.NaN, ++id));
            b.Add(new OptionQuote(symbol, expiry, OptionType.Put, k, double.NaN, double.NaN, double.NaN, 0, 1000 * (1 + (120 - k) / 10.0) * putWeight, 0.25, double.NaN, double.NaN, ++id));
        }
        return b.Build(symbol, 100 + index % 13 * 0.5, at, "synthetic");
    }

    /// <summary>Letters only: AAAA, AAAB, ... (every one a valid underlying symbol).</summary>
    internal static string Name(int i) => string.Concat(Enumerable.Range(0, 4).Select(p => (char)('A' + i / (int)Math.Pow(26, 3 - p) % 26)));

    private const int Count = 5_000;
    private static readonly DateTimeOffset At = new(2026, 6, 1, 15, 0, 0, TimeSpan.Zero);

    /// <summary>A real server (Kestrel, loopback, random port) whose book holds <see cref="Count"/> synthetic underlyings.</summary>
    private static async Task<(WebApplication App, TempDir Dir, LiveBook Book)> MarketServer()
    {
        var watched = new TempDir();
        var app = DashboardApp.Create([], new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["DealerFlow:Live:Store"] = "false",
            ["DealerFlow:Live:Source"] = "Watch",
            ["DealerFlow:Live:WatchDirectory"] = watched.Path,
            ["DealerFlow:Live:ReanchorInterval"] = "01:00:00",
        });
        await app.StartAsync();
        var book = app.Services.GetRequiredService<LiveBook>();
        for (var i = 0; i < Count; i++) book.Chain(Synthetic(Name(i), i, Count, At), "synthetic");
        return (app, watched, book);
    }

    [Fact]
    public async Task FiveThousandUnderlyings_ApiListsEvery_AndTheStreamSendsOnlyTheRowsThatChange()
    {
        var (app, dir, book) = await MarketServer();
        using var _ = dir;
        await using var __ = app;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = cts.Token;
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        var all = await http.GetFromJsonAsync<JsonElement>("/api/market", ct);
        Assert.Equal("usd-per-1pct", all.GetProperty("unit").GetString());
        Assert.Equal("classic", all.GetProperty("model").GetString());
        var rows = all.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(Enumerable.Range(0, Count).Select(Name).Order(StringComparer.Ordinal), rows.Select(r => r.GetProperty("symbol").GetString()!));
        var regimes = rows.GroupBy(r => r.GetProperty("regime").GetString()).ToDictionary(g => g.Key!, g => g.Count());
        Assert.True(regimes.GetValueOrDefault("long gamma") > 1000 && regimes.GetValueOrDefault("short gamma") > 1000, string.Join(", ", regimes));
        var version = all.GetProperty("version").GetInt64();
        using (var none = await http.GetAsync($"/api/market?since={version}", ct))
            Assert.Empty((await none.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("rows").EnumerateArray());
        using (var bad = await http.GetAsync("/api/market?since=-1", ct))
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);

        // The stream: every row once, then only the rows that change (three ticks, coalesced into one event or a few).
        using var stream = await http.GetStreamAsync("/api/market/stream", ct);
        await using var events = SseParser.Create(stream).EnumerateAsync(ct).GetAsyncEnumerator(ct);
        Assert.True(await events.MoveNextAsync());
        Assert.Equal("market", events.Current.EventType);
        Assert.Equal(Count, JsonDocument.Parse(events.Current.Data).RootElement.GetProperty("rows").GetArrayLength());
        var ticked = new[] { Name(7), Name(2500), Name(4999) };
        foreach (var s in ticked) book.Spot(s, 101.25, At.AddMinutes(1));
        var seen = new Dictionary<string, double>();
        while (seen.Count < ticked.Length)
        {
            Assert.True(await events.MoveNextAsync());
            Assert.Equal("changes", events.Current.EventType);
            foreach (var r in JsonDocument.Parse(events.Current.Data).RootElement.GetProperty("rows").EnumerateArray())
                seen[r.GetProperty("symbol").GetString()!] = r.GetProperty("spot").GetDouble();
        }
        Assert.Equal(ticked.Order(StringComparer.Ordinal), seen.Keys.Order(StringComparer.Ordinal));
        Assert.All(seen.Values, s => Assert.Equal(101.25, s));
    }

    [ChromiumFact]
    public async Task FiveThousandUnderlyings_PageInChromium_DrawsOnlyTheRowsInView_SortsFiltersUpdatesAndClicksThrough()
    {
        var (app, dir, book) = await MarketServer();
        using var _ = dir;
        await using var __ = app;
        var url = app.Urls.First();
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        var rows = (await http.GetFromJsonAsync<JsonElement>("/api/market")).GetProperty("rows").EnumerateArray().ToArray();
        var en = System.Globalization.CultureInfo.InvariantCulture; // "N0" groups by thousands with a comma, like the page's en-US

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumFactAttribute.Path, Headless = true, Args = BrowserTests.ChromiumArgs });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 }, ColorScheme = ColorScheme.Dark });
        var errors = new List<string>();
        page.PageError += (_, e) => { lock (errors) errors.Add(e); };
        page.Console += (_, m) => { if (m.Type == "error") lock (errors) errors.Add(m.Text); };
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync(url + "/market.html");
        await page.WaitForFunctionAsync($"() => window.dealerflowMarket.rows.size === {Count} && window.dealerflowMarket.drawn > 0");
        Assert.Equal("5,000", await page.Locator("[data-testid=count]").InnerTextAsync());
        Assert.Contains("$ per 1% move", await page.Locator("[data-testid=view]").InnerTextAsync());
        Assert.Contains("classic model", await page.Locator("[data-testid=view]").InnerTextAsync());
        // Virtualised: a few dozen rows in the page, not 5,000.
        Assert.InRange(await page.Locator("[data-testid=row]").CountAsync(), 10, 80);
        Assert.Equal(Name(0), await page.Locator("[data-testid=row]").First.GetAttributeAsync("data-symbol"));
        // Scrolled to the end, the last name is drawn.
        await page.Locator("[data-testid=viewport]").EvaluateAsync("v => v.scrollTop = v.scrollHeight");
        await page.WaitForFunctionAsync($"() => [...document.querySelectorAll('[data-testid=row]')].some(r => r.dataset.symbol === '{Name(Count - 1)}')");
        await page.Locator("[data-testid=viewport]").EvaluateAsync("v => v.scrollTop = 0");

        // Sort by total GEX (largest first), then the other way.
        await page.Locator("[data-testid=sort-totalGex]").ClickAsync();
        var top = rows.OrderByDescending(r => r.GetProperty("totalGex").GetDouble()).ThenBy(r => r.GetProperty("symbol").GetString(), StringComparer.Ordinal).First().GetProperty("symbol").GetString();
        await page.WaitForFunctionAsync($"() => document.querySelector('[data-testid=row]').dataset.symbol === '{top}'");
        await page.Locator("[data-testid=sort-totalGex]").ClickAsync();
        var bottom = rows.OrderBy(r => r.GetProperty("totalGex").GetDouble()).ThenBy(r => r.GetProperty("symbol").GetString(), StringComparer.Ordinal).First().GetProperty("symbol").GetString();
        await page.WaitForFunctionAsync($"() => document.querySelector('[data-testid=row]').dataset.symbol === '{bottom}'");

        // Filters: regime, within x % of the flip, text; each count checked against the API's rows.
        await page.Locator("[data-testid=filter-regime]").SelectOptionAsync("short gamma");
        var shorts = rows.Count(r => r.GetProperty("regime").GetString() == "short gamma");
        Assert.Equal(shorts.ToString("N0", en), await page.Locator("[data-testid=shown]").InnerTextAsync());
        await page.Locator("[data-testid=filter-regime]").SelectOptionAsync("");
        // The threshold: the median distance to the flip over the names that have one (rounded), so the filter splits them.
        var distances = rows.Where(r => r.GetProperty("flipDistancePct").ValueKind == JsonValueKind.Number).Select(r => Math.Abs(r.GetProperty("flipDistancePct").GetDouble())).Order().ToArray();
        var within = Math.Round(distances[distances.Length / 2], 2);
        await page.Locator("[data-testid=filter-near]").FillAsync(within.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var near = distances.Count(d => d <= within);
        Assert.InRange(near, 1, Count - 1);
        Assert.Equal(near.ToString("N0", en), await page.Locator("[data-testid=shown]").InnerTextAsync());
        await page.Locator("[data-testid=sort-flipDistancePct]").ClickAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserTests.Shot("market.png") });
        await page.Locator("[data-testid=filter-near]").FillAsync("");
        await page.Locator("[data-testid=filter-text]").FillAsync(Name(4321).ToLowerInvariant());
        await page.WaitForFunctionAsync("() => document.querySelectorAll('[data-testid=row]').length === 1");
        // "Chain as of" in the chain's own zone with its offset, as on the dashboard (not the browser's zone).
        Assert.Contains("2026-06-01 15:00 +00:00", await page.Locator("[data-testid=row]").InnerTextAsync());

        // A live change reaches the page as a `changes` event and redraws the row.
        book.Spot(Name(4321), 99.5, At.AddMinutes(2));
        await page.WaitForFunctionAsync($"() => window.dealerflowMarket.rows.get('{Name(4321)}').spot === 99.5");
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=row]').innerText.includes('99.50')");
        await page.Locator("[data-testid=filter-text]").FillAsync("");

        // Click-through to the symbol's dashboard (sorted by symbol again, so the first name is in view).
        await page.Locator("[data-testid=sort-symbol]").ClickAsync();
        await page.WaitForFunctionAsync($"() => document.querySelector('[data-testid=row]').dataset.symbol === '{Name(0)}'");
        await page.Locator($"[data-testid=row][data-symbol={Name(0)}]").ClickAsync();
        await page.WaitForURLAsync($"**/?symbol={Name(0)}");
        await page.WaitForFunctionAsync($"() => document.getElementById('symbol').value === '{Name(0)}'");
        Assert.Empty(errors);
    }
}
