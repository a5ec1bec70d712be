using DealerFlow.Core.Exposure;
using DealerFlow.Core.History;
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
    /// <summary>The stored code of the report's unit (<see cref="GexUnits.Code"/>), for example "usd-per-1pct".</summary>
    public string UnitCode => GexUnits.Code(Levels.Unit);

    /// <summary>The idempotency key: underlying, instant, method and positioning from <see cref="Levels"/>, <see cref="SettingsKey"/>, and the source's content hash.</summary>
    public SnapshotKey Key => new(Levels.Underlying, Levels.AsOf, Levels.Method, Levels.Positioning, SettingsKey, Source.ContentHash);
}

/// <summary>What makes a stored snapshot unique: the same chain file computed the same way is stored once.</summary>
public sealed record SnapshotKey(string Underlying, DateTimeOffset Instant, string Method, string Positioning, string SettingsKey, string ContentHash);

/// <summary>Whether <see cref="ISnapshotStore.Save"/> wrote the snapshot.</summary>
public enum SaveStatus
{
    /// <summary>Written now, with its child rows, in one transaction.</summary>
    Stored,

    /// <summary>A snapshot with the same <see cref="SnapshotKey"/> was stored before; nothing was written.</summary>
    AlreadyStored,
}

/// <summary>What <see cref="ISnapshotStore.Save"/> did, and the id of the stored snapshot (the earlier one when already stored).</summary>
public sealed record SaveResult(SaveStatus Status, long Id);

/// <summary>Which snapshots to read; null members do not filter. Instants are inclusive.</summary>
public sealed record SnapshotQuery(string Underlying)
{
    /// <summary>Earliest snapshot instant to return (inclusive); null = no lower bound.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Latest snapshot instant to return (inclusive); null = no upper bound.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Only snapshots computed by this method ("dealerflow" or "perfiliev"), matched exactly.</summary>
    public string? Method { get; init; }

    /// <summary>Only snapshots with this positioning name (for example "classic"), matched exactly.</summary>
    public string? Positioning { get; init; }

    /// <summary>Only snapshots stored in this unit code (for example "usd-per-1pct"), matched exactly.</summary>
    public string? Unit { get; init; }

    /// <summary>The expiry filter as described when stored, e.g. "all expiries" or "DTE &lt;= 7".</summary>
    public string? Filter { get; init; }
}

/// <summary>
/// One stored snapshot's row: its key, source and every level. Exposures in <see cref="Unit"/>; levels in price units.
/// The headline levels and the instant are those of <see cref="LevelsPoint"/> (<see cref="SnapshotLevels"/>), so the
/// history and the scorecard read a row as it is. The instant is read back with the UTC offset it was stored with
/// (SQLite keeps whole milliseconds).
/// </summary>
public sealed record StoredSnapshot : LevelsPoint
{
    /// <summary>The store's id of the snapshot (the one <see cref="ISnapshotStore.LoadLevels"/> and the other loads take).</summary>
    public required long Id { get; init; }

    /// <summary>Underlying symbol as the chain named it.</summary>
    public required string Underlying { get; init; }

    /// <summary>File name of the chain the snapshot was computed from ("live: SOURCE" for a snapshot the live server wrote).</summary>
    public required string SourceFile { get; init; }

    /// <summary>Format code of that file (<see cref="Snapshots.FormatCode"/>, for example "cboe-csv"; "live" for the live server).</summary>
    public required string SourceFormat { get; init; }

    /// <summary>SHA-256 of the source file's bytes, hex; part of the idempotency key.</summary>
    public required string ContentHash { get; init; }

    /// <summary>Method that computed the levels ("dealerflow" or "perfiliev").</summary>
    public required string Method { get; init; }

    /// <summary>Positioning model's short name, for example "classic".</summary>
    public required string Positioning { get; init; }

    /// <summary>The positioning assumption in one sentence, as reported with the numbers.</summary>
    public required string PositioningDescription { get; init; }

    /// <summary>Unit code of every exposure of the row, for example "usd-per-1pct" ($ per 1% move).</summary>
    public required string Unit { get; init; }

    /// <summary>The expiry filter in words, for example "all expiries".</summary>
    public required string Filter { get; init; }

    /// <summary>Every setting that changes the numbers (unit, filter, rate, forwards, IV source...), as one key string; part of the idempotency key.</summary>
    public required string SettingsKey { get; init; }

    /// <summary>Every zero-gamma crossing found in the searched range, ascending, in price units.</summary>
    public required IReadOnlyList<double> ZeroGammaCrossings { get; init; }

    /// <summary>Spot minus flip, in price units (positive = spot above the flip); null without a flip.</summary>
    public double? DistanceToFlip { get; init; }

    /// <summary>Dealer GEX at the call wall, in <see cref="Unit"/>.</summary>
    public double? CallWallGex { get; init; }

    /// <summary>Dealer GEX at the put wall, in <see cref="Unit"/> (negative under the net definition).</summary>
    public double? PutWallGex { get; init; }

    /// <summary>Unsigned GEX at the absolute gamma strike, in <see cref="Unit"/>.</summary>
    public double? AbsoluteGammaStrikeGex { get; init; }

    /// <summary>Dealer delta exposure, shares of underlying (positive = dealers long); null where the method does not compute it.</summary>
    public double? DeltaExposureShares { get; init; }

    /// <summary>Dealer delta exposure x spot, in $.</summary>
    public double? DeltaExposureDollars { get; init; }

    /// <summary>Change of dealer delta per +1 vol point, in shares.</summary>
    public double? VannaExposureShares { get; init; }

    /// <summary>Change of dealer delta per +1 vol point x spot, in $.</summary>
    public double? VannaExposureDollars { get; init; }

    /// <summary>Change of dealer delta per calendar day passing, in shares.</summary>
    public double? CharmExposureShares { get; init; }

    /// <summary>Change of dealer delta per calendar day passing x spot, in $.</summary>
    public double? CharmExposureDollars { get; init; }

    /// <summary>Implied 1-day move as a percentage of spot.</summary>
    public double? ImpliedMovePct { get; init; }

    /// <summary>Contracts that entered the exposure.</summary>
    public required int ContractsUsed { get; init; }

    /// <summary>Rows written to the child tables in the same transaction as this row.</summary>
    public required int StrikeRows { get; init; }

    /// <summary>Rows of exposure by expiry written with this row.</summary>
    public required int ExpiryRows { get; init; }

    /// <summary>Points of the gamma profile written with this row.</summary>
    public required int ProfileRows { get; init; }

    /// <summary>True when the chain file's bytes were stored too (<see cref="ISnapshotStore.LoadRaw"/>).</summary>
    public required bool HasRaw { get; init; }

    /// <summary>When the row was written, in UTC: the writing process's clock for SQLite, the server's <c>now()</c> for PostgreSQL.</summary>
    public required DateTimeOffset IngestedAt { get; init; }
}

/// <summary>The store could not be opened, migrated, written or read; the message is for people.</summary>
public sealed class StoreException(string message, Exception? inner = null) : Exception(message, inner);
