using DealerFlow.Core.Chain;
using DealerFlow.Core.Exposure;
using DealerFlow.Core.Pricing;
using DealerFlow.Core.Time;

namespace DealerFlow.Core.Tests.Exposure;

/// <summary>
/// A contract whose strike has no price that solves and no vendor IV takes its IV linearly in strike from the nearest
/// solved strikes of its own expiry, flat beyond the last one (<see cref="IvOrigin.Interpolated"/>).
/// </summary>
public sealed class IvInterpolationTests
{
    private static readonly DateTimeOffset Now = UsEastern.At(new DateOnly(2024, 1, 5), new TimeOnly(10, 0));
    private static readonly DateOnly Near = new(2024, 1, 12), Far = new(2024, 2, 16);
    private static readonly double[] Unquoted = [4650, 4800];

    /// <summary>Mids priced at a smile 20 % + 0.01 % per point below 4,700 (25 % for the far expiry); 4,650 and 4,800 unquoted.</summary>
    private static PricedChain Chain()
    {
        var b = new ChainBuilder();
        var line = 1;
        foreach (var (expiry, level) in new[] { (Near, 0.20), (Far, 0.25) })
        {
            var years = Settlement.YearsToExpiry(Now, expiry, SettlementStyle.PM);
            for (var k = 4550.0; k <= 4800; k += 50)
            {
                foreach (var type in new[] { OptionType.Call, OptionType.Put })
                {
                    var mid = BlackScholes.Price(new OptionInputs(type, 4700, k, years, 0, 0, level + 0.0001 * (4700 - k)));
                    var (bid, ask) = Unquoted.Contains(k) ? (double.NaN, double.NaN) : (mid - 0.05, mid + 0.05);
                    b.Add(new OptionQuote("SPXW", expiry, type, k, bid, ask, double.NaN, 0, 100, double.NaN, double.NaN, double.NaN, line++));
                }
            }
        }
        return ChainPricer.Price(b.Build("SPX", 4700, Now, "synthetic"), EngineSettings.Default);
    }

    private static double VolAt(PricedChain chain, DateOnly expiry, double strike, OptionType type)
    {
        for (var j = 0; j < chain.Count; j++)
        {
            if (chain.StrikeColumn[j] == strike && chain.TypeColumn[j] == type && chain.Expiries[chain.ExpiryIndexColumn[j]].Date == expiry)
                return chain.VolColumn[j];
        }
        throw new InvalidOperationException($"no {type} {strike} {expiry}");
    }

    [Fact]
    public void UnquotedStrikes_TakeTheirOwnExpirysSmile()
    {
        var chain = Chain();
        Assert.Equal(8, chain.IvInterpolated); // 2 strikes x call and put x 2 expiries
        Assert.Equal(24, chain.Count);
        foreach (var expiry in new[] { Near, Far })
        {
            // 4,650 lies between the solved 4,600 (put side, below the forward) and 4,700; linear in strike, exactly.
            var (v4600, v4700) = (VolAt(chain, expiry, 4600, OptionType.Put), VolAt(chain, expiry, 4700, OptionType.Call));
            var between = v4600 + (v4700 - v4600) * (4650.0 - 4600) / (4700 - 4600);
            Assert.Equal(between, VolAt(chain, expiry, 4650, OptionType.Call), 15);
            Assert.Equal(between, VolAt(chain, expiry, 4650, OptionType.Put), 15);
            // 4,800 is beyond the last solved strike (4,750): flat.
            var v4750 = VolAt(chain, expiry, 4750, OptionType.Call);
            Assert.Equal(v4750, VolAt(chain, expiry, 4800, OptionType.Put), 15);
            // And the smile is the expiry's own: the solved vols are the ones the mids were priced at (1e-8).
            var level = expiry == Near ? 0.20 : 0.25;
            Assert.Equal(level + 0.0001 * (4700 - 4600), v4600, 8);
            Assert.Equal(level - 0.0001 * 50, v4750, 8);
        }
    }
}
