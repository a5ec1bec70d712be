using System.Diagnostics;
using System.Numerics;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using DealerFlow.Core.Chain;
using DealerFlow.Core.Exposure;
using DealerFlow.Core.Levels;
using DealerFlow.Core.Pricing;
using DealerFlow.Data.Readers;

namespace DealerFlow.Cli.Bench;

/// <summary>One measured figure: the engine's median, the scalar baseline's median in the same run, and the target.</summary>
internal sealed record BenchFigure(string Key, string Name, string Unit, double Median, double? ScalarMedian, double? Target, bool HigherIsBetter)
{
    /// <summary>The engine's median in process CPU time instead of wall time (all threads; on a loaded machine, what the work costs when it runs).</summary>
    public double? CpuMedian { get; init; }

    /// <summary>How many times faster than the scalar baseline (time figures: scalar / engine).</summary>
    public double? Speedup => ScalarMedian is { } s ? (HigherIsBetter ? Median / s : s / Median) : null;

    public bool? MeetsTarget => Target is { } t ? (HigherIsBetter ? Median >= t : Median <= t) : null;
}

internal sealed record MachineInfo(string Cpu, int LogicalCores, bool Vector512, bool Vector256, int VectorWidthBits, string Runtime, string Os, string InstructionSets);

internal sealed record BenchResult(MachineInfo Machine, string ParseFile, long ParseBytes, string EngineInput, int Contracts, int Runs, double IvMaxError, IReadOnlyList<BenchFigure> Figures)
{
    public int IvSolved { get; init; }

    /// <summary>Round trips (model price back to vol) within 1e-10 of the vol.</summary>
    public int IvWithin1e10 { get; init; }

    /// <summary>The largest miss of the others, in units of ulp(price) / vega: the vol move of one ulp of the price.</summary>
    public double IvWorstInPriceUlps { get; init; }

    /// <summary>The same round trips through the batched solver.</summary>
    public int IvBatchWithin1e10 { get; init; }

    public double IvBatchMaxError { get; init; }
}

/// <summary>One pass over the market: wall time, process CPU time, and thread time in pricing and in the levels (summed over threads).</summary>
internal sealed record MarketPass(double WallSeconds, double CpuSeconds, double PriceThreadSeconds, double LevelsThreadSeconds);

/// <summary>
/// The market bench's result. <paramref name="Warm"/> is the median by wall time of <paramref name="WarmPasses"/> (every pass
/// after the cold one, in order): the first of them still runs while the JIT recompiles the engine's hot methods at tier 1.
/// </summary>
internal sealed record MarketResult(MachineInfo Machine, int Underlyings, int ContractsEach, long Contracts, double GenerateSeconds, MarketPass Cold, MarketPass Warm,
    IReadOnlyList<MarketPass> WarmPasses, double WarmContractsPerSecond, double PeakWorkingSetMb, double ManagedHeapMb, int ReportsWithZeroGamma)
{
    /// <summary>Issue 14's target for the warm pass of 5,000 x 300 contracts on 2 cores, seconds of wall time.</summary>
    public double WarmTargetSeconds => 0.5;

    /// <summary>Issue 14's target for the peak working set, MB.</summary>
    public double PeakTargetMb => 400;

    /// <summary>Whether the warm pass met <see cref="WarmTargetSeconds"/>; null unless the market is the target's 5,000 x 300.</summary>
    public bool? WarmMeetsTarget => Underlyings == 5000 && ContractsEach == 300 ? Warm.WallSeconds <= WarmTargetSeconds : null;

    public bool PeakMeetsTarget => PeakWorkingSetMb <= PeakTargetMb;
}

/// <summary>
/// The built-in benchmark behind <c>dealerflow bench</c>: each operation is warmed up, then timed
/// over several runs (each run long enough for the stopwatch, about 25 ms); the median run is
/// reported, and the scalar reference implementation of the same maths is timed the same way in the
/// same process, so the speed-up is not a comparison across machines or loads.
/// </summary>
internal static class QuickBench
{
    public static MachineInfo Machine() => new(
        CpuName(), Environment.ProcessorCount, Vector512.IsHardwareAccelerated, Vector256.IsHardwareAccelerated,
        Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : Vector<byte>.Count * 8,
        RuntimeInformation.FrameworkDescription, RuntimeInformation.OSDescription, InstructionSets());

    /// <summary>The x86 instruction sets the engine's kernels use on this CPU (the JIT's view), and which vector path each kernel takes.</summary>
    private static string InstructionSets()
    {
        var sets = new List<string>();
        if (System.Runtime.Intrinsics.X86.Avx512F.IsSupported) sets.Add("AVX-512F");
        if (System.Runtime.Intrinsics.X86.Avx512BW.IsSupported) sets.Add("AVX-512BW");
        if (System.Runtime.Intrinsics.X86.Avx512DQ.IsSupported) sets.Add("AVX-512DQ");
        if (System.Runtime.Intrinsics.X86.Avx2.IsSupported) sets.Add("AVX2");
        if (System.Runtime.Intrinsics.X86.Fma.IsSupported) sets.Add("FMA");
        if (sets.Count == 0) sets.Add("no x86 vector extensions");
        var sweep = Vector512.IsHardwareAccelerated ? "512-bit" : Vector256.IsHardwareAccelerated ? "256-bit" : "scalar";
        var recurrence = Vector512.IsHardwareAccelerated ? "512-bit setup, 256-bit steps" : Vector256.IsHardwareAccelerated ? "256-bit" : "none (dense)";
        return $"{string.Join(' ', sets)}; sweeps and greeks {sweep}, profile recurrence {recurrence}, batched IV {ImpliedVol.BatchPath}";
    }

    public static BenchResult Run(string parseFile, int? synthetic, int runs)
    {
        var bytes = File.ReadAllBytes(parseFile);
        var name = Path.GetFileName(parseFile);
        var figures = new List<BenchFigure>();

        // Parse: MB/s through the public reader API, from memory (no disk in the figure).
        var parseSec = Median(() => ChainReader.Read(new MemoryStream(bytes, writable: false), name), runs);
        figures.Add(new BenchFigure("parseMBps", "CBOE CSV parse", "MB/s", bytes.Length / 1e6 / parseSec, null, 100, true) { CpuMedian = bytes.Length / 1e6 / _lastCpu });

        ChainSnapshot snapshot = synthetic is { } n
            ? SyntheticChain.Generate(new SyntheticChainOptions { Contracts = n })
            : ChainReader.Read(new MemoryStream(bytes, writable: false), name).Snapshot;
        var chain = ChainPricer.Price(snapshot, EngineSettings.Default);
        if (chain.Count == 0) throw new Commands.InputException($"{snapshot.Source}: no contract is left to price after exclusions.");
        var count = chain.Count;
        var spot = chain.Spot;

        // Implied vol: solve every priced contract's model price back to its vol.
        var ivInputs = new (OptionType Type, double Price, double Strike, double Years, double Carry, double Vol)[count];
        for (var j = 0; j < count; j++)
        {
            var o = new OptionInputs(chain.TypeColumn[j], spot, chain.StrikeColumn[j], chain.YearsColumn[j], chain.Rate, chain.CarryColumn[j], chain.VolColumn[j]);
            ivInputs[j] = (o.Type, BlackScholes.Price(o), o.Strike, o.Years, o.Carry, o.Vol);
        }
        var ivMaxError = 0.0;
        var ivSolved = 0;
        var ivWithin = 0;
        var ivWorstInUlps = 0.0;
        foreach (var x in ivInputs)
        {
            if (!ImpliedVol.TrySolve(new ImpliedVolInputs(x.Type, x.Price, spot, x.Strike, x.Years, chain.Rate, x.Carry), out var v)) continue;
            ivSolved++;
            var err = Math.Abs(v - x.Vol);
            ivMaxError = Math.Max(ivMaxError, err);
            if (err <= 1e-10) { ivWithin++; continue; }
            // How many "one ulp of the price" vol moves the error is: a price known to one ulp cannot pin vol closer than ulp / vega.
            var vega = BlackScholes.Greeks(new OptionInputs(x.Type, spot, x.Strike, x.Years, chain.Rate, x.Carry, x.Vol)).Vega;
            ivWorstInUlps = Math.Max(ivWorstInUlps, err / ((Math.BitIncrement(x.Price) - x.Price) / vega));
        }
        var ivSec = Median(() =>
        {
            var sink = 0.0;
            foreach (var x in ivInputs)
                if (ImpliedVol.TrySolve(new ImpliedVolInputs(x.Type, x.Price, spot, x.Strike, x.Years, chain.Rate, x.Carry), out var v)) sink += v;
            return sink;
        }, runs);
        var ivCpu = _lastCpu;
        // What bounds the scalar IV: one Cody normal CDF (each Newton step takes two, plus an exp and a log).
        var cdfArgs = ivInputs.Select(x => Math.Log(spot / x.Strike) / (x.Vol * Math.Sqrt(x.Years))).ToArray();
        var cdfSec = Median(() =>
        {
            var sink = 0.0;
            foreach (var x in cdfArgs) sink += Normal.Cdf(x);
            return sink;
        }, runs);
        figures.Add(new BenchFigure("scalarCdfNs", "scalar normal CDF (Cody), one call", "ns/call", cdfSec * 1e9 / count, null, null, false) { CpuMedian = _lastCpu * 1e9 / count });
        var ivType = ivInputs.Select(x => x.Type).ToArray();
        var ivPrice = ivInputs.Select(x => x.Price).ToArray();
        var ivStrike = ivInputs.Select(x => x.Strike).ToArray();
        var ivYears = ivInputs.Select(x => x.Years).ToArray();
        var ivCarry = ivInputs.Select(x => x.Carry).ToArray();
        var ivOut = new double[count];
        ImpliedVol.SolveOrNaN(ivType, ivPrice, spot, ivStrike, ivYears, chain.Rate, ivCarry, ivOut);
        var batchMaxError = 0.0;
        var batchWithin = 0;
        for (var j = 0; j < count; j++)
        {
            if (double.IsNaN(ivOut[j])) continue;
            var err = Math.Abs(ivOut[j] - ivInputs[j].Vol);
            batchMaxError = Math.Max(batchMaxError, err);
            if (err <= 1e-10) batchWithin++;
        }
        var ivBatchSec = Median(() =>
        {
            ImpliedVol.SolveOrNaN(ivType, ivPrice, spot, ivStrike, ivYears, chain.Rate, ivCarry, ivOut);
            return ivOut[0];
        }, runs);
        var ivBatchCpu = _lastCpu;
        figures.Add(new BenchFigure("impliedVolBatchNs", $"implied vol, batched ({ImpliedVol.BatchPath})", "ns/contract", ivBatchSec * 1e9 / count, ivSec * 1e9 / count, 200, false) { CpuMedian = ivBatchCpu * 1e9 / count });
        figures.Add(new BenchFigure("impliedVolNs", $"implied vol, one at a time ({ivSolved:N0} of {count:N0} solvable)", "ns/contract", ivSec * 1e9 / count, null, 200, false) { CpuMedian = ivCpu * 1e9 / count });

        // Gamma at one spot: one sweep.
        var gammaFast = Median(() => GammaSweep.NetShares(chain, spot), runs);
        var gammaCpu = _lastCpu;
        var gammaScalar = Median(() => GammaSweep.NetSharesScalar(chain, spot), runs);
        figures.Add(new BenchFigure("gammaNs", "net gamma at one spot", "ns/contract", gammaFast * 1e9 / count, gammaScalar * 1e9 / count, 1, false) { CpuMedian = gammaCpu * 1e9 / count });

        // Delta, gamma, vanna, charm of every contract at one spot.
        var g = new double[4 * count];
        var greeksFast = Median(() =>
        {
            SpotGreeks.Compute(chain, spot, g.AsSpan(0, count), g.AsSpan(count, count), g.AsSpan(2 * count, count), g.AsSpan(3 * count, count));
            return g[0];
        }, runs);
        var greeksCpu = _lastCpu;
        var greeksScalar = Median(() =>
        {
            SpotGreeks.ComputeScalar(chain, spot, g.AsSpan(0, count), g.AsSpan(count, count), g.AsSpan(2 * count, count), g.AsSpan(3 * count, count));
            return g[0];
        }, runs);
        figures.Add(new BenchFigure("greeksNs", "delta+gamma+vanna+charm at one spot", "ns/contract", greeksFast * 1e9 / count, greeksScalar * 1e9 / count, 3, false) { CpuMedian = greeksCpu * 1e9 / count });

        // Gamma profile: the levels grid (401 spots over +/-20 %, uniform in ln S).
        var grid = ZeroGamma.Grid(spot, LevelsSettings.Default);
        var values = new double[grid.Count];
        var levels = (double)count * grid.Count;
        var profileOne = Median(() => { GammaSweep.Profile(chain, grid, values, parallel: false); return values[0]; }, runs);
        var profileOneCpu = _lastCpu;
        var profileAll = Median(() => { GammaSweep.Profile(chain, grid, values); return values[0]; }, runs);
        var profileAllCpu = _lastCpu;
        var profileDense = Median(() => { GammaSweep.ProfileDense(chain, grid, values, parallel: false); return values[0]; }, runs);
        var profileDenseCpu = _lastCpu;
        var profileScalar = Median(() =>
        {
            for (var i = 0; i < grid.Count; i++) values[i] = GammaSweep.NetSharesScalar(chain, grid.Spots[i]);
            return values[0];
        }, Math.Min(runs, 3));
        figures.Add(new BenchFigure("profileNs1Core", "gamma profile, 1 core", "ns/contract-level", profileOne * 1e9 / levels, profileScalar * 1e9 / levels, 1, false) { CpuMedian = profileOneCpu * 1e9 / levels });
        figures.Add(new BenchFigure("profileNsAllCores", $"gamma profile, {Environment.ProcessorCount} cores", "ns/contract-level", profileAll * 1e9 / levels, profileScalar * 1e9 / levels, null, false) { CpuMedian = profileAllCpu * 1e9 / levels });
        figures.Add(new BenchFigure("profileMs1Core", $"gamma profile, {grid.Count} spots, 1 core (Gaussian recurrence on the ln S grid; reference: dense, same run)", "ms", profileOne * 1e3, profileDense * 1e3, 2, false) { CpuMedian = profileOneCpu * 1e3 });
        figures.Add(new BenchFigure("profilePrunedShare", "share of contract x spot terms block pruning (|d1| > 10) would still evaluate", "fraction", GammaSweep.PrunedShare(chain, grid.Spots), null, null, false));
        figures.Add(new BenchFigure("profileDenseMs1Core", $"gamma profile, {grid.Count} spots, 1 core, dense (every contract exp-evaluated at every spot)", "ms", profileDense * 1e3, profileScalar * 1e3, null, false) { CpuMedian = profileDenseCpu * 1e3 });
        figures.Add(new BenchFigure("profileLevelsPerSec", $"contract-levels per second, {Environment.ProcessorCount} cores", "1/s", levels / profileAll, levels / profileScalar, null, true) { CpuMedian = levels / profileAllCpu });

        // Zero gamma and the full report.
        var settings = LevelsSettings.Default;
        var zgFast = Median(() => ZeroGamma.Crossings(chain, settings).Count, runs);
        var zgCpu = _lastCpu;
        var zgDense = Median(() => ZeroGamma.CrossingsDense(chain, settings).Count, runs);
        var zgDenseCpu = _lastCpu;
        var zgScalar = Median(() => ZeroGamma.CrossingsScalar(chain, settings).Count, Math.Min(runs, 3));
        figures.Add(new BenchFigure("zeroGammaMs", "zero gamma (certified coarse scan, recurrence blocks where a crossing can be, Brent; reference: dense 401-spot scan, same run)", "ms", zgFast * 1e3, zgDense * 1e3, 1, false) { CpuMedian = zgCpu * 1e3 });
        figures.Add(new BenchFigure("zeroGammaDenseMs", "zero gamma, dense 401-spot scan + Brent", "ms", zgDense * 1e3, zgScalar * 1e3, null, false) { CpuMedian = zgDenseCpu * 1e3 });
        var fullFast = Median(() => LevelsCalculator.Analyze(chain, settings), runs);
        var fullCpu = _lastCpu;
        var fullScalar = Median(() => ScalarReference.Analyze(chain, settings), Math.Min(runs, 3));
        figures.Add(new BenchFigure("fullReportMs", "full levels report from the parsed chain", "ms", fullFast * 1e3, fullScalar * 1e3, 2, false) { CpuMedian = fullCpu * 1e3 });
        var pricedSec = Median(() => ChainPricer.Price(snapshot, EngineSettings.Default), runs);
        figures.Add(new BenchFigure("priceChainMs", "price the chain (forwards, IV, constants)", "ms", pricedSec * 1e3, null, null, false) { CpuMedian = _lastCpu * 1e3 });

        return new BenchResult(Machine(), parseFile, bytes.Length, synthetic is { } s ? $"synthetic chain of {s:N0} contracts (seed {new SyntheticChainOptions().Seed})" : parseFile,
            count, runs, ivMaxError, figures)
        {
            IvWithin1e10 = ivWithin,
            IvSolved = ivSolved,
            IvWorstInPriceUlps = ivWorstInUlps,
            IvBatchWithin1e10 = batchWithin,
            IvBatchMaxError = batchMaxError,
        };
    }

    /// <summary>Passes over the market after the cold one; the median of them (by wall time) is the warm figure.</summary>
    public const int MarketWarmPasses = 5;

    /// <summary>
    /// Every underlying's full levels report over a synthetic market: chains are generated first (not
    /// timed), then priced and analysed on all cores, once cold and then <see cref="MarketWarmPasses"/> times
    /// warm; wall and CPU time of each pass and the process's peak working set.
    /// </summary>
    public static MarketResult Market(int underlyings, int contractsEach)
    {
        var sw = Stopwatch.StartNew();
        var options = SyntheticChain.Market(underlyings, contractsEach);
        var snapshots = new ChainSnapshot[underlyings];
        Parallel.For(0, underlyings, u => snapshots[u] = SyntheticChain.Generate(options[u]));
        var generate = sw.Elapsed.TotalSeconds;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var reports = new LevelsReport[underlyings];
        var settings = LevelsSettings.Default;
        using var process = Process.GetCurrentProcess();
        var passes = new MarketPass[1 + MarketWarmPasses];
        for (var pass = 0; pass < passes.Length; pass++)
        {
            // Pass 1 is cold (the JIT compiles the engine while it runs). The warm passes are a process that recomputes
            // the market on every tick; the first of them still pays for the JIT's tier-1 recompilation of the hot
            // methods (measured: about 1.5 s of CPU against 0.8 s for the later ones), so their median is the figure.
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            long priceTicks = 0, analyzeTicks = 0;
            sw.Restart();
            Parallel.For(0, underlyings, u =>
            {
                var t0 = Stopwatch.GetTimestamp();
                var chain = ChainPricer.Price(snapshots[u], EngineSettings.Default);
                var t1 = Stopwatch.GetTimestamp();
                reports[u] = LevelsCalculator.Analyze(chain, settings).Levels;
                var t2 = Stopwatch.GetTimestamp();
                Interlocked.Add(ref priceTicks, t1 - t0);
                Interlocked.Add(ref analyzeTicks, t2 - t1);
            });
            var wall = sw.Elapsed.TotalSeconds;
            process.Refresh();
            passes[pass] = new MarketPass(wall, (process.TotalProcessorTime - cpu0).TotalSeconds,
                priceTicks / (double)Stopwatch.Frequency, analyzeTicks / (double)Stopwatch.Frequency);
        }
        process.Refresh();
        var contracts = (long)underlyings * contractsEach;
        var warmPasses = passes[1..];
        var warm = warmPasses.OrderBy(p => p.WallSeconds).ElementAt(warmPasses.Length / 2);
        return new MarketResult(Machine(), underlyings, contractsEach, contracts, generate, passes[0], warm, warmPasses, contracts / warm.WallSeconds,
            process.PeakWorkingSet64 / 1048576.0, GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0, reports.Count(r => r.ZeroGamma is not null));
    }

    /// <summary>Median seconds per call of <paramref name="op"/> over <paramref name="runs"/> runs, after a warm-up.</summary>
    private static double Median<T>(Func<T> op, int runs)
    {
        // Warm-up (JIT tiers: 30 calls then a background tier-1 compile; caches) and calibration: at least 40 calls or
        // 1.5 s, and until the JIT has compiled no method for QuietMs (so at least QuietMs; the tier-1 and OSR compiles
        // of what op calls have landed), at most WarmUpLimitMs in all. Without the quiet rule a figure could be timed in
        // part on code the JIT was still promoting: chain pricing read 6.0-8.7 ms without it and 3.9-6.5 ms with it, in
        // six alternated pairs (docs/performance.md, 2026-12-07 06:05 UTC).
        var sw = Stopwatch.StartNew();
        var calls = 0;
        var compiled = JitInfo.GetCompiledMethodCount();
        var lastCompileMs = 0L;
        while (sw.ElapsedMilliseconds < WarmUpLimitMs)
        {
            Sink(op());
            calls++;
            var now = sw.ElapsedMilliseconds;
            var count = JitInfo.GetCompiledMethodCount();
            if (count != compiled) { compiled = count; lastCompileMs = now; }
            if ((calls >= 40 || now >= 1500) && now - lastCompileMs >= QuietMs) break;
        }
        sw.Restart();
        for (var i = 0; i < 3; i++) Sink(op());
        var perCall = sw.Elapsed.TotalSeconds / 3;
        var iterations = Math.Max(1, (int)Math.Ceiling(0.025 / perCall));
        var samples = new double[Math.Max(runs, 1)];
        var cpu = new double[samples.Length];
        using var process = Process.GetCurrentProcess();
        for (var r = 0; r < samples.Length; r++)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            sw.Restart();
            for (var i = 0; i < iterations; i++) Sink(op());
            samples[r] = sw.Elapsed.TotalSeconds / iterations;
            process.Refresh();
            cpu[r] = (process.TotalProcessorTime - cpu0).TotalSeconds / iterations;
        }
        _lastCpu = Samples.Median(cpu);
        return Samples.Median(samples);
    }

    /// <summary>Milliseconds without a JIT compile after which <see cref="Median"/>'s warm-up ends.</summary>
    private const int QuietMs = 300;

    /// <summary>Longest warm-up of one figure, milliseconds, quiet JIT or not.</summary>
    private const int WarmUpLimitMs = 5000;

    /// <summary>Process CPU seconds per call of the last <see cref="Median"/> (median over its runs).</summary>
    private static double _lastCpu;

    private static object? _sink;

    private static void Sink<T>(T value) => _sink = value;

    private static string CpuName()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo")) return CpuLabel(File.ReadLines("/proc/cpuinfo")) ?? RuntimeInformation.ProcessArchitecture.ToString();
        }
        catch (IOException)
        {
        }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    /// <summary>
    /// The first processor's "model name" of /proc/cpuinfo with its family and model numbers, which tell apart the
    /// kinds a VM names alike ("AMD EPYC (family 25, model 1)" is Zen 3, "(family 25, model 17)" Zen 4); null without a
    /// model name.
    /// </summary>
    internal static string? CpuLabel(IEnumerable<string> cpuinfo)
    {
        string? name = null, family = null, model = null;
        foreach (var line in cpuinfo)
        {
            if (line.Length == 0) break; // the end of the first processor's block
            var colon = line.IndexOf(':');
            if (colon < 0) continue;
            var (key, value) = (line[..colon].Trim(), line[(colon + 1)..].Trim());
            if (key == "model name") name = value;
            else if (key == "cpu family") family = value;
            else if (key == "model") model = value;
        }
        if (string.IsNullOrEmpty(name)) return null;
        return family is { Length: > 0 } && model is { Length: > 0 } ? $"{name} (family {family}, model {model})" : name;
    }
}
