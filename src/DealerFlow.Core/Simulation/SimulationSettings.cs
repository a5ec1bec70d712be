using DealerFlow.Core.Hedging;

namespace DealerFlow.Core.Simulation;

/// <summary>How a net signed $ flow moves the price.</summary>
public enum ImpactModel
{
    /// <summary>ln(S'/S) = k/100 x Q / $1bn: a flow of $1bn moves price k percent (log), buys up, sells down.</summary>
    Linear,

    /// <summary>ln(S'/S) = sign(Q) k/100 x sqrt(|Q| / $1bn): concave (square-root law) impact.</summary>
    SquareRoot,
}

/// <summary>Parameters of <see cref="MarketSimulator"/>; every one is a CLI option of <c>dealerflow simulate</c>.</summary>
public sealed record SimulationSettings
{
    /// <summary>Monte Carlo paths.</summary>
    public int Paths { get; init; } = 500;

    /// <summary>Seed: path p draws from <c>new Random(Seed * 1_000_003 + p)</c>, so results do not depend on threading.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Time steps per path (dealers check their band once per step).</summary>
    public int Steps { get; init; } = 200;

    /// <summary>Simulated span in years, at most the time to the first expiry; null = up to the first expiry's settlement (so its gamma concentrates at the end).</summary>
    public double? HorizonYears { get; init; }

    /// <summary>How a net signed $ flow moves the price; default <see cref="ImpactModel.Linear"/>.</summary>
    public ImpactModel Impact { get; init; } = ImpactModel.Linear;

    /// <summary>Impact k: % price move per $1bn of net signed flow (linear) or per sqrt($1bn) (square root).</summary>
    public double ImpactPctPerBillion { get; init; } = 0.01;

    /// <summary>Annualised volatility of the price moves caused by exogenous random flow (what realized vol would be with no dealers), fraction.</summary>
    public double NoiseVol { get; init; } = 0.15;

    /// <summary>Dealers re-hedge to delta-neutral when |net delta| exceeds this band (whole book).</summary>
    public Tolerance Band { get; init; } = new(ToleranceKind.Notional, 25e6);

    /// <summary>Each path starts at spot x (1 + u), u uniform in +/- this fraction, so some paths start above the flip and some below.</summary>
    public double StartSpread { get; init; } = 0.02;

    /// <summary>Directional program sizes in $ (+ buy toward the call wall, - sell toward the put wall); one Monte Carlo run per size, besides the run without program.</summary>
    public IReadOnlyList<double> ProgramSizes { get; init; } = [];

    /// <summary>Fraction of the horizon where the program starts.</summary>
    public double ProgramStart { get; init; }

    /// <summary>Fraction of the horizon where the program ends (it trades evenly in between).</summary>
    public double ProgramEnd { get; init; } = 0.5;

    /// <summary>A path is pinned when it ends within this fraction of spot of the pin strike.</summary>
    public double PinDistance { get; init; } = 0.001;

    /// <summary>Half-width of the spot grid on which dealer delta is tabulated, fraction of spot; paths beyond it see the edge delta and are counted.</summary>
    public double GridRange { get; init; } = 0.15;

    /// <summary>Spot points of the delta table.</summary>
    public int GridPoints { get; init; } = 2001;

    /// <summary>Time to expiry never drops below this in the delta (years; default 15 minutes), so the last steps stay finite.</summary>
    public double MinYearsToExpiry { get; init; } = 15.0 / (365 * 24 * 60);

    /// <summary>Paths whose spot series are kept for charts.</summary>
    public int SamplePaths { get; init; } = 20;

    /// <summary>Multiplies every dealer position (1 = the chain's positioning; -1 flips long and short gamma).</summary>
    public double PositionScale { get; init; } = 1;
}
