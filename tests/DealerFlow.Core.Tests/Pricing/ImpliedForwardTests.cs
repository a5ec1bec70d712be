using DealerFlow.Core.Chain;
using DealerFlow.Core.Pricing;

namespace DealerFlow.Core.Tests.Pricing;

public class ImpliedForwardTests
{
    [Fact]
    public void TrySolve_ParityPricesWithSpread_RecoversForward()
    {
        const double s = 4700, t = 0.1, r = 0.05, b = 0.035, v = 0.15;
        var expected = s * Math.Exp(b * t);
        var quotes = new List<ImpliedForward.ParityQuote>();
        for (var k = 4000.0; k <= 5400; k += 25)
        {
            var c = BlackScholes.Price(new OptionInputs(OptionType.Call, s, k, t, r, b, v));
            var p = BlackScholes.Price(new OptionInputs(OptionType.Put, s, k, t, r, b, v));
            quotes.Add(new(k, c - 0.5, c + 0.5, p - 0.5, p + 0.5));
        }
        Assert.True(ImpliedForward.TrySolve(quotes.ToArray(), t, r, s, out var f));
        Assert.Equal(expected, f, 1e-8);
    }

    [Fact]
    public void TrySolve_NoTwoSidedQuotes_ReturnsFalse()
    {
        var quotes = new[] { new ImpliedForward.ParityQuote(100, 0, 1, 2, 3), new ImpliedForward.ParityQuote(105, 1, 2, double.NaN, double.NaN) };
        Assert.False(ImpliedForward.TrySolve(quotes, 0.1, 0, 100, out var f));
        Assert.True(double.IsNaN(f));
    }

    [Fact]
    public void TrySolve_CrossedStaleQuotes_RejectedByDeviation()
    {
        var quotes = new[] { new ImpliedForward.ParityQuote(100, 60, 61, 1, 2) };
        Assert.False(ImpliedForward.TrySolve(quotes, 0.1, 0, 100, out _));
    }
}
