using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using DealerFlow.Core.Levels;
using Npgsql;
using NpgsqlTypes;

namespace DealerFlow.Data.Store;

/// <summary>
/// The server store: PostgreSQL via Npgsql. The snapshots table is range-partitioned by instant, one partition per
/// calendar month (UTC), created on demand in its own short transaction before the first snapshot of that month.
/// The child rows (by strike, by expiry, profile) are written with binary COPY inside the snapshot's transaction,
/// so a snapshot is committed whole or not at all. Commits are durable (synchronous_commit as the server sets it, on by default).
/// </summary>
public sealed class PostgresSnapshotStore : ISnapshotStore
{
    /// <summary>Advisory lock key taken while migrating and while creating partitions ("DFLO").</summary>
    private const long LockKey = 0x44464C4F;

    private static readonly string[] Migrations =
    [
        """
        CREATE SEQUENCE snapshots_id_seq;
        CREATE TABLE snapshots (
            id bigint NOT NULL DEFAULT nextval('snapshots_id_seq'),
            underlying text NOT NULL,
            instant timestamptz NOT NULL,
            offset_minutes integer NOT NULL,
            session_date date NOT NULL,
            source_file text NOT NULL,
            source_format text NOT NULL,
            content_hash text NOT NULL,
            method text NOT NULL,
            positioning text NOT NULL,
            positioning_description text NOT NULL,
            unit text NOT NULL,
            filter text NOT NULL,
            settings_key text NOT NULL,
            spot double precision NOT NULL,
            total_gex double precision NOT NULL,
            regime text NOT NULL,
            zero_gamma double precision,
            zero_gamma_crossings text NOT NULL,
            distance_to_flip double precision,
            call_wall double precision, call_wall_gex double precision,
            put_wall double precision, put_wall_gex double precision,
            abs_gamma_strike double precision, abs_gamma_gex double precision,
            gamma_tilt double precision,
            dex_shares double precision, dex_usd double precision,
            vanna_shares double precision, vanna_usd double precision,
            charm_shares double precision, charm_usd double precision,
            implied_move double precision, implied_move_pct double precision, atm_iv double precision,
            contracts_used integer NOT NULL,
            strike_rows integer NOT NULL,
            expiry_rows integer NOT NULL,
            profile_rows integer NOT NULL,
            has_raw boolean NOT NULL,
            levels_json jsonb NOT NULL,
            ingested_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (id, instant),
            UNIQUE (underlying, instant, method, positioning, settings_key, content_hash)
        ) PARTITION BY RANGE (instant);
        CREATE INDEX snapshots_by_underlying_instant ON snapshots (underlying, instant);
        CREATE TABLE strike_exposure (
            snapshot_id bigint NOT NULL,
            strike double precision NOT NULL, calls double precision NOT NULL, puts double precision NOT NULL,
            net double precision NOT NULL, absolute double precision NOT NULL,
            PRIMARY KEY (snapshot_id, strike)
        );
        CREATE TABLE expiry_exposure (
            snapshot_id bigint NOT NULL,
            expiry date NOT NULL, settlement text NOT NULL, days_to_expiry integer NOT NULL, years double precision NOT NULL,
            forward double precision NOT NULL, forward_from_parity boolean NOT NULL, contracts integer NOT NULL,
            calls double precision NOT NULL, puts double precision NOT NULL, net double precision NOT NULL,
            PRIMARY KEY (snapshot_id, expiry, settlement)
        );
        CREATE TABLE profile_points (
            snapshot_id bigint NOT NULL,
            seq integer NOT NULL, spot double precision NOT NULL, gex double precision NOT NULL, gex_ex_next_expiry double precision NOT NULL,
            PRIMARY KEY (snapshot_id, seq)
        );
        CREATE TABLE raw_chains (
            snapshot_id bigint PRIMARY KEY,
            file_name text NOT NULL,
            bytes bytea NOT NULL
        );
        """,
    ];

    private readonly NpgsqlDataSource _source;
    private readonly ConcurrentDictionary<string, bool> _partitions = new();

    private PostgresSnapshotStore(NpgsqlDataSource source, string where, int version)
    {
        _source = source;
        Description = $"PostgreSQL {where} (snapshots partitioned by month)";
        SchemaVersion = version;
    }

    /// <inheritdoc />
    public string Description { get; }

    /// <inheritdoc />
    public int SchemaVersion { get; }

    /// <summary>Opens and migrates the store; <paramref name="connection"/> is a postgres:// URL or a Npgsql connection string.</summary>
    public static PostgresSnapshotStore Open(string connection)
    {
        var builder = ConnectionString(connection);
        var where = $"{builder.Host}:{builder.Port}/{builder.Database}";
        var source = NpgsqlDataSource.Create(builder);
        try
        {
            using var db = source.OpenConnection();
            var version = Migrate(db);
            return new PostgresSnapshotStore(source, where, version);
        }
        catch (Exception e) when (e is NpgsqlException or StoreException or InvalidOperationException)
        {
            source.Dispose();
            throw e as StoreException ?? new StoreException($"Cannot open the PostgreSQL store {where}: {Reason(e)}", e);
        }
    }

    /// <summary>
    /// A postgres:// or postgresql:// URL (user, password, host, port, database; query parameters such as sslmode)
    /// or a Npgsql keyword connection string (Host=...;Username=...).
    /// </summary>
    public static NpgsqlConnectionStringBuilder ConnectionString(string connection)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connection);
        try
        {
            if (!connection.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) && !connection.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
                return new NpgsqlConnectionStringBuilder(connection);
            var uri = new Uri(connection);
            var b = new NpgsqlConnectionStringBuilder { Host = uri.Host, Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port };
            var db = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
            if (db.Length > 0) b.Database = db;
            if (uri.UserInfo.Length > 0)
            {
                var colon = uri.UserInfo.IndexOf(':');
                b.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
                if (colon >= 0) b.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
            foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=');
                if (eq <= 0) continue;
                b[Uri.UnescapeDataString(pair[..eq]).Replace("sslmode", "SSL Mode", StringComparison.OrdinalIgnoreCase)] = Uri.UnescapeDataString(pair[(eq + 1)..]);
            }
            return b;
        }
        catch (Exception e) when (e is UriFormatException or ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new StoreException($"'{Redact(connection)}' is not a PostgreSQL URL (postgres://user:pass@host:port/db) or connection string (Host=...;Username=...;Database=...): {e.Message}", e);
        }
    }

    private static string Redact(string connection) =>
        System.Text.RegularExpressions.Regex.Replace(connection, @"(://[^:/@]*:)[^@]*@|(password=)[^;]*", m => m.Groups[1].Success ? m.Groups[1].Value + "***@" : m.Groups[2].Value + "***", System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    private static int Migrate(NpgsqlConnection db)
    {
        using var tx = db.BeginTransaction();
        Exec(db, $"SELECT pg_advisory_xact_lock({LockKey});", tx);
        Exec(db, "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now(), description text NOT NULL);", tx);
        using (var cmd = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_version;", db, tx))
        {
            var current = Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
            if (current > Migrations.Length)
                throw new StoreException($"The PostgreSQL store is at schema version {current}, newer than this dealerflow knows ({Migrations.Length}); use a newer dealerflow.");
            for (var v = current + 1; v <= Migrations.Length; v++)
            {
                Exec(db, Migrations[v - 1], tx);
                using var ins = new NpgsqlCommand("INSERT INTO schema_version (version, description) VALUES (@v, @d);", db, tx);
                ins.Parameters.AddWithValue("v", v);
                ins.Parameters.AddWithValue("d", v == 1 ? "snapshots (partitioned by month), strike_exposure, expiry_exposure, profile_points, raw_chains" : $"migration {v}");
                ins.ExecuteNonQuery();
            }
        }
        tx.Commit();
        return Migrations.Length;
    }

    /// <summary>Name of the month partition holding <paramref name="instant"/>, e.g. snapshots_2025_05.</summary>
    public static string PartitionName(DateTimeOffset instant)
    {
        var u = instant.UtcDateTime;
        return $"snapshots_{u.Year:D4}_{u.Month:D2}";
    }

    private void EnsurePartition(NpgsqlConnection db, DateTimeOffset instant)
    {
        var name = PartitionName(instant);
        if (_partitions.ContainsKey(name)) return;
        var u = instant.UtcDateTime;
        var from = new DateTime(u.Year, u.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        var to = from.AddMonths(1);
        using var tx = db.BeginTransaction();
        Exec(db, $"SELECT pg_advisory_xact_lock({LockKey});", tx);
        Exec(db, $"CREATE TABLE IF NOT EXISTS {name} PARTITION OF snapshots FOR VALUES FROM ('{from:yyyy-MM-dd} 00:00:00+00') TO ('{to:yyyy-MM-dd} 00:00:00+00');", tx);
        tx.Commit();
        _partitions[name] = true;
    }

    /// <inheritdoc />
    public SaveResult Save(SnapshotToStore snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        try
        {
            using var db = _source.OpenConnection();
            var asOf = snapshot.Levels.AsOf;
            EnsurePartition(db, asOf);
            using var tx = db.BeginTransaction();
            var values = SnapshotRows.Values(snapshot);
            var names = new List<string> { "instant", "session_date" };
            names.AddRange(values.Select(v => v.Name));
            var placeholders = names.Select(n => n == "levels_json" ? "@levels_json::jsonb" : "@" + n);
            using var insert = new NpgsqlCommand($"INSERT INTO snapshots ({string.Join(", ", names)}) VALUES ({string.Join(", ", placeholders)}) ON CONFLICT DO NOTHING RETURNING id;", db, tx);
            insert.Parameters.AddWithValue("instant", asOf.ToUniversalTime());
            insert.Parameters.AddWithValue("session_date", DateOnly.FromDateTime(Core.Time.UsEastern.ToEastern(asOf).DateTime));
            foreach (var (name, value) in values)
            {
                if (value is null) insert.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Double) { Value = DBNull.Value });
                else insert.Parameters.AddWithValue(name, value);
            }
            var inserted = insert.ExecuteScalar();
            if (inserted is null or DBNull)
            {
                var existing = FindIn(db, snapshot.Key, tx) ?? throw new StoreException($"Snapshot of {snapshot.Source.FileName} neither inserted nor found.");
                tx.Rollback();
                return new SaveResult(SaveStatus.AlreadyStored, existing);
            }
            var id = Convert.ToInt64(inserted, CultureInfo.InvariantCulture);
            WriteChildren(db, id, snapshot, tx);
            tx.Commit();
            return new SaveResult(SaveStatus.Stored, id);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            throw new StoreException($"Cannot store {snapshot.Source.FileName} in {Description}: {Reason(e)}", e);
        }
    }

    /// <inheritdoc />
    public long? Find(SnapshotKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Read(db => FindIn(db, key, null));
    }

    private static long? FindIn(NpgsqlConnection db, SnapshotKey key, NpgsqlTransaction? tx)
    {
        using var find = new NpgsqlCommand("SELECT id FROM snapshots WHERE underlying = @u AND instant = @i AND method = @m AND positioning = @p AND settings_key = @k AND content_hash = @h;", db, tx);
        SnapshotRows.AddKey(find, key, key.Instant.ToUniversalTime());
        return find.ExecuteScalar() is { } id and not DBNull ? Convert.ToInt64(id, CultureInfo.InvariantCulture) : null;
    }

    private static void WriteChildren(NpgsqlConnection db, long id, SnapshotToStore s, NpgsqlTransaction tx)
    {
        var x = s.Exposure;
        Copy(db, "strike_exposure (snapshot_id, strike, calls, puts, net, absolute)", x.ByStrike, id, (w, r, _) => Doubles(w, r.Strike, r.Calls, r.Puts, r.Net, r.Absolute));
        Copy(db, "expiry_exposure (snapshot_id, expiry, settlement, days_to_expiry, years, forward, forward_from_parity, contracts, calls, puts, net)", x.ByExpiry, id, (w, r, _) =>
        {
            w.Write(r.Expiry, NpgsqlDbType.Date);
            w.Write(r.Settlement, NpgsqlDbType.Text);
            w.Write(r.DaysToExpiry, NpgsqlDbType.Integer);
            Doubles(w, r.Years, r.Forward);
            w.Write(r.ForwardFromParity, NpgsqlDbType.Boolean);
            w.Write(r.Contracts, NpgsqlDbType.Integer);
            Doubles(w, r.Calls, r.Puts, r.Net);
        });
        Copy(db, "profile_points (snapshot_id, seq, spot, gex, gex_ex_next_expiry)", x.Profile, id, (w, r, i) =>
        {
            w.Write(i, NpgsqlDbType.Integer);
            Doubles(w, r.Spot, r.Gex, r.GexExNextExpiry);
        });
        if (s.Source.RawBytes is { } raw)
        {
            using var cmd = new NpgsqlCommand("INSERT INTO raw_chains (snapshot_id, file_name, bytes) VALUES (@id, @n, @b);", db, tx);
            cmd.Parameters.AddWithValue("id", id);
            cmd.Parameters.AddWithValue("n", s.Source.FileName);
            cmd.Parameters.AddWithValue("b", raw);
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>Binary COPY of <paramref name="rows"/> into <paramref name="table"/> (its column list first): each row starts with the snapshot id, then what <paramref name="write"/> writes for the row and its index.</summary>
    private static void Copy<T>(NpgsqlConnection db, string table, IReadOnlyList<T> rows, long id, Action<NpgsqlBinaryImporter, T, int> write)
    {
        using var w = db.BeginBinaryImport($"COPY {table} FROM STDIN (FORMAT BINARY)");
        for (var i = 0; i < rows.Count; i++)
        {
            w.StartRow();
            w.Write(id, NpgsqlDbType.Bigint);
            write(w, rows[i], i);
        }
        w.Complete();
    }

    private static void Doubles(NpgsqlBinaryImporter w, params ReadOnlySpan<double> values)
    {
        foreach (var v in values) w.Write(v, NpgsqlDbType.Double);
    }

    /// <inheritdoc />
    public IReadOnlyList<StoredSnapshot> Query(SnapshotQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Read(db =>
        {
            using var cmd = new NpgsqlCommand("", db);
            cmd.Parameters.AddWithValue("@u", query.Underlying);
            cmd.CommandText = $"SELECT id, instant, {SnapshotRows.SelectColumns} FROM snapshots WHERE upper(underlying) = upper(@u)"
                + SnapshotRows.AddFilters(cmd, query, "instant", i => i.ToUniversalTime()) + " ORDER BY instant, id;";
            using var r = cmd.ExecuteReader();
            var list = new List<StoredSnapshot>();
            while (r.Read()) list.Add(SnapshotRows.Read(r, Instant));
            return list;
        });
    }

    private static DateTimeOffset Instant(DbDataReader r, int i) => new(DateTime.SpecifyKind(r.GetDateTime(i), DateTimeKind.Utc));

    /// <inheritdoc />
    public long Count() => Read(db =>
    {
        using var cmd = new NpgsqlCommand("SELECT COUNT(*) FROM snapshots;", db);
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    });

    /// <inheritdoc />
    public IReadOnlyList<string> Underlyings() => Read(db =>
    {
        using var cmd = new NpgsqlCommand("SELECT DISTINCT upper(underlying) FROM snapshots;", db);
        return SnapshotRows.SortedStrings(cmd);
    });

    /// <inheritdoc />
    public LevelsReport? LoadLevels(long id) => Read(db =>
    {
        using var cmd = new NpgsqlCommand("SELECT levels_json::text FROM snapshots WHERE id = @id;", db);
        cmd.Parameters.AddWithValue("id", id);
        return cmd.ExecuteScalar() is string json ? SnapshotRows.ReadLevels(json) : null;
    });

    /// <inheritdoc />
    public ExposureReport? LoadExposure(long id) => Read(db =>
    {
        using var tx = db.BeginTransaction(System.Data.IsolationLevel.RepeatableRead);
        using var head = new NpgsqlCommand("SELECT unit FROM snapshots WHERE id = @id;", db, tx);
        head.Parameters.AddWithValue("id", id);
        if (head.ExecuteScalar() is not string unitCode) return null;
        var strikes = new List<StrikeExposure>();
        using (var cmd = new NpgsqlCommand("SELECT strike, calls, puts, net, absolute FROM strike_exposure WHERE snapshot_id = @id ORDER BY strike;", db, tx))
        {
            cmd.Parameters.AddWithValue("id", id);
            using var r = cmd.ExecuteReader();
            while (r.Read()) strikes.Add(new StrikeExposure(r.GetDouble(0), r.GetDouble(1), r.GetDouble(2), r.GetDouble(3), r.GetDouble(4)));
        }
        var expiries = new List<ExpiryExposure>();
        using (var cmd = new NpgsqlCommand("SELECT expiry, settlement, days_to_expiry, years, forward, forward_from_parity, contracts, calls, puts, net FROM expiry_exposure WHERE snapshot_id = @id ORDER BY expiry, settlement;", db, tx))
        {
            cmd.Parameters.AddWithValue("id", id);
            using var r = cmd.ExecuteReader();
            while (r.Read())
                expiries.Add(new ExpiryExposure(r.GetFieldValue<DateOnly>(0), r.GetString(1), r.GetInt32(2), r.GetDouble(3), r.GetDouble(4), r.GetBoolean(5), r.GetInt32(6), r.GetDouble(7), r.GetDouble(8), r.GetDouble(9)));
        }
        var profile = new List<ProfilePoint>();
        using (var cmd = new NpgsqlCommand("SELECT spot, gex, gex_ex_next_expiry FROM profile_points WHERE snapshot_id = @id ORDER BY seq;", db, tx))
        {
            cmd.Parameters.AddWithValue("id", id);
            using var r = cmd.ExecuteReader();
            while (r.Read()) profile.Add(new ProfilePoint(r.GetDouble(0), r.GetDouble(1), r.GetDouble(2)));
        }
        tx.Commit();
        return new ExposureReport(StoreUnits.Parse(unitCode), strikes, expiries, profile);
    });

    /// <inheritdoc />
    public byte[]? LoadRaw(long id) => Read(db =>
    {
        using var cmd = new NpgsqlCommand("SELECT bytes FROM raw_chains WHERE snapshot_id = @id;", db);
        cmd.Parameters.AddWithValue("id", id);
        return cmd.ExecuteScalar() as byte[];
    });

    /// <summary>Child rows (strike and expiry exposure, profile points, raw chains) that belong to no snapshot, and snapshots whose recorded child-row counts differ from the rows present; empty when sound.</summary>
    public IReadOnlyList<string> Check() => Read(db =>
    {
        var problems = new List<string>();
        foreach (var table in new[] { "strike_exposure", "expiry_exposure", "profile_points", "raw_chains" })
        {
            using var cmd = new NpgsqlCommand($"SELECT COUNT(*) FROM {table} c WHERE NOT EXISTS (SELECT 1 FROM snapshots s WHERE s.id = c.snapshot_id);", db);
            var orphans = Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
            if (orphans > 0) problems.Add($"{orphans} rows of {table} belong to no snapshot");
        }
        using (var cmd = new NpgsqlCommand("SELECT s.id FROM snapshots s WHERE s.strike_rows <> (SELECT COUNT(*) FROM strike_exposure c WHERE c.snapshot_id = s.id) OR s.expiry_rows <> (SELECT COUNT(*) FROM expiry_exposure c WHERE c.snapshot_id = s.id) OR s.profile_rows <> (SELECT COUNT(*) FROM profile_points c WHERE c.snapshot_id = s.id);", db))
        using (var r = cmd.ExecuteReader())
            while (r.Read()) problems.Add($"snapshot {r.GetInt64(0)} has a different number of child rows than it recorded");
        return (IReadOnlyList<string>)problems;
    });

    private T Read<T>(Func<NpgsqlConnection, T> read)
    {
        try
        {
            using var db = _source.OpenConnection();
            return read(db);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            throw new StoreException($"Cannot read {Description}: {Reason(e)}", e);
        }
    }

    private static string Reason(Exception e) => e switch
    {
        PostgresException p => $"{p.MessageText} (SQLSTATE {p.SqlState}).",
        NpgsqlException { InnerException: System.Net.Sockets.SocketException s } => $"cannot connect ({s.Message}); is the server running?",
        _ => e.Message,
    };

    private static void Exec(NpgsqlConnection db, string sql, NpgsqlTransaction? tx = null)
    {
        using var cmd = new NpgsqlCommand(sql, db, tx);
        cmd.ExecuteNonQuery();
    }

    /// <summary>Disposes the connection pool (the data source); open connections close.</summary>
    public void Dispose() => _source.Dispose();
}
