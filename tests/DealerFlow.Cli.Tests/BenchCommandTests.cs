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

    /// <summary>A VM that names its CPU only "AMD EPYC" still tells Zen 3 from Zen 4 by family and model (issue 14: name the CPU).</summary>
    [Fact]
    public void CpuLabel_FirstProcessorsNameFamilyAndModel()
    {
        string[] zen4 =
        [
            "processor\t: 0", "vendor_id\t: AuthenticAMD", "cpu family\t: 25", "model\t\t: 17", "model name\t: AMD EPYC", "stepping\t: 1", "",
            "processor\t: 1", "vendor_id\t: AuthenticAMD", "cpu family\t: 26", "model\t\t: 2", "model name\t: Other",
        ];
        Assert.Equal("AMD EPYC (family 25, model 17)", DealerFlow.Cli.Bench.QuickBench.CpuLabel(zen4));
        string[] xeon = ["processor\t: 0", "cpu family\t: 6", "model\t\t: 106", "model name\t: Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz"];
        Assert.Equal("Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz (family 6, model 106)", DealerFlow.Cli.Bench.QuickBench.CpuLabel(xeon));
        Assert.Equal("Neoverse", DealerFlow.Cli.Bench.QuickBench.CpuLabel(["processor\t: 0", "model name\t: Neoverse"]));
        Assert.Null(DealerFlow.Cli.Bench.QuickBench.CpuLabel(["processor\t: 0", "BogoMIPS\t: 50.00"]));
    }

    [Fact]
    public void Bench_MachineCpu_NamesThisMachinesFamilyAndModel()
    {
        if (!File.Exists("/proc/cpuinfo") || !File.ReadLines("/proc/cpuinfo").Any(l => l.StartsWith("cpu family", StringComparison.Ordinal))) return;
        Assert.Matches(@"\(family \d+, model \d+\)$", DealerFlow.Cli.Bench.QuickBench.Machine().Cpu);
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
