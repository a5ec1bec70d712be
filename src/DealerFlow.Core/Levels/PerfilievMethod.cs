using DealerFlow.Core.Chain;
using DealerFlow.Core.Exposure;
using DealerFlow.Core.Pricing;

namespace DealerFlow.Core.Levels;

/// <summary>
/// The widely copied open-source method (S. Perfiliev, "How to Calculate Gamma Exposure and Zero
/// Gamma Level", 2022), reproduced exactly so results can be checked against published figures:
/// spot GEX = vendor Gamma x OI x 100 x S^2 x 0.01, calls +, puts - ($ per 1% move), over every row;
/// "today" = the date of the file's Date line; T = business days (Mon-Fri, no holidays, today
/// counted, expiry not) / 262, T = 0 -> 1/262, T &lt; 0 -> dropped from the profile; r = q = 0;
/// profile = Black-Scholes gamma from the vendor IV (IV 0 -> no gamma) at 60 spots evenly spaced on
/// [0.8 S, 1.2 S]; flip = the first sign change, linearly interpolated. Classic positioning only.
/// </summary>
public static class PerfilievMethod
{
    /// <summary>The <see cref="LevelsReport.Method"/> of reports computed here.</summary>
    public const string MethodName = "perfiliev";

    /// <summary>Number of evenly spaced spots of the method's profile on [0.8 S, 1.2 S].</summary>
    public const int Levels = 60;

    /// <summary>Business days in [from, to) (Mon-Fri), negative when to &lt; from, as numpy's busday_count.</summary>
    public static int BusinessDays(DateOnly from, DateOnly to)
    {
        if (to < from) return -BusinessDays(to, from);
        var days = to.DayNumber - from.DayNumber;
        var weeks = days / 7;
        var count = weeks * 5;
        for (var d = from.AddDays(weeks * 7); d < to; d = d.AddDays(1))
        {
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) count++;
        }
        return count;
    }

    /// <summary>The method's T in years: business days from <paramref name="today"/> to <paramref name="expiry"/> / 262, 1/262 for an expiry today, negative (dropped from the profile) once expired.</summary>
    private static double Years(DateOnly today, DateOnly expiry)
    {
        var days = BusinessDays(today, expiry);
        return days == 0 ? 1.0 / 262 : days / 262.0;
    }

    /// <summary>True when the chain carries the vendor gamma column the method needs.</summary>
    public static bool CanRun(ChainSnapshot chain) => chain.HasVendorGamma;

    /// <summary>
    /// Levels and exposure of <paramref name="chain"/> by the method as published (see the type's summary): classic signs,
    /// vendor gamma at spot, T in business days / 262, r = q = 0, a 60-point profile from the vendor IV and the first sign
    /// change linearly interpolated as the flip. Contracts with no open interest are left out and counted; rows the method
    /// silently mishandles (expired rows dropped from the profile, IV 0, missing vendor gamma summed as 0) are counted under
    /// their own exclusion keys. Walls by <paramref name="walls"/>, exposures in <paramref name="unit"/>, <paramref name="topN"/> top strikes.
    /// DEX, vanna, charm, the implied move, the vendor check and quote sync are not computed (null).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="chain"/> is null.</exception>
    /// <exception cref="ArgumentException">The chain has no vendor gamma column (<see cref="CanRun"/> is false).</exception>
    public static GexAnalysis Analyze(ChainSnapshot chain, GexUnit unit = GexUnit.DollarsPerPercent, int topN = 5, WallDefinition walls = WallDefinition.Net)
    {
        ArgumentNullException.ThrowIfNull(chain);
        if (!CanRun(chain)) throw new ArgumentException("The perfiliev method needs the vendor Gamma column, which this chain does not carry.", nameof(chain));
        var spot = chain.Spot;
        var today = DateOnly.FromDateTime(chain.Instant.DateTime);
        var unitCode = AmountUnits.Of(unit);
        var factor = GexUnits.Factor(unit, spot);
        var n = chain.Count;
        var years = new double[n];
        var sign = new double[n];
        var strikeSet = new SortedSet<double>();
        var expirySet = new SortedSet<DateOnly>();
        for (var i = 0; i < n; i++)
        {
            strikeSet.Add(chain.Strike[i]);
            expirySet.Add(chain.Expiry[i]);
            years[i] = Years(today, chain.Expiry[i]);
            sign[i] = chain.Type[i] == OptionType.Call ? 1 : -1;
        }
        var oi = chain.OpenInterest;
        var iv = chain.VendorIv;
        var gamma = chain.VendorGamma;
        var mult = chain.Multiplier;
        var strikes = strikeSet.ToArray();
        var expiries = expirySet.ToArray();
        var calls = new double[strikes.Length];
        var puts = new double[strikes.Length];
        var absolute = new double[strikes.Length];
        var expCalls = new double[expiries.Length];
        var expPuts = new double[expiries.Length];
        var expCount = new int[expiries.Length];
        double callAbs = 0, putAbs = 0;
        int used = 0, zeroOi = 0, dropped = 0, noIv = 0, noGamma = 0;
        for (var i = 0; i < n; i++)
        {
            var o = double.IsFinite(oi[i]) ? oi[i] : 0;
            if (o == 0) { zeroOi++; continue; }
            used++;
            // The method sums with pandas, which skips a missing gamma: counted, so it is not hidden.
            if (!double.IsFinite(gamma[i])) noGamma++;
            var g = double.IsFinite(gamma[i]) ? gamma[i] : 0;
            var gex = sign[i] * g * o * mult[i] * factor;
            var k = Array.BinarySearch(strikes, chain.Strike[i]);
            var e = Array.BinarySearch(expiries, chain.Expiry[i]);
            expCount[e]++;
            if (sign[i] > 0) { calls[k] += gex; expCalls[e] += gex; callAbs += Math.Abs(gex); }
            else { puts[k] += gex; expPuts[e] += gex; putAbs += Math.Abs(gex); }
            absolute[k] += Math.Abs(gex);
            if (years[i] < 0) dropped++;
            else if (!(iv[i] > 0)) noIv++;
        }
        var byStrike = new StrikeExposure[strikes.Length];
        var total = 0.0;
        for (var k = 0; k < strikes.Length; k++)
        {
            byStrike[k] = new StrikeExposure(strikes[k], calls[k], puts[k], calls[k] + puts[k], absolute[k]);
            total += calls[k] + puts[k];
        }
        var byExpiry = new List<ExpiryExposure>();
        for (var e = 0; e < expiries.Length; e++)
        {
            if (expCount[e] == 0) continue;
            byExpiry.Add(new ExpiryExposure(expiries[e], "-", expiries[e].DayNumber - today.DayNumber, Years(today, expiries[e]), spot, false, expCount[e], expCalls[e], expPuts[e], expCalls[e] + expPuts[e]));
        }

        // Profile: 60 evenly spaced spots on [0.8 S, 1.2 S].
        var nextExpiry = expiries.FirstOrDefault(d => BusinessDays(today, d) >= 0);
        var profile = new ProfilePoint[Levels];
        var values = new double[Levels];
        var lo = 0.8 * spot;
        var hi = 1.2 * spot;
        for (var l = 0; l < Levels; l++)
        {
            var s = lo + (hi - lo) * l / (Levels - 1);
            double all = 0, exNext = 0;
            for (var i = 0; i < n; i++)
            {
                var t = years[i];
                var v = iv[i];
                if (!(t > 0) || !(v > 0) || !(oi[i] > 0)) continue;
                var g = BlackScholes.Gamma(new OptionInputs(chain.Type[i], s, chain.Strike[i], t, 0, 0, v));
                var gex = sign[i] * oi[i] * mult[i] * s * s * 0.01 * g;
                all += gex;
                if (chain.Expiry[i] != nextExpiry) exNext += gex;
            }
            var scale = GexUnits.Factor(unit, s) / (s * s * 0.01);
            values[l] = all;
            profile[l] = new ProfilePoint(s, all * scale, exNext * scale);
        }
        var crossings = new List<double>();
        for (var l = 0; l + 1 < Levels; l++)
        {
            if (Math.Sign(values[l]) == Math.Sign(values[l + 1])) continue;
            var (s0, s1) = (profile[l].Spot, profile[l + 1].Spot);
            var (g0, g1) = (values[l], values[l + 1]);
            crossings.Add(s1 - (s1 - s0) * g1 / (g1 - g0));
        }
        double? flip = crossings.Count > 0 ? crossings[0] : null;


        var excluded = new SortedDictionary<string, int>(StringComparer.Ordinal) { ["zeroOpenInterest"] = zeroOi };
        if (dropped > 0) excluded["expiredDroppedFromProfile"] = dropped;
        if (noIv > 0) excluded["noIvNoProfileGamma"] = noIv;
        if (noGamma > 0) excluded["noVendorGammaSummedAsZero"] = noGamma;
        var report = new LevelsReport
        {
            Underlying = chain.Underlying,
            Spot = spot,
            AsOf = chain.Instant,
            Method = MethodName,
            Positioning = "classic",
            PositioningDescription = "dealers long calls, short puts (classic; fixed by the method)",
            Unit = unit,
            Filter = "all expiries",
            Forwards = "none (r = q = 0)",
            IvSource = "vendor IV (0 = no gamma)",
            Rate = 0,
            TotalGex = new Amount(total, unitCode),
            ZeroGamma = flip,
            ZeroGammaCrossings = crossings,
            SearchLow = lo,
            SearchHigh = hi,
            TopStrikes = byStrike.OrderByDescending(s => Math.Abs(s.Net)).Take(topN).ToArray(),
            GammaTilt = putAbs > 0 ? callAbs / putAbs : null,
            Data = new DataSummary(n, used, excluded, new Dictionary<string, IReadOnlyList<string>>(), used, 0, byExpiry.Count, 0),
        };
        return new GexAnalysis(Walls.Fill(report, byStrike, walls), new ExposureReport(unit, byStrike, byExpiry, profile));
    }
}
