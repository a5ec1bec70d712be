using DealerFlow.Core.Chain;
using DealerFlow.Core.Time;

namespace DealerFlow.Core.Pricing;

/// <summary>The spot that reproduces a file's vendor deltas, and how many contracts it rests on.</summary>
/// <param name="Spot">Median over the contracts used of the spot at which each one's Black-Scholes delta (vendor IV, DealerFlow's clock, carry = the rate) equals the vendor's delta.</param>
/// <param name="Contracts">Contracts used: vendor delta with |delta| in [0.3, 0.7], a vendor IV in [1 %, 300 %], 1 to 60 days to settlement.</param>
public readonly record struct VendorDeltaSpot(double Spot, int Contracts);

/// <summary>
/// Evidence for quote synchronisation from the vendor's own greeks (issue 9 item 1): a vendor solves its deltas at its
/// quote time and spot, so the spot that reproduces them says which spot the quotes belong to, independently of the
/// parity forwards. Near the money (|delta| 0.3-0.7, |d1| &lt;= 0.52) the clock barely matters: ln(S/K) = d1 sigma sqrt T
/// - (b + sigma^2/2) T, and a one-day error in T on a 7-day expiry moves the estimate by a few bp at most.
/// </summary>
public static class VendorGreekSpot
{
    /// <summary>Fewest contracts for an estimate; fewer gives null.</summary>
    public const int MinContracts = 5;

    /// <summary>The estimate, or null when the file has fewer than <see cref="MinContracts"/> usable vendor deltas.</summary>
    public static VendorDeltaSpot? FromDeltas(ChainSnapshot chain, double rate)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var delta = chain.VendorDelta;
        var iv = chain.VendorIv;
        var spots = new List<double>();
        // T of the previous contract's expiry and root: a file lists an expiry's contracts together.
        string? lastRoot = null;
        DateOnly lastExpiry = default;
        var lastYears = double.NaN;
        for (var i = 0; i < chain.Count; i++)
        {
            var d = delta[i];
            var vol = iv[i];
            var type = chain.Type[i];
            if (!double.IsFinite(d) || !(vol is >= 0.01 and <= 3)) continue;
            var magnitude = type == OptionType.Call ? d : -d;
            if (!(magnitude is >= 0.3 and <= 0.7)) continue;
            var k = chain.Strike[i];
            var root = chain.Root(i);
            if (!ReferenceEquals(root, lastRoot) || chain.Expiry[i] != lastExpiry)
            {
                (lastRoot, lastExpiry) = (root, chain.Expiry[i]);
                lastYears = Settlement.YearsToExpiry(chain.Instant, lastExpiry, Settlement.StyleOf(root, lastExpiry));
            }
            var years = lastYears;
            if (!(years is >= 1.0 / 365 and <= 60.0 / 365)) continue;
            // With b = r, delta = sign N(sign d1): z = sign d1 solves N(z) = |delta| (Newton from 0; |z| <= 0.53 here, where N is
            // smooth and steep), and d1 = (ln(S/K) + (r + sigma^2/2) T) / (sigma sqrt T) gives S. Kept in [K/2, 2K], the
            // bracket a root search would use.
            var z = 0.0;
            for (var step = 0; step < 20; step++)
            {
                var dz = (Normal.Cdf(z) - magnitude) / Normal.Pdf(z);
                z -= dz;
                if (Math.Abs(dz) <= 1e-15) break;
            }
            var drift = (rate + 0.5 * vol * vol) * years;
            var s = k * Math.Exp(OptionDelta.TypeSign(type) * z * vol * Math.Sqrt(years) - drift);
            if (s >= 0.5 * k && s <= 2 * k) spots.Add(s);
        }
        if (spots.Count < MinContracts) return null;
        spots.Sort();
        var n = spots.Count;
        var median = n % 2 == 1 ? spots[n / 2] : 0.5 * (spots[n / 2 - 1] + spots[n / 2]);
        return new VendorDeltaSpot(median, n);
    }
}
