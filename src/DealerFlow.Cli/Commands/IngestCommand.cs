using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DealerFlow.Cli.Output;
using DealerFlow.Core.Exposure;
using DealerFlow.Core.Levels;
using DealerFlow.Data.Readers;
using DealerFlow.Data.Store;
using Spectre.Console;

namespace DealerFlow.Cli.Commands;

/// <summary><c>dealerflow ingest [--db PATH|URL] PATH...</c>: computes each chain and stores it, one transaction per snapshot.</summary>
internal static class IngestCommand
{
    /// <summary>Extensions taken when walking a folder (a file named on the command line is always tried).</summary>
    internal static readonly string[] ChainExtensions = [".csv", ".json", ".gz"];

    public static Option<string?> DbOption() => new("--db")
    {
        Description = $"The store: a SQLite file (default {SnapshotStore.DefaultPath}) or PostgreSQL (postgres://user:pass@host:port/db or Host=...;Username=...;Database=...).",
    };

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("PATH") { Description = "Chain files or folders (searched recursively for .csv, .json and .gz files).", Arity = ArgumentArity.ZeroOrMore };
        var fromFeed = new Option<string?>("--from-feed") { Description = "Also take one snapshot of each symbol from a feed, as serve polls it: schwab:SPY,QQQ or massive:SPY (see docs/feeds.md)." };
        var schwabUrl = FeedFetch.SchwabUrlOption(" for --from-feed");
        var schwabTokens = FeedFetch.SchwabTokensOption(" for --from-feed");
        var massiveUrl = FeedFetch.MassiveUrlOption(" for --from-feed");
        var massiveKey = FeedFetch.MassiveKeyOption(" for --from-feed");
        var db = DbOption();
        var keepRaw = new Option<bool>("--keep-raw") { Description = "Also store the raw chain file bytes." };
        var workers = new Option<int?>("--workers") { Description = "Files read and analysed at once on worker threads (default: the number of logical CPUs, at least 2); the store is written in file order either way." };
        var step = new Option<bool>("--step") { Description = "Before each file, wait for a line on standard input (tests of durability only: they kill ingest at a point they choose).", Hidden = true };
        var stepCommits = new Option<bool>("--step-commits") { Description = "Workers read and analyse ahead as usual, but each store write waits for a line on standard input (tests of durability only).", Hidden = true };
        var o = new AnalysisOptions();
        var command = new Command("ingest", "Compute every chain in the given files and folders and store levels, exposure by strike and by expiry, and the profile. Idempotent: a snapshot already stored is stored once.");
        command.Arguments.Add(paths);
        command.Options.Add(db);
        command.Options.Add(keepRaw);
        command.Options.Add(step);
        command.Options.Add(stepCommits);
        command.Options.Add(workers);
        foreach (var option in new[] { fromFeed, schwabUrl, schwabTokens, massiveUrl, massiveKey }) command.Options.Add(option);
        o.AddTo(command, withFormat: false);
        command.SetAction(r =>
        {
            // Validate every option before touching a file or the store.
            CheckPaths(r.GetValue(paths) ?? []);
            o.WarnDeprecated(r, stderr);
            var readOptions = o.ReadOptions(r);
            var engine = o.EngineSettings(r);
            var levels = o.LevelsSettings(r);
            var perfiliev = o.IsPerfiliev(r);
            if (perfiliev) Analysis.CheckPerfilievSettings(engine);
            var settingsKey = Snapshots.SettingsKey(engine, levels, readOptions);
            var positioning = perfiliev ? Positioning.ModelCode(PositioningModel.Classic) : engine.Positioning.Name;
            var method = perfiliev ? PerfilievMethod.MethodName : LevelsCalculator.MethodName;
            var stepped = r.GetValue(step);
            var commitsStepped = r.GetValue(stepCommits);
            if (r.GetValue(workers) is { } w && w is < 1 or > 256) throw new UsageException($"--workers {w} must be between 1 and 256.");
            var (files, missing) = Expand(r.GetValue(paths) ?? []);
            var spec = r.GetValue(fromFeed);
            if (files.Count == 0 && missing.Count == 0 && spec is null) throw new UsageException("ingest needs chain files or folders (PATH...) or --from-feed FEED:SYMBOLS.");
            var feeds = spec is null ? [] : FeedFetch.Fetch(spec, r.GetValue(schwabUrl), r.GetValue(schwabTokens), r.GetValue(massiveUrl), r.GetValue(massiveKey));

            using var store = OpenStore(r.GetValue(db));
            var clock = Stopwatch.StartNew();
            var outcomes = new List<Outcome>();
            foreach (var m in missing) outcomes.Add(new Outcome(m, Status.Failed, "no such file or folder", null));

            var interactive = ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected && !Console.IsErrorRedirected;
            var total = files.Count + feeds.Count;
            if (!interactive)
            {
                stdout.WriteLine($"Ingesting {total} {(feeds.Count > 0 ? "chain(s)" : "file(s)")} into {store.Description}");
                foreach (var m in outcomes) stdout.WriteLine(Line(m));
            }
            string Item(int i) => i < files.Count ? files[i] : feeds[i - files.Count].Name;
            var parts = new KeyParts(method, positioning, settingsKey);
            var keepRawBytes = r.GetValue(keepRaw);
            // Reading, hashing and analysing run on worker threads, a bounded window of files ahead; the store is written
            // on this thread, in file order (ids follow the order of the files), one transaction per snapshot. --step
            // (durability tests) runs one file at a time, each after its line on standard input.
            var window = stepped ? 1 : r.GetValue(workers) ?? Math.Max(2, Environment.ProcessorCount);
            var storeGate = new object();
            Prepared PrepareItem(int i) => i < files.Count ? PrepareFile(files[i], store, storeGate, readOptions, engine, levels, perfiliev, parts, keepRawBytes)
                : feeds[i - files.Count] is { Read: { } read } f ? Prepare(f.Name, read, null, store, storeGate, engine, levels, perfiliev, parts)
                : new Prepared(new Outcome(feeds[i - files.Count].Name, Status.Failed, feeds[i - files.Count].Error!, null));
            void Step(int i)
            {
                if (stepped && Console.In.ReadLine() is null) throw new UsageException("--step: standard input ended before every file was ingested.");
            }
            Outcome Commit(Prepared p)
            {
                if (commitsStepped && Console.In.ReadLine() is null) throw new UsageException("--step-commits: standard input ended before every file was stored.");
                lock (storeGate) return Store(p, store);
            }
            if (!interactive)
            {
                Ordered(total, window, Step, PrepareItem, (i, p) =>
                {
                    var outcome = Commit(p);
                    outcomes.Add(outcome);
                    stdout.WriteLine($"[{i + 1}/{total}] {Line(outcome)}");
                    stdout.Flush();
                });
            }
            else
            {
                var console = Tables.Console(stdout);
                console.MarkupLine($"Ingesting {total} {(feeds.Count > 0 ? "chain(s)" : "file(s)")} into [bold]{Markup.Escape(store.Description)}[/]");
                console.Progress().AutoClear(true)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                    .Start(ctx =>
                    {
                        var task = ctx.AddTask("ingest", maxValue: Math.Max(1, total));
                        Ordered(total, window, Step, PrepareItem, (i, p) =>
                        {
                            task.Description = Markup.Escape(Path.GetFileName(Item(i)));
                            outcomes.Add(Commit(p));
                            task.Increment(1);
                        });
                    });
                foreach (var m in outcomes) console.WriteLine(Line(m));
            }

            var stored = outcomes.Count(x => x.Status == Status.Stored);
            var already = outcomes.Count(x => x.Status == Status.AlreadyStored);
            var failed = outcomes.Count(x => x.Status == Status.Failed);
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{outcomes.Count} {(feeds.Count > 0 ? "chain(s)" : "file(s)")}: {stored} stored, {already} already stored, {failed} failed in {clock.Elapsed.TotalSeconds:0.0} s; the store holds {store.Count()} snapshot(s)."));
            if (failed > 0)
            {
                stderr.WriteLine($"dealerflow: {failed} {(feeds.Count > 0 ? "chain(s)" : "file(s)")} failed and were skipped: {string.Join(", ", outcomes.Where(x => x.Status == Status.Failed).Select(x => Path.GetFileName(x.File)))}.");
                return Cli.BadInput;
            }
            return Cli.Ok;
        });
        return command;
    }

    internal enum Status { Stored, AlreadyStored, Failed }

    internal sealed record Outcome(string File, Status Status, string Detail, long? Id);

    private static string Line(Outcome x) => x.Status switch
    {
        Status.Stored => $"stored          {x.File}: {x.Detail}",
        Status.AlreadyStored => $"already stored  {x.File}: {x.Detail}",
        _ => $"failed          {x.File}: {x.Detail}",
    };

    public static ISnapshotStore OpenStore(string? db)
    {
        try { return SnapshotStore.Open(db); }
        catch (StoreException e) { throw new InputException(e.Message); }
    }

    /// <summary>The parts of the idempotency key that the options decide (the file decides the rest).</summary>
    private sealed record KeyParts(string Method, string Positioning, string SettingsKey);

    /// <summary>
    /// A chain read and analysed, ready to store (<see cref="ToStore"/>), or already decided (<see cref="Done"/>: failed, or
    /// found in the store under the same key).
    /// </summary>
    private sealed record Prepared(Outcome? Done, string File = "", SnapshotToStore? ToStore = null, GexAnalysis? Analysis = null);

    /// <summary>
    /// Runs <paramref name="produce"/> for items 0..count-1 on thread-pool threads, at most <paramref name="window"/> items
    /// ahead of the one being consumed, and <paramref name="consume"/>s the results on the calling thread in item order.
    /// <paramref name="beforeStart"/> runs on the calling thread just before an item's work is started.
    /// </summary>
    internal static void Ordered<T>(int count, int window, Action<int> beforeStart, Func<int, T> produce, Action<int, T> consume)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(window);
        var pending = new Task<T>?[count];
        var started = 0;
        for (var i = 0; i < count; i++)
        {
            while (started < count && started < i + window)
            {
                var j = started++;
                beforeStart(j);
                pending[j] = Task.Run(() => produce(j));
            }
            var result = pending[i]!.GetAwaiter().GetResult();
            pending[i] = null; // the chain, its analysis and the raw bytes go as soon as they are stored
            consume(i, result);
        }
    }

    private static Prepared PrepareFile(string file, ISnapshotStore store, object storeGate, ReadOptions readOptions, EngineSettings engine, LevelsSettings levels, bool perfiliev, KeyParts parts, bool keepRaw)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(file); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new Prepared(new Outcome(file, Status.Failed, $"cannot read the file ({e.Message})", null));
        }
        ChainReadResult input;
        try { input = ChainReader.Read(new MemoryStream(bytes, writable: false), Path.GetFileName(file), readOptions); }
        catch (ChainReadException e) { return new Prepared(new Outcome(file, Status.Failed, e.Message, null)); }
        return Prepare(file, input, keepRaw ? bytes : null, store, storeGate, engine, levels, perfiliev, parts);
    }

    /// <summary>Hashes and analyses one chain read (from a file or a feed) unless the same content and settings are stored already. Thread-safe: the store is only asked under <paramref name="storeGate"/>.</summary>
    private static Prepared Prepare(string file, ChainReadResult input, byte[]? raw, ISnapshotStore store, object storeGate, EngineSettings engine, LevelsSettings levels, bool perfiliev, KeyParts parts)
    {
        try
        {
            // One identity for every path into the store: the parsed chain's content (as the live writer), not the file's bytes.
            var snap = input.Snapshot;
            var hash = Snapshots.ContentHash(snap);
            var key = Snapshots.Key(snap, parts.Method, parts.Positioning, parts.SettingsKey, hash);
            long? known;
            lock (storeGate) known = store.Find(key);
            if (known is { } id)
                return new Prepared(new Outcome(file, Status.AlreadyStored, string.Create(CultureInfo.InvariantCulture, $"{snap.Underlying} {snap.Instant:yyyy-MM-dd HH:mm zzz} ({key.Method}, {key.Positioning}, same content and settings) is id {id}; not recomputed"), id));
            var analysed = Analysis.Run(file, input, engine, levels, perfiliev);
            var source = new SnapshotSource(Path.GetFileName(file), Snapshots.FormatCode(input.Format), hash, raw);
            return new Prepared(null, file, Snapshots.Create(source, parts.SettingsKey, analysed.Analysis), analysed.Analysis);
        }
        catch (InputException e)
        {
            return new Prepared(new Outcome(file, Status.Failed, e.Message, null));
        }
        catch (StoreException e)
        {
            return new Prepared(new Outcome(file, Status.Failed, e.Message, null));
        }
    }

    /// <summary>Stores a prepared snapshot (one transaction, committed before this returns), or passes on the decided outcome.</summary>
    private static Outcome Store(Prepared p, ISnapshotStore store)
    {
        if (p.Done is { } done) return done;
        try
        {
            var result = store.Save(p.ToStore!);
            var a = p.Analysis!;
            var l = a.Levels;
            var what = string.Create(CultureInfo.InvariantCulture,
                $"{l.Underlying} {l.AsOf:yyyy-MM-dd HH:mm zzz}, spot {l.Spot:0.00}, zero gamma {(l.ZeroGamma is { } z ? z.ToString("0.00", CultureInfo.InvariantCulture) : "none")}, {a.Exposure.ByStrike.Count} strikes, {l.Data.ContractsUsed} contracts ({l.Method}, {l.Positioning}, {GexUnits.Code(l.Unit)}), id {result.Id}");
            return new Outcome(p.File, result.Status == SaveStatus.Stored ? Status.Stored : Status.AlreadyStored, what, result.Id);
        }
        catch (StoreException e)
        {
            return new Outcome(p.File, Status.Failed, e.Message, null);
        }
    }

    /// <summary>
    /// A PATH that looks like an option and names no file or folder is an option ingest does not have: PATH takes any
    /// number of words, so System.CommandLine gives it such a word and the value after it (before, <c>ingest --format
    /// cboe FILE</c> reported "--format" and "cboe" as missing files, stored FILE and exited 3). A
    /// <see cref="UsageException"/> names the option; for <c>--format</c> (<c>-f</c>), the output format of the
    /// commands that print a table, it names the input format's option: ingest prints a log, not a table.
    /// </summary>
    internal static void CheckPaths(IEnumerable<string> paths)
    {
        foreach (var p in paths)
        {
            if (p.Length < 2 || !p.StartsWith('-') || File.Exists(p) || Directory.Exists(p)) continue;
            var name = p.Split('=', ':')[0];
            var hint = name is "--format" or "-f" ? $" (it prints a log, not a table; the input's format is --format-in {AnalysisOptions.FormatInWords})" : "";
            throw new UsageException($"'{name}' is not an option of ingest{hint}. Run 'dealerflow ingest --help' for its options.");
        }
    }

    /// <summary>Files named and files found under folders (recursive, chain extensions, ordinal order); paths that do not exist.</summary>
    internal static (List<string> Files, List<string> Missing) Expand(IEnumerable<string> paths)
    {
        var files = new List<string>();
        var missing = new List<string>();
        foreach (var p in paths)
        {
            if (File.Exists(p))
            {
                files.Add(p);
            }
            else if (Directory.Exists(p))
            {
                files.AddRange(Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories)
                    .Where(f => ChainExtensions.Any(e => f.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
                    .Order(StringComparer.Ordinal));
            }
            else
            {
                missing.Add(p);
            }
        }
        return (files.Distinct().ToList(), missing);
    }
}
