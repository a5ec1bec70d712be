using System.Text.Json;
using DealerFlow.Core.Chain;
using DealerFlow.Core.Exposure;
using DealerFlow.Core.Levels;
using DealerFlow.Data.Readers;
using DealerFlow.Web.Live;

namespace DealerFlow.Web.Tests;

/// <summary>The live view's regime, flip and distance come from the same assembler as the report's (issue 9 item 6).</summary>
public sealed class RegimeTests
{
    public static TheoryData<string> Chains() => new(RepoPaths.AllChains().Select(f => Path.GetRelativePath(RepoPaths.TestData, f)).ToArray());

    /// <summary>The wire form (WebJson, what the dashboard reads) of a value.</summary>
    private static JsonElement J<T>(T value) => JsonSerializer.SerializeToElement(value, WebJson.Options);

    private static double? N(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetDouble();

    [Theory]
    [MemberData(nameof(Chains))]
    public void Tick_OnARealChain_AgreesWithTheReport(string name)
    {
        var chain = ChainReader.Read(RepoPaths.Data(name)).Snapshot;
        var report = J(LevelsCalculator.Analyze(ChainPricer.Price(chain, ViewKey.Default.Engine), LevelsSettings.Default).Levels);
        using (var services = LiveServices.Create())
        {
            var book = services.Book;
            book.Chain(chain, "test");
            var symbol = services.Symbols.List().Single().Symbol;
            var view = J(services.Views.Levels(services[symbol], ViewKey.Default).View!);
            var tick = view.GetProperty("tick");
            var live = view.GetProperty("levels");
            Assert.Contains(report.GetProperty("regime").GetString(), new[] { "long gamma", "short gamma" });
            Assert.Equal(report.GetProperty("regime").GetString(), tick.GetProperty("regime").GetString());
            Assert.Equal(report.GetProperty("regime").GetString(), live.GetProperty("regime").GetString());
            Assert.Equal(N(report, "zeroGamma"), N(tick, "zeroGamma"));
            Assert.Equal(N(report, "distanceToFlip"), N(tick, "distanceToFlip"));
            Assert.Equal(N(report, "distanceToFlipPct"), N(tick, "distanceToFlipPct"));
            Assert.Equal((N(report, "callWall"), N(report, "putWall")), (N(tick, "callWall"), N(tick, "putWall")));
            // Same total at the same spot: the tick's sweep and the report's sum by strike agree to rounding.
            var total = report.GetProperty("totalGex").GetProperty("value").GetDouble();
            Assert.Equal(total, tick.GetProperty("netGex").GetDouble(), Math.Abs(total) * 1e-9);

            // Spot moves to the other side of the flip (or 1% up where there is none) and the levels are recomputed there:
            // the tick and the re-anchored levels still say the same thing.
            var spot = chain.Spot;
            var moved = N(report, "zeroGamma") is { } flip ? flip + (flip - spot) : spot * 1.01;
            book.Spot(symbol, moved, chain.Instant);
            book.Reanchor(symbol);
            var after = J(services.Views.Levels(services[symbol], ViewKey.Default).View!);
            Assert.Equal(after.GetProperty("levels").GetProperty("regime").GetString(), after.GetProperty("tick").GetProperty("regime").GetString());
            Assert.Equal(N(after.GetProperty("levels"), "zeroGamma"), N(after.GetProperty("tick"), "zeroGamma"));
            Assert.Equal(N(after.GetProperty("levels"), "distanceToFlip"), N(after.GetProperty("tick"), "distanceToFlip"));
        }
    }

    /// <summary>
    /// One call and one put at one strike, same open interest and IV: classic positioning (dealers long the call, short the
    /// put) nets every strike to exactly 0, so total GEX at spot is 0. The report says "flat"; the live tick used to say
    /// "long gamma" (its own rule was net &gt;= 0).
    /// </summary>
    [Fact]
    public void Tick_CallAndPutCancel_IsFlatLikeTheReport()
    {
        var b = new ChainBuilder();
        var expiry = new DateOnly(2024, 1, 19);
        b.Add(new OptionQuote("SPXW", expiry, OptionType.Call, 4700, double.NaN, double.NaN, double.NaN, 0, 1000, 0.12, double.NaN, double.NaN, 1));
        b.Add(new OptionQuote("SPXW", expiry, OptionType.Put, 4700, double.NaN, double.NaN, double.NaN, 0, 1000, 0.12, double.NaN, double.NaN, 2));
        var chain = b.Build("FLAT", 4700, new DateTimeOffset(2024, 1, 5, 10, 0, 0, TimeSpan.FromHours(-5)), "synthetic");
        using (var live = LiveServices.Create())
        {
            live.Book.Chain(chain, "test");
            var view = J(live.Views.Levels(live["FLAT"], ViewKey.Default).View!);
            Assert.Equal(0.0, view.GetProperty("levels").GetProperty("totalGex").GetProperty("value").GetDouble());
            Assert.Equal(0.0, view.GetProperty("tick").GetProperty("netGex").GetDouble());
            Assert.Equal("flat", view.GetProperty("levels").GetProperty("regime").GetString());
            Assert.Equal("flat", view.GetProperty("tick").GetProperty("regime").GetString());
        }
    }
}
