using DealerFlow.Core.Exposure;
using DealerFlow.Core.Pricing;
using DealerFlow.Core.Time;

namespace DealerFlow.Core.Chain;

/// <summary>What <see cref="SyntheticChain.Generate"/> produces.</summary>
public sealed record SyntheticChainOptions
{
    /// <summary>Exact number of contracts (calls and puts) in the chain.</summary>
    public int Contracts { get; init; } = 15_000;

    /// <summary>Seed of the deterministic generator: the same options give the same chain, bit for bit.</summary>
    public int Seed { get; init; } = 20240105;

    /// <summary>Underlying symbol, also every contract's OCC root (so it decides AM or PM settlement, <see cref="Time.Settlement.StyleOf"/>); default "SYN" (PM).</summary>
    public string Underlying { get; init; } = "SYN";

    /// <summary>Spot price of the underlying in $; default 4700. Must be positive.</summary>
    public double Spot { get; init; } = 4700;

    /// <summary>Snapshot instant; default Friday 2024-01-05 14:00 US/Eastern, so the same-day expiry is still live.</summary>
    public DateTimeOffset Instant { get; init; } = new(2024, 1, 5, 14, 0, 0, TimeSpan.FromHours(-5));

    /// <summary>ATM vol of long-dated expiries (fraction); short expiries sit above it.</summary>
    public double LongVol { get; init; } = 0.16;

    /// <summary>Risk-free rate and dividend yield the quotes are priced with (the forward is S e^{(r-q)T}).</summary>
    public double Rate { get; init; } = 0.05;

    /// <summary>Continuous dividend yield q, fraction per year; default 0.015 (with <see cref="Rate"/> it sets the forward).</summary>
    public double DividendYield { get; init; } = 0.015;
}

/// <summary>
/// A deterministic synthetic option chain with the shape of a real index chain, for benchmarks and
/// tests at any size. Expiries: the next 10 weekdays (dailies, the first one same-day), then Fridays
/// to 8 weeks, then third Fridays to 12 months, then two Decembers. Contracts are spread over expiries
/// (weight 1 per daily, 1.5 per weekly, 2.5 per monthly), each expiry a symmetric strike ladder of
/// calls and puts around the forward, +/- max(4 sigma sqrt T, 3%) wide, on a round step (1-2.5-5
/// series). Vol: term structure sigma_atm(T) = LongVol (1 + 0.35 e^{-T/0.08}), smile in standardised
/// moneyness x = ln(K/F) / (sigma_atm sqrt T): sigma = sigma_atm (1 - 0.10 x + 0.025 x^2), clamped to
/// [0.6, 4] sigma_atm (put skew, call-side floor). Open interest: lognormal noise x exp(-x^2/6) x a
/// round-strike factor (x8 on multiples of 20 strike steps, x3 on 10 steps, x1.6 on 5 steps; with a
/// 5-point step that is 100, 50 and 25) x 3 on monthlies x 1.3 on puts; about 4% of contracts have none. Quotes: Black-Scholes-Merton price
/// with a spread of 2% (min 0.05), vendor IV = the model vol, vendor gamma and delta from the model.
/// </summary>
public static class SyntheticChain
{
    /// <summary>The chain <paramref name="options"/> describe (see the type's summary); deterministic for a given seed.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Contracts or spot is zero or negative.</exception>
    public static ChainSnapshot Generate(SyntheticChainOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Contracts);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Spot);
        var rng = new Random(options.Seed);
        var spot = options.Spot;
        var today = DateOnly.FromDateTime(UsEastern.ToEastern(options.Instant).DateTime);
        var expiries = Expiries(today);
        var weights = expiries.Select(e => e.Weight).ToArray();
        var totalWeight = weights.Sum();
        // Strikes per expiry (each strike one call and one put), summing exactly to Contracts.
        var pairs = options.Contracts / 2;
        var perExpiry = new int[expiries.Count];
        var assigned = 0;
        for (var e = 0; e < expiries.Count; e++)
        {
            perExpiry[e] = (int)(pairs * weights[e] / totalWeight);
            assigned += perExpiry[e];
        }
        for (var e = 0; assigned < pairs; e = (e + 1) % expiries.Count) { perExpiry[e]++; assigned++; }
        var oddCall = options.Contracts % 2 == 1;

        var builder = new ChainBuilder(options.Contracts);
        var line = 1;
        for (var e = 0; e < expiries.Count; e++)
        {
            var m = perExpiry[e] + (oddCall && e == 0 ? 1 : 0);
            if (m == 0) continue;
            var (date, _, monthly) = expiries[e];
            var style = Settlement.StyleOf(options.Underlying, date);
            var years = Math.Max(Settlement.YearsToExpiry(options.Instant, date, style), 1.0 / (365 * 24));
            var forward = spot * Math.Exp((options.Rate - options.DividendYield) * years);
            var atm = options.LongVol * (1 + 0.35 * Math.Exp(-years / 0.08));
            var halfWidth = Math.Max(4 * atm * Math.Sqrt(years), 0.03) * spot;
            var step = NiceStep(2 * halfWidth / Math.Max(perExpiry[e], 1));
            var center = Math.Round(forward / step) * step;
            var first = center - Math.Floor(perExpiry[e] / 2.0) * step;
            while (first <= 0) first += step;
            for (var s = 0; s < m; s++)
            {
                var strike = Math.Round((first + s * step) * 1e6) / 1e6;
                var x = Math.Log(strike / forward) / (atm * Math.Sqrt(years));
                var vol = atm * Math.Clamp(1 - 0.10 * x + 0.025 * x * x, 0.6, 4);
                var round = RoundFactor(strike, step);
                var baseOi = Math.Exp(rng.NextDouble() * 2.5 + 3) * Math.Exp(-x * x / 6) * round * (monthly ? 3 : 1);
                var sides = s < perExpiry[e] ? 2 : 1; // the odd contract is a lone call
                for (var side = 0; side < sides; side++)
                {
                    var type = side == 0 ? OptionType.Call : OptionType.Put;
                    var inputs = new OptionInputs(type, spot, strike, years, options.Rate, options.Rate - options.DividendYield, vol);
                    var g = BlackScholes.Greeks(inputs);
                    var spread = Math.Max(0.02 * g.Price, 0.05);
                    var bid = Math.Max(Math.Round((g.Price - spread / 2) * 100) / 100, 0);
                    var ask = Math.Round((g.Price + spread / 2) * 100) / 100 + 0.01;
                    var oi = rng.NextDouble() < 0.04 ? 0 : Math.Round(baseOi * (0.5 + rng.NextDouble()) * (type == OptionType.Put ? 1.3 : 1));
                    var volume = Math.Round(oi * rng.NextDouble() * 0.3);
                    builder.Add(new OptionQuote(options.Underlying, date, type, strike, bid, ask, Math.Round(g.Price * 100) / 100, volume, oi, vol, g.Delta, Math.Round(g.Gamma * 1e4) / 1e4, line++));
                }
            }
        }
        return builder.Build(options.Underlying, spot, options.Instant, $"synthetic(n={options.Contracts}, seed={options.Seed})");
    }

    /// <summary>
    /// A market of <paramref name="underlyings"/> synthetic chains of <paramref name="contractsEach"/>
    /// contracts, spots spread log-uniformly over 20 to 5000 and long vols over 12% to 60%, each with
    /// its own seed derived from <paramref name="seed"/>.
    /// </summary>
    public static SyntheticChainOptions[] Market(int underlyings, int contractsEach, int seed = 20240105)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(underlyings);
        var rng = new Random(seed);
        var result = new SyntheticChainOptions[underlyings];
        for (var u = 0; u < underlyings; u++)
        {
            result[u] = new SyntheticChainOptions
            {
                Contracts = contractsEach,
                Seed = rng.Next(),
                Underlying = $"S{u:D4}",
                Spot = Math.Round(20 * Math.Exp(rng.NextDouble() * Math.Log(250)), 2),
                LongVol = 0.12 + 0.48 * rng.NextDouble(),
            };
        }
        return result;
    }

    private static List<(DateOnly Date, double Weight, bool Monthly)> Expiries(DateOnly today)
    {
        var set = new SortedDictionary<DateOnly, (double Weight, bool Monthly)>();
        var d = today;
        for (var k = 0; k < 10; d = d.AddDays(1))
        {
            if (d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) continue;
            set[d] = (1, ExpiryFilter.IsThirdFriday(d));
            k++;
        }
        for (var f = today.AddDays(((int)DayOfWeek.Friday - (int)today.DayOfWeek + 7) % 7); f <= today.AddDays(56); f = f.AddDays(7))
            set[f] = (1.5, ExpiryFilter.IsThirdFriday(f));
        for (var mo = 0; mo <= 12; mo++)
        {
            var first = new DateOnly(today.Year, today.Month, 1).AddMonths(mo);
            var third = first.AddDays(((int)DayOfWeek.Friday - (int)first.DayOfWeek + 7) % 7 + 14);
            if (third >= today) set[third] = (2.5, true);
        }
        for (var y = 1; y <= 2; y++)
        {
            var first = new DateOnly(today.Year + y, 12, 1);
            set[first.AddDays(((int)DayOfWeek.Friday - (int)first.DayOfWeek + 7) % 7 + 14)] = (2.5, true);
        }
        var list = new List<(DateOnly, double, bool)>();
        foreach (var (date, (w, monthly)) in set) list.Add((date, monthly ? Math.Max(w, 2.5) : w, monthly));
        return list;
    }

    /// <summary>The 1-2.5-5 series value at or above <paramref name="raw"/>.</summary>
    private static double NiceStep(double raw)
    {
        var p = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        foreach (var m in new[] { 1, 2.5, 5, 10 })
            if (m * p >= raw) return m * p;
        return 10 * p;
    }

    /// <summary>OI multiplier of a strike: round numbers (in units of 20, 10 and 5 steps) attract open interest.</summary>
    private static double RoundFactor(double strike, double step)
    {
        static bool Multiple(double x, double unit) => Math.Abs(x / unit - Math.Round(x / unit)) < 1e-9;
        if (Multiple(strike, 20 * step)) return 8;
        if (Multiple(strike, 10 * step)) return 3;
        if (Multiple(strike, 5 * step)) return 1.6;
        return 1;
    }
}
