using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using DealerFlow.Core.Chain;
using DealerFlow.Data.Readers;

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

    /// <summary>Strikes farther than this fraction from spot are never subscribed (the flip search window).</summary>
    public const double NearSpot = 0.20;

    private sealed class Book
    {
        public ChainReadResult? Read;
        public string? Origin;
        public double Spot = double.NaN;
        public long SpotMs;
        public readonly Dictionary<string, int> Index = new(StringComparer.Ordinal);
        public readonly Dictionary<int, (double Bid, double Ask, long Ms)> Pending = [];
    }

    private readonly ConcurrentDictionary<string, Book> _books = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _firstChain = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _logins;

    public int MaxQuotes => maxQuotes;

    public TimeSpan RepriceInterval => repriceInterval;

    /// <summary>Successful logins so far, both sockets counted.</summary>
    public int Logins => Volatile.Read(ref _logins);

    /// <summary>The polled chain the source accepted: quotes stream onto it from now on (quotes gathered for the previous chain are dropped).</summary>
    public void Polled(string symbol, ChainReadResult read, string origin)
    {
        var b = _books.GetOrAdd(SymbolTable.Normalize(symbol), _ => new Book());
        lock (b)
        {
            b.Read = read;
            b.Origin = origin;
            b.Pending.Clear();
            b.Index.Clear();
            var c = read.Snapshot;
            for (var i = 0; i < c.Count; i++) b.Index[c.Symbol(i)] = i;
        }
        _firstChain.TrySetResult();
    }

    public Task RunAsync(IChainSink sink, CancellationToken ct) => Task.WhenAll(
        Connection(sink, "stocks", () => Task.FromResult<IReadOnlyList<string>>(symbols.Select(s => "T." + s).ToArray()), ct),
        Connection(sink, "options", async () =>
        {
            await _firstChain.Task.WaitAsync(ct).ConfigureAwait(false);
            return Choose().Select(o => "Q.O:" + o).ToArray();
        }, ct),
        RepriceLoop(sink, ct));

    /// <summary>The contracts to stream quotes for: per symbol an even share of <see cref="MaxQuotes"/>, strikes within 20% of spot, largest open interest first (nearer strike on a tie).</summary>
    public IReadOnlyList<string> Choose()
    {
        var books = _books.Values.ToArray();
        if (books.Length == 0) return [];
        var share = maxQuotes / books.Length;
        var chosen = new List<string>();
        foreach (var b in books)
        {
            lock (b)
            {
                if (b.Read?.Snapshot is not { } c) continue;
                var spot = c.Spot;
                chosen.AddRange(Enumerable.Range(0, c.Count)
                    .Where(i => Math.Abs(c.Strike[i] - spot) <= NearSpot * spot && c.OpenInterest[i] > 0)
                    .OrderByDescending(i => c.OpenInterest[i]).ThenBy(i => Math.Abs(c.Strike[i] - spot)).ThenBy(i => i)
                    .Take(share).Select(c.Symbol));
            }
        }
        return chosen;
    }

    private async Task Connection(IChainSink sink, string market, Func<Task<IReadOnlyList<string>>> subscriptions, CancellationToken ct)
    {
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var subs = await subscriptions().ConfigureAwait(false);
                await StreamOnceAsync(sink, market, subs, () => failures = 0, ct).ConfigureAwait(false);
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

    private async Task StreamOnceAsync(IChainSink sink, string market, IReadOnlyList<string> subscriptions, Action loggedIn, CancellationToken ct)
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
                            loggedIn();
                            // The subscriptions go in batches so that one message stays small.
                            foreach (var batch in subscriptions.Chunk(200))
                                await FeedSocket.SendAsync(socket, JsonSerializer.SerializeToUtf8Bytes(new { action = "subscribe", @params = string.Join(',', batch) }), ct).ConfigureAwait(false);
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
        if (_books.TryGetValue(SymbolTable.Normalize(sym), out var b))
        {
            lock (b)
            {
                if (ms >= b.SpotMs)
                {
                    b.Spot = price;
                    b.SpotMs = ms;
                }
            }
        }
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
        var occ = sym[2..];
        foreach (var b in _books.Values)
        {
            lock (b)
            {
                if (!b.Index.TryGetValue(occ, out var i)) continue;
                b.Pending[i] = (bid, ask, ms);
                return;
            }
        }
    }

    private async Task RepriceLoop(IChainSink sink, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(repriceInterval, time);
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            foreach (var b in _books.Values)
            {
                ChainReadResult? repriced;
                string? origin;
                lock (b)
                {
                    repriced = Reprice(b);
                    origin = b.Origin;
                }
                if (repriced is not null && origin is not null) sink.Offer(repriced, origin);
            }
        }
    }

    /// <summary>The last chain with the gathered quotes applied (null when none were gathered); it becomes the chain the next quotes apply to.</summary>
    private static ChainReadResult? Reprice(Book b)
    {
        if (b.Pending.Count == 0 || b.Read is not { } read) return null;
        var c = read.Snapshot;
        var builder = new ChainBuilder(c.Count);
        var newest = c.Instant.ToUnixTimeMilliseconds();
        for (var i = 0; i < c.Count; i++)
        {
            var q = new OptionQuote(c.Root(i), c.Expiry[i], c.Type[i], c.Strike[i], c.Bid[i], c.Ask[i], c.Last[i], c.Volume[i], c.OpenInterest[i],
                c.VendorIv[i], c.VendorDelta[i], c.VendorGamma[i], c.SourceLine[i])
            { Multiplier = c.Multiplier[i], Settlement = c.Settlement[i] };
            if (b.Pending.TryGetValue(i, out var p))
            {
                q = q with { Bid = p.Bid, Ask = p.Ask, VendorIv = double.NaN, VendorDelta = double.NaN, VendorGamma = double.NaN };
                newest = Math.Max(newest, p.Ms);
            }
            builder.Add(q);
        }
        b.Pending.Clear();
        var spot = double.IsNaN(b.Spot) || b.SpotMs < c.Instant.ToUnixTimeMilliseconds() ? c.Spot : b.Spot;
        var instant = Core.Time.UsEastern.ToEastern(DateTimeOffset.FromUnixTimeMilliseconds(Math.Max(newest, b.SpotMs)));
        var next = FeedOrigin.With(read, builder.Build(c.Underlying, spot, instant, c.Source));
        b.Read = next;
        return next;
    }

    private static string? Text(JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
