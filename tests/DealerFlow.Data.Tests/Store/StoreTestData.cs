using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using DealerFlow.Core.Exposure;
using DealerFlow.Core.Levels;
using DealerFlow.Data.Readers;
using DealerFlow.Data.Store;
using Npgsql;

namespace DealerFlow.Data.Tests.Store;

/// <summary>Real chains from tests/data computed into snapshots to store.</summary>
internal static class StoreTestData
{
    public static string Series(string name) => Path.Combine(RepoPaths.TestData, "series_spy", name);

    private static readonly Dictionary<string, SnapshotToStore> Cache = [];

    /// <summary>The snapshot of a real file, computed with the default settings (cached: pricing is the slow part).</summary>
    public static SnapshotToStore Snapshot(string path, string settingsKey = "unit=usd-per-1pct;filter=all expiries", bool keepRaw = false)
    {
        lock (Cache)
        {
            var cacheKey = path + "|" + settingsKey + "|" + keepRaw;
            if (Cache.TryGetValue(cacheKey, out var s)) return s;
            var bytes = File.ReadAllBytes(path);
            var input = ChainReader.Read(new MemoryStream(bytes), Path.GetFileName(path));
            var analysis = LevelsCalculator.Analyze(ChainPricer.Price(input.Snapshot, EngineSettings.Default), LevelsSettings.Default);
            s = new SnapshotToStore(new SnapshotSource(Path.GetFileName(path), input.Format.ToString(), Convert.ToHexStringLower(SHA256.HashData(bytes)), keepRaw ? bytes : null), settingsKey, analysis.Levels, analysis.Exposure);
            Cache[cacheKey] = s;
            return s;
        }
    }
}

/// <summary>A fact that needs a PostgreSQL server: skipped, with the reason, unless DEALERFLOW_TEST_PG holds a connection string.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string Variable = "DEALERFLOW_TEST_PG";

    /// <param name="test">The test method's name (supplied by the compiler): a skipped test's display name carries the reason, so plain <c>dotnet test</c> output shows it.</param>
    public PostgresFactAttribute([CallerMemberName] string test = "")
    {
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable))) return;
        Skip = $"{Variable} is not set: no PostgreSQL server to test against (export {Variable}=<connection string>, or run .ci/run, which starts PostgreSQL)";
        DisplayName = $"{test} [skipped: {Skip}]";
    }
}

/// <summary>A throw-away database on the DEALERFLOW_TEST_PG server, dropped on dispose.</summary>
internal sealed class TempPostgresDatabase : IDisposable
{
    private readonly NpgsqlConnectionStringBuilder _admin;

    public TempPostgresDatabase()
    {
        _admin = PostgresSnapshotStore.ConnectionString(Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable)!);
        Name = "dftest_" + Guid.NewGuid().ToString("N")[..12];
        using var db = new NpgsqlConnection(_admin.ConnectionString);
        db.Open();
        using var cmd = new NpgsqlCommand($"CREATE DATABASE {Name};", db);
        cmd.ExecuteNonQuery();
        ConnectionString = new NpgsqlConnectionStringBuilder(_admin.ConnectionString) { Database = Name, Pooling = false }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public T Scalar<T>(string sql)
    {
        using var db = new NpgsqlConnection(ConnectionString);
        db.Open();
        using var cmd = new NpgsqlCommand(sql, db);
        return (T)cmd.ExecuteScalar()!;
    }

    public void Dispose()
    {
        using var db = new NpgsqlConnection(_admin.ConnectionString);
        db.Open();
        using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE);", db);
        cmd.ExecuteNonQuery();
    }
}
