using DealerFlow.Core.Levels;

namespace DealerFlow.Data.Store;

/// <summary>
/// Where computed snapshots live: SQLite (embedded, the default) or PostgreSQL. Each <see cref="Save"/> is one
/// transaction: a snapshot is either stored whole (levels, exposure by strike and by expiry, profile, raw bytes)
/// or not at all. Saving a snapshot whose <see cref="SnapshotToStore"/> key is already stored stores nothing.
/// </summary>
public interface ISnapshotStore : IDisposable
{
    /// <summary>For people: engine and location, without a password, e.g. "SQLite ./dealerflow-data/dealerflow.db (WAL, synchronous=FULL)".</summary>
    string Description { get; }

    /// <summary>The schema version after migrations.</summary>
    int SchemaVersion { get; }

    /// <summary>
    /// Stores <paramref name="snapshot"/> in one transaction (levels row, exposure by strike and by expiry, profile, raw
    /// bytes when given): <see cref="SaveStatus.Stored"/> with the new id, or <see cref="SaveStatus.AlreadyStored"/> with the
    /// earlier id when its <see cref="SnapshotToStore.Key"/> is already stored (then nothing is written).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="snapshot"/> is null.</exception>
    /// <exception cref="StoreException">The store could not be written; the message names the file and the reason.</exception>
    SaveResult Save(SnapshotToStore snapshot);

    /// <summary>The id of the snapshot stored under <paramref name="key"/>, or null: lets ingest skip pricing what is already stored.</summary>
    long? Find(SnapshotKey key);

    /// <summary>Stored snapshots of one underlying, oldest first, filtered as the query says.</summary>
    IReadOnlyList<StoredSnapshot> Query(SnapshotQuery query);

    /// <summary>Snapshots stored, all underlyings.</summary>
    long Count();

    /// <summary>The underlyings that have at least one stored snapshot, upper case, in ordinal order.</summary>
    IReadOnlyList<string> Underlyings();

    /// <summary>The full levels report as stored; null when no snapshot has that id.</summary>
    LevelsReport? LoadLevels(long id);

    /// <summary>Exposure by strike and by expiry and the profile, read back from their rows; null when no snapshot has that id.</summary>
    ExposureReport? LoadExposure(long id);

    /// <summary>The raw chain file bytes when ingested with keep-raw; null otherwise.</summary>
    byte[]? LoadRaw(long id);

    /// <summary>Checks the store's own consistency (SQLite integrity_check; PostgreSQL: orphan child rows). Returns the problems found, empty when sound.</summary>
    IReadOnlyList<string> Check();
}
