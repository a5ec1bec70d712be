using DealerFlow.Core.Statistics;

namespace DealerFlow.Core.Scorecard;

/// <summary>One stored session as the scorecard reads it: its last snapshot's levels (price units) and total GEX (stored unit).</summary>
public sealed record ScoredSession
{
    public required DateOnly Session { get; init; }
    public required double Spot { get; init; }
    public double? ZeroGamma { get; init; }
    public double? CallWall { get; init; }
    public double? PutWall { get; init; }

    /// <summary>Total dealer GEX at spot; its sign is the regime.</summary>
    public required double TotalGex { get; init; }

    /// <summary>At-the-money implied volatility, annualised decimal; null when unknown.</summary>
    public double? AtmIv { get; init; }
}

/// <summary>Realised volatility after the sessions of one regime (annualised decimals).</summary>
public sealed record RegimeStats(int Sessions, Estimate NextDayVol, Estimate NextDayParkinsonVol, Estimate Next5DayVol);

/// <summary>Everything <see cref="Scorecard.Score"/> finds.</summary>
public sealed record ScorecardResult
{
    public required int Seed { get; init; }
    public required int Resamples { get; init; }

    /// <summary>Sessions given.</summary>
    public required int Sessions { get; init; }

    /// <summary>Sessions with their own and the next session's prices.</summary>
    public required int Scored { get; init; }

    /// <summary>Sessions without a price row for the session itself or the next one (not scored).</summary>
    public required int WithoutPrices { get; init; }
    public required Estimate CallWallHighHeldRate { get; init; }
    public required Estimate CallWallCloseHeldRate { get; init; }
    public required Estimate PutWallLowHeldRate { get; init; }
    public required Estimate PutWallCloseHeldRate { get; init; }
    public required RegimeStats AboveFlip { get; init; }
    public required RegimeStats BelowFlip { get; init; }

    /// <summary>Scored sessions without a zero-gamma level (counted apart from above/below).</summary>
    public required int WithoutFlip { get; init; }
    public required RegimeStats PositiveGex { get; init; }
    public required RegimeStats NegativeGex { get; init; }

    /// <summary>Spearman rank correlation of total GEX with the next session's squared log return.</summary>
    public required Estimate SpearmanGexNextVariance { get; init; }

    /// <summary>The same, partial given the session's ATM IV (sessions with an ATM IV only).</summary>
    public required Estimate PartialSpearmanGivenAtmIv { get; init; }
}

/// <summary>
/// Do the levels hold? Each session (its last snapshot) against the next session(s) of a daily price series, with the
/// definitions of issue 13: hold rates of the walls, realised vol by regime, rank correlation of GEX with next-day
/// variance raw and given ATM IV. Every figure carries n and a 95 % percentile bootstrap interval over sessions with a
/// fixed seed; statistics over overlapping 5-session windows use a moving-block bootstrap (block length 5).
/// </summary>
public static class Scorecard
{
    public const int DefaultSeed = 20260613;
    public const int DefaultResamples = 2000;

    public static ScorecardResult Score(IReadOnlyList<ScoredSession> sessions, IReadOnlyList<DailyBar> prices, int seed = DefaultSeed, int resamples = DefaultResamples)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(prices);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        var bars = prices.OrderBy(b => b.Date).ToArray();
        var index = new Dictionary<DateOnly, int>(bars.Length);
        for (var i = 0; i < bars.Length; i++) index[bars[i].Date] = i;

        // Each scored session: its price row index t (the session's own bar), with bar t+1 present.
        var scored = new List<(ScoredSession S, int T)>();
        foreach (var s in sessions.OrderBy(s => s.Session))
        {
            if (index.TryGetValue(s.Session, out var t) && t + 1 < bars.Length) scored.Add((s, t));
        }

        var b = new Bootstrapper(seed, resamples);
        double R(int t, int k) => Math.Log(bars[t + k].Close / bars[t + k - 1].Close);

        Estimate Rate(Func<ScoredSession, DailyBar, bool?> held)
        {
            var v = scored.Select(x => held(x.S, bars[x.T + 1])).Where(h => h is not null).Select(h => h!.Value ? 1.0 : 0.0).ToArray();
            return b.Mean(v, 1, m => m);
        }

        RegimeStats Regime(Func<ScoredSession, bool> member)
        {
            var g = scored.Where(x => member(x.S)).ToList();
            var r2 = g.Select(x => R(x.T, 1) * R(x.T, 1)).ToArray();
            var park = g.Select(x => Math.Pow(Math.Log(bars[x.T + 1].High / bars[x.T + 1].Low), 2)).ToArray();
            var five = g.Where(x => x.T + 5 < bars.Length).Select(x => Enumerable.Range(1, 5).Average(k => R(x.T, k) * R(x.T, k))).ToArray();
            return new RegimeStats(g.Count,
                b.Mean(r2, 1, m => Math.Sqrt(252 * m)),
                b.Mean(park, 1, m => Math.Sqrt(252 * m / (4 * Math.Log(2)))),
                b.Mean(five, 5, m => Math.Sqrt(252 * m)));
        }

        var gex = scored.Select(x => x.S.TotalGex).ToArray();
        var nextVar = scored.Select(x => R(x.T, 1) * R(x.T, 1)).ToArray();
        var withIv = scored.Select((x, i) => (x, i)).Where(p => p.x.S.AtmIv is not null).ToList();
        var ivGex = withIv.Select(p => gex[p.i]).ToArray();
        var ivVar = withIv.Select(p => nextVar[p.i]).ToArray();
        var iv = withIv.Select(p => p.x.S.AtmIv!.Value).ToArray();

        return new ScorecardResult
        {
            Seed = seed,
            Resamples = resamples,
            Sessions = sessions.Count,
            Scored = scored.Count,
            WithoutPrices = sessions.Count - scored.Count,
            CallWallHighHeldRate = Rate((s, n) => s.CallWall is { } w ? n.High <= w : null),
            CallWallCloseHeldRate = Rate((s, n) => s.CallWall is { } w ? n.Close <= w : null),
            PutWallLowHeldRate = Rate((s, n) => s.PutWall is { } w ? n.Low >= w : null),
            PutWallCloseHeldRate = Rate((s, n) => s.PutWall is { } w ? n.Close >= w : null),
            AboveFlip = Regime(s => s.ZeroGamma is { } z && s.Spot > z),
            BelowFlip = Regime(s => s.ZeroGamma is { } z && s.Spot < z),
            WithoutFlip = scored.Count(x => x.S.ZeroGamma is null),
            PositiveGex = Regime(s => s.TotalGex > 0),
            NegativeGex = Regime(s => s.TotalGex < 0),
            SpearmanGexNextVariance = b.Statistic(gex.Length, 1, idx => Spearman(Pick(gex, idx), Pick(nextVar, idx))),
            PartialSpearmanGivenAtmIv = b.Statistic(ivGex.Length, 1, idx => PartialSpearman(Pick(ivGex, idx), Pick(ivVar, idx), Pick(iv, idx))),
        };
    }

    private static double[] Pick(double[] v, int[] idx)
    {
        var r = new double[idx.Length];
        for (var i = 0; i < idx.Length; i++) r[i] = v[idx[i]];
        return r;
    }

    /// <summary>Spearman rank correlation: Pearson correlation of average ranks (ties share their mean rank). NaN when either side is constant or n &lt; 3.</summary>
    public static double Spearman(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count) throw new ArgumentException("x and y differ in length.", nameof(y));
        return x.Count < 3 ? double.NaN : Pearson(Ranks(x), Ranks(y));
    }

    /// <summary>Partial Spearman of x and y given z: (r_xy - r_xz r_yz) / sqrt((1 - r_xz^2)(1 - r_yz^2)) on Spearman correlations.</summary>
    public static double PartialSpearman(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> z)
    {
        var (rxy, rxz, ryz) = (Spearman(x, y), Spearman(x, z), Spearman(y, z));
        return (rxy - rxz * ryz) / Math.Sqrt((1 - rxz * rxz) * (1 - ryz * ryz));
    }

    /// <summary>1-based ranks, ties given their average rank.</summary>
    public static double[] Ranks(IReadOnlyList<double> v)
    {
        ArgumentNullException.ThrowIfNull(v);
        var order = Enumerable.Range(0, v.Count).OrderBy(i => v[i]).ToArray();
        var ranks = new double[v.Count];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && v[order[j + 1]] == v[order[i]]) j++;
            var avg = (i + j) / 2.0 + 1;
            for (var k = i; k <= j; k++) ranks[order[k]] = avg;
            i = j + 1;
        }
        return ranks;
    }

    private static double Pearson(double[] x, double[] y)
    {
        var (mx, my) = (x.Average(), y.Average());
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? double.NaN : sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>Percentile bootstrap over sessions in order: moving blocks of <c>block</c> sessions (1 = ordinary bootstrap).</summary>
    private sealed class Bootstrapper(int seed, int resamples)
    {
        public Estimate Mean(double[] values, int block, Func<double, double> transform) =>
            Statistic(values.Length, block, idx =>
            {
                var s = 0.0;
                foreach (var i in idx) s += values[i];
                return transform(s / idx.Length);
            });

        public Estimate Statistic(int n, int block, Func<int[], double> statistic)
        {
            if (n == 0) return Estimate.None;
            var point = statistic(Enumerable.Range(0, n).ToArray());
            // Fewer than two blocks cannot be resampled into anything but the sample itself: no interval rather than a false [x, x].
            if (block > 1 && n < 2 * block) return new Estimate(point, n, double.NaN, double.NaN);
            var rng = new Random(seed);
            var L = Math.Min(block, n);
            var draws = new List<double>(resamples);
            var idx = new int[n];
            for (var r = 0; r < resamples; r++)
            {
                for (var filled = 0; filled < n;)
                {
                    var start = rng.Next(n - L + 1);
                    for (var k = 0; k < L && filled < n; k++) idx[filled++] = start + k;
                }
                var v = statistic(idx);
                if (!double.IsNaN(v)) draws.Add(v);
            }
            if (draws.Count == 0) return new Estimate(point, n, double.NaN, double.NaN);
            draws.Sort();
            return new Estimate(point, n, Quantile(draws, 0.025), Quantile(draws, 0.975));
        }

        private static double Quantile(List<double> sorted, double p)
        {
            var h = (sorted.Count - 1) * p;
            var lo = (int)Math.Floor(h);
            var hi = Math.Min(lo + 1, sorted.Count - 1);
            return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
        }
    }
}
