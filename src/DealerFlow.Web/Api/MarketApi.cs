using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using DealerFlow.Web.Market;

namespace DealerFlow.Web.Api;

/// <summary>
/// The market overview: <c>GET /api/market</c> (every underlying, or with <c>since=V</c> only the rows changed after
/// version V) and <c>GET /api/market/stream</c> (server-sent events: one <c>market</c> event with every row, then
/// <c>changes</c> events with only the rows that changed, at most one every <see cref="Coalesce"/>).
/// </summary>
internal static class MarketApi
{
    /// <summary>The shortest gap between two <c>changes</c> events: a busy market sends batches, not one event per tick.</summary>
    public static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(250);

    public static IEndpointRouteBuilder MapMarketApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/market", GetMarket).WithName("GetMarket").WithTags("Market")
            .WithSummary("Every underlying: spot, regime, distance to the flip (points and %), call and put wall and their distance, total GEX ($ per 1% move, classic model), last update and status; with since=V only the rows changed after version V.");
        app.MapGet("/api/market/stream", GetMarketStream).WithName("GetMarketStream").WithTags("Market")
            .WithSummary("Live market overview (server-sent events): a market event with every row, then changes events with only the rows that changed.")
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream");
        return app;
    }

    internal static Results<Ok<MarketView>, ValidationProblem> GetMarket(MarketBoard board, long? since = null) =>
        since is < 0
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["since"] = [$"{since} is not a version (0 or more, from a previous response's version)."] })
            : TypedResults.Ok(since is { } v ? board.Changes(v) : board.Snapshot());

    internal static ServerSentEventsResult<string> GetMarketStream(MarketBoard board, IHostApplicationLifetime lifetime, CancellationToken ct) =>
        LiveStream.Result(token => Events(board, token), lifetime, ct);

    private static async IAsyncEnumerable<SseItem<string>> Events(MarketBoard board, [EnumeratorCancellation] CancellationToken ct)
    {
        var all = board.Snapshot();
        var seen = all.Version;
        yield return LiveStream.First(JsonSerializer.Serialize(all, WebJson.Options), "market", seen);
        while (await LiveStream.Completes(WaitThenCoalesce(board, seen, ct)).ConfigureAwait(false))
        {
            var (json, version, rows) = board.ChangesJson(seen);
            seen = version;
            if (rows > 0) yield return LiveStream.Event(json, "changes", seen);
        }
    }

    private static async Task WaitThenCoalesce(MarketBoard board, long seen, CancellationToken ct)
    {
        await board.WaitForChangeAsync(seen, ct).ConfigureAwait(false);
        await Task.Delay(Coalesce, ct).ConfigureAwait(false);
    }
}
