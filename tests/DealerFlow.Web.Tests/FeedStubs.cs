using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DealerFlow.Web.Tests;

/// <summary>How a stub answers the next chain requests.</summary>
public enum StubFault
{
    None,

    /// <summary>429 Too Many Requests with Retry-After: 1.</summary>
    RateLimit,

    /// <summary>503 Service Unavailable, no Retry-After.</summary>
    ServerError,

    /// <summary>200 with the first 5 KB of the body, then nothing until the client gives up.</summary>
    Stall,

    /// <summary>200 with a body that is not JSON (a proxy's HTML error page).</summary>
    Malformed,
}

/// <summary>
/// Schwab's Trader API on 127.0.0.1 (real Kestrel): <c>POST /v1/oauth/token</c> (Basic key:secret; authorization_code
/// and refresh_token grants) and <c>GET /marketdata/v1/chains</c> serving the recorded chain
/// (tests/data/spy_chain_2020-01-29_tdameritrade.json, the schema Schwab kept) to a valid bearer token only.
/// <see cref="ExpireAccess"/> makes the server forget the current access token, as Schwab does after 30 minutes.
/// </summary>
public sealed class SchwabStub : IAsyncDisposable
{
    public const string AppKey = "stub-app-key-0123456789";
    public const string AppSecret = "stub-app-secret-ABCDEFGHIJ";
    public const string Code = "C0.stub-code@";
    public const string Callback = "https://127.0.0.1";
    public const string RefreshToken = "stub-refresh-token-KLMNOPQRST";

    private readonly WebApplication _app;
    private int _issued;
    private string _access = "";
    private int _refreshes;
    private int _chainRequests;
    private int _unauthorized;

    private SchwabStub(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public volatile StubFault Fault;

    /// <summary>Serve the chain with <c>"isDelayed": true</c>.</summary>
    public volatile bool Delayed;

    public int Refreshes => Volatile.Read(ref _refreshes);
    public int ChainRequests => Volatile.Read(ref _chainRequests);
    public int Unauthorized => Volatile.Read(ref _unauthorized);

    private int _streamLogins;
    private readonly Channel<string> _frames = Channel.CreateUnbounded<string>();
    private volatile WebSocket? _socket;

    /// <summary>Streamer logins accepted so far.</summary>
    public int StreamLogins => Volatile.Read(ref _streamLogins);

    /// <summary>The keys of the last LEVELONE_EQUITIES subscription.</summary>
    public volatile string? Subscribed;

    /// <summary>The keys and fields of the last LEVELONE_OPTIONS subscription.</summary>
    public volatile string? SubscribedOptions;

    private int _optionSubscriptions;

    /// <summary>LEVELONE_OPTIONS SUBS requests received so far (over every connection).</summary>
    public int OptionSubscriptions => Volatile.Read(ref _optionSubscriptions);

    /// <summary>The request id of the last LEVELONE_OPTIONS subscription.</summary>
    public volatile string? OptionRequestId;

    /// <summary>When set, the chain served instead of the recorded one (the next polls see it).</summary>
    public volatile byte[]? ChainOverride;

    public volatile string? OptionFields;

    /// <summary>A LEVELONE_OPTIONS data frame: <paramref name="key"/> (Schwab's padded option symbol) quoted at <paramref name="ms"/> (epoch ms).</summary>
    public static string OptionQuote(string key, double bid, double ask, long ms) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["data"] = new[] { new Dictionary<string, object> { ["service"] = "LEVELONE_OPTIONS", ["timestamp"] = ms + 5, ["command"] = "SUBS", ["content"] = new[] { new Dictionary<string, object> { ["key"] = key, ["2"] = bid, ["3"] = ask, ["38"] = ms } } } },
    });

    /// <summary>Queues a frame for the streamer socket (sent to the connected client, in order).</summary>
    public void Send(string frame) => _frames.Writer.TryWrite(frame);

    /// <summary>A LEVELONE_EQUITIES data frame: <paramref name="symbol"/> traded at <paramref name="last"/> at <paramref name="tradeMs"/> (epoch ms).</summary>
    public static string Trade(string symbol, double last, long tradeMs) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["data"] = new[] { new Dictionary<string, object> { ["service"] = "LEVELONE_EQUITIES", ["timestamp"] = tradeMs + 5, ["command"] = "SUBS", ["content"] = new[] { new Dictionary<string, object> { ["key"] = symbol, ["3"] = last, ["35"] = tradeMs } } } },
    });

    /// <summary>Drops the streamer socket without a close handshake, as a lost connection does.</summary>
    public void DropSocket() => _socket?.Abort();

    /// <summary>The access token the server accepts now (empty once expired).</summary>
    public string CurrentAccess => Volatile.Read(ref _access);

    /// <summary>Issues an access token as a login would and returns it (for a login file written by the test).</summary>
    public string IssueAccess()
    {
        var token = $"stub-access-{Interlocked.Increment(ref _issued)}-UVWXYZ012345";
        Volatile.Write(ref _access, token);
        return token;
    }

    /// <summary>The access token stops being accepted.</summary>
    public void ExpireAccess() => Volatile.Write(ref _access, "");

    public static byte[] Chain(bool delayed)
    {
        var text = File.ReadAllText(RepoPaths.Data("spy_chain_2020-01-29_tdameritrade.json"));
        if (delayed) text = text.Replace("\"isDelayed\": false", "\"isDelayed\": true", StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(text);
    }

    public static async Task<SchwabStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration["urls"] = "http://127.0.0.1:0";
        var app = builder.Build();
        app.UseWebSockets();
        var stub = new SchwabStub(app);
        var live = Chain(delayed: false);
        var delayed = Chain(delayed: true);
        Assert.NotEqual(live, delayed);
        app.MapPost("/v1/oauth/token", async (HttpContext c) =>
        {
            var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AppKey}:{AppSecret}"));
            if (c.Request.Headers.Authorization != basic) return Results.Json(new { error = "invalid_client" }, statusCode: 401);
            var form = await c.Request.ReadFormAsync();
            var ok = form["grant_type"] == "authorization_code" ? form["code"] == Code && form["redirect_uri"] == Callback
                : form["grant_type"] == "refresh_token" && form["refresh_token"] == RefreshToken;
            if (!ok) return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
            if (form["grant_type"] == "refresh_token") Interlocked.Increment(ref stub._refreshes);
            return Results.Json(new Dictionary<string, object>
            {
                ["access_token"] = stub.IssueAccess(),
                ["refresh_token"] = RefreshToken,
                ["expires_in"] = 1800,
                ["token_type"] = "Bearer",
                ["scope"] = "api",
            });
        });
        app.MapGet("/trader/v1/userPreference", (HttpContext c) =>
            stub.CurrentAccess.Length > 0 && c.Request.Headers.Authorization == "Bearer " + stub.CurrentAccess
                ? Results.Json(new
                {
                    streamerInfo = new[]
                    {
                        new
                        {
                            streamerSocketUrl = stub.BaseUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/ws",
                            schwabClientCustomerId = "client-customer-id",
                            schwabClientCorrelId = "client-correlation-id",
                            schwabClientChannel = "client-channel",
                            schwabClientFunctionId = "client-function-id",
                        },
                    },
                })
                : Results.StatusCode(401));
        app.Map("/ws", async (HttpContext c) =>
        {
            if (!c.WebSockets.IsWebSocketRequest)
            {
                c.Response.StatusCode = 400;
                return;
            }
            using var socket = await c.WebSockets.AcceptWebSocketAsync();
            stub._socket = socket;
            var buffer = new byte[256 * 1024];
            // The pump stops with this connection, so it never takes a frame meant for the next one.
            using var done = CancellationTokenSource.CreateLinkedTokenSource(c.RequestAborted);
            Task? pump = null;
            try
            {
                // LOGIN, answered with code 0 for the current access token (3 otherwise), then the SUBS requests.
                while (socket.State == WebSocketState.Open)
                {
                    var r = await socket.ReceiveAsync(buffer, c.RequestAborted);
                    if (r.MessageType == WebSocketMessageType.Close) return;
                    using var doc = JsonDocument.Parse(buffer.AsMemory(0, r.Count));
                    var req = doc.RootElement.GetProperty("requests")[0];
                    if (req.GetProperty("command").GetString() == "LOGIN")
                    {
                        var ok = req.GetProperty("parameters").GetProperty("Authorization").GetString() == stub.CurrentAccess && stub.CurrentAccess.Length > 0;
                        if (ok) Interlocked.Increment(ref stub._streamLogins);
                        var answer = JsonSerializer.Serialize(new { response = new[] { new { service = "ADMIN", command = "LOGIN", requestid = "0", content = new { code = ok ? 0 : 3, msg = ok ? "server=stub;status=PN" : "Login denied" } } } });
                        await socket.SendAsync(Encoding.UTF8.GetBytes(answer), WebSocketMessageType.Text, true, c.RequestAborted);
                        if (!ok) return;
                        pump = Task.Run(async () =>
                        {
                            while (socket.State == WebSocketState.Open)
                            {
                                var frame = await stub._frames.Reader.ReadAsync(done.Token);
                                await socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, true, done.Token);
                            }
                        }, done.Token);
                    }
                    else if (req.GetProperty("service").GetString() == "LEVELONE_EQUITIES")
                    {
                        stub.Subscribed = req.GetProperty("parameters").GetProperty("keys").GetString();
                    }
                    else if (req.GetProperty("service").GetString() == "LEVELONE_OPTIONS")
                    {
                        stub.OptionFields = req.GetProperty("parameters").GetProperty("fields").GetString();
                        stub.OptionRequestId = req.GetProperty("requestid").ToString();
                        stub.SubscribedOptions = req.GetProperty("parameters").GetProperty("keys").GetString();
                        Interlocked.Increment(ref stub._optionSubscriptions);
                    }
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // dropped by the test or by the client
            }
            finally
            {
                await done.CancelAsync();
            }
        });
        app.MapGet("/marketdata/v1/chains", async (HttpContext c) =>
        {
            Interlocked.Increment(ref stub._chainRequests);
            var access = stub.CurrentAccess;
            if (access.Length == 0 || c.Request.Headers.Authorization != "Bearer " + access)
            {
                Interlocked.Increment(ref stub._unauthorized);
                c.Response.StatusCode = 401;
                await c.Response.WriteAsJsonAsync(new { errors = new[] { new { status = 401, title = "Unauthorized" } } });
                return;
            }
            if (c.Request.Query["symbol"] != "SPY" || c.Request.Query["contractType"] != "ALL" || c.Request.Query["includeUnderlyingQuote"] != "true")
            {
                c.Response.StatusCode = 400;
                return;
            }
            await Serve(c, stub.Fault, stub.ChainOverride ?? (stub.Delayed ? delayed : live));
        });
        await app.StartAsync();
        stub.BaseUrl = app.Urls.First();
        return stub;
    }

    /// <summary>The chain, or the fault the test set.</summary>
    internal static async Task Serve(HttpContext c, StubFault fault, byte[] body)
    {
        switch (fault)
        {
            case StubFault.RateLimit:
                c.Response.StatusCode = 429;
                c.Response.Headers.RetryAfter = "1";
                return;
            case StubFault.ServerError:
                c.Response.StatusCode = 503;
                return;
            case StubFault.Malformed:
                c.Response.ContentType = "application/json";
                await c.Response.WriteAsync("<html><body>502 Bad Gateway</body></html>");
                return;
            case StubFault.Stall:
                c.Response.ContentType = "application/json";
                await c.Response.Body.WriteAsync(body.AsMemory(0, 5 * 1024));
                await c.Response.Body.FlushAsync();
                try { await Task.Delay(Timeout.Infinite, c.RequestAborted); }
                catch (OperationCanceledException) { }
                return;
            default:
                c.Response.ContentType = "application/json";
                await c.Response.Body.WriteAsync(body);
                return;
        }
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}

/// <summary>
/// Massive's REST API on 127.0.0.1 (real Kestrel): <c>GET /v3/snapshot/options/{underlying}</c> to the bearer key
/// <see cref="Key"/> only. AAPL is the recorded page (tests/DealerFlow.Data.Tests/TestData/massive_aapl_snapshot.json, provenance in tests/data/feeds/README.md); SPY is the
/// recorded TD/Schwab SPY chain in Massive's snapshot schema, <see cref="PageSize"/> contracts a page, joined by
/// absolute <c>next_url</c>s (<see cref="ForeignNextUrl"/> points the first one at another host).
/// </summary>
public sealed class MassiveStub : IAsyncDisposable
{
    public const string Key = "stub-massive-key-9876543210abcdef";
    public const int PageSize = 100;

    private readonly WebApplication _app;
    private int _requests;

    private MassiveStub(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";
    public volatile StubFault Fault;
    public volatile bool Delayed;
    public volatile bool ForeignNextUrl;

    /// <summary>An underlying whose chain is answered only after <see cref="Release"/> (its first chain comes later than the others').</summary>
    public volatile string? Hold;

    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Answers the requests held by <see cref="Hold"/>.</summary>
    public void Release() => _release.TrySetResult();
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>
    /// One of Massive's websockets (<c>/stocks</c>, <c>/options</c>) as its public client's mock server and docs show
    /// it: a <c>connected</c> status on open, <c>auth_success</c> for <see cref="Key"/> (<c>auth_failed</c> otherwise),
    /// a <c>success</c> status per subscribe; events are JSON arrays of objects with an <c>ev</c> field.
    /// </summary>
    public sealed class Socket
    {
        private readonly Channel<string> _frames = Channel.CreateUnbounded<string>();
        private int _logins;
        internal volatile WebSocket? Current;

        /// <summary>Every subscription asked for on the current connection, in order.</summary>
        public ConcurrentQueue<string> Subscribed { get; private set; } = new();

        /// <summary>Every unsubscription asked for on the current connection, in order.</summary>
        public ConcurrentQueue<string> Unsubscribed { get; private set; } = new();

        private HashSet<string> _active = [];

        /// <summary>What the current connection is subscribed to now (subscribes less unsubscribes, in order).</summary>
        public IReadOnlySet<string> Active
        {
            get
            {
                lock (_active) return _active.ToHashSet();
            }
        }

        public int Logins => Volatile.Read(ref _logins);

        /// <summary>Queues a message for the connected client.</summary>
        public void Send(string frame) => _frames.Writer.TryWrite(frame);

        /// <summary>Drops the socket without a close handshake, as a lost connection does.</summary>
        public void Drop() => Current?.Abort();

        internal async Task Serve(HttpContext c)
        {
            if (!c.WebSockets.IsWebSocketRequest)
            {
                c.Response.StatusCode = 400;
                return;
            }
            using var socket = await c.WebSockets.AcceptWebSocketAsync();
            Current = socket;
            Subscribed = new ConcurrentQueue<string>();
            Unsubscribed = new ConcurrentQueue<string>();
            _active = [];
            var buffer = new byte[256 * 1024];
            // The pump stops with this connection, so it never takes a frame meant for the next one.
            using var done = CancellationTokenSource.CreateLinkedTokenSource(c.RequestAborted);
            try
            {
                await Text(socket, """[{"ev":"status","status":"connected","message":"Connected Successfully"}]""", c.RequestAborted);
                var pump = Task.Run(async () =>
                {
                    while (socket.State == WebSocketState.Open)
                    {
                        var frame = await _frames.Reader.ReadAsync(done.Token);
                        await Text(socket, frame, done.Token);
                    }
                }, done.Token);
                while (socket.State == WebSocketState.Open)
                {
                    var r = await socket.ReceiveAsync(buffer, c.RequestAborted);
                    if (r.MessageType == WebSocketMessageType.Close) return;
                    using var doc = JsonDocument.Parse(buffer.AsMemory(0, r.Count));
                    var action = doc.RootElement.GetProperty("action").GetString();
                    var parameters = doc.RootElement.GetProperty("params").GetString()!;
                    if (action == "auth")
                    {
                        var ok = parameters == Key;
                        if (ok) Interlocked.Increment(ref _logins);
                        await Text(socket, ok ? """[{"ev":"status","status":"auth_success","message":"authenticated"}]"""
                            : """[{"ev":"status","status":"auth_failed","message":"authentication failed"}]""", c.RequestAborted);
                        if (!ok) return;
                    }
                    else if (action is "subscribe" or "unsubscribe")
                    {
                        foreach (var p in parameters.Split(','))
                        {
                            (action == "subscribe" ? Subscribed : Unsubscribed).Enqueue(p);
                            lock (_active)
                            {
                                if (action == "subscribe") _active.Add(p);
                                else _active.Remove(p);
                            }
                        }
                        await Text(socket, JsonSerializer.Serialize(new[] { new { ev = "status", status = "success", message = (action == "subscribe" ? "subscribed to: " : "unsubscribed from: ") + parameters } }), c.RequestAborted);
                    }
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // dropped by the test or by the client
            }
            finally
            {
                await done.CancelAsync();
            }
        }

        private static Task Text(WebSocket socket, string text, CancellationToken ct) =>
            socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, ct);
    }

    public Socket Stocks { get; } = new();

    public Socket Options { get; } = new();

    /// <summary>A stocks trade event: <paramref name="symbol"/> at <paramref name="price"/> at <paramref name="ms"/> (Unix ms, as the sockets stamp).</summary>
    public static string Trade(string symbol, double price, long ms) =>
        JsonSerializer.Serialize(new[] { new Dictionary<string, object> { ["ev"] = "T", ["sym"] = symbol, ["x"] = 4, ["i"] = "52983525029461", ["z"] = 3, ["p"] = price, ["s"] = 100, ["c"] = new[] { 0, 12 }, ["t"] = ms, ["q"] = 3681328 } });

    /// <summary>An options quote event for <paramref name="ticker"/> (<c>O:SPY...</c>) at <paramref name="ms"/> (Unix ms).</summary>
    public static string Quote(string ticker, double bid, double ask, long ms) =>
        JsonSerializer.Serialize(new[] { new Dictionary<string, object> { ["ev"] = "Q", ["sym"] = ticker, ["bx"] = 302, ["ax"] = 302, ["bp"] = bid, ["ap"] = ask, ["bs"] = 17, ["as"] = 24, ["t"] = ms, ["q"] = 844090872 } });

    public static async Task<MassiveStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration["urls"] = "http://127.0.0.1:0";
        var app = builder.Build();
        app.UseWebSockets();
        var stub = new MassiveStub(app);
        app.Map("/stocks", stub.Stocks.Serve);
        app.Map("/options", stub.Options.Serve);
        var aapl = await File.ReadAllBytesAsync(Path.Combine(RepoPaths.Root, "tests", "DealerFlow.Data.Tests", "TestData", "massive_aapl_snapshot.json"));
        var spy = SpyContracts();
        app.MapGet("/v3/snapshot/options/{underlying}", async (HttpContext c, string underlying) =>
        {
            Interlocked.Increment(ref stub._requests);
            if (c.Request.Headers.Authorization != "Bearer " + Key)
            {
                c.Response.StatusCode = 401;
                // Massive's refusal; it names the key it got, which must not reach the page.
                await c.Response.WriteAsJsonAsync(new { status = "ERROR", request_id = "stub", error = $"Unknown API Key {c.Request.Headers.Authorization}" });
                return;
            }
            if (underlying == stub.Hold) await stub._release.Task.WaitAsync(c.RequestAborted);
            if (underlying == "AAPL")
            {
                await SchwabStub.Serve(c, stub.Fault, aapl);
                return;
            }
            if (underlying != "SPY")
            {
                c.Response.StatusCode = 404;
                return;
            }
            var cursor = int.TryParse(c.Request.Query["cursor"], CultureInfo.InvariantCulture, out var k) ? k : 0;
            var page = new JsonObject
            {
                ["request_id"] = $"stub-{cursor}",
                ["status"] = "OK",
                ["results"] = new JsonArray(spy.Skip(cursor).Take(PageSize).Select(n => Timeframe(n.DeepClone(), stub.Delayed)).ToArray()),
            };
            if (cursor + PageSize < spy.Count)
            {
                var host = stub.ForeignNextUrl ? "http://127.0.0.2:9" : stub.BaseUrl;
                page["next_url"] = $"{host}/v3/snapshot/options/SPY?cursor={cursor + PageSize}";
            }
            await SchwabStub.Serve(c, cursor == 0 ? stub.Fault : StubFault.None, JsonSerializer.SerializeToUtf8Bytes(page));
        });
        await app.StartAsync();
        stub.BaseUrl = app.Urls.First();
        return stub;
    }

    private static JsonNode Timeframe(JsonNode contract, bool delayed)
    {
        var t = delayed ? "DELAYED" : "REAL-TIME";
        foreach (var part in new[] { "last_quote", "last_trade", "underlying_asset" })
        {
            if (contract[part] is JsonObject o) o["timeframe"] = t;
        }
        return contract;
    }

    /// <summary>
    /// The recorded SPY chain, contract by contract, in Massive's snapshot schema: the same quotes, OI, volume, greeks,
    /// IV as a fraction (absent where TD wrote -999, NaN or its 5% floor), timestamps in nanoseconds, the underlying's
    /// price and time (the newest quote's) on every contract.
    /// </summary>
    public static List<JsonNode> SpyContracts()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(RepoPaths.Data("spy_chain_2020-01-29_tdameritrade.json")));
        var root = doc.RootElement;
        var spot = root.GetProperty("underlyingPrice").GetDouble();
        long newest = 0;
        var raw = new List<JsonElement>();
        foreach (var map in new[] { "callExpDateMap", "putExpDateMap" })
        {
            foreach (var expiry in root.GetProperty(map).EnumerateObject())
            {
                foreach (var strike in expiry.Value.EnumerateObject())
                {
                    foreach (var c in strike.Value.EnumerateArray())
                    {
                        raw.Add(c.Clone());
                        newest = Math.Max(newest, c.GetProperty("quoteTimeInLong").GetInt64());
                    }
                }
            }
        }
        var list = new List<JsonNode>();
        foreach (var c in raw)
        {
            var type = c.GetProperty("putCall").GetString() == "CALL" ? "call" : "put";
            var strike = c.GetProperty("strikePrice").GetDouble();
            var expiry = DateTimeOffset.FromUnixTimeMilliseconds(c.GetProperty("expirationDate").GetInt64()).ToOffset(TimeSpan.FromHours(-5)).Date;
            var ticker = string.Create(CultureInfo.InvariantCulture, $"O:SPY{expiry:yyMMdd}{(type == "call" ? 'C' : 'P')}{(long)Math.Round(strike * 1000):D8}");
            var contract = new JsonObject
            {
                ["details"] = new JsonObject
                {
                    ["contract_type"] = type,
                    ["exercise_style"] = "american",
                    ["expiration_date"] = expiry.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ["shares_per_contract"] = 100,
                    ["strike_price"] = strike,
                    ["ticker"] = ticker,
                },
                ["open_interest"] = c.GetProperty("openInterest").GetDouble(),
                ["day"] = new JsonObject { ["volume"] = c.GetProperty("totalVolume").GetDouble(), ["close"] = c.GetProperty("closePrice").GetDouble() },
                ["last_quote"] = new JsonObject
                {
                    ["bid"] = c.GetProperty("bid").GetDouble(),
                    ["ask"] = c.GetProperty("ask").GetDouble(),
                    ["last_updated"] = c.GetProperty("quoteTimeInLong").GetInt64() * 1_000_000,
                },
                ["last_trade"] = new JsonObject { ["price"] = c.GetProperty("last").GetDouble() },
                ["underlying_asset"] = new JsonObject { ["price"] = spot, ["ticker"] = "SPY", ["last_updated"] = newest * 1_000_000 },
            };
            if (Number(c, "volatility") is { } vol && vol != 5.0 && vol > 0) contract["implied_volatility"] = vol / 100;
            var greeks = new JsonObject();
            if (Number(c, "delta") is { } d) greeks["delta"] = d;
            if (Number(c, "gamma") is { } g) greeks["gamma"] = g;
            contract["greeks"] = greeks;
            list.Add(contract);
        }
        return list;
    }

    private static double? Number(JsonElement c, string name) =>
        c.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.GetDouble() is var x && x != -999 ? x : null;

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
