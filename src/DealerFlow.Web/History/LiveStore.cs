using DealerFlow.Data.Store;

namespace DealerFlow.Web.History;

/// <summary>
/// The store as the live server sees it: <c>disabled</c> (<c>--no-store</c>), <c>opening</c>, <c>ok</c> (the last
/// operation succeeded) or <c>error</c> (the last open, write or read failed; the server keeps serving the session's
/// history). Counts are since the server started. <c>Writes</c> is false on a server that only reads the store (a cluster
/// front end: the grains write every chain), whose <c>Written</c> stays 0 whatever the cluster stores.
/// </summary>
internal sealed record StoreStatus(
    string State,
    string Location,
    string? Error,
    DateTimeOffset? ErrorAt,
    long Written,
    long AlreadyStored,
    long Dropped,
    long Failed,
    DateTimeOffset? LastWriteAt,
    bool Writes);

/// <summary>
/// The live server's one connection to the snapshot store, opened lazily and again after a failure (at most once per
/// <see cref="LiveOptions.StoreRetryInterval"/>). Calls are serialised: a store holds one connection. A failure is
/// logged and kept as the status; it never escapes to the caller.
/// </summary>
internal sealed class LiveStore(IOptions<LiveOptions> options, TimeProvider time, ILogger<LiveStore> log) : IDisposable
{
    private readonly object _gate = new();
    private readonly LiveOptions _options = options.Value;
    private ISnapshotStore? _store;
    private bool _disposed;
    private DateTimeOffset? _lastAttempt;
    private string _state = options.Value.Store ? "opening" : "disabled";
    private string? _error;
    private DateTimeOffset? _errorAt;
    private long _written, _already, _dropped, _failed;
    private DateTimeOffset? _lastWriteAt;

    public bool Enabled => _options.Store;

    /// <summary>True when this server writes its chains to the store; false when it only reads it (<see cref="LiveOptions.StoreWrites"/>).</summary>
    public bool Writes => _options.Store && _options.StoreWrites;

    private static string ConfiguredLocation(LiveOptions o)
    {
        var db = o.StoreLocation;
        return SnapshotStore.IsPostgres(db) ? "PostgreSQL" : "SQLite " + db;
    }

    public StoreStatus Status()
    {
        lock (_gate)
        {
            return new StoreStatus(_state, _store?.Description ?? ConfiguredLocation(_options), _error, _errorAt,
                _written, _already, _dropped, _failed, _lastWriteAt, Writes);
        }
    }

    /// <summary>Opens the store now when it is enabled and not open (used at start so a bad location shows at once).</summary>
    public void Open()
    {
        lock (_gate) EnsureOpen(force: true);
    }

    /// <summary>Runs <paramref name="use"/> on the open store; false (the failure recorded) when disabled, unavailable or failing.</summary>
    public bool TryUse<T>(Func<ISnapshotStore, T> use, string what, out T result)
    {
        ArgumentNullException.ThrowIfNull(use);
        result = default!;
        if (!Enabled) return false;
        lock (_gate)
        {
            if (!EnsureOpen(force: false)) return false;
            try
            {
                result = use(_store!);
                if (_state != "ok") log.LogInformation("Snapshot store {Store} is working again", _store!.Description);
                _state = "ok";
                return true;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Any failure of the store (StoreException, a driver's DbException, a lost connection) is the store's
                // state, never the caller's: the writer moves on, a history read answers with the session only.
                Fail($"{what} failed: {e.Message}", e);
                // A broken connection is reopened on the next use (after the retry interval).
                _store?.Dispose();
                _store = null;
                _lastAttempt = time.GetUtcNow();
                return false;
            }
        }
    }

    internal void CountWrite(SaveStatus status)
    {
        lock (_gate)
        {
            if (status == SaveStatus.Stored) _written++;
            else _already++;
            _lastWriteAt = time.GetUtcNow();
        }
    }

    internal void CountAlreadyStored()
    {
        lock (_gate) _already++;
    }

    internal void CountDropped()
    {
        lock (_gate) _dropped++;
    }

    internal void CountFailed()
    {
        lock (_gate) _failed++;
    }

    private bool EnsureOpen(bool force)
    {
        if (_store is not null) return true;
        if (!Enabled || _disposed) return false;
        var now = time.GetUtcNow();
        if (!force && _lastAttempt is { } last && now - last < _options.StoreRetryInterval) return false;
        _lastAttempt = now;
        try
        {
            _store = SnapshotStore.Open(_options.StoreLocation);
            _state = "ok";
            log.LogInformation("Snapshot store: {Store}, schema version {Version}", _store.Description, _store.SchemaVersion);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Fail($"cannot open the store {ConfiguredLocation(_options)}: {e.Message} (tried again every {_options.StoreRetryInterval.TotalSeconds:0.#} s)", e);
            return false;
        }
    }

    private void Fail(string message, Exception e)
    {
        _state = "error";
        _error = message;
        _errorAt = time.GetUtcNow();
        log.LogError(e, "Snapshot store: {Message}; the server keeps serving the session's history", message);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _store?.Dispose();
            _store = null;
        }
    }
}
