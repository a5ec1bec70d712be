using DealerFlow.Core.History;

namespace DealerFlow.Core.Tests.History;

public class LevelHistoryTests
{
    private static LevelsPoint P(int day, int hour, double spot, double? zg, double? cw = 100, double? pw = 90, string regime = "long gamma", int month = 5) => new()
    {
        Instant = new DateTimeOffset(2025, month, day, hour, 0, 0, TimeSpan.FromHours(-4)),
        Spot = spot,
        ZeroGamma = zg,
        CallWall = cw,
        PutWall = pw,
        TotalGex = regime == "long gamma" ? 1e9 : -1e9,
        Regime = regime,
    };

    [Fact]
    public void Analyze_FlipRisingFourSessions_ReportsOneRisingRunOfFour()
    {
        var points = new[] { P(5, 16, 95, 90), P(6, 16, 96, 91), P(7, 16, 97, 92.5), P(8, 16, 98, 93), P(9, 16, 98, 94), P(12, 16, 98, 93) };
        var a = LevelHistory.Analyze(points);
        var run = Assert.Single(a.Trends, t => t.Kind == TrendKind.ZeroGammaRising);
        Assert.Equal(new DateOnly(2025, 5, 5), run.From);
        Assert.Equal(new DateOnly(2025, 5, 9), run.To);
        Assert.Equal("zero gamma rising 4 sessions in a row: 90.00 -> 94.00 (2025-05-05 -> 2025-05-09)", run.Description);
        Assert.DoesNotContain(a.Trends, t => t.Kind == TrendKind.ZeroGammaFalling);
    }

    [Fact]
    public void Analyze_TwoRises_IsNotATrend()
    {
        var a = LevelHistory.Analyze([P(5, 16, 95, 90), P(6, 16, 96, 91), P(7, 16, 97, 92), P(8, 16, 97, 91)]);
        Assert.DoesNotContain(a.Trends, t => t.Kind is TrendKind.ZeroGammaRising or TrendKind.ZeroGammaFalling);
    }

    [Fact]
    public void Analyze_MissingFlip_BreaksTheRun()
    {
        var a = LevelHistory.Analyze([P(5, 16, 95, 90), P(6, 16, 96, 91), P(7, 16, 97, null), P(8, 16, 97, 92), P(9, 16, 97, 93)]);
        Assert.DoesNotContain(a.Trends, t => t.Kind == TrendKind.ZeroGammaRising);
    }

    [Fact]
    public void Analyze_FallingThreeSessions_ReportsFalling()
    {
        var a = LevelHistory.Analyze([P(5, 16, 95, 93), P(6, 16, 96, 92), P(7, 16, 97, 91), P(8, 16, 97, 90)]);
        var run = Assert.Single(a.Trends, t => t.Kind == TrendKind.ZeroGammaFalling);
        Assert.StartsWith("zero gamma falling 3 sessions in a row", run.Description);
    }

    [Fact]
    public void Analyze_WallsAndRegime_ReportedOvernightWithDirection()
    {
        var a = LevelHistory.Analyze([P(5, 16, 95, 90, cw: 100, pw: 90), P(6, 16, 96, 91, cw: 105, pw: 85, regime: "short gamma"), P(7, 16, 96, 92, cw: 105, pw: 85, regime: "short gamma")]);
        var call = Assert.Single(a.Trends, t => t.Kind == TrendKind.CallWallMoved);
        Assert.Equal("call wall moved up overnight: 100.00 -> 105.00 (2025-05-05 -> 2025-05-06)", call.Description);
        var put = Assert.Single(a.Trends, t => t.Kind == TrendKind.PutWallMoved);
        Assert.StartsWith("put wall moved down overnight: 90.00 -> 85.00", put.Description);
        var regime = Assert.Single(a.Trends, t => t.Kind == TrendKind.RegimeChanged);
        Assert.StartsWith("regime changed long->short", regime.Description);
    }

    [Fact]
    public void Analyze_IntradaySnapshots_CompareWithPreviousSessionClose()
    {
        // Two snapshots on the 5th (the 16:00 one closes the session), two on the 6th.
        var a = LevelHistory.Analyze([P(6, 10, 101, 95), P(5, 16, 100, 92), P(5, 10, 99, 90), P(6, 16, 103, 96)]);
        Assert.Equal(4, a.Rows.Count);
        Assert.Equal(2, a.Sessions.Count);
        Assert.Null(a.Rows[0].DayOverDay);
        Assert.Null(a.Rows[1].DayOverDay);
        Assert.Equal(1.0, a.Rows[2].DayOverDay!.Spot, 12);
        Assert.Equal(3.0, a.Rows[2].DayOverDay!.ZeroGamma!.Value, 12);
        Assert.Equal(3.0, a.Rows[3].DayOverDay!.Spot, 12);
        Assert.Equal(new DateOnly(2025, 5, 5), a.Rows[3].DayOverDay!.PreviousSession);
        Assert.Equal(0.0, a.Rows[3].DayOverDay!.CallWall!.Value, 12);
    }

    [Fact]
    public void Analyze_ShowFrom_FirstRowStillComparesWithThePreviousSession()
    {
        var points = new[] { P(5, 16, 95, 90, cw: 100), P(6, 16, 96, 91, cw: 105), P(7, 16, 97, 92), P(8, 16, 99, 93) };
        var a = LevelHistory.Analyze(points, showFrom: new DateTimeOffset(2025, 5, 6, 0, 0, 0, TimeSpan.FromHours(-4)));
        Assert.Equal(3, a.Rows.Count);
        Assert.Equal(3, a.Sessions.Count);
        Assert.Equal(1.0, a.Rows[0].DayOverDay!.Spot, 12);
        Assert.Equal(new DateOnly(2025, 5, 5), a.Rows[0].DayOverDay!.PreviousSession);
        // Trends only within the range: two rises (6th->7th->8th) are no run; the wall move 5th->6th is outside.
        Assert.DoesNotContain(a.Trends, t => t.Kind == TrendKind.ZeroGammaRising);
        Assert.Contains(a.Trends, t => t.Kind == TrendKind.CallWallMoved && t.From == new DateOnly(2025, 5, 6));
        Assert.DoesNotContain(a.Trends, t => t.From < new DateOnly(2025, 5, 6));
    }

    [Fact]
    public void Session_LateUtcInstant_IsTheEasternDate()
    {
        // 2025-05-02 01:30 UTC is 2025-05-01 21:30 EDT.
        var p = P(1, 0, 1, 1) with { Instant = new DateTimeOffset(2025, 5, 2, 1, 30, 0, TimeSpan.Zero) };
        Assert.Equal(new DateOnly(2025, 5, 1), p.Session);
    }

    [Fact]
    public void Analyze_MissingSession_BreaksTheRunAndIsReportedAsAGap()
    {
        // Rising every stored session, but Wednesday 2025-05-07 is missing: 5th->6th and 8th->9th->12th are runs of 1 and 2, not 4.
        var a = LevelHistory.Analyze([P(5, 16, 95, 90), P(6, 16, 96, 91), P(8, 16, 97, 92), P(9, 16, 98, 93), P(12, 16, 98, 94)]);
        Assert.DoesNotContain(a.Trends, t => t.Kind == TrendKind.ZeroGammaRising);
        var gap = Assert.Single(a.Trends, t => t.Kind == TrendKind.Gap);
        Assert.Equal("gap: 1 session missing (2025-05-07) between stored sessions 2025-05-06 and 2025-05-08", gap.Description);
        Assert.Equal(new DateOnly(2025, 5, 7), gap.From);
        // The first row after the gap has no day-over-day change, and says which sessions are missing.
        var after = a.Rows[2];
        Assert.Null(after.DayOverDay);
        Assert.Equal(new SessionGap(new DateOnly(2025, 5, 6), new DateOnly(2025, 5, 8), 1, new DateOnly(2025, 5, 7), new DateOnly(2025, 5, 7)), after.GapBefore);
        Assert.Null(a.Rows[3].GapBefore);
        Assert.Equal(1.0, a.Rows[3].DayOverDay!.Spot, 12);
    }

    [Fact]
    public void Analyze_WallMoveAcrossAGap_IsNotOvernight()
    {
        // Friday 2025-05-02 then Tuesday 05-06: Monday 05-05 is missing.
        var a = LevelHistory.Analyze([P(2, 16, 95, 90, pw: 535), P(6, 16, 96, 91, pw: 555, regime: "short gamma")]);
        var put = Assert.Single(a.Trends, t => t.Kind == TrendKind.PutWallMoved);
        Assert.Equal("put wall moved up across a gap of 1 missing session: 535.00 -> 555.00 (2025-05-02 -> 2025-05-06)", put.Description);
        Assert.Equal("regime changed long->short across a gap of 1 missing session (2025-05-02 -> 2025-05-06)", Assert.Single(a.Trends, t => t.Kind == TrendKind.RegimeChanged).Description);
        Assert.Null(a.Rows[1].DayOverDay);
    }

    [Fact]
    public void Analyze_HolidayWeekend_IsConsecutive()
    {
        // Thursday 2025-04-17, Good Friday and the weekend, Monday 04-21, Tuesday, Wednesday: four consecutive sessions.
        var a = LevelHistory.Analyze([P(17, 16, 95, 90, month: 4), P(21, 16, 96, 91, cw: 110, month: 4), P(22, 16, 97, 92, month: 4), P(23, 16, 98, 93, month: 4)]);
        Assert.DoesNotContain(a.Trends, t => t.Kind == TrendKind.Gap);
        Assert.Contains(a.Trends, t => t.Description == "zero gamma rising 3 sessions in a row: 90.00 -> 93.00 (2025-04-17 -> 2025-04-23)");
        Assert.Equal("call wall moved up overnight: 100.00 -> 110.00 (2025-04-17 -> 2025-04-21)", Assert.Single(a.Trends, t => t.Kind == TrendKind.CallWallMoved && t.From == new DateOnly(2025, 4, 17)).Description);
        Assert.Equal(new DateOnly(2025, 4, 17), a.Rows[1].DayOverDay!.PreviousSession);
    }

    [Fact]
    public void Session_BeforeTheOpenAndOnWeekends_IsThePreviousSession()
    {
        // 08:28 EDT Thursday 2025-05-01 is before the open: Wednesday's session; a Saturday fetch is Friday's.
        Assert.Equal(new DateOnly(2025, 4, 30), (P(1, 8, 1, 1) with { Instant = new DateTimeOffset(2025, 5, 1, 8, 28, 0, TimeSpan.FromHours(-4)) }).Session);
        Assert.Equal(new DateOnly(2025, 5, 2), P(3, 12, 1, 1).Session);
    }
}
