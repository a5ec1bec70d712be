using DealerFlow.Data.Store;

namespace DealerFlow.Data.Tests.Store;

/// <summary>What every <see cref="ISnapshotStore"/> must do, checked on real chains; each store's test class runs these.</summary>
internal static class StoreContract
{
    private static readonly string FileA = StoreTestData.Series("spy_quotedata_2025-05-01_0828.csv");
    private static readonly string FileB = StoreTestData.Series("spy_quotedata_2025-05-02_1847.csv");
    private static readonly string FileC = StoreTestData.Series("spy_quotedata_2025-09-03_0924.csv");

    public static void Save_NewSnapshot_ReadsBackEveryLevelAndRow(Func<ISnapshotStore> open)
    {
        var s = StoreTestData.Snapshot(FileA);
        using var store = open();
        Assert.Equal(1, store.SchemaVersion);
        var saved = store.Save(s);
        Assert.Equal(SaveStatus.Stored, saved.Status);

        var row = Assert.Single(store.Query(new SnapshotQuery("SPY")));
        Assert.Equal(saved.Id, row.Id);
        Assert.Equal("SPY", row.Underlying);
        Assert.Equal(new DateTimeOffset(2025, 5, 1, 8, 28, 0, TimeSpan.FromHours(-4)), row.Instant);
        Assert.Equal(TimeSpan.FromHours(-4), row.Instant.Offset);
        Assert.Equal(560.36, row.Spot, 10);
        // Re-measured for issue 9: quote sync re-anchors this file (basis -66.4 bp) and --iv auto gives one IV per strike.
        Assert.Equal(556.4247207864407, row.ZeroGamma!.Value, 9); // on the ln S grid (556.4247190158258 on the old grid: within the 1e-4 root tolerance)
        Assert.Equal(s.Levels.ZeroGammaCrossings, row.ZeroGammaCrossings);
        Assert.Equal(575.0, row.CallWall);
        Assert.Equal(535.0, row.PutWall);
        Assert.Equal(560.0, row.AbsoluteGammaStrike);
        Assert.Equal(1586907411.0924451, row.TotalGex, 1e-3);
        Assert.Equal("long gamma", row.Regime);
        Assert.Equal("dealerflow", row.Method);
        Assert.Equal("classic", row.Positioning);
        Assert.Equal("usd-per-1pct", row.Unit);
        Assert.Equal(s.Levels.GammaTilt, row.GammaTilt);
        Assert.Equal(s.Levels.DeltaExposure!.Value.Value, row.DeltaExposureShares);
        Assert.Equal(s.Levels.VannaExposure!.Value.Value, row.VannaExposureShares);
        Assert.Equal(s.Levels.CharmExposure!.Value.Value, row.CharmExposureShares);
        Assert.Equal(s.Levels.ImpliedMove, row.ImpliedMove);
        Assert.Equal(319, row.StrikeRows);
        Assert.Equal(s.Source.ContentHash, row.ContentHash);
        Assert.False(row.HasRaw);

        var x = store.LoadExposure(saved.Id)!;
        Assert.Equal(s.Exposure.ByStrike, x.ByStrike);
        Assert.Equal(s.Exposure.ByExpiry, x.ByExpiry);
        Assert.Equal(s.Exposure.Profile, x.Profile);
        Assert.Equal(s.Exposure.Unit, x.Unit);

        var l = store.LoadLevels(saved.Id)!;
        Assert.Equal(s.Levels.ZeroGamma, l.ZeroGamma);
        Assert.Equal(s.Levels.AsOf, l.AsOf);
        Assert.Equal(s.Levels.TopStrikes, l.TopStrikes);
        Assert.Equal(s.Levels.CallWallGex, l.CallWallGex);
        Assert.Equal(s.Levels.Data.ContractsUsed, l.Data.ContractsUsed);
        Assert.Equal(s.Levels.PositioningDescription, l.PositioningDescription);
        Assert.Null(store.LoadLevels(saved.Id + 1000));
        Assert.Null(store.LoadExposure(saved.Id + 1000));
        Assert.Empty(store.Check());
    }

    public static void Save_SameSnapshotTwice_StoresOnce(Func<ISnapshotStore> open)
    {
        var s = StoreTestData.Snapshot(FileA);
        using var store = open();
        var first = store.Save(s);
        var second = store.Save(s);
        // Same content under another file name is the same snapshot.
        var renamed = store.Save(s with { Source = s.Source with { FileName = "copy.csv" } });
        Assert.Equal(SaveStatus.Stored, first.Status);
        Assert.Equal(SaveStatus.AlreadyStored, second.Status);
        Assert.Equal(SaveStatus.AlreadyStored, renamed.Status);
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(first.Id, renamed.Id);
        Assert.Equal(1, store.Count());
        Assert.Equal(319, store.LoadExposure(first.Id)!.ByStrike.Count);
        Assert.Equal(first.Id, store.Find(s.Key));
        Assert.Null(store.Find(s.Key with { SettingsKey = "unit=shares-per-usd" }));
        Assert.Null(store.Find(s.Key with { Instant = s.Key.Instant.AddMinutes(1) }));
    }

    public static void Save_OtherSettingsOrContent_StoresEach(Func<ISnapshotStore> open)
    {
        var s = StoreTestData.Snapshot(FileA);
        using var store = open();
        Assert.Equal(SaveStatus.Stored, store.Save(s).Status);
        Assert.Equal(SaveStatus.Stored, store.Save(s with { SettingsKey = "unit=usd-per-1pct;filter=DTE <= 7" }).Status);
        Assert.Equal(SaveStatus.Stored, store.Save(s with { Source = s.Source with { ContentHash = new string('0', 64) } }).Status);
        Assert.Equal(3, store.Count());
    }

    public static void Query_RangeAndFilters_OldestFirst(Func<ISnapshotStore> open)
    {
        using var store = open();
        foreach (var f in new[] { FileC, FileA, FileB }) store.Save(StoreTestData.Snapshot(f));
        var all = store.Query(new SnapshotQuery("spy"));
        Assert.Equal([560.36, 565.615, 642.65], all.Select(r => r.Spot));
        var may = store.Query(new SnapshotQuery("SPY") { From = new DateTimeOffset(2025, 5, 1, 0, 0, 0, TimeSpan.Zero), To = new DateTimeOffset(2025, 5, 31, 0, 0, 0, TimeSpan.Zero) });
        Assert.Equal(2, may.Count);
        Assert.Equal(563.2507702486315, may[1].ZeroGamma!.Value, 9); // on the ln S grid (563.2507605946148 before: within the 1e-4 root tolerance)
        Assert.Empty(store.Query(new SnapshotQuery("SPY") { Positioning = "short-all" }));
        Assert.Empty(store.Query(new SnapshotQuery("SPY") { Unit = "usd-per-point" }));
        Assert.Equal(3, store.Query(new SnapshotQuery("SPY") { Method = "dealerflow", Positioning = "classic", Unit = "usd-per-1pct" }).Count);
        Assert.Empty(store.Query(new SnapshotQuery("SPX")));
        Assert.Empty(store.Query(new SnapshotQuery("SPY") { Filter = "DTE <= 7" }));
        Assert.Equal(3, store.Query(new SnapshotQuery("SPY") { Filter = "all expiries" }).Count);
    }

    public static void Save_KeepRaw_ReturnsTheFileBytes(Func<ISnapshotStore> open)
    {
        var s = StoreTestData.Snapshot(FileB, keepRaw: true);
        using var store = open();
        var id = store.Save(s).Id;
        Assert.Equal(File.ReadAllBytes(FileB), store.LoadRaw(id));
        Assert.True(Assert.Single(store.Query(new SnapshotQuery("SPY"))).HasRaw);
    }

    public static void Open_Twice_MigratesOnceAndKeepsData(Func<ISnapshotStore> open)
    {
        long id;
        using (var store = open()) id = store.Save(StoreTestData.Snapshot(FileA)).Id;
        using (var again = open())
        {
            Assert.Equal(1, again.SchemaVersion);
            Assert.Equal(1, again.Count());
            Assert.Equal(556.4247207864407, again.LoadLevels(id)!.ZeroGamma!.Value, 9);
        }
    }
}
