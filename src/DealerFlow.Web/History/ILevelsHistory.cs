using System.Collections.Concurrent;

namespace DealerFlow.Web.History;

/// <summary>
/// One full recomputation of a symbol's levels, kept for the session's levels-over-time chart and the strike x time
/// heatmap. Exposure is stored in shares per $1 (unit-free) and converted on read; recorded under the classic model and
/// every expiry. <paramref name="Chain"/> is true for the point recorded when a new chain arrived (that chain also goes
/// to the snapshot store), false for a recomputation at a later spot (session only).
/// </summary>
internal sealed record HistoryPoint(
    DateTimeOffset At,
    DateTimeOffset AsOf,
    double Spot,
    double? ZeroGamma,
    double? CallWall,
    double? PutWall,
    double? AbsoluteGammaStrike,
    double NetGexShares,
    string Regime,
    IReadOnlyList<double> Strikes,
    IReadOnlyList<double> NetSharesByStrike,
    bool Chain = false);

/// <summary>
/// The session's level history per symbol, in memory. The history endpoint merges it with the chains kept in the
/// snapshot store (<see cref="LiveStore"/>, written by <see cref="SnapshotWriter"/>).
/// </summary>
internal interface ILevelsHistory
{
    void Append(string symbol, HistoryPoint point);

    /// <summary>Points in time order, at most <paramref name="max"/> of the newest.</summary>
    IReadOnlyList<HistoryPoint> Read(string symbol, int max = int.MaxValue);
}

/// <summary>A bounded ring per symbol; the oldest points fall off at capacity.</summary>
internal sealed class InMemoryLevelsHistory(IOptions<LiveOptions> options) : ILevelsHistory
{
    private readonly int _capacity = options.Value.HistoryCapacity;
    private readonly ConcurrentDictionary<string, LinkedList<HistoryPoint>> _bySymbol = new(StringComparer.OrdinalIgnoreCase);

    public void Append(string symbol, HistoryPoint point)
    {
        var list = _bySymbol.GetOrAdd(symbol, _ => new LinkedList<HistoryPoint>());
        lock (list)
        {
            list.AddLast(point);
            while (list.Count > _capacity) list.RemoveFirst();
        }
    }

    public IReadOnlyList<HistoryPoint> Read(string symbol, int max = int.MaxValue)
    {
        if (!_bySymbol.TryGetValue(symbol, out var list)) return [];
        lock (list)
        {
            return list.Skip(Math.Max(0, list.Count - max)).ToArray();
        }
    }
}
