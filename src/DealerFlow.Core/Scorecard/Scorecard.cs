using System.Diagnostics.CodeAnalysis;
using DealerFlow.Core.Calendar;
using DealerFlow.Core.History;
using DealerFlow.Core.Statistics;

namespace DealerFlow.Core.Scorecard;

/// <summary>
/// One stored session as the scorecard reads it: its last snapshot's levels (<see cref="SnapshotLevels"/>: price units)
/// and total GEX (stored unit; its sign is the regime). A session without a flip is counted in <see cref="ScorecardResult.WithoutFlip"/>.
/// </summary>
public sealed record ScoredSession : SnapshotLevels
{
    /// <summary>Creates a session from an object initialiser.</summary>
    public ScoredSession() { }

    /// <summary>The session <paramref name="session"/> read at the levels of its last snapshot, <paramref name="levels"/>.</summary>
    [SetsRequiredMembers]
    public ScoredSession(DateOnly session, SnapshotLevels levels) : base(levels) => Session = session;

    /// <summary>The exchange session; it is scored against the price rows of this date and the next session's.</summary>
    public required DateOnly Session { get; init; }
}

/// <summary>Realised volatility after the sessions of one regime (annualised decimals).</summary>
public sealed record RegimeStats(int Sessions, Estimate NextDayVol, Estimate NextDayParkinsonVol, Estimate Next5DayVol);

/// <summary>Mean log return ln(C[t+k] / C[t]) over the next 1, 5 and 10 sessions (decimals; positive = the underlying rose).</summary>
public sealed record HorizonReturns(Estimate Next1, Estimate Next5, Estimate Next10);

/// <summary>Returns after a session closed beyond its own wall: above the call wall, below the put wall.</summary>
public sealed record Breaches(HorizonReturns AboveCallWall, HorizonReturns BelowPutWall);

/// <summary>
/// Pinning: |C[t+1] - K| / S[t] * 100 (% of spot), K the session's absolute-gamma strike, split by whether the next session
/// is a monthly expiry session (<see cref="Scorecard.IsMonthlyExpirySession"/>). <see cref="DifferencePct"/> = expiry - other;
/// negative = closes sat nearer the strike on expiry sessions (pinning).
/// </summary>
public sealed record Pinning(Estimate ExpiryDistancePct, Estimate OtherDistancePct, Estimate DifferencePct);

/// <summary>
/// One of the articles' strategies as a stated rule (an evaluation, not advice). <see cref="HitRate"/> and
/// <see cref="MeanOutcome"/> over the sessions that met the rule; the baselines are the same outcome over every scored
/// session with the horizon available (None where no unconditional counterpart exists: compare with 0 or 0.5).
/// </summary>
public sealed record StrategyResult(string Name, string Rule, string Hit, string Outcome, int HorizonSessions, Estimate HitRate, Estimate MeanOutcome, Estimate BaselineHitRate, Estimate BaselineMeanOutcome)
{
    /// <summary>
    /// True when the mean outcome cannot be told apart from what it is compared with: its 95 % interval contains the
    /// baseline mean (or 0 when there is no baseline), or it has no interval at all (too few sessions).
    /// </summary>
    public bool WithinNoise => MeanOutcome.N == 0 || double.IsNaN(MeanOutcome.Low) || MeanOutcome.Contains(BaselineMeanOutcome.N > 0 ? BaselineMeanOutcome.Value : 0);
}

/// <summary>Everything <see cref="Scorecard.Score"/> finds.</summary>
public sealed record ScorecardResult
{
    /// <summary>Seed of the bootstrap resampling: the same seed and data give the same intervals.</summary>
    public required int Seed { get; init; }

    /// <summary>Bootstrap resamples behind each 95 % interval.</summary>
    public required int Resamples { get; init; }

    /// <summary>Sessions given.</summary>
    public required int Sessions { get; init; }

    /// <summary>Sessions with their own and the next session's prices.</summary>
    public required int Scored { get; init; }

    /// <summary>Sessions without a price row for the session itself or the next one (not scored).</summary>
    public required int WithoutPrices { get; init; }

    /// <summary>Share of scored sessions with a call wall whose next session's high stayed at or below it (sessions whose next bar has a range only).</summary>
    public required Estimate CallWallHighHeldRate { get; init; }

    /// <summary>Share of scored sessions with a call wall whose next session's close stayed at or below it.</summary>
    public required Estimate CallWallCloseHeldRate { get; init; }

    /// <summary>Share of scored sessions with a put wall whose next session's low stayed at or above it (sessions whose next bar has a range only).</summary>
    public required Estimate PutWallLowHeldRate { get; init; }

    /// <summary>Share of scored sessions with a put wall whose next session's close stayed at or above it.</summary>
    public required Estimate PutWallCloseHeldRate { get; init; }

    /// <summary>Realised vol after the scored sessions whose spot was above their flip.</summary>
    public required RegimeStats AboveFlip { get; init; }

    /// <summary>Realised vol after the scored sessions whose spot was below their flip.</summary>
    public required RegimeStats BelowFlip { get; init; }

    /// <summary>Scored sessions without a zero-gamma level (counted apart from above/below).</summary>
    public required int WithoutFlip { get; init; }

    /// <summary>Realised vol after the scored sessions with total GEX &gt; 0 (dealers long gamma under the positioning model).</summary>
    public required RegimeStats PositiveGex { get; init; }

    /// <summary>Realised vol after the scored sessions with total GEX &lt; 0 (dealers short gamma under the positioning model).</summary>
    public required RegimeStats NegativeGex { get; init; }

    /// <summary>Spearman rank correlation of total GEX with the next session's squared log return.</summary>
    public required Estimate SpearmanGexNextVariance { get; init; }

    /// <summary>The same, partial given the session's ATM IV (sessions with an ATM IV only).</summary>
    public required Estimate PartialSpearmanGivenAtmIv { get; init; }

    /// <summary>The same, partial given the session's VIX close (sessions with a VIX row; None without a VIX series).</summary>
    public required Estimate PartialSpearmanGivenVix { get; init; }

    /// <summary>The same, partial given both ATM IV and the VIX close (second-order partial; None without a VIX series).</summary>
    public required Estimate PartialSpearmanGivenAtmIvAndVix { get; init; }

    /// <summary>Log returns over the next 1, 5 and 10 sessions after a close above the session's call wall or below its put wall.</summary>
    public required Breaches Breaches { get; init; }

    /// <summary>Distance of the next close from the absolute-gamma strike on monthly-expiry sessions against other sessions.</summary>
    public required Pinning Pinning { get; init; }

    /// <summary>The articles' strategies as stated rules, each with hit rate and mean outcome against its baseline.</summary>
    public required IReadOnlyList<StrategyResult> Strategies { get; init; }
}

/// <summary>
/// Do the levels hold? Each session (its last snapshot) against the next session(s) of a daily price series, with the
/// definitions of issue 13: hold rates of the walls, realised vol by regime, rank correlation of GEX with next-day
/// variance raw and given ATM IV. Every figure carries n and a 95 % percentile bootstrap interval over sessions with a
/// fixed seed; statistics over overlapping 5-session windows use a moving-block bootstrap (block length 5).
/// </summary>
public static class Scorecard
{
    /// <summary>Bootstrap seed used when the caller gives none.</summary>
    public const int DefaultSeed = 20260613;

    /// <summary>Bootstrap resamples used when the caller gives none.</summary>
    public const int DefaultResamples = 2000;

    /// <summary>"Buying vol before a flip cross": spot closed at most this far above the flip, as a fraction of the flip (1 %).</summary>
    public const double FlipProximity = 0.01;

    /// <summary>Sessions a wall must have stayed at the same strike, and sessions in a row the flip must have risen, for the strategy rules.</summary>
    public const int StableSessions = 5;

    /// <summary>Horizon of the strategy outcomes, sessions.</summary>
    public const int StrategyHorizon = 5;

    /// <summary>
    /// True for the session of a standard monthly options expiry: the third Friday of the month, or the session before it
    /// when that Friday is an exchange holiday (Juneteenth 2026, Good Friday).
    /// </summary>
    public static bool IsMonthlyExpirySession(DateOnly date)
    {
        if (!TradingCalendar.IsSession(date)) return false;
        var first = new DateOnly(date.Year, date.Month, 1);
        var third = first.AddDays(((int)DayOfWeek.Friday - (int)first.DayOfWeek + 7) % 7 + 14);
        return TradingCalendar.SessionOnOrBefore(third) == date;
    }

    /// <summary>Scores <paramref name="sessions"/> against <paramref name="prices"/>; <paramref name="vix"/> (optional VIX daily closes) adds the partial correlations given the VIX close of each session.</summary>
    public static ScorecardResult Score(IReadOnlyList<ScoredSession> sessions, IReadOnlyList<DailyBar> prices, int seed = DefaultSeed, int resamples = DefaultResamples, IReadOnlyList<DailyBar>? vix = null)
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
            var park = g.Where(x => bars[x.T + 1].HasRange).Select(x => Math.Pow(Math.Log(bars[x.T + 1].High / bars[x.T + 1].Low), 2)).ToArray();
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
        var raw = new RankColumns(gex, nextVar);
        var givenIv = new RankColumns(ivGex, ivVar, iv);

        Estimate givenVix = Estimate.None, givenBoth = Estimate.None;
        if (vix is not null)
        {
            var vixClose = new Dictionary<DateOnly, double>();
            foreach (var v in vix) vixClose[v.Date] = v.Close;
            var withVix = scored.Select((x, i) => (x, i)).Where(p => vixClose.ContainsKey(p.x.S.Session)).ToList();
            var (vg, vv, vz) = (withVix.Select(p => gex[p.i]).ToArray(), withVix.Select(p => nextVar[p.i]).ToArray(), withVix.Select(p => vixClose[p.x.S.Session]).ToArray());
            var rv = new RankColumns(vg, vv, vz);
            givenVix = b.Statistic(vg.Length, 1, idx => vg.Length < 3 ? double.NaN : rv.Correlations(idx) is var r ? Partial(r[0, 1], r[0, 2], r[1, 2]) : double.NaN);
            var both = withVix.Where(p => p.x.S.AtmIv is not null).ToList();
            var (bg, bv, bi, bz) = (both.Select(p => gex[p.i]).ToArray(), both.Select(p => nextVar[p.i]).ToArray(), both.Select(p => p.x.S.AtmIv!.Value).ToArray(), both.Select(p => vixClose[p.x.S.Session]).ToArray());
            var rb = new RankColumns(bg, bv, bi, bz);
            givenBoth = b.Statistic(bg.Length, 1, idx => bg.Length < 3 ? double.NaN : rb.Correlations(idx) is var r ? Partial2(r) : double.NaN);
        }

        // Log return from the session's close to k sessions later; null past the end of the price file.
        double? Ahead(int t, int k) => t + k < bars.Length ? Math.Log(bars[t + k].Close / bars[t].Close) : null;
        HorizonReturns After(Func<ScoredSession, DailyBar, bool> beyond)
        {
            var g = scored.Where(x => beyond(x.S, bars[x.T])).ToList();
            Estimate H(int k) => b.Mean(g.Select(x => Ahead(x.T, k)).OfType<double>().ToArray(), k, m => m);
            return new HorizonReturns(H(1), H(5), H(10));
        }

        var pinExpiry = new List<double>();
        var pinOther = new List<double>();
        foreach (var (s, t) in scored)
        {
            if (s.AbsoluteGammaStrike is not { } k) continue;
            var d = Math.Abs(bars[t + 1].Close - k) / s.Spot * 100;
            (IsMonthlyExpirySession(bars[t + 1].Date) ? pinExpiry : pinOther).Add(d);
        }
        var (pe, po) = (pinExpiry.ToArray(), pinOther.ToArray());

        return new ScorecardResult
        {
            Seed = seed,
            Resamples = resamples,
            Sessions = sessions.Count,
            Scored = scored.Count,
            WithoutPrices = sessions.Count - scored.Count,
            CallWallHighHeldRate = Rate((s, n) => s.CallWall is { } w && n.HasRange ? n.High <= w : null),
            CallWallCloseHeldRate = Rate((s, n) => s.CallWall is { } w ? n.Close <= w : null),
            PutWallLowHeldRate = Rate((s, n) => s.PutWall is { } w && n.HasRange ? n.Low >= w : null),
            PutWallCloseHeldRate = Rate((s, n) => s.PutWall is { } w ? n.Close >= w : null),
            AboveFlip = Regime(s => s.ZeroGamma is { } z && s.Spot > z),
            BelowFlip = Regime(s => s.ZeroGamma is { } z && s.Spot < z),
            WithoutFlip = scored.Count(x => x.S.ZeroGamma is null),
            PositiveGex = Regime(s => s.TotalGex > 0),
            NegativeGex = Regime(s => s.TotalGex < 0),
            SpearmanGexNextVariance = b.Statistic(gex.Length, 1, idx => gex.Length < 3 ? double.NaN : raw.Correlations(idx)[0, 1]),
            PartialSpearmanGivenAtmIv = b.Statistic(ivGex.Length, 1, idx => ivGex.Length < 3 ? double.NaN : givenIv.Correlations(idx) is var r ? Partial(r[0, 1], r[0, 2], r[1, 2]) : double.NaN),
            PartialSpearmanGivenVix = givenVix,
            PartialSpearmanGivenAtmIvAndVix = givenBoth,
            Breaches = new Breaches(
                After((s, bar) => s.CallWall is { } w && bar.Close > w),
                After((s, bar) => s.PutWall is { } w && bar.Close < w)),
            Pinning = new Pinning(b.Mean(pe, 1, m => m), b.Mean(po, 1, m => m), b.Difference(pe, po)),
            Strategies = Strategies(scored, bars, b),
        };
    }

    private static List<StrategyResult> Strategies(List<(ScoredSession S, int T)> scored, DailyBar[] bars, Bootstrapper b)
    {
        const int h = StrategyHorizon;
        var byBar = new Dictionary<int, ScoredSession>();
        foreach (var (s, t) in scored) byBar[t] = s;
        // The stored sessions t-n..t, when every one of them is stored and they are consecutive exchange sessions (consecutive price rows).
        ScoredSession[]? Back(int t, int n)
        {
            var run = new ScoredSession[n + 1];
            for (var k = 0; k <= n; k++)
            {
                if (!byBar.TryGetValue(t - n + k, out var s)) return null;
                run[k] = s;
            }
            return run;
        }
        double R(int t) => Math.Log(bars[t + h].Close / bars[t].Close);
        double Rv(int t)
        {
            var sum = 0.0;
            for (var k = 1; k <= h; k++) sum += Math.Pow(Math.Log(bars[t + k].Close / bars[t + k - 1].Close), 2);
            return sum / h;
        }
        bool HasRanges(int t)
        {
            for (var k = 1; k <= h; k++)
                if (!bars[t + k].HasRange) return false;
            return true;
        }
        bool Inside(ScoredSession s, int t)
        {
            for (var k = 1; k <= h; k++)
                if (bars[t + k].High > s.CallWall!.Value || bars[t + k].Low < s.PutWall!.Value) return false;
            return true;
        }
        static double Bit(bool x) => x ? 1.0 : 0.0;
        // A strategy scored by a signed return: it paid when the return is positive; the baseline is scored alike.
        StrategyResult Signed(string name, string rule, string win, string measure, List<double> returns, List<double>? baseline) =>
            new(name, rule, win, measure, h,
                b.Mean(returns.Select(f => Bit(f > 0)).ToArray(), h, m => m),
                b.Mean(returns.ToArray(), h, m => m),
                baseline is null ? Estimate.None : b.Mean(baseline.Select(f => Bit(f > 0)).ToArray(), h, m => m),
                baseline is null ? Estimate.None : b.Mean(baseline.ToArray(), h, m => m));
        var full = scored.Where(x => x.T + h < bars.Length).ToList();
        var list = new List<StrategyResult>();

        // 1. Selling premium in a high-gamma zone.
        var walls = full.Where(x => x.S.CallWall is not null && x.S.PutWall is not null && HasRanges(x.T)).ToList();
        var zone = walls.Where(x => x.S.TotalGex > 0 && x.S.Spot >= x.S.PutWall!.Value && x.S.Spot <= x.S.CallWall!.Value).ToList();
        list.Add(new StrategyResult("sellPremiumHighGamma",
            "total GEX > 0 and put wall <= spot <= call wall at the session's last snapshot",
            $"every one of the next {h} sessions traded inside the walls (high <= call wall, low >= put wall)",
            $"mean |ln(C[t+{h}] / C[t])| (absolute {h}-session move, decimal)", h,
            b.Mean(zone.Select(x => Bit(Inside(x.S, x.T))).ToArray(), h, m => m),
            b.Mean(zone.Select(x => Math.Abs(R(x.T))).ToArray(), h, m => m),
            b.Mean(walls.Select(x => Bit(Inside(x.S, x.T))).ToArray(), h, m => m),
            b.Mean(walls.Select(x => Math.Abs(R(x.T))).ToArray(), h, m => m)));

        // 2. Buying volatility before a flip cross.
        var near = full.Where(x => x.S.ZeroGamma is { } z && bars[x.T].Close >= z && bars[x.T].Close <= z * (1 + FlipProximity)).ToList();
        var nearIv = near.Where(x => x.S.AtmIv is not null).ToList();
        var allIv = full.Where(x => x.S.AtmIv is not null).ToList();
        list.Add(new StrategyResult("buyVolNearFlip",
            $"the session closed at or above the zero-gamma level by at most {FlipProximity * 100:0.#} % of it",
            $"realised vol of the next {h} close-to-close returns above the session's ATM IV (sessions with an ATM IV)",
            $"sqrt(252 * mean r^2) over the next {h} returns (annualised decimal)", h,
            b.Mean(nearIv.Select(x => Bit(Math.Sqrt(252 * Rv(x.T)) > x.S.AtmIv!.Value)).ToArray(), h, m => m),
            b.Mean(near.Select(x => Rv(x.T)).ToArray(), h, m => Math.Sqrt(252 * m)),
            b.Mean(allIv.Select(x => Bit(Math.Sqrt(252 * Rv(x.T)) > x.S.AtmIv!.Value)).ToArray(), h, m => m),
            b.Mean(full.Select(x => Rv(x.T)).ToArray(), h, m => Math.Sqrt(252 * m))));

        // 3. Fading a breakout beyond a wall that had been stable for five sessions.
        var fades = new List<double>();
        foreach (var (s, t) in full)
        {
            if (Back(t, StableSessions - 1) is not { } run) continue;
            var c = bars[t].Close;
            if (s.CallWall is { } cw && c > cw && run.All(r => r.CallWall == cw)) fades.Add(-R(t));
            else if (s.PutWall is { } pw && c < pw && run.All(r => r.PutWall == pw)) fades.Add(R(t));
        }
        list.Add(Signed("fadeWallBreakout",
            $"the session closed above its call wall (or below its put wall) and that wall had been the same strike for the last {StableSessions} consecutive stored sessions",
            $"the fade paid: the close {h} sessions later was back below the breakout close (above it for a put-wall break)",
            $"fade return -ln(C[t+{h}] / C[t]) after a call-wall break, +ln(C[t+{h}] / C[t]) after a put-wall break (decimal)",
            fades, baseline: null));

        // 4. Following the flip.
        var follow = new List<double>();
        foreach (var (s, t) in full)
        {
            if (s.ZeroGamma is not { } z || s.Spot <= z || Back(t, StableSessions) is not { } run) continue;
            var rising = true;
            for (var k = 1; k < run.Length && rising; k++)
                rising = run[k - 1].ZeroGamma is { } a && run[k].ZeroGamma is { } c && c > a;
            if (rising) follow.Add(R(t));
        }
        list.Add(Signed("followRisingFlip",
            $"the zero-gamma level rose in each of the last {StableSessions} consecutive stored sessions and spot was above it",
            $"the close {h} sessions later was above the session's close",
            $"ln(C[t+{h}] / C[t]) (decimal)",
            follow, full.Select(x => R(x.T)).ToList()));
        return list;
    }

    /// <summary>
    /// Spearman correlations between columns on bootstrap resamples in O(n) per resample: a resampled value's average rank
    /// follows from its tie group in the full sample (a counting sort), the same ranks as sorting the resample itself.
    /// </summary>
    private sealed class RankColumns
    {
        private readonly int[][] _group;
        private readonly int[] _groups;
        private readonly int[] _count;
        private readonly double[] _below;
        private readonly double[][] _ranks;

        public RankColumns(params double[][] columns)
        {
            var n = columns[0].Length;
            _group = new int[columns.Length][];
            _groups = new int[columns.Length];
            for (var c = 0; c < columns.Length; c++)
            {
                var keys = (double[])columns[c].Clone();
                var order = Enumerable.Range(0, n).ToArray();
                Array.Sort(keys, order);
                var g = new int[n];
                var id = -1;
                for (var k = 0; k < n; k++)
                {
                    if (k == 0 || keys[k] != keys[k - 1]) id++;
                    g[order[k]] = id;
                }
                _group[c] = g;
                _groups[c] = id + 1;
            }
            _count = new int[n];
            _below = new double[n];
            _ranks = [.. columns.Select(_ => new double[n])];
        }

        public double[,] Correlations(int[] idx)
        {
            var k = _group.Length;
            for (var c = 0; c < k; c++)
            {
                var (g, ranks) = (_group[c], _ranks[c]);
                Array.Clear(_count, 0, _groups[c]);
                foreach (var i in idx) _count[g[i]]++;
                var below = 0.0;
                for (var q = 0; q < _groups[c]; q++)
                {
                    _below[q] = below;
                    below += _count[q];
                }
                for (var j = 0; j < idx.Length; j++)
                {
                    var q = g[idx[j]];
                    ranks[j] = _below[q] + (_count[q] + 1) / 2.0;
                }
            }
            var r = new double[k, k];
            for (var a = 0; a < k; a++)
            {
                r[a, a] = 1;
                for (var b = a + 1; b < k; b++) r[a, b] = r[b, a] = Pearson(_ranks[a], _ranks[b]);
            }
            return r;
        }
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
    public static double PartialSpearman(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> z) =>
        Partial(Spearman(x, y), Spearman(x, z), Spearman(y, z));

    /// <summary>First-order partial correlation from the three pairwise correlations: (r_xy - r_xz r_yz) / sqrt((1 - r_xz^2)(1 - r_yz^2)).</summary>
    private static double Partial(double rxy, double rxz, double ryz) => (rxy - rxz * ryz) / Math.Sqrt((1 - rxz * rxz) * (1 - ryz * ryz));

    /// <summary>Second-order partial of columns 0 and 1 given 2 and 3 from the pairwise correlation matrix.</summary>
    private static double Partial2(double[,] r) =>
        Partial(Partial(r[0, 1], r[0, 2], r[1, 2]), Partial(r[0, 3], r[0, 2], r[3, 2]), Partial(r[1, 3], r[1, 2], r[3, 2]));

    /// <summary>Second-order partial Spearman of x and y given z and w: the first-order formula applied to the partials given z.</summary>
    public static double PartialSpearman(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<double> z, IReadOnlyList<double> w) =>
        Partial(PartialSpearman(x, y, z), PartialSpearman(x, w, z), PartialSpearman(y, w, z));

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
        double mx = 0, my = 0;
        for (var i = 0; i < x.Length; i++)
        {
            mx += x[i];
            my += y[i];
        }
        (mx, my) = (mx / x.Length, my / y.Length);
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
        public Estimate Mean(double[] values, int block, Func<double, double> transform)
        {
            var n = values.Length;
            if (block > 1 || n < 2) return Statistic(n, block, idx => Sum(values, idx) is var s ? transform(s / idx.Length) : double.NaN);
            // Ordinary bootstrap of a mean: the same draws as Statistic, summed as they are drawn.
            var point = transform(values.Average());
            var rng = new SplitMix(seed);
            var draws = new double[resamples];
            for (var r = 0; r < resamples; r++)
            {
                var sum = 0.0;
                for (var k = 0; k < n; k++) sum += values[rng.Next(n)];
                draws[r] = transform(sum / n);
            }
            var kept = draws.Where(d => !double.IsNaN(d)).ToList();
            if (kept.Count == 0) return new Estimate(point, n, double.NaN, double.NaN);
            kept.Sort();
            return new Estimate(point, n, Quantile(kept, 0.025), Quantile(kept, 0.975));
        }

        private static double Sum(double[] values, int[] idx)
        {
            var s = 0.0;
            foreach (var i in idx) s += values[i];
            return s;
        }

        /// <summary>mean(a) - mean(b), each group resampled with replacement on its own (ordinary bootstrap); n = both groups.</summary>
        public Estimate Difference(double[] a, double[] b)
        {
            if (a.Length == 0 || b.Length == 0) return Estimate.None;
            var point = a.Average() - b.Average();
            // A group of one session has no spread to resample: no interval rather than one that ignores that group's noise.
            if (a.Length < 2 || b.Length < 2) return new Estimate(point, a.Length + b.Length, double.NaN, double.NaN);
            var rng = new SplitMix(seed);
            var draws = new List<double>(resamples);
            for (var r = 0; r < resamples; r++)
            {
                double sa = 0, sb = 0;
                for (var i = 0; i < a.Length; i++) sa += a[rng.Next(a.Length)];
                for (var i = 0; i < b.Length; i++) sb += b[rng.Next(b.Length)];
                draws.Add(sa / a.Length - sb / b.Length);
            }
            draws.Sort();
            return new Estimate(point, a.Length + b.Length, Quantile(draws, 0.025), Quantile(draws, 0.975));
        }

        public Estimate Statistic(int n, int block, Func<int[], double> statistic)
        {
            if (n == 0) return Estimate.None;
            var point = statistic(Enumerable.Range(0, n).ToArray());
            // Fewer than two blocks (one session for the ordinary bootstrap) cannot be resampled into anything but the sample itself: no interval rather than a false [x, x].
            if (n < 2 * block) return new Estimate(point, n, double.NaN, double.NaN);
            var rng = new SplitMix(seed);
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

        /// <summary>SplitMix64 (Steele, Lea and Flood 2014) with Lemire's unbiased bounded draw: fast, seeded, the same on every platform and .NET version.</summary>
        private struct SplitMix(int seed)
        {
            private ulong _state = (ulong)seed;

            private uint NextUInt()
            {
                var z = _state += 0x9E3779B97F4A7C15UL;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                return (uint)((z ^ (z >> 31)) >> 32);
            }

            /// <summary>Uniform on 0 .. n-1.</summary>
            public int Next(int n)
            {
                var bound = (uint)n;
                var m = (ulong)NextUInt() * bound;
                if ((uint)m < bound)
                {
                    var t = (0u - bound) % bound;
                    while ((uint)m < t) m = (ulong)NextUInt() * bound;
                }
                return (int)(m >> 32);
            }
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
