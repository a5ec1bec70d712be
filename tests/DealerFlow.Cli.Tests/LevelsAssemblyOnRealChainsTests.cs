using System.Text.Json;
using DealerFlow.Core.Calendar;
using DealerFlow.Core.Chain;
using DealerFlow.Core.Exposure;
using DealerFlow.Core.Levels;
using DealerFlow.Data.Readers;

namespace DealerFlow.Cli.Tests;

/// <summary>Issue 9 item 3 on the real chains: the implied move's expiry, one-sided files.</summary>
public sealed class LevelsAssemblyOnRealChainsTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = Cli.Commands.Cli.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    public static TheoryData<string> Chains() => new(RepoPaths.AllChains().Select(f => Path.GetRelativePath(RepoPaths.TestData, f)).ToArray());

    [Theory]
    [MemberData(nameof(Chains))]
    public void ImpliedMove_RealChain_FirstPmExpiryCoveringAFullSession(string name)
    {
        var priced = ChainPricer.Price(ChainReader.Read(RepoPaths.Data(name)).Snapshot, EngineSettings.Default);
        var l = LevelsCalculator.Analyze(priced, LevelsSettings.Default).Levels;
        var session = ImpliedMove.FirstFullSession(priced.Instant);
        Assert.True(TradingCalendar.IsSession(session));
        Assert.NotNull(l.ImpliedMoveExpiry);
        var used = priced.Expiries.First(x => x.Date == l.ImpliedMoveExpiry && x.Settlement == SettlementStyle.PM);
        Assert.True(used.Date >= session, $"{used.Date} settles before the close of the first full session {session}");
        // Every PM expiry before it settles before that session's close.
        Assert.All(priced.Expiries.TakeWhile(x => x != used).Where(x => x.Settlement == SettlementStyle.PM), x => Assert.True(x.Date < session));
        Assert.Equal(l.AtmIv!.Value * l.Spot / Math.Sqrt(252), l.ImpliedMove!.Value, 1e-9);
    }

    // Pre-open downloads: today's expiry covers today's whole session. The old rule (first expiry a calendar day out)
    // took the next day's: 2025-05-02 and 2025-09-04.
    [Theory]
    [InlineData("series_spy/spy_quotedata_2025-05-01_0828.csv", 2025, 5, 1)]
    [InlineData("series_spy/spy_quotedata_2025-09-03_0924.csv", 2025, 9, 3)]
    [InlineData("spx_quotedata_2024-01-05.csv", 2024, 1, 8)] // a Sunday file: Monday's expiry
    [InlineData("spx_quotedata_2022-07-12_intraday.csv", 2022, 7, 13)] // during Tuesday's session: Wednesday's
    public void ImpliedMove_RealChain_NamesTheExpiry(string name, int y, int m, int d)
    {
        var (code, output, _) = Run("levels", RepoPaths.Data(name), "--format", "json");
        Assert.Equal(0, code);
        var json = JsonDocument.Parse(output).RootElement;
        var levels = json.GetProperty("reports")[0];
        Assert.Equal(new DateOnly(y, m, d).ToString("yyyy-MM-dd"), levels.GetProperty("impliedMoveExpiry").GetString());
        var (_, table, _) = Run("levels", RepoPaths.Data(name));
        Assert.Contains($"({new DateOnly(y, m, d):yyyy-MM-dd}, the first PM", table, StringComparison.Ordinal); // the table wraps the rest
    }

    /// <summary>The real SPX sample with every call's open interest set to 0: only its puts carry exposure.</summary>
    private static string PutsOnly()
    {
        var lines = File.ReadAllLines(RepoPaths.Data("spx_quotedata_2024-01-05.csv"));
        var header = Array.FindIndex(lines, l => l.StartsWith("Expiration Date", StringComparison.Ordinal));
        for (var i = header + 1; i < lines.Length; i++)
        {
            var f = lines[i].Split(',');
            if (f.Length < 22) continue;
            f[10] = "0";
            lines[i] = string.Join(',', f);
        }
        var path = Path.Combine(Path.GetTempPath(), $"df-{Guid.NewGuid():N}-spx_puts_only.csv");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void Levels_PutsOnlyFile_WarnsAndHasNoCallWallOrTilt()
    {
        var path = PutsOnly();
        try
        {
            var (code, table, _) = Run("levels", path);
            Assert.Equal(0, code);
            Assert.Contains("warning: puts only: no call contract among the", table, StringComparison.Ordinal);
            var (_, output, _) = Run("levels", path, "--format", "json");
            var json = JsonDocument.Parse(output).RootElement;
            var l = json.GetProperty("reports")[0];
            Assert.Equal(0, l.GetProperty("data").GetProperty("callsUsed").GetInt32());
            Assert.True(l.GetProperty("data").GetProperty("putsUsed").GetInt32() > 1000);
            Assert.Equal("puts only", l.GetProperty("data").GetProperty("oneSided").GetString());
            Assert.Equal(JsonValueKind.Null, l.GetProperty("gammaTilt").ValueKind); // was 0.000
            Assert.Equal(JsonValueKind.Null, l.GetProperty("callWall").ValueKind);
            Assert.Equal("short gamma", l.GetProperty("regime").GetString()); // dealers short every put (classic)
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Levels_BothSides_NoOneSidedWarning()
    {
        var (_, table, _) = Run("levels", RepoPaths.Data("spx_quotedata_2024-01-05.csv"));
        Assert.DoesNotContain("puts only", table, StringComparison.Ordinal);
        Assert.DoesNotContain("calls only", table, StringComparison.Ordinal);
    }
}
