using DealerFlow.Cli.Commands;
using DealerFlow.Core.Exposure;

namespace DealerFlow.Cli.Tests;

/// <summary>
/// The closed-choice options (<see cref="Choice{T}"/>): the error of a bad value, word for word, per option and command,
/// and the help text derived from the same table, so the shared helper cannot drift from what the CLI printed before it.
/// </summary>
public class ChoiceTests
{
    private static readonly string Spx = Path.Combine(RepoPaths.TestData, "spx_quotedata_2024-01-05.csv");

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = Cli.Commands.Cli.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    public static TheoryData<string[], string> BadValues => new()
    {
        // The shared analysis options; the table choices quote the value lowered, Core's parsers (--unit, --model) as given.
        { ["levels", "--format", "BoGus"], "--format 'bogus' is not one of table, json, csv." },
        { ["levels", "--format-in", "BoGus"], "--format-in 'bogus' is not one of cboe-csv, cboe-json, schwab, massive, yfinance, normalized." },
        { ["levels", "--method", "BoGus"], "--method 'bogus' is not one of dealerflow, perfiliev." },
        { ["levels", "--model", "BoGus"], "--model 'BoGus' is not one of classic, short-all, overlay-only." },
        { ["levels", "--model", " X "], "--model ' X ' is not one of classic, short-all, overlay-only." },
        { ["levels", "--unit", "BoGus"], "--unit 'BoGus' is not one of 1pct, point, shares." },
        { ["levels", "--forwards", "BoGus"], "--forwards 'bogus' is not one of implied, flat." },
        { ["levels", "--iv", "BoGus"], "--iv 'bogus' is not one of auto, vendor, mid." },
        { ["levels", "--iv", " Mid "], "--iv ' mid ' is not one of auto, vendor, mid." },
        { ["levels", "--quote-sync", "BoGus"], "--quote-sync 'bogus' is not one of auto, reanchor, as-quoted." },
        { ["levels", "--walls", "BoGus"], "--walls 'bogus' is not one of net, side." },
        // The hedging commands offer two outputs; their own options.
        { ["flows", Spx, "--format", "csv"], "--format 'csv' is not one of table, json." },
        { ["bands", Spx, "--tolerance", "1", "--tolerance-unit", "BoGus"], "--tolerance-unit 'bogus' is not one of usd, shares, delta." },
        { ["scenario", Spx, "--grid", "--sticky", "BoGus"], "--sticky 'bogus' is not one of strike, moneyness." },
        { ["scenario", Spx, "--grid", "--flow-unit", "BoGus"], "--flow-unit 'bogus' is not one of usd, shares." },
        // History's --method has no "default" alias: the name is the store's key.
        { ["history", "SPX", "--method", "default"], "--method 'default' is not one of dealerflow, perfiliev." },
        { ["history", "SPX", "--unit", "BoGus"], "--unit 'BoGus' is not one of 1pct, point, shares." },
        { ["history", "SPX", "--format", "BoGus"], "--format 'bogus' is not one of table, json, csv." },
        { ["scorecard", "SPX", "--format", "BoGus"], "--format 'bogus' is not one of table, json, csv." },
        { ["bench", "--format", "csv"], "--format 'csv' is not one of table, json." },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void BadValue_UsageErrorNamingTheChoices(string[] args, string message)
    {
        var (code, output, err) = Run(args);
        Assert.Equal(Cli.Commands.Cli.BadUsage, code);
        Assert.Equal("", output);
        Assert.Equal($"dealerflow: {message}{Environment.NewLine}", err);
    }

    /// <summary>Per command a choice option's help text: the words joined " or ", ", or " or ", ", with or without glosses.</summary>
    public static TheoryData<string, string> HelpTexts => new()
    {
        { "levels", "Output: table, json or csv. [default: table]" },
        { "levels", "Force the input format: cboe-csv, cboe-json, schwab, massive, yfinance, normalized (default: detected from content)." },
        { "levels", "Dealer positioning: classic (long calls, short puts), short-all, or overlay-only (only --positions). [default: classic]" },
        { "levels", "GEX unit: 1pct ($ per 1% move), point ($ per 1-point move), shares (shares per $1). [default: 1pct]" },
        { "levels", "net (calls and puts netted per strike) or side (each side alone). [default: net]" },
        { "history", "Which stored GEX unit: 1pct, point or shares. [default: 1pct]" },
        { "history", "Which stored method: dealerflow or perfiliev. [default: dealerflow]" },
        { "bands", "usd ($ of delta notional), shares, or delta (delta per contract held, e.g. 0.05). [default: usd]" },
        { "bench", "Output: table or json. [default: table]" },
    };

    [Theory]
    [MemberData(nameof(HelpTexts))]
    public void Help_ListsTheChoicesAsBefore(string command, string description)
    {
        var (code, output, _) = Run(command, "--help");
        Assert.Equal(0, code);
        Assert.Contains($" {description}{Environment.NewLine}", output);
    }

    [Fact]
    public void CoreParsedChoices_ListedWordsAreWhatCoreParses()
    {
        foreach (var w in AnalysisOptions.UnitChoice.Words) Assert.Equal(w.Value, AnalysisOptions.UnitChoice.Parse(w.Name));
        foreach (var w in AnalysisOptions.ModelChoice.Words) Assert.Equal(w.Value, AnalysisOptions.ModelChoice.Parse(w.Name));
        // Core trims and ignores case; the table choices lower the case only.
        Assert.Equal(GexUnit.DollarsPerPoint, AnalysisOptions.UnitChoice.Parse(" PT "));
        var walls = new Choice<int>("--x", new("net", 1), new("side", 2, "each side alone", "side-only"));
        Assert.Equal(2, walls.Parse("Side-Only"));
        Assert.Equal("--x ' net ' is not one of net, side.", Assert.Throws<UsageException>(() => walls.Parse(" NET ")).Message);
        Assert.Equal("net, or side (each side alone)", walls.List(", or "));
    }
}
