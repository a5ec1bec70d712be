using DealerFlow.Data.Store;

namespace DealerFlow.Data.Tests.Store;

/// <summary>The store contract against a real PostgreSQL server (DEALERFLOW_TEST_PG), one throw-away database per test.</summary>
public sealed class PostgresSnapshotStoreTests : IDisposable
{
    private TempPostgresDatabase? _db;

    private ISnapshotStore Open()
    {
        _db ??= new TempPostgresDatabase();
        return SnapshotStore.Open(_db.ConnectionString);
    }

    [PostgresFact] public void Save_NewSnapshot_ReadsBackEveryLevelAndRow() => StoreContract.Save_NewSnapshot_ReadsBackEveryLevelAndRow(Open);
    [PostgresFact] public void Save_SameSnapshotTwice_StoresOnce() => StoreContract.Save_SameSnapshotTwice_StoresOnce(Open);
    [PostgresFact] public void Save_OtherSettingsOrContent_StoresEach() => StoreContract.Save_OtherSettingsOrContent_StoresEach(Open);
    [PostgresFact] public void Query_RangeAndFilters_OldestFirst() => StoreContract.Query_RangeAndFilters_OldestFirst(Open);
    [PostgresFact] public void Save_KeepRaw_ReturnsTheFileBytes() => StoreContract.Save_KeepRaw_ReturnsTheFileBytes(Open);
    [PostgresFact] public void Open_Twice_MigratesOnceAndKeepsData() => StoreContract.Open_Twice_MigratesOnceAndKeepsData(Open);

    [PostgresFact]
    public void Save_SnapshotsOfTwoMonths_LandInMonthPartitions()
    {
        using (var store = Open())
        {
            store.Save(StoreTestData.Snapshot(StoreTestData.Series("spy_quotedata_2025-05-01_0828.csv")));
            store.Save(StoreTestData.Snapshot(StoreTestData.Series("spy_quotedata_2025-05-02_1847.csv")));
            store.Save(StoreTestData.Snapshot(StoreTestData.Series("spy_quotedata_2025-09-03_0924.csv")));
        }
        Assert.Equal(2L, _db!.Scalar<long>("SELECT COUNT(*) FROM pg_inherits WHERE inhparent = 'snapshots'::regclass;"));
        Assert.Equal(2L, _db.Scalar<long>("SELECT COUNT(*) FROM snapshots_2025_05;"));
        Assert.Equal(1L, _db.Scalar<long>("SELECT COUNT(*) FROM snapshots_2025_09;"));
        Assert.Equal(339L, _db.Scalar<long>("SELECT COUNT(*) FROM strike_exposure s JOIN snapshots_2025_09 p ON p.id = s.snapshot_id;"));
    }

    [PostgresFact]
    public void Open_WrongPassword_ThrowsStoreExceptionWithoutThePassword()
    {
        var b = PostgresSnapshotStore.ConnectionString(Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable)!);
        b.Password = "definitely-wrong-9731";
        var e = Assert.Throws<StoreException>(() => SnapshotStore.Open(b.ConnectionString));
        Assert.Contains("28P01", e.Message);
        Assert.DoesNotContain("definitely-wrong-9731", e.Message);
    }

    public void Dispose() => _db?.Dispose();
}

public sealed class PostgresConnectionStringTests
{
    [Fact]
    public void ConnectionString_Url_MapsEveryPart()
    {
        var b = PostgresSnapshotStore.ConnectionString("postgres://dealer%40flow:p%3Ass@db.example:6543/gex?sslmode=disable");
        Assert.Equal("db.example", b.Host);
        Assert.Equal(6543, b.Port);
        Assert.Equal("gex", b.Database);
        Assert.Equal("dealer@flow", b.Username);
        Assert.Equal("p:ss", b.Password);
        Assert.Equal(Npgsql.SslMode.Disable, b.SslMode);
    }

    [Fact]
    public void ConnectionString_UrlWithoutPort_Uses5432()
    {
        var b = PostgresSnapshotStore.ConnectionString("postgresql://postgres@localhost/postgres");
        Assert.Equal(5432, b.Port);
        Assert.Null(b.Password);
    }

    [Fact]
    public void ConnectionString_Garbage_ThrowsStoreExceptionWithPasswordRedacted()
    {
        var e = Assert.Throws<StoreException>(() => PostgresSnapshotStore.ConnectionString("Host=x;Password=secret123;Bogus Key=1"));
        Assert.DoesNotContain("secret123", e.Message);
        Assert.Contains("Password=***", e.Message);
    }
}
