using DealerFlow.Data.Store;

namespace DealerFlow.Web.Live;

/// <summary>
/// Levels over time: records the session's recomputations (on the default view, <see cref="Key"/>) and merges them
/// with the store's snapshots into the history view.
/// </summary>
internal sealed class LiveHistory(ILevelsHistory history, LiveStore store)
{
    /// <summary>The view history is recorded in: shares per $1 (converted to the asked unit at each point's spot), classic model, every expiry.</summary>
    public static readonly ViewKey Key = new(GexUnit.SharesPerDollar, PositioningModel.Classic, "all");

    /// <summary>Strikes within this fraction of spot are recorded for the heatmap.</summary>
    public const double HeatmapRange = 0.05;

    /// <summary>Records one recomputation of <see cref="Key"/>; <paramref name="chain"/> marks one made for a new chain (not a re-anchor).</summary>
    public void Record(SymbolState s, DateTimeOffset now, GexAnalysis a, bool chain)
    {
        var l = a.Levels;
        var lo = l.Spot * (1 - HeatmapRange);
        var hi = l.Spot * (1 + HeatmapRange);
        var near = a.Exposure.ByStrike.Where(x => x.Strike >= lo && x.Strike <= hi && (x.Calls != 0 || x.Puts != 0)).ToArray();
        history.Append(s.Symbol, new HistoryPoint(now, l.AsOf, l.Spot, l.ZeroGamma, l.CallWall, l.PutWall, l.AbsoluteGammaStrike, l.TotalGex.Value, l.Regime.Label(),
            near.Select(x => x.Strike).ToArray(), near.Select(x => x.Net).ToArray(), chain));
    }

    /// <summary>
    /// Levels over time: the snapshots of this symbol in the store (dealerflow method, classic model, every expiry; one
    /// per instant, converted from the unit stored to <paramref name="unit"/> at that snapshot's spot) merged with the
    /// session's recomputations (a session point recorded for a chain already in the store is left out). Thinned evenly
    /// to at most <paramref name="max"/> points (the newest always kept) so a long history stays one light response.
    /// The heatmap is the session's (the store's strike rows are not read per point).
    /// </summary>
    public HistoryView View(SymbolState s, GexUnit unit, int max = 240, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        bool In(DateTimeOffset t) => (from is null || t >= from) && (to is null || t <= to);
        var session = history.Read(s.Symbol).Where(p => In(p.At)).ToArray();
        IReadOnlyList<StoredSnapshot> stored = [];
        if (store.Enabled)
        {
            var query = new SnapshotQuery(s.Symbol)
            {
                From = from,
                To = to,
                Method = LevelsCalculator.MethodName,
                Positioning = Positioning.ModelCode(PositioningModel.Classic),
                Filter = ExpiryFilter.All.Describe(),
            };
            if (!store.TryUse(st => st.Query(query), "reading the history", out stored)) stored = [];
        }
        var byInstant = stored.Where(x => GexUnits.TryParse(x.Unit, out _)).GroupBy(x => x.Instant.UtcTicks).Select(g => g.MaxBy(x => x.Id)!).ToArray();
        var storedInstants = byInstant.Select(x => x.Instant.UtcTicks).ToHashSet();
        var rows = byInstant.Select(x => new HistoryRow(x.Instant, x.Instant, x.Spot, x.ZeroGamma, x.CallWall, x.PutWall, x.AbsoluteGammaStrike,
                ConvertStored(x.TotalGex, x.Unit, unit, x.Spot), x.Regime, "store"))
            .Concat(session.Where(p => !(p.Chain && storedInstants.Contains(p.AsOf.UtcTicks))).Select(p => new HistoryRow(p.At, p.AsOf, p.Spot, p.ZeroGamma,
                p.CallWall, p.PutWall, p.AbsoluteGammaStrike, p.NetGexShares * GexUnits.Factor(unit, p.Spot), p.Regime, "session")))
            .OrderBy(r => r.At).ToArray();
        var points = Thin(session, max);
        var strikes = points.SelectMany(p => p.Strikes).Distinct().Order().ToArray();
        var index = strikes.Select((k, i) => (k, i)).ToDictionary(x => x.k, x => x.i);
        var cells = new List<IReadOnlyList<double?>>(points.Count);
        foreach (var p in points)
        {
            var column = new double?[strikes.Length];
            var f = GexUnits.Factor(unit, p.Spot);
            for (var i = 0; i < p.Strikes.Count; i++) column[index[p.Strikes[i]]] = p.NetSharesByStrike[i] * f;
            cells.Add(column);
        }
        var view = ViewInfo.Of(Key.WithUnit(unit));
        var recorded = store.Enabled
            ? "stored snapshots (one per chain, classic model, all expiries) and the session's recomputations at every chain update and full recomputation"
            : "recorded at every chain update and full recomputation, classic model, all expiries (session only: the store is disabled)";
        // Thinned per source, so a long session never crowds out the stored snapshots (the page draws each on its own time axis).
        var thinned = Thin(rows.Where(r => r.Source == "store").ToArray(), max).Concat(Thin(rows.Where(r => r.Source != "store").ToArray(), max)).OrderBy(r => r.At).ToArray();
        return new HistoryView(s.Info(), view, recorded, thinned, new HeatmapView(points.Select(p => p.At).ToArray(), strikes, cells), store.Status());
    }

    private static IReadOnlyList<T> Thin<T>(IReadOnlyList<T> all, int max) =>
        all.Count <= max ? all : Enumerable.Range(0, max).Select(i => all[(int)Math.Round((double)i * (all.Count - 1) / (max - 1))]).ToArray();

    /// <summary>A stored exposure in the unit stored, re-expressed in <paramref name="unit"/> at the snapshot's spot (through shares per $1).</summary>
    internal static double ConvertStored(double value, string storedUnit, GexUnit unit, double spot) =>
        GexUnits.TryParse(storedUnit, out var u) ? value / GexUnits.Factor(u, spot) * GexUnits.Factor(unit, spot) : double.NaN;
}
