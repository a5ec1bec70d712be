using DealerFlow.Core.Chain;
using DealerFlow.Core.Exposure;
using DealerFlow.Core.Pricing;

namespace DealerFlow.Core.Levels;

/// <summary>
/// The straightforward scalar implementation of the same maths as <see cref="LevelsCalculator"/>:
/// the calculator as it was before vectorization (one <see cref="BlackScholes.Greeks"/> call per
/// contract, one scalar <see cref="GammaSweep.NetSharesScalar"/> pass per profile spot and per Brent
/// step). Kept as the oracle of the equivalence tests and the in-run baseline of the benchmarks; not
/// for production use.
/// </summary>
public static class ScalarReference
{
    private const string MethodName = LevelsCalculator.MethodName;

    /// <summary>
    /// The same report as <see cref="LevelsCalculator.Analyze"/> computed contract by contract with scalar greeks: the
    /// equivalence tests compare the two within stated tolerances, and the benchmarks time it as the baseline.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="chain"/> or <paramref name="settings"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 3 grid points, or a search range outside (0, 1).</exception>
    public static GexAnalysis Analyze(PricedChain chain, LevelsSettings settings)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.GridPoints, 3);
        if (!(settings.SearchRange is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(settings), settings.SearchRange, "Search range must be a fraction between 0 and 1.");

        var spot = chain.Spot;
        var unit = settings.Unit;
        var unitCode = AmountUnits.Of(unit);
        var factor = GexUnits.Factor(unit, spot);

        // Exposure at spot by strike and by expiry, and greeks for DEX, vanna and charm.
        var strikes = chain.Strikes;
        var calls = new double[strikes.Count];
        var puts = new double[strikes.Count];
        var absolute = new double[strikes.Count];
        var expCalls = new double[chain.Expiries.Count];
        var expPuts = new double[chain.Expiries.Count];
        double dex = 0, vanna = 0, charm = 0, callAbs = 0, putAbs = 0;
        for (var j = 0; j < chain.Count; j++)
        {
            var g = BlackScholes.Greeks(new OptionInputs(chain.Type[j], spot, chain.Strike[j], chain.Years[j], chain.Rate, chain.Carry[j], chain.Vol[j]));
            var pos = chain.Position[j];
            var gex = pos * g.Gamma * factor;
            var absGex = Math.Abs(gex);
            var k = chain.StrikeIndex[j];
            var e = chain.ExpiryIndex[j];
            if (chain.Type[j] == OptionType.Call)
            {
                calls[k] += gex; expCalls[e] += gex; callAbs += absGex;
            }
            else
            {
                puts[k] += gex; expPuts[e] += gex; putAbs += absGex;
            }
            absolute[k] += absGex;
            dex += pos * g.Delta;
            vanna += pos * g.Vanna / 100;
            charm += pos * g.Charm / 365;
        }
        var byStrike = new StrikeExposure[strikes.Count];
        for (var k = 0; k < strikes.Count; k++)
            byStrike[k] = new StrikeExposure(strikes[k], calls[k], puts[k], calls[k] + puts[k], absolute[k]);
        var byExpiry = new ExpiryExposure[chain.Expiries.Count];
        for (var e = 0; e < byExpiry.Length; e++)
        {
            var x = chain.Expiries[e];
            byExpiry[e] = new ExpiryExposure(x.Date, x.Settlement.ToString(), x.DaysToExpiry, x.Years, x.Forward, x.ForwardFromParity, x.Contracts, expCalls[e], expPuts[e], expCalls[e] + expPuts[e]);
        }
        var total = 0.0;
        foreach (var s in byStrike) total += s.Net;

        // Profile and zero gamma.
        var lo = spot * (1 - settings.SearchRange);
        var hi = spot * (1 + settings.SearchRange);
        var n = settings.GridPoints;
        var profile = new ProfilePoint[n];
        var grid = new double[n];
        var values = new double[n];
        var next = chain.NextExpiryIndex;
        for (var i = 0; i < n; i++)
        {
            var s = lo + (hi - lo) * i / (n - 1);
            grid[i] = s;
            values[i] = GammaSweep.NetSharesScalar(chain, s);
            var exNext = next >= 0 && chain.Expiries.Count > 1 ? GammaSweep.NetSharesScalar(chain, s, next) : (next >= 0 ? 0 : values[i]);
            var f = GexUnits.Factor(unit, s);
            profile[i] = new ProfilePoint(s, values[i] * f, exNext * f);
        }
        var crossings = new List<double>();
        Func<double, double> fn = s => GammaSweep.NetSharesScalar(chain, s);
        for (var i = 0; i + 1 < n; i++)
        {
            var (a, b) = (values[i], values[i + 1]);
            if (a == 0 && i > 0) continue; // counted as the right end of the previous interval
            if (a == 0 || (a < 0) != (b < 0) && b != 0 || b == 0)
            {
                if (RootFinder.TryBrent(fn, grid[i], grid[i + 1], a, b, settings.RootTolerance, out var root))
                {
                    if (crossings.Count == 0 || Math.Abs(crossings[^1] - root) > settings.RootTolerance * 10) crossings.Add(root);
                }
            }
        }
        // The decisions (flip = nearest crossing, regime, walls) are not maths to re-implement: the one assembler.
        var key = LevelsAssembler.Assemble(spot, total, chain.Count, crossings, byStrike, settings.Walls);
        var top = byStrike.OrderByDescending(s => Math.Abs(s.Net)).Take(settings.TopN).ToArray();

        var (atmIv, moveExpiry) = ImpliedMove.Of(chain);
        var report = new LevelsReport
        {
            Underlying = chain.Snapshot.Underlying,
            Spot = spot,
            AsOf = chain.Instant,
            Method = MethodName,
            Positioning = chain.Settings.Positioning.Name,
            PositioningDescription = chain.Settings.Positioning.Description,
            Unit = unit,
            Filter = chain.Settings.Filter.Describe(),
            Forwards = chain.Settings.Forwards == ForwardMode.Implied ? "implied from put-call parity per expiry (flat r/q where no pair)" : "flat r and q",
            IvSource = chain.Settings.Iv switch
            {
                Exposure.IvSource.Vendor => "vendor IV when sane, else solved from the contract's mid",
                Exposure.IvSource.Mid => "solved from each contract's mid price",
                _ => "one IV per strike: out-of-the-money mid, else the other side's mid, else an agreeing vendor IV",
            },
            Rate = chain.Rate,
            TotalGex = new Amount(total, unitCode),
            ZeroGammaCrossings = crossings,
            SearchLow = lo,
            SearchHigh = hi,
            TopStrikes = top,
            GammaTilt = putAbs > 0 && callAbs > 0 ? callAbs / putAbs : null,
            DeltaExposure = new Amount(dex, AmountUnit.Shares),
            DeltaExposureDollars = new Amount(dex * spot, AmountUnit.Usd),
            VannaExposure = new Amount(vanna, AmountUnit.SharesPerVolPoint),
            VannaExposureDollars = new Amount(vanna * spot, AmountUnit.UsdPerVolPoint),
            CharmExposure = new Amount(charm, AmountUnit.SharesPerDay),
            CharmExposureDollars = new Amount(charm * spot, AmountUnit.UsdPerDay),
            AtmIv = atmIv,
            ImpliedMove = atmIv * spot / Math.Sqrt(252),
            ImpliedMovePct = atmIv * 100 / Math.Sqrt(252),
            ImpliedMoveExpiry = moveExpiry,
            VendorGamma = VendorCheck(chain, unit),
            Data = LevelsCalculator.Summary(chain),
        };
        return new GexAnalysis(report.With(key), new ExposureReport(unit, byStrike, byExpiry, profile));
    }

    private static VendorGammaCheck? VendorCheck(PricedChain chain, GexUnit unit)
    {
        var snap = chain.Snapshot;
        var vendor = snap.VendorGamma;
        var factor = GexUnits.Factor(unit, chain.Spot);
        var perExpiryVendor = new double[chain.Expiries.Count];
        var perExpiryOurs = new double[chain.Expiries.Count];
        double totalVendor = 0, totalOurs = 0;
        int count = 0, zeroButMaterial = 0;
        for (var j = 0; j < chain.Count; j++)
        {
            var vg = vendor[chain.ContractIndex[j]];
            if (double.IsNaN(vg)) continue;
            count++;
            var ours = BlackScholes.Gamma(new OptionInputs(chain.Type[j], chain.Spot, chain.Strike[j], chain.Years[j], chain.Rate, chain.Carry[j], chain.Vol[j]));
            var pos = chain.Position[j];
            perExpiryVendor[chain.ExpiryIndex[j]] += pos * vg * factor;
            perExpiryOurs[chain.ExpiryIndex[j]] += pos * ours * factor;
            totalVendor += pos * vg * factor;
            totalOurs += pos * ours * factor;
            if (vg == 0 && ours >= 0.00005) zeroButMaterial++;
        }
        if (count == 0) return null;
        double? ratio = totalVendor != 0 ? totalOurs / totalVendor : null;
        var flagged = ratio is not { } q || !(Math.Abs(Math.Log(Math.Abs(q))) <= Math.Log(1.25)) || Math.Sign(totalOurs) != Math.Sign(totalVendor);
        var gaps = Enumerable.Range(0, chain.Expiries.Count)
            .OrderByDescending(e => Math.Abs(perExpiryOurs[e] - perExpiryVendor[e]))
            .Take(5)
            .Select(e => new VendorGapByExpiry(chain.Expiries[e].Date, chain.Expiries[e].Settlement.ToString(), chain.Expiries[e].DaysToExpiry, perExpiryVendor[e], perExpiryOurs[e]))
            .ToArray();
        var explanation = flagged
            ? "Vendor gamma and recomputed gamma differ by more than 25%. The largest gaps by expiry are listed; vendor gamma is rounded to 4 decimals (contracts with vendor gamma 0 but recomputed gamma >= 0.00005 are counted), and is computed with the vendor's own clock and IV."
            : "Vendor gamma and recomputed gamma agree within 25%.";
        return new VendorGammaCheck(new Amount(totalVendor, AmountUnits.Of(unit)), new Amount(totalOurs, AmountUnits.Of(unit)), ratio, flagged, count, zeroButMaterial, gaps, explanation);
    }
}
