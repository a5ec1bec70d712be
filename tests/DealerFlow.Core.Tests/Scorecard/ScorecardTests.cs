using DealerFlow.Core.Scorecard;

namespace DealerFlow.Core.Tests.Scorecard;

public class ScorecardTests
{
    // Nine sessions of prices; closes 100, 101, 99, 100, 102, 101, 103, 102, 104.
    private static readonly DailyBar[] Bars =
    [
        new(new DateOnly(2024, 1, 2), 100, 101, 99, 100),
        new(new DateOnly(2024, 1, 3), 100, 102, 99, 101),
        new(new DateOnly(2024, 1, 4), 101, 101.5, 98, 99),
        new(new DateOnly(2024, 1, 5), 99, 100.5, 98.5, 100),
        new(new DateOnly(2024, 1, 8), 100, 102.5, 99.5, 102),
        new(new DateOnly(2024, 1, 9), 102, 102, 100.5, 101),
        new(new DateOnly(2024, 1, 10), 101, 103.5, 101, 103),
        new(new DateOnly(2024, 1, 11), 103, 103, 101.5, 102),
        new(new DateOnly(2024, 1, 12), 102, 104.5, 102, 104),
    ];

    private static readonly ScoredSession[] Sessions =
    [
        // Next session H 102 > CW 101.5 (high broke), C 101 <= 101.5 (close held); L 99 < PW 99.5 (low broke), C 101 >= 99.5.
        new() { Session = new DateOnly(2024, 1, 2), Spot = 100, CallWall = 101.5, PutWall = 99.5, ZeroGamma = 99, TotalGex = 1, AtmIv = 0.20 },
        // Next H 101.5 <= 102 and C 99 <= 102 (held); L 98 < 98.5 (low broke), C 99 >= 98.5 (close held). Spot below flip.
        new() { Session = new DateOnly(2024, 1, 3), Spot = 101, CallWall = 102, PutWall = 98.5, ZeroGamma = 102, TotalGex = -1, AtmIv = 0.25 },
        // Next H 100.5 > 100 (broke), C 100 <= 100 (held). No put wall, no flip.
        new() { Session = new DateOnly(2024, 1, 4), Spot = 99, CallWall = 100, TotalGex = 2, AtmIv = 0.30 },
        // No price row for this session: not scored.
        new() { Session = new DateOnly(2024, 2, 1), Spot = 99, CallWall = 100, TotalGex = 2 },
    ];

    [Fact]
    public void Score_SyntheticHistory_MatchesHandComputedValues()
    {
        var r = DealerFlow.Core.Scorecard.Scorecard.Score(Sessions, Bars);
        Assert.Equal(4, r.Sessions);
        Assert.Equal(3, r.Scored);
        Assert.Equal(1, r.WithoutPrices);

        Assert.Equal(1.0 / 3, r.CallWallHighHeldRate.Value, 12);
        Assert.Equal(3, r.CallWallHighHeldRate.N);
        Assert.Equal(1.0, r.CallWallCloseHeldRate.Value, 12);
        Assert.Equal((1.0, 1.0), (r.CallWallCloseHeldRate.Low, r.CallWallCloseHeldRate.High)); // every resample holds
        Assert.Equal(0.0, r.PutWallLowHeldRate.Value, 12);
        Assert.Equal(2, r.PutWallLowHeldRate.N);
        Assert.Equal(1.0, r.PutWallCloseHeldRate.Value, 12);

        // Above flip: session 1 only; r = ln(101/100), nextDayVol = sqrt(252) |r| = 0.157957; Parkinson sqrt(252 ln(102/99)^2 / (4 ln 2)) = 0.284607.
        Assert.Equal(1, r.AboveFlip.Sessions);
        Assert.Equal(0.15795660540177556, r.AboveFlip.NextDayVol.Value, 12);
        Assert.Equal(0.284606614391105, r.AboveFlip.NextDayParkinsonVol.Value, 12);
        // next5DayVol: sqrt(252 mean of the five squared returns 100->101->99->100->102->101) = 0.234304.
        Assert.Equal(0.23430438013107466, r.AboveFlip.Next5DayVol.Value, 12);
        // One overlapping 5-session window is fewer than two blocks: no interval rather than a false [x, x].
        Assert.True(double.IsNaN(r.AboveFlip.Next5DayVol.Low));
        Assert.Equal(1, r.BelowFlip.Sessions);
        Assert.Equal(0.3175007409680211, r.BelowFlip.NextDayVol.Value, 12);
        Assert.Equal(0.3345470825098914, r.BelowFlip.NextDayParkinsonVol.Value, 12);
        Assert.Equal(1, r.WithoutFlip);
        // Positive GEX: sessions 1 and 3, returns ln(101/100) and ln(100/99): sqrt(252 (r1^2 + r3^2) / 2) = 0.158752.
        Assert.Equal(2, r.PositiveGex.Sessions);
        Assert.Equal(0.15875235491738862, r.PositiveGex.NextDayVol.Value, 12);
        Assert.Equal(0.23326091419666026, r.PositiveGex.Next5DayVol.Value, 12);
        Assert.Equal(1, r.NegativeGex.Sessions);

        // Ranks of GEX (1, -1, 2) -> (2, 1, 3); of next squared return -> (1, 3, 2): rho = -0.5.
        Assert.Equal(-0.5, r.SpearmanGexNextVariance.Value, 12);
        Assert.Equal(3, r.SpearmanGexNextVariance.N);
        // Given ATM IV ranks (1, 2, 3): rho_xz = rho_yz = 0.5, partial = (-0.5 - 0.25) / 0.75 = -1.
        Assert.Equal(-1.0, r.PartialSpearmanGivenAtmIv.Value, 12);
    }

    [Fact]
    public void Score_SameSeed_SameIntervals_AndIntervalsContainTheEstimate()
    {
        var a = DealerFlow.Core.Scorecard.Scorecard.Score(Sessions, Bars);
        var b = DealerFlow.Core.Scorecard.Scorecard.Score(Sessions, Bars);
        Assert.Equal(a.CallWallHighHeldRate, b.CallWallHighHeldRate);
        Assert.Equal(a.PositiveGex, b.PositiveGex);
        Assert.True(a.CallWallHighHeldRate.Contains(a.CallWallHighHeldRate.Value));
        Assert.InRange(a.CallWallHighHeldRate.Low, 0, 1.0 / 3);
        Assert.InRange(a.CallWallHighHeldRate.High, 1.0 / 3, 1);
        Assert.Equal(DealerFlow.Core.Scorecard.Scorecard.DefaultSeed, a.Seed);
    }

    [Fact]
    public void Ranks_TiesShareTheirAverageRank()
    {
        Assert.Equal([1.0, 2.5, 2.5, 4.0], DealerFlow.Core.Scorecard.Scorecard.Ranks([1.0, 5.0, 5.0, 9.0]));
        Assert.Equal(1.0, DealerFlow.Core.Scorecard.Scorecard.Spearman([1.0, 2.0, 3.0, 4.0], [10.0, 20.0, 25.0, 1000.0]), 12);
    }

    [Fact]
    public void Score_NoSessions_EstimatesAreNoneNotZero()
    {
        var r = DealerFlow.Core.Scorecard.Scorecard.Score([], Bars);
        Assert.Equal(0, r.CallWallHighHeldRate.N);
        Assert.True(double.IsNaN(r.CallWallHighHeldRate.Value));
        Assert.True(double.IsNaN(r.AboveFlip.NextDayVol.Value));
    }
}
