using DealerFlow.Core.Calendar;

namespace DealerFlow.Core.History;

/// <summary>
/// The levels of one stored snapshot, as the history reads them (<see cref="SnapshotLevels"/>). Levels in price units;
/// <see cref="SnapshotLevels.TotalGex"/> in the stored unit. The store's row (<c>StoredSnapshot</c>) is one.
/// </summary>
public record LevelsPoint : SnapshotLevels
{
    /// <summary>The snapshot's instant; <see cref="Session"/> is derived from it.</summary>
    public required DateTimeOffset Instant { get; init; }

    /// <summary>The stored regime label: "long gamma", "short gamma", "flat" or "unknown" (<see cref="Levels.GammaRegime"/>).</summary>
    public required string Regime { get; init; }

    /// <summary>The exchange session the snapshot belongs to: the last session that had opened at its instant (<see cref="TradingCalendar.SessionOf"/>).</summary>
    public DateOnly Session => TradingCalendar.SessionOf(Instant);
}

/// <summary>Change of each level against the last snapshot of the previous session (null where either side has no value).</summary>
public sealed record LevelChanges(DateOnly PreviousSession, double Spot, double? ZeroGamma, double? CallWall, double? PutWall, double? AbsoluteGammaStrike, double TotalGex);

/// <summary>
/// Exchange sessions with no stored snapshot between two stored sessions <paramref name="After"/> and <paramref name="Before"/>:
/// <paramref name="Missing"/> sessions, the first <paramref name="FirstMissing"/> and the last <paramref name="LastMissing"/>.
/// </summary>
public sealed record SessionGap(DateOnly After, DateOnly Before, int Missing, DateOnly FirstMissing, DateOnly LastMissing)
{
    /// <summary>The gap between two stored sessions, or null when they are consecutive exchange sessions.</summary>
    public static SessionGap? Between(DateOnly after, DateOnly before)
    {
        var steps = TradingCalendar.SessionsBetween(after, before);
        if (steps <= 1) return null;
        return new SessionGap(after, before, steps - 1, TradingCalendar.NextSession(after), TradingCalendar.PreviousSession(before));
    }

    /// <summary>For people, e.g. "gap: 1 session missing (2025-05-05) between stored sessions 2025-05-02 and 2025-05-06".</summary>
    public string Description => Missing == 1
        ? $"gap: 1 session missing ({FirstMissing:yyyy-MM-dd}) between stored sessions {After:yyyy-MM-dd} and {Before:yyyy-MM-dd}"
        : $"gap: {Missing} sessions missing ({FirstMissing:yyyy-MM-dd} to {LastMissing:yyyy-MM-dd}) between stored sessions {After:yyyy-MM-dd} and {Before:yyyy-MM-dd}";
}

/// <summary>
/// One row of the history: a snapshot and its day-over-day changes against the previous exchange session. Both are
/// null for the first session; after a gap <see cref="DayOverDay"/> is null and <see cref="GapBefore"/> says which sessions are missing.
/// </summary>
public sealed record HistoryRow(LevelsPoint Point, LevelChanges? DayOverDay, SessionGap? GapBefore = null);

/// <summary>The kind of a <see cref="Trend"/> found by <see cref="LevelHistory.Trends"/>.</summary>
public enum TrendKind
{
    /// <summary>Zero gamma rose strictly on at least <see cref="LevelHistory.MinRun"/> consecutive exchange sessions.</summary>
    ZeroGammaRising,

    /// <summary>Zero gamma fell strictly on at least <see cref="LevelHistory.MinRun"/> consecutive exchange sessions.</summary>
    ZeroGammaFalling,

    /// <summary>The call wall strike changed from one stored session to the next.</summary>
    CallWallMoved,

    /// <summary>The put wall strike changed from one stored session to the next.</summary>
    PutWallMoved,

    /// <summary>The regime (sign of total GEX at spot) changed from one stored session to the next.</summary>
    RegimeChanged,

    /// <summary>Exchange sessions with no stored snapshot between two stored sessions.</summary>
    Gap,
}

/// <summary>A pattern found in the session series, with the sessions it spans and a sentence for people.</summary>
public sealed record Trend(TrendKind Kind, DateOnly From, DateOnly To, string Description);

/// <summary>Everything <see cref="LevelHistory.Analyze"/> finds in a series of snapshots.</summary>
public sealed record HistoryAnalysis(IReadOnlyList<HistoryRow> Rows, IReadOnlyList<LevelsPoint> Sessions, IReadOnlyList<Trend> Trends);

/// <summary>
/// Levels over time: day-over-day changes and trends. A session is an exchange session (<see cref="TradingCalendar"/>); a
/// session's level is that of its last snapshot. Day-over-day compares each snapshot with the previous session's last one,
/// only when that is the previous exchange session: a gap of missing sessions is never treated as consecutive.
/// </summary>
public static class LevelHistory
{
    /// <summary>Fewest consecutive session-over-session rises (or falls) of zero gamma that make a trend.</summary>
    public const int MinRun = 3;

    /// <param name="points">Snapshots in any order.</param>
    /// <param name="minRun">Fewest consecutive moves of zero gamma reported as a trend.</param>
    /// <param name="showFrom">
    /// When set, rows and trends start at this instant, but the first rows' day-over-day changes still
    /// compare with the last session before it (pass the points from before the range too).
    /// </param>
    public static HistoryAnalysis Analyze(IEnumerable<LevelsPoint> points, int minRun = MinRun, DateTimeOffset? showFrom = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentOutOfRangeException.ThrowIfLessThan(minRun, 1);
        var all = AnalyzeAll(points, minRun);
        if (showFrom is not { } from) return all;
        var rows = all.Rows.Where(r => r.Point.Instant >= from).ToList();
        var sessions = all.Sessions.Where(s => s.Instant >= from).ToList();
        return new HistoryAnalysis(rows, sessions, Trends(sessions, minRun));
    }

    private static HistoryAnalysis AnalyzeAll(IEnumerable<LevelsPoint> points, int minRun)
    {
        var ordered = points.OrderBy(p => p.Instant).ToList();
        var sessions = ordered.GroupBy(p => p.Session).Select(g => g.Last()).ToList();

        var rows = new List<HistoryRow>(ordered.Count);
        var s = -1;
        for (var i = 0; i < ordered.Count; i++)
        {
            var p = ordered[i];
            while (s + 1 < sessions.Count && sessions[s + 1].Session < p.Session) s++;
            var prev = s >= 0 && sessions[s].Session < p.Session ? sessions[s] : null;
            var gap = prev is null ? null : SessionGap.Between(prev.Session, p.Session);
            rows.Add(new HistoryRow(p, prev is null || gap is not null ? null : Changes(prev, p), gap));
        }
        return new HistoryAnalysis(rows, sessions, Trends(sessions, minRun));
    }

    private static LevelChanges Changes(LevelsPoint prev, LevelsPoint p) => new(
        prev.Session,
        p.Spot - prev.Spot,
        Diff(p.ZeroGamma, prev.ZeroGamma),
        Diff(p.CallWall, prev.CallWall),
        Diff(p.PutWall, prev.PutWall),
        Diff(p.AbsoluteGammaStrike, prev.AbsoluteGammaStrike),
        p.TotalGex - prev.TotalGex);

    private static double? Diff(double? a, double? b) => a is { } x && b is { } y ? x - y : null;

    /// <summary>Trends over sessions (one point per session, in order).</summary>
    public static IReadOnlyList<Trend> Trends(IReadOnlyList<LevelsPoint> sessions, int minRun = MinRun)
    {
        var trends = new List<Trend>();
        ZeroGammaRuns(sessions, minRun, trends);
        for (var i = 1; i < sessions.Count; i++)
        {
            var (a, b) = (sessions[i - 1], sessions[i]);
            // Only consecutive exchange sessions are "overnight"; across missing sessions the move is said to span the gap.
            var gap = SessionGap.Between(a.Session, b.Session);
            if (gap is not null) trends.Add(new Trend(TrendKind.Gap, gap.FirstMissing, gap.LastMissing, gap.Description));
            var when = gap is null ? "overnight" : $"across a gap of {gap.Missing} missing session{(gap.Missing == 1 ? "" : "s")}";
            if (a.CallWall is { } ca && b.CallWall is { } cb && ca != cb)
            {
                trends.Add(new Trend(TrendKind.CallWallMoved, a.Session, b.Session,
                    $"call wall moved {(cb > ca ? "up" : "down")} {when}: {F(ca)} -> {F(cb)} ({a.Session:yyyy-MM-dd} -> {b.Session:yyyy-MM-dd})"));
            }
            if (a.PutWall is { } pa && b.PutWall is { } pb && pa != pb)
            {
                trends.Add(new Trend(TrendKind.PutWallMoved, a.Session, b.Session,
                    $"put wall moved {(pb > pa ? "up" : "down")} {when}: {F(pa)} -> {F(pb)} ({a.Session:yyyy-MM-dd} -> {b.Session:yyyy-MM-dd})"));
            }
            if (a.Regime != b.Regime)
            {
                trends.Add(new Trend(TrendKind.RegimeChanged, a.Session, b.Session,
                    $"regime changed {Short(a.Regime)}->{Short(b.Regime)}{(gap is null ? "" : " " + when)} ({a.Session:yyyy-MM-dd} -> {b.Session:yyyy-MM-dd})"));
            }
        }
        return trends.OrderBy(t => t.To).ThenBy(t => t.Kind).ToList();
    }

    /// <summary>Maximal runs of strictly rising (or falling) zero gamma over at least <paramref name="minRun"/> consecutive exchange sessions; a gap ends a run.</summary>
    private static void ZeroGammaRuns(IReadOnlyList<LevelsPoint> sessions, int minRun, List<Trend> trends)
    {
        var start = 0;
        var direction = 0;
        for (var i = 1; i <= sessions.Count; i++)
        {
            var step = i < sessions.Count && sessions[i - 1].ZeroGamma is { } a && sessions[i].ZeroGamma is { } b
                && SessionGap.Between(sessions[i - 1].Session, sessions[i].Session) is null ? Math.Sign(b - a) : 0;
            if (step != 0 && step == direction) continue;
            var length = i - 1 - start;
            if (direction != 0 && length >= minRun)
            {
                var (first, last) = (sessions[start], sessions[i - 1]);
                trends.Add(new Trend(direction > 0 ? TrendKind.ZeroGammaRising : TrendKind.ZeroGammaFalling, first.Session, last.Session,
                    $"zero gamma {(direction > 0 ? "rising" : "falling")} {length} sessions in a row: {F(first.ZeroGamma!.Value)} -> {F(last.ZeroGamma!.Value)} ({first.Session:yyyy-MM-dd} -> {last.Session:yyyy-MM-dd})"));
            }
            direction = step;
            start = i - 1;
        }
    }

    private static string Short(string regime) => regime.StartsWith("long", StringComparison.OrdinalIgnoreCase) ? "long" : regime.StartsWith("short", StringComparison.OrdinalIgnoreCase) ? "short" : regime;

    private static string F(double v) => v.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
}
