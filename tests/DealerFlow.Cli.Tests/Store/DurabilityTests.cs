using System.Diagnostics;
using System.Text.RegularExpressions;
using DealerFlow.Data.Store;
using DealerFlow.Data.Tests.Store;

namespace DealerFlow.Cli.Tests.Store;

/// <summary>
/// Kills a real <c>dealerflow ingest</c> child process with SIGKILL mid-way and checks that every snapshot it reported
/// as stored is in the store whole, that nothing half-written is visible, and that the store opens cleanly and
/// takes the rest of the files. A reader in this process reads the store all the while (concurrent readers).
/// </summary>
public sealed partial class DurabilityTests : IDisposable
{
    private const int Copies = 6;
    private readonly string _dir = Directory.CreateTempSubdirectory("dealerflow-kill-").FullName;

    [Fact]
    public void Sqlite_KillIngestMidway_CommittedSnapshotsIntactAndStoreOpens() => KillMidway(Path.Combine(_dir, "store", "dealerflow.db"));

    [PostgresFact]
    public void Postgres_KillIngestMidway_CommittedSnapshotsIntactAndStoreOpens()
    {
        using var db = new TempPostgresDatabase();
        KillMidway(db.ConnectionString);
    }

    /// <summary>
    /// Without --step ingest reads and analyses several files at once on worker threads and stores them in file order.
    /// With --step-commits the workers run ahead as usual but each store write waits for a line on standard input, so the
    /// test, not a clock, decides the moment: it lets three writes through, lets the fourth go and kills the child at
    /// once (others in flight on the workers, the fourth possibly being written). The store holds whole snapshots of a
    /// prefix of the files, every one it reported among them, and takes the rest. (Before --step-commits the test killed
    /// after the third "stored" line and lost the race on a fast machine: all 42 files were stored before the kill.)
    /// </summary>
    [Fact]
    public void Sqlite_KillParallelIngest_CommittedPrefixInFileOrderIntactAndStoreOpens()
    {
        var location = Path.Combine(_dir, "store", "dealerflow.db");
        var input = MakeInput(Copies);
        var files = Directory.GetFiles(input).Order(StringComparer.Ordinal).Select(Path.GetFileName).ToArray();
        using (SnapshotStore.Open(location)) { }
        var child = StartIngest(location, input, step: false, stepCommits: true);
        var acknowledged = new List<long>();
        using var stored = new SemaphoreSlim(0);
        child.OutputDataReceived += (_, e) =>
        {
            var m = e.Data is null ? null : StoredLine().Match(e.Data);
            if (m is not { Success: true }) return;
            lock (acknowledged) acknowledged.Add(long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            stored.Release();
        };
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        for (var n = 0; n < 3; n++)
        {
            child.StandardInput.WriteLine();
            child.StandardInput.Flush();
            // A deadline for a hung child only: the wait ends on the child's "stored" line.
            Assert.True(stored.Wait(TimeSpan.FromMinutes(3)), $"ingest reported only {n} snapshots (exited: {child.HasExited})");
        }
        child.StandardInput.WriteLine();
        child.StandardInput.Flush();
        child.Kill(entireProcessTree: true); // SIGKILL on Unix, while the 4th write may be under way
        Assert.True(child.WaitForExit(30_000));
        child.WaitForExit();
        Assert.NotEqual(0, child.ExitCode);

        long committed;
        using (var store = SnapshotStore.Open(location))
        {
            Assert.Empty(store.Check());
            var rows = store.Query(new SnapshotQuery("SPY")).OrderBy(r => r.Id).ToList();
            committed = rows.Count;
            Assert.InRange(committed, 3, 4); // at most the write let through before the kill
            foreach (var row in rows) AssertWhole(store, row);
            // Ordered commit: the stored snapshots are the first files, in file order, with ids 1, 2, 3, ...
            Assert.Equal(files.Take(rows.Count), rows.Select(r => r.SourceFile));
            Assert.Equal(Enumerable.Range(1, rows.Count).Select(i => (long)i), rows.Select(r => r.Id));
            lock (acknowledged) Assert.Subset(rows.Select(r => r.Id).ToHashSet(), acknowledged.ToHashSet());
        }
        var rest = StartIngest(location, input, step: false);
        var output = rest.StandardOutput.ReadToEnd();
        rest.WaitForExit();
        Assert.True(rest.ExitCode == 0, output + rest.StandardError.ReadToEnd());
        Assert.Contains($"{files.Length} file(s): {files.Length - committed} stored, {committed} already stored, 0 failed", output);
    }

    [Fact]
    public void Sqlite_TwoIngestsAtOnce_StoreEachSnapshotOnce() => TwoWriters(Path.Combine(_dir, "store", "dealerflow.db"));

    [PostgresFact]
    public void Postgres_TwoIngestsAtOnce_StoreEachSnapshotOnce()
    {
        using var db = new TempPostgresDatabase();
        TwoWriters(db.ConnectionString);
    }

    /// <summary>Two ingest processes over the same 14 files at the same time: no failure, every snapshot stored exactly once.</summary>
    private void TwoWriters(string location)
    {
        var input = MakeInput(copies: 2);
        using (SnapshotStore.Open(location)) { }
        var a = StartIngest(location, input, step: false);
        var b = StartIngest(location, input, step: false);
        var outA = a.StandardOutput.ReadToEndAsync();
        var outB = b.StandardOutput.ReadToEndAsync();
        Assert.True(a.WaitForExit(180_000) && b.WaitForExit(180_000));
        Assert.True(a.ExitCode == 0, outA.Result + a.StandardError.ReadToEnd());
        Assert.True(b.ExitCode == 0, outB.Result + b.StandardError.ReadToEnd());
        var (storedA, alreadyA) = Summary(outA.Result);
        var (storedB, alreadyB) = Summary(outB.Result);
        Assert.Equal(14, storedA + storedB);
        Assert.Equal(14, alreadyA + alreadyB);
        using var store = SnapshotStore.Open(location);
        Assert.Equal(14, store.Count());
        Assert.Empty(store.Check());
        foreach (var row in store.Query(new SnapshotQuery("SPY"))) AssertWhole(store, row);
    }

    private static (int Stored, int Already) Summary(string output)
    {
        var m = SummaryLine().Match(output);
        Assert.True(m.Success, output);
        return (int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    private void KillMidway(string location)
    {
        var input = MakeInput(Copies);
        var total = Directory.GetFiles(input).Length;

        // Migrate first so the reader below can open the store at once.
        using (SnapshotStore.Open(location)) { }

        // The child ingests one file per line on its standard input, so the test decides when it runs: it lets 8 files
        // through, checks what a concurrent reader sees after each, then lets the 9th go and kills the child at once,
        // somewhere in reading, pricing or writing that file (no clock decides it).
        var child = StartIngest(location, input, step: true);
        var acknowledged = new List<long>();
        using var stored = new SemaphoreSlim(0);
        child.OutputDataReceived += (_, e) =>
        {
            var m = e.Data is null ? null : StoredLine().Match(e.Data);
            if (m is not { Success: true }) return;
            lock (acknowledged) acknowledged.Add(long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            stored.Release();
        };
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();

        // Concurrent reader: while the child writes, every snapshot visible is whole.
        var seenCounts = new List<long>();
        using (var reader = SnapshotStore.Open(location))
        {
            for (var n = 1; n <= 8; n++)
            {
                child.StandardInput.WriteLine();
                child.StandardInput.Flush();
                // A deadline for a hung child only: the wait ends on the child's "stored" line.
                Assert.True(stored.Wait(TimeSpan.FromMinutes(3)), $"ingest reported no snapshot {n} (exited: {child.HasExited})");
                var rows = reader.Query(new SnapshotQuery("SPY"));
                foreach (var row in rows) AssertWhole(reader, row);
                seenCounts.Add(rows.Count);
            }
        }
        child.StandardInput.WriteLine();
        child.StandardInput.Flush();
        child.Kill(entireProcessTree: true); // SIGKILL on Unix, while the 9th file is in flight
        Assert.True(child.WaitForExit(30_000));
        child.WaitForExit();
        Assert.NotEqual(0, child.ExitCode);
        // The reader saw each committed snapshot as soon as the child reported it.
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7, 8], seenCounts);

        long committed;
        using (var store = SnapshotStore.Open(location))
        {
            Assert.Empty(store.Check());
            var rows = store.Query(new SnapshotQuery("SPY"));
            committed = rows.Count;
            Assert.InRange(committed, 8, 9); // at most the file in flight
            foreach (var row in rows) AssertWhole(store, row);
            lock (acknowledged)
            {
                Assert.NotEmpty(acknowledged);
                Assert.Subset(rows.Select(r => r.Id).ToHashSet(), acknowledged.ToHashSet()); // every id the child reported as stored is in the store
            }
        }

        // The store takes the rest: everything committed is already stored, the remainder is stored.
        var rest = StartIngest(location, input, step: false);
        var output = rest.StandardOutput.ReadToEnd();
        rest.WaitForExit();
        Assert.True(rest.ExitCode == 0, output + rest.StandardError.ReadToEnd());
        Assert.Contains($"{total} file(s): {total - committed} stored, {committed} already stored, 0 failed", output);
        using (var store = SnapshotStore.Open(location))
        {
            Assert.Equal(total, store.Count());
            Assert.Empty(store.Check());
        }
    }

    private static void AssertWhole(ISnapshotStore store, StoredSnapshot row)
    {
        var exposure = store.LoadExposure(row.Id);
        Assert.NotNull(exposure);
        Assert.True(row.StrikeRows > 250, $"snapshot {row.Id} records {row.StrikeRows} strikes");
        Assert.Equal(row.StrikeRows, exposure.ByStrike.Count);
        Assert.Equal(row.ExpiryRows, exposure.ByExpiry.Count);
        Assert.Equal(row.ProfileRows, exposure.Profile.Count);
        Assert.Equal(401, exposure.Profile.Count);
        var levels = store.LoadLevels(row.Id);
        Assert.NotNull(levels);
        Assert.Equal(row.ZeroGamma, levels.ZeroGamma);
        Assert.Equal(row.Spot, levels.Spot);
    }

    /// <summary>
    /// Copies of the SPY series, each a distinct snapshot: copy k quotes the underlying k cents higher ("Last:"), since a
    /// snapshot is identified by the parsed chain's content, not the file's bytes.
    /// </summary>
    private string MakeInput(int copies)
    {
        var input = Directory.CreateDirectory(Path.Combine(_dir, "in")).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.TestData, "series_spy"), "*.csv"))
        {
            var text = File.ReadAllText(file);
            var last = LastPrice().Match(text);
            Assert.True(last.Success, file);
            var price = decimal.Parse(last.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            for (var k = 0; k < copies; k++)
            {
                var shifted = string.Concat(text.AsSpan(0, last.Groups[1].Index), (price + k * 0.01m).ToString(System.Globalization.CultureInfo.InvariantCulture), text.AsSpan(last.Groups[1].Index + last.Groups[1].Length));
                File.WriteAllText(Path.Combine(input, $"{Path.GetFileNameWithoutExtension(file)}_copy{k}.csv"), shifted);
            }
        }
        return input;
    }

    [GeneratedRegex(@"Last: ([0-9]+\.[0-9]+)")]
    private static partial Regex LastPrice();

    private static Process StartIngest(string location, string input, bool step, bool stepCommits = false)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = step || stepCommits,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { RepoPaths.CliDll(), "ingest", "--db", location, input }) psi.ArgumentList.Add(a);
        if (step) psi.ArgumentList.Add("--step");
        if (stepCommits) psi.ArgumentList.Add("--step-commits");
        return Process.Start(psi)!;
    }

    [GeneratedRegex(@"^\[\d+/\d+\] stored .*, id (\d+)$")]
    private static partial Regex StoredLine();

    [GeneratedRegex(@"file\(s\): (\d+) stored, (\d+) already stored, 0 failed")]
    private static partial Regex SummaryLine();

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
