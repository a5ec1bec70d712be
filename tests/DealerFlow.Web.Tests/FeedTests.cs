using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DealerFlow.Web.Live.Feeds;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Playwright;
using Microsoft.Extensions.Logging;

namespace DealerFlow.Web.Tests;

/// <summary>Every log line the app writes, kept to check what reaches the log.</summary>
public sealed class CapturedLog : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLog log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log.Lines.Enqueue(formatter(state, exception) + (exception is null ? "" : " " + exception));
    }
}

/// <summary>The dashboard with its log captured.</summary>
public sealed class LoggedDashboardFactory(IReadOnlyDictionary<string, string?> settings, CapturedLog log) : DashboardFactory(settings)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(l => l.AddProvider(log));
    }
}

/// <summary>
/// serve's Schwab and Massive sources against local stubs of the two services (real Kestrel, real sockets, the
/// recorded chains): the happy path into the book, a token refresh, a rate limit, a 5xx, a stall, a malformed body,
/// a refused key, a foreign next_url and the delayed flag, and no secret in the API, the page or the log.
/// The recorded SPY chain's levels are those `dealerflow levels tests/data/spy_chain_2020-01-29_tdameritrade.json`
/// prints: total GEX -2.31 bn $ per 1% move (classic positioning), flip 329.22, call wall 333, put wall 325.
/// </summary>
[Collection(WebHosts.Name)]
public sealed class FeedTests
{
    private static Dictionary<string, string?> Poll(string source) => DashboardFactory.Live(("Source", source), ("PollInterval", "00:00:00.3"),
        ("PollDeadline", "00:00:02"), ("PollMaxBackoff", "00:00:01"), ("SpotWalk", "false"));

    private static Dictionary<string, string?> Schwab(SchwabStub stub, string tokens)
    {
        var s = Poll("Schwab");
        s["DealerFlow:Live:Feeds:SchwabUrl"] = stub.BaseUrl;
        s["DealerFlow:Live:Feeds:SchwabSymbols:0"] = "SPY";
        s["DealerFlow:Live:Feeds:SchwabTokens"] = tokens;
        return s;
    }

    /// <summary>Schwab with its option quotes streamed (at most 40), polled every <paramref name="poll"/>.</summary>
    private static Dictionary<string, string?> SchwabOptionStream(SchwabStub stub, TempDir dir, string poll)
    {
        var s = Schwab(stub, Login(dir, stub, TimeSpan.FromMinutes(29)));
        s["DealerFlow:Live:PollInterval"] = poll;
        s["DealerFlow:Live:Feeds:SchwabMaxQuotes"] = "40";
        return s;
    }

    private static Dictionary<string, string?> Massive(MassiveStub stub, string key = MassiveStub.Key, params string[] symbols)
    {
        var s = Poll("Massive");
        s["DealerFlow:Live:Feeds:MassiveUrl"] = stub.BaseUrl;
        s["DealerFlow:Live:Feeds:MassiveKey"] = key;
        var list = symbols.Length == 0 ? ["SPY"] : symbols;
        for (var i = 0; i < list.Length; i++) s[$"DealerFlow:Live:Feeds:MassiveSymbols:{i}"] = list[i];
        return s;
    }

    /// <summary>A login file as `dealerflow auth schwab` writes it, holding the stub's current access token.</summary>
    private static string Login(TempDir dir, SchwabStub stub, TimeSpan accessLeft, TimeSpan? refreshLeft = null)
    {
        var path = dir.File("schwab-tokens.json");
        var now = DateTimeOffset.UtcNow;
        SchwabTokenFile.Save(path, new SchwabTokens(SchwabStub.AppKey, SchwabStub.AppSecret, stub.IssueAccess(), now + accessLeft,
            SchwabStub.RefreshToken, now + (refreshLeft ?? TimeSpan.FromDays(6))));
        return path;
    }

    private static string Status(JsonElement s) => s.GetProperty("status").GetString()!;

    private static long Version(JsonElement s) => s.GetProperty("chainVersion").GetInt64();

    private static async Task AssertRecordedSpyLevels(HttpClient client)
    {
        var body = await client.GetFromJsonAsync<JsonElement>("/api/SPY/levels");
        var levels = body.GetProperty("levels");
        Assert.Equal(329.22, levels.GetProperty("zeroGamma").GetDouble(), 0.01);
        Assert.Equal(333, levels.GetProperty("callWall").GetDouble());
        Assert.Equal(325, levels.GetProperty("putWall").GetDouble());
        Assert.Equal("usd-per-1pct", levels.GetProperty("totalGex").GetProperty("unit").GetString());
        Assert.Equal(-2.31e9, levels.GetProperty("totalGex").GetProperty("value").GetDouble(), 0.005e9);
    }

    [Fact]
    public async Task Schwab_RecordedChain_ReachesTheBookWithLevelsAndTheFeedsOwnInstant()
    {
        await using var stub = await SchwabStub.StartAsync();
        using var dir = new TempDir();
        await using var factory = new DashboardFactory(Schwab(stub, Login(dir, stub, TimeSpan.FromMinutes(29))));
        using var client = factory.CreateClient();
        var spy = await Wait.Symbol(client, "SPY", s => Status(s) == "ok", "SPY from the Schwab stub");
        Assert.Equal(326.22, spy.GetProperty("spot").GetDouble(), 2);
        Assert.Equal(462, spy.GetProperty("contracts").GetInt32());
        // The quotes' own time (quoteTimeInLong), not the time of the poll.
        Assert.Equal("2020-01-29T16:15:00-05:00", spy.GetProperty("asOf").GetString()![..19] + spy.GetProperty("asOf").GetString()![^6..]);
        Assert.Equal("real time", spy.GetProperty("timeliness").GetString());
        Assert.Equal("schwab SPY · real time", spy.GetProperty("origin").GetString());
        await AssertRecordedSpyLevels(client);
        Assert.Equal(0, stub.Refreshes);
        Assert.Equal(0, stub.Unauthorized);
    }

    [Fact]
    public async Task Schwab_StreamedTrades_MoveSpotAtTheFeedsTimeSkipAMalformedMessageAndSurviveADroppedSocket()
    {
        await using var stub = await SchwabStub.StartAsync();
        using var dir = new TempDir();
        var settings = Schwab(stub, Login(dir, stub, TimeSpan.FromMinutes(29)));
        settings["DealerFlow:Live:PollInterval"] = "01:00:00"; // one chain, then only streamed spot
        await using var factory = new DashboardFactory(settings);
        using var client = factory.CreateClient();
        await Wait.Symbol(client, "SPY", s => Status(s) == "ok" && stub.StreamLogins >= 1 && stub.Subscribed == "SPY", "SPY's chain and the stream's subscription");

        // 2020-01-30 14:30:00 UTC = 09:30 EST.
        var at = new DateTimeOffset(2020, 1, 30, 14, 30, 0, TimeSpan.Zero);
        stub.Send(SchwabStub.Trade("SPY", 327.5, at.ToUnixTimeMilliseconds()));
        await Wait.Symbol(client, "SPY", s => s.GetProperty("spot").GetDouble() == 327.5, "the streamed trade as spot");
        var tick = (await client.GetFromJsonAsync<JsonElement>("/api/SPY/levels")).GetProperty("tick");
        Assert.Equal(327.5, tick.GetProperty("spot").GetDouble());
        Assert.Equal(at, tick.GetProperty("at").GetDateTimeOffset());
        Assert.Equal(TimeSpan.FromHours(-5), tick.GetProperty("at").GetDateTimeOffset().Offset);

        stub.Send("not json");
        await Wait.Until(() => client.GetStringAsync("/api/rejected"), t => t.Contains("Schwab stream: a message of 8 characters is not JSON; skipped", StringComparison.Ordinal), "the malformed message among the rejected inputs");

        stub.DropSocket();
        await Wait.Until(() => Task.FromResult(stub.StreamLogins), n => n >= 2, "the stream's reconnection");
        stub.Send(SchwabStub.Trade("SPY", 328.25, at.AddSeconds(5).ToUnixTimeMilliseconds()));
        var after = await Wait.Symbol(client, "SPY", s => s.GetProperty("spot").GetDouble() == 328.25, "a trade after the reconnection");
        Assert.Equal("ok", Status(after));
        Assert.Equal(1, Version(after));
    }

    [Fact]
    public async Task Schwab_StreamedOptionQuote_RepricesTheWholeChainAtTheQuotesTime()
    {
        await using var stub = await SchwabStub.StartAsync();
        using var dir = new TempDir();
        var settings = SchwabOptionStream(stub, dir, poll: "01:00:00");
        settings["DealerFlow:Live:Feeds:StreamReprice"] = "00:00:00.2";
        await using var factory = new DashboardFactory(settings);
        using var client = factory.CreateClient();
        await Wait.Symbol(client, "SPY", s => Status(s) == "ok" && stub.SubscribedOptions is not null, "SPY's chain and the LEVELONE_OPTIONS subscription");
        var keys = stub.SubscribedOptions!.Split(',');
        Assert.Equal(40, keys.Length);
        Assert.Equal("0,2,3,38", stub.OptionFields);
        Assert.All(keys, k => Assert.StartsWith("SPY   2001", k));
        var first = (await client.GetFromJsonAsync<JsonElement>("/api/SPY/exposure")).GetProperty("byStrike").EnumerateArray().ToArray();
        var key = keys.First(k => k.EndsWith("C00330000", StringComparison.Ordinal));
        var at = new DateTimeOffset(2020, 1, 30, 15, 31, 0, TimeSpan.Zero);
        stub.Send(SchwabStub.OptionQuote(key, 3.10, 3.30, at.ToUnixTimeMilliseconds()));
        var spy = await Wait.Symbol(client, "SPY", s => Version(s) == 2, "the re-priced chain");
        Assert.Equal("ok", Status(spy));
        Assert.Equal(462, spy.GetProperty("contracts").GetInt32());
        Assert.Equal(at, spy.GetProperty("asOf").GetDateTimeOffset());
        var second = (await client.GetFromJsonAsync<JsonElement>("/api/SPY/exposure")).GetProperty("byStrike").EnumerateArray().ToArray();
        static double Net(JsonElement[] rows, double k) => rows.Single(r => r.GetProperty("strike").GetDouble() == k).GetProperty("net").GetDouble();
        Assert.NotEqual(Net(first, 330), Net(second, 330));
    }

    [Fact]
    public async Task Schwab_OptionSubscriptions_FollowTheChoiceWhenAPolledChainMovesIt()
    {
        await using var stub = await SchwabStub.StartAsync();
        using var dir = new TempDir();
        await using var factory = new DashboardFactory(SchwabOptionStream(stub, dir, poll: "00:00:00.5"));
        using var client = factory.CreateClient();
        await Wait.Symbol(client, "SPY", s => Status(s) == "ok" && stub.SubscribedOptions is not null, "SPY's chain and the LEVELONE_OPTIONS subscription");
        var before = stub.SubscribedOptions!.Split(',');
        Assert.Equal(40, before.Length);

        // The next polls carry a contract near spot, outside the choice, whose open interest now leads the chain.
        var chain = JsonNode.Parse(SchwabStub.Chain(delayed: false))!;
        var spot = chain["underlyingPrice"]!.GetValue<double>();
        JsonNode? contract = null;
        string? key = null;
        foreach (var (side, letter) in new[] { ("callExpDateMap", 'C'), ("putExpDateMap", 'P') })
        {
            foreach (var (expiry, strikes) in chain[side]!.AsObject())
            {
                foreach (var (k, list) in strikes!.AsObject())
                {
                    var strike = double.Parse(k, CultureInfo.InvariantCulture);
                    // Schwab's option key: the root padded to 6, yyMMdd, C or P, the strike x 1000 in 8 digits.
                    var candidate = string.Create(CultureInfo.InvariantCulture, $"SPY   {expiry[2..4]}{expiry[5..7]}{expiry[8..10]}{letter}{(long)Math.Round(strike * 1000):D8}");
                    if (contract is null && Math.Abs(strike / spot - 1) < 0.05 && !before.Contains(candidate))
                        (contract, key) = (list![0], candidate);
                }
            }
        }
        Assert.NotNull(contract);
        contract!["openInterest"] = 10_000_000;
        stub.ChainOverride = Encoding.UTF8.GetBytes(chain.ToJsonString());

        // SUBS replaces the service's subscriptions: the whole new choice is sent on the same connection, with the next request id.
        await Wait.Until(() => Task.FromResult(stub.SubscribedOptions!), k => k.Split(',').Contains(key), "the new contract among the option subscriptions");
        var after = stub.SubscribedOptions!.Split(',');
        Assert.Equal(40, after.Length);
        Assert.Equal(39, after.Intersect(before).Count());
        Assert.Equal(1, stub.StreamLogins);
        Assert.Equal(2, stub.OptionSubscriptions);
        Assert.Equal("3", stub.OptionRequestId); // 1: LEVELONE_EQUITIES, 2: the first choice
    }

    [Fact]
    public async Task Schwab_AccessTokenExpiredOnTheServer_IsRefreshedAfterThe401AndTheChainKeepsComing()
    {
        await using var stub = await SchwabStub.StartAsync();
        using var dir = new TempDir();
        var file = Login(dir, stub, TimeSpan.FromMinutes(29));
        await using var factory = new DashboardFactory(Schwab(stub, file));
        using var client = factory.CreateClient();
        var first = await Wait.Symbol(client, "SPY", s => Status(s) == "ok", "SPY from the Schwab stub");

        stub.ExpireAccess();
        var after = await Wait.Symbol(client, "SPY", s => Version(s) > Version(first) && stub.Refreshes >= 1, "a chain after the token expired");
        Assert.Equal("ok", Status(after));
        Assert.True(stub.Unauthorized >= 1);
        // The refreshed login is written back, still readable by the user only.
        var stored = SchwabTokenFile.Load(file);
        Assert.Equal(stub.CurrentAccess, stored.AccessToken);
        Assert.True(stored.AccessExpiresAt > DateTimeOffset.UtcNow.AddMinutes(29));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    [Fact]
    public async Task Schwab_AccessTokenAboutToExpire_IsRefreshedBeforeTheRequest()
    {
        await using var stub = await SchwabStub.StartAsync();
        using var dir = new TempDir();
        // 1 minute left: inside the 5-minute margin, so the first poll refreshes before asking for the chain.
        await using var factory = new DashboardFactory(Schwab(stub, Login(dir, stub, TimeSpan.FromMinutes(1))));
        using var client = factory.CreateClient();
        await Wait.Symbol(client, "SPY", s => Status(s) == "ok", "SPY from the Schwab stub");
        Assert.Equal(1, stub.Refreshes);
        Assert.Equal(0, stub.Unauthorized);
    }

    [Fact]
    public async Task Schwab_LoginEndingWithinTwoDays_IsAnnouncedOnTheSymbolAndInTheLog()
    {
        await using var stub = await SchwabStub.StartAsync();
        using var dir = new TempDir();
        var log = new CapturedLog();
        await using var factory = new LoggedDashboardFactory(Schwab(stub, Login(dir, stub, TimeSpan.FromMinutes(29), TimeSpan.FromHours(30))), log);
        using var client = factory.CreateClient();
        var spy = await Wait.Symbol(client, "SPY", s => Status(s) == "ok", "SPY from the Schwab stub");
        var origin = spy.GetProperty("origin").GetString()!;
        Assert.StartsWith("schwab SPY · real time · the Schwab login ends in 1 d 5 h (", origin);
        Assert.EndsWith("UTC): run 'dealerflow auth schwab' before then", origin);
        Assert.Equal("real time", spy.GetProperty("timeliness").GetString());
        Assert.Contains(log.Lines, l => l.Contains("the Schwab login ends in 1 d 5 h", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Schwab_DelayedFlag_IsShownPerSymbol()
    {
        await using var stub = await SchwabStub.StartAsync();
        stub.Delayed = true;
        using var dir = new TempDir();
        await using var factory = new DashboardFactory(Schwab(stub, Login(dir, stub, TimeSpan.FromMinutes(29))));
        using var client = factory.CreateClient();
        var spy = await Wait.Symbol(client, "SPY", s => Status(s) == "ok", "SPY from the Schwab stub");
        Assert.Equal("delayed 15 min", spy.GetProperty("timeliness").GetString());
        stub.Delayed = false;
        await Wait.Symbol(client, "SPY", s => s.GetProperty("timeliness").GetString() == "real time", "SPY marked real time again");
    }

    [Theory]
    [InlineData(StubFault.RateLimit, "HTTP 429 TooManyRequests from ", "the server asked to wait 1 s (Retry-After)")]
    [InlineData(StubFault.ServerError, "HTTP 503 ServiceUnavailable from ", "/marketdata/v1/chains?symbol=SPY")]
    [InlineData(StubFault.Malformed, "schwab SPY", "JSON")]
    [InlineData(StubFault.Stall, "no complete answer (headers and body) within 2 s", "/marketdata/v1/chains?symbol=SPY")]
    public async Task Schwab_Fault_IsTheSymbolsErrorKeepsTheLastChainAndClearsByItself(StubFault fault, string expected, string also)
    {
        await using var stub = await SchwabStub.StartAsync();
        using var dir = new TempDir();
        await using var factory = new DashboardFactory(Schwab(stub, Login(dir, stub, TimeSpan.FromMinutes(29))));
        using var client = factory.CreateClient();
        var good = await Wait.Symbol(client, "SPY", s => Status(s) == "ok", "SPY from the Schwab stub");

        stub.Fault = fault;
        var bad = await Wait.Symbol(client, "SPY", s => Status(s) == "error", $"SPY's error under {fault}", timeoutMs: 20_000);
        var error = bad.GetProperty("error").GetString()!;
        Assert.Contains(expected, error);
        Assert.Contains(also, error);
        // The last good chain stays while the fault lasts (a poll may have landed between reading `good` and the fault,
        // so the version is compared across polls under the fault).
        var requests = stub.ChainRequests;
        await Wait.Until(() => Task.FromResult(stub.ChainRequests), n => n >= requests + 2, $"two more chain requests under {fault}", timeoutMs: 20_000);
        var still = await Wait.Symbol(client, "SPY", s => Status(s) == "error", $"SPY still in error under {fault}");
        Assert.Equal(Version(bad), Version(still));
        Assert.Equal(462, bad.GetProperty("contracts").GetInt32());
        Assert.Equal(326.22, bad.GetProperty("spot").GetDouble(), 2);
        await AssertRecordedSpyLevels(client);

        stub.Fault = StubFault.None;
        var back = await Wait.Symbol(client, "SPY", s => Status(s) == "ok", "SPY recovering by itself", timeoutMs: 20_000);
        Assert.True(Version(back) > Version(good));
    }

    [Fact]
    public async Task Schwab_NoLoginFile_IsAPlainErrorNamingTheCommand()
    {
        await using var stub = await SchwabStub.StartAsync();
        using var dir = new TempDir();
        await using var factory = new DashboardFactory(Schwab(stub, dir.File("missing.json")));
        using var client = factory.CreateClient();
        var spy = await Wait.Symbol(client, "SPY", s => Status(s) == "error", "SPY's missing login");
        Assert.Equal($"No Schwab login at '{dir.File("missing.json")}': run 'dealerflow auth schwab' first (or give the file with --schwab-tokens).", spy.GetProperty("error").GetString());
        Assert.Equal(0, stub.ChainRequests);
    }

    [Fact]
    public async Task Massive_PagedChain_IsJoinedIntoOneChainWithTheSameLevelsAsSchwab()
    {
        await using var stub = await MassiveStub.StartAsync();
        await using var factory = new DashboardFactory(Massive(stub));
        using var client = factory.CreateClient();
        var spy = await Wait.Symbol(client, "SPY", s => Status(s) == "ok", "SPY from the Massive stub");
        Assert.Equal(462, spy.GetProperty("contracts").GetInt32());
        Assert.True(stub.Requests >= 5, $"{stub.Requests} requests: 462 contracts at 100 a page are 5 pages");
        Assert.Equal(326.22, spy.GetProperty("spot").GetDouble(), 2);
        Assert.Equal("2020-01-29T16:15:00-05:00", spy.GetProperty("asOf").GetString()![..19] + spy.GetProperty("asOf").GetString()![^6..]);
        Assert.Equal("real time", spy.GetProperty("timeliness").GetString());
        await AssertRecordedSpyLevels(client);
    }

    /// <summary>One polled chain (the next poll is an hour away), then only what the stub's sockets stream; levels re-anchored every 0.2 s.</summary>
    private static Dictionary<string, string?> MassiveStreaming(MassiveStub stub, int maxQuotes = 1000, params string[] symbols)
    {
        var s = Massive(stub, MassiveStub.Key, symbols);
        s["DealerFlow:Live:PollInterval"] = "01:00:00";
        s["DealerFlow:Live:ReanchorInterval"] = "00:00:00.2";
        s["DealerFlow:Live:TickInterval"] = "00:00:00.1";
        s["DealerFlow:Live:Feeds:StreamReprice"] = "00:00:00.2";
        s["DealerFlow:Live:Feeds:MassiveMaxQuotes"] = maxQuotes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return s;
    }

    [Fact]
    public async Task Massive_StreamedTrade_MovesSpotAtTheSocketsMillisecondTimeAndTheLevelsAreRecomputedAtIt()
    {
        await using var stub = await MassiveStub.StartAsync();
        await using var factory = new DashboardFactory(MassiveStreaming(stub));
        using var client = factory.CreateClient();
        await Wait.Symbol(client, "SPY", s => Status(s) == "ok" && stub.Stocks.Logins >= 1 && stub.Stocks.Subscribed.Contains("T.SPY"), "SPY's chain and the stocks subscription");
        var before = (await client.GetFromJsonAsync<JsonElement>("/api/SPY/levels")).GetProperty("levels");
        Assert.Equal(326.22, before.GetProperty("spot").GetDouble(), 2);

        // 1580398200000 ms = 2020-01-30 15:30:00 UTC = 10:30 EST.
        var at = new DateTimeOffset(2020, 1, 30, 15, 30, 0, TimeSpan.Zero);
        stub.Stocks.Send(MassiveStub.Trade("SPY", 327.5, at.ToUnixTimeMilliseconds()));
        var body = await Wait.Until(() => client.GetFromJsonAsync<JsonElement>("/api/SPY/levels"), b => b.GetProperty("levels").GetProperty("spot").GetDouble() == 327.5, "levels recomputed at the streamed spot");
        var tick = body.GetProperty("tick");
        Assert.Equal(327.5, tick.GetProperty("spot").GetDouble());
        Assert.Equal(at, tick.GetProperty("at").GetDateTimeOffset());
        Assert.Equal(TimeSpan.FromHours(-5), tick.GetProperty("at").GetDateTimeOffset().Offset);
        Assert.Equal(327.5, body.GetProperty("current").GetProperty("spot").GetDouble());
        // The chain is the same: the flip (a root of the re-priced profile) stays where it was; GEX at the new spot differs.
        var levels = body.GetProperty("levels");
        Assert.Equal(before.GetProperty("zeroGamma").GetDouble(), levels.GetProperty("zeroGamma").GetDouble(), 0.05);
        Assert.NotEqual(before.GetProperty("totalGex").GetProperty("value").GetDouble(), levels.GetProperty("totalGex").GetProperty("value").GetDouble());
        Assert.Equal(326.22, body.GetProperty("atChainSpot").GetProperty("spot").GetDouble(), 2);
    }

    [Fact]
    public async Task Massive_PolledChainOlderThanTheStreamedTrade_KeepsTheStreamedSpot()
    {
        // Polled every 0.3 s: before, each polled chain (underlying price 326.22 as of 2020-01-29) put the spot back to the
        // chain's, so the streamed 327.50 held only until the next poll.
        await using var stub = await MassiveStub.StartAsync();
        await using var factory = new DashboardFactory(Massive(stub));
        using var client = factory.CreateClient();
        await Wait.Symbol(client, "SPY", s => Status(s) == "ok" && stub.Stocks.Subscribed.Contains("T.SPY"), "SPY's chain and the stocks subscription");

        stub.Stocks.Send(MassiveStub.Trade("SPY", 327.5, new DateTimeOffset(2020, 1, 30, 15, 30, 0, TimeSpan.Zero).ToUnixTimeMilliseconds()));
        var first = await Wait.Symbol(client, "SPY", s => s.GetProperty("spot").GetDouble() == 327.5, "the streamed trade as spot");
        var polls = stub.Requests;
        await Wait.Symbol(client, "SPY", s => Version(s) >= Version(first) + 3 && stub.Requests >= polls + 3, "three more polled chains");

        var after = await client.GetFromJsonAsync<JsonElement>("/api/symbols");
        var spy = after.EnumerateArray().Single(s => s.GetProperty("symbol").GetString() == "SPY");
        Assert.Equal(327.5, spy.GetProperty("spot").GetDouble());
        Assert.Equal(326.22, spy.GetProperty("chainSpot").GetDouble(), 2);
    }

    [Fact]
    public async Task Massive_StreamedOptionQuote_RepricesTheWholeChainAtTheQuotesTime()
    {
        await using var stub = await MassiveStub.StartAsync();
        await using var factory = new DashboardFactory(MassiveStreaming(stub));
        using var client = factory.CreateClient();
        await Wait.Symbol(client, "SPY", s => Status(s) == "ok" && stub.Options.Subscribed.Count > 0, "SPY's chain and the options subscriptions");
        var first = (await client.GetFromJsonAsync<JsonElement>("/api/SPY/exposure")).GetProperty("byStrike").EnumerateArray().ToArray();
        // A subscribed 330 call, quoted away from its recorded market: its IV is solved from the new mid.
        var ticker = stub.Options.Subscribed.First(t => t.Contains("C00330000", StringComparison.Ordinal));
        var at = new DateTimeOffset(2020, 1, 30, 15, 31, 0, TimeSpan.Zero);
        stub.Options.Send(MassiveStub.Quote(ticker[2..], 3.10, 3.30, at.ToUnixTimeMilliseconds()));
        var spy = await Wait.Symbol(client, "SPY", s => Version(s) == 2, "the re-priced chain");
        Assert.Equal("ok", Status(spy));
        Assert.Equal(462, spy.GetProperty("contracts").GetInt32());
        Assert.Equal(at, spy.GetProperty("asOf").GetDateTimeOffset());
        Assert.Equal("real time", spy.GetProperty("timeliness").GetString());
        var second = (await client.GetFromJsonAsync<JsonElement>("/api/SPY/exposure")).GetProperty("byStrike").EnumerateArray().ToArray();
        static double Net(JsonElement[] rows, double k) => rows.Single(r => r.GetProperty("strike").GetDouble() == k).GetProperty("net").GetDouble();
        Assert.NotEqual(Net(first, 330), Net(second, 330));
    }

    [Fact]
    public async Task Massive_Sockets_SkipAMalformedMessageSurviveADropAndKeepTheQuoteCap()
    {
        await using var stub = await MassiveStub.StartAsync();
        const int cap = 50;
        await using var factory = new DashboardFactory(MassiveStreaming(stub, cap));
        using var client = factory.CreateClient();
        await Wait.Symbol(client, "SPY", s => Status(s) == "ok" && stub.Options.Subscribed.Count == cap, "SPY's chain and the options subscriptions");

        // The cap: exactly 50 quote subscriptions, the largest open interest within 20% of spot (326.22).
        var contracts = MassiveStub.SpyContracts()
            .Select(c => (Ticker: c["details"]!["ticker"]!.GetValue<string>(), Strike: c["details"]!["strike_price"]!.GetValue<double>(), Oi: c["open_interest"]!.GetValue<double>()))
            .Where(c => Math.Abs(c.Strike - 326.22) <= 0.2 * 326.22 && c.Oi > 0).ToList();
        var subscribed = stub.Options.Subscribed.Select(t => t[2..]).ToHashSet();
        Assert.Equal(cap, subscribed.Count);
        Assert.All(subscribed, t => Assert.StartsWith("O:SPY", t));
        var minIn = contracts.Where(c => subscribed.Contains(c.Ticker)).Min(c => c.Oi);
        var maxOut = contracts.Where(c => !subscribed.Contains(c.Ticker)).Max(c => c.Oi);
        Assert.True(minIn >= maxOut, $"a subscribed contract has OI {minIn}, an unsubscribed one {maxOut}");

        // The rejected list keeps the newest entry per origin: one malformed message at a time.
        stub.Options.Send("not json");
        await Wait.Until(() => client.GetStringAsync("/api/rejected"), t => t.Contains("Massive stream: a message of 8 characters on the options socket is not JSON; skipped", StringComparison.Ordinal), "the malformed options message among the rejected inputs");
        stub.Stocks.Send("""{"ev":"T"}""");
        await Wait.Until(() => client.GetStringAsync("/api/rejected"), t => t.Contains("Massive stream: a message on the stocks socket is not a JSON array of events; skipped", StringComparison.Ordinal), "the malformed stocks message among the rejected inputs");
        Assert.DoesNotContain(MassiveStub.Key, await client.GetStringAsync("/api/rejected"));

        stub.Stocks.Drop();
        await Wait.Until(() => Task.FromResult(stub.Stocks.Logins), n => n >= 2, "the stocks socket's reconnection");
        await Wait.Until(() => Task.FromResult(stub.Stocks.Subscribed.Contains("T.SPY")), ok => ok, "the resubscription");
        stub.Stocks.Send(MassiveStub.Trade("SPY", 328.25, new DateTimeOffset(2020, 1, 30, 15, 32, 0, TimeSpan.Zero).ToUnixTimeMilliseconds()));
        var after = await Wait.Symbol(client, "SPY", s => s.GetProperty("spot").GetDouble() == 328.25, "a trade after the reconnection");
        Assert.Equal("ok", Status(after));
        Assert.Equal(1, Version(after));
    }

    [Fact]
    public async Task Massive_QuoteSubscriptions_FollowTheChoiceWhenASymbolsFirstChainArrivesAfterTheSocketOpened()
    {
        await using var stub = await MassiveStub.StartAsync();
        stub.Hold = "AAPL";
        const int cap = 40;
        var settings = MassiveStreaming(stub, cap, "SPY", "AAPL");
        settings["DealerFlow:Live:PollDeadline"] = "00:01:00";
        await using var factory = new DashboardFactory(settings);
        using var client = factory.CreateClient();
        // Only SPY's chain is known when the options socket opens: the whole cap goes to SPY.
        await Wait.Symbol(client, "SPY", s => Status(s) == "ok" && stub.Options.Active.Count == cap, "SPY's chain and the options subscriptions");
        var before = stub.Options.Active;
        Assert.All(before, t => Assert.StartsWith("Q.O:SPY", t));

        // AAPL's first chain arrives: the choice becomes 20 + 20 (AAPL's page holds one contract), sent as a change on the same connection.
        stub.Release();
        await Wait.Symbol(client, "AAPL", s => Status(s) == "ok", "AAPL's first chain");
        await Wait.Until(() => Task.FromResult(stub.Options.Active), a => a.Contains("Q.O:AAPL230616C00150000"), "AAPL's contract among the quote subscriptions");
        var after = stub.Options.Active;
        Assert.Equal(1, stub.Options.Logins);
        Assert.Equal(21, after.Count);
        Assert.Equal(20, after.Count(t => t.StartsWith("Q.O:SPY", StringComparison.Ordinal)));
        Assert.Subset(before.ToHashSet(), after.Where(t => t.StartsWith("Q.O:SPY", StringComparison.Ordinal)).ToHashSet());
        Assert.Equal(before.Count - 20, stub.Options.Unsubscribed.Count);
        Assert.All(stub.Options.Unsubscribed, t => Assert.Contains(t, before));

        // A quote on the newly subscribed contract re-prices AAPL's chain.
        var at = new DateTimeOffset(2022, 4, 29, 17, 50, 0, TimeSpan.Zero);
        stub.Options.Send(MassiveStub.Quote("O:AAPL230616C00150000", 29.5, 29.9, at.ToUnixTimeMilliseconds()));
        var aapl = await Wait.Symbol(client, "AAPL", s => Version(s) == 2, "AAPL re-priced by the streamed quote");
        Assert.Equal(at, aapl.GetProperty("asOf").GetDateTimeOffset());
    }

    [Fact]
    public async Task Massive_RecordedAaplPage_GivesTheFeedsSpotInstantAndTimeliness()
    {
        await using var stub = await MassiveStub.StartAsync();
        await using var factory = new DashboardFactory(Massive(stub, MassiveStub.Key, "AAPL"));
        using var client = factory.CreateClient();
        var aapl = await Wait.Symbol(client, "AAPL", s => Status(s) is "ok", "AAPL from the Massive stub");
        Assert.Equal(159.9606, aapl.GetProperty("chainSpot").GetDouble(), 4);
        Assert.Equal(1, aapl.GetProperty("contracts").GetInt32());
        // underlying_asset.last_updated 1651254263172073152 ns = 2022-04-29 17:44:23.172 UTC = 13:44:23 EDT.
        Assert.Equal(new DateTimeOffset(2022, 4, 29, 17, 44, 23, 172, TimeSpan.Zero).AddTicks(731), aapl.GetProperty("asOf").GetDateTimeOffset());
        Assert.Equal("real time", aapl.GetProperty("timeliness").GetString());
    }

    [Fact]
    public async Task Massive_DelayedTimeframe_IsShownPerSymbol()
    {
        await using var stub = await MassiveStub.StartAsync();
        stub.Delayed = true;
        await using var factory = new DashboardFactory(Massive(stub));
        using var client = factory.CreateClient();
        var spy = await Wait.Symbol(client, "SPY", s => Status(s) == "ok", "SPY from the Massive stub");
        Assert.Equal("delayed 15 min", spy.GetProperty("timeliness").GetString());
    }

    [Theory]
    [InlineData(StubFault.RateLimit, "HTTP 429 TooManyRequests from ", "the server asked to wait 1 s (Retry-After)")]
    [InlineData(StubFault.ServerError, "HTTP 503 ServiceUnavailable from ", "/v3/snapshot/options/SPY?limit=250")]
    [InlineData(StubFault.Malformed, "massive SPY", "not JSON")]
    public async Task Massive_Fault_IsTheSymbolsErrorAndKeepsTheLastChain(StubFault fault, string expected, string also)
    {
        await using var stub = await MassiveStub.StartAsync();
        await using var factory = new DashboardFactory(Massive(stub));
        using var client = factory.CreateClient();
        var good = await Wait.Symbol(client, "SPY", s => Status(s) == "ok", "SPY from the Massive stub");
        stub.Fault = fault;
        var bad = await Wait.Symbol(client, "SPY", s => Status(s) == "error", $"SPY's error under {fault}", timeoutMs: 20_000);
        Assert.Contains(expected, bad.GetProperty("error").GetString());
        Assert.Contains(also, bad.GetProperty("error").GetString());
        // The last good chain stays while the fault lasts (a poll may have landed between reading `good` and the fault,
        // so the version is compared across polls under the fault, as in the Schwab test).
        var requests = stub.Requests;
        await Wait.Until(() => Task.FromResult(stub.Requests), n => n >= requests + 2, $"two more chain requests under {fault}", timeoutMs: 20_000);
        var still = await Wait.Symbol(client, "SPY", s => Status(s) == "error", $"SPY still in error under {fault}");
        Assert.Equal(Version(bad), Version(still));
        Assert.Equal(462, bad.GetProperty("contracts").GetInt32());
        stub.Fault = StubFault.None;
        var back = await Wait.Symbol(client, "SPY", s => Status(s) == "ok", "SPY recovering by itself", timeoutMs: 20_000);
        Assert.True(Version(back) > Version(good));
    }

    [Fact]
    public async Task Massive_NextUrlOnAnotherHost_IsNotFollowed()
    {
        await using var stub = await MassiveStub.StartAsync();
        stub.ForeignNextUrl = true;
        await using var factory = new DashboardFactory(Massive(stub));
        using var client = factory.CreateClient();
        var spy = await Wait.Symbol(client, "SPY", s => Status(s) == "error", "SPY's foreign next_url");
        Assert.Contains("a page's next_url points to http://127.0.0.2:9, not to 127.0.0.1; not followed (the API key is only sent to the base URL)", spy.GetProperty("error").GetString());
        Assert.Equal(0, Version(spy));
    }

    [Fact]
    public async Task Secrets_NeverReachTheApiThePageOrTheLog()
    {
        const string wrongKey = "wrong-massive-key-SHOULD-NOT-LEAK-42";
        await using var massive = await MassiveStub.StartAsync();
        await using var schwab = await SchwabStub.StartAsync();
        using var dir = new TempDir();
        var log = new CapturedLog();
        var secrets = new List<string> { wrongKey, MassiveStub.Key, SchwabStub.AppSecret, SchwabStub.RefreshToken };

        await using (var factory = new LoggedDashboardFactory(Massive(massive, wrongKey), log))
        {
            using var client = factory.CreateClient();
            var spy = await Wait.Symbol(client, "SPY", s => Status(s) == "error", "SPY's refused key");
            Assert.StartsWith("Massive refused the API key (HTTP 401 Unauthorized from ", spy.GetProperty("error").GetString());
            Assert.Contains("check --massive-key or DEALERFLOW_MASSIVE_KEY", spy.GetProperty("error").GetString());
            await AssertNoSecret(client, secrets, log);
        }
        var tokens = Login(dir, schwab, TimeSpan.FromMinutes(29));
        secrets.Add(schwab.CurrentAccess);
        await using (var factory = new LoggedDashboardFactory(Schwab(schwab, tokens), log))
        {
            using var client = factory.CreateClient();
            var first = await Wait.Symbol(client, "SPY", s => Status(s) == "ok", "SPY from the Schwab stub");
            schwab.ExpireAccess();
            await Wait.Symbol(client, "SPY", s => Version(s) > Version(first) && schwab.Refreshes >= 1, "a chain after the refresh");
            secrets.Add(schwab.CurrentAccess);
            schwab.Fault = StubFault.RateLimit;
            await Wait.Symbol(client, "SPY", s => Status(s) == "error", "SPY's rate limit");
            await AssertNoSecret(client, secrets, log);
        }
    }

    [ChromiumFact]
    public async Task Dashboard_InChromium_ShowsTheFeedsDelayedMarkBesideTheChainTimeTheStreamedSpotAndNoKey()
    {
        await using var stub = await MassiveStub.StartAsync();
        stub.Delayed = true;
        await using var app = await StartedDashboard(stub);
        await using var chrome = await Chrome.OpenAsync();
        var page = chrome.Page;
        await page.GotoAsync(app.Urls.First() + "/");
        await page.WaitForFunctionAsync("() => document.querySelector('#asof').textContent.includes('delayed')");
        var asOf = await page.Locator("#asof").InnerTextAsync();
        Assert.EndsWith(" · delayed 15 min", asOf);
        Assert.DoesNotContain(MassiveStub.Key, await page.ContentAsync());

        // A trade streamed on the stocks socket reaches the page's spot.
        await Wait.Until(() => Task.FromResult(stub.Stocks.Subscribed.Contains("T.SPY")), ok => ok, "the stocks subscription");
        stub.Stocks.Send(MassiveStub.Trade("SPY", 327.5, new DateTimeOffset(2020, 1, 30, 15, 30, 0, TimeSpan.Zero).ToUnixTimeMilliseconds()));
        await page.WaitForFunctionAsync("() => document.querySelector('#spot').textContent === '327.50'");
        Assert.Equal("327.50", await page.Locator("#spot").InnerTextAsync());
        await app.StopAsync();
    }

    [ChromiumFact]
    public async Task Dashboard_SnapshotFetchedBeforeAStreamedTrade_DoesNotStepTheSpotBack()
    {
        // Every poll is a new chain version: a levels event, then the page fetches the snapshot. The first fetch's answer is
        // taken from the server at once and held; a trade streamed meanwhile moves the page's spot; then the held (older)
        // answer arrives. Before, it put the header back to the chain's 326.22 until the next event.
        await using var stub = await MassiveStub.StartAsync();
        await using var app = await StartedDashboard(stub);
        await using var chrome = await Chrome.OpenAsync();
        var page = chrome.Page;
        await page.GotoAsync(app.Urls.First() + "/");
        await page.WaitForFunctionAsync("() => document.querySelector('#spot').textContent === '326.22'");
        await Wait.Until(() => Task.FromResult(stub.Stocks.Subscribed.Contains("T.SPY")), ok => ok, "the stocks subscription");

        var requests = 0;
        var held = new TaskCompletionSource<(IRoute Route, IAPIResponse Response)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync("**/api/SPY/snapshot?*", async route =>
        {
            if (Interlocked.Increment(ref requests) == 1)
            {
                held.SetResult((route, await route.FetchAsync()));
                return;
            }
            second.TrySetResult();
            await done.Task;
            await route.ContinueAsync();
        });
        var (first, stale) = await held.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("\"spot\":326.22", await stale.TextAsync());

        stub.Stocks.Send(MassiveStub.Trade("SPY", 327.5, new DateTimeOffset(2020, 1, 30, 15, 30, 0, TimeSpan.Zero).ToUnixTimeMilliseconds()));
        await page.WaitForFunctionAsync("() => document.querySelector('#spot').textContent === '327.50'");
        var snapshots = await page.EvaluateAsync<int>("() => window.dealerflow.snapshots");
        // Every value the header's spot takes from here on (a later levels event could put it right again at once).
        await page.EvaluateAsync("() => { window.spotsShown = []; new MutationObserver(() => window.spotsShown.push(document.querySelector('#spot').textContent)).observe(document.querySelector('#spot'), { childList: true, characterData: true, subtree: true }); }");
        await first.FulfillAsync(new RouteFulfillOptions { Response = stale });
        // The older answer is drawn (the charts are its), and the next fetch waits: the header keeps the streamed spot.
        await page.WaitForFunctionAsync($"() => window.dealerflow.snapshots > {snapshots}");
        await second.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("327.50", await page.Locator("#spot").InnerTextAsync());
        Assert.Equal(327.5, await page.EvaluateAsync<double>("() => window.dealerflow.tick.spot"));
        Assert.DoesNotContain("326.22", await page.EvaluateAsync<string[]>("() => window.spotsShown"));
        done.SetResult();
        await app.StopAsync();
    }

    /// <summary>The dashboard polling <paramref name="stub"/>, started on a free loopback port without a store (a browser test's server).</summary>
    private static async Task<WebApplication> StartedDashboard(MassiveStub stub)
    {
        var settings = Massive(stub);
        settings["urls"] = "http://127.0.0.1:0";
        settings["Logging:LogLevel:Default"] = "Warning";
        settings["DealerFlow:Live:Store"] = "false";
        var app = DashboardApp.Create([], settings);
        await app.StartAsync();
        return app;
    }

    private static async Task AssertNoSecret(HttpClient client, IReadOnlyList<string> secrets, CapturedLog log)
    {
        var texts = new List<(string Where, string Text)>
        {
            ("/api/symbols", await client.GetStringAsync("/api/symbols")),
            ("/api/rejected", await client.GetStringAsync("/api/rejected")),
            ("/", await client.GetStringAsync("/")),
            ("/api/SPY/levels", await (await client.GetAsync("/api/SPY/levels")).Content.ReadAsStringAsync()),
            ("log", string.Join('\n', log.Lines)),
        };
        Assert.NotEmpty(log.Lines);
        foreach (var secret in secrets)
        {
            Assert.False(string.IsNullOrEmpty(secret));
            foreach (var (where, text) in texts) Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{where} shows the secret {secret}");
        }
    }
}
