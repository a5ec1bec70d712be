using DealerFlow.Data.Store;
using Microsoft.Data.Sqlite;

namespace DealerFlow.Data.Tests.Store;

public sealed class SqliteSnapshotStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dealerflow-sqlite-").FullName;

    private string DbPath => Path.Combine(_dir, "nested", "dealerflow.db");

    private ISnapshotStore Open() => SnapshotStore.Open(DbPath);

    [Fact] public void Save_NewSnapshot_ReadsBackEveryLevelAndRow() => StoreContract.Save_NewSnapshot_ReadsBackEveryLevelAndRow(Open);
    [Fact] public void Save_SameSnapshotTwice_StoresOnce() => StoreContract.Save_SameSnapshotTwice_StoresOnce(Open);
    [Fact] public void Save_OtherSettingsOrContent_StoresEach() => StoreContract.Save_OtherSettingsOrContent_StoresEach(Open);
    [Fact] public void Query_RangeAndFilters_OldestFirst() => StoreContract.Query_RangeAndFilters_OldestFirst(Open);
    [Fact] public void Save_KeepRaw_ReturnsTheFileBytes() => StoreContract.Save_KeepRaw_ReturnsTheFileBytes(Open);
    [Fact] public void Open_Twice_MigratesOnceAndKeepsData() => StoreContract.Open_Twice_MigratesOnceAndKeepsData(Open);

    [Fact]
    public void Open_NewFile_IsWalWithSchemaVersionRow()
    {
        using (Open()) { }
        using var db = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", cmd.ExecuteScalar());
        cmd.CommandText = "SELECT COUNT(*) || ':' || MAX(version) FROM schema_version;";
        Assert.Equal("1:1", cmd.ExecuteScalar());
    }

    [Fact]
    public void Open_NotADatabase_ThrowsStoreExceptionSayingSo()
    {
        var path = Path.Combine(_dir, "chain.csv");
        File.WriteAllText(path, "Expiration Date,Calls,Last Sale\n" + new string('x', 5000));
        var e = Assert.Throws<StoreException>(() => SnapshotStore.Open(path));
        Assert.Contains("is not a SQLite database", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Open_StoreFromANewerVersion_RefusesWithAClearMessage()
    {
        using (Open()) { }
        using (var db = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = "INSERT INTO schema_version (version, applied_ms, description) VALUES (7, 0, 'from the future');";
            cmd.ExecuteNonQuery();
        }
        var e = Assert.Throws<StoreException>(Open);
        Assert.Contains("schema version 7, newer than this dealerflow knows (1)", e.Message);
    }

    [Fact]
    public void SnapshotStore_Open_PicksEngineFromLocation()
    {
        Assert.True(SnapshotStore.IsPostgres("postgres://u:p@localhost:5432/db"));
        Assert.True(SnapshotStore.IsPostgres("Host=127.0.0.1;Username=postgres;Database=postgres"));
        Assert.False(SnapshotStore.IsPostgres("./dealerflow-data/dealerflow.db"));
        Assert.False(SnapshotStore.IsPostgres(@"C:\data\host;x=1.db"));
        using var store = Open();
        Assert.IsType<SqliteSnapshotStore>(store);
        Assert.StartsWith("SQLite ", store.Description);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
