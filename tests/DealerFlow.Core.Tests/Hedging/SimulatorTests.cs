using DealerFlow.Core.Exposure;
using DealerFlow.Core.Hedging;
using DealerFlow.Core.Simulation;

namespace DealerFlow.Core.Tests.Hedging;

public class SimulatorTests
{
    // Calls 90..110 on one expiry 14 days out; 10,000 contracts each. With k = 3% per $1bn the gamma
    // feedback ratio is about +/-0.4: clearly dampening (classic: dealers long) or amplifying (short-all).
    private static PricedChain Chain(PositioningModel model) =>
        SyntheticChains.Calls(100, SyntheticChains.Strikes(90, 110, 1), 10_000, 0.2, model);

    private static readonly SimulationSettings Settings = new()
    {
        Paths = 200,
        Seed = 42,
        Steps = 100,
        HorizonYears = 5.0 / 365,
        ImpactPctPerBillion = 3,
        NoiseVol = 0.15,
        Band = new Tolerance(ToleranceKind.Shares, 100),
        StartSpread = 0,
        GridPoints = 1001,
        GridRange = 0.3,
    };

    [Fact]
    public void Run_DealersLongGamma_RealizedVolBelowShortGamma()
    {
        var longRun = MarketSimulator.Run(Chain(PositioningModel.Classic), Settings, null, null, null);
        var shortRun = MarketSimulator.Run(Chain(PositioningModel.ShortAll), Settings, null, null, null);
        Assert.True(longRun.FeedbackRatio > 0.2, $"feedback {longRun.FeedbackRatio}");
        Assert.True(shortRun.FeedbackRatio < -0.2, $"feedback {shortRun.FeedbackRatio}");
        var vLong = longRun.All.WithDealers!.Value.Value;
        var vShort = shortRun.All.WithDealers!.Value.Value;
        var vNone = longRun.All.NoDealers!.Value.Value;
        Assert.Equal(vNone, shortRun.All.NoDealers!.Value.Value, 1e-12); // same draws
        Assert.Equal(0.15, vNone, 0.01);
        Assert.True(vLong < 0.85 * vNone, $"long gamma {vLong} vs no dealers {vNone}");
        Assert.True(vShort > 1.15 * vNone, $"short gamma {vShort} vs no dealers {vNone}");
        Assert.True(vLong < 0.7 * vShort, $"long {vLong} vs short {vShort}");
    }

    [Fact]
    public void Run_SameSeed_IsDeterministic()
    {
        var a = MarketSimulator.Run(Chain(PositioningModel.Classic), Settings with { Paths = 50 }, null, null, null);
        var b = MarketSimulator.Run(Chain(PositioningModel.Classic), Settings with { Paths = 50 }, null, null, null);
        Assert.Equal(a.All.WithDealers, b.All.WithDealers);
        Assert.Equal(a.SamplePaths[3], b.SamplePaths[3]);
        var c = MarketSimulator.Run(Chain(PositioningModel.Classic), Settings with { Paths = 50, Seed = 43 }, null, null, null);
        Assert.NotEqual(a.All.WithDealers, c.All.WithDealers);
    }

    [Fact]
    public void Run_ProgramLargerThanHedgingCapacity_BreaksTheWall_SmallerDoesNot()
    {
        // Long-gamma dealers between spot and a wall at 102; noise off, so the outcome is the flow alone.
        // Without dealers a program of Q0 = ln(1.02) / k reaches the wall; with them it must also
        // overcome the dealers' sales on the way, the hedging capacity C = D(102) - D(100) shares.
        var chain = Chain(PositioningModel.Classic);
        var capacityDollars = -HedgeFlows.Compute(chain, 102, "wall").Dollars;
        Assert.True(capacityDollars > 0);
        var q0 = Math.Log(1.02) / 0.03 * 1e9;
        var settings = Settings with { Paths = 4, NoiseVol = 0, ProgramSizes = [q0 + 0.5 * capacityDollars, q0 + 2 * capacityDollars], ProgramEnd = 0.9 };
        var run = MarketSimulator.Run(chain, settings, null, 102, null);
        Assert.Equal(1.0, run.Programs[0].BreakProbabilityNoDealers!.Value.Value);
        Assert.Equal(0.0, run.Programs[0].BreakProbability!.Value.Value);
        Assert.True(run.Programs[0].MeanEndSpot.Value < 102);
        Assert.Equal(1.0, run.Programs[1].BreakProbability!.Value.Value);
    }

    [Fact]
    public void Run_LongGammaNearExpiry_PinsMoreOftenThanNoDealers()
    {
        var chain = SyntheticChains.Calls(100, SyntheticChains.Strikes(95, 105, 5), 20_000, 0.2, PositioningModel.Classic, new DateOnly(2024, 1, 8));
        var s = Settings with { HorizonYears = null, Paths = 300, Steps = 150, StartSpread = 0.004, PinDistance = 0.002, ImpactPctPerBillion = 10 };
        var run = MarketSimulator.Run(chain, s, null, null, null);
        Assert.Equal(100, run.PinStrike);
        var (with, without, effect) = (run.PinFrequency!.Value, run.PinFrequencyNoDealers!.Value, run.DealerEffectOnPinning!.Value);
        Assert.True(with.Value > without.Value + 0.1, $"pinned {with.Value} vs {without.Value} without dealers");
        // The paired interval decides it: the effect is far from 0 at 300 paths.
        Assert.False(effect.Contains(0), $"effect {effect}");
        Assert.Equal(with.Value - without.Value, effect.Value, 1e-12);
    }

    [Fact]
    public void Impact_LinearAndSquareRoot_FollowTheirFormulas()
    {
        Assert.Equal(0.0001, MarketSimulator.Impact(1e9, 0.0001, false), 1e-15);
        Assert.Equal(-0.0004, MarketSimulator.Impact(-4e9, 0.0001, false), 1e-15);
        Assert.Equal(0.0002, MarketSimulator.Impact(4e9, 0.0001, true), 1e-15);
        Assert.Equal(-0.0002, MarketSimulator.Impact(-4e9, 0.0001, true), 1e-15);
        Assert.Equal(0, MarketSimulator.Impact(0, 0.0001, true));
    }

    [Fact]
    public void Run_HorizonPastFirstExpiry_IsRejected()
    {
        var chain = Chain(PositioningModel.Classic);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => MarketSimulator.Run(chain, Settings with { HorizonYears = 30.0 / 365 }, null, null, null));
        Assert.Contains("first expiry", e.Message, StringComparison.Ordinal);
    }
}
