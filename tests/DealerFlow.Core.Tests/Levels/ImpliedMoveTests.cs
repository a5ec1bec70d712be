using DealerFlow.Core.Chain;
using DealerFlow.Core.Exposure;
using DealerFlow.Core.Levels;
using DealerFlow.Core.Time;

namespace DealerFlow.Core.Tests.Levels;

public sealed class ImpliedMoveTests
{
    private static DateTimeOffset Et(int y, int m, int d, int h, int min) => UsEastern.At(new DateOnly(y, m, d), new TimeOnly(h, min));

    [Theory]
    [InlineData(2024, 1, 18, 18, 0, 2024, 1, 19)]  // Thursday evening: Friday's session
    [InlineData(2025, 5, 1, 8, 28, 2025, 5, 1)]    // before Thursday's open: Thursday itself
    [InlineData(2025, 5, 1, 9, 30, 2025, 5, 2)]    // at the open the session has begun: the next one
    [InlineData(2024, 1, 6, 12, 0, 2024, 1, 8)]    // Saturday: Monday
    [InlineData(2024, 1, 12, 17, 0, 2024, 1, 16)]  // Friday before Martin Luther King Day: Tuesday
    public void FirstFullSession_Instant_FirstSessionOpeningAfterIt(int y, int m, int d, int h, int min, int ey, int em, int ed) =>
        Assert.Equal(new DateOnly(ey, em, ed), ImpliedMove.FirstFullSession(Et(y, m, d, h, min)));

    private static PricedChain Chain(DateTimeOffset now, params (string Root, DateOnly Expiry, double Vol)[] expiries)
    {
        var b = new ChainBuilder();
        var line = 1;
        foreach (var (root, expiry, vol) in expiries)
        {
            foreach (var k in new[] { 4750.0, 4800, 4850 })
            {
                b.Add(new OptionQuote(root, expiry, OptionType.Call, k, double.NaN, double.NaN, double.NaN, 0, 100, vol, double.NaN, double.NaN, line++));
                b.Add(new OptionQuote(root, expiry, OptionType.Put, k, double.NaN, double.NaN, double.NaN, 0, 100, vol, double.NaN, double.NaN, line++));
            }
        }
        return ChainPricer.Price(b.Build("SPX", 4800, now, "synthetic"), EngineSettings.Default with { Forwards = ForwardMode.Flat });
    }

    [Fact]
    public void Of_EveOfAMonthlyExpiry_SkipsTheAmSettledMonthlyForTheSameDaysPmExpiry()
    {
        // Thursday 2024-01-18 17:00 ET: the SPX monthly settles at Friday's open (it covers only the night), SPXW at Friday's close.
        var chain = Chain(Et(2024, 1, 18, 17, 0), ("SPX", new DateOnly(2024, 1, 19), 0.30), ("SPXW", new DateOnly(2024, 1, 19), 0.12), ("SPXW", new DateOnly(2024, 1, 22), 0.14));
        Assert.Equal(SettlementStyle.AM, chain.Expiries[0].Settlement); // the old rule (first expiry a day out) took this one: 30 %
        var (iv, expiry) = ImpliedMove.Of(chain);
        Assert.Equal(0.12, iv!.Value, 1e-12);
        Assert.Equal(new DateOnly(2024, 1, 19), expiry);
        var l = LevelsCalculator.Analyze(chain, LevelsSettings.Default).Levels;
        Assert.Equal(4800 * 0.12 / Math.Sqrt(252), l.ImpliedMove!.Value, 1e-9); // 36.28 points
        Assert.Equal(new DateOnly(2024, 1, 19), l.ImpliedMoveExpiry);
    }

    [Fact]
    public void Of_ZeroDteAfterTheOpen_SkipsItAndNoFullSessionMeansNone()
    {
        // Tuesday 2024-01-09 11:00 ET: today's expiry covers only the rest of the session.
        var chain = Chain(Et(2024, 1, 9, 11, 0), ("SPXW", new DateOnly(2024, 1, 9), 0.20), ("SPXW", new DateOnly(2024, 1, 10), 0.11));
        Assert.Equal((0.11, new DateOnly(2024, 1, 10)), (ImpliedMove.Of(chain).Iv!.Value, ImpliedMove.Of(chain).Expiry!.Value));
        var only = Chain(Et(2024, 1, 9, 11, 0), ("SPXW", new DateOnly(2024, 1, 9), 0.20));
        Assert.Equal((null, null), ImpliedMove.Of(only));
        var l = LevelsCalculator.Analyze(only, LevelsSettings.Default).Levels;
        Assert.Null(l.ImpliedMove);
        Assert.Null(l.AtmIv);
    }

    [Theory]
    [InlineData(2014, 1, 18, 2014, 1, 17)] // Saturday after the third Friday: the Friday
    [InlineData(2014, 4, 19, 2014, 4, 17)] // Good Friday 2014-04-18 is a holiday: the Thursday
    [InlineData(2014, 1, 17, 2014, 1, 17)] // a Friday expiry is its own date
    public void SettlementDate_SaturdayExpiry_TheLastSessionBefore(int y, int m, int d, int sy, int sm, int sd)
    {
        Assert.Equal(new DateOnly(sy, sm, sd), Settlement.SettlementDate(new DateOnly(y, m, d)));
        Assert.Equal(Et(sy, sm, sd, 16, 0), Settlement.ExpiryInstant(new DateOnly(y, m, d), SettlementStyle.PM));
        Assert.Equal(Et(sy, sm, sd, 9, 30), Settlement.ExpiryInstant(new DateOnly(y, m, d), SettlementStyle.AM));
    }

    [Fact]
    public void Price_OldFileSaturdayExpiry_SettlesFridayAtTheClose()
    {
        // Friday 2014-01-17 10:00 ET, a SPY chain with the 2014-01-18 (Saturday) monthly: 360 minutes to Friday 16:00,
        // not the 1,800 minutes to Saturday 16:00 the expiry date alone gives.
        var b = new ChainBuilder();
        b.Add(new OptionQuote("SPY", new DateOnly(2014, 1, 18), OptionType.Call, 184, double.NaN, double.NaN, double.NaN, 0, 100, 0.10, double.NaN, double.NaN, 1));
        var chain = ChainPricer.Price(b.Build("SPY", 184, Et(2014, 1, 17, 10, 0), "synthetic"), EngineSettings.Default with { Forwards = ForwardMode.Flat });
        Assert.Equal(360 / Settlement.MinutesPerYear, chain.Expiries.Single().Years, 1e-15);
    }
}
