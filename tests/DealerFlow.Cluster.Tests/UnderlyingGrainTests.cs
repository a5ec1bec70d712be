using DealerFlow.Cluster.Chains;
using DealerFlow.Cluster.Grains;
using DealerFlow.Core.Exposure;
using DealerFlow.Core.Levels;
using DealerFlow.Data.Store;
using DealerFlow.Data.Tests.Store;

namespace DealerFlow.Cluster.Tests;

/// <summary>The grain logic on an in-process 2-silo cluster, with real SPY chains from tests/data.</summary>
[Collection(ClusterCollection.Name)]
public sealed class UnderlyingGrainTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static string SpyFile => StoreTestData.Series("spy_quotedata_2025-05-01_1649.csv");

    [Fact]
    public async Task Offer_RealChain_SameLevelsAsSingleProcessCalculation()
    {
        var chain = ClusterFixture.Renamed(ClusterFixture.Read(SpyFile), "LVLA");
        // The single-process path: the store writer's Core calls and settings (SnapshotWriter, LiveSnapshots).
        var expected = LevelsCalculator.Analyze(ChainPricer.Price(chain, LiveSnapshots.Engine), LiveSnapshots.Levels).Levels;

        var result = await fixture.Grain("LVLA").Offer(chain, "test");

        Assert.True(result.Accepted, result.Error);
        var got = result.Levels!;
        Assert.Equal(expected.Spot, got.Spot);
        Assert.Equal(expected.TotalGex.Value, got.TotalGex, 1e-12 * Math.Abs(expected.TotalGex.Value));
        Assert.Equal("usd-per-1pct", got.Unit);
        Assert.Equal(expected.Positioning, got.Positioning);
        Assert.NotNull(expected.ZeroGamma);
        Assert.Equal(expected.ZeroGamma!.Value, got.ZeroGamma!.Value, 1e-12 * expected.ZeroGamma.Value);
        Assert.Equal(expected.ZeroGammaCrossings.Count, got.Crossings.Length);
        for (var i = 0; i < got.Crossings.Length; i++) Assert.Equal(expected.ZeroGammaCrossings[i], got.Crossings[i], 1e-12 * expected.ZeroGammaCrossings[i]);
        Assert.Equal(expected.CallWall, got.CallWall);
        Assert.Equal(expected.PutWall, got.PutWall);
        Assert.Equal(expected.Regime.Label(), got.Regime);
        Assert.Equal(expected.Data.ContractsUsed, got.Contracts);
    }

    [Fact]
    public async Task Spot_TickToOwningGrain_ChangesNetGexAndDistanceToFlip()
    {
        var chain = ClusterFixture.Renamed(ClusterFixture.Read(SpyFile), "TICKB");
        var grain = fixture.Grain("TICKB");
        Assert.Null(await grain.Spot(chain.Spot, chain.Instant, false)); // no chain yet: the tick is dropped
        await grain.Offer(chain, "test");
        var moved = Math.Round(chain.Spot * 1.01, 2);
        var at = chain.Instant.AddMinutes(1);

        var tick = await grain.Spot(moved, at, false);

        var priced = ChainPricer.Price(chain, LiveSnapshots.Engine);
        var analysis = LevelsCalculator.Analyze(priced, LiveSnapshots.Levels);
        var net = GammaSweep.NetGex(priced, moved, GexUnit.DollarsPerPercent);
        var k = LevelsAssembler.Assemble(moved, net, priced.Count, analysis.Levels.ZeroGammaCrossings, analysis.Exposure.ByStrike, WallDefinition.Net);
        Assert.NotNull(tick);
        Assert.Equal(moved, tick!.Spot);
        Assert.Equal(net, tick.NetGex, 1e-12 * Math.Abs(net));
        Assert.NotEqual(analysis.Levels.TotalGex.Value, tick.NetGex);
        Assert.Equal(k.ZeroGamma, tick.Flip);
        Assert.Equal(k.DistanceToFlipPct!.Value, tick.DistanceToFlipPct!.Value, 1e-12);
        var view = await grain.Current();
        Assert.Equal(moved, view.AtSpot!.Spot);
        Assert.Equal(chain.Spot, view.Levels!.Spot); // the chain's levels stay at the chain's spot
    }

    [Fact]
    public async Task Subscriber_ReceivesChainAndSpotUpdates_ChainArrivesLossless()
    {
        var chain = ClusterFixture.Renamed(ClusterFixture.Read(SpyFile), "SUBC");
        var observer = new RecordingObserver();
        var reference = fixture.Cluster.Client.CreateObjectReference<IMarketObserver>(observer);
        var hub = fixture.Cluster.GrainFactory.GetGrain<IMarketHub>(HubPartitions.Of("SUBC"));
        var subscription = await hub.Subscribe(reference);
        Assert.True(subscription.New);
        Assert.False((await hub.Subscribe(reference)).New);

        await fixture.Grain("SUBC").Offer(chain, "watch /x");
        await fixture.Grain("SUBC").Spot(chain.Spot + 1, chain.Instant.AddSeconds(5), true);

        var c = await observer.Next(u => u.Symbol == "SUBC" && u.Kind == UpdateKind.Chain, Wait);
        Assert.Equal("watch /x", c.Origin);
        Assert.Equal(Snapshots.ContentHash(chain), Snapshots.ContentHash(c.Chain!));
        var s = await observer.Next(u => u.Symbol == "SUBC" && u.Kind == UpdateKind.Spot, Wait);
        Assert.Equal(chain.Spot + 1, s.Spot);
        Assert.True(s.Simulated);
        Assert.True(s.Sequence > c.Sequence);
        Assert.Contains("SUBC", (await hub.Subscribe(reference)).Symbols);
        await hub.Unsubscribe(reference);
    }

    [Fact]
    public async Task Offer_CollapsedChain_RejectedAndLastGoodKept()
    {
        var full = ClusterFixture.Renamed(ClusterFixture.Read(SpyFile), "CUTD");
        // A tenth of the contracts: below WholeChain's 25% of the previous chain.
        var b = new Core.Chain.ChainBuilder();
        for (var i = 0; i < full.Count; i += 10)
        {
            b.Add(new Core.Chain.OptionQuote(full.Root(i), full.Expiry[i], full.Type[i], full.Strike[i], full.Bid[i], full.Ask[i], full.Last[i], full.Volume[i], full.OpenInterest[i], full.VendorIv[i], full.VendorDelta[i], full.VendorGamma[i], full.SourceLine[i]));
        }
        var cut = b.Build("CUTD", full.Spot, full.Instant.AddMinutes(5), full.Source);
        var grain = fixture.Grain("CUTD");
        await grain.Offer(full, "test");

        var result = await grain.Offer(cut, "test");

        Assert.False(result.Accepted);
        Assert.Contains("the last good chain is kept", result.Error, StringComparison.Ordinal);
        var view = await grain.Current();
        Assert.Equal(full.Count, view.Chain!.Count);
        Assert.Equal(result.Error, view.Error);
    }

    /// <summary>
    /// A chain older than the one held (a file touched again after a newer one, a cached document, two feeds out of
    /// order) is rejected with both instants; before, it replaced the newer chain and the levels stepped back in time.
    /// </summary>
    [Fact]
    public async Task Offer_OlderThanTheChainHeld_RejectedAndHeldInstantKept_SameInstantAccepted()
    {
        var newer = ClusterFixture.Renamed(ClusterFixture.Read(SpyFile), "OLDE"); // as of 2025-05-01 16:49 EDT
        var older = newer.WithSpot(newer.Spot - 2.5, newer.Instant.AddMinutes(-11));
        var grain = fixture.Grain("OLDE");
        Assert.True((await grain.Offer(newer, "file spy_1649.csv")).Accepted);

        var result = await grain.Offer(older, "file spy_1638.csv");

        Assert.False(result.Accepted);
        Assert.Equal("file spy_1638.csv rejected, the last good chain is kept: as of 2025-05-01 16:38 -04:00 it is older than the chain held (as of 2025-05-01 16:49 -04:00).", result.Error);
        var view = await grain.Current();
        Assert.Equal(newer.Instant, view.Chain!.Instant);
        Assert.Equal(newer.Spot, view.Levels!.Spot);
        Assert.Equal("file spy_1649.csv", view.Origin);
        Assert.Equal(result.Error, view.Error);

        // The same instant again (a re-read or corrected file) replaces it and clears the error.
        var corrected = newer.WithSpot(newer.Spot + 0.5, newer.Instant);
        var again = await grain.Offer(corrected, "file spy_1649.csv");
        Assert.True(again.Accepted, again.Error);
        view = await grain.Current();
        Assert.Equal(corrected.Spot, view.Levels!.Spot);
        Assert.Null(view.Error);

        // A replay that starts its series again says so, and is taken though older.
        var replayed = await grain.Offer(older, "replay spy_1638.csv", repricedFrom: null, restart: true);
        Assert.True(replayed.Accepted, replayed.Error);
        Assert.Equal(older.Instant, (await grain.Current()).Chain!.Instant);
    }

    [Fact]
    public async Task Offer_ChainOfAnotherUnderlying_Rejected()
    {
        var chain = ClusterFixture.Read(SpyFile); // SPY offered to the grain of OTHR
        var result = await fixture.Grain("OTHR").Offer(chain, "test");
        Assert.False(result.Accepted);
        Assert.Contains("is not OTHR", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Codec_RealChain_RoundTripsEveryColumn()
    {
        var chain = ClusterFixture.Read(SpyFile);
        var back = ChainCodec.Decode(ChainCodec.Encode(chain));
        Assert.Equal(Snapshots.ContentHash(chain), Snapshots.ContentHash(back));
        Assert.Equal(chain.SourceLine.ToArray(), back.SourceLine.ToArray());
        Assert.Equal(chain.Instant, back.Instant);
        Assert.Equal(chain.Instant.Offset, back.Instant.Offset);
        Assert.Equal(chain.Source, back.Source);
        Assert.Contains(chain.VendorIv.ToArray(), double.IsNaN); // NaN ("no value") survives, it is not turned into 0
    }

    [Fact]
    public void Codec_CutShort_ClearError()
    {
        var bytes = ChainCodec.Encode(ClusterFixture.Read(SpyFile));
        var e = Assert.Throws<InvalidDataException>(() => ChainCodec.Decode(bytes.AsSpan(0, bytes.Length / 2)));
        Assert.Contains(ChainCodec.Format, e.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// A hub that starts again (its silo died, or it was deactivated) still names the partition's stored symbols, so a
    /// front end that subscribes then re-reads their grains. Before, a new hub activation knew only what was published
    /// to it afterwards: a front end started after a silo's death did not serve the underlyings of that silo's hubs.
    /// </summary>
    [PostgresFact]
    public async Task HubDeactivated_NewSubscriptionStillNamesStoredSymbols()
    {
        var chain = ClusterFixture.Renamed(ClusterFixture.Read(SpyFile), "HUBG");
        var partition = HubPartitions.Of("HUBG");
        var hub = fixture.Cluster.GrainFactory.GetGrain<IMarketHub>(partition);
        var observer = new RecordingObserver();
        var reference = fixture.Cluster.Client.CreateObjectReference<IMarketObserver>(observer);
        await hub.Subscribe(reference);
        Assert.Equal("stored", (await fixture.Grain("HUBG").Offer(chain, "test")).Store);
        await observer.Next(u => u.Symbol == "HUBG" && u.Kind == UpdateKind.Chain, Wait); // the one-way publish has been delivered

        await fixture.Cluster.DeactivateAsync(hub);
        var again = await hub.Subscribe(reference);

        Assert.True(again.New); // a new activation: the subscription was lost with the old one
        Assert.Contains("HUBG", again.Symbols);
        Assert.All(again.Symbols, s => Assert.Equal(partition, HubPartitions.Of(s)));
        await hub.Unsubscribe(reference);
    }

    [PostgresFact]
    public async Task Deactivated_RestoresCommittedChain_RepeatedOfferStoredOnce()
    {
        var db = fixture.Database!;
        var chain = ClusterFixture.Renamed(ClusterFixture.Read(SpyFile), "RESE");
        var grain = fixture.Grain("RESE");

        var first = await grain.Offer(chain, "watch /data");
        var again = await grain.Offer(chain, "watch /data");

        Assert.Equal("stored", first.Store);
        Assert.Equal("already-stored", again.Store);
        Assert.Equal(first.StoreId, again.StoreId);
        Assert.Equal(1L, db.Scalar<long>("SELECT count(*) FROM snapshots WHERE underlying = 'RESE'"));
        var before = await grain.Current();

        await fixture.Cluster.DeactivateAsync(grain);
        var after = await grain.Current();

        Assert.NotEqual(before.Activation, after.Activation);
        Assert.True(after.Restored);
        Assert.Equal(first.StoreId, after.StoreId);
        Assert.Equal("watch /data", after.Origin);
        Assert.Equal(Snapshots.ContentHash(chain), Snapshots.ContentHash(after.Chain!));
        Assert.Equal(before.Levels!.ZeroGamma, after.Levels!.ZeroGamma);
        Assert.Equal(before.Levels.TotalGex, after.Levels.TotalGex);
        // The restored grain stores nothing again for the same chain.
        Assert.Equal("already-stored", (await grain.Offer(chain, "watch /data")).Store);
        Assert.Equal(1L, db.Scalar<long>("SELECT count(*) FROM snapshots WHERE underlying = 'RESE'"));
    }
}
