using DealerFlow.Data.Store;

namespace DealerFlow.Web.Api;

/// <summary>
/// The scorecard's daily price files (configuration section <c>DealerFlow:Scorecard</c>; <c>dealerflow serve --prices FILE
/// --vix FILE</c>). Without <see cref="Prices"/> the server serves no scorecard.
/// </summary>
public sealed class ScorecardOptions
{
    public const string Section = "DealerFlow:Scorecard";

    /// <summary>Daily OHLC CSV of the underlying (the formats of <c>dealerflow scorecard --prices</c>).</summary>
    public string? Prices { get; set; }

    /// <summary>Daily VIX CSV (the same formats): adds the partial correlations given the VIX close.</summary>
    public string? Vix { get; set; }
}

/// <summary>Fails the start when a configured price file cannot be read as daily prices, with the reader's message.</summary>
internal sealed class ScorecardOptionsValidator : IValidateOptions<ScorecardOptions>
{
    public ValidateOptionsResult Validate(string? name, ScorecardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        foreach (var (option, path) in new[] { ("--prices", options.Prices), ("--vix", options.Vix) })
        {
            if (path is null) continue;
            try { _ = PriceReader.Read(path); }
            catch (PriceReadException e) { problems.Add($"{option}: {e.Message}"); }
        }
        if (options.Vix is not null && options.Prices is null) problems.Add("--vix needs --prices (the daily prices the sessions are scored against).");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

/// <summary>The configured price files, read once (at the first scorecard request; the start already checked they read).</summary>
public sealed class ScorecardPrices(IOptions<ScorecardOptions> options)
{
    private readonly Lazy<PriceReadResult?> _prices = new(() => options.Value.Prices is { } p ? PriceReader.Read(p) : null);
    private readonly Lazy<PriceReadResult?> _vix = new(() => options.Value.Vix is { } p ? PriceReader.Read(p) : null);

    /// <summary>The daily prices; null when the server was started without a price file.</summary>
    public PriceReadResult? Prices => _prices.Value;

    /// <summary>The VIX closes; null without a VIX file.</summary>
    public PriceReadResult? Vix => _vix.Value;
}

/// <summary>The query of <c>GET /api/{symbol}/scorecard</c>.</summary>
/// <param name="From">First session (yyyy-MM-dd).</param>
/// <param name="To">Last session (yyyy-MM-dd, inclusive).</param>
/// <param name="Model">Stored dealer positioning: classic (default), short-all or a stored name.</param>
public sealed record ScorecardQuery(
    [property: FromQuery(Name = "from")] DateOnly? From,
    [property: FromQuery(Name = "to")] DateOnly? To,
    [property: FromQuery(Name = "model")] string? Model);

/// <summary><c>GET /api/{symbol}/scorecard</c>: do the stored levels hold against the server's daily price file?</summary>
public static class ScorecardApi
{
    public static IEndpointRouteBuilder MapScorecardApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup(SymbolRoute.Prefix).WithTags("Scorecard")
            .MapGet("/scorecard", GetScorecard).WithName("GetScorecard")
            .WithSummary("Each stored session (its last snapshot) scored against the next sessions of the server's price file (serve --prices): wall hold rates, realised vol by regime, breaches, pinning, GEX vs next-day variance and the articles' strategies, each with n and a 95 % bootstrap interval (docs/scorecard.md).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    internal static Results<Ok<ScorecardReport>, ValidationProblem, ProblemHttpResult> GetScorecard(string symbol, [AsParameters] ScorecardQuery q, ScorecardPrices prices, LiveStore store)
    {
        if (!UnderlyingSymbol.TryNormalize(symbol, out var underlying, out var why))
            return TypedResults.Problem(title: "Not a symbol", detail: $"The symbol in the path {why}.", statusCode: StatusCodes.Status400BadRequest);
        if (q.From > q.To) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["from"] = [$"{q.From:yyyy-MM-dd} is after to {q.To:yyyy-MM-dd}."] });
        if (prices.Prices is not { } bars)
            return TypedResults.Problem(title: "No price file", detail: "This server was started without daily prices: start it with 'dealerflow serve --prices FILE' (a daily OHLC CSV of the underlying; --vix FILE adds the VIX closes).", statusCode: StatusCodes.Status409Conflict);
        if (!store.Enabled)
            return TypedResults.Problem(title: "No snapshot store", detail: "This server was started with --no-store: the scorecard reads the stored sessions; start it with --db PATH|URL.", statusCode: StatusCodes.Status409Conflict);
        var model = string.IsNullOrWhiteSpace(q.Model) ? "classic" : q.Model.Trim();
        string? none = null;
        if (!store.TryUse(s => ScorecardSessions.Load(s, underlying, model, q.From, q.To, out none), "scorecard read", out var sessions))
            return TypedResults.Problem(title: "Snapshot store unavailable", detail: store.Status().Error, statusCode: StatusCodes.Status503ServiceUnavailable);
        if (sessions is null) return TypedResults.Problem(title: "No stored sessions", detail: none, statusCode: StatusCodes.Status404NotFound);
        var result = Core.Scorecard.Scorecard.Score(sessions.Sessions, bars.Bars, vix: prices.Vix?.Bars);
        return TypedResults.Ok(ScorecardReport.Of(underlying, sessions.Positioning, sessions.PositioningDescription, ScorecardReport.StoredGexUnit, bars.Source,
            sessions.Sessions[0].Session, sessions.Sessions[^1].Session, result));
    }
}
