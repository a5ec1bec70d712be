using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text.Json;

namespace DealerFlow.Web.Live.Feeds;

/// <summary>
/// Schwab's streamer for spot between polled chains: <c>GET {base}/trader/v1/userPreference</c> gives the socket URL
/// and the client ids; an ADMIN <c>LOGIN</c> with the access token, then <c>SUBS</c> on <c>LEVELONE_EQUITIES</c> for
/// the symbols (fields 0 key, 3 last price, 34 quote time, 35 trade time). Every last price is a spot tick at
/// Schwab's own trade time (else quote time, else the frame's timestamp), never the local clock. The socket is
/// watched by a deadline (no frame, heartbeats included, for <see cref="Silence"/> is a stall); a dropped, stalled or
/// refused connection is reconnected with a back-off that doubles from 1 s up to the poller's maximum and resets
/// after a good login. A message that is not a streamer frame is listed among the rejected inputs and skipped.
/// Connection problems are rejected inputs too (the chains keep coming from the poller); no secret is ever reported.
/// </summary>
internal sealed class SchwabStreamer(HttpClient http, Uri baseUrl, IReadOnlyList<string> symbols, SchwabSession session, CboePollLimits limits, TimeProvider time,
    StreamedChains? chains = null, TimeSpan? reprice = null)
{
    /// <summary>LEVELONE_OPTIONS fields asked for (schwab-py's LevelOneOptionFields): 0 key, 2 bid, 3 ask, 38 quote time (ms).</summary>
    public const string OptionFields = "0,2,3,38";

    public const string Origin = "schwab stream";

    /// <summary>Longest quiet socket before it counts as stalled (Schwab sends a heartbeat about every 10-20 s).</summary>
    public static readonly TimeSpan Silence = TimeSpan.FromSeconds(45);

    /// <summary>Largest streamer frame read; a longer one drops the connection.</summary>
    public const int MaxFrameBytes = FeedSocket.MaxFrameBytes;

    private int _logins;

    /// <summary>Successful logins so far (one per connection).</summary>
    public int Logins => Volatile.Read(ref _logins);

    public Task RunAsync(IChainSink sink, CancellationToken ct) =>
        chains is null ? StreamAsync(sink, ct) : Task.WhenAll(StreamAsync(sink, ct), chains.RunAsync(sink, reprice ?? TimeSpan.FromSeconds(1), time, ct));

    private async Task StreamAsync(IChainSink sink, CancellationToken ct)
    {
        // With option quotes, the stream starts after the first polled chain: its contracts are what is subscribed.
        if (chains is not null)
        {
            try
            {
                await chains.FirstChain.WaitAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
        }
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await StreamOnceAsync(sink, () => failures = 0, ct).ConfigureAwait(false);
                Report(sink, "the streamer closed the connection; reconnecting");
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Report(sink, Describe(e));
            }
            failures++;
            await Task.Delay(FeedSocket.Backoff(failures, limits.MaxBackoff), time, ct).ConfigureAwait(false);
        }
    }

    private string Describe(Exception e) => e switch
    {
        FeedException or FeedHttpException => e.Message,
        OperationCanceledException => string.Create(CultureInfo.InvariantCulture, $"no message (not even a heartbeat) for {Silence.TotalSeconds:0} s; reconnecting"),
        WebSocketException or HttpRequestException or IOException => $"the connection failed ({e.Message}); reconnecting",
        SchwabAuthException or InvalidOperationException => e.Message,
        _ => $"the stream could not be used ({e.Message}); reconnecting",
    };

    private void Report(IChainSink sink, string message) => sink.Error("", PollingCore.Redact("Schwab stream: " + message, session.Secrets), Origin);

    private async Task StreamOnceAsync(IChainSink sink, Action loggedIn, CancellationToken ct)
    {
        var access = await session.AccessTokenAsync(null, ct).ConfigureAwait(false);
        var info = await StreamerInfoAsync(access, ct).ConfigureAwait(false);
        using var socket = new ClientWebSocket();
        using (var connect = Deadline(ct))
            await socket.ConnectAsync(info.Url, connect.Token).ConfigureAwait(false);
        await FeedSocket.SendAsync(socket, Request("ADMIN", "LOGIN", 0, info, new Dictionary<string, string>
        {
            ["Authorization"] = access,
            ["SchwabClientChannel"] = info.Channel,
            ["SchwabClientFunctionId"] = info.Function,
        }), ct).ConfigureAwait(false);
        var subscribed = false;
        var buffer = new byte[64 * 1024];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        Task? following = null;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                using var doc = await FeedSocket.ReceiveJsonAsync(socket, buffer, Silence, time,
                    n => Report(sink, string.Create(CultureInfo.InvariantCulture, $"a message of {n} characters is not JSON; skipped")), ct).ConfigureAwait(false);
                if (doc is null) return;
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    Report(sink, "a message is not a JSON object; skipped");
                    continue;
                }
                if (root.TryGetProperty("response", out var responses) && responses.ValueKind == JsonValueKind.Array)
                {
                    foreach (var r in responses.EnumerateArray())
                    {
                        if (Text(r, "command") != "LOGIN") continue;
                        var code = r.TryGetProperty("content", out var content) && content.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : -1;
                        if (code != 0) throw new FeedException(string.Create(CultureInfo.InvariantCulture, $"the streamer refused the login (code {code}); reconnecting with a fresh token"));
                        Interlocked.Increment(ref _logins);
                        loggedIn();
                        if (!subscribed)
                        {
                            subscribed = true;
                            await FeedSocket.SendAsync(socket, Request("LEVELONE_EQUITIES", "SUBS", 1, info, new Dictionary<string, string>
                            {
                                ["keys"] = string.Join(',', symbols),
                                ["fields"] = "0,3,34,35",
                            }), ct).ConfigureAwait(false);
                            if (chains?.Choose() is { Count: > 0 } options)
                            {
                                var id = 2;
                                await FeedSocket.SendAsync(socket, OptionSubs(options, id, info), stop.Token).ConfigureAwait(false);
                                // SUBS replaces the service's subscriptions: each new choice is sent whole. Only this task sends from here on.
                                following = chains.FollowAsync(options, (_, _, wanted) => FeedSocket.SendAsync(socket, OptionSubs(wanted, ++id, info), stop.Token), stop.Token);
                            }
                        }
                    }
                }
                if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
                {
                    foreach (var d in data.EnumerateArray())
                    {
                        Ticks(sink, d);
                        OptionQuotes(sink, d);
                    }
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            if (following is not null) await following.ConfigureAwait(false);
        }
    }

    /// <summary>The LEVELONE_OPTIONS <c>SUBS</c> request for <paramref name="options"/> (compact OCC symbols).</summary>
    private static byte[] OptionSubs(IEnumerable<string> options, int id, StreamerInfo info) => Request("LEVELONE_OPTIONS", "SUBS", id, info, new Dictionary<string, string>
    {
        ["keys"] = string.Join(',', options.Select(OptionKey)),
        ["fields"] = OptionFields,
    });

    /// <summary>The spot ticks of one LEVELONE_EQUITIES data item; deltas without a last price carry none.</summary>
    private void Ticks(IChainSink sink, JsonElement item)
    {
        if (Text(item, "service") != "LEVELONE_EQUITIES" || !item.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array) return;
        long? frameMs = item.TryGetProperty("timestamp", out var ts) && ts.TryGetInt64(out var f) ? f : null;
        foreach (var q in content.EnumerateArray())
        {
            if (Text(q, "key") is not { Length: > 0 } key) continue;
            if (!q.TryGetProperty("3", out var last) || !last.TryGetDouble(out var price)) continue;
            var ms = Millis(q, "35") ?? Millis(q, "34") ?? frameMs;
            if (ms is not { } at)
            {
                Report(sink, $"a {key} price came without a time; skipped (a tick is never stamped with the local clock)");
                continue;
            }
            if (!(price > 0 && double.IsFinite(price)))
            {
                Report(sink, string.Create(CultureInfo.InvariantCulture, $"{key} last price {price} is not a positive price; skipped"));
                continue;
            }
            sink.Spot(key, price, Core.Time.UsEastern.ToEastern(DateTimeOffset.FromUnixTimeMilliseconds(at)));
        }
    }

    /// <summary>Schwab's option symbol for a compact OCC one: the root padded to 6 characters (<c>SPY   200131C00330000</c>).</summary>
    public static string OptionKey(string occ) => occ[..^15].PadRight(6) + occ[^15..];

    /// <summary>The option quotes of one LEVELONE_OPTIONS data item onto the last chain; deltas carry only the fields that changed.</summary>
    private void OptionQuotes(IChainSink sink, JsonElement item)
    {
        if (chains is null || Text(item, "service") != "LEVELONE_OPTIONS" || !item.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array) return;
        long? frameMs = item.TryGetProperty("timestamp", out var ts) && ts.TryGetInt64(out var f) ? f : null;
        foreach (var q in content.EnumerateArray())
        {
            if (Text(q, "key") is not { Length: > 15 } key) continue;
            double? bid = q.TryGetProperty("2", out var b) && b.TryGetDouble(out var bv) ? bv : null;
            double? ask = q.TryGetProperty("3", out var a) && a.TryGetDouble(out var av) ? av : null;
            if (bid is null && ask is null) continue;
            if ((Millis(q, "38") ?? frameMs) is not { } at)
            {
                Report(sink, $"a {key} quote came without a time; skipped");
                continue;
            }
            if (bid is < 0 || ask is < 0 || (bid is { } x && ask is { } y && y < x) || (bid is { } nb && !double.IsFinite(nb)) || (ask is { } na && !double.IsFinite(na)))
            {
                Report(sink, string.Create(CultureInfo.InvariantCulture, $"{key} quote bid {bid} ask {ask} is not a market; skipped"));
                continue;
            }
            chains.Quote(key.Replace(" ", "", StringComparison.Ordinal), bid, ask, at);
        }
    }

    private static long? Millis(JsonElement q, string field) => q.TryGetProperty(field, out var v) && v.TryGetInt64(out var ms) && ms > 0 ? ms : null;

    private static string? Text(JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private CancellationTokenSource Deadline(CancellationToken ct)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(limits.Deadline);
        return cts;
    }

    private sealed record StreamerInfo(Uri Url, string Customer, string Correl, string Channel, string Function);

    private async Task<StreamerInfo> StreamerInfoAsync(string access, CancellationToken ct)
    {
        var url = new Uri(baseUrl, "trader/v1/userPreference");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", access);
        using var deadline = Deadline(ct);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new FeedHttpException(response.StatusCode, $"HTTP {(int)response.StatusCode} {response.StatusCode} from {url}; reconnecting", null);
        using var body = await PollingCore.ReadCappedAsync(response.Content, MaxFrameBytes, deadline.Token).ConfigureAwait(false)
            ?? throw new FeedException($"{url}: the answer is over {MaxFrameBytes} bytes; not read");
        try
        {
            using var doc = JsonDocument.Parse(body);
            var info = doc.RootElement.TryGetProperty("streamerInfo", out var list) && list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > 0 ? list[0] : default;
            var socket = Text(info, "streamerSocketUrl");
            if (socket is null || !Uri.TryCreate(socket, UriKind.Absolute, out var u))
                throw new FeedException($"{url}: no streamerInfo.streamerSocketUrl; no stream (spot moves with the polled chains)");
            // The access token goes over this socket: only wss://, or ws:// on this machine (a stub).
            if (!FeedSocket.MaySendSecret(u))
                throw new FeedException($"{url}: the streamer address is {u.Scheme}://{u.Host}, not wss://; not connected (the token is only sent encrypted)");
            return new StreamerInfo(u, Text(info, "schwabClientCustomerId") ?? "", Text(info, "schwabClientCorrelId") ?? "",
                Text(info, "schwabClientChannel") ?? "", Text(info, "schwabClientFunctionId") ?? "");
        }
        catch (JsonException)
        {
            throw new FeedException($"{url}: the answer is not JSON");
        }
    }

    private static byte[] Request(string service, string command, int id, StreamerInfo info, Dictionary<string, string> parameters) =>
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["requests"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["requestid"] = id.ToString(CultureInfo.InvariantCulture),
                    ["service"] = service,
                    ["command"] = command,
                    ["SchwabClientCustomerId"] = info.Customer,
                    ["SchwabClientCorrelId"] = info.Correl,
                    ["parameters"] = parameters,
                },
            },
        });
}
