using System.Text;
using DealerFlow.Data.Readers;

namespace DealerFlow.Data.Tests;

/// <summary>Issue 11, finding 1: a chain cut short mid-write is flagged and rejected, never used as good data.</summary>
public sealed class WholeChainTests
{
    private static readonly string Spy = Path.Combine(RepoPaths.SpySeries, "spy_quotedata_2025-05-01_0828.csv");

    private static ChainReadResult ReadBytes(byte[] bytes) => ChainReader.Read(new MemoryStream(bytes), "spy_quotedata_2025-05-01_0828.csv");

    [Fact]
    public void WholeFile_IsNotTruncatedAndPasses()
    {
        var read = ReadBytes(File.ReadAllBytes(Spy));
        Assert.Null(read.Truncated);
        Assert.Null(WholeChain.Check(read, previous: read.Snapshot));
    }

    [Fact]
    public void WriterStoppedMidRow_At37Percent_IsTruncatedAndRejected()
    {
        var bytes = File.ReadAllBytes(Spy);
        var cut = (int)(bytes.Length * 0.37);
        while (bytes[cut - 1] is (byte)'\n' or (byte)'\r') cut++; // make sure the cut is mid-row
        var read = ReadBytes(bytes[..cut]);
        Assert.NotNull(read.Truncated);
        Assert.Contains("cut short", read.Truncated);
        var why = WholeChain.Check(read, previous: null);
        Assert.Equal(read.Truncated, why);
    }

    [Fact]
    public void CutAtARowEnd_CollapsesAgainstThePreviousChain_AndIsRejected()
    {
        var bytes = File.ReadAllBytes(Spy);
        var whole = ReadBytes(bytes);
        var cut = Array.IndexOf(bytes, (byte)'\n', (int)(bytes.Length * 0.15)) + 1;
        var part = ReadBytes(bytes[..cut]);
        Assert.Null(part.Truncated);
        var why = WholeChain.Check(part, previous: whole.Snapshot);
        Assert.NotNull(why);
        Assert.Contains("previous chain", why);
    }

    [Fact]
    public void RealSeries_EveryChainPassesAgainstTheOneBefore()
    {
        var files = Directory.GetFiles(RepoPaths.SpySeries, "*.csv").Order(StringComparer.Ordinal).ToArray();
        DealerFlow.Core.Chain.ChainSnapshot? previous = null;
        foreach (var f in files)
        {
            var read = ChainReader.Read(f);
            Assert.Null(WholeChain.Check(read, previous));
            previous = read.Snapshot;
        }
    }

    [Fact]
    public void MostlyUnreadableRows_AreRejected()
    {
        var lines = File.ReadAllLines(Spy);
        var header = Array.FindIndex(lines, l => l.StartsWith("Expiration Date,Calls", StringComparison.Ordinal));
        var sb = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            // Every second data row loses its fields: half the contracts cannot be read.
            sb.Append(i > header && i % 2 == 0 ? "garbage,row" : lines[i]).Append('\n');
        }
        var read = ReadBytes(Encoding.UTF8.GetBytes(sb.ToString()));
        var why = WholeChain.Check(read, previous: null);
        Assert.NotNull(why);
        Assert.Contains("could not be read", why);
    }

    private static ChainReadResult As(ChainReadResult read, DateTimeOffset at, DateTimeOffset? repricedFrom = null) => new()
    {
        Snapshot = read.Snapshot.WithSpot(read.Snapshot.Spot, at),
        Format = read.Format,
        RowsRead = read.RowsRead,
        ContractsRead = read.ContractsRead,
        Problems = read.Problems,
        RepricedFrom = repricedFrom,
    };

    [Fact]
    public void OlderThanTheChainHeld_IsRejectedNamingBothInstants_SameInstantPasses()
    {
        var read = ChainReader.Read(RepoPaths.SpxSample);
        var held = As(read, new DateTimeOffset(2024, 1, 5, 16, 10, 0, TimeSpan.FromHours(-5))).Snapshot;

        var why = WholeChain.Check(As(read, held.Instant.AddMinutes(-11)), held);

        Assert.Equal("as of 2024-01-05 15:59 -05:00 it is older than the chain held (as of 2024-01-05 16:10 -05:00)", why);
        Assert.Null(WholeChain.Check(As(read, held.Instant), held)); // a re-read or corrected file
        Assert.Null(WholeChain.Check(As(read, held.Instant.AddTicks(1)), held));
        // The same moment in another offset is the same instant, not an older one.
        Assert.Null(WholeChain.Check(As(read, held.Instant.ToUniversalTime()), held));
        // A source that starts its series again on purpose (a looping replay) is not held to the chain before.
        Assert.Null(WholeChain.Check(As(read, held.Instant.AddDays(-30)), held, restart: true));
    }

    [Fact]
    public void SecondsApart_TheMessageShowsThem()
    {
        var read = ChainReader.Read(RepoPaths.SpxSample);
        var held = As(read, new DateTimeOffset(2024, 1, 5, 16, 10, 30, 250, TimeSpan.FromHours(-5))).Snapshot;
        var why = WholeChain.Check(As(read, new DateTimeOffset(2024, 1, 5, 16, 10, 5, TimeSpan.FromHours(-5))), held);
        Assert.Equal("as of 2024-01-05 16:10:05 -05:00 it is older than the chain held (as of 2024-01-05 16:10:30.25 -05:00)", why);
    }

    [Fact]
    public void PolledAfterARepricing_IsHeldToThePolledChainItStartedFrom()
    {
        var read = ChainReader.Read(RepoPaths.SpxSample);
        var polled = new DateTimeOffset(2024, 1, 5, 16, 0, 0, TimeSpan.FromHours(-5));
        var repriced = As(read, polled.AddMinutes(30), repricedFrom: polled);
        var since = WholeChain.Since(repriced);
        Assert.Equal(polled, since);

        // The next poll answers with quotes older than the streamed ones but newer than its last poll: it replaces the re-pricing.
        Assert.Null(WholeChain.Check(As(read, polled.AddMinutes(10)), repriced.Snapshot, heldSince: since));
        // A poll older than the last poll is a stale document.
        Assert.Equal("as of 2024-01-05 15:50 -05:00 it is older than the chain held (as of 2024-01-05 16:00 -05:00, re-priced with streamed quotes to 2024-01-05 16:30 -05:00)",
            WholeChain.Check(As(read, polled.AddMinutes(-10)), repriced.Snapshot, heldSince: since));
        // A re-pricing never steps back from the chain shown.
        Assert.NotNull(WholeChain.Check(As(read, polled.AddMinutes(20), repricedFrom: polled), repriced.Snapshot, heldSince: since));
        // A re-pricing of a polled chain that a newer poll has replaced is stale, though its quotes are newer.
        var next = As(read, polled.AddMinutes(10));
        Assert.Equal("it re-prices the chain as of 2024-01-05 16:00 -05:00, older than the chain held (as of 2024-01-05 16:10 -05:00)",
            WholeChain.Check(As(read, polled.AddMinutes(40), repricedFrom: polled), next.Snapshot, heldSince: WholeChain.Since(next)));
    }
}
