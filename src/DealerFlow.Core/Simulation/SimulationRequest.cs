using System.Globalization;
using DealerFlow.Core.Hedging;

namespace DealerFlow.Core.Simulation;

/// <summary>
/// The bounds a caller of the simulator allows: the command line runs what its user asks for, the shared web server
/// caps the work of one request. Every other rule of <see cref="SimulationRequest.Validate"/> is the same for both.
/// </summary>
/// <param name="MaxPaths">Most Monte Carlo paths per run.</param>
/// <param name="MaxSteps">Most steps per path.</param>
/// <param name="MaxSamples">Most sample paths returned.</param>
/// <param name="DefaultSamples">Sample paths returned when the request gives none.</param>
/// <param name="MaxImpact">Largest price impact, % move per $1bn (infinity = no cap).</param>
/// <param name="MaxPrograms">Most program sizes (each is one more run of every path).</param>
/// <param name="MaxProgramDollars">Largest |program size|, $ (infinity = no cap).</param>
/// <param name="MaxProgramLogMove">Largest log-price move a program may cause on its own (infinity = no cap).</param>
public sealed record SimulationLimits(int MaxPaths, int MaxSteps, int MaxSamples, int DefaultSamples, double MaxImpact, int MaxPrograms, double MaxProgramDollars, double MaxProgramLogMove)
{
    /// <summary><c>dealerflow simulate</c>: up to 1,000,000 paths, 100,000 steps, 1,000 samples (20 by default); no cap on impact or programs.</summary>
    public static SimulationLimits CommandLine { get; } = new(1_000_000, 100_000, 1000, new SimulationSettings().SamplePaths, double.PositiveInfinity, int.MaxValue, double.PositiveInfinity, double.PositiveInfinity);

    /// <summary><c>POST /api/{symbol}/simulate</c>: up to 2,000 paths and steps, 50 samples (12 by default), impact 10% per $1bn, 8 programs of at most $1e12 each moving the price by at most a factor e.</summary>
    public static SimulationLimits Api { get; } = new(2000, 2000, 50, 12, 10, 8, 1e12, 1);
}

/// <summary>
/// A request to run <see cref="MarketSimulator"/>, shared by <c>dealerflow simulate</c> and <c>POST /api/{symbol}/simulate</c>:
/// every field optional (null = the <see cref="SimulationSettings"/> default), checked by <see cref="Validate"/> and
/// turned into settings by <see cref="ToSettings"/>. Field names are the JSON body's. Not sealed: the API's body type
/// adds the view fields (model, expiry) to it, so the body is one JSON object.
/// </summary>
public record SimulationRequest
{
    /// <summary>Monte Carlo paths per run.</summary>
    public int? Paths { get; init; }

    /// <summary>Random seed.</summary>
    public int? Seed { get; init; }

    /// <summary>Time steps per path.</summary>
    public int? Steps { get; init; }

    /// <summary>Simulated span in hours; null = up to the first expiry's settlement.</summary>
    public double? HorizonHours { get; init; }

    /// <summary>Price impact k, % move per $1bn (linear) or per sqrt($1bn).</summary>
    public double? Impact { get; init; }

    /// <summary>"linear" (default) or "sqrt" ("square-root").</summary>
    public string? ImpactModel { get; init; }

    /// <summary>Annualised vol of the exogenous moves, fraction.</summary>
    public double? NoiseVol { get; init; }

    /// <summary>Re-hedge band, in <see cref="BandUnit"/>.</summary>
    public double? Band { get; init; }

    /// <summary>"usd" (default, $ of delta notional), "shares" or "delta" (per contract held).</summary>
    public string? BandUnit { get; init; }

    /// <summary>Paths start uniformly within spot x (1 +/- this fraction).</summary>
    public double? StartSpread { get; init; }

    /// <summary>Directional program sizes in $ (+ buy, - sell); null = <see cref="Simulation.ProgramSizes.Default"/>.</summary>
    public IReadOnlyList<double>? Programs { get; init; }

    /// <summary>Start of the program window, fraction of the horizon.</summary>
    public double? ProgramStart { get; init; }

    /// <summary>End of the program window, fraction of the horizon.</summary>
    public double? ProgramEnd { get; init; }

    /// <summary>Pinned = ending within this fraction of spot of the pin strike.</summary>
    public double? PinDistance { get; init; }

    /// <summary>Sample paths kept.</summary>
    public int? Samples { get; init; }

    /// <summary>True multiplies every dealer position by -1.</summary>
    public bool? FlipDealers { get; init; }

    private static readonly SimulationSettings Defaults = new();

    /// <summary>
    /// The request's problems keyed by field (camelCase, as in the JSON body), each message starting with the value
    /// given (a caller may put its own name for the field before it); empty when the request can run.
    /// </summary>
    public Dictionary<string, string> Validate(SimulationLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var e = new Dictionary<string, string>();
        var inv = CultureInfo.InvariantCulture;
        string N(double x) => x.ToString(inv);
        if (Paths is { } p && (p < 1 || p > limits.MaxPaths)) e["paths"] = $"{p} must be between 1 and {limits.MaxPaths}.";
        if (Steps is { } st && (st < 2 || st > limits.MaxSteps)) e["steps"] = $"{st} must be between 2 and {limits.MaxSteps}.";
        if (HorizonHours is { } h && !(h > 0 && double.IsFinite(h))) e["horizonHours"] = $"{N(h)} must be a positive number of hours.";
        if (Impact is { } k && !(k >= 0 && k <= limits.MaxImpact && double.IsFinite(k)))
            e["impact"] = double.IsPositiveInfinity(limits.MaxImpact) ? $"{N(k)} must be 0 or more (% move per $1bn)." : $"{N(k)} must be between 0 and {N(limits.MaxImpact)} (% move per $1bn).";
        if (!TryImpactModel(out _)) e["impactModel"] = $"'{ImpactModel}' is not one of linear, sqrt.";
        if (NoiseVol is { } n && !(n is >= 0 and < 10)) e["noiseVol"] = $"{N(n)} must be a fraction between 0 and 10 (0.15 = 15%).";
        if (Band is { } b && !(b > 0 && double.IsFinite(b))) e["band"] = $"{N(b)} must be a positive number.";
        if (!TryBandKind(out _)) e["bandUnit"] = $"'{BandUnit}' is not one of usd, shares, delta.";
        if (StartSpread is { } sp && !(sp is >= 0 and < 0.5)) e["startSpread"] = $"{N(sp)} must be a fraction in [0, 0.5).";
        if (Programs is { } sizes)
        {
            if (sizes.Any(x => !double.IsFinite(x)))
            {
                e["programs"] = "Program sizes must be finite numbers of $ (+ buy, - sell).";
            }
            else if (sizes.Count > limits.MaxPrograms || sizes.Any(x => Math.Abs(x) > limits.MaxProgramDollars))
            {
                e["programs"] = $"Give at most {limits.MaxPrograms} program sizes in $ (+ buy, - sell), each between -{limits.MaxProgramDollars:0e0} and {limits.MaxProgramDollars:0e0}.";
            }
            else if (!e.ContainsKey("impact") && TryImpactModel(out var model)
                     && sizes.FirstOrDefault(x => Math.Abs(MarketSimulator.Impact(x, (Impact ?? Defaults.ImpactPctPerBillion) / 100, model == Simulation.ImpactModel.SquareRoot)) > limits.MaxProgramLogMove) is var big && big != 0)
            {
                e["programs"] = string.Create(inv, $"{big:0.###e0} $ alone would move the price by a factor over e^{limits.MaxProgramLogMove} at impact {Impact ?? Defaults.ImpactPctPerBillion} % per $1bn; give smaller program sizes.");
            }
        }
        var ws = ProgramStart ?? Defaults.ProgramStart;
        var we = ProgramEnd ?? Defaults.ProgramEnd;
        if (!(ws >= 0 && we <= 1 && ws < we)) e["programStart"] = $"The program window {N(ws)}..{N(we)} must satisfy 0 <= programStart < programEnd <= 1.";
        if (PinDistance is { } pd && !(pd is > 0 and < 1)) e["pinDistance"] = $"{N(pd)} must be a fraction of spot in (0, 1).";
        if (Samples is { } sm && (sm < 0 || sm > limits.MaxSamples)) e["samples"] = $"{sm} must be between 0 and {limits.MaxSamples}.";
        return e;
    }

    /// <summary>
    /// The settings of a request <see cref="Validate"/> passed: each null field takes the <see cref="SimulationSettings"/>
    /// default (samples: the limits' default); <paramref name="programSizes"/> are the sizes to run (<see cref="Programs"/> or
    /// <see cref="Simulation.ProgramSizes.Default"/>, which needs the chain).
    /// </summary>
    public SimulationSettings ToSettings(SimulationLimits limits, IReadOnlyList<double> programSizes)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(programSizes);
        if (!TryImpactModel(out var model) || !TryBandKind(out var bandKind))
            throw new ArgumentException("The request has problems; call Validate first.", nameof(limits));
        return new SimulationSettings
        {
            Paths = Paths ?? Defaults.Paths,
            Seed = Seed ?? Defaults.Seed,
            Steps = Steps ?? Defaults.Steps,
            HorizonYears = HorizonHours / (365.0 * 24),
            Impact = model,
            ImpactPctPerBillion = Impact ?? Defaults.ImpactPctPerBillion,
            NoiseVol = NoiseVol ?? Defaults.NoiseVol,
            Band = new Tolerance(bandKind, Band ?? Defaults.Band.Value),
            StartSpread = StartSpread ?? Defaults.StartSpread,
            ProgramSizes = programSizes,
            ProgramStart = ProgramStart ?? Defaults.ProgramStart,
            ProgramEnd = ProgramEnd ?? Defaults.ProgramEnd,
            PinDistance = PinDistance ?? Defaults.PinDistance,
            SamplePaths = Samples ?? limits.DefaultSamples,
            PositionScale = FlipDealers == true ? -1.0 : 1.0,
        };
    }

    /// <summary>The impact model the request names (null = linear); false for any other text.</summary>
    public bool TryImpactModel(out ImpactModel model)
    {
        switch (ImpactModel?.Trim().ToLowerInvariant())
        {
            case null or "linear": model = Simulation.ImpactModel.Linear; return true;
            case "sqrt" or "square-root": model = Simulation.ImpactModel.SquareRoot; return true;
            default: model = default; return false;
        }
    }

    /// <summary>The band unit the request names (null = usd); false for any other text.</summary>
    public bool TryBandKind(out ToleranceKind kind)
    {
        switch (BandUnit?.Trim().ToLowerInvariant())
        {
            case null or "usd" or "$": kind = ToleranceKind.Notional; return true;
            case "shares": kind = ToleranceKind.Shares; return true;
            case "delta": kind = ToleranceKind.DeltaPerContract; return true;
            default: kind = default; return false;
        }
    }

    /// <summary>
    /// The model in words, as both outputs print it: the noise, the impact law with k, the dealers' band, seed, paths,
    /// steps, start spread and program window (invariant culture).
    /// </summary>
    public static string Describe(SimulationSettings s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var inv = CultureInfo.InvariantCulture;
        var impact = s.Impact == Simulation.ImpactModel.Linear
            ? string.Create(inv, $"linear: ln(S'/S) = {s.ImpactPctPerBillion}% x Q / $1bn")
            : string.Create(inv, $"square-root: ln(S'/S) = sign(Q) {s.ImpactPctPerBillion}% x sqrt(|Q| / $1bn)");
        return string.Create(inv, $"ln S moves by noise vol {s.NoiseVol:0.###} x sqrt(dt) x Z (exogenous random flow) plus the impact of every $ flow ({impact}); dealers (positions x {s.PositionScale:+0;-0}) re-hedge to neutral when |net delta| > {s.Band.Describe()}; seed {s.Seed}, {s.Paths} paths, {s.Steps} steps, start spread +/-{s.StartSpread * 100:0.##}%, program window {s.ProgramStart:0.##}..{s.ProgramEnd:0.##} of the horizon");
    }
}
