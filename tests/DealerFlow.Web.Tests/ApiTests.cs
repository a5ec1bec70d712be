using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace DealerFlow.Web.Tests;

/// <summary>A replay of the real SPX sample and one real SPY snapshot, without a spot walk: the numbers stay put.</summary>
public sealed class ReplayFixture : IAsyncLifetime
{
    private readonly TempDir _dir = new();

    public DashboardFactory Factory { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        File.Copy(RepoPaths.SpxSample, _dir.File("spx_quotedata_2024-01-05.csv"));
        File.Copy(Path.Combine(RepoPaths.SpySeries, "spy_quotedata_2025-09-03_0924.csv"), _dir.File("spy_quotedata_2025-09-03_0924.csv"));
        Factory = new DashboardFactory(DashboardFactory.Live(("Source", "Replay"), ("ReplayDirectory", _dir.Path), ("ReplaySpeed", "1e12"), ("SpotWalk", "false")));
        Client = Factory.CreateClient();
        await Wait.Symbol(Client, "SPY", s => s.GetProperty("status").GetString() == "ok", "the SPY snapshot");
        await Wait.Symbol(Client, "SPX", s => s.GetProperty("status").GetString() == "ok", "the SPX snapshot");
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        _dir.Dispose();
    }
}

[Collection(WebHosts.Name)]
public sealed class ApiTests(ReplayFixture fixture) : IClassFixture<ReplayFixture>
{
    private readonly HttpClient _client = fixture.Client;

    [Fact]
    public async Task Symbols_Replay_ListsBothUnderlyingsWithSpotAndAsOf()
    {
        var list = await _client.GetFromJsonAsync<JsonElement>("/api/symbols");
        var symbols = list.EnumerateArray().Select(s => s.GetProperty("symbol").GetString()!).ToArray();
        Assert.Equal(["SPX", "SPY"], symbols);
        var spx = list[0];
        Assert.Equal(4697.24, spx.GetProperty("spot").GetDouble(), 2);
        Assert.Equal("2024-01-07T10:52:00-05:00", spx.GetProperty("asOf").GetString());
        Assert.Equal("ok", spx.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Levels_DefaultView_MatchesTheCliOnTheSampleChain()
    {
        var body = await _client.GetFromJsonAsync<JsonElement>("/api/SPX/levels");
        var levels = body.GetProperty("levels");
        // The same figures `dealerflow levels` prints for the bundled sample (README): flip 4,717.83 (--iv auto since issue 9; 4,717.46 with --iv vendor), walls 4,900 / 4,500.
        Assert.Equal(4717.83, levels.GetProperty("zeroGamma").GetDouble(), 0.01);
        Assert.Equal(4900, levels.GetProperty("callWall").GetDouble());
        Assert.Equal(4500, levels.GetProperty("putWall").GetDouble());
        Assert.Equal(4800, levels.GetProperty("absoluteGammaStrike").GetDouble());
        Assert.Equal("usd-per-1pct", levels.GetProperty("totalGex").GetProperty("unit").GetString());
        Assert.Equal(-11.15e9, levels.GetProperty("totalGex").GetProperty("value").GetDouble(), 0.01e9);
        Assert.Equal("short gamma", body.GetProperty("tick").GetProperty("regime").GetString());
        Assert.Equal(-20.59, body.GetProperty("tick").GetProperty("distanceToFlip").GetDouble(), 0.01);
        var view = body.GetProperty("view");
        Assert.Equal("$ per 1% move", view.GetProperty("unitLabel").GetString());
        Assert.Equal("classic", view.GetProperty("model").GetString());
        Assert.Equal("all expiries", view.GetProperty("expiryDescription").GetString());
    }

    [Fact]
    public async Task Levels_SharesUnit_IsTheDollarFigureDividedBySpotSquaredPercent()
    {
        var pct = await _client.GetFromJsonAsync<JsonElement>("/api/SPX/levels?unit=1pct");
        var shares = await _client.GetFromJsonAsync<JsonElement>("/api/SPX/levels?unit=shares");
        var spot = pct.GetProperty("levels").GetProperty("spot").GetDouble();
        var a = pct.GetProperty("levels").GetProperty("totalGex").GetProperty("value").GetDouble();
        var b = shares.GetProperty("levels").GetProperty("totalGex");
        Assert.Equal("shares-per-usd", b.GetProperty("unit").GetString());
        Assert.Equal(a / (spot * spot * 0.01), b.GetProperty("value").GetDouble(), 1e-6 * Math.Abs(a / (spot * spot * 0.01)));
        Assert.Equal("shares per $1 move", shares.GetProperty("view").GetProperty("unitLabel").GetString());
    }

    [Fact]
    public async Task Levels_ShortAllModel_MakesEveryStrikeNegative()
    {
        var body = await _client.GetFromJsonAsync<JsonElement>("/api/SPX/exposure?model=short-all");
        Assert.Equal("short-all", body.GetProperty("view").GetProperty("model").GetString());
        Assert.All(body.GetProperty("byStrike").EnumerateArray(), s => Assert.True(s.GetProperty("net").GetDouble() <= 0));
    }

    [Theory]
    [InlineData("unit=furlongs", "unit")]
    [InlineData("model=overlay-only", "model")]
    [InlineData("expiry=soon", "expiry")]
    public async Task Levels_BadQuery_Returns400ProblemDetailsNamingTheParameter(string query, string parameter)
    {
        using var response = await _client.GetAsync($"/api/SPX/levels?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _));
    }

    [Fact]
    public async Task Levels_UnknownSymbol_Returns404ProblemDetails()
    {
        using var response = await _client.GetAsync("/api/QQQ/levels");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/api/symbols", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Levels_ZeroDteOnASunday_Returns422WithTheReason()
    {
        // The sample's instant is Sunday 2024-01-07: no contract expires that day.
        using var response = await _client.GetAsync("/api/SPX/levels?expiry=0dte");
        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.Contains("0DTE only", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Exposure_SevenDays_KeepsOnlyNearExpiriesAndStrikesNearSpot()
    {
        var body = await _client.GetFromJsonAsync<JsonElement>("/api/SPX/exposure?expiry=7&range=0.05");
        Assert.Equal("DTE <= 7", body.GetProperty("view").GetProperty("expiryDescription").GetString());
        Assert.All(body.GetProperty("byExpiry").EnumerateArray(), e => Assert.InRange(e.GetProperty("daysToExpiry").GetInt32(), 0, 7));
        var spot = body.GetProperty("spot").GetDouble();
        Assert.All(body.GetProperty("byStrike").EnumerateArray(), s => Assert.InRange(s.GetProperty("strike").GetDouble(), spot * 0.95, spot * 1.05));
        Assert.NotEmpty(body.GetProperty("byStrike").EnumerateArray());
    }

    [Fact]
    public async Task Profile_Spx_CrossesZeroAtTheFlipAndHasTheExNextCurve()
    {
        var body = await _client.GetFromJsonAsync<JsonElement>("/api/SPX/profile?unit=point");
        var points = body.GetProperty("points").EnumerateArray().ToArray();
        Assert.Equal(401, points.Length);
        var flip = body.GetProperty("zeroGamma").GetDouble();
        var below = points.Last(p => p.GetProperty("spot").GetDouble() < flip).GetProperty("gex").GetDouble();
        var above = points.First(p => p.GetProperty("spot").GetDouble() > flip).GetProperty("gex").GetDouble();
        Assert.True(below < 0 && above > 0, $"profile should cross zero upward at the flip: {below} then {above}");
        Assert.Contains(points, p => p.GetProperty("gexExNextExpiry").GetDouble() != p.GetProperty("gex").GetDouble());
        Assert.Equal("2024-01-08", body.GetProperty("nextExpiry").GetString());
    }

    [Fact]
    public async Task History_AfterTheChain_HasAPointAndAHeatmapColumn()
    {
        var body = await _client.GetFromJsonAsync<JsonElement>("/api/SPX/history?unit=1pct");
        var points = body.GetProperty("points");
        Assert.True(points.GetArrayLength() >= 1);
        Assert.Equal(4717.83, points[0].GetProperty("zeroGamma").GetDouble(), 0.01);
        var heat = body.GetProperty("heatmap");
        Assert.Equal(points.GetArrayLength(), heat.GetProperty("times").GetArrayLength());
        Assert.Equal(heat.GetProperty("strikes").GetArrayLength(), heat.GetProperty("cells")[0].GetArrayLength());
    }

    [Fact]
    public async Task Page_IsServedWithEchartsFromTheBuildNotACdn()
    {
        // The pages load ECharts through one module (charts.js), from the server's own lib/.
        var html = await _client.GetStringAsync("/");
        Assert.DoesNotContain("src=\"http", html);
        var charts = await _client.GetStringAsync("/charts.js");
        Assert.Contains("s.src = 'lib/echarts.min.js';", charts);
        Assert.DoesNotContain("http", charts);
        using var lib = await _client.GetAsync("/lib/echarts.min.js");
        Assert.Equal(HttpStatusCode.OK, lib.StatusCode);
        Assert.True(lib.Content.Headers.ContentLength > 500_000);
    }
}
