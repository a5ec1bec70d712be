using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DealerFlow.Web.Tests;

/// <summary>
/// A misbehaving CBOE endpoint on 127.0.0.1 (real Kestrel, real sockets): <c>/api/_SPX.json</c> serves the recorded
/// chain or, while <see cref="Stall"/> is set, its headers and first 5 KB and then nothing until the client goes;
/// <c>/api/_NDX.json</c> always serves the chain; <c>/api/_LIMIT.json</c> is always a 429 with <c>Retry-After: 7</c>;
/// <see cref="HugeUrl"/> streams a 200 MB body without a length.
/// </summary>
public sealed class FaultyCboe : IAsyncDisposable
{
    public const long HugeBytes = 200L * 1024 * 1024;

    private readonly WebApplication _app;
    public volatile bool Stall;
    private long _hugeMax;
    private int _hugeDone;
    private int _stalled;

    private FaultyCboe(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The most bytes of the 200 MB body one request took before its client stopped reading.</summary>
    public long HugeMaxSent => Interlocked.Read(ref _hugeMax);

    /// <summary>Requests for the 200 MB body that have ended.</summary>
    public int HugeDone => Volatile.Read(ref _hugeDone);

    /// <summary>Requests answered with a stall so far.</summary>
    public int Stalled => Volatile.Read(ref _stalled);

    public static async Task<FaultyCboe> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration["urls"] = "http://127.0.0.1:0";
        var app = builder.Build();
        var stub = new FaultyCboe(app);
        var spx = await File.ReadAllBytesAsync(RepoPaths.CboeSpxJson);
        app.MapGet("/api/_SPX.json", async (HttpContext c) =>
        {
            c.Response.ContentType = "application/json";
            if (!stub.Stall)
            {
                await c.Response.Body.WriteAsync(spx);
                return;
            }
            Interlocked.Increment(ref stub._stalled);
            await c.Response.Body.WriteAsync(spx.AsMemory(0, 5 * 1024));
            await c.Response.Body.FlushAsync();
            try { await Task.Delay(Timeout.Infinite, c.RequestAborted); }
            catch (OperationCanceledException) { }
        });
        app.MapGet("/api/_NDX.json", () => Results.Bytes(spx, "application/json"));
        app.MapGet("/api/_LIMIT.json", (HttpContext c) =>
        {
            c.Response.Headers.RetryAfter = "7";
            return Results.StatusCode(StatusCodes.Status429TooManyRequests);
        });
        await app.StartAsync();
        stub.BaseUrl = app.Urls.First();
        stub._huge.Start();
        stub.HugeUrl = $"http://127.0.0.1:{((IPEndPoint)stub._huge.LocalEndpoint).Port}/";
        stub._hugeLoop = stub.ServeHugeAsync();
        return stub;
    }

    /// <summary>Base URL of a raw TCP server that answers any request with headers and a 200 MB body (no length, connection close).</summary>
    public string HugeUrl { get; private set; } = "";

    private readonly TcpListener _huge = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private Task _hugeLoop = Task.CompletedTask;

    /// <summary>
    /// A raw socket rather than Kestrel so that what was sent is what the kernel took: the send buffer is small and a
    /// send blocks once the client stops reading, so the count is what the client read plus a few buffers.
    /// </summary>
    private async Task ServeHugeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try { socket = await _huge.AcceptSocketAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            _ = Task.Run(async () =>
            {
                using var s = socket;
                s.SendBufferSize = 64 * 1024;
                var request = new byte[8192];
                long sent = 0;
                try
                {
                    await s.ReceiveAsync(request, _stop.Token);
                    await s.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n"), _stop.Token);
                    var chunk = new byte[64 * 1024];
                    chunk.AsSpan().Fill((byte)' ');
                    while (sent < HugeBytes) sent += await s.SendAsync(chunk, _stop.Token);
                }
                catch (Exception e) when (e is SocketException or OperationCanceledException or IOException)
                {
                    // the client stopped reading and closed the connection
                }
                lock (this) _hugeMax = Math.Max(_hugeMax, sent);
                Interlocked.Increment(ref _hugeDone);
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _huge.Stop();
        await _hugeLoop;
        _stop.Dispose();
        await _app.DisposeAsync();
    }
}

[Collection(WebHosts.Name)]
public sealed class CboeFaultTests
{
    private static Dictionary<string, string?> Settings(FaultyCboe stub, params string[] symbols)
    {
        var settings = DashboardFactory.Live(("Source", "Cboe"), ("CboeUrl", stub.BaseUrl + "/api/"), ("PollInterval", "00:00:00.5"),
            ("PollDeadline", "00:00:01.5"), ("PollMaxBackoff", "00:00:01"), ("SpotWalk", "false"));
        for (var i = 0; i < symbols.Length; i++) settings[$"DealerFlow:Live:CboeSymbols:{i}"] = symbols[i];
        return settings;
    }

    private static long Version(JsonElement s) => s.GetProperty("chainVersion").GetInt64();

    /// <summary>
    /// CBOE polls on the same <see cref="Live.Feeds.PolledSource"/> as the feeds: a 429's Retry-After reaches the back-off
    /// (CBOE's own loop used to keep only whether a chain was accepted, so its next poll came after the interval).
    /// </summary>
    [Fact]
    public async Task Cboe_429WithRetryAfter_IsTheSymbolsErrorAndTheServersWaitReachesTheBackOff()
    {
        await using var stub = await FaultyCboe.StartAsync();
        using var live = LiveServices.Create();
        using var http = new HttpClient();
        var limits = new Live.CboePollLimits(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), 1024 * 1024, TimeSpan.FromSeconds(2));
        var source = new Live.CboePollSource(http, new Uri(stub.BaseUrl + "/api/"), ["_LIMIT"], limits, TimeSpan.Zero, TimeProvider.System);

        var outcome = await source.PollAsync(live.Book, "_LIMIT", CancellationToken.None);

        Assert.Equal(new Live.Feeds.PollOutcome(false, TimeSpan.FromSeconds(7)), outcome);
        var rejected = Assert.Single(live.Services.GetRequiredService<Live.RejectedInputs>().List());
        Assert.Equal($"HTTP 429 TooManyRequests from {stub.BaseUrl}/api/_LIMIT.json; the server asked to wait 7 s (Retry-After)", rejected.Reason);
    }

    [Fact]
    public async Task Cboe_StalledBody_ShowsAnErrorWithinIntervalPlusDeadlineAndRecoversByItself()
    {
        await using var stub = await FaultyCboe.StartAsync();
        await using var factory = new DashboardFactory(Settings(stub, "_SPX", "_NDX"));
        using var client = factory.CreateClient();
        await Wait.Symbol(client, "SPX", s => s.GetProperty("status").GetString() == "ok", "SPX from the stub");

        stub.Stall = true;
        var started = DateTime.UtcNow;
        // Within one poll interval plus the deadline (0.5 + 1.5 s), with room for a loaded machine.
        var stalled = await Wait.Symbol(client, "SPX", s => s.GetProperty("status").GetString() == "error", "SPX's stalled body", timeoutMs: 15_000);
        var took = DateTime.UtcNow - started;
        Assert.Contains("no complete answer (headers and body) within 1.5 s", stalled.GetProperty("error").GetString());
        Assert.True(stub.Stalled >= 1);

        // NDX is polled on its own schedule meanwhile: it keeps taking chains while SPX hangs.
        var ndx = await Wait.Symbol(client, "NDX", s => s.GetProperty("status").GetString() == "ok", "NDX while SPX stalls");
        var ndxUpdated = ndx.GetProperty("updatedAt").GetDateTimeOffset();
        await Wait.Symbol(client, "NDX", s => s.GetProperty("updatedAt").GetDateTimeOffset() > ndxUpdated, "NDX polled again while SPX stalls");

        stub.Stall = false;
        var back = await Wait.Symbol(client, "SPX", s => s.GetProperty("status").GetString() == "ok", "SPX recovering by itself", timeoutMs: 15_000);
        Assert.Null(back.GetProperty("error").GetString());
        Assert.True(took < TimeSpan.FromSeconds(15), $"the error showed after {took.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task Cboe_StallingSymbolFirst_DoesNotStarveTheNextSymbol()
    {
        await using var stub = await FaultyCboe.StartAsync();
        stub.Stall = true;
        var settings = Settings(stub, "_SPX", "_NDX");
        settings["DealerFlow:Live:PollDeadline"] = "00:01:00"; // SPX hangs a full minute per poll
        await using var factory = new DashboardFactory(settings);
        using var client = factory.CreateClient();
        var ndx = await Wait.Symbol(client, "NDX", s => s.GetProperty("status").GetString() == "ok", "NDX despite SPX hanging", timeoutMs: 15_000);
        Assert.Equal(4697.24, ndx.GetProperty("spot").GetDouble(), 2);
        var spx = (await client.GetFromJsonAsync<JsonElement>("/api/symbols")).EnumerateArray().Single(s => s.GetProperty("symbol").GetString() == "SPX");
        Assert.Equal(0, Version(spx));
    }

    [Fact]
    public async Task Cboe_200MegabyteBody_IsCutAtTheCapWithoutReadingItWhole()
    {
        await using var stub = await FaultyCboe.StartAsync();
        var settings = Settings(stub, "HUGE");
        settings["DealerFlow:Live:CboeUrl"] = stub.HugeUrl;
        settings["DealerFlow:Live:PollMaxBytes"] = (1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["DealerFlow:Live:PollDeadline"] = "00:01:00";
        await using var factory = new DashboardFactory(settings);
        using var client = factory.CreateClient();
        var huge = await Wait.Symbol(client, "HUGE", s => s.GetProperty("status").GetString() == "error", "the oversized body's error", timeoutMs: 30_000);
        Assert.Contains("larger than the cap of 1048576 bytes", huge.GetProperty("error").GetString());
        // One request could take at most the cap plus what the socket buffers hold before the reader stopped: far from 200 MB.
        await Wait.Until(() => Task.FromResult(stub.HugeDone), n => n >= 1, "the first oversized request to end");
        Assert.True(stub.HugeMaxSent < 8L * 1024 * 1024, $"{stub.HugeMaxSent} bytes were sent to one request: the body was read past the cap");
    }
}
