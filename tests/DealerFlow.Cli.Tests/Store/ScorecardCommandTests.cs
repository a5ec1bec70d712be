using System.Text.Json.Nodes;
using DealerFlow.Data.Tests.Store;

namespace DealerFlow.Cli.Tests.Store;

/// <summary>ingest the 20 real SPX sessions of tests/data/series_spx_2026 into a real SQLite file and score them against the real SPX price file.</summary>
public sealed class ScorecardCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dealerflow-scorecard-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Scorecard_RealSpxSessions_CountsRatesAndIntervals()
    {
        var db = Path.Combine(_dir, "s.db");
        var ingest = IngestHistoryTests.Run("ingest", "--db", db, Path.Combine(RepoPaths.TestData, "series_spx_2026"));
        Assert.True(ingest.Code == Commands.Cli.Ok, ingest.Out + ingest.Err);
        var prices = Path.Combine(RepoPaths.TestData, "prices", "spx_ohlc_daily_2016-08-22_2026-08-21.csv");
        var r = IngestHistoryTests.Run("scorecard", "SPX", "--db", db, "--prices", prices, "--format", "json");
        Assert.True(r.Code == Commands.Cli.Ok, r.Out + r.Err);
        var doc = JsonNode.Parse(r.Out)!;
        Assert.Equal("dealerflow.scorecard/1", (string?)doc["schema"]);
        // 20 files, 17 exchange sessions (holiday and stale fetches fall into the session before), all with next-day prices.
        Assert.Equal(17, (int)doc["sessions"]!);
        Assert.Equal(17, (int)doc["scored"]!);
        Assert.Equal("2026-06-12", (string?)doc["from"]);
        Assert.Equal("2026-07-09", (string?)doc["to"]);
        var regimes = doc["regimes"]!;
        Assert.Equal(17, (int)regimes["aboveFlip"]!["sessions"]! + (int)regimes["belowFlip"]!["sessions"]! + (int)regimes["withoutFlip"]!);
        Assert.Equal(17, (int)regimes["positiveGex"]!["sessions"]! + (int)regimes["negativeGex"]!["sessions"]!);
        foreach (var rate in new[] { doc["callWall"]!["highHeldRate"]!, doc["callWall"]!["closeHeldRate"]!, doc["putWall"]!["lowHeldRate"]!, doc["putWall"]!["closeHeldRate"]! })
        {
            var v = (double)rate["value"]!;
            Assert.Equal(17, (int)rate["n"]!);
            Assert.InRange(v, 0, 1);
            var (lo, hi) = ((double)rate["ci95"]![0]!, (double)rate["ci95"]![1]!);
            Assert.InRange(lo, 0, v);
            Assert.InRange(hi, v, 1);
        }
        foreach (var name in new[] { "aboveFlip", "belowFlip", "positiveGex", "negativeGex" })
        {
            foreach (var vol in new[] { "nextDayVol", "nextDayParkinsonVol", "next5DayVol" })
            {
                var e = regimes[name]![vol]!;
                if (e["ci95"] is not JsonArray ci) continue; // too few sessions for a block interval
                Assert.InRange((double)e["value"]!, (double)ci[0]!, (double)ci[1]!);
            }
        }

        var table = IngestHistoryTests.Run("scorecard", "SPX", "--db", db, "--prices", prices);
        Assert.Equal(Commands.Cli.Ok, table.Code);
        Assert.Contains("SPX scorecard: 17 stored session(s) 2026-06-12 to 2026-07-09, 17 scored", table.Out);
        Assert.Contains("seed 20260613", table.Out);
        var csv = IngestHistoryTests.Run("scorecard", "SPX", "--db", db, "--prices", prices, "-f", "csv", "--from", "2026-06-15", "--to", "2026-06-30");
        Assert.Equal(Commands.Cli.Ok, csv.Code);
        Assert.StartsWith("# scorecard of SPX: positioning classic, sessions 2026-06-15 to 2026-06-30", csv.Out);
        Assert.Contains("\ncallWall.highHeldRate,", csv.Out);

        var bad = IngestHistoryTests.Run("scorecard", "SPX", "--db", db, "--prices", Path.Combine(RepoPaths.TestData, "prices", "squeezemetrics_DIX_sample_2011.csv"));
        Assert.Equal(Commands.Cli.BadInput, bad.Code);
        Assert.Contains("is not a daily prices header", bad.Err);
        Assert.DoesNotContain("   at ", bad.Err);
    }
}
