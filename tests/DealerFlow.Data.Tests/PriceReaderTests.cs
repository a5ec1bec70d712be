using DealerFlow.Core.Calendar;
using DealerFlow.Data.Readers;

namespace DealerFlow.Data.Tests;

public class PriceReaderTests
{
    [Fact]
    public void Read_RealSpxFile_AllRowsEveryDateASession()
    {
        var r = PriceReader.Read(RepoPaths.Data("prices/spx_ohlc_daily_2016-08-22_2026-08-21.csv"));
        Assert.Equal(2514, r.Bars.Count);
        Assert.Empty(r.Problems);
        Assert.Equal(new DailyBarView(new DateOnly(2016, 8, 22), 2181.58, 2185.15, 2175.96, 2182.64), DailyBarView.Of(r.Bars[0]));
        Assert.Equal(new DailyBarView(new DateOnly(2026, 8, 21), 7665.68, 7697.11, 7660.06, 7674.37), DailyBarView.Of(r.Bars[^1]));
        Assert.Null(r.Bars[0].Volume);
        // The file's dates are exchange sessions, and it misses none between its first and last date (this is how 2018-12-05, the day of mourning for President Bush, was found missing from the calendar).
        Assert.All(r.Bars, b => Assert.True(TradingCalendar.IsSession(b.Date), $"{b.Date} is not a session"));
        var sessions = 0;
        for (var d = r.Bars[0].Date; d <= r.Bars[^1].Date; d = d.AddDays(1))
        {
            if (TradingCalendar.IsSession(d)) sessions++;
        }
        Assert.Equal(2514, sessions);
    }

    [Fact]
    public void Parse_YahooExport_AsItIs()
    {
        const string text = "Date,Open,High,Low,Close,Adj Close,Volume\r\n"
            + "2024-01-02,4745.200195,4754.330078,4722.669922,4742.830078,4742.830078,3743050000\r\n"
            + "2024-01-03,4725.069824,4729.290039,4699.709961,4704.810059,4704.810059,3950760000\r\n";
        var r = PriceReader.Parse(text, "yahoo.csv");
        Assert.Equal(2, r.Bars.Count);
        Assert.Equal(4704.810059, r.Bars[1].Close, 9);
        Assert.Equal(4742.830078, r.Bars[0].AdjClose!.Value, 9);
        Assert.Equal(3743050000.0, r.Bars[0].Volume!.Value);
        Assert.Empty(r.Problems);
    }

    [Fact]
    public void Parse_StooqExport_AsItIs()
    {
        const string text = "\uFEFFDate,Open,High,Low,Close,Volume\n2024-01-03,4725.07,4729.29,4699.71,4704.81,2236543211\n2024-01-02,4745.2,4754.33,4722.67,4742.83,2149738567\n";
        var r = PriceReader.Parse(text, "spx_d.csv");
        Assert.Equal([new DateOnly(2024, 1, 2), new DateOnly(2024, 1, 3)], r.Bars.Select(b => b.Date));
        Assert.Null(r.Bars[0].AdjClose);
        Assert.Equal(2149738567.0, r.Bars[0].Volume!.Value);
    }

    [Fact]
    public void Parse_BadRows_SkippedWithLineFieldAndReason()
    {
        const string text = "DATE,O,H,L,C\n"
            + "2024-01-02,100,101,99,100.5\n" // line 2 fine
            + "01/03/2024,100,101,99,100\n" // line 3 not ISO
            + "2024-01-04,null,101,99,100\n" // line 4 Yahoo "null"
            + "2024-01-05,100,101,99,\n" // line 5 missing close
            + "2024-01-08,100,98,99,100\n" // line 6 high below low
            + "2024-01-09,0,101,99,100\n" // line 7 zero price
            + "2024-01-02,100,101,99,100\n" // line 8 duplicate
            + "\n"
            + "2024-01-10,100,102,99,101\n"; // line 10 fine
        var r = PriceReader.Parse(text, "bad.csv");
        Assert.Equal(2, r.Bars.Count);
        Assert.Equal(
            [
                "line 3, date: '01/03/2024' is not an ISO date (yyyy-MM-dd) (contract skipped)",
                "line 4, o: 'null' is not a number (contract skipped)",
                "line 5, c: missing value (contract skipped)",
                "line 6, h/l: high 98 and low 99 do not contain open 100 and close 100 (contract skipped)",
                "line 7, o: price 0 is not positive (contract skipped)",
                "line 8, date: 2024-01-02 appears twice; the first row is kept (contract skipped)",
            ],
            r.Problems.Select(p => p.ToString()));
    }

    [Fact]
    public void Parse_NotAPricesFile_ClearError()
    {
        var ex = Assert.Throws<PriceReadException>(() => PriceReader.Parse("date,price,dix,gex\n2011-05-02,1361.2,0.37,1.8e9\n", "DIX.csv"));
        Assert.Equal("Cannot read prices 'DIX.csv': line 1 is not a daily prices header (no Open, High, Low, Close column; expected Date,Open,High,Low,Close or date,o,h,l,c, optional Adj Close and Volume).", ex.Message);
        var all = Assert.Throws<PriceReadException>(() => PriceReader.Parse("Date,Open,High,Low,Close\n2024-01-02,x,1,1,1\n", "p.csv"));
        Assert.Equal("Cannot read prices 'p.csv': all 1 row(s) are bad, the first: line 2, open: 'x' is not a number (contract skipped).", all.Message);
        Assert.Throws<PriceReadException>(() => PriceReader.Read("/nonexistent/prices.csv"));
    }

    private readonly record struct DailyBarView(DateOnly Date, double Open, double High, double Low, double Close)
    {
        public static DailyBarView Of(DealerFlow.Core.Scorecard.DailyBar b) => new(b.Date, b.Open, b.High, b.Low, b.Close);
    }
}
