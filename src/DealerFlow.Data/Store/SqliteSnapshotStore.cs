using System.Data.Common;
using System.Globalization;
using DealerFlow.Core.Levels;
using Microsoft.Data.Sqlite;

namespace DealerFlow.Data.Store;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. Durability: <c>synchronous=FULL</c>, so a snapshot whose
/// transaction committed survives a process kill and also a power loss or OS crash (NORMAL in WAL mode is
/// safe against a process kill but may lose the last commits on power loss; one extra fsync per snapshot is cheap
/// next to pricing it). Readers never block the writer and see only committed snapshots.
/// </summary>
public sealed class SqliteSnapshotStore : ISnapshotStore
{
    private static readonly string[] Migrations =
    [
        // 1: snapshots, their child rows and the raw chains.
        """
        CREATE TABLE snapshots (
            id INTEGER PRIMARY KEY,
            underlying TEXT NOT NULL,
            instant_ms INTEGER NOT NULL,
            offset_minutes INTEGER NOT NULL,
            session_date TEXT NOT NULL,
            source_file TEXT NOT NULL,
            source_format TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            method TEXT NOT NULL,
            positioning TEXT NOT NULL,
            positioning_description TEXT NOT NULL,
            unit TEXT NOT NULL,
            filter TEXT NOT NULL,
            settings_key TEXT NOT NULL,
            spot REAL NOT NULL,
            total_gex REAL NOT NULL,
            regime TEXT NOT NULL,
            zero_gamma REAL,
            zero_gamma_crossings TEXT NOT NULL,
            distance_to_flip REAL,
            call_wall REAL, call_wall_gex REAL,
            put_wall REAL, put_wall_gex REAL,
            abs_gamma_strike REAL, abs_gamma_gex REAL,
            gamma_tilt REAL,
            dex_shares REAL, dex_usd REAL,
            vanna_shares REAL, vanna_usd REAL,
            charm_shares REAL, charm_usd REAL,
            implied_move REAL, implied_move_pct REAL, atm_iv REAL,
            contracts_used INTEGER NOT NULL,
            strike_rows INTEGER NOT NULL,
            expiry_rows INTEGER NOT NULL,
            profile_rows INTEGER NOT NULL,
            has_raw INTEGER NOT NULL,
            levels_json TEXT NOT NULL,
            ingested_ms INTEGER NOT NULL,
            UNIQUE (underlying, instant_ms, method, positioning, settings_key, content_hash)
        );
        CREATE INDEX snapshots_by_underlying_instant ON snapshots (underlying, instant_ms);
        CREATE TABLE strike_exposure (
            snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
            strike REAL NOT NULL, calls REAL NOT NULL, puts REAL NOT NULL, net REAL NOT NULL, absolute REAL NOT NULL,
            PRIMARY KEY (snapshot_id, strike)
        ) WITHOUT ROWID;
        CREATE TABLE expiry_exposure (
            snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
            expiry TEXT NOT NULL, settlement TEXT NOT NULL, days_to_expiry INTEGER NOT NULL, years REAL NOT NULL,
            forward REAL NOT NULL, forward_from_parity INTEGER NOT NULL, contracts INTEGER NOT NULL,
            calls REAL NOT NULL, puts REAL NOT NULL, net REAL NOT NULL,
            PRIMARY KEY (snapshot_id, expiry, settlement)
        ) WITHOUT ROWID;
        CREATE TABLE profile_points (
            snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
            seq INTEGER NOT NULL, spot REAL NOT NULL, gex REAL NOT NULL, gex_ex_next_expiry REAL NOT NULL,
            PRIMARY KEY (snapshot_id, seq)
        ) WITHOUT ROWID;
        CREATE TABLE raw_chains (
            snapshot_id INTEGER PRIMARY KEY REFERENCES snapshots (id) ON DELETE CASCADE,
            file_name TEXT NOT NULL,
            bytes BLOB NOT NULL
        );
        """,
    ];

    private readonly SqliteConnection _db;

    private SqliteSnapshotStore(SqliteConnection db, string path, int version)
    {
        _db = db;
        Path = path;
        SchemaVersion = version;
    }

    /// <summary>The SQLite file's path as given to <see cref="Open"/>.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public string Description => $"SQLite {Path} (WAL, synchronous=FULL)";

    /// <inheritdoc />
    public int SchemaVersion { get; }

    /// <summary>Opens (creating the file and its directory when missing) and migrates the store at <paramref name="path"/>.</summary>
    public static SqliteSnapshotStore Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        SqliteConnection? db = null;
        try
        {
            var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
            var cs = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false, DefaultTimeout = 60 }.ToString();
            db = new SqliteConnection(cs);
            db.Open();
            Exec(db, "PRAGMA busy_timeout = 60000;");
            var mode = Scalar(db, "PRAGMA journal_mode = WAL;") as string;
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                throw new StoreException($"SQLite store '{path}' could not switch to WAL mode (journal_mode is '{mode}').");
            Exec(db, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;");
            var version = Migrate(db);
            return new SqliteSnapshotStore(db, path, version);
        }
        catch (StoreException)
        {
            db?.Dispose();
            throw;
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            db?.Dispose();
            throw new StoreException($"Cannot open the SQLite store '{path}': {Reason(e)}", e);
        }
    }

    private static int Migrate(SqliteConnection db)
    {
        using var tx = db.BeginTransaction(deferred: false);
        Exec(db, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_ms INTEGER NOT NULL, description TEXT NOT NULL);", tx);
        var current = Convert.ToInt32(Scalar(db, "SELECT COALESCE(MAX(version), 0) FROM schema_version;", tx), CultureInfo.InvariantCulture);
        if (current > Migrations.Length)
            throw new StoreException($"The SQLite store is at schema version {current}, newer than this dealerflow knows ({Migrations.Length}); use a newer dealerflow.");
        for (var v = current + 1; v <= Migrations.Length; v++)
        {
            Exec(db, Migrations[v - 1], tx);
            using var cmd = Command(db, "INSERT INTO schema_version (version, applied_ms, description) VALUES (@v, @t, @d);", tx);
            cmd.Parameters.AddWithValue("@v", v);
            cmd.Parameters.AddWithValue("@t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            cmd.Parameters.AddWithValue("@d", v == 1 ? "snapshots, strike_exposure, expiry_exposure, profile_points, raw_chains" : $"migration {v}");
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
        return Migrations.Length;
    }

    /// <inheritdoc />
    public SaveResult Save(SnapshotToStore snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        try
        {
            using var tx = _db.BeginTransaction(deferred: false);
            var values = SnapshotRows.Values(snapshot);
            var names = new List<string> { "instant_ms", "session_date", "ingested_ms" };
            names.AddRange(values.Select(v => v.Name));
            using var insert = Command(_db, $"INSERT INTO snapshots ({string.Join(", ", names)}) VALUES ({string.Join(", ", names.Select(n => "@" + n))}) ON CONFLICT DO NOTHING RETURNING id;", tx);
            var asOf = snapshot.Levels.AsOf;
            insert.Parameters.AddWithValue("@instant_ms", asOf.ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("@session_date", SessionDate(asOf));
            insert.Parameters.AddWithValue("@ingested_ms", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            foreach (var (name, value) in values) insert.Parameters.AddWithValue("@" + name, value ?? DBNull.Value);
            var inserted = insert.ExecuteScalar();
            if (inserted is null or DBNull)
            {
                var existing = FindIn(snapshot.Key, tx) ?? throw new StoreException($"Snapshot of {snapshot.Source.FileName} neither inserted nor found.");
                tx.Rollback();
                return new SaveResult(SaveStatus.AlreadyStored, existing);
            }
            var id = Convert.ToInt64(inserted, CultureInfo.InvariantCulture);
            WriteChildren(id, snapshot, tx);
            tx.Commit();
            return new SaveResult(SaveStatus.Stored, id);
        }
        catch (SqliteException e)
        {
            throw new StoreException($"Cannot store {snapshot.Source.FileName} in '{Path}': {Reason(e)}", e);
        }
    }

    /// <inheritdoc />
    public long? Find(SnapshotKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Read(() => FindIn(key, null));
    }

    private long? FindIn(SnapshotKey key, SqliteTransaction? tx)
    {
        using var find = Command(_db, "SELECT id FROM snapshots WHERE underlying = @u AND instant_ms = @i AND method = @m AND positioning = @p AND settings_key = @k AND content_hash = @h;", tx);
        SnapshotRows.AddKey(find, key, key.Instant.ToUnixTimeMilliseconds());
        return find.ExecuteScalar() is { } id and not DBNull ? Convert.ToInt64(id, CultureInfo.InvariantCulture) : null;
    }

    private void WriteChildren(long id, SnapshotToStore s, SqliteTransaction tx)
    {
        var x = s.Exposure;
        using (var cmd = Command(_db, "INSERT INTO strike_exposure (snapshot_id, strike, calls, puts, net, absolute) VALUES (@id, @a, @b, @c, @d, @e);", tx))
        {
            var p = AddParameters(cmd, id, 5);
            foreach (var r in x.ByStrike)
            {
                (p[0].Value, p[1].Value, p[2].Value, p[3].Value, p[4].Value) = (r.Strike, r.Calls, r.Puts, r.Net, r.Absolute);
                cmd.ExecuteNonQuery();
            }
        }
        using (var cmd = Command(_db, "INSERT INTO expiry_exposure (snapshot_id, expiry, settlement, days_to_expiry, years, forward, forward_from_parity, contracts, calls, puts, net) VALUES (@id, @a, @b, @c, @d, @e, @f, @g, @h, @i, @j);", tx))
        {
            var p = AddParameters(cmd, id, 10);
            foreach (var r in x.ByExpiry)
            {
                (p[0].Value, p[1].Value, p[2].Value, p[3].Value, p[4].Value) = (r.Expiry.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.Settlement, r.DaysToExpiry, r.Years, r.Forward);
                (p[5].Value, p[6].Value, p[7].Value, p[8].Value, p[9].Value) = (r.ForwardFromParity ? 1 : 0, r.Contracts, r.Calls, r.Puts, r.Net);
                cmd.ExecuteNonQuery();
            }
        }
        using (var cmd = Command(_db, "INSERT INTO profile_points (snapshot_id, seq, spot, gex, gex_ex_next_expiry) VALUES (@id, @a, @b, @c, @d);", tx))
        {
            var p = AddParameters(cmd, id, 4);
            for (var i = 0; i < x.Profile.Count; i++)
            {
                var r = x.Profile[i];
                (p[0].Value, p[1].Value, p[2].Value, p[3].Value) = (i, r.Spot, r.Gex, r.GexExNextExpiry);
                cmd.ExecuteNonQuery();
            }
        }
        if (s.Source.RawBytes is { } raw)
        {
            using var cmd = Command(_db, "INSERT INTO raw_chains (snapshot_id, file_name, bytes) VALUES (@id, @n, @b);", tx);
            cmd.Parameters.AddWithValue("@id", id);
            cmd.Parameters.AddWithValue("@n", s.Source.FileName);
            cmd.Parameters.AddWithValue("@b", raw);
            cmd.ExecuteNonQuery();
        }
    }

    private static SqliteParameter[] AddParameters(SqliteCommand cmd, long id, int count)
    {
        cmd.Parameters.AddWithValue("@id", id);
        var p = new SqliteParameter[count];
        for (var i = 0; i < count; i++) p[i] = cmd.Parameters.Add(new SqliteParameter("@" + (char)('a' + i), DBNull.Value));
        cmd.Prepare();
        return p;
    }

    /// <summary>Stored snapshots of one underlying (matched case-insensitively), by instant then id, filtered as the query says (other filters match exactly).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is null.</exception>
    /// <exception cref="StoreException">The file could not be read.</exception>
    public IReadOnlyList<StoredSnapshot> Query(SnapshotQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Read(() =>
        {
            using var cmd = Command(_db, "");
            cmd.Parameters.AddWithValue("@u", query.Underlying);
            cmd.CommandText = $"SELECT id, instant_ms, {SnapshotRows.SelectColumns.Replace("ingested_at", "ingested_ms AS ingested_at", StringComparison.Ordinal)} FROM snapshots WHERE underlying = @u COLLATE NOCASE"
                + SnapshotRows.AddFilters(cmd, query, "instant_ms", i => i.ToUnixTimeMilliseconds()) + " ORDER BY instant_ms, id;";
            using var r = cmd.ExecuteReader();
            var list = new List<StoredSnapshot>();
            while (r.Read()) list.Add(SnapshotRows.Read(r, Instant));
            return list;
        });
    }

    private static DateTimeOffset Instant(DbDataReader r, int i) => DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(i));

    /// <inheritdoc />
    public long Count() => Read(() => Convert.ToInt64(Scalar(_db, "SELECT COUNT(*) FROM snapshots;"), CultureInfo.InvariantCulture));

    /// <inheritdoc />
    public IReadOnlyList<string> Underlyings() => Read(() =>
    {
        using var cmd = Command(_db, "SELECT DISTINCT upper(underlying) FROM snapshots;");
        return SnapshotRows.SortedStrings(cmd);
    });

    /// <inheritdoc />
    public LevelsReport? LoadLevels(long id) => Read(() =>
    {
        using var cmd = Command(_db, "SELECT levels_json FROM snapshots WHERE id = @id;");
        cmd.Parameters.AddWithValue("@id", id);
        return cmd.ExecuteScalar() is string json ? SnapshotRows.ReadLevels(json) : null;
    });

    /// <inheritdoc />
    public ExposureReport? LoadExposure(long id) => Read(() =>
    {
        using var tx = _db.BeginTransaction(deferred: true);
        using var head = Command(_db, "SELECT unit FROM snapshots WHERE id = @id;", tx);
        head.Parameters.AddWithValue("@id", id);
        if (head.ExecuteScalar() is not string unitCode) return null;
        var strikes = new List<StrikeExposure>();
        using (var cmd = Command(_db, "SELECT strike, calls, puts, net, absolute FROM strike_exposure WHERE snapshot_id = @id ORDER BY strike;", tx))
        {
            cmd.Parameters.AddWithValue("@id", id);
            using var r = cmd.ExecuteReader();
            while (r.Read()) strikes.Add(new StrikeExposure(r.GetDouble(0), r.GetDouble(1), r.GetDouble(2), r.GetDouble(3), r.GetDouble(4)));
        }
        var expiries = new List<ExpiryExposure>();
        using (var cmd = Command(_db, "SELECT expiry, settlement, days_to_expiry, years, forward, forward_from_parity, contracts, calls, puts, net FROM expiry_exposure WHERE snapshot_id = @id ORDER BY expiry, settlement;", tx))
        {
            cmd.Parameters.AddWithValue("@id", id);
            using var r = cmd.ExecuteReader();
            while (r.Read())
                expiries.Add(new ExpiryExposure(DateOnly.ParseExact(r.GetString(0), "yyyy-MM-dd", CultureInfo.InvariantCulture), r.GetString(1), r.GetInt32(2), r.GetDouble(3), r.GetDouble(4), r.GetInt32(5) != 0, r.GetInt32(6), r.GetDouble(7), r.GetDouble(8), r.GetDouble(9)));
        }
        var profile = new List<ProfilePoint>();
        using (var cmd = Command(_db, "SELECT spot, gex, gex_ex_next_expiry FROM profile_points WHERE snapshot_id = @id ORDER BY seq;", tx))
        {
            cmd.Parameters.AddWithValue("@id", id);
            using var r = cmd.ExecuteReader();
            while (r.Read()) profile.Add(new ProfilePoint(r.GetDouble(0), r.GetDouble(1), r.GetDouble(2)));
        }
        return new ExposureReport(StoreUnits.Parse(unitCode), strikes, expiries, profile);
    });

    /// <inheritdoc />
    public byte[]? LoadRaw(long id) => Read(() =>
    {
        using var cmd = Command(_db, "SELECT bytes FROM raw_chains WHERE snapshot_id = @id;");
        cmd.Parameters.AddWithValue("@id", id);
        return cmd.ExecuteScalar() as byte[];
    });

    /// <summary>SQLite's <c>PRAGMA integrity_check</c> (every line other than "ok") and <c>PRAGMA foreign_key_check</c> (one line per violating row); empty when sound.</summary>
    public IReadOnlyList<string> Check() => Read(() =>
    {
        var problems = new List<string>();
        using (var cmd = Command(_db, "PRAGMA integrity_check;"))
        using (var r = cmd.ExecuteReader())
            while (r.Read()) if (r.GetString(0) != "ok") problems.Add(r.GetString(0));
        using (var cmd = Command(_db, "PRAGMA foreign_key_check;"))
        using (var r = cmd.ExecuteReader())
            while (r.Read()) problems.Add($"foreign key violation in {r.GetString(0)} row {r.GetValue(1)}");
        return (IReadOnlyList<string>)problems;
    });

    private T Read<T>(Func<T> read)
    {
        try { return read(); }
        catch (SqliteException e) { throw new StoreException($"Cannot read the SQLite store '{Path}': {Reason(e)}", e); }
    }

    internal static string SessionDate(DateTimeOffset instant) =>
        DateOnly.FromDateTime(Core.Time.UsEastern.ToEastern(instant).DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Reason(Exception e) => e switch
    {
        SqliteException s when s.SqliteErrorCode == 26 => "the file is not a SQLite database.",
        SqliteException s when s.SqliteErrorCode == 14 => "the file cannot be opened (check the path and permissions).",
        SqliteException s when s.SqliteErrorCode == 8 => "the file is read-only.",
        SqliteException s when s.SqliteErrorCode == 5 => "the database stayed locked by another process for 60 s.",
        _ => e.Message,
    };

    private static SqliteCommand Command(SqliteConnection db, string sql, SqliteTransaction? tx = null)
    {
        var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        return cmd;
    }

    private static void Exec(SqliteConnection db, string sql, SqliteTransaction? tx = null)
    {
        using var cmd = Command(db, sql, tx);
        cmd.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection db, string sql, SqliteTransaction? tx = null)
    {
        using var cmd = Command(db, sql, tx);
        return cmd.ExecuteScalar();
    }

    /// <summary>Closes the connection to the file (connections are not pooled, so the file is released).</summary>
    public void Dispose() => _db.Dispose();
}

/// <summary>Unit codes as stored.</summary>
internal static class StoreUnits
{
    public static Core.Exposure.GexUnit Parse(string code) =>
        Core.Exposure.GexUnits.TryParse(code, out var u) ? u : throw new StoreException($"The store holds an unknown unit code '{code}'.");
}
