using System.Text;
using DealerFlow.Data.Readers;

namespace DealerFlow.Data.Tests;

public sealed class DetectionTests
{
    [Theory]
    [InlineData("spx_quotedata_2024-01-05.csv", ChainFormat.CboeCsv)]
    [InlineData("spx_quotedata_2022-07-12_intraday.csv", ChainFormat.CboeCsv)]
    [InlineData("spy_chain_2020-01-29_tdameritrade.json", ChainFormat.Schwab)]
    [InlineData("spy_yfinance_2026-02-10.csv", ChainFormat.YFinance)]
    public void Detect_RealFileHead_Format(string file, ChainFormat expected)
    {
        var bytes = File.ReadAllBytes(RepoPaths.Data(file));

        Assert.Equal(expected, ChainReader.Detect(bytes.AsSpan(0, Math.Min(bytes.Length, ChainReader.DetectHeadBytes))));
    }

    [Theory]
    [InlineData("""{"timestamp": "2024-01-05 23:00:01", "data": {"options": []}}""", ChainFormat.CboeJson)]
    [InlineData("""{"contracts": [], "spot": 1}""", ChainFormat.Normalized)]
    [InlineData("""{"symbol": "SPY", "status": "SUCCESS", "putExpDateMap": {}}""", ChainFormat.Schwab)]
    [InlineData("symbol,open_interest\nSPY251017C00660000,1\n", ChainFormat.Normalized)]
    [InlineData("\uFEFFroot,expiry,type,strike,OPEN_INTEREST\n", ChainFormat.Normalized)]
    public void Detect_SmallContent_Format(string text, ChainFormat expected)
    {
        Assert.Equal(expected, ChainReader.Detect(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void Detect_GzipHead_LooksThroughCompression()
    {
        var bytes = TestFiles.Gzip(File.ReadAllBytes(RepoPaths.Data("ndx_quotedata_2022-02-04.csv")));

        Assert.Equal(ChainFormat.CboeCsv, ChainReader.Detect(bytes.AsSpan(0, 4096)));
    }

    [Fact]
    public void Detect_RandomText_ThrowsAndTryDetectFalse()
    {
        var bytes = Encoding.UTF8.GetBytes("hello world\nthis is not a chain\n");

        Assert.False(ChainReader.TryDetect(bytes, out _));
        var ex = Assert.Throws<ChainReadException>(() => ChainReader.Detect(bytes));
        Assert.Contains("text whose first non-blank line (line 1, 11 characters) is none of those headers", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hello", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ForcedFormat_OverridesDetection()
    {
        // A CBOE CSV forced as normalized has no normalized header: the error says what is missing.
        var ex = Assert.Throws<ChainReadException>(() =>
            ChainReader.Read(RepoPaths.Data("spy_quotedata_2025-09-25.csv"), new ReadOptions { Format = ChainFormat.Normalized }));

        Assert.Contains("DealerFlow normalized CSV", ex.Message, StringComparison.Ordinal);
        Assert.Contains("lacks the required column(s)", ex.Message, StringComparison.Ordinal);
    }
}
