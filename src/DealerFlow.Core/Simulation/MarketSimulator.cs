using DealerFlow.Core.Chain;
using DealerFlow.Core.Exposure;
using DealerFlow.Core.Pricing;
using DealerFlow.Core.Statistics;
using DealerFlow.Core.Time;

namespace DealerFlow.Core.Simulation;

/// <summary>Statistics of one Monte Carlo run (one program size). Every statistic is an <see cref="Estimate"/> over the run's paths with its 95 % interval.</summary>
/// <param name="ProgramDollars">Directional program in $ (+ buy, - sell; 0 = none).</param>
/// <param name="Wall">Wall the program pushes toward, price units; null when none lies in its direction.</param>
/// <param name="BreakProbability">Share of paths ending beyond the wall (with dealers), Wilson interval; null without a wall.</param>
/// <param name="TouchProbability">Share of paths trading beyond the wall at some step (with dealers), Wilson interval; null without a wall.</param>
/// <param name="BreakProbabilityNoDealers">Same random draws, no dealer hedging; null without a wall.</param>
/// <param name="DealerEffectOnBreak">Break probability with dealers minus without, paired over the same draws (fraction of paths); an interval that contains 0 means the dealers' effect is within Monte Carlo noise. Null without a wall.</param>
/// <param name="MeanEndSpot">Mean final spot with dealers, price units.</param>
/// <param name="MeanEndSpotNoDealers">Mean final spot without dealers.</param>
public sealed record ProgramRun(double ProgramDollars, double? Wall, Estimate? BreakProbability, Estimate? TouchProbability, Estimate? BreakProbabilityNoDealers, Estimate? DealerEffectOnBreak, Estimate MeanEndSpot, Estimate MeanEndSpotNoDealers);

/// <summary>Mean annualised realized volatility of a group of paths (fraction), each with its 95 % interval; null when the group is empty.</summary>
/// <param name="Paths">Paths in the group.</param>
/// <param name="WithDealers">Mean realized vol with dealers hedging.</param>
/// <param name="NoDealers">Mean realized vol on the same draws without dealers.</param>
/// <param name="DealerEffect">With minus without, paired over the same draws (vol points as a fraction); an interval that contains 0 means the dealers' effect is within Monte Carlo noise.</param>
public sealed record VolStat(int Paths, Estimate? WithDealers, Estimate? NoDealers, Estimate? DealerEffect);

/// <summary>Result of a simulation.</summary>
/// <param name="HorizonYears">Simulated span, years.</param>
/// <param name="StepYears">Length of one step, years.</param>
/// <param name="FeedbackRatio">Gamma feedback ratio at the start, dimensionless: k/100 x dealer gamma (shares per $1) x S^2 / $1bn for linear impact; > 0 dampening (long gamma), &lt; 0 amplifying, |.| >= 1 unstable.</param>
/// <param name="PinStrike">Strike of the first expiry with the most unsigned dealer gamma at the start; null without contracts.</param>
/// <param name="PinFrequency">Share of paths ending within the pin distance of the pin strike, with dealers, Wilson interval; null without a pin strike.</param>
/// <param name="PinFrequencyNoDealers">Same draws without dealers.</param>
/// <param name="DealerEffectOnPinning">Pinning frequency with dealers minus without, paired over the same draws; an interval that contains 0 means the difference is Monte Carlo noise.</param>
/// <param name="AboveFlip">Realized vol of paths starting above <paramref name="Flip"/> (all paths when there is no flip).</param>
/// <param name="BelowFlip">Realized vol of paths starting below the flip.</param>
/// <param name="MeanRehedges">Mean re-hedges per path, with its interval.</param>
/// <param name="MeanDealerShares">Mean |shares| dealers traded per path, with its interval.</param>
/// <param name="PathsOffGrid">Paths that left the delta table's spot range at some step (their delta was clamped to the edge).</param>
/// <param name="SampleTimesHours">Hours since the start at each step (0..Steps).</param>
/// <param name="SamplePaths">Spot series (Steps + 1 points) of the first paths of the run without program.</param>
/// <param name="Settings">The settings the simulation ran with.</param>
/// <param name="Spot">The chain's spot, price units; each path starts within <see cref="SimulationSettings.StartSpread"/> of it.</param>
/// <param name="Flip">The gamma flip the paths are split by, price units; null when there is none.</param>
/// <param name="CallWall">The call wall given, price units; the target of buy programs when above spot.</param>
/// <param name="PutWall">The put wall given, price units; the target of sell programs when below spot.</param>
/// <param name="PinDistancePoints"><see cref="SimulationSettings.PinDistance"/> x spot: how near the pin strike a path must end to count as pinned, price units.</param>
/// <param name="All">Realized vol of every path of the run without program.</param>
/// <param name="Programs">One run per nonzero size of <see cref="SimulationSettings.ProgramSizes"/>, in that order; the run without program is not listed (the other statistics of this result are its own).</param>
public sealed record SimulationResult(
    SimulationSettings Settings,
    double Spot,
    double? Flip,
    double? CallWall,
    double? PutWall,
    double HorizonYears,
    double StepYears,
    double FeedbackRatio,
    double? PinStrike,
    double PinDistancePoints,
    Estimate? PinFrequency,
    Estimate? PinFrequencyNoDealers,
    Estimate? DealerEffectOnPinning,
    VolStat AboveFlip,
    VolStat BelowFlip,
    VolStat All,
    Estimate MeanRehedges,
    Estimate MeanDealerShares,
    int PathsOffGrid,
    IReadOnlyList<ProgramRun> Programs,
    IReadOnlyList<double> SampleTimesHours,
    IReadOnlyList<double[]> SamplePaths);

/// <summary>
/// A dealer-hedging market simulator. Each step: exogenous random flow moves ln S by NoiseVol sqrt(dt) Z;
/// a scheduled program adds its $ slice through the impact model; then dealers, holding the chain's
/// positions (scaled by <see cref="SimulationSettings.PositionScale"/>), compute their net delta
/// D(S, t) + H and, when it is outside the band, trade -(D + H) shares, which moves the price through the
/// same impact model. Time advances, so each expiry's gamma concentrates as it nears settlement.
/// D(S, t) is tabulated once on a spot grid: for expiries within 3x the horizon at up to 48 time nodes
/// (denser toward the end), for the rest at the start and the end; paths read it by linear interpolation.
/// </summary>
public static class MarketSimulator
{
    /// <summary>|d1| beyond which a delta is taken as 0 or +/-e^{(b-r)T} in the table.</summary>
    internal const double D1Cut = 6;

    /// <summary>How every statistic's interval is made, for the outputs' unit notes.</summary>
    public const string IntervalNote = "each statistic is { value, n, low, high }: a 95% interval over the paths (Wilson for shares of paths, mean +/- 1.96 s/sqrt(n) for means); dealerEffect* are with-minus-without differences paired over the same draws, within noise when the interval holds 0";

    /// <summary>
    /// Runs <see cref="SimulationSettings.Paths"/> paths over the horizon without a program, then one run per program size,
    /// each against a control run of the same draws without dealers. <paramref name="flip"/> splits the paths by start
    /// (above or below); <paramref name="callWall"/> is the target of buy programs when above spot, <paramref name="putWall"/>
    /// of sell programs when below spot (null: no wall to break). The pin strike is the first expiry's strike with the most
    /// unsigned gamma at spot. <paramref name="pathDone"/> is called after every finished path with the count so far, from
    /// worker threads (paths run in parallel).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="chain"/> or <paramref name="settings"/> is null.</exception>
    /// <exception cref="ArgumentException">The chain has no priced contract.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (the message names it), or the horizon is not positive or goes past the first expiry.</exception>
    public static SimulationResult Run(PricedChain chain, SimulationSettings settings, double? flip, double? callWall, double? putWall, Action<int>? pathDone = null)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(settings);
        Validate(settings);
        if (chain.Count == 0) throw new ArgumentException("The chain has no priced contract.", nameof(chain));
        var s0 = chain.Spot;
        var horizon = settings.HorizonYears ?? chain.Expiries[0].Years;
        if (!(horizon > 0)) throw new ArgumentOutOfRangeException(nameof(settings), horizon, "Horizon must be positive.");
        if (horizon > chain.Expiries[0].Years + 1e-12)
            throw new ArgumentOutOfRangeException(nameof(settings), horizon, $"The horizon ({horizon * 365 * 24:0.##} h) goes past the first expiry ({chain.Expiries[0].Date:yyyy-MM-dd}, {chain.Expiries[0].Years * 365 * 24:0.##} h away); the simulator stops at or before it (leave out that expiry to simulate toward the next one).");
        var steps = settings.Steps;
        var dt = horizon / steps;
        var table = new DeltaTable(chain, settings, horizon);

        // Pin strike: first expiry, most unsigned gamma at the start.
        double? pin = null;
        {
            var best = 0.0;
            var byStrike = new Dictionary<double, double>();
            for (var j = 0; j < chain.Count; j++)
            {
                if (chain.ExpiryIndex[j] != 0) continue;
                var g = Math.Abs(chain.Position[j]) * BlackScholes.Gamma(new OptionInputs(chain.Type[j], s0, chain.Strike[j], chain.Years[j], chain.Rate, chain.Carry[j], chain.Vol[j]));
                var v = byStrike.GetValueOrDefault(chain.Strike[j]) + g;
                byStrike[chain.Strike[j]] = v;
                if (v > best) { best = v; pin = chain.Strike[j]; }
            }
        }
        var gamma0 = GammaSweep.NetShares(chain, s0) * settings.PositionScale;
        var k = settings.ImpactPctPerBillion / 100;
        var feedback = k * gamma0 * s0 * s0 / 1e9;

        var absPosition = 0.0;
        for (var j = 0; j < chain.Count; j++) absPosition += Math.Abs(chain.Position[j] * settings.PositionScale);
        var runs = new List<ProgramRun>();
        RunOutput baseline = default!;
        var sizes = new List<double> { 0 };
        sizes.AddRange(settings.ProgramSizes.Where(p => p != 0));
        var done = 0;
        for (var r = 0; r < sizes.Count; r++)
        {
            var program = sizes[r];
            double? wall = program > 0 ? (callWall > s0 ? callWall : null) : program < 0 ? (putWall < s0 ? putWall : null) : null;
            var output = RunPaths(table, settings, s0, dt, program, wall, absPosition, r == 0 ? settings.SamplePaths : 0, () =>
            {
                var n = Interlocked.Increment(ref done);
                pathDone?.Invoke(n);
            });
            if (r == 0)
            {
                baseline = output;
            }
            else
            {
                runs.Add(new ProgramRun(program, wall,
                    wall is null ? null : Share(output.Broken),
                    wall is null ? null : Share(output.Touched),
                    wall is null ? null : Share(output.BrokenControl),
                    wall is null ? null : Intervals.PairedDifference(Ones(output.Broken), Ones(output.BrokenControl)),
                    Intervals.Mean(output.End), Intervals.Mean(output.EndControl)));
            }
        }

        var paths = settings.Paths;
        var above = new List<int>();
        var below = new List<int>();
        for (var p = 0; p < paths; p++)
        {
            if (flip is { } f && baseline.Start[p] < f) below.Add(p); else above.Add(p);
        }
        VolStat Stat(List<int> ids)
        {
            if (ids.Count == 0) return new VolStat(0, null, null, null);
            var with = ids.Select(i => baseline.Vol[i]).ToArray();
            var without = ids.Select(i => baseline.VolControl[i]).ToArray();
            return new VolStat(ids.Count, Intervals.Mean(with), Intervals.Mean(without), Intervals.PairedDifference(with, without));
        }
        var pinDistance = settings.PinDistance * s0;
        bool[]? pinned = pin is { } ps ? baseline.End.Select(e => Math.Abs(e - ps) <= pinDistance).ToArray() : null;
        bool[]? pinnedControl = pin is { } pc ? baseline.EndControl.Select(e => Math.Abs(e - pc) <= pinDistance).ToArray() : null;
        var times = Enumerable.Range(0, steps + 1).Select(i => i * dt * 365 * 24).ToArray();
        return new SimulationResult(settings, s0, flip, callWall, putWall, horizon, dt, feedback, pin, pinDistance,
            pinned is null ? null : Share(pinned), pinnedControl is null ? null : Share(pinnedControl),
            pinned is null || pinnedControl is null ? null : Intervals.PairedDifference(Ones(pinned), Ones(pinnedControl)),
            Stat(above), Stat(below), Stat(Enumerable.Range(0, paths).ToList()),
            Intervals.Mean(baseline.Rehedges), Intervals.Mean(baseline.DealerShares), baseline.OffGrid.Count(b => b),
            runs, times, baseline.Samples);
    }

    private static Estimate Share(bool[] hits) => Intervals.Proportion(hits.Count(h => h), hits.Length);

    private static double[] Ones(bool[] hits) => hits.Select(h => h ? 1.0 : 0.0).ToArray();

    private static void Validate(SimulationSettings s)
    {
        if (s.Paths is < 1 or > 10_000_000) throw new ArgumentOutOfRangeException(nameof(s), s.Paths, "Paths must be between 1 and 10,000,000.");
        if (s.Steps is < 2 or > 100_000) throw new ArgumentOutOfRangeException(nameof(s), s.Steps, "Steps must be between 2 and 100,000.");
        if (!(s.ImpactPctPerBillion >= 0) || !double.IsFinite(s.ImpactPctPerBillion)) throw new ArgumentOutOfRangeException(nameof(s), s.ImpactPctPerBillion, "Impact must be 0 or more.");
        if (!(s.NoiseVol >= 0) || !double.IsFinite(s.NoiseVol)) throw new ArgumentOutOfRangeException(nameof(s), s.NoiseVol, "Noise vol must be 0 or more.");
        if (!(s.Band.Value > 0)) throw new ArgumentOutOfRangeException(nameof(s), s.Band.Value, "Band must be positive.");
        if (!(s.StartSpread is >= 0 and < 0.5)) throw new ArgumentOutOfRangeException(nameof(s), s.StartSpread, "Start spread must be in [0, 0.5).");
        if (!(s.ProgramStart >= 0 && s.ProgramEnd <= 1 && s.ProgramStart < s.ProgramEnd)) throw new ArgumentOutOfRangeException(nameof(s), s.ProgramStart, "Program window must satisfy 0 <= start < end <= 1.");
        if (!(s.GridRange is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(s), s.GridRange, "Grid range must be in (0, 1).");
        if (s.GridPoints is < 11 or > 1_000_000) throw new ArgumentOutOfRangeException(nameof(s), s.GridPoints, "Grid points must be between 11 and 1,000,000.");
        if (!(s.PinDistance > 0)) throw new ArgumentOutOfRangeException(nameof(s), s.PinDistance, "Pin distance must be positive.");
    }

    private sealed class RunOutput(int paths)
    {
        public readonly double[] Start = new double[paths];
        public readonly double[] End = new double[paths];
        public readonly double[] EndControl = new double[paths];
        public readonly double[] Vol = new double[paths];
        public readonly double[] VolControl = new double[paths];
        public readonly double[] Rehedges = new double[paths];
        public readonly double[] DealerShares = new double[paths];
        public readonly bool[] Broken = new bool[paths];
        public readonly bool[] Touched = new bool[paths];
        public readonly bool[] BrokenControl = new bool[paths];
        public readonly bool[] OffGrid = new bool[paths];
        public List<double[]> Samples { get; } = [];
    }

    private static RunOutput RunPaths(DeltaTable table, SimulationSettings s, double s0, double dt, double program, double? wall, double absPosition, int samples, Action pathDone)
    {
        var paths = s.Paths;
        var output = new RunOutput(paths);
        var sampleArrays = new double[Math.Min(samples, paths)][];
        for (var i = 0; i < sampleArrays.Length; i++) sampleArrays[i] = new double[s.Steps + 1];
        var noise = s.NoiseVol * Math.Sqrt(dt);
        var k = s.ImpactPctPerBillion / 100;
        var sqrtImpact = s.Impact == ImpactModel.SquareRoot;
        var firstProgramStep = (int)Math.Floor(s.ProgramStart * s.Steps) + 1;
        var lastProgramStep = Math.Max(firstProgramStep, (int)Math.Floor(s.ProgramEnd * s.Steps));
        var programSlice = program / (lastProgramStep - firstProgramStep + 1);
        var scale = s.PositionScale;
        var up = program >= 0;
        var diverged = 0;

        Parallel.For(0, paths, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) }, p =>
        {
            var rng = new Random(unchecked(s.Seed * 1_000_003 + p));
            var spot = s0 * (1 + s.StartSpread * (2 * rng.NextDouble() - 1));
            var control = spot;
            output.Start[p] = spot;
            var hedge = -scale * table.Delta(spot, 0, out _);
            double sumSq = 0, sumSqControl = 0, rehedges = 0, traded = 0;
            bool touched = false, offGrid = false;
            var sample = p < sampleArrays.Length ? sampleArrays[p] : null;
            if (sample is not null) sample[0] = spot;
            for (var step = 1; step <= s.Steps; step++)
            {
                var before = spot;
                var beforeControl = control;
                var z = Gaussian(rng);
                var move = noise * z;
                if (program != 0 && step >= firstProgramStep && step <= lastProgramStep)
                    move += Impact(programSlice, k, sqrtImpact);
                spot *= Math.Exp(move);
                control *= Math.Exp(move);
                var net = scale * table.Delta(spot, step, out var off) + hedge;
                offGrid |= off;
                if (Math.Abs(net) > s.Band.SharesFor(absPosition, spot))
                {
                    var q = HedgeTrade(table, scale, hedge, spot, step, net, k, sqrtImpact);
                    hedge += q;
                    traded += Math.Abs(q);
                    rehedges++;
                    spot *= Math.Exp(Impact(q * spot, k, sqrtImpact));
                }
                if (!(spot > 0 && double.IsFinite(spot)))
                {
                    // Impact feeding on the hedge (or a huge program) ran the price out of the finite range: no statistic of this run means anything.
                    Interlocked.Exchange(ref diverged, 1);
                    break;
                }
                var r = Math.Log(spot / before);
                var rc = Math.Log(control / beforeControl);
                sumSq += r * r;
                sumSqControl += rc * rc;
                if (wall is { } w && (up ? spot > w : spot < w)) touched = true;
                if (sample is not null) sample[step] = spot;
            }
            var years = s.Steps * dt;
            output.End[p] = spot;
            output.EndControl[p] = control;
            output.Vol[p] = Math.Sqrt(sumSq / years);
            output.VolControl[p] = Math.Sqrt(sumSqControl / years);
            output.Rehedges[p] = rehedges;
            output.DealerShares[p] = traded;
            output.Touched[p] = touched;
            output.OffGrid[p] = offGrid;
            if (wall is { } w2)
            {
                output.Broken[p] = up ? spot > w2 : spot < w2;
                output.BrokenControl[p] = up ? control > w2 : control < w2;
            }
            pathDone();
        });
        if (diverged != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(SimulationSettings.ImpactPctPerBillion), s.ImpactPctPerBillion,
                "The price left the finite range on a path: the impact is too large for these dealer positions and programs; lower the impact or the program sizes.");
        }
        output.Samples.AddRange(sampleArrays);
        return output;
    }

    /// <summary>
    /// The dealers' hedge trade q (shares) given net delta <paramref name="net"/> = D(S) + H: when trading
    /// -net would overshoot (long gamma: the trade's own impact moves D back across zero), q solves
    /// D(S') + H + q = 0 with S' the price after q's impact (bisection; the market-clearing hedge);
    /// otherwise (short gamma: the impact pushes D further away) q = -net and the rest waits for the next step.
    /// </summary>
    private static double HedgeTrade(DeltaTable table, double scale, double hedge, double spot, int step, double net, double k, bool sqrtImpact)
    {
        double Residual(double q) => scale * table.Delta(spot * Math.Exp(Impact(q * spot, k, sqrtImpact)), step, out _) + hedge + q;
        var full = -net;
        var atFull = Residual(full);
        if (SignOf(atFull) == SignOf(net) || atFull == 0) return full;
        double lo = 0, hi = full;
        for (var i = 0; i < 40; i++)
        {
            var mid = 0.5 * (lo + hi);
            if (SignOf(Residual(mid)) == SignOf(net)) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    /// <summary>Log-price impact of a signed $ flow: linear k Q / 1e9 or square-root sign(Q) k sqrt(|Q| / 1e9).</summary>
    public static double Impact(double dollars, double k, bool squareRoot) =>
        squareRoot ? SignOf(dollars) * k * Math.Sqrt(Math.Abs(dollars) / 1e9) : k * dollars / 1e9;

    /// <summary>Sign of x, 0 for NaN (Math.Sign throws on NaN, and a NaN must end as a finite-range error, not an ArithmeticException).</summary>
    private static int SignOf(double x) => x > 0 ? 1 : x < 0 ? -1 : 0;

    private static double Gaussian(Random rng)
    {
        // Box-Muller; one deviate per call keeps the draw sequence simple and deterministic.
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Dealer option delta D(S, t_step) in shares, tabulated on a spot grid.</summary>
    private sealed class DeltaTable
    {
        private readonly double _lo;
        private readonly double _h;
        private readonly int _n;
        private readonly double[][] _near;
        private readonly double[] _far0;
        private readonly double[] _far1;
        private readonly int _steps;
        private readonly int[] _node;
        private readonly double[] _nodeWeight;

        /// <summary>Time nodes of the near-expiry table: at most this many, denser toward the end of the horizon (t_n = H (1 - (1 - n/N)^2)).</summary>
        public const int MaxTimeNodes = 48;

        public DeltaTable(PricedChain chain, SimulationSettings s, double horizon)
        {
            var s0 = chain.Spot;
            _n = s.GridPoints;
            _lo = s0 * (1 - s.GridRange);
            var hi = s0 * (1 + s.GridRange);
            _h = (hi - _lo) / (_n - 1);
            _steps = s.Steps;
            var near = new List<int>();
            var far = new List<int>();
            for (var j = 0; j < chain.Count; j++)
            {
                if (chain.Years[j] <= 3 * horizon) near.Add(j); else far.Add(j);
            }
            _far0 = new double[_n];
            _far1 = new double[_n];
            Fill(chain, far, 0, s.MinYearsToExpiry, _far0);
            Fill(chain, far, horizon, s.MinYearsToExpiry, _far1);

            var nodes = Math.Min(s.Steps, MaxTimeNodes);
            var nodeTimes = new double[nodes + 1];
            for (var n = 0; n <= nodes; n++)
            {
                var u = 1 - (double)n / nodes;
                nodeTimes[n] = horizon * (1 - u * u);
            }
            nodeTimes[nodes] = horizon;
            _node = new int[s.Steps + 1];
            _nodeWeight = new double[s.Steps + 1];
            var dt = horizon / s.Steps;
            var m = 0;
            for (var k = 0; k <= s.Steps; k++)
            {
                var t = k * dt;
                while (m < nodes - 1 && nodeTimes[m + 1] <= t) m++;
                _node[k] = m;
                _nodeWeight[k] = Math.Clamp((t - nodeTimes[m]) / (nodeTimes[m + 1] - nodeTimes[m]), 0, 1);
            }
            _near = new double[nodes + 1][];
            var nearArr = near.ToArray();
            Parallel.For(0, nodes + 1, n =>
            {
                var row = new double[_n];
                Fill(chain, nearArr, nodeTimes[n], s.MinYearsToExpiry, row);
                _near[n] = row;
            });
        }

        public double Delta(double spot, int step, out bool offGrid)
        {
            var x = (spot - _lo) / _h;
            offGrid = x < 0 || x > _n - 1;
            if (x < 0) x = 0;
            if (x > _n - 1) x = _n - 1;
            var i = Math.Min((int)x, _n - 2);
            var w = x - i;
            var a = _near[_node[step]];
            var b = _near[_node[step] + 1];
            var na = a[i] + w * (a[i + 1] - a[i]);
            var nb = b[i] + w * (b[i + 1] - b[i]);
            var near = na + _nodeWeight[step] * (nb - na);
            var f = (double)step / _steps;
            var far0 = _far0[i] + w * (_far0[i + 1] - _far0[i]);
            var far1 = _far1[i] + w * (_far1[i + 1] - _far1[i]);
            return near + far0 + f * (far1 - far0);
        }

        /// <summary>Adds sum pos x delta(S_j) of <paramref name="contracts"/> at time <paramref name="t"/> to <paramref name="row"/>; outside |d1| &lt; cut the delta is its limit, added through a difference array.</summary>
        private void Fill(PricedChain chain, IReadOnlyList<int> contracts, double t, double minYears, double[] row)
        {
            var diff = new double[_n + 1];
            var rate = chain.Rate;
            foreach (var j in contracts)
            {
                var tau = Math.Max(chain.Years[j] - t, minYears);
                var vol = chain.Vol[j];
                var carry = chain.Carry[j];
                var strike = chain.Strike[j];
                var totalVol = vol * Math.Sqrt(tau);
                var drift = (carry + 0.5 * vol * vol) * tau;
                var a = 1 / totalVol;
                var c = (-Math.Log(strike) + drift) * a;
                var df = Math.Exp((carry - rate) * tau);
                var pos = chain.Position[j];
                var sign = chain.TypeSign[j];
                var call = sign > 0;
                // Grid indices where -cut < d1 < cut (the window only: d1 = a ln S + c is exact enough to place it).
                var sLo = Math.Exp((-D1Cut - c) / a);
                var sHi = Math.Exp((D1Cut - c) / a);
                var jLo = (int)Math.Clamp(Math.Ceiling((sLo - _lo) / _h), 0, _n);
                var jHi = (int)Math.Clamp(Math.Floor((sHi - _lo) / _h) + 1, 0, _n);
                if (jHi < jLo) jHi = jLo;
                // Below the window: call 0, put -df. Above: call df, put 0.
                if (!call) { diff[0] += -pos * df; diff[jLo] -= -pos * df; }
                else { diff[jHi] += pos * df; diff[_n] -= pos * df; }
                for (var g = jLo; g < jHi; g++)
                {
                    row[g] += pos * OptionDelta.FromD1(sign, df, OptionDelta.D1(_lo + g * _h, strike, drift, totalVol));
                }
            }
            var acc = 0.0;
            for (var g = 0; g < _n; g++)
            {
                acc += diff[g];
                row[g] += acc;
            }
        }
    }
}
