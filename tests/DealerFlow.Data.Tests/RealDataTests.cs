using DealerFlow.Core.Chain;
using DealerFlow.Data.Readers;

namespace DealerFlow.Data.Tests;

/// <summary>Every real chain in tests/data loads completely, with the file's spot, instant and underlying.</summary>
public sealed class RealDataTests
{
    [Theory]
    [InlineData("spx_quotedata_2024-01-05.csv", 10519, "SPX", 4697.2402, "2024-01-07T10:52:00-05:00")]
    [InlineData("ndx_quotedata_2022-02-04.csv", 9193, "NDX", 14694.3506, "2022-02-05T20:26:00-05:00")]
    [InlineData("spx_quotedata_2022-07-12_intraday.csv", 9689, "SPX", 3856.28, "2022-07-12T11:55:00-04:00")]
    [InlineData("spy_quotedata_2025-09-25.csv", 1858, "SPY", 658.05, "2025-09-25T21:05:00-04:00")]
    [InlineData("series_spy/spy_quotedata_2025-04-30_2035.csv", 2259, "SPY", 554.54, "2025-04-30T20:35:00-04:00")]
    [InlineData("series_spy/spy_quotedata_2025-05-01_0828.csv", 2438, "SPY", 560.36, "2025-05-01T08:28:00-04:00")]
    [InlineData("series_spy/spy_quotedata_2025-05-01_1649.csv", 2438, "SPY", 557.65, "2025-05-01T16:49:00-04:00")]
    [InlineData("series_spy/spy_quotedata_2025-05-02_1847.csv", 2354, "SPY", 565.615, "2025-05-02T18:47:00-04:00")]
    [InlineData("series_spy/spy_quotedata_2025-05-06_1814.csv", 2297, "SPY", 557.37, "2025-05-06T18:14:00-04:00")]
    [InlineData("series_spy/spy_quotedata_2025-09-03_0924.csv", 4252, "SPY", 642.65, "2025-09-03T09:24:00-04:00")]
    [InlineData("series_spy/spy_quotedata_2025-09-04_0518.csv", 1430, "SPY", 642.65, "2025-09-04T05:18:00-04:00")]
    public void Read_CboeQuoteTable_LoadsEveryRowAsCallAndPut(string file, int rows, string underlying, double spot, string instant)
    {
        var r = ChainReader.Read(RepoPaths.Data(file));

        Assert.Equal(ChainFormat.CboeCsv, r.Format);
        Assert.Equal(rows, r.RowsRead);
        Assert.Equal(2 * rows, r.ContractsRead);
        Assert.Equal(2 * rows, r.Snapshot.Count);
        Assert.Equal(0, r.ContractsSkipped);
        Assert.Empty(r.Problems);
        Assert.Equal(underlying, r.Snapshot.Underlying);
        Assert.Equal(spot, r.Snapshot.Spot);
        var expected = DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(expected, r.Snapshot.Instant);
        Assert.Equal(expected.Offset, r.Snapshot.Instant.Offset);
    }

    [Fact]
    public void Read_Spx20240105_KeepsSpxAndSpxwApartWithTheirSettlement()
    {
        var s = ChainReader.Read(RepoPaths.Data("spx_quotedata_2024-01-05.csv")).Snapshot;

        int spx = 0, spxw = 0;
        for (var i = 0; i < s.Count; i++)
        {
            switch (s.Root(i))
            {
                case "SPX":
                    spx++;
                    Assert.Equal(SettlementStyle.AM, s.Settlement[i]);
                    break;
                case "SPXW":
                    spxw++;
                    Assert.Equal(SettlementStyle.PM, s.Settlement[i]);
                    break;
                default:
                    Assert.Fail("unexpected root " + s.Root(i));
                    break;
            }
        }
        Assert.Equal(6556, spx);
        Assert.Equal(14482, spxw);
    }

    [Fact]
    public void Read_Spx20240105_FirstRowValuesExactWithIvZeroAsNaN()
    {
        var s = ChainReader.Read(RepoPaths.Data("spx_quotedata_2024-01-05.csv")).Snapshot;

        // Fri Jan 05 2024,SPXW240105C01200000,3499.25,-1.1,3492.4,3501.3,1,0,0,0,24,1200.00,SPXW240105P01200000,0.05,0.025,0,0.05,2,0,0,0,0
        var c = TestFiles.IndexOf(s, "SPXW240105C01200000");
        Assert.Equal(0, c);
        Assert.Equal(new DateOnly(2024, 1, 5), s.Expiry[c]);
        Assert.Equal(OptionType.Call, s.Type[c]);
        Assert.Equal(1200.0, s.Strike[c]);
        Assert.Equal(3499.25, s.Last[c]);
        Assert.Equal(3492.4, s.Bid[c]);
        Assert.Equal(3501.3, s.Ask[c]);
        Assert.Equal(1.0, s.Volume[c]);
        Assert.True(double.IsNaN(s.VendorIv[c]));
        Assert.Equal(0.0, s.VendorDelta[c]);
        Assert.Equal(0.0, s.VendorGamma[c]);
        Assert.Equal(24.0, s.OpenInterest[c]);
        Assert.Equal(100.0, s.Multiplier[c]);
        Assert.Equal(5, s.SourceLine[c]);

        var p = TestFiles.IndexOf(s, "SPXW240105P01200000");
        Assert.Equal(1, p);
        Assert.Equal(0.05, s.Last[p]);
        Assert.Equal(0.0, s.Bid[p]);
        Assert.Equal(0.05, s.Ask[p]);
        Assert.Equal(2.0, s.Volume[p]);
        Assert.Equal(0.0, s.OpenInterest[p]);
        Assert.Equal(5, s.SourceLine[p]);
    }

    [Fact]
    public void Read_Spx20240105_LastRowKeepsVendorIvAndGreeks()
    {
        var s = ChainReader.Read(RepoPaths.Data("spx_quotedata_2024-01-05.csv")).Snapshot;

        // Fri Dec 21 2029,SPX291221C08000000,0,0,92.9,253.5,0,0.1539,0.2307,0.0002,0,8000.00,SPX291221P08000000,0,0,1915.7,2265.5,0,0.1488,-0.8058,0.0002,0
        var p = TestFiles.IndexOf(s, "SPX291221P08000000");
        Assert.Equal(s.Count - 1, p);
        Assert.Equal(0.1488, s.VendorIv[p]);
        Assert.Equal(-0.8058, s.VendorDelta[p]);
        Assert.Equal(0.0002, s.VendorGamma[p]);
        Assert.Equal(SettlementStyle.AM, s.Settlement[p]);
        Assert.Equal(10523, s.SourceLine[p]);
    }

    [Fact]
    public void Read_Ndx20220204_MapsNdxpToNdx()
    {
        var s = ChainReader.Read(RepoPaths.Data("ndx_quotedata_2022-02-04.csv")).Snapshot;

        var roots = new HashSet<string>();
        for (var i = 0; i < s.Count; i++) roots.Add(s.Root(i));
        Assert.Equal(["NDX", "NDXP"], roots.Order());
        Assert.Equal("NDX", s.Underlying);
    }

    [Fact]
    public void Read_TdAmeritradeJson_Loads462ContractsWithPercentIvAsFraction()
    {
        var r = ChainReader.Read(RepoPaths.Data("spy_chain_2020-01-29_tdameritrade.json"));
        var s = r.Snapshot;

        Assert.Equal(ChainFormat.Schwab, r.Format);
        Assert.Equal(462, r.RowsRead);
        Assert.Equal(462, r.ContractsRead);
        Assert.Equal(0, r.ContractsSkipped);
        Assert.Equal("SPY", s.Underlying);
        Assert.Equal(326.22, s.Spot);
        // Latest quoteTimeInLong 1580332500001 = 2020-01-29 21:15:00.001 UTC = 16:15 EST.
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1580332500001), s.Instant);
        Assert.Equal(TimeSpan.FromHours(-5), s.Instant.Offset);

        var c = TestFiles.IndexOf(s, "SPY200129C00280000");
        Assert.Equal(46.19, s.Bid[c]);
        Assert.Equal(46.9, s.Ask[c]);
        Assert.Equal(42.65, s.Last[c]);
        Assert.Equal(0.0, s.Volume[c]);
        Assert.Equal(252.0, s.OpenInterest[c]);
        Assert.Equal(1.58556, s.VendorIv[c], 12);
        Assert.Equal(0.97, s.VendorDelta[c]);
        Assert.Equal(0.003, s.VendorGamma[c]);
        Assert.Equal(100.0, s.Multiplier[c]);
        Assert.Equal(new DateOnly(2020, 1, 29), s.Expiry[c]);

        int calls = 0, jan29 = 0;
        for (var i = 0; i < s.Count; i++)
        {
            Assert.Equal("SPY", s.Root(i));
            if (s.Type[i] == OptionType.Call) calls++;
            if (s.Expiry[i] == new DateOnly(2020, 1, 29)) jan29++;
        }
        Assert.Equal(231, calls);
        Assert.Equal(164, jan29);
    }

    [Fact]
    public void Read_TdAmeritradeJson_ReportsTheFivePercentIvFloorAsNoValue()
    {
        var r = ChainReader.Read(RepoPaths.Data("spy_chain_2020-01-29_tdameritrade.json"));

        Assert.Equal(83, r.Problems.Count);
        Assert.All(r.Problems, p =>
        {
            Assert.Equal("volatility", p.Field);
            Assert.False(p.Skipped);
        });
        var i = TestFiles.IndexOf(r.Snapshot, "SPY200129C00326500");
        Assert.True(double.IsNaN(r.Snapshot.VendorIv[i]));
        Assert.Equal(0.444, r.Snapshot.VendorGamma[i]);
        // The single volatility of 0 is "not computed": NaN without a problem.
        var zero = TestFiles.IndexOf(r.Snapshot, "SPY200131P00370000");
        Assert.True(double.IsNaN(r.Snapshot.VendorIv[zero]));
    }

    [Fact]
    public void Read_YFinanceCsv_Loads1568ContractsWithCloseAsInstant()
    {
        var r = ChainReader.Read(RepoPaths.Data("spy_yfinance_2026-02-10.csv"));
        var s = r.Snapshot;

        Assert.Equal(ChainFormat.YFinance, r.Format);
        Assert.Equal(1568, r.RowsRead);
        Assert.Equal(1568, r.ContractsRead);
        Assert.Equal(0, r.ContractsSkipped);
        Assert.Equal("SPY", s.Underlying);
        Assert.Equal(692.1199951171875, s.Spot);
        Assert.Equal(new DateTimeOffset(2026, 2, 10, 16, 0, 0, TimeSpan.FromHours(-5)), s.Instant);
        Assert.Equal(TimeSpan.FromHours(-5), s.Instant.Offset);

        // 2026-02-18,call,600.0,80.03,91.73,94.5,,2,0.5678754150390625,...,SPY260218C00600000
        var c = TestFiles.IndexOf(s, "SPY260218C00600000");
        Assert.Equal(0, c);
        Assert.Equal(80.03, s.Last[c]);
        Assert.Equal(91.73, s.Bid[c]);
        Assert.Equal(94.5, s.Ask[c]);
        Assert.True(double.IsNaN(s.Volume[c]));
        Assert.Equal(2.0, s.OpenInterest[c]);
        Assert.Equal(0.5678754150390625, s.VendorIv[c]);
        Assert.True(double.IsNaN(s.VendorDelta[c]));
        Assert.True(double.IsNaN(s.VendorGamma[c]));
        Assert.Equal(2, s.SourceLine[c]);
        Assert.False(s.HasVendorGamma);
    }

    [Fact]
    public void Read_YFinanceCsv_ReportsYahooIvPlaceholderPerRow()
    {
        var r = ChainReader.Read(RepoPaths.Data("spy_yfinance_2026-02-10.csv"));

        Assert.Equal(31, r.Problems.Count);
        Assert.All(r.Problems, p =>
        {
            Assert.Equal("impliedVolatility", p.Field);
            Assert.False(p.Skipped);
        });
        var first = r.Problems[0];
        Assert.Equal(288, first.Line);
        var i = TestFiles.IndexOf(r.Snapshot, "SPY260331C00355000");
        Assert.Equal(288, r.Snapshot.SourceLine[i]);
        Assert.True(double.IsNaN(r.Snapshot.VendorIv[i]));
    }

    [Fact]
    public void Read_YFinanceCsvWithOptions_OptionsOverrideSpotInstantAndUnderlying()
    {
        var at = new DateTimeOffset(2026, 2, 10, 11, 30, 0, TimeSpan.FromHours(-5));
        var r = ChainReader.Read(RepoPaths.Data("spy_yfinance_2026-02-10.csv"),
            new ReadOptions { Spot = 690.5, AsOf = at, Underlying = "SPY.X" });

        Assert.Equal(690.5, r.Snapshot.Spot);
        Assert.Equal(at, r.Snapshot.Instant);
        Assert.Equal("SPY.X", r.Snapshot.Underlying);
    }
}
