using System.Text.Json.Nodes;
using DealerFlow.Cli.Commands;
using DealerFlow.Data.Store;
using DealerFlow.Data.Tests.Store;

namespace DealerFlow.Cli.Tests.Store;

/// <summary>ingest and history end to end, in process, on a real SQLite file and the real chains of tests/data.</summary>
public sealed class IngestHistoryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dealerflow-cli-").FullName;

    private string Db => Path.Combine(_dir, "store", "dealerflow.db");

    internal static (int Code, string Out, string Err) Run(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        var code = Commands.Cli.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void Ingest_RealChainsTwice_StoresOnceThenReportsAlreadyStored()
    {
        // The six single chains (files) and the SPY series (a folder, read recursively).
        var chains = Directory.GetFiles(RepoPaths.TestData).Where(f => !f.EndsWith(".md", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        var first = Run(["ingest", "--db", Db, .. chains, Path.Combine(RepoPaths.TestData, "series_spy")]);
        Assert.True(first.Code == Commands.Cli.Ok, first.Out + first.Err);
        Assert.Contains("13 file(s): 13 stored, 0 already stored, 0 failed", first.Out);
        Assert.Contains("stored          " + Path.Combine(RepoPaths.TestData, "spx_quotedata_2024-01-05.csv") + ": SPX 2024-01-07 10:52 -05:00, spot 4697.24, zero gamma 4717.83, 455 strikes", first.Out);

        var second = Run("ingest", "--db", Db, Path.Combine(RepoPaths.TestData, "series_spy"));
        Assert.Equal(Commands.Cli.Ok, second.Code);
        Assert.Contains("7 file(s): 0 stored, 7 already stored, 0 failed", second.Out);
        Assert.Contains("the store holds 13 snapshot(s)", second.Out);
        Assert.Contains("already stored  " + StoreTestData.Series("spy_quotedata_2025-05-01_0828.csv") + ": SPY 2025-05-01 08:28 -04:00 (dealerflow, classic, same content and settings) is id ", second.Out);
    }

    [Fact]
    public void Ingest_BadFileAmongGood_SkipsItStoresTheRestAndExits3()
    {
        var input = Directory.CreateDirectory(Path.Combine(_dir, "in", "deeper")).FullName;
        File.Copy(StoreTestData.Series("spy_quotedata_2025-05-01_0828.csv"), Path.Combine(input, "a.csv"));
        File.WriteAllText(Path.Combine(_dir, "in", "broken.csv"), "this is not, a chain\n1,2\n");
        var r = Run("ingest", "--db", Db, Path.Combine(_dir, "in"), Path.Combine(_dir, "missing.csv"));
        Assert.Equal(Commands.Cli.BadInput, r.Code);
        Assert.Contains("3 file(s): 1 stored, 0 already stored, 2 failed", r.Out);
        Assert.Contains("failed          " + Path.Combine(_dir, "in", "broken.csv") + ": 'broken.csv' is not an option chain", r.Out);
        Assert.Contains("missing.csv: no such file or folder", r.Out);
        Assert.Contains("2 file(s) failed and were skipped: missing.csv, broken.csv.", r.Err);
        Assert.DoesNotContain("   at ", r.Out + r.Err);
        using var store = SnapshotStore.Open(Db);
        Assert.Equal(1, store.Count());
    }

    /// <summary>
    /// An option ingest does not have, or a misspelt one, is named with exit code 2 before any file or the store is
    /// touched. Before, PATH took it and the word after it: "--format: no such file or folder", "cboe: no such file or
    /// folder", the real file stored, exit 3.
    /// </summary>
    [Theory]
    [InlineData(new[] { "--format", "cboe", "SAMPLE" }, "'--format' is not an option of ingest (it prints a log, not a table; the input's format is --format-in cboe-csv, cboe-json, schwab, massive, yfinance or normalized). Run 'dealerflow ingest --help' for its options.")]
    [InlineData(new[] { "SAMPLE", "-f", "json" }, "'-f' is not an option of ingest (it prints a log, not a table; the input's format is --format-in cboe-csv, cboe-json, schwab, massive, yfinance or normalized). Run 'dealerflow ingest --help' for its options.")]
    [InlineData(new[] { "--format=csv", "SAMPLE" }, "'--format' is not an option of ingest (it prints a log, not a table; the input's format is --format-in cboe-csv, cboe-json, schwab, massive, yfinance or normalized). Run 'dealerflow ingest --help' for its options.")]
    [InlineData(new[] { "--fromat-in", "cboe", "SAMPLE" }, "'--fromat-in' is not an option of ingest. Run 'dealerflow ingest --help' for its options.")]
    [InlineData(new[] { "SAMPLE", "--dbb", "other.db" }, "'--dbb' is not an option of ingest. Run 'dealerflow ingest --help' for its options.")]
    [InlineData(new[] { "-x", "SAMPLE" }, "'-x' is not an option of ingest. Run 'dealerflow ingest --help' for its options.")]
    public void Ingest_AnOptionItDoesNotHave_IsNamedWithExitCode2AndNothingStored(string[] words, string expected)
    {
        var r = Run(["ingest", "--db", Db, .. words.Select(w => w == "SAMPLE" ? RepoPaths.SpxSample : w)]);
        Assert.Equal(Commands.Cli.BadUsage, r.Code);
        Assert.Equal("", r.Out);
        Assert.Equal("dealerflow: " + expected, r.Err.Trim());
        Assert.False(File.Exists(Db), "the store was opened");
    }

    [Fact]
    public void Ingest_FormatIn_TakesTheInputFormatItsErrorNamesTheWords()
    {
        var bad = Run("ingest", "--db", Db, "--format-in", "csv", RepoPaths.SpxSample);
        Assert.Equal(Commands.Cli.BadUsage, bad.Code);
        Assert.Equal("dealerflow: --format-in 'csv' is not one of cboe-csv, cboe-json, schwab, massive, yfinance, normalized.", bad.Err.Trim());
        Assert.False(File.Exists(Db));
        var good = Run("ingest", "--db", Db, "--format-in", "cboe", RepoPaths.SpxSample);
        Assert.True(good.Code == Commands.Cli.Ok, good.Out + good.Err);
        Assert.Contains("1 file(s): 1 stored, 0 already stored, 0 failed", good.Out);
    }

    [Fact]
    public void History_SeriesSpy_TableJsonCsvWithChangesAndTrends()
    {
        Assert.Equal(Commands.Cli.Ok, Run("ingest", "--db", Db, Path.Combine(RepoPaths.TestData, "series_spy")).Code);

        var json = Run("history", "SPY", "--db", Db, "--format", "json");
        Assert.Equal(Commands.Cli.Ok, json.Code);
        var doc = JsonNode.Parse(json.Out)!;
        Assert.Equal("dealerflow.history/1", (string?)doc["schema"]);
        Assert.Equal("classic", (string?)doc["positioning"]);
        Assert.Equal("usd-per-1pct", (string?)doc["unit"]);
        var rows = doc["rows"]!.AsArray();
        Assert.Equal(7, rows.Count);
        Assert.Equal(6, (int)doc["sessions"]!);
        // 2025-05-01 08:28 is before the open: still the 2025-04-30 session, whose last snapshot it is.
        Assert.Equal("2025-04-30", (string?)rows[1]!["session"]);
        // 2025-05-01 16:49 against that last snapshot of 2025-04-30 (05-01 08:28): spot 557.65 - 560.36.
        var r2 = rows[2]!;
        Assert.Equal("2025-05-01T16:49:00-04:00", (string?)r2["asOf"]);
        Assert.Equal("2025-04-30", (string?)r2["dayOverDay"]!["previousSession"]);
        Assert.Equal(-2.71, (double)r2["dayOverDay"]!["spot"]!, 9);
        // Zero gamma re-measured for issue 9 (quote sync re-anchors the file; one IV per strike).
        Assert.Equal(558.5464718653543, (double)r2["zeroGamma"]!, 6);
        Assert.Equal(558.5464718653543 - (double)rows[1]!["zeroGamma"]!, (double)r2["dayOverDay"]!["zeroGamma"]!, 6);
        Assert.Equal(575.0, (double)r2["callWall"]!);
        var trends = doc["trends"]!.AsArray().Select(t => (string)t!["description"]!).ToList();
        Assert.Contains("regime changed long->short across a gap of 1 missing session (2025-05-02 -> 2025-05-06)", trends);
        // Monday 2025-05-05 is not stored: the move spans a gap, and no run crosses the gaps (05-06 -> 09-02 misses 81 sessions).
        Assert.Contains("put wall moved up across a gap of 1 missing session: 535.00 -> 555.00 (2025-05-02 -> 2025-05-06)", trends);
        Assert.Contains("gap: 1 session missing (2025-05-05) between stored sessions 2025-05-02 and 2025-05-06", trends);
        Assert.DoesNotContain(trends, t => t.StartsWith("zero gamma rising", StringComparison.Ordinal));
        Assert.Equal("gap: 1 session missing (2025-05-05) between stored sessions 2025-05-02 and 2025-05-06", (string?)rows[4]!["gapBefore"]);
        Assert.Null(rows[4]!["dayOverDay"]);

        var table = Run("history", "SPY", "--db", Db, "--from", "2025-05-01", "--to", "2025-05-06");
        Assert.Equal(Commands.Cli.Ok, table.Code);
        Assert.Contains("SPY history: 4 snapshot(s), 4 session(s), 2025-04-30 to 2025-05-06", table.Out);
        Assert.Contains("gap: 1 session missing (2025-05-05) between stored sessions 2025-05-02 and 2025-05-06", table.Out);
        Assert.Contains("positioning classic: dealers long calls, short puts (classic) | unit $ per 1% move", table.Out);
        Assert.Contains("regime changed long->short across a gap of 1 missing session (2025-05-02 -> 2025-05-06)", table.Out);

        // --from still compares the first row with the session before the range.
        var ranged = JsonNode.Parse(Run("history", "SPY", "--db", Db, "-f", "json", "--from", "2025-05-01", "--to", "2025-05-06").Out)!;
        Assert.Equal(4, ranged["rows"]!.AsArray().Count);
        Assert.Equal("2025-04-30", (string?)ranged["rows"]![1]!["dayOverDay"]!["previousSession"]);
        Assert.Equal(557.65 - 560.36, (double)ranged["rows"]![1]!["dayOverDay"]!["spot"]!, 9);
        Assert.DoesNotContain(ranged["trends"]!.AsArray(), t => ((string)t!["from"]!).CompareTo("2025-04-30") < 0); // 04-30 is in range through its 05-01 08:28 snapshot

        var csv = Run("history", "SPY", "--db", Db, "-f", "csv");
        var lines = csv.Out.Split('\n');
        Assert.StartsWith("# history of SPY: method dealerflow, positioning classic, GEX in usd-per-1pct, all expiries;", lines[0]);
        Assert.StartsWith("asOf,session,sourceFile,spot,d_spot,zeroGamma,d_zeroGamma", lines[1]);
        Assert.StartsWith("2025-04-30T20:35:00-04:00,2025-04-30,spy_quotedata_2025-04-30_2035.csv,554.54,,557.65444952564", lines[2]); // zero gamma on the ln S grid (Brent from other ends: within the 1e-4 root tolerance of the old 557.65444952234)
    }

    [Fact]
    public void History_Chart_WritesSvgWithTheFourLevels()
    {
        Run("ingest", "--db", Db, Path.Combine(RepoPaths.TestData, "series_spy"));
        var svg = Path.Combine(_dir, "spy.svg");
        var r = Run("history", "SPY", "--db", Db, "--chart", svg);
        Assert.Equal(Commands.Cli.Ok, r.Code);
        var text = File.ReadAllText(svg);
        Assert.StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"", text);
        Assert.Equal(4, text.Split("<polyline").Length - 1);
        Assert.Contains("<title>zero gamma 556.42</title>", text);
        Assert.Contains("positioning classic", text);
        _ = System.Xml.Linq.XDocument.Parse(text);
    }

    [Fact]
    public void History_ChartPng_WritesARealPng()
    {
        Run("ingest", "--db", Db, Path.Combine(RepoPaths.TestData, "series_spy"));
        var png = Path.Combine(_dir, "spy.png");
        var r = Run("history", "SPY", "--db", Db, "--chart", png);
        Assert.Equal(Commands.Cli.Ok, r.Code);
        PngAssert.IsPng(png, 1100, 520);
    }

    [Fact]
    public void History_BadRequests_ClearMessagesAndExitCodes()
    {
        Run("ingest", "--db", Db, StoreTestData.Series("spy_quotedata_2025-05-01_0828.csv"));
        var jpg = Run("history", "SPY", "--db", Db, "--chart", Path.Combine(_dir, "x.jpg"));
        Assert.Equal(Commands.Cli.BadUsage, jpg.Code);
        Assert.Contains("the extension '.jpg' is not supported; use .png or .svg", jpg.Err);
        Assert.False(File.Exists(Path.Combine(_dir, "x.jpg")));
        var none = Run("history", "SPX", "--db", Db);
        Assert.Equal(Commands.Cli.BadInput, none.Code);
        // A symbol the store does not hold at all: the message lists what it holds (issue 10).
        Assert.Equal($"dealerflow: SPX is not in SQLite {Db} (WAL, synchronous=FULL); it holds SPY.", none.Err.Trim());
        var otherUnit = Run("history", "SPY", "--db", Db, "--unit", "shares");
        Assert.Equal(Commands.Cli.BadInput, otherUnit.Code);
        Assert.Contains("no stored snapshot of SPY (dealerflow, classic, shares-per-usd", otherUnit.Err);
        var date = Run("history", "SPY", "--db", Db, "--from", "May 1");
        Assert.Equal(Commands.Cli.BadUsage, date.Code);
        Assert.Contains("--from 'May 1' is not a date", date.Err);
        var notDb = Path.Combine(_dir, "notdb.db");
        File.WriteAllText(notDb, new string('z', 4096));
        var bad = Run("history", "SPY", "--db", notDb);
        Assert.Equal(Commands.Cli.BadInput, bad.Code);
        Assert.Contains("is not a SQLite database", bad.Err);
    }

    [Fact]
    public void History_MistypedDb_SaysNoStoreAndCreatesNothing()
    {
        var typo = Path.Combine(_dir, "typo.db");
        var r = Run("history", "SPY", "--db", typo);
        Assert.Equal(Commands.Cli.BadInput, r.Code);
        Assert.Contains($"no store at '{typo}' (no such file); only 'dealerflow ingest' creates a store", r.Err);
        Assert.False(File.Exists(typo));
        var folder = Run("history", "SPY", "--db", _dir);
        Assert.Contains("(that is a folder)", folder.Err);
    }

    [Fact]
    public void Ingest_OtherUnit_IsAnotherSnapshotAndHistoryFiltersByUnit()
    {
        var file = StoreTestData.Series("spy_quotedata_2025-05-01_0828.csv");
        Assert.Contains("1 stored", Run("ingest", "--db", Db, file).Out);
        Assert.Contains("1 stored", Run("ingest", "--db", Db, "--unit", "shares", file).Out);
        Assert.Contains("1 already stored", Run("ingest", "--db", Db, "--unit", "shares", file).Out);
        var r = Run("history", "SPY", "--db", Db, "--unit", "shares", "-f", "json");
        var doc = JsonNode.Parse(r.Out)!;
        Assert.Equal("shares-per-usd", (string?)doc["unit"]);
        var gex = (double)doc["rows"]![0]!["totalGex"]!;
        Assert.Equal(1586907411.0924451 / (560.36 * 560.36 * 0.01), gex, 1e-3);
    }

    [Fact]
    public void History_ExpiryFilter_SelectsSnapshotsIngestedWithThatFilter()
    {
        var file = StoreTestData.Series("spy_quotedata_2025-05-01_0828.csv");
        Assert.Contains("1 stored", Run("ingest", "--db", Db, file).Out);
        Assert.Contains("1 stored", Run("ingest", "--db", Db, "--max-dte", "7", file).Out);
        var all = JsonNode.Parse(Run("history", "SPY", "--db", Db, "-f", "json").Out)!;
        var week = JsonNode.Parse(Run("history", "SPY", "--db", Db, "-f", "json", "--expiry-filter", "DTE <= 7").Out)!;
        Assert.Equal("all expiries", (string?)all["filter"]);
        Assert.Equal("DTE <= 7", (string?)week["filter"]);
        Assert.Equal(556.4247207864407, (double)all["rows"]![0]!["zeroGamma"]!, 9); // on the ln S grid (556.4247190158258 on the old grid: within the 1e-4 root tolerance)
        Assert.Single(week["rows"]!.AsArray());
        Assert.NotEqual((double)all["rows"]![0]!["totalGex"]!, (double)week["rows"]![0]!["totalGex"]!);
    }

    [Fact]
    public void Ingest_PerfilievWithOtherModel_IsAUsageErrorEvenWhenAlreadyStored()
    {
        var file = StoreTestData.Series("spy_quotedata_2025-05-01_0828.csv");
        var first = Run("ingest", "--db", Db, "--method", "perfiliev", file);
        Assert.Contains("(perfiliev, classic, usd-per-1pct)", first.Out);
        var r = Run("ingest", "--db", Db, "--method", "perfiliev", "--model", "short-all", file);
        Assert.Equal(Commands.Cli.BadUsage, r.Code);
        Assert.Contains("--method perfiliev fixes its own conventions", r.Err);
        Assert.Contains("1 already stored", Run("ingest", "--db", Db, "--method", "perfiliev", file).Out);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
