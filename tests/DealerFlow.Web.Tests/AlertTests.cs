using DealerFlow.Data.Readers;
using DealerFlow.Web.Live;

namespace DealerFlow.Web.Tests;

[Collection(WebHosts.Name)]
public sealed class AlertTests
{
    [Fact]
    public async Task Spot_CrossingTheFlipOrAWall_RaisesOneAlertPerCrossingAndPostsIt()
    {
        await using var stub = await CboeStub.StartAsync();
        await using var live = LiveServices.Create(new Dictionary<string, string?> { ["DealerFlow:Live:AlertWebhook"] = stub.BaseUrl + "/hook" });
        var book = live.Book;
        var chain = ChainReader.Read(RepoPaths.SpxSample).Snapshot;
        book.Chain(chain, "test");
        var at = chain.Instant;

        // Sample: spot 4,697.24, flip 4,717.83 (--iv auto), call wall 4,900, put wall 4,500.
        book.Spot("SPX", 4710, at);
        Assert.Empty(live.Views.Alerts(live["SPX"]));
        // Hovering on the flip, inside the 0.05% dead band (+/-2.36), does not flap.
        foreach (var spot in new[] { 4716.0, 4718.5, 4716.5, 4719.0 }) book.Spot("SPX", spot, at);
        Assert.Empty(live.Views.Alerts(live["SPX"]));
        book.Spot("SPX", 4725, at);
        var alert = Assert.Single(live.Views.Alerts(live["SPX"]));
        Assert.Equal("zero gamma", alert.Kind);
        Assert.Equal("above", alert.Direction);
        Assert.Equal(4717.83, alert.Level, 0.01);
        book.Spot("SPX", 4730, at);
        Assert.Single(live.Views.Alerts(live["SPX"]));
        book.Spot("SPX", 4490, at); // down through the flip and the put wall at once
        Assert.Equal(["zero gamma", "put wall"], live.Views.Alerts(live["SPX"]).Skip(1).Select(a => a.Kind));

        await Wait.Until(() => { lock (stub.Posts) return Task.FromResult(stub.Posts.Count); }, n => n == 3, "three webhook posts");
        lock (stub.Posts)
        {
            // Posts are fire-and-forget, so they may arrive in any order.
            Assert.Equal(2, stub.Posts.Count(p => p.Contains("\"kind\":\"zero gamma\"", StringComparison.Ordinal)));
            Assert.Single(stub.Posts, p => p.Contains("\"kind\":\"put wall\"", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Spot_Tick_UpdatesRegimeAndDistanceWithoutANewChain()
    {
        using var live = LiveServices.Create();
        var book = live.Book;
        book.Chain(ChainReader.Read(RepoPaths.SpxSample).Snapshot, "test");
        var before = live.Views.Tick(live["SPX"], ViewKey.Default)!;
        Assert.Equal(Core.Levels.GammaRegime.ShortGamma, before.Regime);
        book.Spot("SPX", 4760, DateTimeOffset.UnixEpoch);
        var after = live.Views.Tick(live["SPX"], ViewKey.Default)!;
        Assert.Equal(Core.Levels.GammaRegime.LongGamma, after.Regime);
        Assert.Equal(4760 - 4717.83, after.DistanceToFlip!.Value, 0.01);
        Assert.True(after.NetGex > 0);
        Assert.Equal(1, live.Symbols.List().Single().ChainVersion);
    }

    /// <summary>
    /// The tick's GEX at the new spot and without the next expiry come from one sweep; each equals the scalar reference
    /// sweep (one Math.Exp per contract) within 1e-12 of the gross (sum of |term|), in $ per 1% move.
    /// </summary>
    [Fact]
    public void Spot_Tick_NetGexAndExNextExpiryEqualTheScalarSweepAtTheNewSpot()
    {
        using var live = LiveServices.Create();
        var book = live.Book;
        book.Chain(ChainReader.Read(RepoPaths.SpxSample).Snapshot, "test");
        var (_, priced, _) = live.Views.Analyze(live["SPX"], ViewKey.Default);
        Assert.NotNull(priced);
        var next = priced.NextExpiryIndex;
        Assert.True(next >= 0 && priced.Expiries.Count > 1);
        foreach (var spot in new[] { 4500.0, 4697.24, 4760.0, 5100.0 })
        {
            book.Spot("SPX", spot, DateTimeOffset.UnixEpoch);
            var tick = live.Views.Tick(live["SPX"], ViewKey.Default)!;
            var factor = Core.Exposure.GexUnits.Factor(Core.Exposure.GexUnit.DollarsPerPercent, spot);
            var gross = Gross(priced, spot) * factor;
            Assert.Equal(Core.Exposure.GammaSweep.NetSharesScalar(priced, spot) * factor, tick.NetGex, 1e-12 * gross);
            Assert.Equal(Core.Exposure.GammaSweep.NetSharesScalar(priced, spot, next) * factor, tick.NetGexExNextExpiry, 1e-12 * gross);
            Assert.NotEqual(tick.NetGex, tick.NetGexExNextExpiry);
        }
    }

    /// <summary>sum |position x gamma| in shares per $1 at <paramref name="spot"/>: the scale a summation-order difference lives on.</summary>
    private static double Gross(Core.Exposure.PricedChain chain, double spot)
    {
        var sum = 0.0;
        for (var j = 0; j < chain.Count; j++)
        {
            var vst = chain.VolColumn[j] * Math.Sqrt(chain.YearsColumn[j]);
            var d1 = (Math.Log(spot / chain.StrikeColumn[j]) + (chain.CarryColumn[j] + 0.5 * chain.VolColumn[j] * chain.VolColumn[j]) * chain.YearsColumn[j]) / vst;
            var gamma = Math.Exp((chain.CarryColumn[j] - chain.Rate) * chain.YearsColumn[j]) * Math.Exp(-0.5 * d1 * d1) / (Math.Sqrt(2 * Math.PI) * spot * vst);
            sum += Math.Abs(chain.PositionColumn[j] * gamma);
        }
        return sum;
    }

    [Fact]
    public void SpotLevels_AtTheChainSpot_ReproducesLevelsCalculator()
    {
        var chain = ChainReader.Read(RepoPaths.SpxSample).Snapshot;
        var priced = Core.Exposure.ChainPricer.Price(chain, Core.Exposure.EngineSettings.Default);
        var analysis = Core.Levels.LevelsCalculator.Analyze(priced, Core.Levels.LevelsSettings.Default);
        var again = Core.Levels.SpotLevels.At(analysis, priced, chain.Spot, Core.Exposure.GexUnit.DollarsPerPercent);
        var (a, b) = (analysis.Levels, again.Levels);
        Assert.Equal(a.TotalGex.Value, b.TotalGex.Value, Math.Abs(a.TotalGex.Value) * 1e-12);
        Assert.Equal(a.DeltaExposure!.Value.Value, b.DeltaExposure!.Value.Value, Math.Abs(a.DeltaExposure.Value.Value) * 1e-12);
        Assert.Equal((a.CallWall, a.PutWall, a.AbsoluteGammaStrike, a.ZeroGamma), (b.CallWall, b.PutWall, b.AbsoluteGammaStrike, b.ZeroGamma));
        Assert.Equal(a.GammaTilt!.Value, b.GammaTilt!.Value, 1e-12);
        Assert.Equal(a.TopStrikes.Select(s => s.Strike), b.TopStrikes.Select(s => s.Strike));
        Assert.Equal(analysis.Exposure.ByExpiry.Select(e => e.Net), again.Exposure.ByExpiry.Select(e => e.Net), new ToleranceComparer(1e-3));
    }

    [Fact]
    public void Reanchor_AfterASpotMove_MovesTotalAndDexButNotTheFlip()
    {
        using var live = LiveServices.Create();
        var book = live.Book;
        book.Chain(ChainReader.Read(RepoPaths.SpxSample).Snapshot, "test");
        var before = live.Views.Levels(live["SPX"], ViewKey.Default).View!;
        book.Spot("SPX", 4740, DateTimeOffset.UnixEpoch);
        book.Reanchor("SPX");
        var after = live.Views.Levels(live["SPX"], ViewKey.Default).View!;
        Assert.Equal(4740, after.Levels.Spot);
        // The flip is a property of the positioning, not of where spot is: re-pricing the snapshot at 4,740 would drag it to 4,760.
        Assert.Equal(before.Levels.ZeroGamma!.Value, after.Levels.ZeroGamma!.Value, 1e-9);
        Assert.Equal(Core.Levels.GammaRegime.LongGamma, after.Levels.Regime);
        Assert.True(after.Levels.TotalGex.Value > 0);
        Assert.NotEqual(before.Levels.DeltaExposure, after.Levels.DeltaExposure);
        Assert.Equal(before.Current.TotalGex, after.Previous!.TotalGex);
        Assert.Equal(1, live.Symbols.List().Single().ChainVersion);
    }

    [Fact]
    public void History_LongSession_IsThinnedEvenlyKeepingTheNewestPoint()
    {
        using var live = LiveServices.Create();
        var book = live.Book;
        book.Chain(ChainReader.Read(RepoPaths.SpxSample).Snapshot, "test");
        for (var i = 1; i <= 6; i++)
        {
            book.Spot("SPX", 4697 + i, DateTimeOffset.UnixEpoch);
            book.Reanchor("SPX");
        }
        var all = live.Views.History(live["SPX"], Core.Exposure.GexUnit.DollarsPerPercent, 100);
        Assert.Equal(7, all.Points.Count);
        var thin = live.Views.History(live["SPX"], Core.Exposure.GexUnit.DollarsPerPercent, 3);
        Assert.Equal(new[] { all.Points[0].Spot, all.Points[3].Spot, all.Points[6].Spot }, thin.Points.Select(p => p.Spot));
        Assert.Equal(3, thin.Heatmap.Cells.Count);
        Assert.Equal(4703, thin.Points[^1].Spot);
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance * Math.Max(1, Math.Max(Math.Abs(x), Math.Abs(y)));

        public int GetHashCode(double obj) => 0;
    }

    [Theory]
    [InlineData(null, null, null, true)]
    [InlineData("pt", "short-all", "ex-next", true)]
    [InlineData("shares", "classic", "30", true)]
    [InlineData("1pct", "classic", "-1", false)]
    [InlineData("1pct", "overlay-only", "all", false)]
    [InlineData("bp", "classic", "all", false)]
    public void ViewKey_TryParse_AcceptsTheDocumentedValues(string? unit, string? model, string? expiry, bool valid)
    {
        Assert.Equal(valid, ViewKey.TryParse(unit, model, expiry, out var key, out var errors));
        Assert.Equal(valid, errors.Count == 0);
        if (valid) Assert.NotNull(key.Filter);
    }
}
