using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;

namespace DealerFlow.Web.Api;

/// <summary>
/// What the server-sent event streams (<see cref="StreamApi"/>, <see cref="MarketApi"/>) share: the stream ends when the
/// client goes or the server stops (otherwise shutdown waits for every open page), every event carries its version as
/// its id, and the first one the <c>retry:</c> interval the browser waits before it reconnects.
/// </summary>
internal static class LiveStream
{
    /// <summary>The reconnection interval sent with a stream's first event.</summary>
    public static readonly TimeSpan Retry = TimeSpan.FromSeconds(2);

    /// <summary>The events <paramref name="events"/> yields for a token cancelled when the request ends or the server stops.</summary>
    public static ServerSentEventsResult<string> Result(Func<CancellationToken, IAsyncEnumerable<SseItem<string>>> events, IHostApplicationLifetime lifetime, CancellationToken requestAborted) =>
        TypedResults.ServerSentEvents(Linked(events, lifetime.ApplicationStopping, requestAborted));

    /// <summary>A stream's first event: <paramref name="json"/> as event <paramref name="type"/>, id <paramref name="id"/>, with <see cref="Retry"/>.</summary>
    public static SseItem<string> First(string json, string type, long id) => Event(json, type, id) with { ReconnectionInterval = Retry };

    /// <summary>An event: <paramref name="json"/> as event <paramref name="type"/>, id <paramref name="id"/>.</summary>
    public static SseItem<string> Event(string json, string type, long id) => new(json, type) { EventId = id.ToString(CultureInfo.InvariantCulture) };

    /// <summary>True when <paramref name="wait"/> ran to completion; false when the stream was cancelled meanwhile.</summary>
    public static async Task<bool> Completes(Task wait)
    {
        try
        {
            await wait.ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async IAsyncEnumerable<SseItem<string>> Linked(Func<CancellationToken, IAsyncEnumerable<SseItem<string>>> events, CancellationToken stopping, [EnumeratorCancellation] CancellationToken requestAborted)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, stopping);
        await foreach (var item in events(linked.Token).ConfigureAwait(false)) yield return item;
    }
}
