using DealerFlow.Core.Chain;
using DealerFlow.Core.Exposure;
using DealerFlow.Core.Levels;

namespace DealerFlow.Core.Tests.Levels;

public sealed class LevelsAssemblerTests
{
    [Theory]
    [InlineData(double.NaN, 10, GammaRegime.Unknown)]
    [InlineData(1e9, 0, GammaRegime.Unknown)] // no contract went into the number: no data, not a regime
    [InlineData(0.0, 0, GammaRegime.Unknown)]
    [InlineData(0.0, 2, GammaRegime.Flat)]
    [InlineData(1e-300, 2, GammaRegime.LongGamma)]
    [InlineData(-2.5e9, 2, GammaRegime.ShortGamma)]
    [InlineData(double.PositiveInfinity, 2, GammaRegime.LongGamma)]
    public void RegimeOf_TotalAndContracts_TheFourStates(double total, int contracts, GammaRegime expected) =>
        Assert.Equal(expected, LevelsAssembler.RegimeOf(total, contracts));

    [Theory]
    [InlineData(GammaRegime.LongGamma, "long gamma")]
    [InlineData(GammaRegime.ShortGamma, "short gamma")]
    [InlineData(GammaRegime.Flat, "flat")]
    [InlineData(GammaRegime.Unknown, "unknown")]
    public void Label_EachRegime_TheStoredAndWireString(GammaRegime regime, string label)
    {
        Assert.Equal(label, regime.Label());
        // The JSON form (CLI, store's levels_json, API) is the same label, whatever options serialise it.
        Assert.Equal($"\"{label}\"", System.Text.Json.JsonSerializer.Serialize(regime));
    }

    [Fact]
    public void Flip_SeveralCrossings_NearestToSpotAndLowerOnATie()
    {
        double[] crossings = [4500, 4690, 4710, 4900];
        Assert.Equal(4690, LevelsAssembler.Flip(crossings, 4697.24));
        Assert.Equal(4710, LevelsAssembler.Flip(crossings, 4705));
        Assert.Equal(4690, LevelsAssembler.Flip(crossings, 4700)); // 10 from both: the lower
        Assert.Equal(4900, LevelsAssembler.Flip(crossings, 5500)); // outside the crossings: the end nearest
        Assert.Null(LevelsAssembler.Flip([], 4700));
    }

    [Fact]
    public void Assemble_HandComputedChain_FlipDistanceRegimeAndWalls()
    {
        // Net by strike: 4600 -3, 4700 +1, 4800 +5, 4900 -1 (bn); absolute largest at 4800 (5 + 2).
        StrikeExposure[] byStrike =
        [
            new(4600, 1, -4, -3, 5),
            new(4700, 2, -1, 1, 3),
            new(4800, 5, 0, 5, 5.5),
            new(4900, 1, -2, -1, 3),
        ];
        var k = LevelsAssembler.Assemble(4697.24, -11.15, 4, [4717.83, 5400], byStrike, WallDefinition.Net);
        Assert.Equal(GammaRegime.ShortGamma, k.Regime);
        Assert.Equal(4717.83, k.ZeroGamma);
        Assert.Equal(-20.59, k.DistanceToFlip!.Value, 1e-9);
        Assert.Equal(-20.59 / 4697.24 * 100, k.DistanceToFlipPct!.Value, 1e-12); // -0.4383 %
        Assert.Equal((4800.0, 5.0), (k.Walls.CallWall!.Value, k.Walls.CallWallGex!.Value));
        Assert.Equal((4600.0, -3.0), (k.Walls.PutWall!.Value, k.Walls.PutWallGex!.Value));
        Assert.Equal((4800.0, 5.5), (k.Walls.AbsoluteGammaStrike!.Value, k.Walls.AbsoluteGammaStrikeGex!.Value));

        var side = LevelsAssembler.Assemble(4697.24, -11.15, 4, [4717.83], byStrike, WallDefinition.SideOnly);
        Assert.Equal((4800.0, 5.0, 4600.0, -4.0), (side.Walls.CallWall!.Value, side.Walls.CallWallGex!.Value, side.Walls.PutWall!.Value, side.Walls.PutWallGex!.Value));
    }

    [Fact]
    public void Assemble_NoCrossingAndPutsOnly_NullFlipAndNoCallWall()
    {
        StrikeExposure[] puts = [new(4600, 0, -4, -4, 4), new(4700, 0, -1, -1, 1)];
        var k = LevelsAssembler.Assemble(4700, -5, 2, [], puts, WallDefinition.Net);
        Assert.Null(k.ZeroGamma);
        Assert.Null(k.DistanceToFlip);
        Assert.Null(k.DistanceToFlipPct);
        Assert.Null(k.Walls.CallWall);
        Assert.Equal(4600, k.Walls.PutWall);
    }

    [Fact]
    public void Analyze_CallAndPutCancelAtEveryStrike_FlatWithTotalExactlyZero()
    {
        var b = new ChainBuilder();
        var line = 1;
        foreach (var k in new[] { 4600.0, 4700, 4800 })
        {
            b.Add(new OptionQuote("SPXW", new DateOnly(2024, 1, 19), OptionType.Call, k, double.NaN, double.NaN, double.NaN, 0, 500, 0.15, double.NaN, double.NaN, line++));
            b.Add(new OptionQuote("SPXW", new DateOnly(2024, 1, 19), OptionType.Put, k, double.NaN, double.NaN, double.NaN, 0, 500, 0.15, double.NaN, double.NaN, line++));
        }
        var chain = ChainPricer.Price(b.Build("FLAT", 4700, Hedging.SyntheticChains.Now, "synthetic"), EngineSettings.Default);
        var l = LevelsCalculator.Analyze(chain, LevelsSettings.Default).Levels;
        Assert.Equal(0.0, l.TotalGex.Value);
        Assert.Equal(GammaRegime.Flat, l.Regime);
        Assert.Null(l.CallWall);
        Assert.Null(l.PutWall);
        Assert.Equal(4700, l.AbsoluteGammaStrike);
    }
}
