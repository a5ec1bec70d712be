using System.Text.Json;
using DealerFlow.Cli.Commands;

namespace DealerFlow.Cli.Tests;

public class CliTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = Cli.Commands.Cli.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    /// <summary>
    /// inputs computes no levels: before, it accepted --unit, --walls, --range, --profile-grid and --top and ignored them,
    /// so `inputs --unit BoGus` exited 0. Now they are not its options, and an option a command does not have is named
    /// (System.CommandLine took "--unit" as the FILE and reported the word after it).
    /// </summary>
    [Theory]
    [InlineData(new[] { "inputs", "--unit", "shares" }, "dealerflow: '--unit' is not an option of inputs. Run 'dealerflow --help' for usage.")]
    [InlineData(new[] { "inputs", "--walls", "BoGus" }, "dealerflow: '--walls' is not an option of inputs. Run 'dealerflow --help' for usage.")]
    [InlineData(new[] { "inputs", "--top", "3" }, "dealerflow: '--top' is not an option of inputs. Run 'dealerflow --help' for usage.")]
    [InlineData(new[] { "profile", "--no-such", "x" }, "dealerflow: '--no-such' is not an option of profile. Run 'dealerflow --help' for usage.")]
    [InlineData(new[] { "inputs", "--no-such" }, "dealerflow: '--no-such' is not an option of this command (and no such file exists); run with --help for the options.")]
    [InlineData(new[] { "levels", "--no-such" }, "dealerflow: '--no-such' is not an option of this command (and no such file exists); run with --help for the options.")]
    public void AnOptionTheCommandDoesNotHave_IsNamedWithExitCode2(string[] args, string expected)
    {
        var (code, output, err) = Run(args);
        Assert.Equal(Cli.Commands.Cli.BadUsage, code);
        Assert.Equal("", output);
        Assert.Equal(expected, err.Trim());
    }

    [Fact]
    public void Inputs_Help_ListsNoLevelsOption()
    {
        var (code, output, _) = Run("inputs", "--help");
        Assert.Equal(0, code);
        foreach (var o in new[] { "--unit", "--walls", "--range", "--profile-grid", "--top" }) Assert.DoesNotContain(o, output);
        foreach (var o in new[] { "--model", "--iv", "--forwards", "--format" }) Assert.Contains(o, output);
    }

    [Fact]
    public void Inputs_Json_EveryDocumentedFieldAndOneRowPerPricedContract()
    {
        var (code, output, err) = Run("inputs", "-f", "json");
        Assert.Equal(0, code);
        Assert.Equal("", err);
        var doc = JsonDocument.Parse(output).RootElement;
        Assert.Equal("dealerflow.inputs/1", doc.GetProperty("schema").GetString());
        var expiries = doc.GetProperty("expiries");
        Assert.Equal(58, expiries.GetArrayLength());
        foreach (var name in new[] { "expiry", "settlement", "years", "forward", "forwardSource", "carry", "atmIv", "contracts" })
            Assert.True(expiries[0].TryGetProperty(name, out _), name);
        Assert.Equal("2024-01-08T16:00:00-05:00", expiries[0].GetProperty("settlement").GetString());
        Assert.Equal(0.1015, expiries[0].GetProperty("atmIv").GetDouble(), 0.0001); // the levels' ATM IV of 2024-01-08
        var contracts = doc.GetProperty("contracts");
        Assert.Equal(15366, contracts.GetArrayLength()); // the levels' contractsUsed
        foreach (var name in new[] { "symbol", "type", "strike", "expiry", "iv", "ivSource", "delta", "gamma", "openInterest", "position" })
            Assert.True(contracts[0].TryGetProperty(name, out _), name);
        Assert.Equal("carry", doc.GetProperty("quoteSync").GetProperty("explainedBy").GetString());
        var sources = doc.GetProperty("ivSources");
        Assert.Equal(14280, sources.GetProperty("otmMid").GetInt32());
        Assert.Equal(431, sources.GetProperty("interpolated").GetInt32());
        // Classic model: a put's position is minus its open interest.
        var put = contracts.EnumerateArray().First(c => c.GetProperty("type").GetString() == "put");
        Assert.Equal(-put.GetProperty("openInterest").GetDouble(), put.GetProperty("position").GetDouble());
    }

    [Fact]
    public void Levels_StaleFile_OneWarningLineNamingTheBasis()
    {
        var (code, output, _) = Run("levels", RepoPaths.Data("series_spy/spy_quotedata_2025-05-01_0828.csv"));
        Assert.Equal(0, code);
        Assert.Single(output.Split('\n'), l => l.StartsWith("warning: spot and option quotes disagree by -66.4 bp", StringComparison.Ordinal));
        var synced = Run("levels", RepoPaths.Data("spx_quotedata_2024-01-05.csv")).Out;
        Assert.DoesNotContain("warning: spot and option quotes", synced, StringComparison.Ordinal);
    }

    [Fact]
    public void TopLevelHelp_ShowsOptionalArgumentsInBrackets()
    {
        var (code, output, _) = Run("--help");
        Assert.Equal(Commands.Cli.Ok, code);
        Assert.Contains("  levels [FILE...]  ", output);
        Assert.Contains("  profile [FILE]  ", output);
        Assert.Contains("  history SYMBOL  ", output);
        Assert.DoesNotContain("<FILE>", output);
    }

    [Fact]
    public void Levels_Folder_ReadsEveryChainInItInNameOrder()
    {
        var folder = RepoPaths.Data("series_spy");
        var (code, output, err) = Run("levels", folder, "--format", "csv");
        Assert.True(code == Commands.Cli.Ok, err);
        var rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..];
        var expected = Directory.GetFiles(folder, "*.csv").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(7, rows.Length);
        Assert.Equal(expected, rows.Select(r => r.Split(',')[0]).ToArray());
        // The same numbers as the file alone.
        var one = Run("levels", Path.Combine(folder, expected[0]!), "--format", "csv").Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1];
        Assert.Equal(one, rows[0]);
    }

    [Fact]
    public void Levels_OldExpiryAndGridNames_StillWorkWithADeprecationNote()
    {
        var spx = RepoPaths.Data("spx_quotedata_2024-01-05.csv");
        var now = Run("levels", spx, "--expiry-from", "2024-01-10", "--expiry-to", "2024-01-19", "--profile-grid", "101", "--format", "csv");
        Assert.True(now.Code == Commands.Cli.Ok, now.Err);
        Assert.Equal("", now.Err);
        var old = Run("levels", spx, "--from", "2024-01-10", "--to", "2024-01-19", "--grid", "101", "--format", "csv");
        Assert.Equal(Commands.Cli.Ok, old.Code);
        Assert.Equal(now.Out, old.Out);
        Assert.Equal(
            "dealerflow: note: --from is deprecated here; use --expiry-from.\ndealerflow: note: --to is deprecated here; use --expiry-to.\ndealerflow: note: --grid is deprecated here; use --profile-grid.",
            old.Err.Trim().ReplaceLineEndings("\n"));
        // The window changes the answer (the test would pass vacuously if the options were ignored).
        Assert.NotEqual(Run("levels", spx, "--format", "csv").Out, now.Out);
        var both = Run("levels", spx, "--to", "2024-01-19", "--expiry-to", "2024-01-19");
        Assert.Equal(Commands.Cli.BadUsage, both.Code);
        Assert.Contains("--expiry-to and its old name --to were both given; keep --expiry-to.", both.Err);
        // The help names only the new options.
        var help = Run("levels", "--help").Out;
        Assert.Contains("--expiry-to", help);
        Assert.Contains("--profile-grid", help);
        Assert.DoesNotContain("--to ", help);
        Assert.DoesNotContain("--grid ", help);
    }

    [Fact]
    public void Levels_FolderWithNoChain_SaysItIsAFolder()
    {
        var empty = Directory.CreateTempSubdirectory("dealerflow-empty-").FullName;
        try
        {
            var (code, _, err) = Run("levels", empty);
            Assert.Equal(Commands.Cli.BadInput, code);
            Assert.Equal($"dealerflow: '{empty}' is a folder with no chain file in it (.csv, .json, .gz).", err.Trim());
        }
        finally
        {
            Directory.Delete(empty);
        }
    }

    [Theory]
    [InlineData("levels --spot abc", "--spot 'abc' is not a number.")]
    [InlineData("flows x --top x", "--top 'x' is not a whole number.")]
    [InlineData("bands x --tolerance x", "--tolerance 'x' is not a number.")]
    [InlineData("scenario x --flow 5bn", "--flow '5bn' is not a number (write it in full or with an exponent: 5e9 for 5 bn, 2.5e6 for 2.5 mn).")]
    [InlineData("levles", "unknown command 'levles'; did you mean 'levels'?")]
    [InlineData("histroy SPY", "unknown command 'histroy'; did you mean 'history'?")]
    [InlineData("flows", "flows needs FILE: One option chain file.")]
    [InlineData("history", "history needs SYMBOL: Underlying, e.g. SPX or SPY.")]
    public void BadOptionValueOrCommand_SaysItInTradersTermsWithoutTypeNames(string commandLine, string expected)
    {
        var (code, _, err) = Run(commandLine.Split(' '));
        Assert.Equal(Commands.Cli.BadUsage, code);
        Assert.Contains(expected, err);
        Assert.DoesNotContain("System.", err);
        Assert.DoesNotContain("expected type", err);
    }

    [Theory]
    [InlineData("ingest --db a.db --db", "--db is given 2 times; give it once.")]
    [InlineData("levels --format json --format", "--format is given 2 times; give it once.")]
    [InlineData("levels --spot 4700 --spot", "--spot is given 2 times; give it once.")]
    [InlineData("bench --no-peer --no-peer", "--no-peer is given 2 times; give it once.")]
    public void SingleValueOptionRepeated_IsAnErrorNotTheEarlierValue(string commandLine, string expected)
    {
        // System.CommandLine takes "--db a.db --db" (a repeat cut off before its value) as "--db a.db" and runs on it.
        var (code, output, err) = Run(commandLine.Split(' '));
        Assert.Equal(Commands.Cli.BadUsage, code);
        Assert.Equal($"dealerflow: {expected} Run 'dealerflow --help' for usage.", err.Trim());
        Assert.Equal("", output);
    }

    [Fact]
    public void RepeatableOption_GivenTwice_StillTakesBothValues()
    {
        var (code, output, err) = Run("flows", RepoPaths.Data("spx_quotedata_2024-01-05.csv"), "--to", "+1%", "--to", "put-wall", "--format", "json");
        Assert.True(code == Commands.Cli.Ok, err);
        Assert.Equal(2, System.Text.Json.JsonDocument.Parse(output).RootElement.GetProperty("flows").GetArrayLength());
    }

    [Fact]
    public void Levels_NoFile_RunsOnBundledSample()
    {
        var (code, output, err) = Run("levels");
        Assert.Equal(0, code);
        Assert.Equal("", err);
        Assert.Contains("SPX", output);
        Assert.Contains("$ per 1% move", output);
        Assert.Contains("positioning classic", output);
        Assert.Contains("Zero gamma (flip)", output);
        Assert.Contains("4,717.83", output); // --iv auto (one IV per strike) since issue 9; 4,717.46 with --iv vendor
    }

    [Fact]
    public void Levels_Json_HasDocumentedSchema()
    {
        var (code, output, _) = Run("levels", RepoPaths.Data("spx_quotedata_2024-01-05.csv"), "--format", "json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(LevelsCommand.Schema, doc.RootElement.GetProperty("schema").GetString());
        var r = doc.RootElement.GetProperty("reports")[0];
        Assert.Equal("SPX", r.GetProperty("underlying").GetString());
        Assert.Equal("usd-per-1pct", r.GetProperty("totalGex").GetProperty("unit").GetString());
        Assert.InRange(r.GetProperty("totalGex").GetProperty("value").GetDouble(), -12e9, -10e9);
        Assert.Equal(4900, r.GetProperty("callWall").GetDouble());
        Assert.Equal(4500, r.GetProperty("putWall").GetDouble());
        Assert.InRange(r.GetProperty("zeroGamma").GetDouble(), 4710, 4725);
        Assert.Equal("classic", r.GetProperty("positioning").GetString());
        Assert.Equal("2024-01-07T10:52:00-05:00", r.GetProperty("asOf").GetString());
        Assert.Equal(21038, r.GetProperty("input").GetProperty("contractsRead").GetInt32());
        Assert.Equal("cboe-csv", r.GetProperty("input").GetProperty("format").GetString());
    }

    [Fact]
    public void Levels_PerfilievCsv_ReproducesPublishedFigures()
    {
        var (code, output, _) = Run("levels", RepoPaths.Data("spx_quotedata_2024-01-05.csv"), "--method", "perfiliev", "--format", "csv");
        Assert.Equal(0, code);
        var lines = output.Trim().Split('\n');
        Assert.Equal(2, lines.Length);
        var header = lines[0].Split(',');
        var row = lines[1].Split(',');
        var total = double.Parse(row[Array.IndexOf(header, "totalGex")], System.Globalization.CultureInfo.InvariantCulture);
        var flip = double.Parse(row[Array.IndexOf(header, "zeroGamma")], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("-11.00", (total / 1e9).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(4734, Math.Round(flip));
    }

    [Fact]
    public void Levels_SeveralFiles_OneCsvRowEach()
    {
        var (code, output, _) = Run("levels", RepoPaths.Data("spy_quotedata_2025-09-25.csv"), RepoPaths.Data("spy_chain_2020-01-29_tdameritrade.json"), "--format", "csv", "--unit", "shares");
        Assert.Equal(0, code);
        var lines = output.Trim().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.Contains("shares-per-usd", l));
    }

    [Fact]
    public void Profile_Json_HasProfileStrikesAndExpiries()
    {
        var (code, output, _) = Run("profile", RepoPaths.Data("spy_quotedata_2025-09-25.csv"), "--format", "json", "--profile-grid", "41");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal(41, root.GetProperty("profile").GetArrayLength());
        Assert.True(root.GetProperty("byStrike").GetArrayLength() > 50);
        Assert.True(root.GetProperty("byExpiry").GetArrayLength() >= 4);
        Assert.Equal("usd-per-1pct", root.GetProperty("unit").GetString());
    }

    [Theory]
    [InlineData("levels", "--unit", "furlongs")]
    [InlineData("levels", "--model", "dealers-love-calls")]
    [InlineData("levels", "--format", "xml")]
    [InlineData("levels", "--range", "1.5")]
    [InlineData("levels", "--as-of", "yesterday")]
    [InlineData("levels", "--bogus-option")]
    [InlineData("nonsense")]
    [InlineData("levels", "--model", "overlay-only")]
    [InlineData("levels", "--as-of", "2024-01-05T16:00:00")]
    [InlineData("levels", "--cboe-json-zone", "+5")]
    [InlineData("levels", "--forwards", "flat", "--dividend-yield", "NaN")]
    [InlineData("levels", "--map", "open_interest=OI")]
    [InlineData("serve", "--urls", "garbage")]
    public void BadUsage_ExitCode2_OneLineOnStderr(params string[] args)
    {
        var (code, output, err) = Run(args);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("dealerflow: ", err);
        Assert.DoesNotContain("   at ", err);
    }

    [Theory]
    [InlineData("dealerflow: --rate 2 must be a fraction per year between -1 and 1 (0.05 = 5%).", "--rate", "2")]
    [InlineData("dealerflow: --dividend-yield -1.5 must be a fraction per year between -1 and 1 (0.015 = 1.5%).", "--dividend-yield", "-1.5")]
    [InlineData("dealerflow: --max-dte -1 must be 0 or more.", "--max-dte", "-1")]
    [InlineData("dealerflow: --rate 2 must be a fraction per year between -1 and 1 (0.05 = 5%).", "--max-dte", "-1", "--rate", "2")]
    [InlineData("dealerflow: --dividend-yield NaN must be a fraction per year between -1 and 1 (0.015 = 1.5%).", "--expiry-from", "x", "--dividend-yield", "NaN")]
    public void BadEngineSetting_NamesTheFirstBadOption(string message, params string[] args)
    {
        var (code, output, err) = Run(["levels", .. args]);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Equal(message, err.TrimEnd());
    }

    [Fact]
    public void BadInput_NotAChain_ExitCode3_NamesFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"df-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "hello,world\n1,2\n");
        try
        {
            var (code, _, err) = Run("levels", path);
            Assert.Equal(3, code);
            Assert.Contains(Path.GetFileName(path), err);
            Assert.DoesNotContain("   at ", err);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void BadInput_MissingFile_ExitCode3()
    {
        var (code, _, err) = Run("levels", "/no/such/chain.csv");
        Assert.Equal(3, code);
        Assert.Contains("does not exist", err);
    }

    [Fact]
    public void Perfiliev_OnFileWithoutVendorGamma_ExitCode3_Explains()
    {
        var (code, _, err) = Run("levels", RepoPaths.Data("spy_yfinance_2026-02-10.csv"), "--method", "perfiliev");
        Assert.Equal(3, code);
        Assert.Contains("Gamma column", err);
    }

    [Fact]
    public void PositionsOverlay_AddsSignedPositions()
    {
        var overlay = Path.Combine(Path.GetTempPath(), $"df-{Guid.NewGuid():N}.csv");
        File.WriteAllText(overlay, "symbol,contracts\nSPY251017C00660000,-50000\n");
        try
        {
            var baseRun = Run("levels", RepoPaths.Data("spy_quotedata_2025-09-25.csv"), "--format", "json");
            var withRun = Run("levels", RepoPaths.Data("spy_quotedata_2025-09-25.csv"), "--format", "json", "--positions", overlay);
            Assert.Equal(0, withRun.Code);
            double Total(string json) => JsonDocument.Parse(json).RootElement.GetProperty("reports")[0].GetProperty("totalGex").GetProperty("value").GetDouble();
            string Model(string json) => JsonDocument.Parse(json).RootElement.GetProperty("reports")[0].GetProperty("positioning").GetString()!;
            // 50,000 short calls at the money: gamma ~0.03 per $1 x 5e6 shares x S^2/100 ~ 6.5e8 $ per 1% lower.
            var change = Total(withRun.Out) - Total(baseRun.Out);
            Assert.InRange(change, -2e9, -2e8);
            Assert.StartsWith("classic+overlay(", Model(withRun.Out));
        }
        finally { File.Delete(overlay); }
    }

    [Fact]
    public void PositionsOverlay_BadRow_ExitCode3_WithLine()
    {
        var overlay = Path.Combine(Path.GetTempPath(), $"df-{Guid.NewGuid():N}.csv");
        File.WriteAllText(overlay, "symbol,contracts\nSPY251017C00660000,-50\nNOTASYMBOL,3\n");
        try
        {
            var (code, _, err) = Run("levels", RepoPaths.Data("spy_quotedata_2025-09-25.csv"), "--positions", overlay);
            Assert.Equal(3, code);
            Assert.Contains("line 3", err);
        }
        finally { File.Delete(overlay); }
    }
}
