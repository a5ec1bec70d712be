using DealerFlow.Cluster.Chains;
using DealerFlow.Core.Chain;
using DealerFlow.Core.Exposure;
using DealerFlow.Core.Levels;
using DealerFlow.Data.Store;

namespace DealerFlow.Cluster.Grains;

/// <summary>
/// A silo's handle on the shared PostgreSQL snapshot store, for its grains: saves a live snapshot with the chain's
/// <see cref="ChainCodec"/> bytes as its raw chain (so a grain on any silo can restore it), and reads the latest one
/// back. <c>null</c> store = disabled (grains keep their state in memory only). Every call is blocking I/O: grains run
/// it off the Orleans scheduler. This type is thread-safe (the PostgreSQL store opens a pooled connection per call).
/// </summary>
internal sealed class ClusterStore(ISnapshotStore? store) : IDisposable
{
    public bool Enabled => store is not null;

    public string Description => store?.Description ?? "disabled";

    /// <summary>Saves the chain's live snapshot once (<see cref="LiveSnapshots.Key"/>): stored now, or the earlier id when already stored.</summary>
    /// <exception cref="StoreException">The store could not be written.</exception>
    public SaveResult Save(ChainSnapshot chain, GexAnalysis analysis, string origin)
    {
        var s = store ?? throw new InvalidOperationException("The cluster store is disabled.");
        var hash = Snapshots.ContentHash(chain);
        if (s.Find(LiveSnapshots.Key(chain, hash)) is { } known) return new SaveResult(SaveStatus.AlreadyStored, known);
        return s.Save(LiveSnapshots.Create(analysis, origin, hash, ChainCodec.Encode(chain), ChainCodec.Format));
    }

    /// <summary>
    /// The latest stored live snapshot of <paramref name="symbol"/> that carries its chain (by instant, then id), with its
    /// origin and id; null when none is stored.
    /// </summary>
    /// <exception cref="StoreException">The store could not be read.</exception>
    /// <exception cref="InvalidDataException">The stored chain bytes do not decode.</exception>
    public (ChainSnapshot Chain, string Origin, long Id)? Latest(string symbol)
    {
        if (store is null) return null;
        var rows = store.Query(new SnapshotQuery(symbol)
        {
            Method = LevelsCalculator.MethodName,
            Positioning = LiveSnapshots.Engine.Positioning.Name,
            Unit = GexUnits.Code(LiveSnapshots.Levels.Unit),
        });
        for (var i = rows.Count - 1; i >= 0; i--)
        {
            var row = rows[i];
            if (row.SourceFormat != ChainCodec.Format || row.SettingsKey != LiveSnapshots.SettingsKey) continue;
            if (store.LoadRaw(row.Id) is not { } bytes) continue;
            const string prefix = "live: ";
            var origin = row.SourceFile.StartsWith(prefix, StringComparison.Ordinal) ? row.SourceFile[prefix.Length..] : row.SourceFile;
            return (ChainCodec.Decode(bytes), origin, row.Id);
        }
        return null;
    }

    public void Dispose() => store?.Dispose();
}
