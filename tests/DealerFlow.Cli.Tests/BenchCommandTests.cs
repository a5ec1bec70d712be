using System.Text.Json;
using DealerFlow.Cli.Commands;
using CliApp = DealerFlow.Cli.Commands.Cli;

namespace DealerFlow.Cli.Tests;

/// <summary>The shape and exit codes of <c>dealerflow bench</c> (no timing is asserted: figures vary by machine and load).</summary>
public class BenchCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Bench_SyntheticJson_OneObjectWithEveryFigureAndTheVectorWidth()
    {
        var (code, output, error) = Run("bench", "--synthetic", "400", "--runs", "1", "--format", "json");
        Assert.True(code == CliApp.Ok, error);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal(BenchCommand.Schema, root.GetProperty("schema").GetString());
        Assert.Contains(root.GetProperty("vectorWidthBits").GetInt32(), new[] { 128, 256, 512 });
        Assert.True(root.GetProperty("contracts").GetInt32() > 300);
        var figures = root.GetProperty("figures");
        foreach (var key in new[] { "parseMBps", "impliedVolNs", "impliedVolBatchNs", "gammaNs", "greeksNs", "profileNs1Core", "zeroGammaMs", "fullReportMs" })
        {
            var f = figures.GetProperty(key);
            Assert.True(f.GetProperty("median").GetDouble() > 0, key);
        }
        Assert.True(figures.GetProperty("gammaNs").GetProperty("speedup").GetDouble() > 0);
    }

    [Fact]
    public void Bench_MarketJson_ReportsWallTimeAndPeakMemory()
    {
        var (code, output, error) = Run("bench", "--market", "20", "--market-contracts", "100", "--format", "json");
        Assert.True(code == CliApp.Ok, error);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(2000, doc.RootElement.GetProperty("contracts").GetInt64());
        Assert.True(doc.RootElement.GetProperty("peakWorkingSetMb").GetDouble() > 0);
        Assert.True(doc.RootElement.GetProperty("warm").GetProperty("wallSeconds").GetDouble() > 0);
        // The warm figure is the median (by wall time) of the passes after the cold one, and it is one of them.
        var warmWalls = doc.RootElement.GetProperty("warmPasses").EnumerateArray().Select(p => p.GetProperty("wallSeconds").GetDouble()).Order().ToArray();
        Assert.Equal(5, warmWalls.Length);
        Assert.Equal(warmWalls[2], doc.RootElement.GetProperty("warm").GetProperty("wallSeconds").GetDouble());
    }

    [Theory]
    [InlineData("--format", "csv")]
    [InlineData("--runs", "0")]
    [InlineData("--synthetic", "0")]
    public void Bench_BadOption_ExitCode2(string option, string value)
    {
        var (code, _, error) = Run("bench", option, value);
        Assert.Equal(CliApp.BadUsage, code);
        Assert.Contains(option, error);
    }

    [Fact]
    public void Bench_MissingFile_ExitCode3()
    {
        var (code, _, error) = Run("bench", "/nonexistent/chain.csv");
        Assert.Equal(CliApp.BadInput, code);
        Assert.Contains("no such file", error);
    }
}
