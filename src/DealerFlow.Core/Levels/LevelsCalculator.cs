using System.Buffers;
using DealerFlow.Core.Chain;
using DealerFlow.Core.Exposure;

namespace DealerFlow.Core.Levels;

/// <summary>
/// Key levels of a priced chain (docs/domain.md section 7): zero gamma with every crossing, call and put
/// walls, absolute gamma strike, top strikes, gamma tilt, DEX, vanna and charm exposure, implied move,
/// regime and the gamma profile.
/// </summary>
public static class LevelsCalculator
{
    /// <summary>The <see cref="LevelsReport.Method"/> of reports computed here, also the method key in the snapshot store.</summary>
    public const string MethodName = "dealerflow";

    /// <summary>
    /// Levels and exposure of <paramref name="chain"/> at its spot S. Per contract GEX = position x Gamma(S) x factor with
    /// position = sign x OI x multiplier in shares (<see cref="PricedChain.PositionColumn"/>) and factor from
    /// <see cref="GexUnits.Factor"/> (S^2 x 0.01 for $ per 1% move; docs/domain.md section 6), positive = dealers long gamma
    /// under the positioning model; summed by strike, by expiry and in total. The profile re-prices every contract's
    /// gamma on <see cref="LevelsSettings.GridPoints"/> spots over S x (1 -/+ <see cref="LevelsSettings.SearchRange"/>), uniform in
    /// ln S (<see cref="ZeroGamma.Grid"/>; own IV, carry and T), each sign change is polished to a root within <see cref="LevelsSettings.RootTolerance"/>, and
    /// <see cref="LevelsAssembler"/> picks the flip (crossing nearest spot), regime and walls. DEX = sum position x delta
    /// (shares), vanna exposure = sum position x vanna / 100 (shares per vol point), charm exposure = sum position x
    /// charm / 365 (shares per calendar day); the $ figures multiply by S. Implied move = ATM IV x S / sqrt 252
    /// (<see cref="ImpliedMove"/>).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="chain"/> or <paramref name="settings"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 3 grid points, or a search range outside (0, 1).</exception>
    public static GexAnalysis Analyze(PricedChain chain, LevelsSettings settings) => AnalyzeWith(chain, settings, LevelsKernels.Vector);

    /// <summary>
    /// The report from the numbers <paramref name="kernels"/> supply (greeks at spot, the profile, the sweep Brent
    /// polishes on): the vectorized kernels here, the scalar ones in <see cref="ScalarReference"/>. Everything else
    /// (accumulation, crossings, walls, regime, vendor check, text) is this one code path.
    /// </summary>
    internal static GexAnalysis AnalyzeWith(PricedChain chain, LevelsSettings settings, LevelsKernels kernels)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.GridPoints, 3);
        if (!(settings.SearchRange is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(settings), settings.SearchRange, "Search range must be a fraction between 0 and 1.");

        var spot = chain.Spot;
        var unit = settings.Unit;
        var factor = GexUnits.Factor(unit, spot);

        // Exposure at spot by strike and by expiry, and greeks for DEX, vanna and charm.
        var count = chain.Count;
        var scratch = ArrayPool<double>.Shared.Rent(4 * Math.Max(count, 1));
        var gammas = scratch.AsSpan(0, count);
        var deltas = scratch.AsSpan(count, count);
        var vannas = scratch.AsSpan(2 * count, count);
        var charms = scratch.AsSpan(3 * count, count);
        kernels.Greeks(chain, spot, gammas, deltas, vannas, charms);
        var sums = ExposureSums.Accumulate(chain, factor, gammas, deltas, vannas, charms);
        var vendorCheck = VendorCheck(chain, unit, gammas);
        ArrayPool<double>.Shared.Return(scratch);
        var byStrike = sums.ByStrike;
        var total = sums.Total;

        // Profile and zero gamma.
        var n = settings.GridPoints;
        var profile = new ProfilePoint[n];
        var grid = ZeroGamma.Grid(spot, settings);
        var spots = grid.Spots;
        var values = new double[n];
        var exNext = new double[n];
        var next = chain.NextExpiryIndex;
        kernels.Profile(chain, grid, values, exNext, next >= 0 && chain.Expiries.Count > 1 ? next : -1);
        for (var i = 0; i < n; i++)
        {
            var s = spots[i];
            var ex = next >= 0 && chain.Expiries.Count > 1 ? exNext[i] : (next >= 0 ? 0 : values[i]);
            var f = GexUnits.Factor(unit, s);
            profile[i] = new ProfilePoint(s, values[i] * f, ex * f);
        }
        var crossings = ZeroGamma.Polish(chain, grid, values, settings.RootTolerance, kernels.NetShares);
        var key = LevelsAssembler.Assemble(spot, total, count, crossings, byStrike, settings.Walls);

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
            TotalGex = new Amount(total, AmountUnits.Of(unit)),
            ZeroGammaCrossings = crossings,
            SearchLow = spot * (1 - settings.SearchRange),
            SearchHigh = spot * (1 + settings.SearchRange),
            TopStrikes = sums.Top(settings.TopN),
            GammaTilt = sums.GammaTilt,
            DeltaExposure = new Amount(sums.Dex, AmountUnit.Shares),
            DeltaExposureDollars = new Amount(sums.Dex * spot, AmountUnit.Usd),
            VannaExposure = new Amount(sums.Vanna, AmountUnit.SharesPerVolPoint),
            VannaExposureDollars = new Amount(sums.Vanna * spot, AmountUnit.UsdPerVolPoint),
            CharmExposure = new Amount(sums.Charm, AmountUnit.SharesPerDay),
            CharmExposureDollars = new Amount(sums.Charm * spot, AmountUnit.UsdPerDay),
            AtmIv = atmIv,
            ImpliedMove = atmIv * spot / Math.Sqrt(252),
            ImpliedMovePct = atmIv * 100 / Math.Sqrt(252),
            ImpliedMoveExpiry = moveExpiry,
            VendorGamma = vendorCheck,
            QuoteSync = chain.QuoteSync,
            Data = Summary(chain),
        };
        return new GexAnalysis(report.With(key), new ExposureReport(unit, byStrike, sums.ByExpiry(chain), profile));
    }

    private static VendorGammaCheck? VendorCheck(PricedChain chain, GexUnit unit, ReadOnlySpan<double> gammas)
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
            var ours = gammas[j];
            var pos = chain.Position[j];
            perExpiryVendor[chain.ExpiryIndex[j]] += pos * vg;
            perExpiryOurs[chain.ExpiryIndex[j]] += pos * ours;
            if (vg == 0 && ours >= 0.00005) zeroButMaterial++;
        }
        if (count == 0) return null;
        // Into the report's unit once per expiry; the totals are the expiries' sums.
        for (var e = 0; e < perExpiryOurs.Length; e++)
        {
            perExpiryVendor[e] *= factor;
            perExpiryOurs[e] *= factor;
            totalVendor += perExpiryVendor[e];
            totalOurs += perExpiryOurs[e];
        }
        double? ratio = totalVendor != 0 ? totalOurs / totalVendor : null;
        var flagged = ratio is not { } q || !(Math.Abs(Math.Log(Math.Abs(q))) <= Math.Log(1.25)) || Math.Sign(totalOurs) != Math.Sign(totalVendor);
        // The 5 expiries with the largest gap, largest first, ties in expiry order (a stable descending sort's first 5).
        var expiries = chain.Expiries.Count;
        var gaps = new VendorGapByExpiry[Math.Min(5, expiries)];
        var taken = new bool[expiries];
        for (var t = 0; t < gaps.Length; t++)
        {
            var best = -1;
            for (var e = 0; e < expiries; e++)
            {
                if (taken[e]) continue;
                if (best < 0 || Math.Abs(perExpiryOurs[e] - perExpiryVendor[e]).CompareTo(Math.Abs(perExpiryOurs[best] - perExpiryVendor[best])) > 0) best = e;
            }
            taken[best] = true;
            var x = chain.Expiries[best];
            gaps[t] = new VendorGapByExpiry(x.Date, x.Settlement.ToString(), x.DaysToExpiry, perExpiryVendor[best], perExpiryOurs[best]);
        }
        double gap = 0, shortGap = 0;
        for (var e = 0; e < chain.Expiries.Count; e++)
        {
            var d = Math.Abs(perExpiryOurs[e] - perExpiryVendor[e]);
            gap += d;
            if (chain.Expiries[e].DaysToExpiry <= 7) shortGap += d;
        }
        var shortShare = gap > 0 ? shortGap / gap * 100 : 0;
        var spotMismatch = chain.QuoteSync is { } sync && Math.Abs(sync.BasisAfterDividendsBp) > Pricing.QuoteSync.ToleranceBp
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"The file's spot {sync.FileSpot:0.00} and the spot its option quotes imply ({sync.ImpliedSpot:0.00}, {sync.BasisBp:+0.0;-0.0} bp) disagree: the vendor's greeks belong to the quotes' spot, so much of the gap is that spot mismatch, not the clock. ")
            : "";
        var explanation = (flagged
            ? "Vendor gamma and recomputed gamma differ by more than 25%. "
            : "Vendor gamma and recomputed gamma agree within 25%. ") + spotMismatch
            + $"{shortShare.ToString("0", System.Globalization.CultureInfo.InvariantCulture)}% of the absolute gap by expiry comes from expiries within 7 days, where the clock dominates: "
            + "vendors compute greeks at their own quote time (often the previous close) while DealerFlow measures T from the snapshot instant to the settlement instant. "
            + $"Vendor gamma is also rounded to 4 decimals: {zeroButMaterial} contracts show vendor gamma 0 where the recomputed gamma is at least 0.00005.";
        return new VendorGammaCheck(new Amount(totalVendor, AmountUnits.Of(unit)), new Amount(totalOurs, AmountUnits.Of(unit)), ratio, flagged, count, zeroButMaterial, gaps, explanation);
    }

    internal static DataSummary Summary(PricedChain chain)
    {
        var calls = 0;
        foreach (var t in chain.TypeColumn) if (t == OptionType.Call) calls++;
        var excluded = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (reason, count) in chain.Excluded) excluded[ReasonCode(reason)] = count;
        var examples = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (reason, list) in chain.ExcludedExamples) examples[ReasonCode(reason)] = list;
        return new DataSummary(chain.Snapshot.Count, chain.Count, excluded, examples, chain.IvFromVendor, chain.IvSolved,
            chain.Expiries.Count, chain.Expiries.Count(e => e.ForwardFromParity))
        {
            IvFromOtherSideMid = chain.IvFromOtherSide,
            IvInterpolated = chain.IvInterpolated,
            CallsUsed = calls,
            PutsUsed = chain.Count - calls,
        };
    }

    /// <summary>The JSON and CLI code of an exclusion reason: "expired", "zeroOpenInterest", "noIv" or "filtered" (the keys of <see cref="DataSummary.Excluded"/>).</summary>
    public static string ReasonCode(Exclusion reason) => reason switch
    {
        Exclusion.Expired => "expired",
        Exclusion.ZeroOpenInterest => "zeroOpenInterest",
        Exclusion.NoIv => "noIv",
        _ => "filtered",
    };
}

/// <summary>Greeks of every contract at one spot, into four spans (gamma, delta, vanna, charm), as <see cref="SpotGreeks.Compute"/>.</summary>
internal delegate void SpotGreeksKernel(PricedChain chain, double spot, Span<double> gamma, Span<double> delta, Span<double> vanna, Span<double> charm);

/// <summary>Net dealer gamma in shares per $1 at each spot, and with expiry <c>skip</c> left out when it is not -1, as <see cref="GammaSweep.Profile(PricedChain, SpotGrid, Span{double}, Span{double}, int, bool)"/>.</summary>
internal delegate void ProfileKernel(PricedChain chain, SpotGrid grid, Span<double> net, Span<double> exExpiry, int skipExpiry);

/// <summary>The numbers a levels report is built from; the vectorized set or the scalar oracle's (<see cref="ScalarReference"/>).</summary>
internal sealed record LevelsKernels(SpotGreeksKernel Greeks, ProfileKernel Profile, Func<PricedChain, double, int, double> NetShares)
{
    /// <summary>The production kernels: vectorized greeks, the recurrence profile on the ln S grid, the vectorized net sweep.</summary>
    public static readonly LevelsKernels Vector = new(SpotGreeks.Compute, (c, grid, net, ex, skip) => GammaSweep.Profile(c, grid, net, ex, skip), GammaSweep.NetShares);
}
