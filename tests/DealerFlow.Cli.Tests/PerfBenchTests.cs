using System.Runtime.CompilerServices;
using System.Text.Json;
using DealerFlow.Cli.Bench;
using DealerFlow.Core.Exposure;
using CliApp = DealerFlow.Cli.Commands.Cli;

namespace DealerFlow.Cli.Tests;

/// <summary>A fact that needs a Python with numpy (the numpy peer); skipped, with the reason, without one.</summary>
public sealed class NumpyFactAttribute : FactAttribute
{
    private static readonly (string? Python, string Reason) Found = PeerBench.FindPython();

    /// <param name="test">The test method's name (supplied by the compiler): a skipped test's display name carries the reason.</param>
    public NumpyFactAttribute([CallerMemberName] string test = "")
    {
        if (Found.Python is not null) return;
        Skip = $"{Found.Reason} (or run .ci/run)";
        DisplayName = $"{test} [skipped: {Skip}]";
    }
}

/// <summary>bench --ingest, --tick and the numpy peer: shapes, counts and agreement (no timing is asserted).</summary>
public sealed class PerfBenchTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        var code = CliApp.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    private static PricedChain Spx() => PeerBench.Price(Path.Combine(RepoPaths.TestData, "spx_quotedata_2024-01-05.csv"));

    /// <summary>The numpy profile of the SPX chain equals the engine's within 1e-12 of the profile's largest value, at all 401 spots.</summary>
    [NumpyFact]
    public void Peer_SpxChain_NumpyProfileAgreesWithTheEngine()
    {
        var chain = Spx();
        var (result, skipped) = PeerBench.Run(chain, runs: 1);
        Assert.True(result is not null, skipped);
        Assert.Equal(chain.Count, result.Contracts);
        Assert.Equal(401, result.Spots);
        Assert.InRange(result.MaxRelativeDifference, 0, PeerResult.Tolerance);
        Assert.True(result.NumpyNs > 0 && result.OursNs > 0);
    }

    [NumpyFact]
    public void Bench_PeerJson_ReportsTheRatioAndAgreement()
    {
        var (code, output, error) = Run("bench", "--peer", "--runs", "1", "--format", "json");
        Assert.True(code == CliApp.Ok, error);
        using var doc = JsonDocument.Parse(output);
        Assert.True(doc.RootElement.GetProperty("ratio").GetDouble() > 0);
        Assert.True(doc.RootElement.GetProperty("agrees").GetBoolean());
    }

    /// <summary>The export's rows are the engine's priced contracts: sign x open interest x multiplier is each contract's position column.</summary>
    [Fact]
    public void Export_SpxChain_OneRowPerPricedContractReproducingThePositions()
    {
        var chain = Spx();
        var lines = PeerBench.Export(chain).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("# schema=" + PeerBench.ExportSchema, lines[0]);
        Assert.Contains(lines, l => l == FormattableString.Invariant($"# spot={chain.Spot:R}"));
        Assert.Contains(lines, l => l == FormattableString.Invariant($"# rate={chain.Rate:R}"));
        var rows = lines.SkipWhile(l => l.StartsWith('#')).ToArray();
        Assert.Equal("strike,years,vol,carry,open_interest,multiplier,sign", rows[0]);
        Assert.Equal(chain.Count, rows.Length - 1);
        for (var j = 0; j < chain.Count; j++)
        {
            var v = rows[j + 1].Split(',').Select(x => double.Parse(x, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(chain.StrikeColumn[j], v[0]);
            Assert.Equal(chain.YearsColumn[j], v[1]);
            Assert.Equal(chain.VolColumn[j], v[2]);
            Assert.Equal(chain.CarryColumn[j], v[3]);
            Assert.Equal(chain.PositionColumn[j], v[6] * v[4] * v[5]);
        }
    }

    [Fact]
    public void Bench_IngestJson_StoresEverySessionAndTimesEachStage()
    {
        var folder = Path.Combine(RepoPaths.TestData, "series_spy");
        var (code, output, error) = Run("bench", "--ingest", folder, "--runs", "1", "--format", "json");
        Assert.True(code == CliApp.Ok, error);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal(Directory.GetFiles(folder).Length, root.GetProperty("sessions").GetInt32());
        Assert.True(root.GetProperty("sessionsPerSecond").GetDouble() > 0);
        Assert.Contains("synchronous=FULL", root.GetProperty("store").GetString());
        Assert.Equal(7, root.GetProperty("stages").GetArrayLength());
    }

    [Fact]
    public void Bench_IngestMissingFolder_ExitCode3()
    {
        var (code, _, error) = Run("bench", "--ingest", Path.Combine(RepoPaths.TestData, "no-such-folder"));
        Assert.Equal(CliApp.BadInput, code);
        Assert.Contains("no such folder", error);
    }

    [Fact]
    public void Bench_TickJson_MedianAndP99OverTheTimedTicks()
    {
        var (code, output, error) = Run("bench", "--tick", "--ticks", "200", "--format", "json");
        Assert.True(code == CliApp.Ok, error);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal(200, root.GetProperty("ticks").GetInt32());
        Assert.Equal("SPX", root.GetProperty("symbol").GetString());
        var median = root.GetProperty("medianUs").GetDouble();
        Assert.True(median > 0);
        Assert.True(root.GetProperty("p99Us").GetDouble() >= median);
        Assert.InRange(root.GetProperty("reoffered").GetInt32(), 0, 200); // counted, not hidden
    }
}
