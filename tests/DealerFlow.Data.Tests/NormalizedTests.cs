using DealerFlow.Core.Chain;
using DealerFlow.Data.Readers;

namespace DealerFlow.Data.Tests;

public sealed class NormalizedTests
{
    private const string Csv =
        "underlying,spot,timestamp,symbol,bid,ask,last,volume,open_interest,iv,delta,gamma,multiplier\n" +
        "SPX,4697.24,2024-01-05T16:15:00-05:00,SPX240119C04700000,41.1,41.7,41.43,6670,26210,0.1042,0.5267,0.0042,100\n" +
        "SPX,4697.24,2024-01-05T16:15:00-05:00,SPXW240105P04700000,3,4,,,6693,,,,\n";

    [Fact]
    public void Read_NormalizedCsv_SymbolRows()
    {
        var r = TestFiles.ReadText(Csv, "norm.csv");
        var s = r.Snapshot;

        Assert.Equal(ChainFormat.Normalized, r.Format);
        Assert.Equal(2, r.ContractsRead);
        Assert.Empty(r.Problems);
        Assert.Equal("SPX", s.Underlying);
        Assert.Equal(4697.24, s.Spot);
        Assert.Equal(new DateTimeOffset(2024, 1, 5, 16, 15, 0, TimeSpan.FromHours(-5)), s.Instant);
        Assert.Equal(0.1042, s.VendorIv[0]);
        Assert.Equal(SettlementStyle.AM, s.Settlement[0]);
        Assert.Equal("SPXW", s.Root(1));
        Assert.True(double.IsNaN(s.Last[1]));
        Assert.True(double.IsNaN(s.Volume[1]));
        Assert.True(double.IsNaN(s.VendorIv[1]));
        Assert.Equal(100.0, s.Multiplier[1]);
        Assert.Equal(3, s.SourceLine[1]);
    }

    [Fact]
    public void Read_NormalizedCsvRootExpiryTypeStrike_CaseInsensitiveHeaders()
    {
        const string text =
            "Root,Expiry,Type,Strike,Open_Interest,Bid\n" +
            "spy,2025-10-17,call,660,1200,5.1\n" +
            "SPY,2025-10-17,P,660.5,300,4.2\n" +
            "SPY,2025-13-01,P,660,300,4.2\n" +
            "SPY,2025-10-17,X,660,300,4.2\n" +
            "SPY,2025-10-17,C,,300,4.2\n";

        var r = TestFiles.ReadText(text, "parts.csv", new ReadOptions { Spot = 658.05, AsOf = new DateTimeOffset(2025, 9, 25, 21, 5, 0, TimeSpan.FromHours(-4)) });
        var s = r.Snapshot;

        Assert.Equal(5, r.RowsRead);
        Assert.Equal(2, r.ContractsRead);
        Assert.Equal(
            [
                new ReadProblem(4, "Expiry", "'2025-13-01' is not a date yyyy-MM-dd; not loaded", true),
                new ReadProblem(5, "Type", "'X' is not C, P, call or put; not loaded", true),
                new ReadProblem(6, "Strike", "the strike is missing; not loaded", true),
            ],
            r.Problems);
        Assert.Equal("SPY251017C00660000", s.Symbol(0));
        Assert.Equal("SPY251017P00660500", s.Symbol(1));
        Assert.Equal("SPY", s.Underlying);
    }

    [Fact]
    public void Read_VendorCsvWithColumnMap_Mapped()
    {
        const string text =
            "OptionSymbol,Underlier,Px,AsOf,OpenInt,Bid,Ask,ImplVol\n" +
            "QQQ251017C00600000,QQQ,598.25,2025-10-01T16:00:00-04:00,5000,7.1,7.3,0.19\n";
        var map = new Dictionary<string, string>
        {
            ["symbol"] = "OptionSymbol",
            ["underlying"] = "Underlier",
            ["spot"] = "Px",
            ["timestamp"] = "AsOf",
            ["open_interest"] = "OpenInt",
            ["iv"] = "ImplVol",
        };

        var r = TestFiles.ReadText(text, "vendor.csv", new ReadOptions { ColumnMap = map });
        var s = r.Snapshot;

        Assert.Equal(ChainFormat.Normalized, r.Format);
        Assert.Equal(1, r.ContractsRead);
        Assert.Equal("QQQ", s.Underlying);
        Assert.Equal(598.25, s.Spot);
        Assert.Equal(new DateTimeOffset(2025, 10, 1, 16, 0, 0, TimeSpan.FromHours(-4)), s.Instant);
        Assert.Equal(5000.0, s.OpenInterest[0]);
        Assert.Equal(0.19, s.VendorIv[0]);
        Assert.Equal(7.1, s.Bid[0]);
    }

    [Fact]
    public void Read_ColumnMapNamesMissingColumn_Throws()
    {
        var map = new Dictionary<string, string> { ["open_interest"] = "OI" };

        var ex = Assert.Throws<ChainReadException>(() => TestFiles.ReadText(Csv, "norm.csv", new ReadOptions { ColumnMap = map }));

        Assert.Contains("ColumnMap maps 'open_interest' to column 'OI'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ColumnMapUnknownKey_Throws()
    {
        var map = new Dictionary<string, string> { ["openinterest"] = "open_interest" };

        var ex = Assert.Throws<ChainReadException>(() => TestFiles.ReadText(Csv, "norm.csv", new ReadOptions { ColumnMap = map }));

        Assert.Contains("ColumnMap key 'openinterest' is not a canonical column", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NormalizedCsvWithoutOpenInterestColumn_Throws()
    {
        const string text = "symbol,bid,ask,open_int\nSPY251017C00660000,1,2,3\n";

        var ex = Assert.Throws<ChainReadException>(() => TestFiles.ReadText(text, "nooi.csv", new ReadOptions { Format = ChainFormat.Normalized }));

        Assert.Contains("lacks the required column(s) 'open_interest'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TimestampWithoutOffset_ProblemAndAsOfNeeded()
    {
        const string text = "symbol,open_interest,spot,timestamp\nSPY251017C00660000,3,658,2025-10-01T16:00:00\n";

        var ex = Assert.Throws<ChainReadException>(() => TestFiles.ReadText(text, "nozone.csv"));

        Assert.Contains("no snapshot time", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NormalizedJson_TopLevelSnapshotFields()
    {
        const string json = """
            {"underlying": "SPX", "spot": 4697.24, "timestamp": "2024-01-05T21:15:00Z",
             "contracts": [
               {"symbol": "SPX240119C04700000", "bid": 41.1, "ask": 41.7, "open_interest": 26210, "iv": 0.1042, "gamma": 0.0042},
               {"root": "SPXW", "expiry": "2024-01-05", "type": "put", "strike": 4700, "OPEN_INTEREST": "6693", "bid": null},
               {"symbol": "SPX240119C04750000", "open_interest": -2},
               {"symbol": "SPX240119C04800000", "open_interest": 10, "ask": "NaN"}
             ]}
            """;

        var r = TestFiles.ReadText(json, "norm.json");
        var s = r.Snapshot;

        Assert.Equal(ChainFormat.Normalized, r.Format);
        Assert.Equal(4, r.RowsRead);
        Assert.Equal(3, r.ContractsRead);
        Assert.Equal(
            [
                new ReadProblem(3, "open_interest", "open interest -2 is negative; 'SPX240119C04750000' not loaded", true),
                new ReadProblem(4, "ask", "'NaN' is not a finite number; read as no value", false),
            ],
            r.Problems);
        Assert.Equal("SPX", s.Underlying);
        Assert.Equal(4697.24, s.Spot);
        Assert.Equal(new DateTimeOffset(2024, 1, 5, 21, 15, 0, TimeSpan.Zero), s.Instant);
        Assert.Equal("SPXW240105P04700000", s.Symbol(1));
        Assert.Equal(6693.0, s.OpenInterest[1]);
        Assert.True(double.IsNaN(s.Bid[1]));
        Assert.Equal(2, s.SourceLine[1]);
    }

    [Fact]
    public void Read_ConflictingSymbolAndStrike_Skipped()
    {
        const string text = "symbol,strike,open_interest,spot,timestamp\nSPY251017C00660000,665,3,658,2025-10-01T16:00:00-04:00\nSPY251017C00670000,670,4,658,2025-10-01T16:00:00-04:00\n";

        var r = TestFiles.ReadText(text);

        Assert.Equal(1, r.ContractsRead);
        Assert.Equal(new ReadProblem(2, "strike", "665 disagrees with symbol 'SPY251017C00660000' (strike 660); not loaded", true), Assert.Single(r.Problems));
    }
}
