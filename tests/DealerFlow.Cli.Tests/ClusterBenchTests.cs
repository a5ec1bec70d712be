using DealerFlow.Cli.Bench;
using DealerFlow.Core.Chain;
using DealerFlow.Core.Exposure;
using DealerFlow.Core.Levels;
using DealerFlow.Data.Store;
using DealerFlow.Data.Tests.Store;
using CliApp = DealerFlow.Cli.Commands.Cli;

namespace DealerFlow.Cli.Tests;

/// <summary>
/// The bookkeeping of <c>bench --cluster</c> on hand-made inputs with known answers: percentiles, the store audit (lost,
/// duplicated, committed but not acknowledged) and the symbol-to-silo accounting; and its option checks.
/// </summary>
public class ClusterBenchTests
{
    private static readonly DateTimeOffset T1 = new(2024, 1, 5, 9, 30, 0, TimeSpan.FromHours(-5));
    private static readonly DateTimeOffset T2 = T1.AddSeconds(60);
    private static readonly DateTimeOffset T3 = T1.AddSeconds(120);

    [Theory]
    [InlineData(0.50, 5)] // nearest rank: ceil(0.5 x 10) = 5th smallest
    [InlineData(0.99, 10)] // ceil(9.9) = 10th
    [InlineData(0.10, 1)]
    [InlineData(1.00, 10)]
    public void Percentile_OneToTen_NearestRank(double p, double expected) =>
        Assert.Equal(expected, Samples.Percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], p));

    [Fact]
    public void Percentile_NoSamples_NaNNotZero() => Assert.True(double.IsNaN(Samples.Percentile([], 0.5)));

    [Theory]
    [InlineData(0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Percentile_OutsideZeroToOne_Throws(double p) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Samples.Percentile([1.0], p));

    [Fact]
    public void Summarize_UnorderedSamples_SortedBeforeRanking()
    {
        var s = ClusterBenchBook.Summarize([30, 10, 20]);
        Assert.Equal(new LatencySummary(3, 20, 30, 30), s);
    }

    [Fact]
    public void Summarize_NoSamples_CountZeroAndNoValues()
    {
        var s = ClusterBenchBook.Summarize([]);
        Assert.Equal(0, s.Count);
        Assert.True(double.IsNaN(s.P50Ms) && double.IsNaN(s.P99Ms) && double.IsNaN(s.MaxMs));
    }

    [Theory]
    [InlineData(new double[] { 3, 1, 2 }, 2)]
    [InlineData(new double[] { 4, 1, 3, 2 }, 2.5)]
    [InlineData(new double[] { 7 }, 7)]
    public void Median_OddAndEvenCounts(double[] values, double expected) => Assert.Equal(expected, Samples.Median(values));

    [Fact]
    public void Audit_HandMadeStore_CountsLostDuplicatedAndUnacknowledged()
    {
        AckedChain[] acked = [new("A", T1, 1), new("A", T2, 2), new("B", T1, 3), new("B", T2, 9)];
        StoredRow[] rows =
        [
            new(1, "A", T1), new(2, "A", T2), new(3, "B", T1),
            new(4, "B", T1.ToUniversalTime()), // the same moment as row 3 written with another offset: a duplicate
            new(5, "B", T3), // committed, but its offer got no answer
        ];
        var a = ClusterBenchBook.Audit(acked, rows);
        Assert.Equal(4, a.Acknowledged);
        Assert.Equal(5, a.Rows);
        Assert.Equal(1, a.Lost); // id 9 (B at T2) is not in the store
        Assert.Equal(1, a.Duplicated); // B at T1 twice: one row too many
        Assert.Equal(1, a.UnacknowledgedCommitted); // B at T3
        Assert.Equal(["B 2024-01-05T09:31:00.0000000-05:00 id 9"], a.LostExamples);
        Assert.Equal(["B 2024-01-05T14:30:00.0000000+00:00 x2"], a.DuplicatedExamples);
    }

    [Fact]
    public void Audit_EveryAckedRowStoredOnce_Clean()
    {
        var a = ClusterBenchBook.Audit([new("A", T1, 1), new("A", T2, 2)], [new(1, "A", T1), new(2, "A", T2)]);
        Assert.Equal((0, 0, 0), (a.Lost, a.Duplicated, a.UnacknowledgedCommitted));
        Assert.Empty(a.LostExamples);
    }

    [Fact]
    public void Problems_ADeadFrontEndAnEndedStreamAndUnseenUnderlyings_EachNamed()
    {
        // Before, a run whose front end died mid-window exited 0 (only the store audit and the grains' answers counted).
        var kill = new ClusterKillFigures("silo-1", 70, 1_043, 3, "silo-1 1,043, silo-2 957", 1_043, 10.0, 9.0, 1_043, 1_000, 1_040, 13.7, 12.0, []);
        var problems = ClusterBenchBook.Problems([("silo-2", null), ("front-end", "exited with code 134: dealerflow: out of memory (log /tmp/x/front-end.log)")], streamEnded: true, kill);
        Assert.Equal(
        [
            "front-end exited with code 134: dealerflow: out of memory (log /tmp/x/front-end.log)",
            "the front end's market stream ended before the window did",
            "3 of 1,043 underlyings of the killed silo never showed again in the front end's stream",
        ], problems);
        Assert.Empty(ClusterBenchBook.Problems([("silo-2", null), ("front-end", null)], streamEnded: false, kill with { BrowserSeen = 1_043 }));
    }

    [Fact]
    public void Place_GrainList_UnderlyingsAndHubsPerSiloAndTheKilledSilosSymbols()
    {
        GrainAt[] grains =
        [
            new("underlying", "S0000", 11421), new("underlying", "S0001", 11422), new("underlying", "S0002", 11421),
            new("underlying", "OTHER", 11421), // not one of the bench's symbols
            new("markethub", "0", 11421), new("markethub", "1", 11422), new("markethub", "2", 11422),
            new("sys.membership", "x", 11421), // Orleans' own grains are not counted
        ];
        var p = ClusterBenchBook.Place(grains, new HashSet<string>(["S0000", "S0001", "S0002", "S0003"], StringComparer.Ordinal), "underlying", "markethub");
        Assert.Equal(2, p.UnderlyingsPerSilo[11421]);
        Assert.Equal(1, p.UnderlyingsPerSilo[11422]);
        Assert.Equal(1, p.HubsPerSilo[11421]);
        Assert.Equal(2, p.HubsPerSilo[11422]);
        Assert.Equal(["S0000", "S0002"], p.On(11421));
        Assert.Equal(["S0001"], p.On(11422));
        Assert.Empty(p.On(11423));
        Assert.False(p.SiloOfSymbol.ContainsKey("S0003")); // not activated: on no silo
    }

    [Fact]
    public void ReadKb_ProcStatusText_TheLinesValueInKb()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "Name:\tdealerflow\nVmPeak:\t  900000 kB\nVmHWM:\t  123456 kB\nVmRSS:\t  100000 kB\n");
            Assert.Equal(123456, ClusterBenchBook.ReadKb(file, "VmHWM:"));
            Assert.Null(ClusterBenchBook.ReadKb(file, "VmSwap:"));
        }
        finally
        {
            File.Delete(file);
        }
        Assert.Null(ClusterBenchBook.ReadKb(file, "VmHWM:"));
    }

    [Theory]
    [InlineData("--silos", "4", "--silos 4 must be 2 or 3")]
    [InlineData("--update-every", "0.5", "--update-every 0.5 must be between 1 and 3600 seconds")]
    [InlineData("--kill-after", "30", "--kill-after 30 must be inside the window")]
    public void Bench_ClusterBadOption_UsageErrorNamingIt(string option, string value, string message)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CliApp.Run(["bench", "--cluster", "Host=127.0.0.1;Database=unused", "--duration", "20", option, value], stdout, stderr);
        Assert.Equal(CliApp.BadUsage, code);
        Assert.Contains(message, stderr.ToString(), StringComparison.Ordinal);
    }

    [PostgresFact]
    public void Bench_ClusterDatabaseHoldingTheBenchsSymbols_RefusedBeforeAnyProcessStarts()
    {
        using var db = new TempPostgresDatabase();
        // One live snapshot of S0000, the bench's first synthetic underlying, stored the way a grain stores it.
        var chain = SyntheticChain.Generate(SyntheticChain.Market(1, 30)[0]);
        var analysis = LevelsCalculator.Analyze(ChainPricer.Price(chain, LiveSnapshots.Engine), LiveSnapshots.Levels);
        using (var store = PostgresSnapshotStore.Open(db.ConnectionString)) store.Save(LiveSnapshots.Create(analysis, "test", Snapshots.ContentHash(chain)));
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CliApp.Run(["bench", "--cluster", db.ConnectionString, "--market", "20", "--market-contracts", "30", "--duration", "10"], stdout, stderr);
        Assert.Equal(CliApp.BadInput, code);
        Assert.Contains("already holds snapshots of the bench's symbols (1 of S0000..S0019)", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal(1L, db.Scalar<long>("SELECT count(*) FROM snapshots"));
    }
}
