using System.Text.Json.Nodes;
using DealerFlow.Data.Tests.Store;

namespace DealerFlow.Cli.Tests.Store;

/// <summary>The 20 real SPX sessions stored under two positioning models in one real SQLite file, shared by the tests below.</summary>
public sealed class TwoModelStore : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("dealerflow-scorecard2-").FullName;
    public string Db => Path.Combine(Dir, "s.db");
    public static string Prices => Path.Combine(RepoPaths.TestData, "prices", "spx_ohlc_daily_2016-08-22_2026-08-21.csv");

    public TwoModelStore()
    {
        foreach (var model in new[] { "classic", "short-all" })
        {
            var r = IngestHistoryTests.Run("ingest", "--db", Db, "--model", model, Path.Combine(RepoPaths.TestData, "series_spx_2026"));
            if (r.Code != Commands.Cli.Ok) throw new InvalidOperationException(r.Out + r.Err);
        }
    }

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}

public sealed class ScorecardExtendedCommandTests(TwoModelStore store) : IClassFixture<TwoModelStore>
{
    [Fact]
    public void Scorecard_Chart_WritesPngAndSvgOfTheBarsAndRejectsOtherExtensions()
    {
        var png = Path.Combine(store.Dir, "scorecard.png");
        var r = IngestHistoryTests.Run("scorecard", "SPX", "--db", store.Db, "--prices", TwoModelStore.Prices, "--chart", png);
        Assert.True(r.Code == Commands.Cli.Ok, r.Out + r.Err);
        Assert.Contains("SPX scorecard: 17 stored session(s)", r.Out); // the table still goes to stdout
        PngAssert.IsPng(png, 1400, 560);

        var svg = Path.Combine(store.Dir, "scorecard.svg");
        r = IngestHistoryTests.Run("scorecard", "SPX", "--db", store.Db, "--prices", TwoModelStore.Prices, "--model", "short-all", "--chart", svg);
        Assert.True(r.Code == Commands.Cli.Ok, r.Out + r.Err);
        var text = File.ReadAllText(svg);
        var doc = System.Xml.Linq.XDocument.Parse(text);
        Assert.Equal("1400", doc.Root!.Attribute("width")!.Value);
        Assert.Equal("560", doc.Root!.Attribute("height")!.Value);
        // The title names the model; the axes their units; the tick labels the values: short-all's put wall close held on 13 of 17 sessions.
        Assert.Contains("positioning short-all", text);
        Assert.Contains("% of scored sessions", text);
        Assert.Contains("% annualised", text);
        Assert.Contains("76.5 % (n 17)", text);
        Assert.Contains("n/a (n 0)", text); // short-all has no call wall: no bar, the label says so

        var gif = Path.Combine(store.Dir, "scorecard.gif");
        var bad = IngestHistoryTests.Run("scorecard", "SPX", "--db", store.Db, "--prices", TwoModelStore.Prices, "--chart", gif);
        Assert.Equal(Commands.Cli.BadUsage, bad.Code);
        Assert.Contains("--chart '" + gif + "': the extension '.gif' is not supported; use .png or .svg", bad.Err);
        Assert.False(File.Exists(gif));
        var both = IngestHistoryTests.Run("scorecard", "SPX", "--db", store.Db, "--prices", TwoModelStore.Prices, "--compare-models", "classic,short-all", "--chart", png + ".svg");
        Assert.Equal(Commands.Cli.BadUsage, both.Code);
        Assert.Contains("--chart draws one positioning model", both.Err);
    }

    [Fact]
    public void Scorecard_RealSpxSessions_BreachesPinningStrategies()
    {
        var r = IngestHistoryTests.Run("scorecard", "SPX", "--db", store.Db, "--prices", TwoModelStore.Prices, "--format", "json");
        Assert.True(r.Code == Commands.Cli.Ok, r.Out + r.Err);
        var doc = JsonNode.Parse(r.Out)!;
        // No session of the 17 closed beyond its own wall: the breach means have no sessions and no value, not 0.
        var above = doc["breaches"]!["aboveCallWall"]!["next1Return"]!;
        Assert.Equal(0, (int)above["n"]!);
        Assert.Null(above["value"]);
        // 2026-06-18 is the June monthly expiry session (the third Friday, 06-19, was Juneteenth): one expiry sample, 16 others.
        var pin = doc["pinning"]!;
        Assert.Equal(1, (int)pin["expiryDistancePct"]!["n"]!);
        Assert.Null(pin["expiryDistancePct"]!["ci95"]);
        Assert.Equal(16, (int)pin["otherDistancePct"]!["n"]!);
        Assert.Equal((double)pin["expiryDistancePct"]!["value"]! - (double)pin["otherDistancePct"]!["value"]!, (double)pin["differencePct"]!["value"]!, 12);
        var strategies = doc["strategies"]!.AsArray();
        Assert.Equal(["sellPremiumHighGamma", "buyVolNearFlip", "fadeWallBreakout", "followRisingFlip"], strategies.Select(s => (string)s!["name"]!));
        foreach (var s in strategies)
        {
            Assert.False(string.IsNullOrWhiteSpace((string?)s!["rule"]));
            Assert.Equal(5, (int)s["horizonSessions"]!);
            // 17 sessions decide nothing: every strategy is within noise.
            Assert.True((bool)s["withinNoise"]!);
        }
        Assert.Equal(0, (int)doc["incremental"]!["partialSpearmanGivenVix"]!["n"]!);
    }

    [Fact]
    public void Scorecard_Vix_PartialGivenVixOnTheSessionsWithAVixRow()
    {
        // A VIX file with 10 rows (hand-made closes); 2026-06-23 has no stored session (its only fetch, 12:50 UTC, belongs to 06-22), so 9 sessions carry a VIX close.
        var vix = Path.Combine(store.Dir, "vix.csv");
        string[] days = ["2026-06-12", "2026-06-15", "2026-06-16", "2026-06-17", "2026-06-18", "2026-06-22", "2026-06-23", "2026-06-24", "2026-06-25", "2026-06-26"];
        File.WriteAllLines(vix, ["Date,Open,High,Low,Close", .. days.Select((d, i) => $"{d},15,25,14,{16 + (i * 3 % 7)}")]);
        var r = IngestHistoryTests.Run("scorecard", "SPX", "--db", store.Db, "--prices", TwoModelStore.Prices, "--vix", vix, "-f", "json");
        Assert.True(r.Code == Commands.Cli.Ok, r.Out + r.Err);
        var inc = JsonNode.Parse(r.Out)!["incremental"]!;
        Assert.Equal(9, (int)inc["partialSpearmanGivenVix"]!["n"]!);
        Assert.Equal(9, (int)inc["partialSpearmanGivenAtmIvAndVix"]!["n"]!);
        Assert.InRange((double)inc["partialSpearmanGivenVix"]!["value"]!, -1, 1);
        var missing = IngestHistoryTests.Run("scorecard", "SPX", "--db", store.Db, "--prices", TwoModelStore.Prices, "--vix", Path.Combine(store.Dir, "no-such.csv"));
        Assert.Equal(Commands.Cli.BadInput, missing.Code);
        Assert.Contains("does not exist", missing.Err);
    }

    [Fact]
    public void Scorecard_CompareModels_SideBySide()
    {
        var r = IngestHistoryTests.Run("scorecard", "SPX", "--db", store.Db, "--prices", TwoModelStore.Prices, "--compare-models", "classic,short-all", "-f", "json");
        Assert.True(r.Code == Commands.Cli.Ok, r.Out + r.Err);
        var doc = JsonNode.Parse(r.Out)!;
        Assert.Equal("dealerflow.scorecard-compare/1", (string?)doc["schema"]);
        var models = doc["models"]!.AsArray();
        Assert.Equal(["classic", "short-all"], models.Select(m => (string)m!["positioning"]!));
        // Dealers short every option: total GEX is negative on every session, so no session is in the positive-GEX regime.
        Assert.Equal(0, (int)models[1]!["regimes"]!["positiveGex"]!["sessions"]!);
        Assert.Equal(17, (int)models[1]!["regimes"]!["negativeGex"]!["sessions"]!);
        Assert.Equal(13, (int)models[0]!["regimes"]!["positiveGex"]!["sessions"]!);

        var table = IngestHistoryTests.Run("scorecard", "SPX", "--db", store.Db, "--prices", TwoModelStore.Prices, "--compare-models", "classic,short-all");
        Assert.Equal(Commands.Cli.Ok, table.Code);
        Assert.Contains("| classic", table.Out);
        Assert.Contains("| short-all", table.Out);
        var csv = IngestHistoryTests.Run("scorecard", "SPX", "--db", store.Db, "--prices", TwoModelStore.Prices, "--compare-models", "classic,short-all", "-f", "csv");
        Assert.Contains("\nshort-all,regimes.negativeGex.nextDayVol,", csv.Out);
        var unknown = IngestHistoryTests.Run("scorecard", "SPX", "--db", store.Db, "--prices", TwoModelStore.Prices, "--compare-models", "classic,nosuch");
        Assert.Equal(Commands.Cli.BadInput, unknown.Code);
        Assert.Contains("nosuch", unknown.Err);
    }

    [Fact]
    public void Scorecard_GexSeries_SqueezeMetricsSample_RegimeBySignOfGex()
    {
        var dix = Path.Combine(RepoPaths.TestData, "prices", "squeezemetrics_DIX_sample_2011.csv");
        var r = IngestHistoryTests.Run("scorecard", "SPX", "--gex-series", dix, "-f", "json");
        Assert.True(r.Code == Commands.Cli.Ok, r.Out + r.Err);
        var doc = JsonNode.Parse(r.Out)!;
        // 60 rows, 2011-05-02 to 2011-07-26; the last has no next close. Of the 59 scored rows, 51 have gex >= 0 (none is 0) and 8 below (June 2011).
        Assert.Equal(60, (int)doc["sessions"]!);
        Assert.Equal(59, (int)doc["scored"]!);
        Assert.Equal("published", (string?)doc["positioning"]);
        Assert.Equal(51, (int)doc["regimes"]!["positiveGex"]!["sessions"]!);
        Assert.Equal(8, (int)doc["regimes"]!["negativeGex"]!["sessions"]!);
        // Close-only prices: no Parkinson vol and no wall figures, rather than a 0.
        Assert.Equal(0, (int)doc["regimes"]!["positiveGex"]!["nextDayParkinsonVol"]!["n"]!);
        Assert.Equal(0, (int)doc["callWall"]!["highHeldRate"]!["n"]!);
        Assert.NotNull(doc["regimes"]!["positiveGex"]!["nextDayVol"]!["value"]);
        var both = IngestHistoryTests.Run("scorecard", "SPX", "--gex-series", dix, "--compare-models", "classic,short-all");
        Assert.Equal(Commands.Cli.BadUsage, both.Code);
        var notSeries = IngestHistoryTests.Run("scorecard", "SPX", "--gex-series", TwoModelStore.Prices);
        Assert.Equal(Commands.Cli.BadInput, notSeries.Code);
        Assert.Contains("is not a GEX series header (no price, gex column", notSeries.Err);
    }
}
