using DealerFlow.Core.Chain;
using DealerFlow.Core.Exposure;

namespace DealerFlow.Core.Tests.Hedging;

/// <summary>Small hand-built chains whose dealer positioning is known exactly.</summary>
internal static class SyntheticChains
{
    /// <summary>Friday 2024-01-05 10:00 US/Eastern.</summary>
    public static readonly DateTimeOffset Now = new(2024, 1, 5, 10, 0, 0, TimeSpan.FromHours(-5));

    /// <summary>Calls only (vendor IV), one per strike, on one or more PM expiries; classic positioning makes dealers long gamma, short-all short.</summary>
    public static PricedChain Calls(double spot, IEnumerable<double> strikes, double oi, double vol, PositioningModel model, params DateOnly[] expiries)
    {
        var b = new ChainBuilder();
        var line = 1;
        foreach (var e in expiries.Length == 0 ? [new DateOnly(2024, 1, 19)] : expiries)
        {
            foreach (var k in strikes)
                b.Add(new OptionQuote("SPXW", e, OptionType.Call, k, double.NaN, double.NaN, double.NaN, 0, oi, vol, double.NaN, double.NaN, line++));
        }
        var snap = b.Build("TEST", spot, Now, "synthetic");
        return ChainPricer.Price(snap, EngineSettings.Default with { Positioning = new Positioning(model), Forwards = ForwardMode.Flat });
    }

    public static IEnumerable<double> Strikes(double from, double to, double step)
    {
        for (var k = from; k <= to + 1e-9; k += step) yield return k;
    }
}
