using System.Reflection;
using DealerFlow.Data.Store;
using Npgsql;

namespace DealerFlow.Cluster.Membership;

/// <summary>
/// The PostgreSQL tables, functions and named statements Orleans' ADO.NET clustering provider needs (the provider ships
/// no scripts): <c>ClusterSchema.sql</c>, embedded in this assembly, written from the provider's contract (statement
/// names, parameter names, result columns). <see cref="EnsureAsync"/> applies it in one transaction under a
/// transaction-scoped advisory lock, so silos that start at the same moment apply it one after the other; every
/// statement in it is idempotent and the named statements are replaced on each run, so it is safe (and cheap) to call
/// on every start. The applied version is recorded in <c>dealerflow_cluster_schema</c>.
/// </summary>
public static class ClusterSchema
{
    /// <summary>The schema version this build applies (raise it when <c>ClusterSchema.sql</c> changes).</summary>
    public const int Version = 2;

    /// <summary>The advisory lock key the migration holds (an arbitrary constant: "DFCLUSTR" as ASCII bytes).</summary>
    private const long LockKey = 0x4446434C55535452;

    private static readonly Lazy<string> Script = new(() =>
    {
        using var stream = typeof(ClusterSchema).Assembly.GetManifestResourceStream("DealerFlow.Cluster.Membership.ClusterSchema.sql")
            ?? throw new InvalidOperationException("ClusterSchema.sql is not embedded in DealerFlow.Cluster.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>
    /// Creates or brings up to date the membership schema in the database of <paramref name="connectionString"/> (a
    /// Npgsql keyword string or a postgres:// URL). Idempotent and safe to run concurrently from several processes.
    /// </summary>
    /// <exception cref="NpgsqlException">The server cannot be reached or refuses the statements.</exception>
    /// <exception cref="StoreException">The database holds a newer schema version than this build's (<see cref="Version"/>).</exception>
    public static async Task EnsureAsync(string connectionString, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        await using var connection = new NpgsqlConnection(PostgresSnapshotStore.ConnectionString(connectionString).ConnectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, tx))
        {
            lockCommand.Parameters.AddWithValue("key", LockKey);
            await lockCommand.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        // An older build must not put its own named statements back under the silos of a newer one.
        if (await RecordedVersion(connection, tx, ct).ConfigureAwait(false) is { } recorded && recorded > Version)
            throw new StoreException($"the cluster database holds membership schema version {recorded}, newer than this build's {Version}: run the newer build of dealerflow.");
        await using (var script = new NpgsqlCommand(Script.Value, connection, tx))
        {
            await script.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await using (var record = new NpgsqlCommand(
            """
            CREATE TABLE IF NOT EXISTS dealerflow_cluster_schema (version integer NOT NULL, applied timestamptz NOT NULL DEFAULT now());
            DELETE FROM dealerflow_cluster_schema;
            INSERT INTO dealerflow_cluster_schema (version) VALUES (@version);
            """, connection, tx))
        {
            record.Parameters.AddWithValue("version", Version);
            await record.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>The schema version recorded in the database, or null before the first run.</summary>
    private static async Task<int?> RecordedVersion(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using (var exists = new NpgsqlCommand("SELECT to_regclass('dealerflow_cluster_schema') IS NOT NULL", connection, tx))
        {
            if (!(bool)(await exists.ExecuteScalarAsync(ct).ConfigureAwait(false))!) return null;
        }
        await using var read = new NpgsqlCommand("SELECT max(version) FROM dealerflow_cluster_schema", connection, tx);
        return await read.ExecuteScalarAsync(ct).ConfigureAwait(false) is int v ? v : null;
    }
}
