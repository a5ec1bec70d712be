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
}
