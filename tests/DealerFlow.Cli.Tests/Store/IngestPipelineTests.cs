using DealerFlow.Cli.Commands;
using DealerFlow.Data.Store;

namespace DealerFlow.Cli.Tests.Store;

/// <summary>The ingest pipeline: files read and analysed on worker threads, stored in file order (no timing is asserted).</summary>
public sealed class IngestPipelineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dealerflow-pipeline-").FullName;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void Ordered_ManyItems_ConsumedInOrderAndNeverMoreThanTheWindowAhead(int window)
    {
        var started = new List<int>();
        var consumed = new List<int>();
        var maxAhead = 0;
        IngestCommand.Ordered(40, window,
            i =>
            {
                started.Add(i); // on the consuming thread, before item i's work starts
                maxAhead = Math.Max(maxAhead, i - consumed.Count + 1);
            },
            i =>
            {
                Thread.SpinWait(1000 * (40 - i)); // early items finish last: order must come from the pipeline
                return i * i;
            },
            (i, square) =>
            {
                Assert.Equal(i * i, square);
                consumed.Add(i);
            });
        Assert.Equal(Enumerable.Range(0, 40), consumed);
        Assert.Equal(Enumerable.Range(0, 40), started);
        Assert.Equal(window, maxAhead);
    }

    [Fact]
    public void Ordered_WorkThrows_TheExceptionReachesTheCaller()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            IngestCommand.Ordered(5, 2, _ => { }, i => i == 3 ? throw new InvalidOperationException("item 3") : i, (_, _) => { }));
        Assert.Equal("item 3", e.Message);
    }

    /// <summary>
    /// The 20 SPX sessions of 2026 (about 22,000 contracts each) in one run, analysed several at a time: stored with ids
    /// in file order, each with the levels `dealerflow levels` prints for that file alone.
    /// </summary>
    [Fact]
    public void Ingest_SpxSeriesInParallel_IdsInFileOrderAndLevelsAsComputedAlone()
    {
        var db = Path.Combine(_dir, "spx.db");
        var folder = Path.Combine(RepoPaths.TestData, "series_spx_2026");
        var files = Directory.GetFiles(folder).Order(StringComparer.Ordinal).ToArray();
        var run = IngestHistoryTests.Run("ingest", "--db", db, folder);
        Assert.True(run.Code == Commands.Cli.Ok, run.Out + run.Err);
        Assert.Contains($"{files.Length} file(s): {files.Length} stored, 0 already stored, 0 failed", run.Out);
        using var store = SnapshotStore.Open(db);
        var rows = store.Query(new SnapshotQuery("SPX")).OrderBy(r => r.Id).ToList();
        Assert.Equal(files.Select(Path.GetFileName), rows.Select(r => r.SourceFile));
        Assert.Equal(Enumerable.Range(1, files.Length).Select(i => (long)i), rows.Select(r => r.Id));
        foreach (var i in new[] { 0, files.Length / 2, files.Length - 1 })
        {
            var alone = IngestHistoryTests.Run("levels", files[i], "--format", "json");
            Assert.True(alone.Code == Commands.Cli.Ok, alone.Err);
            using var doc = System.Text.Json.JsonDocument.Parse(alone.Out);
            var levels = doc.RootElement.GetProperty("reports")[0];
            var stored = store.LoadLevels(rows[i].Id)!;
            Assert.Equal(levels.GetProperty("totalGex").GetProperty("value").GetDouble(), stored.TotalGex.Value, 1e-12 * Math.Abs(stored.TotalGex.Value));
            Assert.Equal(levels.GetProperty("zeroGamma").GetDouble(), stored.ZeroGamma!.Value, 1e-9);
            Assert.Equal(levels.GetProperty("callWall").GetDouble(), stored.CallWall!.Value);
        }
    }

    /// <summary>The same chain twice in one run (two names): analysed at once on two workers, stored once.</summary>
    [Fact]
    public void Ingest_SameChainTwiceInOneRun_StoredOnceThenAlreadyStored()
    {
        var input = Directory.CreateDirectory(Path.Combine(_dir, "in")).FullName;
        var source = Path.Combine(RepoPaths.TestData, "spx_quotedata_2024-01-05.csv");
        File.Copy(source, Path.Combine(input, "a.csv"));
        File.Copy(source, Path.Combine(input, "b.csv"));
        var run = IngestHistoryTests.Run("ingest", "--db", Path.Combine(_dir, "twice.db"), input);
        Assert.True(run.Code == Commands.Cli.Ok, run.Out + run.Err);
        Assert.Contains("2 file(s): 1 stored, 1 already stored, 0 failed", run.Out);
        Assert.Contains("stored          " + Path.Combine(input, "a.csv"), run.Out);
        Assert.Contains("already stored  " + Path.Combine(input, "b.csv"), run.Out);
        Assert.Contains("the store holds 1 snapshot(s)", run.Out);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
