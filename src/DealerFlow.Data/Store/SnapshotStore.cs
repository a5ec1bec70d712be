namespace DealerFlow.Data.Store;

/// <summary>Opens the store a <c>--db</c> value names.</summary>
public static class SnapshotStore
{
    /// <summary>The embedded default, relative to the working directory.</summary>
    public static readonly string DefaultPath = Path.Combine("dealerflow-data", "dealerflow.db");

    /// <summary>True for a postgres:// or postgresql:// URL or a keyword connection string with Host= (or Server=).</summary>
    public static bool IsPostgres(string location) =>
        location.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || location.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || System.Text.RegularExpressions.Regex.IsMatch(location, @"(^|;)\s*(host|server)\s*=", System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    /// <summary>Opens and migrates: PostgreSQL for a URL or connection string, otherwise a SQLite file (default <see cref="DefaultPath"/>).</summary>
    public static ISnapshotStore Open(string? location)
    {
        location = string.IsNullOrWhiteSpace(location) ? DefaultPath : location.Trim();
        return IsPostgres(location) ? PostgresSnapshotStore.Open(location) : SqliteSnapshotStore.Open(location);
    }
}
