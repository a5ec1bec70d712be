using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;

namespace DealerFlow.Web.Api;

/// <summary>
/// Live push per symbol with server-sent events: <c>GET /api/{symbol}/stream?unit=&amp;model=&amp;expiry=</c>.
/// Events: <c>snapshot</c> (everything the page draws, once on connect), <c>levels</c> (the symbol's state and the
/// view's levels after every chain update and full recomputation: what changed; the page fetches the large views,
/// <c>GET /api/{symbol}/snapshot</c>, itself), <c>tick</c> (spot, regime, distance to flip), <c>status</c> (error state)
/// and <c>alert</c> (spot crossed the flip or a wall). Each event's JSON is built once per state and view and shared
/// by every subscriber; each subscriber's queue is bounded and a slow reader skips to the latest state. Every event
/// carries an id and the first one a <c>retry:</c> interval; after a reconnect (the browser's EventSource does it by
/// itself) the stream starts again with a full snapshot, so nothing is lost.
/// </summary>
internal static class StreamApi
{
    public static IEndpointRouteBuilder MapStreamApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapServedSymbolGroup("Levels");
        api.MapGet("/stream", GetStream).WithName("GetStream")
            .WithSummary("Live push (server-sent events): snapshot, levels, tick, status and alert events, each data a JSON object.")
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream");
        api.MapGet("/snapshot", GetSnapshot).WithName("GetSnapshot")
            .WithSummary("Everything the dashboard draws for the view (levels, profile, exposure, history, alerts), built once per update and shared.")
            .Produces<DashboardSnapshot>(StatusCodes.Status200OK, "application/json");
        return app;
    }

    internal static Results<ServerSentEventsResult<string>, ValidationProblem, ProblemHttpResult> GetStream(
        string symbol, [AsParameters] ViewQuery q, SymbolTable symbols, LiveFeed feed, StreamEvents events, IHostApplicationLifetime lifetime, CancellationToken ct)
    {
        if (!ViewKey.TryParse(q.Unit, q.Model, q.Expiry, out var key, out var errors)) return TypedResults.ValidationProblem(errors);
        return LiveStream.Result(token => Events(feed, events, symbols[symbol], key, token), lifetime, ct);
    }

    internal static Results<ContentHttpResult, ValidationProblem, ProblemHttpResult> GetSnapshot(string symbol, [AsParameters] ViewQuery q, SymbolTable symbols, StreamEvents events)
    {
        if (!ViewKey.TryParse(q.Unit, q.Model, q.Expiry, out var key, out var errors)) return TypedResults.ValidationProblem(errors);
        return TypedResults.Text(events.SnapshotJson(symbols[symbol], key), "application/json", System.Text.Encoding.UTF8);
    }

    private static async IAsyncEnumerable<SseItem<string>> Events(LiveFeed feed, StreamEvents events, SymbolState symbol, ViewKey key, [EnumeratorCancellation] CancellationToken ct)
    {
        using var subscription = feed.Subscribe(symbol);
        var last = feed.NextEventId();
        yield return LiveStream.First(events.SnapshotJson(symbol, key), "snapshot", last);
        while (true)
        {
            var read = subscription.ReadAsync(ct).AsTask();
            if (!await LiveStream.Completes(read).ConfigureAwait(false) || await read.ConfigureAwait(false) is not { } batch) yield break;
            foreach (var signal in batch)
            {
                // A signal raised before the first snapshot was built is already in it; ids only grow.
                if (signal.Id <= last) continue;
                last = signal.Id;
                var (json, type) = signal.Kind switch
                {
                    SignalKind.Full => (events.LevelsJson(symbol, key), "levels"),
                    SignalKind.Status => (events.StatusJson(symbol), "status"),
                    SignalKind.Tick => (events.TickJson(symbol, key, signal.Id), "tick"),
                    SignalKind.Alert => (JsonSerializer.Serialize(signal.Alert!, WebJson.Options), "alert"),
                    _ => (null, ""),
                };
                if (json is not null) yield return LiveStream.Event(json, type, signal.Id);
            }
        }
    }
}
