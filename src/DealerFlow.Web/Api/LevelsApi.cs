namespace DealerFlow.Web.Api;

/// <summary>The view a request asks for: GEX unit, positioning model and expiry filter (each optional; defaults as <c>dealerflow levels</c>).</summary>
/// <param name="Unit">GEX unit: 1pct ($ per 1% move, default), point ($ per 1-point move) or shares (shares per 1-point move).</param>
/// <param name="Model">Dealer positioning model: classic (default: dealers long calls, short puts) or short-all.</param>
/// <param name="Expiry">Expiry filter: all (default), 0dte, ex-next (without the next expiry) or N (expiries at most N calendar days away).</param>
internal sealed record ViewQuery(
    [property: FromQuery(Name = "unit")] string? Unit,
    [property: FromQuery(Name = "model")] string? Model,
    [property: FromQuery(Name = "expiry")] string? Expiry);

/// <summary>The query of <c>GET /api/{symbol}/exposure</c>.</summary>
/// <param name="Unit">GEX unit: 1pct ($ per 1% move, default), point ($ per 1-point move) or shares (shares per 1-point move).</param>
/// <param name="Model">Dealer positioning model: classic (default: dealers long calls, short puts) or short-all.</param>
/// <param name="Expiry">Expiry filter: all (default), 0dte, ex-next (without the next expiry) or N (expiries at most N calendar days away).</param>
/// <param name="Range">Strikes within this fraction of spot (0 &lt; range &lt;= 0.5; default 0.1 = +/-10%).</param>
internal sealed record ExposureQuery(
    [property: FromQuery(Name = "unit")] string? Unit,
    [property: FromQuery(Name = "model")] string? Model,
    [property: FromQuery(Name = "expiry")] string? Expiry,
    [property: FromQuery(Name = "range")] double? Range);

/// <summary>The query of <c>GET /api/{symbol}/history</c>.</summary>
/// <param name="Unit">GEX unit: 1pct ($ per 1% move, default), point ($ per 1-point move) or shares (shares per 1-point move).</param>
/// <param name="Max">Most points returned, 2 to 100000 (default 240); longer series are thinned.</param>
/// <param name="From">Only points at or after this time (ISO 8601).</param>
/// <param name="To">Only points at or before this time (ISO 8601).</param>
internal sealed record HistoryQuery(
    [property: FromQuery(Name = "unit")] string? Unit,
    [property: FromQuery(Name = "max")] int? Max,
    [property: FromQuery(Name = "from")] DateTimeOffset? From,
    [property: FromQuery(Name = "to")] DateTimeOffset? To);

/// <summary>The HTTP JSON API: symbols, levels, profile, exposure and history, each for a unit, model and expiry filter.</summary>
internal static class LevelsApi
{
    public static IEndpointRouteBuilder MapSymbolsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Symbols");
        api.MapGet("/symbols", GetSymbols).WithName("GetSymbols")
            .WithSummary("The symbols served, with their source, chain time, spot and error state.");
        api.MapGet("/rejected", GetRejected).WithName("GetRejected")
            .WithSummary("Inputs that were not used (files that are no chain or not whole, failed polls, junk symbols), newest first, with the reason; a bad file never becomes a symbol.");
        api.MapGet("/store", GetStore).WithName("GetStore")
            .WithSummary("The snapshot store: where chains are written and how many are stored.");
        return app;
    }

    public static IEndpointRouteBuilder MapLevelsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapServedSymbolGroup("Levels");
        api.MapGet("/levels", GetLevels).AsView("GetLevels", "Key levels (zero gamma, call and put walls, absolute gamma strike), total GEX and regime for the view.");
        api.MapGet("/profile", GetProfile).AsView("GetProfile", "Total GEX as a function of hypothetical spot, with the zero-gamma crossing.");
        api.MapGet("/exposure", GetExposure).AsView("GetExposure", "GEX by strike (calls, puts, net), by expiry, and the strike x expiry heatmap near spot.");
        api.MapGet("/history", GetHistory).WithName("GetHistory")
            .WithSummary("Levels over time: stored chains and this session's ticks, oldest first.");
        api.MapGet("/alerts", GetAlerts).WithName("GetAlerts")
            .WithSummary("Recent alerts: spot crossing the zero-gamma level or a wall, newest last.");
        return app;
    }

    /// <summary>
    /// An endpoint that computes a view, named <paramref name="name"/> (the OpenAPI operation id) and summarised, with the
    /// problems of a view that cannot be computed: no chain yet (503), nothing to price (422); the unknown symbol's 404
    /// comes with <see cref="SymbolRoute.MapServedSymbolGroup"/>.
    /// </summary>
    internal static RouteHandlerBuilder AsView(this RouteHandlerBuilder endpoint, string name, string summary) =>
        endpoint.WithName(name).WithSummary(summary)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    internal static Ok<IReadOnlyList<SymbolInfo>> GetSymbols(SymbolTable symbols) => TypedResults.Ok(symbols.List());

    internal static Ok<StoreStatus> GetStore(LiveStore store) => TypedResults.Ok(store.Status());

    internal static Ok<IReadOnlyList<RejectedInput>> GetRejected(RejectedInputs rejected) => TypedResults.Ok(rejected.List());

    internal static Results<Ok<LevelsView>, ValidationProblem, ProblemHttpResult> GetLevels(string symbol, [AsParameters] ViewQuery q, SymbolTable symbols, LiveViews views) =>
        Answer(symbols[symbol], q.Unit, q.Model, q.Expiry, views.Levels);

    internal static Results<Ok<ProfileView>, ValidationProblem, ProblemHttpResult> GetProfile(string symbol, [AsParameters] ViewQuery q, SymbolTable symbols, LiveViews views) =>
        Answer(symbols[symbol], q.Unit, q.Model, q.Expiry, views.Profile);

    internal static Results<Ok<ExposureView>, ValidationProblem, ProblemHttpResult> GetExposure(string symbol, [AsParameters] ExposureQuery q, SymbolTable symbols, LiveViews views) =>
        q.Range is { } r && !(r is > 0 and <= 0.5)
            ? Invalid(new() { ["range"] = [$"{r} must be a fraction between 0 and 0.5 (0.1 = +/-10% around spot)."] })
            : Answer(symbols[symbol], q.Unit, q.Model, q.Expiry, (s, k) => views.Exposure(s, k, q.Range ?? LiveViews.ExposureRange));

    internal static Results<Ok<HistoryView>, ValidationProblem, ProblemHttpResult> GetHistory(string symbol, [AsParameters] HistoryQuery q, SymbolTable symbols, LiveViews views)
    {
        if (!ViewKey.TryParse(q.Unit, null, null, out var key, out var errors)) return TypedResults.ValidationProblem(errors);
        if (q.Max is < 2 or > 100_000) return Invalid(new() { ["max"] = [$"{q.Max} must be between 2 and 100000."] });
        if (q.From > q.To) return Invalid(new() { ["from"] = [$"{q.From:O} is after to {q.To:O}."] });
        return TypedResults.Ok(views.History(symbols[symbol], key.Unit, q.Max ?? 240, q.From, q.To));
    }

    internal static Ok<IReadOnlyList<AlertEvent>> GetAlerts(string symbol, SymbolTable symbols, LiveViews views) => TypedResults.Ok(views.Alerts(symbols[symbol]));

    private static Results<Ok<T>, ValidationProblem, ProblemHttpResult> Answer<T>(
        SymbolState s, string? unit, string? model, string? expiry, Func<SymbolState, ViewKey, (T? View, string? Error)> compute)
        where T : class
    {
        if (!ViewKey.TryParse(unit, model, expiry, out var key, out var errors)) return TypedResults.ValidationProblem(errors);
        var (view, error) = compute(s, key);
        return view is not null ? TypedResults.Ok(view) : NoView(s.Info(), error);
    }

    /// <summary>The problem of a view that cannot be computed: no chain yet (503) or nothing to price (422).</summary>
    internal static ProblemHttpResult NoView(SymbolInfo info, string? error) =>
        info.ChainVersion == 0
            ? TypedResults.Problem(title: $"No data for {info.Symbol} yet", detail: info.Error ?? error, statusCode: StatusCodes.Status503ServiceUnavailable)
            : TypedResults.Problem(title: "Nothing to price for this view", detail: error, statusCode: StatusCodes.Status422UnprocessableEntity);

    private static ValidationProblem Invalid(Dictionary<string, string[]> errors) => TypedResults.ValidationProblem(errors);
}
