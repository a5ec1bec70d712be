using DealerFlow.Core.Exposure;
using DealerFlow.Web.History;
using DealerFlow.Web.Live;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace DealerFlow.Web.Api;

/// <summary>The HTTP JSON API: symbols, levels, profile, exposure and history, each for a unit, model and expiry filter.</summary>
public static class LevelsApi
{
    public static IEndpointRouteBuilder MapSymbolsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/symbols", (LiveBook book) => TypedResults.Ok(book.Symbols()));
        app.MapGet("/api/store", (LiveStore store) => TypedResults.Ok(store.Status()));
        return app;
    }

    public static IEndpointRouteBuilder MapLevelsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/{symbol}");
        api.MapGet("/levels", (string symbol, string? unit, string? model, string? expiry, LiveBook book) =>
            Answer(book, symbol, unit, model, expiry, k => book.Levels(symbol, k)));
        api.MapGet("/profile", (string symbol, string? unit, string? model, string? expiry, LiveBook book) =>
            Answer(book, symbol, unit, model, expiry, k => book.Profile(symbol, k)));
        api.MapGet("/exposure", Results<Ok<ExposureView>, ValidationProblem, ProblemHttpResult> (string symbol, string? unit, string? model, string? expiry, double? range, LiveBook book) =>
            range is { } r && !(r is > 0 and <= 0.5)
                ? Invalid(new() { ["range"] = [$"{r} must be a fraction between 0 and 0.5 (0.1 = +/-10% around spot)."] })
                : Answer(book, symbol, unit, model, expiry, k => book.Exposure(symbol, k, range ?? LiveBook.ExposureRange)));
        api.MapGet("/history", Results<Ok<HistoryView>, ValidationProblem, ProblemHttpResult> (string symbol, string? unit, int? max, DateTimeOffset? from, DateTimeOffset? to, LiveBook book) =>
        {
            if (!book.TryGet(symbol, out _)) return UnknownSymbol(symbol);
            if (!ViewKey.TryParse(unit, null, null, out var key, out var errors)) return TypedResults.ValidationProblem(errors);
            if (max is < 2 or > 100_000) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["max"] = [$"{max} must be between 2 and 100000."] });
            if (from > to) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["from"] = [$"{from:O} is after to {to:O}."] });
            return TypedResults.Ok(book.History(symbol, key.Unit, max ?? 240, from, to));
        });
        api.MapGet("/alerts", Results<Ok<IReadOnlyList<AlertEvent>>, ProblemHttpResult> (string symbol, LiveBook book) =>
            book.TryGet(symbol, out _) ? TypedResults.Ok(book.Alerts(symbol)) : UnknownSymbol(symbol));
        return app;
    }

    private static Results<Ok<T>, ValidationProblem, ProblemHttpResult> Answer<T>(
        LiveBook book, string symbol, string? unit, string? model, string? expiry, Func<ViewKey, (T? View, string? Error)> compute)
        where T : class
    {
        if (!book.TryGet(symbol, out var info)) return UnknownSymbol(symbol);
        if (!ViewKey.TryParse(unit, model, expiry, out var key, out var errors)) return TypedResults.ValidationProblem(errors);
        var (view, error) = compute(key);
        if (view is not null) return TypedResults.Ok(view);
        return info.ChainVersion == 0
            ? TypedResults.Problem(title: $"No data for {info.Symbol} yet", detail: info.Error ?? error, statusCode: StatusCodes.Status503ServiceUnavailable)
            : TypedResults.Problem(title: "Nothing to price for this view", detail: error, statusCode: StatusCodes.Status422UnprocessableEntity);
    }

    private static ValidationProblem Invalid(Dictionary<string, string[]> errors) => TypedResults.ValidationProblem(errors);

    internal static ProblemHttpResult UnknownSymbol(string symbol) =>
        TypedResults.Problem(title: "Unknown symbol", detail: $"'{symbol}' is not served here; GET /api/symbols lists the symbols.", statusCode: StatusCodes.Status404NotFound);
}
