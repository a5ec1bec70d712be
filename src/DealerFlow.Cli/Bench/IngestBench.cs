using System.Diagnostics;
using System.Globalization;
using DealerFlow.Core.Exposure;
using DealerFlow.Core.Levels;
using DealerFlow.Data.Readers;
using DealerFlow.Data.Store;

namespace DealerFlow.Cli.Bench;

/// <summary>One stage of ingesting a session, timed on its own (one thread, sessions one after another).</summary>
/// <param name="Name">What the stage does.</param>
/// <param name="WallMs">Median wall time per session, ms.</param>
/// <param name="CpuMs">Median process CPU time per session, ms (all threads: the levels report sweeps its profile on every core).</param>
internal sealed record IngestStage(string Name, double WallMs, double CpuMs);

/// <summary>What <c>dealerflow bench --ingest DIR</c> measured.</summary>
/// <param name="Machine">CPU, cores, runtime.</param>
/// <param name="Folder">The folder of chain files ingested.</param>
/// <param name="Sessions">Chain files in it (each one session's snapshot).</param>
/// <param name="Contracts">Contracts read, over every file.</param>
/// <param name="Runs">Timed runs of the whole command (each into a new SQLite file), after one warm-up run; as many of the one-worker reference, alternating.</param>
/// <param name="ColdWallSeconds">The first run in the process: the JIT compiles the reader, the engine and the store while it runs.</param>
/// <param name="ColdCpuSeconds">Process CPU time of that run.</param>
/// <param name="WallSeconds">Median wall time of the timed runs.</param>
/// <param name="CpuSeconds">Median process CPU time of the timed runs (all threads).</param>
/// <param name="SessionsPerSecond">Sessions / median wall time.</param>
/// <param name="Store">The store's own description (journal mode and synchronous setting).</param>
/// <param name="Stages">Where a session's time goes, each stage timed alone.</param>
/// <param name="LoadAverage">The 1-minute load average at the start and at the end (/proc/loadavg), or null off Linux.</param>
internal sealed record IngestBenchResult(MachineInfo Machine, string Folder, int Sessions, long Contracts, int Runs, double ColdWallSeconds, double ColdCpuSeconds,
    double WallSeconds, double CpuSeconds, double SessionsPerSecond, string Store, IReadOnlyList<IngestStage> Stages, string? LoadAverage)
{
    /// <summary>The issue's target: at least 20 sessions per second.</summary>
    public const double Target = 20;

    public bool MeetsTarget => SessionsPerSecond >= Target;

    /// <summary>Files read and analysed at once in the timed runs (ingest's default).</summary>
    public int Workers { get; init; }

    /// <summary>The in-run reference: median wall time of <c>ingest --workers 1</c> (one file at a time, as ingest was), runs alternating with the timed ones.</summary>
    public double OneWorkerWallSeconds { get; init; }

    /// <summary>Median process CPU time of those runs.</summary>
    public double OneWorkerCpuSeconds { get; init; }

    /// <summary>One worker's wall time over the default's, same run.</summary>
    public double SpeedupOverOneWorker => OneWorkerWallSeconds / WallSeconds;
}

/// <summary>
/// <c>bench --ingest DIR</c>: runs <c>dealerflow ingest</c> itself (in this process, the same code path and options) on every
/// chain file of a folder into a new SQLite file under the temp folder, once to warm up and then <c>runs</c> times, and
/// reports the median wall and CPU time; then times each stage of a session alone (read, parse, hash, price, levels, store)
/// so the figure says where the time goes.
/// </summary>
internal static class IngestBench
{
    public static IngestBenchResult Run(string folder, int runs)
    {
        var (files, _) = Commands.IngestCommand.Expand([folder]);
        if (files.Count == 0) throw new Commands.InputException($"{folder}: no chain files (.csv, .json, .gz) in this folder.");
        var load0 = LoadAverage();
        var temp = Directory.CreateTempSubdirectory("dealerflow-bench-ingest-");
        try
        {
            var n = 0;
            string NewDb() => Path.Combine(temp.FullName, $"run{n++}.db");
            using var process = Process.GetCurrentProcess();
            (double Wall, double Cpu) Once(int? workers = null)
            {
                var db = NewDb();
                var stderr = new StringWriter();
                process.Refresh();
                var cpu0 = process.TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                string[] args = workers is { } w ? ["ingest", "--db", db, "--workers", w.ToString(CultureInfo.InvariantCulture), folder] : ["ingest", "--db", db, folder];
                var code = Commands.Cli.Run(args, TextWriter.Null, stderr);
                var wall = sw.Elapsed.TotalSeconds;
                process.Refresh();
                var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
                if (code != Commands.Cli.Ok) throw new Commands.InputException($"ingest of {folder} failed (exit code {code}): {stderr.ToString().Trim()}");
                using var check = SqliteSnapshotStore.Open(db);
                if (check.Count() != files.Count) throw new InvalidOperationException($"ingest stored {check.Count()} of {files.Count} snapshots.");
                return (wall, cpu);
            }
            var (coldWall, coldCpu) = Once();
            // Alternating with the one-worker reference, so both see the same load.
            var walls = new double[runs];
            var cpus = new double[runs];
            var oneWalls = new double[runs];
            var oneCpus = new double[runs];
            for (var i = 0; i < runs; i++)
            {
                (walls[i], cpus[i]) = Once();
                (oneWalls[i], oneCpus[i]) = Once(workers: 1);
            }
            var wallMedian = Samples.Median(walls);
            var (stages, contracts) = Stages(files, NewDb());
            string description;
            using (var s = SqliteSnapshotStore.Open(NewDb())) description = s.Description;
            var load1 = LoadAverage();
            return new IngestBenchResult(QuickBench.Machine(), folder, files.Count, contracts, runs, coldWall, coldCpu, wallMedian, Samples.Median(cpus), files.Count / wallMedian,
                description, stages, load0 is null ? null : $"{load0} at the start, {load1} at the end")
            {
                Workers = Math.Max(2, Environment.ProcessorCount),
                OneWorkerWallSeconds = Samples.Median(oneWalls),
                OneWorkerCpuSeconds = Samples.Median(oneCpus),
            };
        }
        finally
        {
            try { temp.Delete(recursive: true); }
            catch (IOException) { /* the temp folder is left for the OS to clean */ }
        }
    }

    /// <summary>Each stage of ingesting every file, timed alone in stage order (one session after another, on this thread).</summary>
    private static (IReadOnlyList<IngestStage> Stages, long Contracts) Stages(List<string> files, string db)
    {
        const int Stage = 7;
        var wall = new double[Stage][];
        var cpu = new double[Stage][];
        for (var k = 0; k < Stage; k++) (wall[k], cpu[k]) = (new double[files.Count], new double[files.Count]);
        using var process = Process.GetCurrentProcess();
        using var store = SqliteSnapshotStore.Open(db);
        var settingsKey = Snapshots.SettingsKey(EngineSettings.Default, LevelsSettings.Default);
        long contracts = 0;
        for (var i = 0; i < files.Count; i++)
        {
            var k = 0;
            T Time<T>(Func<T> op)
            {
                process.Refresh();
                var c0 = process.TotalProcessorTime;
                var t0 = Stopwatch.GetTimestamp();
                var x = op();
                wall[k][i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                process.Refresh();
                cpu[k][i] = (process.TotalProcessorTime - c0).TotalMilliseconds;
                k++;
                return x;
            }
            var file = files[i];
            var bytes = Time(() => File.ReadAllBytes(file));
            // Decompression alone, then the reader on the decompressed bytes (the reader looks through gzip itself).
            var plain = Time(() => Gunzip(bytes));
            var read = Time(() => ChainReader.Read(new MemoryStream(plain, writable: false), Path.GetFileName(file)));
            contracts += read.Snapshot.Count;
            var hash = Time(() => Snapshots.ContentHash(read.Snapshot));
            var priced = Time(() => ChainPricer.Price(read.Snapshot, EngineSettings.Default));
            var analysis = Time(() => LevelsCalculator.Analyze(priced, LevelsSettings.Default));
            var source = new SnapshotSource(Path.GetFileName(file), Snapshots.FormatCode(read.Format), hash);
            Time(() => store.Save(Snapshots.Create(source, settingsKey, analysis)));
        }
        string[] names =
        [
            "read the file",
            "decompress (gzip; nothing for a plain file)",
            "parse (JSON or CSV to columns)",
            "content hash (SHA-256)",
            "price the chain (forwards, IV, constants)",
            "levels report (exposure, profile, zero gamma)",
            "store (levels JSON, one transaction, commit)",
        ];
        return (names.Select((name, k) => new IngestStage(name, Samples.Median(wall[k]), Samples.Median(cpu[k]))).ToArray(), contracts);
    }

    private static byte[] Gunzip(byte[] bytes)
    {
        if (bytes is not [0x1f, 0x8b, ..]) return bytes;
        using var gz = new System.IO.Compression.GZipStream(new MemoryStream(bytes, writable: false), System.IO.Compression.CompressionMode.Decompress);
        using var plain = new MemoryStream(bytes.Length * 8);
        gz.CopyTo(plain);
        return plain.ToArray();
    }

    /// <summary>The 1-minute load average (/proc/loadavg), or null where there is none.</summary>
    internal static string? LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public static string Format(IngestBenchResult r)
    {
        var inv = CultureInfo.InvariantCulture;
        var w = new StringWriter(inv);
        w.WriteLine($"Ingest: {r.Sessions} sessions ({r.Contracts:N0} contracts) from {r.Folder} into a new SQLite file per run ({r.Store})");
        w.WriteLine($"  {r.Machine.Cpu}, {r.Machine.LogicalCores} logical cores, {r.Machine.Runtime}; load average {r.LoadAverage ?? "unknown"}");
        w.WriteLine($"  first run (cold JIT)  {r.ColdWallSeconds:0.000} s wall, {r.ColdCpuSeconds:0.000} s CPU");
        w.WriteLine($"  median of {r.Runs} runs, {r.Workers} workers {r.WallSeconds:0.000} s wall, {r.CpuSeconds:0.000} s CPU: {r.SessionsPerSecond:0.0} sessions/s (target >= {IngestBenchResult.Target:0}: {(r.MeetsTarget ? "ok" : "missed")}), {r.Sessions / r.CpuSeconds:0.0} sessions per CPU-second");
        w.WriteLine($"  --workers 1 (reference) {r.OneWorkerWallSeconds:0.000} s wall, {r.OneWorkerCpuSeconds:0.000} s CPU: {r.Sessions / r.OneWorkerWallSeconds:0.0} sessions/s; {r.Workers} workers are {r.SpeedupOverOneWorker:0.00}x faster (wall, same run)");
        w.WriteLine("  one session, stage by stage (median, one thread):");
        foreach (var s in r.Stages) w.WriteLine($"    {s.Name,-48} {s.WallMs,8:0.00} ms wall {s.CpuMs,8:0.00} ms CPU");
        w.WriteLine($"    {"sum",-48} {r.Stages.Sum(s => s.WallMs),8:0.00} ms wall {r.Stages.Sum(s => s.CpuMs),8:0.00} ms CPU");
        return w.ToString();
    }
}
