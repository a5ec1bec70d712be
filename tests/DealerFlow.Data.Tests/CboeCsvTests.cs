using DealerFlow.Core.Chain;
using DealerFlow.Data.Readers;

namespace DealerFlow.Data.Tests;

public sealed class CboeCsvTests
{
    private const string Header =
        "Expiration Date,Calls,Last Sale,Net,Bid,Ask,Volume,IV,Delta,Gamma,Open Interest,Strike,Puts,Last Sale,Net,Bid,Ask,Volume,IV,Delta,Gamma,Open Interest\n";

    private const string Preamble =
        "\nS&P 500 INDEX,Last: 4697.2402,Change:  8.5602\n" +
        "\"Date: January 7, 2024 at 10:52 AM EST\",Bid: 4645.23,Ask: 4753.8999,Size: 1*1,Volume: 0\n";

    private const string GoodRow =
        "Fri Jan 19 2024,SPX240119C04700000,41.43,1.2,41.1,41.7,6670,0.1042,0.5267,0.0042,26210,4700.00,SPX240119P04700000,34,-2,34,34.6,8222,0.1047,-0.4734,0.0042,20325\n";

    [Theory]
    [InlineData("Date: February 5 2022, 8:26 PM EST", "2022-02-05T20:26:00-05:00")]
    [InlineData("Date: June 11, 2022, 8:47 PM EDT", "2022-06-11T20:47:00-04:00")]
    [InlineData("Date: January 7, 2024 at 10:52 AM EST", "2024-01-07T10:52:00-05:00")]
    [InlineData("Date: July 12, 2022, 12:05 AM EDT", "2022-07-12T00:05:00-04:00")]
    [InlineData("Date: July 12, 2022, 12:55 PM EDT", "2022-07-12T12:55:00-04:00")]
    public void Read_DateLineVariants_InstantWithStatedOffset(string dateLine, string expected)
    {
        var text = $"Name,Last: 100\n\"{dateLine}\",Bid: 0\n{Header}{GoodRow}";

        var r = TestFiles.ReadText(text);

        var want = DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(want, r.Snapshot.Instant);
        Assert.Equal(want.Offset, r.Snapshot.Instant.Offset);
    }

    [Theory]
    [InlineData(2, "call Last Sale")]
    [InlineData(6, "call Volume")]
    [InlineData(7, "call IV")]
    [InlineData(8, "call Delta")]
    [InlineData(9, "call Gamma")]
    [InlineData(13, "put Last Sale")]
    [InlineData(15, "put Bid")]
    [InlineData(17, "put Volume")]
    [InlineData(18, "put IV")]
    [InlineData(19, "put Delta")]
    [InlineData(20, "put Gamma")]
    public void Read_BadQuoteCell_ProblemNamesTheSideAndHeader(int column, string field)
    {
        var cells = GoodRow.TrimEnd('\n').Split(',');
        cells[column] = "abc";

        var r = TestFiles.ReadText(Preamble + Header + string.Join(',', cells) + "\n");

        Assert.Equal([new ReadProblem(5, field, "'abc' is not a number; read as no value", false)], r.Problems);
        Assert.Equal(2, r.ContractsRead);
    }

    [Fact]
    public void Read_NoLeadingBlankLineAndTrailingCommas_RowsStillMapByPosition()
    {
        var text = "Standard & Poors 500 Index,Last: 3856.28,Change:  1.85,,,,,\n" +
                   "\"Date: July 12, 2022, 11:55 AM EDT\",Bid: 3855.3701,,,,\n" + Header +
                   GoodRow.TrimEnd('\n') + ",,\n";

        var r = TestFiles.ReadText(text);

        Assert.Equal(2, r.ContractsRead);
        Assert.Empty(r.Problems);
        Assert.Equal(3856.28, r.Snapshot.Spot);
        Assert.Equal(20325.0, r.Snapshot.OpenInterest[1]);
    }

    [Fact]
    public void Read_QuotedNameWithCommasAndThousandsVolume_Parsed()
    {
        var text = "\n\"Apple, Inc., Common\",Last: 185.5,Change: 1\n\"Date: January 5, 2024 at 4:00 PM EST\",\"Volume: 1,234,567\"\n" + Header +
                   "Fri Jan 19 2024,AAPL240119C00185000,3.1,0,3.05,3.15,\"1,234\",0.21,0.5,0.08,\"12,345\",185.00,AAPL240119P00185000,2.9,0,2.85,2.95,\"2,001\",0.22,-0.5,0.08,999\n";

        var r = TestFiles.ReadText(text);

        Assert.Equal(185.5, r.Snapshot.Spot);
        Assert.Equal("AAPL", r.Snapshot.Underlying);
        Assert.Equal(1234.0, r.Snapshot.Volume[0]);
        Assert.Equal(12345.0, r.Snapshot.OpenInterest[0]);
        Assert.Equal(2001.0, r.Snapshot.Volume[1]);
        Assert.Empty(r.Problems);
    }

    [Fact]
    public void Read_OlderVolAndOpenIntHeaders_Accepted()
    {
        var header = "Expiration Date,Calls,Last Sale,Net,Bid,Ask,Vol,IV,Delta,Gamma,Open Int,Strike,Puts,Last Sale,Net,Bid,Ask,Vol,IV,Delta,Gamma,Open Int\n";

        var r = TestFiles.ReadText(Preamble + header + GoodRow);

        Assert.Equal(2, r.ContractsRead);
        Assert.Equal(26210.0, r.Snapshot.OpenInterest[0]);
        Assert.Equal(6670.0, r.Snapshot.Volume[0]);
    }

    [Fact]
    public void Read_CrlfLineEnds_SameAsLf()
    {
        var r = TestFiles.ReadText((Preamble + Header + GoodRow + GoodRow.Replace("4700", "4705", StringComparison.Ordinal)).Replace("\n", "\r\n", StringComparison.Ordinal));

        Assert.Equal(4, r.ContractsRead);
        Assert.Empty(r.Problems);
        Assert.Equal(20325.0, r.Snapshot.OpenInterest[1]);
        Assert.Equal(6, r.Snapshot.SourceLine[3]);
    }

    [Fact]
    public void Read_MalformedRows_ProblemsWithLineFieldAndSkip()
    {
        var rows =
            GoodRow +                                                                                   // line 5
            "Fri Jan 19 2024,SPX240119C04750000,18.8,0,18.2,18.7,3760,0.0986,0.3139,0.004,20882,4750.00\n" + // 6: short row
            GoodRow.Replace(",4700.00,", ",4710.00,", StringComparison.Ordinal) +                     // 7: strike mismatch
            GoodRow.Replace("SPX240119C04700000", "SPX2401X9C04700000", StringComparison.Ordinal) +   // 8: bad OCC (call)
            GoodRow.Replace(",26210,", ",-3,", StringComparison.Ordinal) +                             // 9: negative call OI
            GoodRow.Replace(",41.1,", ",abc,", StringComparison.Ordinal) +                             // 10: bad call bid
            GoodRow.Replace(",34.6,", ",NaN,", StringComparison.Ordinal) +                             // 11: NaN put ask
            GoodRow.Replace(",26210,", ",,", StringComparison.Ordinal);                                // 12: missing call OI

        var r = TestFiles.ReadText(Preamble + Header + rows, "bad.csv");

        Assert.Equal(8, r.RowsRead);
        Assert.Equal(16 - 7, r.ContractsRead);
        Assert.Equal(7, r.ContractsSkipped);
        var expected = new[]
        {
            new ReadProblem(6, "row", "row has 12 fields, expected 22; call not loaded", true),
            new ReadProblem(6, "row", "row has 12 fields, expected 22; put not loaded", true),
            new ReadProblem(7, "Strike", "the Strike column says 4710 but call symbol 'SPX240119C04700000' has strike 4700; call not loaded", true),
            new ReadProblem(7, "Strike", "the Strike column says 4710 but put symbol 'SPX240119P04700000' has strike 4700; put not loaded", true),
            new ReadProblem(8, "Calls", "'SPX2401X9C04700000' is not an OCC option symbol (root, yyMMdd, C/P, strike x 1000 in 8 digits); call not loaded", true),
            new ReadProblem(9, "call Open Interest", "open interest -3 is negative; call not loaded", true),
            new ReadProblem(10, "call Bid", "'abc' is not a number; read as no value", false),
            new ReadProblem(11, "put Ask", "'NaN' is not a finite number; read as no value", false),
            new ReadProblem(12, "call Open Interest", "open interest is missing; call not loaded", true),
        };
        Assert.Equal(expected, r.Problems);

        var s = r.Snapshot;
        var bidRow = IndexOfLine(s, 10, OptionType.Call);
        Assert.True(double.IsNaN(s.Bid[bidRow]));
        Assert.Equal(41.7, s.Ask[bidRow]);
        var askRow = IndexOfLine(s, 11, OptionType.Put);
        Assert.True(double.IsNaN(s.Ask[askRow]));
        Assert.Equal(34.0, s.Bid[askRow]);
    }

    [Fact]
    public void Read_AllRowsBad_ThrowsCitingFirstProblems()
    {
        var bad = GoodRow.Replace(",26210,", ",-1,", StringComparison.Ordinal).Replace(",20325", ",x", StringComparison.Ordinal);

        var ex = Assert.Throws<ChainReadException>(() => TestFiles.ReadText(Preamble + Header + bad + bad, "allbad.csv"));

        Assert.Contains("'allbad.csv'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("none of the 2 data row(s) could be loaded", ex.Message, StringComparison.Ordinal);
        // Where, not what: the message never quotes the file's text (it reaches the live server's API).
        Assert.Contains("the first problems are at line 5, call Open Interest", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_HeaderButNoRows_Throws()
    {
        var ex = Assert.Throws<ChainReadException>(() => TestFiles.ReadText(Preamble + Header, "empty-chain.csv"));

        Assert.Contains("holds no contract rows", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NoDateLine_NeedsAsOf()
    {
        var text = "Name,Last: 100\n" + Header + GoodRow;

        var ex = Assert.Throws<ChainReadException>(() => TestFiles.ReadText(text));
        var at = new DateTimeOffset(2024, 1, 5, 16, 0, 0, TimeSpan.FromHours(-5));
        var r = TestFiles.ReadText(text, options: new ReadOptions { AsOf = at });

        Assert.Contains("no snapshot time", ex.Message, StringComparison.Ordinal);
        Assert.Equal(at, r.Snapshot.Instant);
    }

    [Fact]
    public void Read_NoSpot_NeedsSpotOption()
    {
        var text = "Name,Change: 1\n\"Date: January 7, 2024 at 10:52 AM EST\"\n" + Header + GoodRow;

        var ex = Assert.Throws<ChainReadException>(() => TestFiles.ReadText(text));
        var r = TestFiles.ReadText(text, options: new ReadOptions { Spot = 4700 });

        Assert.Contains("no spot price", ex.Message, StringComparison.Ordinal);
        Assert.Equal(4700.0, r.Snapshot.Spot);
    }

    [Fact]
    public void Read_WeeklyRootsOnly_UnderlyingMappedAndOverridable()
    {
        var row = GoodRow.Replace("SPX240119", "SPXW240119", StringComparison.Ordinal);

        var r = TestFiles.ReadText(Preamble + Header + row);
        var o = TestFiles.ReadText(Preamble + Header + row, options: new ReadOptions { Underlying = "XSP" });

        Assert.Equal("SPX", r.Snapshot.Underlying);
        Assert.Equal("SPXW", r.Snapshot.Root(0));
        Assert.Equal(SettlementStyle.PM, r.Snapshot.Settlement[0]);
        Assert.Equal("XSP", o.Snapshot.Underlying);
    }

    [Fact]
    public void Read_WrongHeaderWidth_Throws()
    {
        var header = "Expiration Date,Calls,Last Sale,Net,Bid,Ask,Volume,IV,Open Interest,Strike,Puts,Last Sale,Net,Bid,Ask,Volume,IV,Open Interest\n";

        var ex = Assert.Throws<ChainReadException>(() => TestFiles.ReadText(Preamble + header + GoodRow, "narrow.csv"));

        Assert.Equal(
            "'narrow.csv' (CBOE quote-table CSV): the header on line 4 has 18 columns; expected 22 with 'Strike' in column 12 and 'Puts' in column 13 (Expiration Date, Calls, Last Sale, Net, Bid, Ask, Volume, IV, Delta, Gamma, Open Interest, Strike, Puts, and the same nine for puts).",
            ex.Message);
    }

    [Theory]
    [InlineData("Fri Jan 05 2024", 2024, 1, 5)]
    [InlineData("Dec 21 2029", 2029, 12, 21)]
    public void TryParseExpiry_CboeForms_Parsed(string text, int y, int m, int d)
    {
        Assert.True(CboeCsvReader.TryParseExpiry(System.Text.Encoding.ASCII.GetBytes(text), out var date));
        Assert.Equal(new DateOnly(y, m, d), date);
    }

    private static int IndexOfLine(ChainSnapshot s, int line, OptionType type)
    {
        for (var i = 0; i < s.Count; i++)
        {
            if (s.SourceLine[i] == line && s.Type[i] == type) return i;
        }
        return -1;
    }
}
