using System.Runtime.CompilerServices;
using DealerFlow.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace DealerFlow.Web.Tests;

/// <summary>A fact that needs Debian's Chromium; skipped, with the reason, when it is not installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>Debian's Chromium, or the browser named by DEALERFLOW_CHROMIUM.</summary>
    public static string Path { get; } = Environment.GetEnvironmentVariable("DEALERFLOW_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    /// <param name="test">The test method's name (supplied by the compiler): a skipped test's display name carries the reason, so plain <c>dotnet test</c> output shows it.</param>
    public ChromiumFactAttribute([CallerMemberName] string test = "")
    {
        if (File.Exists(Path)) return;
        Skip = $"{Path} is not installed: the real-browser test cannot run (apt-get install -y chromium, set DEALERFLOW_CHROMIUM, or run .ci/run)";
        DisplayName = $"{test} [skipped: {Skip}]";
    }
}

/// <summary>
/// Debian's headless Chromium with one page for a browser test: launched with <see cref="BrowserTests.ChromiumArgs"/>, a
/// 30 s default timeout, and every console error and page error the page reports kept in <see cref="Errors"/>.
/// </summary>
internal sealed class Chrome : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly List<string> _errors = [];

    private Chrome(IPlaywright playwright, IBrowser browser, IPage page) => (_playwright, _browser, Page) = (playwright, browser, page);

    /// <summary>The page.</summary>
    public IPage Page { get; }

    /// <summary>The console errors and page errors reported so far, in order (a copy).</summary>
    public List<string> Errors
    {
        get
        {
            lock (_errors) return [.. _errors];
        }
    }

    /// <summary>Starts the browser and opens its page with <paramref name="options"/> (viewport, colour scheme).</summary>
    public static async Task<Chrome> OpenAsync(BrowserNewPageOptions? options = null)
    {
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumFactAttribute.Path, Headless = true, Args = BrowserTests.ChromiumArgs });
            var chrome = new Chrome(playwright, browser, await browser.NewPageAsync(options ?? new BrowserNewPageOptions()));
            chrome.Page.Console += (_, m) =>
            {
                if (m.Type == "error") chrome.Add(m.Text);
            };
            chrome.Page.PageError += (_, e) => chrome.Add(e);
            chrome.Page.SetDefaultTimeout(30_000);
            return chrome;
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    private void Add(string error)
    {
        lock (_errors) _errors.Add(error);
    }
}

[Collection(WebHosts.Name)]
public sealed class BrowserTests
{
    internal static readonly string[] ChromiumArgs = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    [ChromiumFact]
    public async Task Dashboard_InChromium_RendersLevelsAndChartsUpdatesLiveAndSwitchesSymbolAndUnit()
    {
        // The real server (Kestrel on a random local port), serving the demo with quick ticks, storing chains in a temporary store.
        using var storeDir = new TempDir();
        await using var app = DashboardApp.Create([], new Dictionary<string, string?>
        {
            ["DealerFlow:Live:Db"] = storeDir.File("live.db"),
            ["urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["DealerFlow:Live:Source"] = "Demo",
            ["DealerFlow:Live:TickInterval"] = "00:00:00.4",
            ["DealerFlow:Live:ReanchorInterval"] = "00:00:02",
            ["DealerFlow:Live:Seed"] = "11",
        });
        await app.StartAsync();
        var url = app.Urls.First() + "/";

        await using var chrome = await Chrome.OpenAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 }, ColorScheme = ColorScheme.Dark });
        var page = chrome.Page;

        await page.GotoAsync(url);
        // Levels and charts render.
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#levels tbody tr').length >= 8");
        var flip = await page.Locator("#levels tbody tr").First.InnerTextAsync();
        Assert.Contains("Zero gamma", flip);
        // Each chart draws when its own data arrives (the session and stored history load after the levels): wait for its canvas.
        foreach (var id in new[] { "chart-strike", "chart-profile", "chart-expiry", "chart-heatmap", "chart-session", "chart-stored" })
            await page.WaitForSelectorAsync($"#{id} canvas", new() { State = WaitForSelectorState.Attached });
        Assert.Matches(@"^[\d,]+\.\d\d$", await page.Locator("#spot").InnerTextAsync());
        Assert.Matches("^(LONG|SHORT) GAMMA$", await page.Locator("#regime").InnerTextAsync());

        // At least two live updates after the first render.
        var start = await page.EvaluateAsync<int>("() => window.dealerflow.updates");
        await page.WaitForFunctionAsync($"() => window.dealerflow.updates >= {start + 2} && window.dealerflow.ticks >= 2");
        await page.WaitForFunctionAsync("() => window.dealerflow.snapshot.history.points.length >= 2");
        // The chain was written to the (temporary) store: the levels-over-time chart reads it back as a stored point.
        await page.WaitForFunctionAsync("() => window.dealerflow.snapshot.history.points.some((p) => p.source === 'store')");
        Assert.StartsWith("ok", await page.Locator("#store").InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator("#store-banner").IsHiddenAsync());

        // Issue 10: the demo's spot is a random walk: the header says so, with no green "live" dot.
        await page.WaitForFunctionAsync("() => window.dealerflow.snapshot.symbol.spotSource === 'simulated'");
        Assert.Equal("connected · simulated spot", await page.Locator("#conn").InnerTextAsync());
        Assert.Equal("dot sim", await page.Locator("#conn-dot").GetAttributeAsync("class"));
        Assert.Equal("· simulated", await page.Locator("#spot-source").InnerTextAsync());
        // Each level says which spot it is at: after a full recomputation at the walked spot, the chain's own levels are named beside.
        await page.WaitForFunctionAsync("() => window.dealerflow.snapshot.levels.atChainSpot != null");
        var at = await page.Locator("#levels-spot").InnerTextAsync();
        Assert.Matches(@"^At simulated spot [\d,]+\.\d\d \(last full recomputation\)\. At the chain's spot 4,697\.24, as dealerflow levels prints: flip 4,717\.83, call wall 4,900\.00, put wall 4,500\.00\.$", at);

        // Levels over time: stored snapshots on a chain-time axis (the SPX sample, as of 2024-01-07 10:52 EST, padded by half a day), the
        // session on a wall-clock axis spanning only the session; neither axis spans years.
        var stored = await page.EvaluateAsync<double[]>("() => { const o = window.dealerflow.charts['chart-stored'].getOption(); const pts = window.dealerflow.snapshot.history.points.filter((p) => p.source === 'store').map((p) => Date.parse(p.at)); return [o.xAxis[0].min, o.xAxis[0].max, Math.min(...pts), Math.max(...pts), o.xAxis[0].type === 'time' ? 1 : 0]; }");
        Assert.Equal(1, stored[4]);
        Assert.Equal(DateTimeOffset.Parse("2024-01-07T10:52:00-05:00", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), stored[2], 1); // the sample's chain instant
        Assert.Equal(12 * 3_600_000, stored[2] - stored[0], 1);
        Assert.Equal(12 * 3_600_000, stored[1] - stored[3], 1);
        var session = await page.EvaluateAsync<double[]>("() => { const o = window.dealerflow.charts['chart-session'].getOption(); const pts = window.dealerflow.snapshot.history.points.filter((p) => p.source === 'session').map((p) => Date.parse(p.at)); return [o.xAxis[0].min, o.xAxis[0].max, Math.min(...pts), Math.max(...pts), Date.now()]; }");
        Assert.InRange(session[1] - session[0], 60_000, 3_600_000);
        Assert.InRange(session[2] - session[0], 0, 60_000);
        Assert.InRange(session[4] - session[3], 0, 60_000);
        Assert.Contains("stored snapshots", await page.EvaluateAsync<string>("() => window.dealerflow.charts['chart-stored'].getOption().title[0].text"));
        Assert.Contains("2024-01-07 to 2024-01-07", await page.EvaluateAsync<string>("() => window.dealerflow.charts['chart-stored'].getOption().title[0].subtext"));
        Assert.Contains("wall-clock time", await page.EvaluateAsync<string>("() => window.dealerflow.charts['chart-session'].getOption().title[0].subtext"));
        // The heatmap's colour scale names its ends with numbers and the unit.
        var scale = await page.EvaluateAsync<string[]>("() => window.dealerflow.charts['chart-heatmap'].getOption().visualMap[0].text");
        Assert.Matches(@"^\+[\d.,]+ (k|mn|bn|tn)? ?\$/1%$", scale[0]);
        Assert.Matches(@"^−[\d.,]+ (k|mn|bn|tn)? ?\$/1%$", scale[1]);
        // The Simulator link is readable on the dark header: WCAG contrast of at least 4.5.
        var contrast = await page.EvaluateAsync<double>(ContrastScript, "[data-testid=simulator-link]");
        Assert.True(contrast >= 4.5, $"Simulator link contrast {contrast:0.00}");
        // For the pictures in docs/: let the session history grow first (DEALERFLOW_SCREENSHOT_SECONDS=60).
        if (int.TryParse(Environment.GetEnvironmentVariable("DEALERFLOW_SCREENSHOT_SECONDS"), out var extra) && extra > 0)
            await page.WaitForTimeoutAsync(extra * 1000);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("dashboard-dark.png"), FullPage = true });

        // Switch the symbol.
        await page.SelectOptionAsync("#symbol", "SPY");
        await page.WaitForFunctionAsync("() => window.dealerflow.snapshot && window.dealerflow.snapshot.symbol.symbol === 'SPY'");
        Assert.Equal("SPY", await page.InputValueAsync("#symbol"));

        // Switch the unit: the labels follow.
        await page.SelectOptionAsync("#unit", "shares");
        await page.WaitForFunctionAsync("() => window.dealerflow.snapshot.view.unit === 'shares-per-usd' && window.dealerflow.snapshot.symbol.symbol === 'SPY'");
        Assert.Contains("shares per $1", await page.Locator("#view-label").InnerTextAsync());
        Assert.Contains("shares per $1", await page.Locator("#levels-tag").InnerTextAsync());

        // A filter that leaves nothing to price (no contract expires on the snapshot's date, as 0DTE after the close):
        // each view chart says so, spot stays, the history charts (every expiry) stay, and there is no error banner.
        await page.SelectOptionAsync("#expiry", "0dte");
        var empty = page.Locator("[data-testid=empty-chart-strike]");
        await empty.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        foreach (var id in new[] { "chart-strike", "chart-profile", "chart-expiry", "chart-delta" })
        {
            var note = await page.Locator($"[data-testid=empty-{id}]").InnerTextAsync();
            Assert.Contains("No contracts in this filter", note);
            Assert.Contains("No contract is left to price for 0DTE only", note);
        }
        Assert.True(await page.Locator("#error-banner").IsHiddenAsync());
        Assert.Matches(@"^[\d,]+\.\d\d$", await page.Locator("#spot").InnerTextAsync());
        Assert.Contains("No contracts in this filter (0DTE only)", await page.Locator("#levels tbody").InnerTextAsync());
        Assert.True(await page.Locator("[data-testid=empty-chart-session]").CountAsync() == 0 || await page.Locator("[data-testid=empty-chart-session]").IsHiddenAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("dashboard-empty-filter.png"), FullPage = true });
        await page.SelectOptionAsync("#expiry", "all");
        await empty.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Hidden });
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#levels tbody tr').length >= 8");

        // Light theme.
        await page.ClickAsync("#theme");
        await page.SelectOptionAsync("#unit", "1pct");
        await page.SelectOptionAsync("#symbol", "SPX");
        await page.WaitForFunctionAsync("() => window.dealerflow.snapshot.symbol.symbol === 'SPX' && window.dealerflow.snapshot.view.unit === 'usd-per-1pct'");
        Assert.Equal("light", await page.EvaluateAsync<string>("() => document.documentElement.dataset.theme"));
        await page.WaitForTimeoutAsync(500);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("dashboard-light.png"), FullPage = true });

        Assert.Empty(chrome.Errors);
        await app.StopAsync();
    }

    [ChromiumFact]
    public async Task Dashboard_CorruptFileInTheWatchedFolder_ShowsTheErrorAndKeepsTheLastGoodLevels()
    {
        using var dir = new TempDir();
        File.Copy(System.IO.Path.Combine(RepoPaths.SpySeries, "spy_quotedata_2025-05-06_1814.csv"), dir.File("spy_quotedata_2025-05-06_1814.csv"));
        await using var app = Watching(dir.Path);
        await app.StartAsync();

        await using var chrome = await Chrome.OpenAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var page = chrome.Page;
        await page.GotoAsync(app.Urls.First() + "/");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#levels tbody tr').length >= 8");
        Assert.True(await page.Locator("#error-banner").IsHiddenAsync());
        var flip = await page.Locator("#levels tbody tr").First.InnerTextAsync();

        await File.WriteAllTextAsync(dir.File("spy_quotedata_2025-05-07_0900.csv"), "not a chain\n");
        var banner = page.Locator("#error-banner");
        await banner.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        Assert.Contains("spy_quotedata_2025-05-07_0900.csv", await banner.InnerTextAsync());
        Assert.Contains("last good data", await banner.InnerTextAsync());
        Assert.Equal("SPY ⚠", (await page.Locator("#symbol option").First.InnerTextAsync()).Trim());
        Assert.Equal(flip, await page.Locator("#levels tbody tr").First.InnerTextAsync());
        Assert.True(await page.Locator("#chart-strike canvas").CountAsync() >= 1);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("dashboard-error.png") });
        Assert.Empty(chrome.Errors);
        await app.StopAsync();
    }

    [ChromiumFact]
    public async Task Dashboard_SymbolSwitchedWhileTheOldSymbolsSnapshotLoads_ShowsTheNewSymbolsUpdate()
    {
        // Two symbols in a watched folder; a new chain file is a chain update (a levels event, then the page fetches the snapshot).
        using var dir = new TempDir();
        File.Copy(RepoPaths.Data("spx_quotedata_2022-07-12_intraday.csv"), dir.File("spx_quotedata_2022-07-12_intraday.csv"));
        File.Copy(System.IO.Path.Combine(RepoPaths.Data("series_spy"), "spy_quotedata_2025-05-01_0828.csv"), dir.File("spy_quotedata_2025-05-01_0828.csv"));
        await using var app = Watching(dir.Path);
        await app.StartAsync();
        var origin = app.Urls.First();
        using var client = new HttpClient { BaseAddress = new Uri(origin) };
        await Wait.Symbol(client, "SPY", s => s.GetProperty("chainVersion").GetInt64() >= 1, "the first SPY chain");

        await using var chrome = await Chrome.OpenAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        var page = chrome.Page;
        await page.GotoAsync(origin + "/?symbol=SPX");
        await page.WaitForFunctionAsync("() => window.dealerflow.snapshot?.symbol.symbol === 'SPX' && document.querySelectorAll('#levels tbody tr').length >= 8");

        // An SPX update: the page's fetch of the SPX snapshot is held in flight.
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync("**/api/SPX/snapshot?*", async route =>
        {
            if (held.TrySetResult()) await release.Task;
            await route.ContinueAsync();
        });
        File.Copy(RepoPaths.SpxSample, dir.File("spx_quotedata_2024-01-05.csv"));
        await held.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // Meanwhile the user switches to SPY: its connection's first event is SPY's snapshot.
        await page.SelectOptionAsync("#symbol", "SPY");
        await page.WaitForFunctionAsync("() => window.dealerflow.snapshot.symbol.symbol === 'SPY' && document.querySelectorAll('#levels tbody tr').length >= 8");
        var first = await Wait.Symbol(client, "SPY", _ => true, "SPY");
        Assert.Equal(first.GetProperty("chainVersion").GetInt64(), await page.EvaluateAsync<long>("() => window.dealerflow.snapshot.symbol.chainVersion"));
        var levelsBefore = await page.Locator("#levels tbody").InnerTextAsync();

        // A new SPY chain: its levels event reaches the page (the header's spot moves to the new chain's spot) while the SPX fetch still hangs.
        File.Copy(System.IO.Path.Combine(RepoPaths.Data("series_spy"), "spy_quotedata_2025-05-02_1847.csv"), dir.File("spy_quotedata_2025-05-02_1847.csv"));
        var updated = await Wait.Symbol(client, "SPY", s => s.GetProperty("chainVersion").GetInt64() > first.GetProperty("chainVersion").GetInt64(), "the second SPY chain");
        var version = updated.GetProperty("chainVersion").GetInt64();
        Assert.Equal(565.615, updated.GetProperty("spot").GetDouble(), 1e-9);
        await page.WaitForFunctionAsync("() => window.dealerflow.tick?.spot === 565.615");
        Assert.Equal("565.62", await page.Locator("#spot").InnerTextAsync());

        // The SPX answer arrives late: it is not drawn, and SPY's snapshot of the new chain is (before, the update was lost:
        // the page said live and kept the first SPY chain's levels until the next event).
        release.SetResult();
        await page.WaitForFunctionAsync($"() => window.dealerflow.snapshot.symbol.chainVersion === {version}", null, new PageWaitForFunctionOptions { Timeout = 10_000 });
        Assert.Equal("SPY", await page.EvaluateAsync<string>("() => window.dealerflow.snapshot.symbol.symbol"));
        Assert.Equal(updated.GetProperty("asOf").GetString(), await page.EvaluateAsync<string>("() => window.dealerflow.snapshot.symbol.asOf"));
        Assert.Contains("2025-05-02", await page.Locator("#asof").InnerTextAsync());
        Assert.NotEqual(levelsBefore, await page.Locator("#levels tbody").InnerTextAsync());
        Assert.Equal("live", await page.Locator("#conn").InnerTextAsync());
        Assert.Empty(chrome.Errors);
        await app.StopAsync();
    }

    [ChromiumFact]
    public async Task HedgingPanelAndSimulator_InChromium_ShowFlowsToEachLevelAndDrawSimulatedPaths()
    {
        // The replayed SPX sample: fixed numbers, no spot walk.
        using var dir = new TempDir();
        File.Copy(RepoPaths.SpxSample, dir.File("spx_quotedata_2024-01-05.csv"));
        await using var app = DashboardApp.Create([], new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["DealerFlow:Live:Source"] = "Replay",
            ["DealerFlow:Live:ReplayDirectory"] = dir.Path,
            ["DealerFlow:Live:ReplaySpeed"] = "1e12",
            ["DealerFlow:Live:SpotWalk"] = "false",
            ["DealerFlow:Live:Store"] = "false",
        });
        await app.StartAsync();

        await using var chrome = await Chrome.OpenAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 }, ColorScheme = ColorScheme.Dark });
        var page = chrome.Page;

        // The first flows request fails as a busy server answers (503 problem details); the panel says so and asks
        // again by itself (before, it kept "Flows unavailable" until the chain changed: with one replayed chain, forever).
        var flowsRequests = 0;
        await page.RouteAsync("**/api/SPX/flows?*", async route =>
        {
            if (Interlocked.Increment(ref flowsRequests) == 1)
                await route.FulfillAsync(new RouteFulfillOptions { Status = 503, ContentType = "application/problem+json", Body = """{"title":"Service Unavailable","status":503,"detail":"The server is busy."}""" });
            else
                await route.ContinueAsync();
        });

        // The hedging panel: one row per level, labelled with units and model, and the D(S) chart.
        await page.GotoAsync(app.Urls.First() + "/");
        await page.WaitForFunctionAsync("() => document.querySelector('#flows tbody').innerText.includes('Flows unavailable: The server is busy. (trying again in 2 s)')");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#flows tbody tr').length === 7 && window.dealerflow.flows");
        Assert.Equal(2, Volatile.Read(ref flowsRequests));
        var call = await page.Locator("#flows tbody tr").Nth(1).InnerTextAsync();
        Assert.Contains("call wall", call);
        Assert.Contains("4,900.00", call);
        Assert.Contains("−26.09 mn", call); // --iv auto since issue 9 (−27.58 mn with --iv vendor)
        Assert.Contains("sell into the rally", call);
        Assert.Contains("model classic", await page.Locator("#flows-tag").InnerTextAsync());
        Assert.True(await page.Locator("#chart-delta canvas").CountAsync() >= 1);
        await page.Locator("#hedging").ScrollIntoViewIfNeededAsync();
        await page.WaitForTimeoutAsync(300);
        await page.Locator("#hedging").ScreenshotAsync(new LocatorScreenshotOptions { Path = Shot("dashboard-hedging.png") });
        // A theme switch redraws from the fetched flows: no new request.
        await page.ClickAsync("#theme");
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.dealerflow.flowsLoads"));

        // The simulator page: a small run draws its sample paths and statistics.
        await page.ClickAsync("[data-testid=simulator-link]");
        await page.WaitForURLAsync("**/simulate.html");
        await page.WaitForFunctionAsync("() => window.dealerflowSim && window.dealerflowSim.symbols >= 1");
        await page.FillAsync("#paths", "50");
        await page.FillAsync("#steps", "100");
        await page.FillAsync("#seed", "7");
        await page.ClickAsync("#run");
        await page.WaitForFunctionAsync("() => window.dealerflowSim.runs === 1 || !document.getElementById('error-banner').classList.contains('hidden')", null, new PageWaitForFunctionOptions { Timeout = 60_000 });
        Assert.True(await page.Locator("#error-banner").IsHiddenAsync(), await page.Locator("#error-banner").InnerTextAsync());
        Assert.True(await page.Locator("#chart-paths canvas").CountAsync() >= 1);
        Assert.Equal(12, await page.EvaluateAsync<int>("() => window.dealerflowSim.chart.getOption().series.length"));
        var stats = await page.Locator("#stats").InnerTextAsync();
        Assert.Contains("Realized vol, start above flip", stats);
        Assert.Contains("DEALER EFFECT", stats, StringComparison.OrdinalIgnoreCase);
        // Every share carries its interval and every dealer effect its paired interval (issue 9 item 7).
        Assert.Equal(4, System.Text.RegularExpressions.Regex.Count(stats, @"pts\s*\[[+−]?\d+\.\d\d, [+−]?\d+\.\d\d\]"));
        Assert.True(System.Text.RegularExpressions.Regex.Count(stats, @"%\s*\(\d+\.\d–\d+\.\d\)") >= 8, stats);
        Assert.Equal(5, await page.Locator("#programs-table tbody tr").CountAsync());
        Assert.Contains("seed 7", await page.Locator("#params").InnerTextAsync());
        Assert.Contains("done in", await page.Locator("#status").InnerTextAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("dashboard-simulator.png"), FullPage = true });

        // A bad value: the field is named in the banner.
        await page.FillAsync("#paths", "5000");
        await page.ClickAsync("#run");
        await page.Locator("#error-banner").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        Assert.Contains("paths", await page.Locator("#error-banner").InnerTextAsync());

        // The browser logs the two refused requests: the failed flows (503) and the bad value (400).
        Assert.DoesNotContain(chrome.Errors, e => !e.Contains("400", StringComparison.Ordinal) && !e.Contains("503", StringComparison.Ordinal));
        await app.StopAsync();
    }

    /// <summary>WCAG 2 contrast ratio of an element's text colour against the first opaque background behind it.</summary>
    private const string ContrastScript = """
        (sel) => {
          const rgb = (c) => c.match(/[\d.]+/g).map(Number);
          const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
          const el = document.querySelector(sel);
          let bg = el, c;
          while (bg) { c = rgb(getComputedStyle(bg).backgroundColor); if (c.length < 4 || c[3] > 0) break; bg = bg.parentElement; }
          const a = lum(rgb(getComputedStyle(el).color)), b = lum(c);
          return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        }
        """;

    /// <summary>Screenshots go to the test output folder, or to docs/ when DEALERFLOW_SCREENSHOTS=docs.</summary>
    [ChromiumFact]
    public async Task ApiReference_InChromiumOffline_ListsTheEndpoints()
    {
        await using var app = DashboardApp.Create([], new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["DealerFlow:Live:Source"] = "Demo",
            ["DealerFlow:Live:Store"] = "false",
        });
        await app.StartAsync();
        var origin = app.Urls.First();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumFactAttribute.Path, Headless = true, Args = ChromiumArgs });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        // Offline: any request that leaves the local server is refused (and recorded).
        var external = new List<string>();
        await page.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith(origin, StringComparison.Ordinal))
            {
                await route.ContinueAsync();
            }
            else
            {
                lock (external) external.Add(route.Request.Url);
                await route.AbortAsync();
            }
        });
        var errors = new List<string>();
        page.PageError += (_, e) => { lock (errors) errors.Add(e); };
        page.SetDefaultTimeout(30_000);

        // The dashboard's footer links to the reference.
        await page.GotoAsync(origin + "/");
        await page.Locator("footer a", new PageLocatorOptions { HasText = "API reference" }).ClickAsync();
        await page.WaitForURLAsync("**/api/docs/");
        // The sidebar lists the tag groups; the first group is open with its operations and their summaries.
        await page.GetByText("The symbols served, with their source").First.WaitForAsync();
        var text = await page.Locator("body").InnerTextAsync();
        foreach (var part in new[] { "DealerFlow API", "Symbols", "Levels", "Hedging", "/api/symbols", "/api/store", "The snapshot store: where chains are written", "OpenAPI 3.1" })
            Assert.Contains(part, text);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Shot("api-reference.png") });
        lock (errors) Assert.Empty(errors);
        lock (external) Assert.Empty(external);
        await app.StopAsync();
    }

    /// <summary>The dashboard watching <paramref name="directory"/> (rescanned every 0.2 s, no store) on a free loopback port.</summary>
    private static WebApplication Watching(string directory) => DashboardApp.Create([], new Dictionary<string, string?>
    {
        ["urls"] = "http://127.0.0.1:0",
        ["Logging:LogLevel:Default"] = "Warning",
        ["DealerFlow:Live:Source"] = "Watch",
        ["DealerFlow:Live:WatchDirectory"] = directory,
        ["DealerFlow:Live:RescanInterval"] = "00:00:00.2",
        ["DealerFlow:Live:Store"] = "false",
    });

    internal static string Shot(string name) =>
        Environment.GetEnvironmentVariable("DEALERFLOW_SCREENSHOTS") == "docs"
            ? System.IO.Path.Combine(RepoPaths.Root, "docs", name)
            : System.IO.Path.Combine(AppContext.BaseDirectory, "screenshots", name);
}
