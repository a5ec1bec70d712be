using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DealerFlow.Core.Chain;
using DealerFlow.Core.Exposure;
using DealerFlow.Data.Readers;

namespace DealerFlow.Cli.Bench;

/// <summary>The numpy peer measured beside the engine in one run.</summary>
/// <param name="Python">The interpreter that ran it and its version; numpy's version.</param>
/// <param name="Contracts">Priced contracts in both computations.</param>
/// <param name="Spots">Grid points (the engine's <see cref="SpotGrid"/>, uniform in ln S; the script builds the same spots and the bench checks they match).</param>
/// <param name="NumpyNs">numpy's median wall time per contract-level, ns.</param>
/// <param name="NumpyCpuNs">numpy's median process CPU time per contract-level, ns.</param>
/// <param name="OursNs">The engine's median wall time per contract-level on one core (<see cref="GammaSweep.Profile(PricedChain, SpotGrid, Span{double}, Span{double}, int, bool)"/>, not parallel), ns.</param>
/// <param name="OursCpuNs">The engine's median process CPU time per contract-level on one core, ns.</param>
/// <param name="OursAllCoresNs">The engine's median wall time per contract-level on every core, ns.</param>
/// <param name="MaxRelativeDifference">max over spots of |ours - numpy| / max over spots of |numpy| (both $ per 1 % move).</param>
internal sealed record PeerResult(string Python, int Contracts, int Spots, double NumpyNs, double NumpyCpuNs, double OursNs, double OursCpuNs, double OursAllCoresNs, double MaxRelativeDifference)
{
    /// <summary>The agreement the bench and the test require: both compute the same sum in double precision, in a different order and with a different exp.</summary>
    public const double Tolerance = 1e-12;

    /// <summary>numpy's time over ours, one core each, wall.</summary>
    public double Ratio => NumpyNs / OursNs;

    /// <summary>The same in CPU time.</summary>
    public double CpuRatio => NumpyCpuNs / OursCpuNs;

    public bool Agrees => MaxRelativeDifference <= Tolerance;
}

/// <summary>
/// The numpy peer (<c>bench/peer/gex_profile.py</c>): exports the priced contracts the engine uses, runs the script on
/// them, times the engine's profile on the same contracts and grid in the same run, and checks the two profiles agree.
/// </summary>
internal static class PeerBench
{
    public const string ExportSchema = "dealerflow.peer-contracts/1";
    private const string ScriptName = "gex_profile.py";

    /// <summary>The script's default half-width of the grid, as a fraction of spot (its --range).</summary>
    private const double GridRange = 0.2;

    /// <summary>
    /// The priced contracts as the peer reads them: comment lines (schema, underlying, instant, spot, rate, unit), then
    /// strike, years, vol, carry (b), open interest, multiplier and dealer sign per contract, every number round-trip.
    /// Refuses a chain priced with a positions overlay (its positions are not sign x OI x multiplier).
    /// </summary>
    public static string Export(PricedChain chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var inv = CultureInfo.InvariantCulture;
        var positioning = chain.Settings.Positioning;
        if (positioning.Overlay is not null)
            throw new Commands.UsageException("The numpy peer takes sign x open interest x multiplier per contract; a positions overlay has no such form. Drop --positions.");
        var sb = new StringBuilder();
        sb.AppendLine($"# schema={ExportSchema}");
        sb.AppendLine($"# underlying={chain.Snapshot.Underlying}");
        sb.AppendLine(inv, $"# as_of={chain.Snapshot.Instant:O}");
        sb.AppendLine(inv, $"# spot={chain.Spot:R}");
        sb.AppendLine(inv, $"# rate={chain.Rate:R}");
        sb.AppendLine($"# positioning={positioning.Name}");
        sb.AppendLine("# unit=usd-per-1pct (GEX = sum sign x gamma x open_interest x multiplier x S^2 x 0.01)");
        sb.AppendLine("strike,years,vol,carry,open_interest,multiplier,sign");
        var rows = chain.ContractIndexColumn;
        var oi = chain.Snapshot.OpenInterest;
        var multiplier = chain.Snapshot.Multiplier;
        for (var j = 0; j < chain.Count; j++)
        {
            var row = rows[j];
            var sign = positioning.SignOf(chain.TypeColumn[j]);
            sb.AppendLine(inv, $"{chain.StrikeColumn[j]:R},{chain.YearsColumn[j]:R},{chain.VolColumn[j]:R},{chain.CarryColumn[j]:R},{oi[row]:R},{multiplier[row]:R},{sign:R}");
        }
        return sb.ToString();
    }

    /// <summary>The script: next to the executable (copied by the build), else under the repository's bench/peer.</summary>
    public static string? Script()
    {
        var bundled = Path.Combine(AppContext.BaseDirectory, "peer", ScriptName);
        if (File.Exists(bundled)) return bundled;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "bench", "peer", ScriptName);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>
    /// A Python that imports numpy: DEALERFLOW_PYTHON, else python3 on the PATH, else /usr/bin/python3 (Debian's, where
    /// apt's python3-numpy goes); null with the reason when none does.
    /// </summary>
    public static (string? Python, string Reason) FindPython()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("DEALERFLOW_PYTHON") is { Length: > 0 } env) candidates.Add(env);
        candidates.Add("python3");
        candidates.Add("/usr/bin/python3");
        var tried = new List<string>();
        foreach (var python in candidates.Distinct())
        {
            var (code, output, error) = RunProcess(python, ["-c", "import numpy, platform; print(platform.python_version(), numpy.__version__)"], TimeSpan.FromSeconds(60));
            if (code == 0) return (python, output.Trim());
            tried.Add($"{python}: {(code is null ? error : "no numpy")}");
        }
        return (null, $"no Python with numpy ({string.Join("; ", tried)}); install it with apt-get install -y python3-numpy or set DEALERFLOW_PYTHON");
    }

    /// <summary>Runs the peer on <paramref name="chain"/> and the engine's profile on the same contracts and grid; null with the reason when Python, numpy or the script is missing.</summary>
    public static (PeerResult? Result, string? Skipped) Run(PricedChain chain, int runs)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var script = Script();
        if (script is null) return (null, $"the numpy peer script bench/peer/{ScriptName} is not next to the executable nor in a parent folder's bench/peer");
        var (python, version) = FindPython();
        if (python is null) return (null, version);
        var temp = Directory.CreateTempSubdirectory("dealerflow-peer-");
        try
        {
            var contracts = Path.Combine(temp.FullName, "contracts.csv");
            File.WriteAllText(contracts, Export(chain));
            var (code, output, error) = RunProcess(python, [script, contracts, "--json", "--runs", runs.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromMinutes(10));
            if (code != 0) throw new InvalidOperationException($"The numpy peer failed (exit code {code?.ToString(CultureInfo.InvariantCulture) ?? "none"}): {string.Join(" ", error.Trim().Split('\n').TakeLast(3))}");
            using var doc = JsonDocument.Parse(output);
            var root = doc.RootElement;
            var grid = root.GetProperty("grid").EnumerateArray().Select(x => x.GetDouble()).ToArray();
            var theirs = root.GetProperty("profile").EnumerateArray().Select(x => x.GetDouble()).ToArray();
            if (root.GetProperty("contracts").GetInt32() != chain.Count) throw new InvalidOperationException($"The numpy peer read {root.GetProperty("contracts").GetInt32()} contracts of {chain.Count}.");

            // The engine's own grid (and so its recurrence path); the script builds the same spots by the same rule.
            var spotGrid = SpotGrid.Around(chain.Spot, GridRange, grid.Length);
            var ourSpots = spotGrid.Spots;
            for (var i = 0; i < grid.Length; i++)
            {
                if (Math.Abs(grid[i] - ourSpots[i]) > 1e-14 * ourSpots[i])
                    throw new InvalidOperationException($"The numpy peer's spot {i} is {grid[i]:R}, the engine's {ourSpots[i]:R}: the two grids differ.");
            }
            var shares = new double[grid.Length];
            var (oneWall, oneCpu) = Time(() => GammaSweep.Profile(chain, spotGrid, shares, parallel: false), runs);
            var (allWall, _) = Time(() => GammaSweep.Profile(chain, spotGrid, shares), runs);
            GammaSweep.Profile(chain, spotGrid, shares, parallel: false);
            var scale = theirs.Max(Math.Abs);
            var worst = 0.0;
            for (var i = 0; i < grid.Length; i++)
            {
                var ours = shares[i] * GexUnits.Factor(GexUnit.DollarsPerPercent, ourSpots[i]);
                worst = Math.Max(worst, Math.Abs(ours - theirs[i]) / scale);
            }
            var levels = (double)chain.Count * grid.Length;
            return (new PeerResult($"{python} (Python/numpy {version})", chain.Count, grid.Length,
                root.GetProperty("nsPerContractLevel").GetDouble(), root.GetProperty("cpuNsPerContractLevel").GetDouble(),
                oneWall * 1e9 / levels, oneCpu * 1e9 / levels, allWall * 1e9 / levels, worst), null);
        }
        finally
        {
            try { temp.Delete(recursive: true); }
            catch (IOException) { /* left for the OS to clean */ }
        }
    }

    /// <summary>The bundled chain (or FILE) priced with the default settings, as <c>bench</c> prices it.</summary>
    public static PricedChain Price(string file)
    {
        ChainSnapshot snapshot;
        try { snapshot = ChainReader.Read(file).Snapshot; }
        catch (ChainReadException e) { throw new Commands.InputException(e.Message); }
        var chain = ChainPricer.Price(snapshot, EngineSettings.Default);
        return chain.Count > 0 ? chain : throw new Commands.InputException($"{file}: no contract is left to price after exclusions.");
    }

    /// <summary>Median wall and process CPU seconds per call over <paramref name="runs"/> runs of at least 25 ms each, after a warm-up.</summary>
    private static (double Wall, double Cpu) Time(Action op, int runs)
    {
        var sw = Stopwatch.StartNew();
        var calls = 0;
        while (calls < 5 || sw.ElapsedMilliseconds < 200) { op(); calls++; }
        var iterations = Math.Max(1, (int)Math.Ceiling(0.025 / (sw.Elapsed.TotalSeconds / calls)));
        var wall = new double[runs];
        var cpu = new double[runs];
        using var process = Process.GetCurrentProcess();
        for (var r = 0; r < runs; r++)
        {
            process.Refresh();
            var c0 = process.TotalProcessorTime;
            sw.Restart();
            for (var i = 0; i < iterations; i++) op();
            wall[r] = sw.Elapsed.TotalSeconds / iterations;
            process.Refresh();
            cpu[r] = (process.TotalProcessorTime - c0).TotalSeconds / iterations;
        }
        return (Samples.Median(wall), Samples.Median(cpu));
    }

    private static (int? Code, string Output, string Error) RunProcess(string file, IEnumerable<string> args, TimeSpan timeout)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(psi);
            if (p is null) return (null, "", $"{file} could not be started");
            var output = p.StandardOutput.ReadToEndAsync();
            var error = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(timeout))
            {
                p.Kill(entireProcessTree: true);
                return (null, "", $"{file} did not finish within {timeout.TotalSeconds:0} s");
            }
            return (p.ExitCode, output.GetAwaiter().GetResult(), error.GetAwaiter().GetResult());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (null, "", $"{file} could not be started ({e.Message})");
        }
    }

    public static string Format(PeerResult p)
    {
        var inv = CultureInfo.InvariantCulture;
        return string.Create(inv, $"numpy peer (bench/peer/{ScriptName}, {p.Python}): gamma profile, {p.Contracts:N0} contracts x {p.Spots} spots, $ per 1% move\n") +
            string.Create(inv, $"  numpy     {p.NumpyNs:0.00} ns per contract-level wall ({p.NumpyCpuNs:0.00} CPU), one core\n") +
            string.Create(inv, $"  DealerFlow {p.OursNs:0.00} ns per contract-level wall ({p.OursCpuNs:0.00} CPU), one core; {p.OursAllCoresNs:0.00} ns wall on {Environment.ProcessorCount} cores\n") +
            string.Create(inv, $"  ratio     {p.Ratio:0.0}x faster than numpy (wall, same run), {p.CpuRatio:0.0}x in CPU time\n") +
            string.Create(inv, $"  agreement max |ours - numpy| / max |numpy| = {p.MaxRelativeDifference:0.0E+0} (tolerance {PeerResult.Tolerance:0E+0}: {(p.Agrees ? "ok" : "DISAGREE")})\n");
    }
}
