using DealerFlow.Core.Chain;
using DealerFlow.Core.Exposure;
using DealerFlow.Core.Levels;

namespace DealerFlow.Data.Store;

/// <summary>
/// What a live process (the single-process server's writer, a cluster grain) stores for a chain a source pushed: the
/// settings of <c>dealerflow ingest</c>'s defaults (dealerflow method, classic positioning, every expiry, $ per 1%
/// move), the key looked up before pricing, and the snapshot with its source named "live: ORIGIN". One place, so every
/// live path writes the same kind of snapshot under the same key and a chain pushed twice is stored once.
/// </summary>
public static class LiveSnapshots
{
    /// <summary>The engine settings of a live snapshot: <see cref="EngineSettings.Default"/> (classic positioning, every expiry).</summary>
    public static EngineSettings Engine { get; } = EngineSettings.Default;

    /// <summary>The levels settings of a live snapshot: the defaults with exposures in $ per 1% move.</summary>
    public static LevelsSettings Levels { get; } = LevelsSettings.Default with { Unit = GexUnit.DollarsPerPercent };

    /// <summary>The settings key of a live snapshot (<see cref="Snapshots.SettingsKey"/> of <see cref="Engine"/> and <see cref="Levels"/>).</summary>
    public static string SettingsKey { get; } = Snapshots.SettingsKey(Engine, Levels);

    /// <summary>The key <paramref name="chain"/> is stored under as a live snapshot; <paramref name="contentHash"/> is its <see cref="Snapshots.ContentHash"/>.</summary>
    public static SnapshotKey Key(ChainSnapshot chain, string contentHash) =>
        Snapshots.Key(chain, LevelsCalculator.MethodName, Engine.Positioning.Name, SettingsKey, contentHash);

    /// <summary>
    /// The live snapshot of an analysis computed with <see cref="Engine"/> and <see cref="Levels"/>. Format "live": the
    /// chain came from a source, not a file ingest read; <paramref name="origin"/> names the file or endpoint.
    /// <paramref name="rawBytes"/>, when given, is stored with it under <paramref name="rawFormat"/>.
    /// </summary>
    public static SnapshotToStore Create(GexAnalysis analysis, string origin, string contentHash, byte[]? rawBytes = null, string rawFormat = "live") =>
        Snapshots.Create(new SnapshotSource("live: " + origin, rawFormat, contentHash, rawBytes), SettingsKey, analysis);
}
