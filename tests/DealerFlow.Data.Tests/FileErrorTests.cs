using System.Text;
using DealerFlow.Data.Readers;

namespace DealerFlow.Data.Tests;

/// <summary>Files that are not chains, or cannot be read, give one ChainReadException with a clear message.</summary>
public sealed class FileErrorTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dealerflow-readers-" + Guid.NewGuid().ToString("N"));

    public FileErrorTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    [Fact]
    public void Read_MissingFile_ThrowsChainReadException()
    {
        var path = Path.Combine(_dir, "nope.csv");

        var ex = Assert.Throws<ChainReadException>(() => ChainReader.Read(path));

        Assert.Equal($"Cannot read option chain '{path}': the file does not exist.", ex.Message);
    }

    [Fact]
    public void Read_Directory_ThrowsChainReadException()
    {
        var ex = Assert.Throws<ChainReadException>(() => ChainReader.Read(_dir));

        Assert.Contains("Cannot read option chain", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmptyFile_Throws()
    {
        var ex = Assert.Throws<ChainReadException>(() => ChainReader.Read(Write("empty.csv", [])));

        Assert.StartsWith("'empty.csv' is not an option chain: expected a CBOE quote-table CSV", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("found an empty file.", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("notes.txt", "Dear diary,\nToday the market went up.\n", "found text whose first non-blank line (line 1, 11 characters) is none of those headers")]
    [InlineData("prices.csv", "date,open,high,low,close\n2024-01-05,1,2,0.5,1.5\n", "found text whose first non-blank line (line 1, 24 characters) is none of those headers")]
    [InlineData("other.json", """{"name": "x", "items": [1, 2]}""", "found a JSON object whose 2 top-level properties are none of those")]
    [InlineData("array.json", "[1, 2, 3]", "found a JSON array, not an object")]
    [InlineData("blank.csv", "\n\n  \n", "found a file holding only blank lines")]
    public void Read_NotAChain_ThrowsNamingFileAndWhatWasFound(string name, string content, string found)
    {
        var ex = Assert.Throws<ChainReadException>(() => ChainReader.Read(Write(name, Encoding.UTF8.GetBytes(content))));

        Assert.StartsWith($"'{name}' is not an option chain: expected ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(found, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BinaryFile_Throws()
    {
        var ex = Assert.Throws<ChainReadException>(() => ChainReader.Read(Write("blob.bin", [0x50, 0x4b, 0x03, 0x04, 0, 0, 1, 2])));

        Assert.Contains("found binary data, not text", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_InvalidJsonOfAKnownShape_ThrowsWithPosition()
    {
        var ex = Assert.Throws<ChainReadException>(() =>
            ChainReader.Read(Write("broken.json", Encoding.UTF8.GetBytes("{\"contracts\": [ {\"symbol\": }\n]}"))));

        Assert.StartsWith("'broken.json' is not valid JSON:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("at line 1, byte", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Issue 11, finding 7: a stray file's text never appears in an error (it reached /api/symbols).</summary>
    [Theory]
    [InlineData("creds.csv", "db_password=hunter2\nuser=admin\n")]
    [InlineData("creds.json", """{"db_password": "hunter2"}""")]
    [InlineData("creds2.json", """{"data": {"options": [}, "db_password": "hunter2"}""")]
    [InlineData("bad.csv", "\nS&P 500 INDEX,Last: 4697.2402,Change: 8.56\n\"Date: hunter2 at 10:52 AM EST\",Bid: 1\nExpiration Date,Calls,Last Sale,Net,Bid,Ask,Volume,IV,Delta,Gamma,Open Interest,Strike,Puts,Last Sale,Net,Bid,Ask,Volume,IV,Delta,Gamma,Open Interest\n")]
    public void Read_StrayFile_ErrorNeverQuotesItsText(string name, string content)
    {
        var ex = Assert.Throws<ChainReadException>(() => ChainReader.Read(Write(name, Encoding.UTF8.GetBytes(content))));

        Assert.Contains($"'{name}'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("password", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CboeJsonWithoutOptionsArray_Throws()
    {
        var ex = Assert.Throws<ChainReadException>(() =>
            ChainReader.Read(Write("cboe.json", Encoding.UTF8.GetBytes("""{"timestamp": "2024-01-05 23:00:01", "data": {"symbol": "_SPX"}}"""))));

        Assert.StartsWith("'cboe.json' is not a CBOE delayed-quotes JSON: expected an object with data.options", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_CorruptGzip_Throws()
    {
        var gz = TestFiles.Gzip(Encoding.UTF8.GetBytes(new string('x', 10000)));
        gz[20] ^= 0xff;
        gz[21] ^= 0xff;

        var ex = Assert.Throws<ChainReadException>(() => ChainReader.Read(Write("bad.csv.gz", gz)));

        Assert.Contains("'bad.csv.gz'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_GzipWithoutGzExtension_DetectedByMagicBytes()
    {
        var plain = ChainReader.Read(RepoPaths.Data("spy_quotedata_2025-09-25.csv"));
        var path = Write("chain.dat", TestFiles.Gzip(File.ReadAllBytes(RepoPaths.Data("spy_quotedata_2025-09-25.csv"))));

        var r = ChainReader.Read(path);

        Assert.Equal(ChainFormat.CboeCsv, r.Format);
        Assert.Equal(plain.ContractsRead, r.ContractsRead);
        Assert.Equal(3716, r.ContractsRead);
        Assert.Equal(plain.Snapshot.Instant, r.Snapshot.Instant);
        Assert.Equal(plain.Snapshot.OpenInterest.ToArray(), r.Snapshot.OpenInterest.ToArray());
    }

    [Theory]
    [InlineData("spy_chain_2020-01-29_tdameritrade.json", 462)]
    [InlineData("spy_yfinance_2026-02-10.csv", 1568)]
    [InlineData("spx_quotedata_2022-07-12_intraday.csv", 19378)]
    public void Read_GzippedRealFile_SameContracts(string file, int contracts)
    {
        var path = Write(file + ".gz", TestFiles.Gzip(File.ReadAllBytes(RepoPaths.Data(file))));

        var r = ChainReader.Read(path);

        Assert.Equal(contracts, r.ContractsRead);
        Assert.Equal(0, r.ContractsSkipped);
    }

    [Fact]
    public void Read_GzippedCboeJsonFixtureFromStream_Works()
    {
        using var ms = new MemoryStream(TestFiles.Gzip(File.ReadAllBytes(TestFiles.Fixture("cboe_spx_2024-01-05.json"))));

        var r = ChainReader.Read(ms, "cboe.json.gz");

        Assert.Equal(ChainFormat.CboeJson, r.Format);
        Assert.Equal(20, r.ContractsRead);
    }
}
