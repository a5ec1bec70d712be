using DealerFlow.Core.Chain;
using DealerFlow.Data.Readers;

namespace DealerFlow.Data.Tests;

public sealed class JsonReaderTests
{
    [Fact]
    public void Read_CboeJsonFixture_LoadsAllContractsWithUtcTimestamp()
    {
        var r = ChainReader.Read(TestFiles.Fixture("cboe_spx_2024-01-05.json"));
        var s = r.Snapshot;

        Assert.Equal(ChainFormat.CboeJson, r.Format);
        Assert.Equal(20, r.RowsRead);
        Assert.Equal(20, r.ContractsRead);
        Assert.Empty(r.Problems);
        Assert.Equal("SPX", s.Underlying);
        Assert.Equal(4697.24, s.Spot);
        Assert.Equal(new DateTimeOffset(2024, 1, 5, 23, 0, 1, TimeSpan.Zero), s.Instant);

        var c = TestFiles.IndexOf(s, "SPX240119C04700000");
        Assert.Equal("SPX", s.Root(c));
        Assert.Equal(SettlementStyle.AM, s.Settlement[c]);
        Assert.Equal(41.1, s.Bid[c]);
        Assert.Equal(41.7, s.Ask[c]);
        Assert.Equal(41.43, s.Last[c]);
        Assert.Equal(6670.0, s.Volume[c]);
        Assert.Equal(26210.0, s.OpenInterest[c]);
        Assert.Equal(0.1042, s.VendorIv[c]);
        Assert.Equal(0.5267, s.VendorDelta[c]);
        Assert.Equal(0.0042, s.VendorGamma[c]);

        var w = TestFiles.IndexOf(s, "SPXW240105P04700000");
        Assert.Equal("SPXW", s.Root(w));
        Assert.True(double.IsNaN(s.VendorIv[w]));
        Assert.Equal(0.0, s.VendorGamma[w]);
    }

    [Fact]
    public void Read_CboeJsonWithOffsetOption_TimestampTakenInThatZone()
    {
        var r = ChainReader.Read(TestFiles.Fixture("cboe_spx_2024-01-05.json"), new ReadOptions { CboeJsonOffset = TimeSpan.FromHours(-5) });

        Assert.Equal(new DateTimeOffset(2024, 1, 5, 23, 0, 1, TimeSpan.FromHours(-5)), r.Snapshot.Instant);
    }

    [Fact]
    public void Read_CboeJsonMalformed_ProblemsPerRecord()
    {
        var r = ChainReader.Read(TestFiles.Fixture("cboe_malformed.json"));

        Assert.Equal(8, r.RowsRead);
        Assert.Equal(4, r.ContractsRead);
        Assert.Equal(4, r.ContractsSkipped);
        var expected = new[]
        {
            new ReadProblem(2, "open_interest", "open interest is missing; SPX240119P04700000 not loaded", true),
            new ReadProblem(3, "bid", "'NaN' is not a finite number; read as no value", false),
            new ReadProblem(4, "open_interest", "open interest -5 is negative; SPX240119P04750000 not loaded", true),
            new ReadProblem(5, "option", "'SPXW24010XC04700000' is not an OCC option symbol (root, yyMMdd, C/P, strike x 1000 in 8 digits); not loaded", true),
            new ReadProblem(6, "option", "the option symbol is missing; contract not loaded", true),
            new ReadProblem(7, "iv", "'abc' is not a number; read as no value", false),
        };
        Assert.Equal(expected, r.Problems);
        var s = r.Snapshot;
        Assert.True(double.IsNaN(s.Bid[TestFiles.IndexOf(s, "SPX240119C04750000")]));
        Assert.True(double.IsNaN(s.VendorIv[TestFiles.IndexOf(s, "SPX240119C04800000")]));
        Assert.True(double.IsNaN(s.Volume[TestFiles.IndexOf(s, "SPX240119P04800000")]));
        Assert.Equal(34983.0, s.OpenInterest[TestFiles.IndexOf(s, "SPX240119P04800000")]);
    }

    [Fact]
    public void Read_CboeJsonAllBad_Throws()
    {
        var ex = Assert.Throws<ChainReadException>(() => ChainReader.Read(TestFiles.Fixture("cboe_all_bad.json")));

        Assert.Contains("'cboe_all_bad.json'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("none of the 2 data row(s) could be loaded", ex.Message, StringComparison.Ordinal);
        Assert.Contains("the first problems are at line 1, open_interest", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SchwabJsonSmall_AbsentMarkersAndProblems()
    {
        const string json = """
            {"symbol": "$SPX.X", "status": "SUCCESS", "underlyingPrice": 4700.5,
             "callExpDateMap": {"2024-01-19:14": {"4700.0": [
                {"putCall": "CALL", "symbol": "SPX   240119C04700000", "bid": 41.1, "ask": 41.7, "last": -999,
                 "totalVolume": 10, "openInterest": 100, "volatility": 10.42, "delta": "NaN", "gamma": 0.0042,
                 "multiplier": 100.0, "strikePrice": 4700.0, "settlementType": "A", "quoteTimeInLong": 1705010400000}],
               "4750.0": [
                {"putCall": "CALL", "symbol": "SPX   240119C04750000", "bid": 18.2, "ask": 18.7, "last": 18.8,
                 "totalVolume": 1, "openInterest": -999, "volatility": 9.86, "delta": 0.31, "gamma": 0.004,
                 "multiplier": 100.0, "strikePrice": 4750.0, "quoteTimeInLong": 1705010500000}]}},
             "putExpDateMap": {"2024-01-19:14": {"4700.0": [
                {"putCall": "PUT", "symbol": "SPX   240119P04700000", "bid": 34, "ask": 34.6, "last": 34,
                 "totalVolume": 5, "openInterest": 7, "volatility": 10.47, "delta": -0.47, "gamma": 0.0042,
                 "multiplier": 10, "strikePrice": 4705.0, "quoteTimeInLong": 1705010300000}]}}}
            """;

        var r = TestFiles.ReadText(json, "schwab.json");
        var s = r.Snapshot;

        Assert.Equal(ChainFormat.Schwab, r.Format);
        Assert.Equal(3, r.RowsRead);
        Assert.Equal(1, r.ContractsRead);
        Assert.Equal(
            [
                new ReadProblem(2, "openInterest", "open interest is missing; 'SPX   240119C04750000' not loaded", true),
                new ReadProblem(3, "strikePrice", "'SPX   240119P04700000': strikePrice 4705 disagrees with its map key 4700.0; not loaded", true),
            ],
            r.Problems);
        Assert.Equal("SPX", s.Underlying);
        Assert.Equal(4700.5, s.Spot);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1705010400000), s.Instant);
        Assert.Equal("SPX", s.Root(0));
        Assert.Equal(SettlementStyle.AM, s.Settlement[0]);
        Assert.True(double.IsNaN(s.Last[0]));
        Assert.True(double.IsNaN(s.VendorDelta[0]));
        Assert.Equal(0.1042, s.VendorIv[0], 12);
    }
}
