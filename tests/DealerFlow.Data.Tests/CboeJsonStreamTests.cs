using System.IO.Compression;
using System.Text;
using DealerFlow.Core.Chain;
using DealerFlow.Data.Readers;
using DealerFlow.Data.Store;
using DealerFlow.Testing;

namespace DealerFlow.Data.Tests;

/// <summary>
/// The streaming CBOE JSON reader (<see cref="CboeJsonReader.TryStream"/>) against the document-model reader
/// (<see cref="CboeJsonReader.Read"/>): the same chain, problems and messages, and the documents it hands over.
/// </summary>
public sealed class CboeJsonStreamTests
{
    public static TheoryData<string> SpxSessions()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.EnumerateFiles(RepoPaths.Data("series_spx_2026"), "*.json.gz").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(SpxSessions))]
    public void TryStream_RealSpxSession_SameChainAsTheDocumentModel(string file)
    {
        var json = Gunzip(File.ReadAllBytes(Path.Combine(RepoPaths.Data("series_spx_2026"), file)));

        var streamed = Stream(json, file);
        var dom = CboeJsonReader.Read(json, file, new ReadOptions());

        AssertSame(dom, streamed);
        Assert.True(streamed.Snapshot.Count > 20000, $"{streamed.Snapshot.Count} contracts");
        Assert.Equal(Snapshots.ContentHash(dom.Snapshot), Snapshots.ContentHash(streamed.Snapshot));
    }

    [Theory]
    [InlineData("cboe_spx_2024-01-05.json")]
    [InlineData("cboe_malformed.json")]
    public void TryStream_Fixture_SameChainProblemsAndLinesAsTheDocumentModel(string fixture)
    {
        var json = File.ReadAllBytes(TestFiles.Fixture(fixture));

        AssertSame(CboeJsonReader.Read(json, fixture, new ReadOptions()), Stream(json, fixture));
    }

    [Fact]
    public void TryStream_AllBadFixture_ThrowsTheSameMessage()
    {
        var json = File.ReadAllBytes(TestFiles.Fixture("cboe_all_bad.json"));

        var dom = Assert.Throws<ChainReadException>(() => CboeJsonReader.Read(json, "bad.json", new ReadOptions()));
        var streamed = Assert.Throws<ChainReadException>(() => CboeJsonReader.TryStream(json, "bad.json", new ReadOptions(), false, out _));

        Assert.Equal(dom.Message, streamed.Message);
    }

    [Fact]
    public void Read_CboeFixtureCutInsideARecord_ReportsWhereItBreaksOffAndLoadsNothing()
    {
        // Cut at the end of the second record's "bid" line: the reader runs out of data right after that line's last byte.
        var json = File.ReadAllBytes(TestFiles.Fixture("cboe_spx_2024-01-05.json"));
        var lines = Encoding.UTF8.GetString(json).Split('\n');
        var options = Array.FindIndex(lines, l => l.Contains("\"options\"", StringComparison.Ordinal));
        var firstBid = Array.FindIndex(lines, options, l => l.TrimStart().StartsWith("\"bid\":", StringComparison.Ordinal));
        var k = Array.FindIndex(lines, firstBid + 1, l => l.TrimStart().StartsWith("\"bid\":", StringComparison.Ordinal));
        var line = lines[k].TrimEnd('\r');
        Assert.EndsWith(",", line, StringComparison.Ordinal);
        var cut = Encoding.UTF8.GetBytes(string.Join('\n', lines[..k]) + "\n" + line);

        var ex = Assert.Throws<ChainReadException>(() => ChainReader.Read(new MemoryStream(cut), "cut.json"));

        // The reader stops at the comma it cannot complete: the last byte of the line.
        Assert.Equal($"'cut.json' is not valid JSON: it breaks off or is malformed at line {k + 1}, byte {line.Length}.", ex.Message);
    }

    [Fact]
    public void Read_HalfWrittenSpxSession_ReportsWhereItBreaksOffAndLoadsNothing()
    {
        // A writer stopped between two records of a one-line 3.5 MB session: the reader runs out of data right after the ", ".
        var json = Gunzip(File.ReadAllBytes(Path.Combine(RepoPaths.Data("series_spx_2026"), "SPX_2026-06-12.json.gz")));
        var at = json.AsSpan(json.Length / 2).IndexOf("}, {"u8) + json.Length / 2 + 3;
        var cut = json[..at];
        Assert.DoesNotContain((byte)'\n', cut);

        var ex = Assert.Throws<ChainReadException>(() => ChainReader.Read(new MemoryStream(TestFiles.Gzip(cut)), "SPX_2026-06-12.json.gz"));

        Assert.Equal($"'SPX_2026-06-12.json.gz' is not valid JSON: it breaks off or is malformed at line 1, byte {at + 1}.", ex.Message);
    }

    [Fact]
    public void Read_TextAfterTheRootObject_IsMalformed()
    {
        var json = File.ReadAllText(TestFiles.Fixture("cboe_spx_2024-01-05.json")).TrimEnd() + " x";

        var ex = Assert.Throws<ChainReadException>(() => TestFiles.ReadText(json, "trail.json"));

        Assert.StartsWith("'trail.json' is not valid JSON: it breaks off or is malformed at line ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryStream_RepeatedProperties_LastOneWinsAsInTheDocumentModel()
    {
        const string json = """
            {"timestamp": "2020-01-01 00:00:00", "data": {"symbol": "_XSP", "current_price": "NaN",
              "options": [
                {"option": "SPX240119C04700000", "bid": "abc", "bid": 1.5, "open_interest": 10, "iv": -1, "extra": {"a": [1, 2]}},
                {"option": 12, "option": "SPX240119P04700000", "open_interest": -1, "open_interest": 20, "delta": true, "gamma": {"g": 1}}
              ],
              "current_price": 4700.5, "symbol": "_SPX"},
             "timestamp": "2024-01-05 23:00:01"}
            """;
        var bytes = Encoding.UTF8.GetBytes(json);

        var streamed = Stream(bytes, "dup.json");
        AssertSame(CboeJsonReader.Read(bytes, "dup.json", new ReadOptions()), streamed);

        Assert.Equal("SPX", streamed.Snapshot.Underlying);
        Assert.Equal(4700.5, streamed.Snapshot.Spot);
        Assert.Equal(new DateTimeOffset(2024, 1, 5, 23, 0, 1, TimeSpan.Zero), streamed.Snapshot.Instant);
        Assert.Equal(1.5, streamed.Snapshot.Bid[0]);
        Assert.Equal(20, streamed.Snapshot.OpenInterest[1]);
        Assert.Equal(
            [
                new ReadProblem(1, "iv", "-1 is negative; read as no value", false),
                new ReadProblem(2, "delta", "'true' is not a number; read as no value", false),
                new ReadProblem(2, "gamma", "'{\"g\": 1}' is not a number; read as no value", false),
            ],
            streamed.Problems);
    }

    [Theory]
    [InlineData("""{"data": {"options": [1, {"option": "SPX240119C04700000", "open_interest": 1}], "current_price": 4700}, "timestamp": "2024-01-05 23:00:01"}""")]
    [InlineData("""{"data": {"opt\u0069ons": [{"option": "SPX240119C04700000", "open_interest": 1}], "current_price": 4700}, "timestamp": "2024-01-05 23:00:01"}""")]
    [InlineData("""{"data": {"options": [{"option": "SPX240119C04700000", "open_interest": 1}], "options": [], "current_price": 4700}, "timestamp": "2024-01-05 23:00:01"}""")]
    [InlineData("""{"data": [], "timestamp": "2024-01-05 23:00:01"}""")]
    [InlineData("""{"data": {"current_price": 4700}, "timestamp": "2024-01-05 23:00:01"}""")]
    public void TryStream_DocumentItDoesNotExpect_LeftToTheDocumentModel(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);

        Assert.False(CboeJsonReader.TryStream(bytes, "odd.json", new ReadOptions(), false, out var result));
        Assert.Null(result);
    }

    [Fact]
    public void Read_RecordThatIsNotAnObject_ProblemFromTheDocumentModel()
    {
        var r = TestFiles.ReadText("""{"data": {"options": [1, {"option": "SPX240119C04700000", "open_interest": 1}], "current_price": 4700}, "timestamp": "2024-01-05 23:00:01"}""", "odd.json");

        Assert.Equal(ChainFormat.CboeJson, r.Format);
        Assert.Equal([new ReadProblem(1, "options", "record is a JSON number, not an object; not loaded", true)], r.Problems);
        Assert.Equal(1, r.ContractsRead);
    }

    [Fact]
    public void Read_MassiveEnvelopeBeyondTheDetectionHead_StillReadAsMassive()
    {
        // "data" is the first key, but "results" and "status" after 64 KB make it a Massive page, as detection over the whole file says.
        var pad = new string('x', ChainReader.DetectHeadBytes);
        var json = $$"""{"data": {"pad": "{{pad}}", "options": []}, "results": [], "status": "OK"}""";

        var ex = Assert.Throws<ChainReadException>(() => TestFiles.ReadText(json, "page.json"));

        Assert.Equal("'page.json' has the layout of a Massive (Polygon) option chain snapshot JSON but holds no contract rows.", ex.Message);
    }

    private static ChainReadResult Stream(byte[] json, string name)
    {
        Assert.True(CboeJsonReader.TryStream(json, name, new ReadOptions(), false, out var result));
        return result!;
    }

    private static void AssertSame(ChainReadResult expected, ChainReadResult actual)
    {
        Assert.Equal(expected.Format, actual.Format);
        Assert.Equal(expected.RowsRead, actual.RowsRead);
        Assert.Equal(expected.ContractsRead, actual.ContractsRead);
        Assert.Equal(expected.Problems, actual.Problems);
        Assert.Equal(expected.Truncated, actual.Truncated);
        ChainSnapshot e = expected.Snapshot, a = actual.Snapshot;
        Assert.Equal(e.Underlying, a.Underlying);
        Assert.Equal(e.Spot, a.Spot);
        Assert.Equal(e.Instant, a.Instant);
        Assert.Equal(e.Source, a.Source);
        Assert.Equal(e.Count, a.Count);
        for (var i = 0; i < e.Count; i++) Assert.Equal(e.Root(i), a.Root(i));
        Assert.Equal(e.Expiry.ToArray(), a.Expiry.ToArray());
        Assert.Equal(e.Type.ToArray(), a.Type.ToArray());
        Assert.Equal(e.Settlement.ToArray(), a.Settlement.ToArray());
        Assert.Equal(e.SourceLine.ToArray(), a.SourceLine.ToArray());
        // Bit for bit, NaN included.
        AssertBits(e.Strike, a.Strike);
        AssertBits(e.Bid, a.Bid);
        AssertBits(e.Ask, a.Ask);
        AssertBits(e.Last, a.Last);
        AssertBits(e.Volume, a.Volume);
        AssertBits(e.OpenInterest, a.OpenInterest);
        AssertBits(e.VendorIv, a.VendorIv);
        AssertBits(e.VendorDelta, a.VendorDelta);
        AssertBits(e.VendorGamma, a.VendorGamma);
        AssertBits(e.Multiplier, a.Multiplier);
    }

    private static void AssertBits(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(BitConverter.DoubleToInt64Bits(expected[i]), BitConverter.DoubleToInt64Bits(actual[i]));
    }

    private static byte[] Gunzip(byte[] gz)
    {
        using var input = new GZipStream(new MemoryStream(gz), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
