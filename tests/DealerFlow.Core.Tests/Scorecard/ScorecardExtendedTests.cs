using DealerFlow.Core.Scorecard;
using Sc = DealerFlow.Core.Scorecard.Scorecard;

namespace DealerFlow.Core.Tests.Scorecard;

/// <summary>Breaches, pinning, the VIX partial and the strategy rules on a 16-session synthetic history with hand-computed answers.</summary>
public class ScorecardExtendedTests
{
    // NYSE sessions from 2024-01-08 (01-15 is Martin Luther King Day; 01-19 is the January monthly expiry).
    private static readonly DateOnly[] Dates =
    [
        new(2024, 1, 8), new(2024, 1, 9), new(2024, 1, 10), new(2024, 1, 11), new(2024, 1, 12), new(2024, 1, 16), new(2024, 1, 17), new(2024, 1, 18),
        new(2024, 1, 19), new(2024, 1, 22), new(2024, 1, 23), new(2024, 1, 24), new(2024, 1, 25), new(2024, 1, 26), new(2024, 1, 29), new(2024, 1, 30),
    ];

    private static readonly double[] Closes = [100, 101, 102, 103, 104, 105, 104, 103, 102, 101, 100, 99, 100, 101, 102, 103];

    // High = close + 1, low = close - 1. Stored total GEX of session i is 1 + i (positive throughout).
    private static DailyBar[] Bars() => [.. Dates.Select((d, i) => new DailyBar(d, Closes[i], Closes[i] + 1, Closes[i] - 1, Closes[i]))];

    private static ScoredSession S(int i, double cw, double pw, double zg, double? ags = null) => new()
    {
        Session = Dates[i],
        Spot = Closes[i],
        CallWall = cw,
        PutWall = pw,
        ZeroGamma = zg,
        TotalGex = 1 + i,
        AtmIv = 0.20,
        AbsoluteGammaStrike = ags,
    };

    // Stored sessions on bars 0..10 (every one has at least five following bars).
    private static readonly ScoredSession[] Sessions =
    [
        S(0, 103.5, 97, 95),
        S(1, 103.5, 97, 96, ags: 100),
        S(2, 103.5, 97, 97, ags: 105),
        S(3, 103.5, 97, 98),
        S(4, 103.5, 97, 99),   // close 104 > call wall 103.5, which was the same strike for bars 0..4: a breach and a fade
        S(5, 104, 97, 100),    // close 105 > call wall 104 (a breach; the wall is new: no fade); flip rose 95..100, spot above: follow
        S(6, 106, 97, 103.5),  // flip rose 96..103.5, spot 104 above: follow; close 104 within 1 % above 103.5: buy vol
        S(7, 106, 97, 101.5, ags: 102), // next session 2024-01-19 is the monthly expiry: pinning sample, distance 0
        S(8, 106, 97, 100),
        S(9, 106, 101.5, 99),  // close 101 < put wall 101.5: breach
        S(10, 106, 100.5, 98), // close 100 < put wall 100.5: breach
    ];

    private static double L(double a, double b) => Math.Log(a / b);

    [Fact]
    public void Breaches_CloseBeyondWall_MeanForwardLogReturns()
    {
        var r = Sc.Score(Sessions, Bars()).Breaches;
        // Above the call wall: bars 4 (C 104) and 5 (C 105).
        Assert.Equal((L(105, 104) + L(104, 105)) / 2, r.AboveCallWall.Next1.Value, 12);
        Assert.Equal(2, r.AboveCallWall.Next1.N);
        Assert.Equal((L(101, 104) + L(100, 105)) / 2, r.AboveCallWall.Next5.Value, 12);
        Assert.Equal((L(102, 104) + L(103, 105)) / 2, r.AboveCallWall.Next10.Value, 12);
        // Below the put wall: bars 9 (C 101) and 10 (C 100); ten sessions ahead is past the file's end: no value, not 0.
        Assert.Equal((L(100, 101) + L(99, 100)) / 2, r.BelowPutWall.Next1.Value, 12);
        Assert.Equal((L(102, 101) + L(103, 100)) / 2, r.BelowPutWall.Next5.Value, 12);
        Assert.Equal(0, r.BelowPutWall.Next10.N);
        Assert.True(double.IsNaN(r.BelowPutWall.Next10.Value));
        // Two overlapping 5-session windows are fewer than two blocks: no interval.
        Assert.True(double.IsNaN(r.AboveCallWall.Next5.Low));
        Assert.InRange(r.AboveCallWall.Next1.Value, r.AboveCallWall.Next1.Low, r.AboveCallWall.Next1.High);
    }

    [Fact]
    public void Pinning_ExpirySessionsAgainstOthers()
    {
        var p = Sc.Score(Sessions, Bars()).Pinning;
        Assert.Equal(0.0, p.ExpiryDistancePct.Value, 12);
        Assert.Equal(1, p.ExpiryDistancePct.N);
        // Bar 1: |C2 102 - 100| / spot 101; bar 2: |C3 103 - 105| / spot 102 (in %).
        var other = (200.0 / 101 + 200.0 / 102) / 2;
        Assert.Equal(other, p.OtherDistancePct.Value, 12);
        Assert.Equal(2, p.OtherDistancePct.N);
        Assert.Equal(-other, p.DifferencePct.Value, 12);
        Assert.Equal(3, p.DifferencePct.N);
        // One expiry session has no spread to resample: no interval (not the false [0, 0]) for it or for the difference.
        Assert.True(double.IsNaN(p.ExpiryDistancePct.Low));
        Assert.True(double.IsNaN(p.DifferencePct.Low));
        // Resampling the two other-session distances gives 200/101, 200/102 or their mean: the interval lies between them.
        Assert.InRange(p.OtherDistancePct.Low, 200.0 / 102 - 1e-12, 200.0 / 101 + 1e-12);
        Assert.InRange(p.OtherDistancePct.High, 200.0 / 102 - 1e-12, 200.0 / 101 + 1e-12);
    }

    [Theory]
    [InlineData(2024, 1, 19, true)]
    [InlineData(2024, 1, 18, false)]
    [InlineData(2026, 6, 18, true)]  // Juneteenth falls on the third Friday: the expiry moves to Thursday
    [InlineData(2026, 6, 19, false)]
    [InlineData(2026, 7, 17, true)]
    [InlineData(2025, 4, 17, true)]  // the third Friday of April 2025, the 18th, is Good Friday
    [InlineData(2024, 1, 20, false)] // a Saturday is no session
    public void IsMonthlyExpirySession_ThirdFridayOrTheSessionBefore(int y, int m, int d, bool expected) =>
        Assert.Equal(expected, Sc.IsMonthlyExpirySession(new DateOnly(y, m, d)));

    [Fact]
    public void Strategies_StatedRules_HandComputed()
    {
        var s = Sc.Score(Sessions, Bars()).Strategies.ToDictionary(x => x.Name);
        Assert.Equal(4, s.Count);

        // Premium: positive GEX and spot inside the walls on bars 0, 1, 2, 3, 6, 7, 8; the next five sessions stayed inside for 6, 7, 8 only.
        var sell = s["sellPremiumHighGamma"];
        Assert.Equal(3.0 / 7, sell.HitRate.Value, 12);
        Assert.Equal(7, sell.HitRate.N);
        var abs = new[] { L(105, 100), L(104, 101), L(103, 102), L(102, 103), L(99, 104), L(100, 103), L(101, 102) }.Select(Math.Abs).Average();
        Assert.Equal(abs, sell.MeanOutcome.Value, 12);
        Assert.Equal(3.0 / 11, sell.BaselineHitRate.Value, 12);

        // Buy vol: only bar 6 closed within 1 % above its flip; realised vol of the next five returns vs ATM IV 0.20.
        var vol = s["buyVolNearFlip"];
        var rv = Math.Sqrt(252 * new[] { L(103, 104), L(102, 103), L(101, 102), L(100, 101), L(99, 100) }.Average(x => x * x));
        Assert.Equal(rv, vol.MeanOutcome.Value, 12);
        Assert.Equal(1, vol.MeanOutcome.N);
        Assert.Equal(0.0, vol.HitRate.Value, 12); // 0.154 < 0.20

        // Fade: bar 4 only (bar 5 broke a wall that was new); -ln(C9 / C4) = -ln(101 / 104) > 0, a hit.
        var fade = s["fadeWallBreakout"];
        Assert.Equal(-L(101, 104), fade.MeanOutcome.Value, 12);
        Assert.Equal(1.0, fade.HitRate.Value, 12);
        Assert.Equal(1, fade.HitRate.N);
        Assert.Equal(0, fade.BaselineMeanOutcome.N);

        // Follow: bars 5 and 6 (flip rose in each of the five steps before, spot above); both fell over the next five sessions.
        var follow = s["followRisingFlip"];
        Assert.Equal((L(100, 105) + L(99, 104)) / 2, follow.MeanOutcome.Value, 12);
        Assert.Equal(0.0, follow.HitRate.Value, 12);
        Assert.Equal(2, follow.HitRate.N);
        // Baseline over bars 0..10: the close five sessions later was higher for bars 0, 1, 2 (105, 104, 103 vs 100, 101, 102), 9 (102 vs 101) and 10 (103 vs 100).
        Assert.Equal(5.0 / 11, follow.BaselineHitRate.Value, 12);
    }

    [Fact]
    public void PartialSpearman_GivenTwo_MatchesTheRecursiveFormula()
    {
        // Reference from an independent implementation of the same formulas (average ranks, Pearson on ranks, recursive partials).
        double[] x = [1, 2, 3, 4, 5, 6], y = [2, 1, 4, 3, 6, 5], z = [1, 3, 2, 5, 4, 6], w = [3, 1, 2, 6, 5, 4];
        Assert.Equal(0.8285714285714286, Sc.Spearman(x, y), 12);
        Assert.Equal(0.9817025841567109, Sc.PartialSpearman(x, y, z), 12);
        Assert.Equal(0.998073447939708, Sc.PartialSpearman(x, y, z, w), 12);
    }

    [Fact]
    public void Vix_AddsPartialGivenVix_AbsentWithoutIt()
    {
        var bars = Bars();
        var without = Sc.Score(Sessions, bars);
        Assert.Equal(0, without.PartialSpearmanGivenVix.N);
        Assert.True(double.IsNaN(without.PartialSpearmanGivenVix.Value));
        // A VIX series for the first eight sessions only: the partial uses those eight.
        var vix = Dates.Take(8).Select((d, i) => new DailyBar(d, 0, 0, 0, 14 + (i * 7 % 5))).ToArray();
        var with = Sc.Score(Sessions, bars, vix: vix);
        Assert.Equal(8, with.PartialSpearmanGivenVix.N);
        var idx = Enumerable.Range(0, 8).ToArray();
        var gex = idx.Select(i => Sessions[i].TotalGex).ToArray();
        var next = idx.Select(i => L(Closes[i + 1], Closes[i]) * L(Closes[i + 1], Closes[i])).ToArray();
        Assert.Equal(Sc.PartialSpearman(gex, next, vix.Select(v => v.Close).ToArray()), with.PartialSpearmanGivenVix.Value, 12);
    }
}
