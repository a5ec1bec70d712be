using DealerFlow.Core.Chain;
using DealerFlow.Core.Pricing;

namespace DealerFlow.Core.Tests.Pricing;

/// <summary>Golden values from Haug, "The Complete Guide to Option Pricing Formulas" (2nd ed.), printed to 4 decimals.</summary>
public class BlackScholesTests
{
    [Fact]
    public void Price_HaugCall_Is2_1334()
    {
        var g = BlackScholes.Greeks(new OptionInputs(OptionType.Call, 60, 65, 0.25, 0.08, 0.08, 0.30));
        Assert.Equal(2.1334, g.Price, 4);
    }

    [Fact]
    public void Price_HaugPutWithYield_Is2_4648()
    {
        var g = BlackScholes.Greeks(new OptionInputs(OptionType.Put, 100, 95, 0.5, 0.10, 0.05, 0.20));
        Assert.Equal(2.4648, g.Price, 4);
    }

    [Fact]
    public void Gamma_HaugExample_Is0_0278()
    {
        var g = BlackScholes.Greeks(new OptionInputs(OptionType.Call, 55, 60, 0.75, 0.10, 0.10, 0.30));
        Assert.Equal(0.0278, g.Gamma, 4);
        Assert.Equal(g.Gamma, BlackScholes.Gamma(new OptionInputs(OptionType.Call, 55, 60, 0.75, 0.10, 0.10, 0.30)), 15);
    }

    [Fact]
    public void Delta_HaugFuturesOption_Calls0_5946Puts_Minus0_3566()
    {
        var call = BlackScholes.Greeks(new OptionInputs(OptionType.Call, 105, 100, 0.5, 0.10, 0, 0.36));
        var put = BlackScholes.Greeks(new OptionInputs(OptionType.Put, 105, 100, 0.5, 0.10, 0, 0.36));
        Assert.Equal(0.5946, call.Delta, 4);
        Assert.Equal(-0.3566, put.Delta, 4);
    }

    [Fact]
    public void Theta_HaugPut_IsMinus31_1924()
    {
        var g = BlackScholes.Greeks(new OptionInputs(OptionType.Put, 430, 405, 0.0833, 0.07, 0.02, 0.20));
        Assert.Equal(-31.1924, g.Theta, 4);
    }

    public static TheoryData<OptionType, double, double, double, double, double, double> Cases => new()
    {
        { OptionType.Call, 100, 100, 0.5, 0.05, 0.02, 0.25 },
        { OptionType.Put, 100, 100, 0.5, 0.05, 0.02, 0.25 },
        { OptionType.Call, 4700, 4500, 0.02, 0.05, 0.05, 0.12 },
        { OptionType.Put, 4700, 4500, 0.02, 0.05, 0.05, 0.12 },
        { OptionType.Call, 650, 700, 1.5, 0.04, 0.025, 0.18 },
        { OptionType.Put, 650, 600, 0.003, 0.0, -0.01, 0.6 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Greeks_AgainstFiniteDifferences_Agree(OptionType type, double s, double k, double t, double r, double b, double v)
    {
        var o = new OptionInputs(type, s, k, t, r, b, v);
        var g = BlackScholes.Greeks(o);
        double P(OptionInputs x) => BlackScholes.Price(x);
        var hs = s * 1e-4;
        var delta = (P(o with { Spot = s + hs }) - P(o with { Spot = s - hs })) / (2 * hs);
        var gamma = (P(o with { Spot = s + hs }) - 2 * P(o) + P(o with { Spot = s - hs })) / (hs * hs);
        var hv = 1e-5;
        var vega = (P(o with { Vol = v + hv }) - P(o with { Vol = v - hv })) / (2 * hv);
        var vanna = (BlackScholes.Greeks(o with { Vol = v + hv }).Delta - BlackScholes.Greeks(o with { Vol = v - hv }).Delta) / (2 * hv);
        var ht = Math.Min(1e-5, t / 10);
        // Time passing shortens T while the carry rate stays: charm = -d delta / dT, theta = -dP/dT.
        var charm = -(BlackScholes.Greeks(o with { Years = t + ht }).Delta - BlackScholes.Greeks(o with { Years = t - ht }).Delta) / (2 * ht);
        var theta = -(P(o with { Years = t + ht }) - P(o with { Years = t - ht })) / (2 * ht);
        Assert.Equal(delta, g.Delta, 1e-6 * Math.Max(1, Math.Abs(delta)));
        Assert.Equal(gamma, g.Gamma, 1e-4 * Math.Max(1e-3, g.Gamma));
        Assert.Equal(vega, g.Vega, 1e-5 * Math.Max(1, vega));
        Assert.Equal(vanna, g.Vanna, 1e-5 * Math.Max(1, Math.Abs(vanna)));
        Assert.Equal(charm, g.Charm, 1e-4 * Math.Max(1, Math.Abs(charm)));
        Assert.Equal(theta, g.Theta, 1e-4 * Math.Max(1, Math.Abs(theta)));
    }

    public static TheoryData<double, double, double, double, double, double> ParityCases => new()
    {
        { 100, 100, 0.5, 0.05, 0.02, 0.25 },
        { 4700, 4500, 0.02, 0.05, 0.05, 0.12 },
        { 650, 700, 1.5, 0.04, 0.025, 0.18 },
        { 650, 600, 0.003, 0.0, -0.01, 0.6 },
    };

    [Theory]
    [MemberData(nameof(ParityCases))]
    public void Price_PutCallParity_Holds(double s, double k, double t, double r, double b, double v)
    {
        var call = BlackScholes.Price(new OptionInputs(OptionType.Call, s, k, t, r, b, v));
        var put = BlackScholes.Price(new OptionInputs(OptionType.Put, s, k, t, r, b, v));
        var parity = s * Math.Exp((b - r) * t) - k * Math.Exp(-r * t);
        Assert.Equal(parity, call - put, 1e-10 * s);
    }

    [Fact]
    public void Gamma_OverWideGrid_NonNegativeAndPutGammaMatchesTheD2Form()
    {
        foreach (var s in new[] { 10.0, 100, 1000, 5000 })
        {
            foreach (var m in new[] { 0.3, 0.8, 1.0, 1.2, 3.0 })
            {
                foreach (var t in new[] { 1e-5, 0.01, 0.5, 5 })
                {
                    foreach (var v in new[] { 0.01, 0.2, 2.0 })
                    {
                        var c = BlackScholes.Greeks(new OptionInputs(OptionType.Call, s, s * m, t, 0.03, 0.01, v));
                        var p = BlackScholes.Greeks(new OptionInputs(OptionType.Put, s, s * m, t, 0.03, 0.01, v));
                        Assert.True(c.Gamma >= 0);
                        // Independent form of the put's gamma: K e^{-rT} phi(d2) / (S^2 sigma sqrt T), from d2 not d1.
                        var k = s * m;
                        var d2 = (Math.Log(s / k) + (0.01 - 0.5 * v * v) * t) / (v * Math.Sqrt(t));
                        var viaD2 = k * Math.Exp(-0.03 * t) * Normal.Pdf(d2) / (s * s * v * Math.Sqrt(t));
                        Assert.Equal(viaD2, p.Gamma, Math.Max(1e-12 * viaD2, 1e-300));
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(0.0, 100.0, 0.5, 0.2)]
    [InlineData(100.0, 0.0, 0.5, 0.2)]
    [InlineData(100.0, 100.0, 0.0, 0.2)]
    [InlineData(100.0, 100.0, 0.5, 0.0)]
    [InlineData(100.0, 100.0, 0.5, double.NaN)]
    public void Greeks_InvalidInputs_Throw(double s, double k, double t, double v) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BlackScholes.Greeks(new OptionInputs(OptionType.Call, s, k, t, 0, 0, v)));
}
