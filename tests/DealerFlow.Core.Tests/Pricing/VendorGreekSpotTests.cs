using DealerFlow.Core.Chain;
using DealerFlow.Core.Pricing;
using DealerFlow.Core.Time;

namespace DealerFlow.Core.Tests.Pricing;

public sealed class VendorGreekSpotTests
{
    private static readonly DateTimeOffset Now = UsEastern.At(new DateOnly(2024, 1, 5), new TimeOnly(10, 0));

    /// <summary>Vendor deltas computed at <paramref name="vendorSpot"/> (IV 15 %), the file's spot 4,700.</summary>
    private static ChainSnapshot Chain(double vendorSpot, bool withDeltas = true)
    {
        var b = new ChainBuilder();
        var line = 1;
        foreach (var expiry in new[] { new DateOnly(2024, 1, 12), new DateOnly(2024, 1, 19) })
        {
            var years = Settlement.YearsToExpiry(Now, expiry, SettlementStyle.PM);
            for (var k = 4600.0; k <= 4800; k += 10)
            {
                foreach (var type in new[] { OptionType.Call, OptionType.Put })
                {
                    var delta = withDeltas ? BlackScholes.Greeks(new OptionInputs(type, vendorSpot, k, years, 0, 0, 0.15)).Delta : double.NaN;
                    b.Add(new OptionQuote("SPXW", expiry, type, k, double.NaN, double.NaN, double.NaN, 0, 100, 0.15, delta, double.NaN, line++));
                }
            }
        }
        return b.Build("SPX", 4700, Now, "synthetic");
    }

    [Fact]
    public void FromDeltas_DeltasAtAnotherSpot_RecoversThatSpot()
    {
        var v = VendorGreekSpot.FromDeltas(Chain(4710), 0)!.Value;
        Assert.Equal(4710, v.Spot, 1e-4);
        Assert.InRange(v.Contracts, 10, 84); // only |delta| 0.3-0.7 vote
    }

    [Fact]
    public void FromDeltas_NoVendorDeltas_Null() => Assert.Null(VendorGreekSpot.FromDeltas(Chain(4710, withDeltas: false), 0));
}
