using DealerFlow.Core.Exposure;
using DealerFlow.Core.Pricing;
using DealerFlow.Core.Time;

namespace DealerFlow.Core.Hedging;

/// <summary>How an implied-volatility shock is applied to every contract.</summary>
public enum VolShockKind
{
    /// <summary>No shock.</summary>
    None,

    /// <summary>sigma' = sigma + x / 100 (x in vol points: 5 = +5 IV points).</summary>
    AddPoints,

    /// <summary>sigma' = sigma * x (1.2 = every IV 20% higher).</summary>
    Scale,
}

/// <summary>Which coordinate an IV stays attached to when spot moves.</summary>
public enum Stickiness
{
    /// <summary>Each contract keeps its own IV whatever the spot (the engine's default re-pricing).</summary>
    Strike,

    /// <summary>IV is a function of K/S: at spot S1 a strike K takes the IV its expiry had at strike K * S0 / S1 (linear in strike, flat beyond the ends).</summary>
    Moneyness,
}

/// <summary>An IV shock: <see cref="VolShockKind.AddPoints"/> in vol points or <see cref="VolShockKind.Scale"/> as a factor.</summary>
public readonly record struct VolShock(VolShockKind Kind, double Amount)
{
    /// <summary>No shock: <see cref="Apply"/> returns the volatility unchanged.</summary>
    public static VolShock None => default;

    /// <summary>An additive shock of <paramref name="points"/> vol points: sigma' = sigma + points / 100 (5 = +5 IV points, -3 = 3 points lower).</summary>
    public static VolShock Points(double points) => new(VolShockKind.AddPoints, points);

    /// <summary>A multiplicative shock: sigma' = sigma x <paramref name="factor"/> (1.2 = every IV 20% higher); <see cref="ChainRevaluer.Revalue"/> rejects a factor &lt;= 0.</summary>
    public static VolShock Times(double factor) => new(VolShockKind.Scale, factor);

    /// <summary>The shocked volatility (fraction); may be below the floor, which the caller applies.</summary>
    public double Apply(double vol) => Kind switch
    {
        VolShockKind.AddPoints => vol + Amount / 100,
        VolShockKind.Scale => vol * Amount,
        _ => vol,
    };

    /// <summary>For example "+5.00 IV points" or "IV x 1.20" or "none".</summary>
    public string Describe() => Kind switch
    {
        VolShockKind.AddPoints => Amount.ToString("+0.00;-0.00", System.Globalization.CultureInfo.InvariantCulture) + " IV points",
        VolShockKind.Scale => "IV x " + Amount.ToString("0.00##", System.Globalization.CultureInfo.InvariantCulture),
        _ => "none",
    };
}

/// <summary>What changes in a revaluation; unset members keep the chain's values.</summary>
public sealed record Revaluation
{
    /// <summary>New valuation instant; T of every expiry is recomputed to its settlement instant, and expiries at or past it drop out.</summary>
    public DateTimeOffset? Instant { get; init; }

    /// <summary>New spot (price units); forwards move with spot (carry b per expiry unchanged).</summary>
    public double? Spot { get; init; }

    /// <summary>IV shock applied to every contract after the stickiness lookup; default <see cref="VolShock.None"/>.</summary>
    public VolShock Vol { get; init; }

    /// <summary>What an IV stays attached to when <see cref="Spot"/> moves; default <see cref="Stickiness.Strike"/> (each contract keeps its IV).</summary>
    public Stickiness Sticky { get; init; } = Stickiness.Strike;

    /// <summary>Lowest volatility a shock may produce (fraction); lower shocked IVs are raised to it and counted.</summary>
    public double VolFloor { get; init; } = 0.005;
}

/// <summary>A revalued chain and what the revaluation did.</summary>
public sealed record RevaluedChain(PricedChain Chain, int ContractsExpired, int VolsFloored);

/// <summary>
/// Builds a <see cref="PricedChain"/> variant at another instant, spot or volatility level, with the
/// same positions, so <see cref="Levels.LevelsCalculator"/> and <see cref="GammaSweep"/> run on it
/// unchanged. Pure: the input chain is not modified.
/// </summary>
public static class ChainRevaluer
{
    /// <summary>
    /// <paramref name="chain"/> at <paramref name="change"/>'s instant, spot and volatility, with every position unchanged:
    /// T per expiry recomputed to its settlement instant (expiries with T &lt;= 0 drop out and are added to
    /// <see cref="Exclusion.Expired"/>), forwards F = S' e^{bT'} with each expiry's carry b kept, IVs looked up by
    /// stickiness, then shocked and raised to <see cref="Revaluation.VolFloor"/> where below it. The result counts the
    /// contracts that expired and the IVs floored. Pure: <paramref name="chain"/> is not modified.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="chain"/> or <paramref name="change"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The new spot is not positive and finite, or a vol scale factor is not positive.</exception>
    public static RevaluedChain Revalue(PricedChain chain, Revaluation change)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(change);
        var instant = change.Instant ?? chain.Instant;
        var spot = change.Spot ?? chain.Spot;
        if (!(spot > 0) || !double.IsFinite(spot)) throw new ArgumentOutOfRangeException(nameof(change), spot, "Spot must be positive.");
        if (change.Vol.Kind == VolShockKind.Scale && !(change.Vol.Amount > 0)) throw new ArgumentOutOfRangeException(nameof(change), change.Vol.Amount, "A vol scale must be positive.");

        var expiries = chain.Expiries;
        var newYears = new double[expiries.Count];
        for (var e = 0; e < expiries.Count; e++)
            newYears[e] = change.Instant is null || instant == chain.Instant ? expiries[e].Years : Settlement.YearsToExpiry(instant, expiries[e].Date, expiries[e].Settlement);

        var smiles = change.Sticky == Stickiness.Moneyness && spot != chain.Spot ? Smiles(chain) : null;
        var moneynessShift = chain.Spot / spot;
        var keep = new List<int>(chain.Count);
        var vols = new double[chain.Count];
        int expired = 0, floored = 0;
        for (var j = 0; j < chain.Count; j++)
        {
            if (newYears[chain.ExpiryIndex[j]] <= 0) { expired++; continue; }
            var vol = smiles is null ? chain.Vol[j] : smiles[chain.ExpiryIndex[j]].At(chain.Strike[j] * moneynessShift);
            vol = change.Vol.Apply(vol);
            if (!(vol >= change.VolFloor)) { vol = change.VolFloor; floored++; }
            vols[j] = vol;
            keep.Add(j);
        }

        var snapshot = chain.Snapshot.WithSpot(spot, instant);
        var today = PricedChain.EasternDate(instant);
        var liveMap = new int[expiries.Count];
        var infos = new List<ExpiryInfo>();
        var counts = new int[expiries.Count];
        foreach (var j in keep) counts[chain.ExpiryIndex[j]]++;
        for (var e = 0; e < expiries.Count; e++)
        {
            liveMap[e] = -1;
            if (counts[e] == 0) continue;
            liveMap[e] = infos.Count;
            var x = expiries[e];
            infos.Add(x with
            {
                Years = newYears[e],
                DaysToExpiry = x.Date.DayNumber - today.DayNumber,
                Forward = spot * Math.Exp(x.Carry * newYears[e]),
                Contracts = counts[e],
            });
        }
        var strikeSet = new SortedSet<double>();
        foreach (var j in keep) strikeSet.Add(chain.Strike[j]);
        var strikes = strikeSet.ToArray();
        var excluded = new Dictionary<Exclusion, int>(chain.Excluded);
        if (expired > 0) excluded[Exclusion.Expired] = excluded.GetValueOrDefault(Exclusion.Expired) + expired;
        var result = new PricedChain(snapshot, chain.Settings, keep.Count, infos.Count, set =>
        {
            for (var n = 0; n < keep.Count; n++)
            {
                var j = keep[n];
                var e = liveMap[chain.ExpiryIndex[j]];
                set(n, chain.Strike[j], infos[e].Years, vols[j], chain.Carry[j], chain.Position[j], chain.Type[j], e,
                    Array.BinarySearch(strikes, chain.Strike[j]), chain.ContractIndex[j]);
            }
        })
        {
            Today = today,
            Expiries = infos,
            Strikes = strikes,
            NextExpiryIndex = infos.Count == 0 ? -1 : 0,
            Excluded = excluded,
            ExcludedExamples = chain.ExcludedExamples,
            IvSolved = chain.IvSolved,
            IvFromVendor = chain.IvFromVendor,
            IvFromOtherSide = chain.IvFromOtherSide,
            IvInterpolated = chain.IvInterpolated,
            IvOrigins = chain.IvOrigins,
            QuoteSync = chain.QuoteSync,
        };
        return new RevaluedChain(result, expired, floored);
    }

    /// <summary>Per expiry, IV by strike (call and put at a strike averaged), for sticky-moneyness lookups.</summary>
    private static Smile[] Smiles(PricedChain chain)
    {
        var maps = new SortedDictionary<double, (double Sum, int N)>[chain.Expiries.Count];
        for (var e = 0; e < maps.Length; e++) maps[e] = [];
        for (var j = 0; j < chain.Count; j++)
        {
            var m = maps[chain.ExpiryIndex[j]];
            var v = m.TryGetValue(chain.Strike[j], out var x) ? x : (0, 0);
            m[chain.Strike[j]] = (v.Sum + chain.Vol[j], v.N + 1);
        }
        return maps.Select(m => new Smile(m.Keys.ToArray(), m.Values.Select(v => v.Sum / v.N).ToArray())).ToArray();
    }

    private sealed class Smile(double[] strikes, double[] vols)
    {
        public double At(double strike)
        {
            if (strikes.Length == 1 || strike <= strikes[0]) return vols[0];
            if (strike >= strikes[^1]) return vols[^1];
            var i = Array.BinarySearch(strikes, strike);
            if (i >= 0) return vols[i];
            i = ~i;
            var w = (strike - strikes[i - 1]) / (strikes[i] - strikes[i - 1]);
            return vols[i - 1] + w * (vols[i] - vols[i - 1]);
        }
    }
}
