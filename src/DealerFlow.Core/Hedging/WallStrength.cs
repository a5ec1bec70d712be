using DealerFlow.Core.Exposure;
using DealerFlow.Core.Time;

namespace DealerFlow.Core.Hedging;

/// <summary>Strength of a wall at one valuation instant (spot unchanged).</summary>
/// <param name="At">Valuation instant.</param>
/// <param name="HoursFromNow">Hours after the snapshot.</param>
/// <param name="Label">Why this instant ("now", "50% to expiry", "after expiry"...).</param>
/// <param name="BookSharesPerPoint">Dealer gamma of the whole book averaged over the window: (D(K+w) - D(K-w)) / 2w, shares per 1-point move; positive = dealers long gamma there (they sell as price rises through the window).</param>
/// <param name="BookDollarsPerPoint">The same in $ per 1-point move (x strike).</param>
/// <param name="WallSharesPerPoint">The part from the contracts at the wall's strike alone, shares per point.</param>
/// <param name="WallDollarsPerPoint">The wall's own part in $ per point.</param>
/// <param name="WallFractionOfNow">|WallSharesPerPoint| / |its value now|; null when it was 0 now.</param>
public sealed record WallStrengthPoint(DateTimeOffset At, double HoursFromNow, string Label, double BookSharesPerPoint, double BookDollarsPerPoint, double WallSharesPerPoint, double WallDollarsPerPoint, double? WallFractionOfNow);

/// <summary>Strength of one wall and its decay toward (and past) the expiry that carries most of its gamma.</summary>
/// <param name="Wall">"call wall", "put wall" or a strike label.</param>
/// <param name="Strike">Wall strike, price units.</param>
/// <param name="Window">Half-width w of the window around the strike, price units.</param>
/// <param name="DominantExpiry">Expiry carrying the largest |gamma| at the strike now; null when the strike has no contracts.</param>
/// <param name="Decay">Strength now and at later instants.</param>
public sealed record WallStrength(string Wall, double Strike, double Window, DateOnly? DominantExpiry, IReadOnlyList<WallStrengthPoint> Decay);

/// <summary>
/// Wall strength (docs/domain.md section 8): the hedging volume dealers trade per point of price while
/// spot crosses a window around a wall, and how it changes when the valuation instant moves toward
/// the expiry that built the wall: gamma concentrates, then drops to nothing once that expiry settles.
/// </summary>
public static class WallStrengthCalculator
{
    /// <summary>Fractions of the time to the dominant expiry at which the strength is recomputed.</summary>
    public static readonly double[] DecayFractions = [0, 0.25, 0.5, 0.75, 0.9];

    /// <summary>Shares per point over [strike - window, strike + window] for the book (strikeOnly NaN) or one strike; positive = long gamma.</summary>
    public static double SharesPerPoint(PricedChain chain, double strike, double window, double strikeOnly = double.NaN)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(window);
        if (chain.Count == 0) return 0;
        var lo = Math.Max(strike - window, 1e-9);
        var hi = strike + window;
        return (DeltaProfile.Net(chain, hi, -1, strikeOnly) - DeltaProfile.Net(chain, lo, -1, strikeOnly)) / (hi - lo);
    }

    /// <summary>Strength of the wall at <paramref name="strike"/> now, at <see cref="DecayFractions"/> of the way to its dominant expiry, 30 minutes before it settles and one minute after.</summary>
    public static WallStrength Compute(PricedChain chain, string wall, double strike, double window)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var dominant = DominantExpiry(chain, strike);
        var instants = new List<(DateTimeOffset At, string Label)> { (chain.Instant, "now") };
        if (dominant is { } e)
        {
            var x = chain.Expiries[e];
            var settle = Settlement.ExpiryInstant(x.Date, x.Settlement);
            var span = settle - chain.Instant;
            foreach (var f in DecayFractions.Skip(1))
                instants.Add((chain.Instant + span * f, $"{f * 100:0}% to expiry"));
            if (span > TimeSpan.FromHours(1)) instants.Add((settle - TimeSpan.FromMinutes(30), "30 min before expiry"));
            instants.Add((settle + TimeSpan.FromMinutes(1), "after expiry"));
        }
        var points = new List<WallStrengthPoint>();
        double? now = null;
        foreach (var (at, label) in instants)
        {
            var c = at == chain.Instant ? chain : ChainRevaluer.Revalue(chain, new Revaluation { Instant = at }).Chain;
            var book = SharesPerPoint(c, strike, window);
            var own = SharesPerPoint(c, strike, window, strike);
            now ??= own;
            double? fraction = now is { } n && n != 0 ? Math.Abs(own) / Math.Abs(n) : null;
            points.Add(new WallStrengthPoint(at, (at - chain.Instant).TotalHours, label, book, book * strike, own, own * strike, fraction));
        }
        return new WallStrength(wall, strike, window, dominant is { } d ? chain.Expiries[d].Date : null, points);
    }

    /// <summary>Index of the expiry with the largest |position x gamma| at <paramref name="strike"/> at spot, or null.</summary>
    public static int? DominantExpiry(PricedChain chain, double strike)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var byExpiry = new double[chain.Expiries.Count];
        var any = false;
        for (var j = 0; j < chain.Count; j++)
        {
            if (chain.Strike[j] != strike) continue;
            var d = chain.SweepC[j]; // d1 at the chain's own spot (the sweep constants are centred there)
            byExpiry[chain.ExpiryIndex[j]] += chain.SweepWAbs[j] * Math.Exp(-0.5 * d * d);
            any = true;
        }
        if (!any) return null;
        var best = 0;
        for (var e = 1; e < byExpiry.Length; e++)
        {
            if (byExpiry[e] > byExpiry[best]) best = e;
        }
        return best;
    }
}
