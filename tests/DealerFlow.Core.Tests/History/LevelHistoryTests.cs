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
}
