using DealerFlow.Core.Exposure;
using DealerFlow.Core.Levels;

namespace DealerFlow.Data.Store;

/// <summary>Where a snapshot came from: file name, format code, SHA-256 of the file's bytes (hex), and optionally the bytes.</summary>
public sealed record SnapshotSource(string FileName, string Format, string ContentHash, byte[]? RawBytes = null);

/// <summary>
/// A computed snapshot to store. Idempotency key: underlying, instant, method, positioning, <see cref="SettingsKey"/>
/// (unit, expiry filter and every other setting that changes the numbers) and the content hash of the source.
/// </summary>
public sealed record SnapshotToStore(SnapshotSource Source, string SettingsKey, LevelsReport Levels, ExposureReport Exposure)
{
    public string UnitCode => GexUnits.Code(Levels.Unit);

    public SnapshotKey Key => new(Levels.Underlying, Levels.AsOf, Levels.Method, Levels.Positioning, SettingsKey, Source.ContentHash);
}

/// <summary>What makes a stored snapshot unique: the same chain file computed the same way is stored once.</summary>
public sealed record SnapshotKey(string Underlying, DateTimeOffset Instant, string Method, string Positioning, string SettingsKey, string ContentHash);

public enum SaveStatus
{
    Stored,
    AlreadyStored,
}

/// <summary>What <see cref="ISnapshotStore.Save"/> did, and the id of the stored snapshot (the earlier one when already stored).</summary>
public sealed record SaveResult(SaveStatus Status, long Id);

/// <summary>Which snapshots to read; null members do not filter. Instants are inclusive.</summary>
public sealed record SnapshotQuery(string Underlying)
{
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? To { get; init; }
    public string? Method { get; init; }
    public string? Positioning { get; init; }
    public string? Unit { get; init; }

    /// <summary>The expiry filter as described when stored, e.g. "all expiries" or "DTE &lt;= 7".</summary>
    public string? Filter { get; init; }
}

/// <summary>One stored snapshot's row: its key, source and every level. Exposures in <see cref="Unit"/>; levels in price units.</summary>
public sealed record StoredSnapshot
{
    public required long Id { get; init; }
    public required string Underlying { get; init; }
    public required DateTimeOffset Instant { get; init; }
    public required string SourceFile { get; init; }
    public required string SourceFormat { get; init; }
    public required string ContentHash { get; init; }
    public required string Method { get; init; }
    public required string Positioning { get; init; }
    public required string PositioningDescription { get; init; }
    public required string Unit { get; init; }
    public required string Filter { get; init; }
    public required string SettingsKey { get; init; }
    public required double Spot { get; init; }
    public required double TotalGex { get; init; }
    public required string Regime { get; init; }
    public double? ZeroGamma { get; init; }
    public required IReadOnlyList<double> ZeroGammaCrossings { get; init; }
    public double? DistanceToFlip { get; init; }
    public double? CallWall { get; init; }
    public double? CallWallGex { get; init; }
    public double? PutWall { get; init; }
    public double? PutWallGex { get; init; }
    public double? AbsoluteGammaStrike { get; init; }
    public double? AbsoluteGammaStrikeGex { get; init; }
    public double? GammaTilt { get; init; }
    public double? DeltaExposureShares { get; init; }
    public double? DeltaExposureDollars { get; init; }
    public double? VannaExposureShares { get; init; }
    public double? VannaExposureDollars { get; init; }
    public double? CharmExposureShares { get; init; }
    public double? CharmExposureDollars { get; init; }
    public double? ImpliedMove { get; init; }
    public double? ImpliedMovePct { get; init; }
    public double? AtmIv { get; init; }
    public required int ContractsUsed { get; init; }

    /// <summary>Rows written to the child tables in the same transaction as this row.</summary>
    public required int StrikeRows { get; init; }
    public required int ExpiryRows { get; init; }
    public required int ProfileRows { get; init; }
    public required bool HasRaw { get; init; }
    public required DateTimeOffset IngestedAt { get; init; }
}

/// <summary>The store could not be opened, migrated, written or read; the message is for people.</summary>
public sealed class StoreException(string message, Exception? inner = null) : Exception(message, inner);
