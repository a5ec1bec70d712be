using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using DealerFlow.Web.Live;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace DealerFlow.Web.Api;

/// <summary>
/// Live push per symbol with server-sent events: <c>GET /api/{symbol}/stream?unit=&amp;model=&amp;expiry=</c>.
/// Events: <c>snapshot</c> (everything the page draws; on connect, on every chain update and full recomputation),
/// <c>tick</c> (spot, regime, distance to flip), <c>status</c> (error state), <c>alert</c> (spot crossed the flip or a
/// wall). Every event carries an id and the first one a <c>retry:</c> interval; after a reconnect (the browser's
/// EventSource does it by itself) the stream starts again with a full snapshot, so nothing is lost.
/// </summary>
public static class StreamApi
{
    public static readonly TimeSpan Retry = TimeSpan.FromSeconds(2);

    public static IEndpointRouteBuilder MapStreamApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/{symbol}/stream", GetStream).WithName("GetStream").WithTags("Levels")
            .WithSummary("Live push (server-sent events): snapshot, tick, status and alert events, each data a JSON object.")
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    internal static Results<ServerSentEventsResult<string>, ValidationProblem, ProblemHttpResult> GetStream(
        string symbol, [AsParameters] ViewQuery q, LiveBook book, IHostApplicationLifetime lifetime, CancellationToken ct)
    {
        if (!book.TryGet(symbol, out _)) return LevelsApi.UnknownSymbol(symbol);
        if (!ViewKey.TryParse(q.Unit, q.Model, q.Expiry, out var key, out var errors)) return TypedResults.ValidationProblem(errors);
        return TypedResults.ServerSentEvents(Events(book, symbol, key, ct, lifetime.ApplicationStopping));
    }

    private static async IAsyncEnumerable<SseItem<string>> Events(LiveBook book, string symbol, ViewKey key, [EnumeratorCancellation] CancellationToken requestAborted, CancellationToken stopping)
    {
        // End the stream when the client goes or the server stops (otherwise shutdown waits for every open page).
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, stopping);
        var ct = linked.Token;
        using var subscription = book.Subscribe(symbol);
        var signals = subscription.Reader;
        var last = book.NextEventId();
        yield return new SseItem<string>(Json(book.Snapshot(symbol, key)), "snapshot") { EventId = Id(last), ReconnectionInterval = Retry };
        while (true)
        {
            LiveSignal signal;
            try
            {
                if (!await signals.WaitToReadAsync(ct).ConfigureAwait(false)) yield break;
                signal = await signals.ReadAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
            // A signal raised before the first snapshot was built is already in it; ids only grow.
            if (signal.Id <= last) continue;
            last = signal.Id;
            var id = Id(signal.Id);
            switch (signal.Kind)
            {
                case SignalKind.Full:
                case SignalKind.Status:
                    // Collapse a burst of signals into one snapshot.
                    while (signals.TryPeek(out var next) && next.Kind is SignalKind.Tick or SignalKind.Full or SignalKind.Status)
                    {
                        signals.TryRead(out _);
                        last = next.Id;
                        id = Id(next.Id);
                    }
                    yield return new SseItem<string>(Json(book.Snapshot(symbol, key)), "snapshot") { EventId = id };
                    break;
                case SignalKind.Tick:
                    if (signals.TryPeek(out var queued) && queued.Kind == SignalKind.Tick) continue; // only the latest tick matters
                    if (book.TickFor(LiveBook.Normalize(symbol), key) is { } tick)
                        yield return new SseItem<string>(Json(tick), "tick") { EventId = id };
                    break;
                case SignalKind.Alert:
                    yield return new SseItem<string>(Json(signal.Alert!), "alert") { EventId = id };
                    break;
            }
        }
    }

    private static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, WebJson.Options);
}
