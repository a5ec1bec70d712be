using DealerFlow.Core.Chain;
using DealerFlow.Core.Exposure;
using DealerFlow.Core.Levels;
using DealerFlow.Core.Pricing;
using DealerFlow.Core.Time;

namespace DealerFlow.Core.Tests.Exposure;

public class ExposureTests
{
    private static readonly DateTimeOffset Now = UsEastern.At(new DateOnly(2024, 1, 10), new TimeOnly(12, 0));

    private static ChainSnapshot Chain(double spot, params (OptionType Type, double Strike, DateOnly Expiry, double Oi, double Iv)[] contracts)
    {
        var b = new ChainBuilder();
        var line = 1;
        foreach (var c in contracts)
            b.Add(new OptionQuote("SPY", c.Expiry, c.Type, c.Strike, double.NaN, double.NaN, double.NaN, double.NaN, c.Oi, c.Iv, double.NaN, double.NaN, line++));
        return b.Build("SPY", spot, Now, "test");
    }

    [Fact]
    public void GexUnits_DomainExample_2500PerPointAnd12500PerPercent()
    {
        // docs/domain.md section 6: Gamma 0.05, S 500, OI 1, m 100, s +1.
        const double sharesPerDollar = 1 * 0.05 * 1 * 100;
        Assert.Equal(2500, sharesPerDollar * GexUnits.Factor(GexUnit.DollarsPerPoint, 500), 9);
        Assert.Equal(12500, sharesPerDollar * GexUnits.Factor(GexUnit.DollarsPerPercent, 500), 9);
        Assert.Equal(5, sharesPerDollar * GexUnits.Factor(GexUnit.SharesPerDollar, 500), 12);
    }

    [Fact]
    public void UnitAndModelNames_OneTable_UndefinedValuesRefusedNotRelabelled()
    {
        // The GEX units' codes and labels are the amount units' (one text per unit), parsed back the same way.
        Assert.Equal((GexUnits.Code(GexUnit.DollarsPerPercent), GexUnits.Label(GexUnit.DollarsPerPercent)), (AmountUnit.UsdPer1Pct.Code(), AmountUnit.UsdPer1Pct.Label()));
        Assert.True(AmountUnits.TryParse("shares-per-vol-point", out var vol) && vol == AmountUnit.SharesPerVolPoint);
        Assert.False(AmountUnits.TryParse(null, out _));
        Assert.False(AmountUnits.TryParse("usd-per-1pct-typo", out _));
        // Before, an undefined value took the last row's text: "shares per $1 move", "only the overlay's positions".
        Assert.Throws<ArgumentOutOfRangeException>(() => GexUnits.Label((GexUnit)99));
        Assert.Throws<ArgumentOutOfRangeException>(() => Positioning.ModelCode((PositioningModel)99));
        Assert.Throws<ArgumentOutOfRangeException>(() => ((AmountUnit)99).Code());
    }

    [Fact]
    public void Price_OneCall_GexEqualsGammaTimesOiTimesMultiplier()
    {
        var expiry = new DateOnly(2024, 2, 16);
        var chain = Chain(500, (OptionType.Call, 500, expiry, 1000, 0.2));
        var priced = ChainPricer.Price(chain, EngineSettings.Default with { Forwards = ForwardMode.Flat });
        var t = Settlement.YearsToExpiry(Now, expiry, SettlementStyle.PM);
        var gamma = BlackScholes.Gamma(new OptionInputs(OptionType.Call, 500, 500, t, 0, 0, 0.2));
        Assert.Equal(gamma * 1000 * 100, GammaSweep.NetShares(priced, 500), 1e-9);
        var levels = LevelsCalculator.Analyze(priced, LevelsSettings.Default).Levels;
        Assert.Equal(gamma * 1000 * 100 * 500 * 500 * 0.01, levels.TotalGex.Value, 1e-6);
        Assert.Equal(GammaRegime.LongGamma, levels.Regime);
        Assert.Empty(levels.ZeroGammaCrossings);
        Assert.Null(levels.ZeroGamma);
    }

    [Fact]
    public void Positioning_ClassicShortAllOverlay_SignsAsDocumented()
    {
        var expiry = new DateOnly(2024, 2, 16);
        var chain = Chain(500, (OptionType.Call, 510, expiry, 100, 0.2), (OptionType.Put, 490, expiry, 100, 0.2));
        double Net(Positioning p) => GammaSweep.NetShares(ChainPricer.Price(chain, EngineSettings.Default with { Positioning = p, Forwards = ForwardMode.Flat }), 500);
        var t = Settlement.YearsToExpiry(Now, expiry, SettlementStyle.PM);
        var gc = BlackScholes.Gamma(new OptionInputs(OptionType.Call, 500, 510, t, 0, 0, 0.2)) * 100 * 100;
        var gp = BlackScholes.Gamma(new OptionInputs(OptionType.Call, 500, 490, t, 0, 0, 0.2)) * 100 * 100;
        Assert.Equal(gc - gp, Net(Positioning.Classic), 1e-9);
        Assert.Equal(-gc - gp, Net(new Positioning(PositioningModel.ShortAll)), 1e-9);
        var overlay = new PositionOverlay("otc.csv", new Dictionary<string, double> { ["SPY240216C00510000"] = -300 });
        Assert.Equal(gc * (100 - 300) / 100 - gp, Net(new Positioning(PositioningModel.Classic, overlay)), 1e-9);
        Assert.Equal(-3 * gc, Net(new Positioning(PositioningModel.OverlayOnly, overlay)), 1e-9);
    }

    [Fact]
    public void Price_ExclusionsCountedNeverPricedAsZero()
    {
        var chain = Chain(500,
            (OptionType.Call, 500, new DateOnly(2024, 1, 5), 10, 0.2),   // expired
            (OptionType.Call, 505, new DateOnly(2024, 2, 16), 0, 0.2),   // zero OI
            (OptionType.Put, 495, new DateOnly(2024, 2, 16), 10, double.NaN), // no IV, no quote
            (OptionType.Put, 490, new DateOnly(2024, 2, 16), 10, 0.0),   // IV 0 is not sane
            (OptionType.Call, 510, new DateOnly(2024, 2, 16), 10, 0.2));
        var priced = ChainPricer.Price(chain, EngineSettings.Default);
        Assert.Equal(1, priced.Count);
        Assert.Equal(1, priced.Excluded[Exclusion.Expired]);
        Assert.Equal(1, priced.Excluded[Exclusion.ZeroOpenInterest]);
        Assert.Equal(2, priced.Excluded[Exclusion.NoIv]);
        Assert.Contains("SPY240216P00495000 (line 3)", priced.ExcludedExamples[Exclusion.NoIv]);
    }

    [Fact]
    public void Price_IvFromMidWhenVendorMissing_RoundTrips()
    {
        var expiry = new DateOnly(2024, 3, 15);
        var t = Settlement.YearsToExpiry(Now, expiry, SettlementStyle.PM);
        var price = BlackScholes.Price(new OptionInputs(OptionType.Put, 480, 470, t, 0, 0, 0.23));
        var b = new ChainBuilder();
        b.Add(new OptionQuote("SPY", expiry, OptionType.Put, 470, price - 0.01, price + 0.01, double.NaN, double.NaN, 50, double.NaN, double.NaN, double.NaN, 1));
        var priced = ChainPricer.Price(b.Build("SPY", 480, Now, "test"), EngineSettings.Default with { Forwards = ForwardMode.Flat });
        Assert.Equal(1, priced.IvSolved);
        Assert.Equal(0.23, priced.VolColumn[0], 1e-10);
    }

    [Fact]
    public void Levels_SymmetricBook_FlipBetweenStrikesAndPolished()
    {
        // Dealers long the 520 calls, short the 480 puts, equal size: GEX is positive above the
        // midpoint and negative below it, so exactly one crossing sits near the geometric middle.
        var expiry = new DateOnly(2024, 2, 16);
        var chain = Chain(500, (OptionType.Call, 520, expiry, 1000, 0.2), (OptionType.Put, 480, expiry, 1000, 0.2));
        var priced = ChainPricer.Price(chain, EngineSettings.Default with { Forwards = ForwardMode.Flat });
        var l = LevelsCalculator.Analyze(priced, LevelsSettings.Default).Levels;
        Assert.Single(l.ZeroGammaCrossings);
        var flip = l.ZeroGamma!.Value;
        Assert.InRange(flip, 495, 505);
        Assert.True(Math.Abs(GammaSweep.NetShares(priced, flip)) < 1e-6 * GammaSweep.NetShares(priced, 520));
        Assert.True(GammaSweep.NetShares(priced, flip - 0.01) < 0);
        Assert.True(GammaSweep.NetShares(priced, flip + 0.01) > 0);
        Assert.Equal(520, l.CallWall);
        Assert.Equal(480, l.PutWall);
    }

    [Fact]
    public void ExpiryFilter_ZeroDteAndMaxDte()
    {
        var today = new DateOnly(2024, 1, 10);
        Assert.True(new ExpiryFilter { ZeroDteOnly = true }.Includes(today, today, today, null));
        Assert.False(new ExpiryFilter { ZeroDteOnly = true }.Includes(today.AddDays(1), today, today, null));
        Assert.True(new ExpiryFilter { MaxDte = 7 }.Includes(today.AddDays(7), today, today, null));
        Assert.False(new ExpiryFilter { MaxDte = 7 }.Includes(today.AddDays(8), today, today, null));
        Assert.False(new ExpiryFilter { ExNextMonthly = true }.Includes(new DateOnly(2024, 1, 19), today, today, new DateOnly(2024, 1, 19)));
        Assert.True(ExpiryFilter.IsThirdFriday(new DateOnly(2024, 1, 19)));
        Assert.False(ExpiryFilter.IsThirdFriday(new DateOnly(2024, 1, 26)));
        Assert.Equal("DTE <= 7, ex-next-expiry", new ExpiryFilter { MaxDte = 7, ExNextExpiry = true }.Describe());
    }

    /// <summary>The pricer lists a strike's call-put pairs first (for the greeks); `inputs` still lists the chain's rows in the file's order.</summary>
    [Fact]
    public void Inputs_PricedWithPairsFirst_ListedInTheSnapshotsRowOrder()
    {
        var chain = TestChains.Spx;
        var priced = chain.ContractIndexColumn.ToArray();
        var rows = (int[])priced.Clone();
        Array.Sort(rows);
        Assert.NotEqual(rows, priced);
        var report = ChainInputs.Describe(chain);
        Assert.Equal(rows.Select(chain.Snapshot.Symbol), report.Contracts.Select(c => c.Symbol));
        var at = Array.IndexOf(priced, rows[100]);
        Assert.Equal(chain.VolColumn[at], report.Contracts[100].Iv);
        Assert.Equal(chain.PositionColumn[at] / chain.Snapshot.Multiplier[rows[100]], report.Contracts[100].Position);
    }

    [Fact]
    public void RootFinder_Brent_FindsCubicRoot()
    {
        Func<double, double> f = x => x * x * x - 2 * x - 5;
        Assert.True(RootFinder.TryBrent(f, 2, 3, f(2), f(3), 1e-12, out var root));
        Assert.Equal(2.0945514815423265, root, 11);
        Assert.False(RootFinder.TryBrent(f, 3, 4, f(3), f(4), 1e-12, out _));
    }

    [Fact]
    public void RootFinder_Brent_StepBelowDoubleSpacing_ReturnsFalse()
    {
        // A sign change at 0.3 with no zero: the bracket stops at two neighbouring doubles 5.6e-17
        // apart, wider than a 1e-20 tolerance, so it can never converge. The old loop returned true
        // with its last iterate after 200 iterations.
        Func<double, double> f = x => x < 0.3 ? -1 : 1;
        Assert.False(RootFinder.TryBrent(f, 0, 1, f(0), f(1), 1e-20, out var root));
        Assert.True(double.IsNaN(root));
        // The same bracket at a tolerance the doubles can meet converges on the step.
        Assert.True(RootFinder.TryBrent(f, 0, 1, f(0), f(1), 1e-12, out var step));
        Assert.Equal(0.3, step, 1e-12);
    }

    [Fact]
    public void RootFinder_Brent_TooFewIterations_ReturnsFalse()
    {
        Func<double, double> f = x => x * x * x - 2 * x - 5;
        Assert.False(RootFinder.TryBrent(f, 2, 3, f(2), f(3), 1e-12, out var root, maxIterations: 2));
        Assert.True(double.IsNaN(root));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1e-9)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void RootFinder_Brent_InvalidTolerance_Throws(double tolerance)
    {
        Func<double, double> f = x => x - 1;
        Assert.Throws<ArgumentOutOfRangeException>(() => RootFinder.TryBrent(f, 0, 2, f(0), f(2), tolerance, out _));
    }
}
