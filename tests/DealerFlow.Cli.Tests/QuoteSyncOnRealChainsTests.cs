using DealerFlow.Core.Exposure;
using DealerFlow.Core.Levels;
using DealerFlow.Core.Pricing;
using DealerFlow.Data.Positions;
using DealerFlow.Data.Readers;

namespace DealerFlow.Cli.Tests;

/// <summary>Quote synchronisation (issue 9, item 1) on every real chain in tests/data.</summary>
public class QuoteSyncOnRealChainsTests
{
    private static LevelsReport Levels(string file, EngineSettings engine, double? spot = null)
    {
        var chain = ChainReader.Read(RepoPaths.Data(file), new ReadOptions { Spot = spot }).Snapshot;
        return LevelsCalculator.Analyze(ChainPricer.Price(chain, engine), LevelsSettings.Default).Levels;
    }

    private static readonly EngineSettings AsQuoted = EngineSettings.Default with { QuoteSync = QuoteSyncMode.AsQuoted };

    // Basis of the three shortest parity forwards against the file's spot, measured 2026-12-02 (docs/methods.md).
    [Theory]
    [InlineData("spx_quotedata_2022-07-12_intraday.csv", 1.3, BasisExplanation.Carry, QuoteSyncAction.AsQuoted)]
    [InlineData("spx_quotedata_2024-01-05.csv", 4.9, BasisExplanation.Carry, QuoteSyncAction.AsQuoted)]
    [InlineData("spy_quotedata_2025-09-25.csv", 9.5, BasisExplanation.Carry, QuoteSyncAction.AsQuoted)]
    [InlineData("ndx_quotedata_2022-02-04.csv", -16.0, BasisExplanation.None, QuoteSyncAction.Reanchored)]
    [InlineData("spy_yfinance_2026-02-10.csv", 33.7, BasisExplanation.None, QuoteSyncAction.Reanchored)]
    [InlineData("spy_chain_2020-01-29_tdameritrade.json", 11.2, BasisExplanation.None, QuoteSyncAction.Reanchored)]
    [InlineData("series_spy/spy_quotedata_2025-04-30_2035.csv", 37.9, BasisExplanation.None, QuoteSyncAction.Reanchored)]
    [InlineData("series_spy/spy_quotedata_2025-05-01_0828.csv", -66.4, BasisExplanation.None, QuoteSyncAction.Reanchored)]
    [InlineData("series_spy/spy_quotedata_2025-05-01_1649.csv", -10.7, BasisExplanation.None, QuoteSyncAction.Reanchored)]
    [InlineData("series_spy/spy_quotedata_2025-05-02_1847.csv", 1.6, BasisExplanation.Carry, QuoteSyncAction.AsQuoted)]
    [InlineData("series_spy/spy_quotedata_2025-05-06_1814.csv", 26.7, BasisExplanation.None, QuoteSyncAction.Reanchored)]
    [InlineData("series_spy/spy_quotedata_2025-09-03_0924.csv", -13.9, BasisExplanation.None, QuoteSyncAction.Reanchored)]
    [InlineData("series_spy/spy_quotedata_2025-09-04_0518.csv", -10.3, BasisExplanation.None, QuoteSyncAction.Reanchored)]
    public void Auto_RealChain_BasisAndAction(string file, double basisBp, BasisExplanation why, QuoteSyncAction action)
    {
        var q = Levels(file, EngineSettings.Default).QuoteSync;
        Assert.NotNull(q);
        Assert.Equal(basisBp, q.BasisBp, 0.05);
        Assert.Equal(why, q.ExplainedBy);
        Assert.Equal(action, q.Action);
        Assert.InRange(q.ExpiriesUsed.Count, 1, QuoteSync.ShortestExpiries);
    }

    [Fact]
    public void Auto_StaleSpy20250501_FlipNoLongerShiftedByBasis()
    {
        // -66.4 bp basis (pre-open download: spot moved, quotes from the prior close). As quoted, the
        // basis becomes carry and the whole profile is shifted by spot/implied spot; re-anchored, it is not.
        const string file = "series_spy/spy_quotedata_2025-05-01_0828.csv";
        var quoted = Levels(file, AsQuoted);
        var synced = Levels(file, EngineSettings.Default);
        var q = synced.QuoteSync!;
        Assert.Equal(560.14, quoted.ZeroGamma!.Value, 0.01);
        Assert.Equal(556.42, synced.ZeroGamma!.Value, 0.01);
        Assert.Equal(quoted.ZeroGamma!.Value * q.ImpliedSpot / q.FileSpot, synced.ZeroGamma!.Value, 0.15);
    }

    [Theory]
    [InlineData(0.995)]
    [InlineData(1.005)]
    [InlineData(1.01)]
    public void Reanchor_FileSpotMovedAwayFromQuotes_FlipUnchanged(double move)
    {
        // The regular-hours SPX snapshot (basis 1.3 bp) with its spot moved as a stale download would have it:
        // re-anchored, the flip is where the quotes put it; as quoted, it moves with the spot.
        const string file = "spx_quotedata_2022-07-12_intraday.csv";
        var reference = Levels(file, EngineSettings.Default with { QuoteSync = QuoteSyncMode.Reanchor }).ZeroGamma!.Value;
        var chain = ChainReader.Read(RepoPaths.Data(file)).Snapshot;
        var moved = Levels(file, EngineSettings.Default, chain.Spot * move);
        Assert.Equal(QuoteSyncAction.Reanchored, moved.QuoteSync!.Action);
        // Within 0.15: expiries without a parity forward have no quotes to re-anchor by and stay at the file's spot.
        Assert.Equal(reference, moved.ZeroGamma!.Value, 0.15);
        var quoted = Levels(file, AsQuoted, chain.Spot * move).ZeroGamma!.Value;
        Assert.True(Math.Abs(quoted - reference) > 0.5 * Math.Abs(move - 1) * reference, $"as quoted {quoted} vs {reference}");
    }

    [Fact]
    public void DividendEve_ScheduledDividend_KeptAsCarry()
    {
        // Built from the synced SPY file of Friday 2025-05-02 18:47 (basis +1.6 bp): the file's spot is raised by
        // D = 0.35 % of spot (a SPY quarterly dividend) with every quote unchanged, which is exactly the parity
        // relation F = S - D of a dividend going ex on Monday 2025-05-05, before every expiry.
        const string file = "series_spy/spy_quotedata_2025-05-02_1847.csv";
        var spot = ChainReader.Read(RepoPaths.Data(file)).Snapshot.Spot;
        var d = Math.Round(spot * 0.0035, 2);
        var withoutSchedule = Levels(file, EngineSettings.Default, spot + d).QuoteSync!;
        Assert.Equal(BasisExplanation.None, withoutSchedule.ExplainedBy);
        Assert.Equal(QuoteSyncAction.Reanchored, withoutSchedule.Action);

        var schedule = new DividendSchedule([new Dividend("SPY", new DateOnly(2025, 5, 5), d)]);
        var engine = EngineSettings.Default with { Dividends = schedule };
        var kept = Levels(file, engine, spot + d);
        var q = kept.QuoteSync!;
        Assert.Equal(BasisExplanation.Dividend, q.ExplainedBy);
        Assert.Equal(QuoteSyncAction.AsQuoted, q.Action);
        Assert.Equal(-33.3, q.BasisBp, 0.3);
        Assert.InRange(q.BasisAfterDividendsBp, -10, 10);
        // The dividend stays in the forwards: the shortest expiry's carry is about -D/S over 3 days, not 0.
        var chain = ChainPricer.Price(ChainReader.Read(RepoPaths.Data(file), new ReadOptions { Spot = spot + d }).Snapshot, engine);
        Assert.Equal(chain.Expiries[0].QuotedForward, chain.Expiries[0].Forward);
        Assert.True(chain.Expiries[0].Carry < -0.3, $"carry {chain.Expiries[0].Carry}");
    }

    [Fact]
    public void DividendScheduleReader_BadRow_NamesLineAndField()
    {
        var path = Path.Combine(Path.GetTempPath(), $"dividends-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "symbol,ex-date,amount\nSPY,2025-06-20,1.76\nSPY,20/06/2025,1.76\nSPY,2025-09-22,-1\n");
        try
        {
            var e = Assert.Throws<ChainReadException>(() => DividendScheduleReader.Read(path));
            Assert.Contains("line 3, field ex-date", e.Message, StringComparison.Ordinal);
            Assert.Contains("line 4, field amount", e.Message, StringComparison.Ordinal);
        }
        finally { File.Delete(path); }
    }
}
