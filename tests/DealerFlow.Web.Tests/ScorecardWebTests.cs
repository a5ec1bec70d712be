using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Security.Cryptography;
using DealerFlow.Core.Exposure;
using DealerFlow.Core.Levels;
using DealerFlow.Data.Readers;
using DealerFlow.Data.Store;
using DealerFlow.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace DealerFlow.Web.Tests;

/// <summary>
/// A real SQLite store holding the 20 real SPX sessions of tests/data/series_spx_2026 (17 exchange sessions), and the
/// real server (Kestrel) on it, both positioning models stored, with the real SPX daily price file (<c>serve --prices</c>). The server's own live chain
/// (the 2024-01-05 SPX sample) is stored too: an 18th session, which the tests leave out with from=2026-06-12.
/// </summary>
public sealed class ScorecardServer : IAsyncLifetime
{
    private readonly TempDir _dir = new();

    public static string Prices => Path.Combine(RepoPaths.TestData, "prices", "spx_ohlc_daily_2016-08-22_2026-08-21.csv");

    public KestrelServer Server { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var db = _dir.File("scorecard.db");
        using (var store = SnapshotStore.Open(db))
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoPaths.TestData, "series_spx_2026")).Order())
            {
                var bytes = File.ReadAllBytes(file);
                var input = ChainReader.Read(new MemoryStream(bytes), Path.GetFileName(file));
                var source = new SnapshotSource(Path.GetFileName(file), input.Format.ToString(), Convert.ToHexStringLower(SHA256.HashData(bytes)), null);
                // Both models, as 'dealerflow ingest --model classic' and '--model short-all' store them.
                foreach (var model in new[] { PositioningModel.Classic, PositioningModel.ShortAll })
                {
                    var engine = EngineSettings.Default with { Positioning = new Positioning(model) };
                    var analysis = LevelsCalculator.Analyze(ChainPricer.Price(input.Snapshot, engine), LevelsSettings.Default);
                    store.Save(Snapshots.Create(source, Snapshots.SettingsKey(engine, LevelsSettings.Default), analysis));
                }
            }
        }
        Server = await KestrelServer.StartAsync(("DealerFlow:Live:Store", "true"), ("DealerFlow:Live:Db", db), ("DealerFlow:Scorecard:Prices", Prices));
        Client = new HttpClient { BaseAddress = new Uri(Server.Url) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        _dir.Dispose();
    }
}

[Collection(WebHosts.Name)]
public sealed class ScorecardWebTests(ScorecardServer fixture) : IClassFixture<ScorecardServer>
{
    private static readonly string[] ChromiumArgs = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private static (double? Value, int N, double[]? Ci) E(JsonElement e) => (
        e.GetProperty("value").ValueKind == JsonValueKind.Null ? null : e.GetProperty("value").GetDouble(),
        e.GetProperty("n").GetInt32(),
        e.GetProperty("ci95").ValueKind == JsonValueKind.Null ? null : [.. e.GetProperty("ci95").EnumerateArray().Select(x => x.GetDouble())]);

    [Fact]
    public async Task Scorecard_StoredSpxSessions_AnswersTheCliDocument()
    {
        using var r = await fixture.Client.GetAsync("/api/SPX/scorecard?from=2026-06-12");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var doc = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("dealerflow.scorecard/1", doc.GetProperty("schema").GetString());
        Assert.Equal("classic", doc.GetProperty("positioning").GetString());
        Assert.Equal("$ per 1% move", doc.GetProperty("gexUnit").GetString());
        Assert.Equal("spx_ohlc_daily_2016-08-22_2026-08-21.csv", doc.GetProperty("prices").GetString());
        Assert.Equal(("2026-06-12", "2026-07-09"), (doc.GetProperty("from").GetString(), doc.GetProperty("to").GetString()));
        Assert.Equal(17, doc.GetProperty("sessions").GetInt32());
        Assert.Equal(17, doc.GetProperty("scored").GetInt32());
        Assert.Equal(20260613, doc.GetProperty("bootstrap").GetProperty("seed").GetInt32());
        // 11 of 17 next-session highs stayed at or below the call wall (docs/scorecard.md), with its bootstrap interval in 1/17 steps.
        var (v, n, ci) = E(doc.GetProperty("callWall").GetProperty("highHeldRate"));
        Assert.Equal(11.0 / 17, v!.Value, 12);
        Assert.Equal(17, n);
        Assert.Equal(7.0 / 17, ci![0], 12);
        Assert.Equal(15.0 / 17, ci[1], 12);
        var regimes = doc.GetProperty("regimes");
        Assert.Equal(13, regimes.GetProperty("aboveFlip").GetProperty("sessions").GetInt32());
        Assert.Equal(4, regimes.GetProperty("belowFlip").GetProperty("sessions").GetInt32());
        Assert.Equal(0, regimes.GetProperty("withoutFlip").GetInt32());
        // No close beyond a wall: no value (null), never 0.
        var breach = E(doc.GetProperty("breaches").GetProperty("aboveCallWall").GetProperty("next1Return"));
        Assert.Equal((null, 0, null), (breach.Value, breach.N, breach.Ci));
        var strategies = doc.GetProperty("strategies").EnumerateArray().ToList();
        Assert.Equal(["sellPremiumHighGamma", "buyVolNearFlip", "fadeWallBreakout", "followRisingFlip"], strategies.Select(s => s.GetProperty("name").GetString()));
        Assert.True(strategies[0].GetProperty("withinNoise").GetBoolean());

        // The other stored model: short-all has no call wall on any session.
        var shortAll = await fixture.Client.GetFromJsonAsync<JsonElement>("/api/SPX/scorecard?from=2026-06-12&model=short-all");
        Assert.Equal("short-all", shortAll.GetProperty("positioning").GetString());
        Assert.Equal(0, shortAll.GetProperty("regimes").GetProperty("positiveGex").GetProperty("sessions").GetInt32());

        // Without from: the live server's own stored chain (the 2024-01-05 sample) is an 18th session.
        var all = await fixture.Client.GetFromJsonAsync<JsonElement>("/api/SPX/scorecard");
        Assert.Equal(18, all.GetProperty("sessions").GetInt32());
        Assert.Equal("2024-01-05", all.GetProperty("from").GetString());
    }

    [Fact]
    public async Task Scorecard_BadRequests_AreProblemsNamingTheFieldOrTheOption()
    {
        async Task<(HttpStatusCode, JsonElement)> Get(HttpClient c, string path)
        {
            using var r = await c.GetAsync(path);
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
            return (r.StatusCode, await r.Content.ReadFromJsonAsync<JsonElement>());
        }
        var (status, p) = await Get(fixture.Client, "/api/SPX/scorecard?from=2026-13-01");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(p.GetProperty("errors").TryGetProperty("from", out _), p.ToString());
        (status, p) = await Get(fixture.Client, "/api/SPX/scorecard?from=2026-07-01&to=2026-06-01");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("is after to 2026-06-01", p.GetProperty("errors").GetProperty("from")[0].GetString());
        (status, p) = await Get(fixture.Client, "/api/QQQ/scorecard");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.StartsWith("no stored snapshot of QQQ (dealerflow, classic, usd-per-1pct, all expiries)", p.GetProperty("detail").GetString());
        (status, p) = await Get(fixture.Client, "/api/SPX/scorecard?model=nosuch");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("(dealerflow, nosuch,", p.GetProperty("detail").GetString());

        // A server started without a price file says which option to pass.
        await using var bare = await KestrelServer.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(bare.Url) };
        (status, p) = await Get(client, "/api/SPX/scorecard");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("dealerflow serve --prices FILE", p.GetProperty("detail").GetString());
    }

    [Fact]
    public void Start_PriceFileThatIsNoDailyPrices_FailsNamingTheOption()
    {
        var dix = Path.Combine(RepoPaths.TestData, "prices", "squeezemetrics_DIX_sample_2011.csv");
        using var app = DashboardApp.Create([], new Dictionary<string, string?> { ["DealerFlow:Live:Store"] = "false", ["DealerFlow:Scorecard:Prices"] = dix, ["Logging:LogLevel:Default"] = "None" });
        var e = Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<Api.ScorecardOptions>>().Value);
        Assert.Contains("--prices: ", e.Message);
        Assert.Contains("is not a daily prices header", e.Message);
    }

    [Fact]
    public async Task OpenApi_DocumentsTheScorecardWithItsSchemaAndProblems()
    {
        var doc = await fixture.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var op = doc.GetProperty("paths").GetProperty("/api/{symbol}/scorecard").GetProperty("get");
        Assert.Equal("GetScorecard", op.GetProperty("operationId").GetString());
        Assert.Equal(["symbol", "from", "to", "model"], op.GetProperty("parameters").EnumerateArray().Select(x => x.GetProperty("name").GetString()));
        var responses = op.GetProperty("responses");
        Assert.Equal("#/components/schemas/ScorecardReport", responses.GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        foreach (var code in new[] { "400", "404", "409", "503" })
            Assert.True(responses.GetProperty(code).GetProperty("content").TryGetProperty("application/problem+json", out _), code);
    }

    [ChromiumFact]
    public async Task ScorecardPage_InChromium_ShowsBarsWithWhiskersStrategiesComparisonAndNoise()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumFactAttribute.Path, Headless = true, Args = ChromiumArgs });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1500, Height = 1000 }, ColorScheme = ColorScheme.Dark });
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") lock (errors) errors.Add(m.Text); };
        page.PageError += (_, e) => { lock (errors) errors.Add(e); };
        page.SetDefaultTimeout(30_000);

        // From the dashboard's header link.
        await page.GotoAsync(fixture.Server.Url + "/");
        await page.ClickAsync("[data-testid=scorecard-link]");
        await page.WaitForFunctionAsync("() => window.dealerflowScore && window.dealerflowScore.loads >= 1 && window.dealerflowScore.report");
        Assert.EndsWith("/scorecard.html", page.Url);
        Assert.Equal(18, await page.EvaluateAsync<int>("() => window.dealerflowScore.report.sessions"));

        // The 17 sessions of June-July 2026 only.
        await page.FillAsync("#from", "2026-06-12");
        await page.ClickAsync("#run");
        await page.WaitForFunctionAsync("() => window.dealerflowScore.loads >= 2 && window.dealerflowScore.report.sessions === 17");
        Assert.Contains("SPX: 17 stored sessions 2026-06-12 to 2026-07-09, 17 scored against spx_ohlc_daily_2016-08-22_2026-08-21.csv", await page.Locator("#summary").InnerTextAsync());
        Assert.Contains("17 sessions decide nothing", await page.Locator("#summary").InnerTextAsync());

        // Hold rates: four bars in %, with whiskers from the intervals; 11 of 17 for the call wall's high.
        var holds = await page.EvaluateAsync<JsonElement>("() => { const o = window.dealerflowScore.charts['chart-holds'].getOption(); return { bars: o.series[0].data.map((d) => d == null ? null : d.value), whiskers: o.series[1].data, title: o.title[0].text, y: o.yAxis[0].name }; }");
        var bars = holds.GetProperty("bars").EnumerateArray().Select(b => b.GetDouble()).ToArray();
        Assert.Equal(4, bars.Length);
        Assert.Equal(1100.0 / 17, bars[0], 9);
        var w0 = holds.GetProperty("whiskers")[0].EnumerateArray().Select(x => x.GetDouble()).ToArray();
        Assert.Equal([0, 700.0 / 17, 1500.0 / 17], w0, new Tolerance(1e-9));
        Assert.Contains("model classic", holds.GetProperty("title").GetString());
        Assert.Equal("held, % of scored sessions", holds.GetProperty("y").GetString());
        // Vol by regime: three measures x four regimes, in % annualised; 13 sessions above the flip.
        var vols = await page.EvaluateAsync<JsonElement>("() => { const o = window.dealerflowScore.charts['chart-vols'].getOption(); return { n: o.series.length, above: o.series[0].data[0], labels: o.xAxis[0].data, y: o.yAxis[0].name }; }");
        Assert.Equal(6, vols.GetProperty("n").GetInt32());
        var above = await page.EvaluateAsync<double>("() => window.dealerflowScore.report.regimes.aboveFlip.nextDayVol.value * 100");
        Assert.Equal(above, vols.GetProperty("above").GetDouble(), 9);
        Assert.InRange(above, 5, 30);
        Assert.Equal("Above flip\n13 sessions", vols.GetProperty("labels")[0].GetString());
        Assert.Equal("realised vol, % annualised", vols.GetProperty("y").GetString());

        // The verdicts say plainly what is within noise: 4 sessions below the flip cannot be told apart from 13 above it.
        var verdicts = await page.Locator("#verdicts").InnerTextAsync();
        Assert.Matches(@"Next-day vol above the flip [\d.]+ % \(n 13\) vs below the flip [\d.]+ % \(n 4\): within noise", verdicts);
        Assert.Contains("Rank correlation of GEX with next-day variance", verdicts);
        // Strategies: four rows with their n; the premium-selling rule met on 13 sessions and within noise.
        Assert.Equal(4, await page.Locator("#strategies tbody tr").CountAsync());
        var sell = await page.Locator("[data-testid=strategy-sellPremiumHighGamma]").InnerTextAsync();
        Assert.Contains("13", sell);
        Assert.Contains("within noise", sell);
        Assert.Contains("rule never met", await page.Locator("[data-testid=strategy-fadeWallBreakout]").InnerTextAsync());
        // The model comparison: both stored models side by side.
        var head = await page.Locator("#compare thead").InnerTextAsync();
        Assert.Contains("CLASSIC", head.ToUpperInvariant());
        Assert.Contains("SHORT-ALL", head.ToUpperInvariant());
        Assert.Contains("76.5 %", await page.Locator("#compare tbody").InnerTextAsync()); // short-all's put wall: 13 of 17
        Assert.True(await page.Locator("#error-banner").IsHiddenAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("scorecard.png"), FullPage = true });
        Assert.Empty(errors);
    }

    private sealed class Tolerance(double eps) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= eps;

        public int GetHashCode(double obj) => 0;
    }

    private static string Shot(string name)
    {
        var path = Environment.GetEnvironmentVariable("DEALERFLOW_SCREENSHOTS") == "docs"
            ? Path.Combine(RepoPaths.Root, "docs", name)
            : Path.Combine(AppContext.BaseDirectory, "screenshots", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }
}
