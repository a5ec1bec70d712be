using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;

namespace DealerFlow.Web.Live.Feeds;

/// <summary>
/// Massive's (Polygon's) websockets between polled chains. Two connections, each authenticated with
/// <c>{"action":"auth","params":KEY}</c> and answered by status events (<c>connected</c>, <c>auth_success</c> or
/// <c>auth_failed</c>, <c>success</c>):
/// <list type="bullet">
/// <item><c>{socket}/stocks</c>, subscribed to the trades <c>T.SYM</c> of the underlyings: every trade price is a spot
/// tick at the trade's own time (<c>t</c>, Unix milliseconds on the sockets; the REST snapshot's are nanoseconds).
/// The options socket carries no underlying price.</item>
/// <item><c>{socket}/options</c>, subscribed to the quotes <c>Q.O:...</c> of at most <see cref="MaxQuotes"/> contracts
/// per connection (Massive's limit is 1,000), shared evenly by the underlyings: in each symbol's last polled chain,
/// the contracts with strikes within 20% of spot, largest open interest first. A quote replaces that contract's bid
/// and ask; its vendor IV, delta and gamma, which describe the old quote, are dropped so the IV is solved from the new
/// mid. Quotes are gathered and the whole chain is offered again at most once per <see cref="RepriceInterval"/>, at
/// the newest quote's time and the newest streamed spot, through the same whole-chain check as a polled one.</item>
/// </list>
/// Each connection is watched by a deadline (<see cref="Silence"/> without a message is a stall); a dropped, stalled
/// or refused connection reconnects with a back-off doubling from 1 s up to the poller's maximum, reset by a good
/// login. Only <c>wss://</c> (or <c>ws://</c> on this machine) is used, a message over 1 MiB drops the connection, a
/// message that is not a JSON array of events is listed among the rejected inputs (origin <c>massive stream</c>) and
/// skipped, and the key never appears in a message.
/// </summary>
internal sealed class MassiveStreamer(Uri socketBase, IReadOnlyList<string> symbols, string key, int maxQuotes, TimeSpan repriceInterval, CboePollLimits limits, TimeProvider time)
{
    public const string Origin = "massive stream";

    /// <summary>Massive's most quote subscriptions on one connection.</summary>
    public const int QuoteLimit = 1000;

    /// <summary>Longest quiet socket before it counts as stalled.</summary>
    public static readonly TimeSpan Silence = TimeSpan.FromSeconds(45);

    private int _logins;

    /// <summary>The polled chains the quotes stream onto (the source hands each accepted chain to <see cref="StreamedChains.Polled"/>).</summary>
    public StreamedChains Chains { get; } = new(maxQuotes);

    public int MaxQuotes => maxQuotes;

    public TimeSpan RepriceInterval => repriceInterval;

    /// <summary>Successful logins so far, both sockets counted.</summary>
    public int Logins => Volatile.Read(ref _logins);

    public Task RunAsync(IChainSink sink, CancellationToken ct) => Task.WhenAll(
        Connection(sink, "stocks", () => Task.FromResult<IReadOnlyList<string>>(symbols.Select(s => "T." + s).ToArray()), false, ct),
        Connection(sink, "options", async () =>
        {
            await Chains.FirstChain.WaitAsync(ct).ConfigureAwait(false);
            return Chains.Choose();
        }, true, ct),
        Chains.RunAsync(sink, repriceInterval, time, ct));

    private async Task Connection(IChainSink sink, string market, Func<Task<IReadOnlyList<string>>> subscriptions, bool quotes, CancellationToken ct)
    {
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var subs = await subscriptions().ConfigureAwait(false);
                await StreamOnceAsync(sink, market, subs, quotes, () => failures = 0, ct).ConfigureAwait(false);
                Report(sink, $"the {market} socket closed the connection; reconnecting");
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Report(sink, $"{market} socket: " + Describe(e));
            }
            failures++;
            await Task.Delay(FeedSocket.Backoff(failures, limits.MaxBackoff), time, ct).ConfigureAwait(false);
        }
    }

    private static string Describe(Exception e) => e switch
    {
        FeedException => e.Message,
        OperationCanceledException => string.Create(CultureInfo.InvariantCulture, $"no message for {Silence.TotalSeconds:0} s; reconnecting"),
        WebSocketException or HttpRequestException or IOException => $"the connection failed ({e.Message}); reconnecting",
        _ => $"the stream could not be used ({e.Message}); reconnecting",
    };

    private void Report(IChainSink sink, string message) => sink.Error("", PollingCore.Redact("Massive stream: " + message, [key]), Origin);

    /// <summary>
    /// One connection: auth, the subscriptions (with <paramref name="quotes"/>, <paramref name="subscriptions"/> are
    /// contracts whose <c>Q.O:</c> quotes follow <see cref="StreamedChains.Choose"/> while the connection lasts), then
    /// events until it ends.
    /// </summary>
    private async Task StreamOnceAsync(IChainSink sink, string market, IReadOnlyList<string> subscriptions, bool quotes, Action loggedIn, CancellationToken ct)
    {
        var url = new Uri(socketBase, market);
        if (!FeedSocket.MaySendSecret(url))
            throw new FeedException($"the socket address {url.Scheme}://{url.Host} is not wss://; not connected (the key is only sent encrypted)");
        using var socket = new ClientWebSocket();
        using (var connect = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            connect.CancelAfter(limits.Deadline);
            await socket.ConnectAsync(url, connect.Token).ConfigureAwait(false);
        }
        await FeedSocket.SendAsync(socket, JsonSerializer.SerializeToUtf8Bytes(new { action = "auth", @params = key }), ct).ConfigureAwait(false);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task? following = null;
        try
        {
            await ReceiveAsync(sink, market, socket, OnLogin, ct).ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            if (following is not null) await following.ConfigureAwait(false);
        }

        async Task OnLogin()
        {
            loggedIn();
            if (!quotes)
            {
                await SendBatchesAsync(socket, "subscribe", subscriptions, stop.Token).ConfigureAwait(false);
                return;
            }
            if (following is not null) return;
            await SendBatchesAsync(socket, "subscribe", subscriptions.Select(Quotes), stop.Token).ConfigureAwait(false);
            // From here on only this task sends on the socket (one sender at a time).
            following = Chains.FollowAsync(subscriptions, async (gone, added, _) =>
            {
                await SendBatchesAsync(socket, "unsubscribe", gone.Select(Quotes), stop.Token).ConfigureAwait(false);
                await SendBatchesAsync(socket, "subscribe", added.Select(Quotes), stop.Token).ConfigureAwait(false);
            }, stop.Token);
        }
    }

    /// <summary>The events of one connection until it ends; <paramref name="onLogin"/> runs at <c>auth_success</c>.</summary>
    private async Task ReceiveAsync(IChainSink sink, string market, ClientWebSocket socket, Func<Task> onLogin, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        while (!ct.IsCancellationRequested)
        {
            using var doc = await FeedSocket.ReceiveJsonAsync(socket, buffer, Silence, time,
                n => Report(sink, string.Create(CultureInfo.InvariantCulture, $"a message of {n} characters on the {market} socket is not JSON; skipped")), ct).ConfigureAwait(false);
            if (doc is null) return;
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                Report(sink, $"a message on the {market} socket is not a JSON array of events; skipped");
                continue;
            }
            foreach (var e in doc.RootElement.EnumerateArray())
            {
                switch (Text(e, "ev"))
                {
                    case "status":
                        var status = Text(e, "status");
                        if (status == "auth_failed")
                            throw new FeedException($"Massive refused the API key on the {market} socket ({Text(e, "message") ?? "auth_failed"}): check --massive-key or {FeedOptions.MassiveKeyVariable}; reconnecting");
                        if (status == "auth_success")
                        {
                            Interlocked.Increment(ref _logins);
                            await onLogin().ConfigureAwait(false);
                        }
                        else if (status == "error")
                        {
                            Report(sink, $"the {market} socket says: {Text(e, "message")}");
                        }
                        break;
                    case "T":
                        Trade(sink, e);
                        break;
                    case "Q":
                        Quote(sink, e);
                        break;
                    case null:
                        Report(sink, $"an event on the {market} socket has no \"ev\" field; skipped");
                        break;
                    default:
                        break; // events not asked for (aggregates) are not used
                }
            }
        }
    }

    private static string Quotes(string occ) => "Q.O:" + occ;

    /// <summary>Sends <paramref name="names"/> under <paramref name="action"/> in batches of 200, so that one message stays small.</summary>
    private static async Task SendBatchesAsync(ClientWebSocket socket, string action, IEnumerable<string> names, CancellationToken ct)
    {
        foreach (var batch in names.Chunk(200))
            await FeedSocket.SendAsync(socket, JsonSerializer.SerializeToUtf8Bytes(new { action, @params = string.Join(',', batch) }), ct).ConfigureAwait(false);
    }

    private void Trade(IChainSink sink, JsonElement e)
    {
        var sym = Text(e, "sym");
        if (sym is null || !e.TryGetProperty("p", out var p) || !p.TryGetDouble(out var price) || !e.TryGetProperty("t", out var t) || !t.TryGetInt64(out var ms))
        {
            Report(sink, "a trade event lacks sym, p or t; skipped");
            return;
        }
        if (!(price > 0 && double.IsFinite(price)))
        {
            Report(sink, string.Create(CultureInfo.InvariantCulture, $"{sym} trade price {price} is not a positive price; skipped"));
            return;
        }
        Chains.Spot(sym, price, ms);
        sink.Spot(sym, price, Core.Time.UsEastern.ToEastern(DateTimeOffset.FromUnixTimeMilliseconds(ms)));
    }

    private void Quote(IChainSink sink, JsonElement e)
    {
        var sym = Text(e, "sym");
        if (sym is null || !sym.StartsWith("O:", StringComparison.Ordinal) || !e.TryGetProperty("bp", out var bp) || !bp.TryGetDouble(out var bid)
            || !e.TryGetProperty("ap", out var ap) || !ap.TryGetDouble(out var ask) || !e.TryGetProperty("t", out var t) || !t.TryGetInt64(out var ms))
        {
            Report(sink, "a quote event lacks sym (O:...), bp, ap or t; skipped");
            return;
        }
        if (!(bid >= 0 && ask >= bid && double.IsFinite(ask)))
        {
            Report(sink, string.Create(CultureInfo.InvariantCulture, $"{sym} quote bid {bid} ask {ask} is not a market; skipped"));
            return;
        }
        Chains.Quote(sym[2..], bid, ask, ms);
    }

    private static string? Text(JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
