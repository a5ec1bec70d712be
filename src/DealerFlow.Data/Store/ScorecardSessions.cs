using DealerFlow.Core.Calendar;
using DealerFlow.Core.Exposure;
using DealerFlow.Core.Scorecard;

namespace DealerFlow.Data.Store;

/// <summary>
/// The stored sessions of one underlying and positioning as the scorecard reads them, for <c>dealerflow scorecard</c> and
/// <c>GET /api/{symbol}/scorecard</c> alike: method <c>dealerflow</c>, unit <c>usd-per-1pct</c>, filter <c>all expiries</c>;
/// one session per NYSE exchange session (<see cref="TradingCalendar.SessionOf"/>), its last snapshot (the latest
/// ingested when an instant was stored twice). This type is immutable.
/// </summary>
/// <param name="Positioning">The positioning code as stored (e.g. <c>classic</c>).</param>
/// <param name="PositioningDescription">The positioning as stored for people, e.g. "dealers long calls, short puts (classic)".</param>
/// <param name="Sessions">The sessions, oldest first; never empty.</param>
public sealed record ScorecardSessions(string Positioning, string PositioningDescription, IReadOnlyList<ScoredSession> Sessions)
{
    /// <summary>The stored GEX unit the scorecard reads.</summary>
    public const string Unit = "usd-per-1pct";

    /// <summary>The stored expiry filter the scorecard reads.</summary>
    public const string Filter = "all expiries";

    /// <summary>
    /// Reads the sessions of <paramref name="underlying"/> under <paramref name="model"/> (classic, short-all or a stored
    /// name) from <paramref name="from"/> to <paramref name="to"/> (inclusive, either open). Null with
    /// <paramref name="why"/> (naming the store and the next step) when none is stored; a failing store throws
    /// <see cref="StoreException"/>.
    /// </summary>
    public static ScorecardSessions? Load(ISnapshotStore store, string underlying, string model, DateOnly? from, DateOnly? to, out string? why)
    {
        ArgumentNullException.ThrowIfNull(store);
        var positioning = Core.Exposure.Positioning.TryParseModel(model, out var pm) ? Core.Exposure.Positioning.ModelCode(pm) : model;
        var rows = store.Query(new SnapshotQuery(underlying) { Method = "dealerflow", Positioning = positioning, Unit = Unit, Filter = Filter });
        var sessions = rows
            .GroupBy(s => TradingCalendar.SessionOf(s.Instant))
            .Where(g => (from is null || g.Key >= from) && (to is null || g.Key <= to))
            .Select(g => (Session: g.Key, Snap: g.OrderBy(s => s.Instant).ThenBy(s => s.Id).Last()))
            .OrderBy(x => x.Session)
            .ToList();
        if (sessions.Count == 0)
        {
            why = $"no stored snapshot of {underlying} (dealerflow, {positioning}, {Unit}, {Filter}) in the range in {store.Description}; ingest chains first with 'dealerflow ingest PATH'.";
            return null;
        }
        why = null;
        var scored = sessions.Select(x => new ScoredSession(x.Session, x.Snap)).ToList();
        return new ScorecardSessions(sessions[0].Snap.Positioning, sessions[0].Snap.PositioningDescription, scored);
    }
}
