using DealerFlow.Core.Chain;
using DealerFlow.Core.Exposure;
using DealerFlow.Core.Levels;
using DealerFlow.Data.Readers;
using DealerFlow.Data.Store;

namespace DealerFlow.Data.Tests.Store;

/// <summary>The shared building of what is stored: the live server's content hash and the settings key ingest and serve share.</summary>
public sealed class SnapshotsTests
{
    private static ChainSnapshot Chain(double bid = 1.25, DateTimeOffset? at = null, int line = 2)
    {
        var b = new ChainBuilder();
        b.Add(new OptionQuote("SPY", new DateOnly(2025, 5, 2), OptionType.Call, 560, bid, 1.35, 1.3, 10, 1000, 0.2, double.NaN, double.NaN, line));
        b.Add(new OptionQuote("SPY", new DateOnly(2025, 5, 2), OptionType.Put, 560, 1.10, 1.20, 1.15, 12, 900, 0.21, double.NaN, double.NaN, line + 1));
        return b.Build("SPY", 560.36, at ?? new DateTimeOffset(2025, 5, 1, 8, 28, 0, TimeSpan.FromHours(-4)), "cboe-csv");
    }

    [Fact]
    public void ContentHash_SameChainReadTwice_IsEqual()
    {
        var file = StoreTestData.Series("spy_quotedata_2025-05-01_0828.csv");
        var a = ChainReader.Read(file).Snapshot;
        var b = ChainReader.Read(file).Snapshot;
        Assert.Equal(Snapshots.ContentHash(a), Snapshots.ContentHash(b));
        Assert.Matches("^[0-9a-f]{64}$", Snapshots.ContentHash(a));
    }

    [Fact]
    public void ContentHash_SameContractsOnOtherLines_IsEqual() =>
        Assert.Equal(Snapshots.ContentHash(Chain(line: 2)), Snapshots.ContentHash(Chain(line: 40)));

    [Fact]
    public void ContentHash_OneQuoteOrTheInstantChanged_Differs()
    {
        var h = Snapshots.ContentHash(Chain());
        Assert.NotEqual(h, Snapshots.ContentHash(Chain(bid: 1.26)));
        Assert.NotEqual(h, Snapshots.ContentHash(Chain(at: new DateTimeOffset(2025, 5, 1, 8, 29, 0, TimeSpan.FromHours(-4)))));
        Assert.NotEqual(h, Snapshots.ContentHash(Chain().WithSpot(561, Chain().Instant)));
    }

    [Fact]
    public void SettingsKey_Defaults_IsWhatIngestWritesWithoutOptions() =>
        Assert.Equal("unit=usd-per-1pct;filter=all expiries;forwards=implied;iv=auto;r=0;q=0;walls=net;range=0.2;grid=401;top=5",
            Snapshots.SettingsKey(EngineSettings.Default, LevelsSettings.Default, new ReadOptions()));
}
