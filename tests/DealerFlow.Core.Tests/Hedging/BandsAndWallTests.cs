using DealerFlow.Core.Exposure;
using DealerFlow.Core.Hedging;
using DealerFlow.Core.Levels;

namespace DealerFlow.Core.Tests.Hedging;

public class BandsAndWallTests
{
    [Fact]
    public void Compute_BookBand_IsToleranceOverGamma_AndExactEdgesHitTheTolerance()
    {
        var chain = SyntheticChains.Calls(100, [100], 1000, 0.2, PositioningModel.Classic);
        var gamma = GammaSweep.NetShares(chain, 100);
        var report = RehedgeBands.Compute(chain, new Tolerance(ToleranceKind.Shares, 500), 0.05);
        var book = report.Book[0];
        Assert.Equal(gamma, book.Gamma, 1e-9 * gamma);
        Assert.Equal(500 / gamma, book.ApproxMove!.Value, 1e-9);
        var d0 = DeltaProfile.Net(chain, 100);
        Assert.Equal(500, Math.Abs(DeltaProfile.Net(chain, book.UpTrigger!.Value) - d0), 1e-6);
        Assert.Equal(500, Math.Abs(DeltaProfile.Net(chain, book.DownTrigger!.Value) - d0), 1e-6);
        // Small tolerance: the linear estimate is close to the exact edge.
        Assert.Equal(book.ApproxMove!.Value, book.UpTrigger!.Value - 100, 0.05 * book.ApproxMove!.Value);
    }

    [Fact]
    public void Compute_Tolerances_ConvertToShares()
    {
        Assert.Equal(2_000, new Tolerance(ToleranceKind.Notional, 200_000).SharesFor(0, 100), 1e-9);
        Assert.Equal(5_000, new Tolerance(ToleranceKind.DeltaPerContract, 0.05).SharesFor(100_000, 100), 1e-9);
        Assert.Equal(7, new Tolerance(ToleranceKind.Shares, 7).SharesFor(1e9, 100));
        Assert.Null(RehedgeBands.TriggerMove(100, 0));
    }

    [Fact]
    public void Compute_FrequencyTable_AtmShortDatedRehedgesFarMoreOftenThanOtmLongDated()
    {
        var chain = SyntheticChains.Calls(100, SyntheticChains.Strikes(80, 120, 1), 100, 0.2, PositioningModel.Classic,
            new DateOnly(2024, 1, 5), new DateOnly(2024, 6, 21));
        var report = RehedgeBands.Compute(chain, new Tolerance(ToleranceKind.DeltaPerContract, 0.05), 0.05);
        var atm0 = report.Frequency.Single(c => c.Moneyness == "-0.5..0.5%" && c.Dte == "0 DTE");
        var otmFar = report.Frequency.Single(c => c.Moneyness == ">= 10%" && c.Dte == "> 90 DTE");
        Assert.NotNull(atm0.TriggerMove);
        Assert.NotNull(otmFar.TriggerMove);
        Assert.True(atm0.TriggerMove < 0.5, $"ATM 0DTE trigger {atm0.TriggerMove}");
        Assert.True(otmFar.TriggerMove > 10 * atm0.TriggerMove);
        Assert.True(atm0.RehedgesPerDay > 100 * otmFar.RehedgesPerDay);
        // Empty cells carry no value rather than 0.
        Assert.Contains(report.Frequency, c => c.Contracts == 0 && c.TriggerMove is null);
    }

    [Fact]
    public void WallStrength_WallExpiryPasses_DecaysToNothing()
    {
        var chain = SyntheticChains.Calls(100, [95, 100, 105], 1000, 0.2, PositioningModel.Classic);
        var wall = WallStrengthCalculator.Compute(chain, "call wall", 105, 1);
        var now = wall.Decay[0];
        var after = wall.Decay[^1];
        Assert.Equal("after expiry", after.Label);
        Assert.True(now.WallSharesPerPoint > 0);
        Assert.Equal(0, after.WallSharesPerPoint);
        Assert.Equal(0, after.BookSharesPerPoint);
        Assert.Equal(0, after.WallFractionOfNow);
    }

    [Fact]
    public void WallStrength_LaterExpiryAtStrike_Survives()
    {
        var chain = SyntheticChains.Calls(100, [100, 101], 1000, 0.2, PositioningModel.Classic, new DateOnly(2024, 1, 8), new DateOnly(2024, 3, 15));
        var wall = WallStrengthCalculator.Compute(chain, "call wall", 101, 1);
        Assert.Equal(new DateOnly(2024, 1, 8), wall.DominantExpiry);
        Assert.True(wall.Decay[^1].WallSharesPerPoint > 0);
    }

    [Fact]
    public void FlowVsCapacity_FlowAboveCapacity_BreaksTheWall_BelowHolds()
    {
        var chain = SyntheticChains.Calls(100, SyntheticChains.Strikes(95, 110, 1), 2000, 0.2, PositioningModel.Classic);
        var levels = LevelsCalculator.Analyze(chain, LevelsSettings.Default).Levels with { CallWall = 103 };
        var capacity = HedgeFlows.Compute(chain, levels.CallWall!.Value, "wall").Shares;
        Assert.True(capacity < 0); // dealers sell on the way up
        var small = Scenarios.FlowVsCapacity(chain, levels, 0.5 * -capacity);
        var large = Scenarios.FlowVsCapacity(chain, levels, 2 * -capacity);
        Assert.True(small.Holds);
        Assert.True(small.Equilibrium < levels.CallWall);
        Assert.Equal(0.5 * -capacity, small.MarginShares!.Value, 1e-6 * -capacity);
        Assert.False(large.Holds);
        Assert.True(large.MarginShares < 0);
        Assert.True(large.Equilibrium is null || large.Equilibrium > levels.CallWall);
    }

    [Fact]
    public void Revalue_NoChange_ReproducesGamma_TimeForwardDropsExpired_VolShockLowersAtmGamma()
    {
        var chain = SyntheticChains.Calls(100, SyntheticChains.Strikes(90, 110, 5), 100, 0.2, PositioningModel.Classic, new DateOnly(2024, 1, 8), new DateOnly(2024, 1, 19));
        var same = ChainRevaluer.Revalue(chain, new Revaluation()).Chain;
        Assert.Equal(GammaSweep.NetShares(chain, 101), GammaSweep.NetShares(same, 101), 1e-12);
        var later = ChainRevaluer.Revalue(chain, new Revaluation { Instant = new DateTimeOffset(2024, 1, 9, 10, 0, 0, TimeSpan.FromHours(-5)) });
        Assert.Equal(5, later.ContractsExpired);
        Assert.Single(later.Chain.Expiries);
        Assert.Equal(10, later.Chain.Expiries[0].DaysToExpiry);
        var shocked = ChainRevaluer.Revalue(chain, new Revaluation { Vol = VolShock.Points(10) }).Chain;
        Assert.Equal(0.3, shocked.VolColumn[0], 1e-12);
        Assert.True(GammaSweep.NetShares(shocked, 100) < GammaSweep.NetShares(chain, 100));
        var floored = ChainRevaluer.Revalue(chain, new Revaluation { Vol = VolShock.Points(-50) });
        Assert.Equal(chain.Count, floored.VolsFloored);
    }

    [Fact]
    public void Revalue_StickyMoneyness_ReadsSmileAtShiftedStrike()
    {
        // Smile: IV rises as strike falls. Spot up 10%: strike 100 takes the IV strike ~90.9 had.
        var b = new DealerFlow.Core.Chain.ChainBuilder();
        var line = 1;
        foreach (var k in SyntheticChains.Strikes(80, 120, 5))
            b.Add(new DealerFlow.Core.Chain.OptionQuote("SPXW", new DateOnly(2024, 1, 19), DealerFlow.Core.Chain.OptionType.Call, k, double.NaN, double.NaN, double.NaN, 0, 10, 0.2 + (100 - k) / 200, double.NaN, double.NaN, line++));
        var chain = ChainPricer.Price(b.Build("TEST", 100, SyntheticChains.Now, "synthetic"), EngineSettings.Default with { Forwards = ForwardMode.Flat });
        var moved = ChainRevaluer.Revalue(chain, new Revaluation { Spot = 110, Sticky = Stickiness.Moneyness }).Chain;
        var i = Array.IndexOf(chain.StrikeColumn.ToArray(), 100.0);
        Assert.Equal(0.2 + (100 - 100 / 1.1) / 200, moved.VolColumn[i], 1e-9);
        var strike = ChainRevaluer.Revalue(chain, new Revaluation { Spot = 110 }).Chain;
        Assert.Equal(0.2, strike.VolColumn[i], 1e-12);
    }
}
