using DealerFlow.Web.Live;

namespace DealerFlow.Web.Tests;

/// <summary>The alert rule as a pure function (issue 12 item 2): no DI container, no book, hand-computed crossings.</summary>
public sealed class AlertRulesTests
{
    private static readonly DateTimeOffset At = new(2024, 1, 5, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Cross_LeavingTheDeadBandOnTheOtherSide_RaisesOneAlertPerLevelInOrder()
    {
        // Spot 4,700: below the flip 4,800 and the call wall 5,000, above the put wall 4,500.
        var armed = AlertRules.Arm([], 4700, zeroGamma: 4800, callWall: 5000, putWall: 4500);
        Assert.Equal([new ArmedLevel("zero gamma", 4800, -1), new ArmedLevel("call wall", 5000, -1), new ArmedLevel("put wall", 4500, 1)], armed);

        // 4,801 is inside the flip's band (4,800 +/- 0.05% = +/- 2.4): nothing is raised, the side seen stays below.
        var (inBand, none) = AlertRules.Cross("SPX", armed, 4700, 4801, At);
        Assert.Empty(none);
        Assert.Equal(armed, inBand);

        // 4,803 is past 4,802.4: one alert, above the flip.
        var (above, raised) = AlertRules.Cross("SPX", inBand, 4801, 4803, At);
        var alert = Assert.Single(raised);
        Assert.Equal(new AlertEvent("SPX", "zero gamma", "above", 4800, 4801, 4803, At, "SPX spot 4803.00 crossed above the zero gamma 4800.00 (from 4801.00)"), alert);
        Assert.Equal(1, above[0].Side);

        // Staying above raises nothing; 4,490 falls through the flip and the put wall (4,500 - 2.25) at once.
        Assert.Empty(AlertRules.Cross("SPX", above, 4803, 4810, At).Raised);
        var (below, both) = AlertRules.Cross("SPX", above, 4810, 4490, At);
        Assert.Equal([("zero gamma", "below", 4800.0), ("put wall", "below", 4500.0)], both.Select(a => (a.Kind, a.Direction, a.Level)));
        Assert.Equal([-1, -1, -1], below.Select(a => a.Side));
    }

    [Fact]
    public void Cross_FromInsideTheBand_ArmsWithoutRaising()
    {
        // Armed while spot sat on the level (side 0): the first exit only records the side.
        var armed = AlertRules.Arm([], 4800, zeroGamma: 4800, callWall: null, putWall: null);
        Assert.Equal([new ArmedLevel("zero gamma", 4800, 0)], armed);
        var (after, raised) = AlertRules.Cross("SPX", armed, 4800, 4790, At);
        Assert.Empty(raised);
        Assert.Equal(-1, after[0].Side);
        Assert.Single(AlertRules.Cross("SPX", after, 4790, 4810, At).Raised);
    }

    [Fact]
    public void Arm_AfterARecomputation_KeepsUnmovedSidesResetsMovedLevelsAndDropsMissingOnes()
    {
        IReadOnlyList<ArmedLevel> armed = [new("zero gamma", 4800, -1), new("call wall", 5000, -1), new("put wall", 4500, 1)];
        // Spot is now 4,900: the flip has not moved (its side stays -1, so the next tick above it alerts), the call wall
        // moved to 4,850 (armed from where spot is: above), the put wall is gone.
        var next = AlertRules.Arm(armed, 4900, zeroGamma: 4800, callWall: 4850, putWall: null);
        Assert.Equal([new ArmedLevel("zero gamma", 4800, -1), new ArmedLevel("call wall", 4850, 1)], next);
    }

    [Theory]
    [InlineData(4702.36, 1)]
    [InlineData(4702.34, 0)]
    [InlineData(4697.66, 0)]
    [InlineData(4697.64, -1)]
    public void SideOf_DeadBandIsFiveBasisPointsOfTheLevel(double spot, int side) => Assert.Equal(side, AlertRules.SideOf(spot, 4700));
}
