using System.Diagnostics;
using DealerFlow.Core.Hedging;
using DealerFlow.Core.Simulation;

namespace DealerFlow.Web.Api;

/// <summary>One target of <c>GET /api/{symbol}/flows</c>: the hedge trade a move from spot to the level forces on dealers.</summary>
/// <param name="Label">What the target is ("zero gamma", "call wall", "+1%", "4800").</param>
/// <param name="To">The level, price units; null when it does not exist for this chain.</param>
/// <param name="MovePct">(To / spot - 1) x 100.</param>
/// <param name="Shares">Shares dealers trade over the move: + buy, - sell.</param>
/// <param name="Dollars">$ traded, each slice at its own price along the move: + buy, - sell.</param>
/// <param name="Direction">"sell into the rally", "buy into the rally", "buy into the decline", "sell into the decline" or "none".</param>
/// <param name="Dampening">True when the hedge trades against the move (dealers long gamma over it).</param>
/// <param name="DeltaTo">Dealer option delta D(To), shares.</param>
/// <param name="TopExpiries">The three expiries contributing the most |shares|.</param>
/// <param name="Note">Why a target has no flow.</param>
internal sealed record FlowTarget(string Label, double? To, double? MovePct, double? Shares, double? Dollars, string? Direction, bool? Dampening, double? DeltaTo, IReadOnlyList<ExpiryFlow> TopExpiries, string? Note);

/// <summary>A point of the dealer delta profile D(S), shares.</summary>
internal sealed record DeltaPoint(double Spot, double DealerDeltaShares);

/// <summary>The query of <c>GET /api/{symbol}/flows</c>.</summary>
/// <param name="Model">Dealer positioning model: classic (default: dealers long calls, short puts) or short-all.</param>
/// <param name="Expiry">Expiry filter: all (default), 0dte, ex-next (without the next expiry) or N (expiries at most N calendar days away).</param>
/// <param name="Targets">Comma-separated, 1 to 20: prices, moves such as +1% or -2%, or zero-gamma, call-wall, put-wall, abs-gamma (default zero-gamma,call-wall,put-wall,+1%,-1%,+2%,-2%).</param>
internal sealed record FlowsQuery(
    [property: FromQuery(Name = "model")] string? Model,
    [property: FromQuery(Name = "expiry")] string? Expiry,
    [property: FromQuery(Name = "targets")] string? Targets);

/// <summary>Units of the flows response.</summary>
internal sealed record FlowUnits(string Shares, string Dollars, string Level, string DeltaProfile);

/// <summary><c>GET /api/{symbol}/flows</c>: dealer delta at spot, the hedge trade to each target and D(S) over the search range.</summary>
internal sealed record FlowsView(
    SymbolInfo Symbol,
    string Model,
    string ModelDescription,
    string Expiry,
    string ExpiryDescription,
    double Spot,
    DateTimeOffset AsOf,
    double? ZeroGamma,
    double? CallWall,
    double? PutWall,
    FlowUnits Units,
    double DealerDeltaAtSpot,
    double DealerDeltaAtSpotDollars,
    IReadOnlyList<FlowTarget> Flows,
    IReadOnlyList<DeltaPoint> DeltaProfile);

/// <summary>Body of <c>POST /api/{symbol}/simulate</c>: the view (model, expiry) and the shared <see cref="SimulationRequest"/>; every field is optional (defaults as <c>dealerflow simulate</c>, paths 500, samples 12).</summary>
internal sealed record SimulateRequest : SimulationRequest
{
    /// <summary>Dealer positioning model: classic (default) or short-all.</summary>
    public string? Model { get; init; }

    /// <summary>Expiry filter: all (default), 0dte, ex-next or N (days).</summary>
    public string? Expiry { get; init; }
}

/// <summary>Units of the simulation response.</summary>
internal sealed record SimulationUnits(string RealizedVol, string ProgramDollars, string Levels, string DealerShares, string Probabilities, string Times, string Intervals);

/// <summary><c>POST /api/{symbol}/simulate</c>: the simulator's statistics and sample paths (result.settings holds every parameter, seed included).</summary>
internal sealed record SimulateView(SymbolInfo Symbol, string Model, string ModelDescription, string Expiry, string ExpiryDescription, DateTimeOffset AsOf, string Description, SimulationUnits Units, SimulationResult Result, long ElapsedMs);

/// <summary>The hedging endpoints: dealer hedge flows and the dealer-hedging market simulator (docs/hedging.md), on the live chain of a symbol.</summary>
internal static class HedgingApi
{
    /// <summary>Cap on the work of one request: paths x steps x runs (1 + program sizes); the other bounds are <see cref="SimulationLimits.Api"/>.</summary>
    public const long MaxPathSteps = 2_000_000;

    /// <summary>A simulation still running after this is cancelled (503).</summary>
    public static readonly TimeSpan SimulateTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Points of D(S) in the flows response, over the levels search range around spot.</summary>
    public const int ProfilePoints = 41;


    public static IEndpointRouteBuilder MapHedgingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapServedSymbolGroup("Hedging");
        api.MapGet("/flows", Flows).AsView("GetFlows", "Dealer delta at spot, the hedge trade a move to each target forces on dealers, and D(S) over the search range.");
        api.MapPost("/simulate", Simulate).AsView("Simulate", "Runs the dealer-hedging market simulator on the live chain (one run at a time; 503 after 60 s).")
            .Accepts<SimulateRequest>("application/json");
        return app;
    }

    internal static Results<Ok<FlowsView>, ValidationProblem, ProblemHttpResult> Flows(string symbol, [AsParameters] FlowsQuery q, SymbolTable symbols, LiveViews views)
    {
        if (!ViewKey.TryParse(null, q.Model, q.Expiry, out var key, out var errors)) return TypedResults.ValidationProblem(errors);
        var given = q.Targets is null ? [.. HedgeTargets.Default] : q.Targets.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (given.Length is 0 or > 20) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["targets"] = ["Give 1 to 20 targets, comma-separated."] });
        var (analysis, priced, info, error) = views.Hedging(symbols[symbol], key);
        if (analysis is null || priced is null || priced.Count == 0) return NoView(info, error);
        var l = analysis.Levels;
        var parsed = new List<HedgeTarget>();
        foreach (var t in given)
        {
            if (!HedgeTargets.TryParse(t, l, out var target)) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["targets"] = [HedgeTargets.Problem(t)] });
            parsed.Add(target);
        }
        var spot = l.Spot;
        var rows = parsed.Select(p =>
        {
            if (p.Level is not { } level) return new FlowTarget(p.Label, null, null, null, null, null, null, null, [], "level does not exist for this chain");
            var f = HedgeFlows.Compute(priced, spot, level, p.Label);
            var top = f.ByExpiry.OrderByDescending(e => Math.Abs(e.Shares)).Take(3).ToArray();
            return new FlowTarget(f.Label, f.To, f.MovePct, f.Shares, f.Dollars, f.Direction, f.Dampening, f.DeltaTo, top, null);
        }).ToArray();
        var d0 = DeltaProfile.Net(priced, spot);
        var profile = HedgeTargets.ProfileSpots(spot, LevelsSettings.Default.SearchRange, ProfilePoints).Select(s => new DeltaPoint(s, DeltaProfile.Net(priced, s))).ToArray();
        var units = new FlowUnits("shares of the underlying (+ dealers buy, - dealers sell)", "usd, each slice of the hedge at its own price along the move", "price units of the underlying", "dealer option delta D(S) in shares at hypothetical spot S (their hedge holds -D)");
        return TypedResults.Ok(new FlowsView(info, l.Positioning, l.PositioningDescription, key.Expiry, key.Filter.Describe(), spot, l.AsOf, l.ZeroGamma, l.CallWall, l.PutWall,
            units, d0, d0 * spot, rows, profile));
    }

    internal static async Task<Results<Ok<SimulateView>, ValidationProblem, ProblemHttpResult>> Simulate(string symbol, HttpRequest http, SymbolTable symbols, LiveViews views, SimulationGate gate, CancellationToken aborted)
    {
        SimulateRequest? q;
        Dictionary<string, string[]>? bodyError;
        try
        {
            (q, bodyError) = await ReadBody(http, aborted);
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own verdict on the body: 408 when it arrives too slowly (or stalls), 413 when too large.
            return TypedResults.Problem(title: e.StatusCode == StatusCodes.Status408RequestTimeout ? "Request body timed out" : "Bad request body",
                detail: e.StatusCode == StatusCodes.Status408RequestTimeout ? "The request body stopped arriving (or came too slowly); send the whole JSON body at once." : e.Message,
                statusCode: e.StatusCode);
        }
        if (q is null) return TypedResults.ValidationProblem(bodyError!);
        var errors = q.Validate(SimulationLimits.Api).ToDictionary(kv => kv.Key, kv => new[] { kv.Value });
        if (!ViewKey.TryParse(null, q.Model, q.Expiry, out var key, out var viewErrors))
            foreach (var (k, v) in viewErrors) errors[k] = v;
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var (analysis, priced, info, error) = views.Hedging(symbols[symbol], key);
        if (analysis is null || priced is null || priced.Count == 0) return NoView(info, error);
        var l = analysis.Levels;
        var first = priced.Expiries[0];
        double? horizonYears = q.HorizonHours / (365.0 * 24);
        if (horizonYears > first.Years)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["horizonHours"] = [$"{q.HorizonHours} goes past the first expiry ({first.Date:yyyy-MM-dd}, {first.Years * 365 * 24:0.##} h away); the simulator stops at or before it. Use expiry=ex-next to simulate toward the next one."] });
        if (horizonYears is null && first.Years * 365 * 24 * 60 < 30)
            return TypedResults.Problem(title: "The first expiry settles within 30 minutes", detail: $"{first.Date:yyyy-MM-dd} settles within 30 minutes of the snapshot; give horizonHours or use expiry=ex-next.", statusCode: StatusCodes.Status422UnprocessableEntity);
        var defaults = q.ToSettings(SimulationLimits.Api, []);
        var sizes = q.Programs ?? ProgramSizes.Default(priced, l.CallWall, defaults.ImpactPctPerBillion, defaults.Impact, defaults.PositionScale);
        var settings = defaults with { ProgramSizes = sizes };
        var runs = 1 + sizes.Count(s => s != 0);
        var work = (long)settings.Paths * settings.Steps * runs;
        if (work > MaxPathSteps)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["paths"] = [$"paths x steps x runs = {settings.Paths} x {settings.Steps} x {runs} = {work:#,0} is over the cap of {MaxPathSteps:#,0}; ask for fewer paths, steps or program sizes."] });

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        cts.CancelAfter(SimulateTimeout);
        var ct = cts.Token;
        var clock = Stopwatch.StartNew();
        try
        {
            await gate.Running.WaitAsync(ct);
            try
            {
                var result = await Task.Run(() => MarketSimulator.Run(priced, settings, l.ZeroGamma, l.CallWall, l.PutWall, _ => ct.ThrowIfCancellationRequested()), ct);
                var units = new SimulationUnits("annualised, fraction (calendar-time years)", "usd (+ buy toward the call wall, - sell toward the put wall)", "price units of the underlying", "shares of the underlying", "fraction of paths", "sampleTimesHours: hours since the start", MarketSimulator.IntervalNote);
                return TypedResults.Ok(new SimulateView(info, l.Positioning, l.PositioningDescription, key.Expiry, key.Filter.Describe(), l.AsOf, SimulationRequest.Describe(settings), units, result, clock.ElapsedMilliseconds));
            }
            finally
            {
                gate.Running.Release();
            }
        }
        catch (Exception e) when (IsCancellation(e))
        {
            return aborted.IsCancellationRequested
                ? TypedResults.Problem(title: "Request aborted", statusCode: 499)
                : TypedResults.Problem(title: "Simulation timed out", detail: $"The simulation did not finish within {SimulateTimeout.TotalSeconds:0} s (another one may be running); ask for fewer paths or steps.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        catch (ArgumentOutOfRangeException e)
        {
            var message = e.Message;
            var cut = message.IndexOf(" (Parameter", StringComparison.Ordinal);
            var field = e.ParamName == nameof(SimulationSettings.ImpactPctPerBillion) ? "impact" : "settings";
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [cut > 0 ? message[..cut] : message] });
        }
    }

    /// <summary>Most bytes of a simulate request body.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    /// <summary>The JSON body (empty = every default); a value of the wrong type is a problem keyed by its field, as a bad value is.</summary>
    private static async Task<(SimulateRequest? Request, Dictionary<string, string[]>? Errors)> ReadBody(HttpRequest http, CancellationToken ct)
    {
        if (http.ContentLength > MaxBodyBytes) return (null, new() { ["body"] = [$"The body is over {MaxBodyBytes} bytes."] });
        using var reader = new StreamReader(http.Body);
        var buffer = new char[MaxBodyBytes + 1];
        var length = await reader.ReadBlockAsync(buffer.AsMemory(), ct);
        if (length > MaxBodyBytes) return (null, new() { ["body"] = [$"The body is over {MaxBodyBytes} bytes."] });
        var text = new string(buffer, 0, length);
        if (string.IsNullOrWhiteSpace(text)) return (new SimulateRequest(), null);
        try
        {
            return (JsonSerializer.Deserialize<SimulateRequest>(text, WebJson.Options) ?? new SimulateRequest(), null);
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..].Split('[', '.')[0] : "body";
            return (null, new() { [field] = [field == "body" ? "The body is not a JSON object of simulation parameters." : $"'{field}' has a value of the wrong type."] });
        }
    }

    private static bool IsCancellation(Exception e) =>
        e is OperationCanceledException || (e is AggregateException a && a.Flatten().InnerExceptions.All(x => x is OperationCanceledException));

    private static ProblemHttpResult NoView(SymbolInfo info, string? error) =>
        info.ChainVersion == 0
            ? TypedResults.Problem(title: $"No data for {info.Symbol} yet", detail: info.Error ?? error, statusCode: StatusCodes.Status503ServiceUnavailable)
            : TypedResults.Problem(title: "Nothing to price for this view", detail: error, statusCode: StatusCodes.Status422UnprocessableEntity);
}
