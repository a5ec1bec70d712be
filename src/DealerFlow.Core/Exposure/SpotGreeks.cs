using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using DealerFlow.Core.Pricing;

namespace DealerFlow.Core.Exposure;

/// <summary>
/// Per-contract greeks of a priced chain at one spot S, from the constants the pricer already holds
/// (the sweep's A = 1/(sigma sqrt T) and C = d1 at the chain's spot S0, sigma sqrt T, 1/sigma, 1/(2T), e^{(b-r)T}),
/// so one exp and one normal CDF (which reuses that exp) per contract, or per call-put pair where the pricer lists a
/// strike's call and put at one IV side by side (<see cref="PricedChain.Pairs"/>, the CDF giving N(d1) and N(-d1) at once),
/// and no log, sqrt, division, validation or branch:
/// d1(S) = A u + C with u = ln(S/S0) taken once for the whole chain (<see cref="PricedChain.D1"/>, one fused multiply-add).
/// Centred at S0, A u stays small (|u| &lt;= 0.23 on the +-20 % grid), so the form rounds no worse than
/// (ln(S/K) + (b + sigma^2/2) T) / (sigma sqrt T) itself, whose rounding of S/K already costs A x 2^-53 of d1; it is
/// the uncentred A ln S + C that would cancel ~1e4 against ~1e4 on a same-day expiry.
/// gamma = e^{(b-r)T} phi(d1) / (S sigma sqrt T) per $1 per $1; delta = +/- e^{(b-r)T} N(+/- d1);
/// vanna = -e^{(b-r)T} phi(d1) d2 / sigma per 1.00 of vol; charm (per year, as time passes) =
/// -e^{(b-r)T} phi(d1) (b / (sigma sqrt T) - d2 / (2T)) - (b - r) delta. Per share, unsigned by
/// position. Vectorized (AVX-512 or AVX2, with <see cref="NormalVector"/>), scalar tail; equal to
/// <see cref="BlackScholes.Greeks"/> within 1e-12 relative (tested).
/// </summary>
public static class SpotGreeks
{
    /// <summary>Fills the four spans (each at least <see cref="PricedChain.Count"/> long) with the greeks of every contract at <paramref name="spot"/>.</summary>
    public static void Compute(PricedChain chain, double spot, Span<double> gamma, Span<double> delta, Span<double> vanna, Span<double> charm) =>
        Kernel(chain, spot, gamma, delta, vanna, charm, pairs: true);

    /// <summary><see cref="Compute"/>, with the pair loops or (for the tests) without them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Kernel(PricedChain chain, double spot, Span<double> gamma, Span<double> delta, Span<double> vanna, Span<double> charm, bool pairs)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(spot);
        var n = chain.Count;
        if (gamma.Length < n || delta.Length < n || vanna.Length < n || charm.Length < n)
            throw new ArgumentException("Every output span must hold one value per contract.");
        var rate = chain.Rate;
        var u = chain.LogMove(spot);
        ref var c = ref MemoryMarshal.GetArrayDataReference(chain.SweepC);
        ref var vst = ref MemoryMarshal.GetArrayDataReference(chain.TotalVol);
        ref var invVst = ref MemoryMarshal.GetArrayDataReference(chain.SweepA);
        ref var df = ref MemoryMarshal.GetArrayDataReference(chain.CarryDf);
        ref var invVol = ref MemoryMarshal.GetArrayDataReference(chain.InvVol);
        ref var halfInvT = ref MemoryMarshal.GetArrayDataReference(chain.HalfInvYears);
        ref var carry = ref MemoryMarshal.GetArrayDataReference(chain.Carry);
        ref var sign = ref MemoryMarshal.GetArrayDataReference(chain.TypeSign);
        ref var og = ref MemoryMarshal.GetReference(gamma);
        ref var od = ref MemoryMarshal.GetReference(delta);
        ref var ov = ref MemoryMarshal.GetReference(vanna);
        ref var oc = ref MemoryMarshal.GetReference(charm);
        var j = 0;
        var pairEnd = pairs ? 2 * chain.Pairs : 0;
        // A Vector512 and a Vector256 twin of one loop (issue 12): Vector<T> is 256 bits on x86 unless the process opts
        // into 512, so one generic loop would lose the AVX-512 path (4.5 ns per contract there in November against 12 ns at
        // 256 bits here, docs/performance.md), and the exp and CDF twins they call are width-specific.
        if (Vector512.IsHardwareAccelerated)
        {
            var vu = Vector512.Create(u);
            var invS = Vector512.Create(1 / spot);
            var vr = Vector512.Create(rate);
            // The leading call-put pairs (PricedChain.Pairs), 8 at a time: the same operations on the same values as the loop
            // below, so the same bits, but one d1, exp and CDF per pair. Pairs8(i) holds pairs k and k + 4 in 128-bit lane k
            // (unpacklo of contracts i..i+7 and i+8..i+15), which is the order Store's unpacks put back in contract order.
            if (Avx512F.IsSupported)
            {
                for (; j <= pairEnd - 16; j += 16)
                {
                    var i = (nuint)j;
                    var v = Pairs8(ref vst, i);
                    var a = Pairs8(ref invVst, i);
                    var d1 = Vector512.FusedMultiplyAdd(a, vu, Pairs8(ref c, i));
                    var d2 = d1 - v;
                    var e = VectorExp.NonPositive(VectorClamp.AtLeast(d1 * d1 * Vector512.Create(-0.5), Vector512.Create(SweepKernel.MinExponent)));
                    var dfv = Pairs8(ref df, i);
                    var pdfDf = dfv * Vector512.Create(Normal.InvSqrt2Pi) * e;
                    var (up, down) = NormalVector.CdfPair(d1, e);
                    var callDelta = dfv * up;
                    var putDelta = -dfv * down;
                    var b = Pairs8(ref carry, i);
                    var gm = pdfDf * a * invS;
                    var vn = -pdfDf * d2 * Pairs8(ref invVol, i);
                    var common = -pdfDf * (b * a - d2 * Pairs8(ref halfInvT, i));
                    var bmr = b - vr;
                    Store(gm, gm, ref og, i);
                    Store(callDelta, putDelta, ref od, i);
                    Store(vn, vn, ref ov, i);
                    Store(common - bmr * callDelta, common - bmr * putDelta, ref oc, i);
                }
            }
            for (; j <= n - 8; j += 8)
            {
                var i = (nuint)j;
                var v = Vector512.LoadUnsafe(ref vst, i);
                var a = Vector512.LoadUnsafe(ref invVst, i);
                var d1 = Vector512.FusedMultiplyAdd(a, vu, Vector512.LoadUnsafe(ref c, i));
                var d2 = d1 - v;
                var e = VectorExp.NonPositive(VectorClamp.AtLeast(d1 * d1 * Vector512.Create(-0.5), Vector512.Create(SweepKernel.MinExponent)));
                var dfv = Vector512.LoadUnsafe(ref df, i);
                var pdfDf = dfv * Vector512.Create(Normal.InvSqrt2Pi) * e;
                var sg = Vector512.LoadUnsafe(ref sign, i);
                // Lanes of OptionDelta.FromD1 (8 contracts, the CDF reusing the pdf's exp); twin of the Vector256 loop below, kept for AVX2-only machines.
                var dl = sg * dfv * NormalVector.Cdf(sg * d1, e);
                var b = Vector512.LoadUnsafe(ref carry, i);
                (pdfDf * a * invS).StoreUnsafe(ref og, i);
                dl.StoreUnsafe(ref od, i);
                (-pdfDf * d2 * Vector512.LoadUnsafe(ref invVol, i)).StoreUnsafe(ref ov, i);
                var common = -pdfDf * (b * a - d2 * Vector512.LoadUnsafe(ref halfInvT, i));
                (common - (b - vr) * dl).StoreUnsafe(ref oc, i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var vu = Vector256.Create(u);
            var invS = Vector256.Create(1 / spot);
            var vr = Vector256.Create(rate);
            // The leading call-put pairs, 4 at a time; twin of the Vector512 pair loop (Pairs4(i): pairs 0, 2, 1, 3).
            if (Avx.IsSupported)
            {
                for (; j <= pairEnd - 8; j += 8)
                {
                    var i = (nuint)j;
                    var v = Pairs4(ref vst, i);
                    var a = Pairs4(ref invVst, i);
                    var d1 = Vector256.FusedMultiplyAdd(a, vu, Pairs4(ref c, i));
                    var d2 = d1 - v;
                    var e = VectorExp.NonPositive(VectorClamp.AtLeast(d1 * d1 * Vector256.Create(-0.5), Vector256.Create(SweepKernel.MinExponent)));
                    var dfv = Pairs4(ref df, i);
                    var pdfDf = dfv * Vector256.Create(Normal.InvSqrt2Pi) * e;
                    var (up, down) = NormalVector.CdfPair(d1, e);
                    var callDelta = dfv * up;
                    var putDelta = -dfv * down;
                    var b = Pairs4(ref carry, i);
                    var gm = pdfDf * a * invS;
                    var vn = -pdfDf * d2 * Pairs4(ref invVol, i);
                    var common = -pdfDf * (b * a - d2 * Pairs4(ref halfInvT, i));
                    var bmr = b - vr;
                    Store(gm, gm, ref og, i);
                    Store(callDelta, putDelta, ref od, i);
                    Store(vn, vn, ref ov, i);
                    Store(common - bmr * callDelta, common - bmr * putDelta, ref oc, i);
                }
            }
            for (; j <= n - 4; j += 4)
            {
                var i = (nuint)j;
                var v = Vector256.LoadUnsafe(ref vst, i);
                var a = Vector256.LoadUnsafe(ref invVst, i);
                var d1 = Vector256.FusedMultiplyAdd(a, vu, Vector256.LoadUnsafe(ref c, i));
                var d2 = d1 - v;
                var e = VectorExp.NonPositive(VectorClamp.AtLeast(d1 * d1 * Vector256.Create(-0.5), Vector256.Create(SweepKernel.MinExponent)));
                var dfv = Vector256.LoadUnsafe(ref df, i);
                var pdfDf = dfv * Vector256.Create(Normal.InvSqrt2Pi) * e;
                var sg = Vector256.LoadUnsafe(ref sign, i);
                // Lanes of OptionDelta.FromD1 (4 contracts); twin of the Vector512 loop above, the path without AVX-512.
                var dl = sg * dfv * NormalVector.Cdf(sg * d1, e);
                var b = Vector256.LoadUnsafe(ref carry, i);
                (pdfDf * a * invS).StoreUnsafe(ref og, i);
                dl.StoreUnsafe(ref od, i);
                (-pdfDf * d2 * Vector256.LoadUnsafe(ref invVol, i)).StoreUnsafe(ref ov, i);
                var common = -pdfDf * (b * a - d2 * Vector256.LoadUnsafe(ref halfInvT, i));
                (common - (b - vr) * dl).StoreUnsafe(ref oc, i);
            }
        }
        for (; j < n; j++)
        {
            var v = Unsafe.Add(ref vst, j);
            var d1 = chain.D1(j, u);
            var d2 = d1 - v;
            var dfj = Unsafe.Add(ref df, j);
            var pdfDf = dfj * (Normal.InvSqrt2Pi * Math.Exp(-0.5 * d1 * d1));
            var b = Unsafe.Add(ref carry, j);
            var sg = Unsafe.Add(ref sign, j);
            var dl = OptionDelta.FromD1(sg, dfj, d1);
            Unsafe.Add(ref og, j) = pdfDf / (spot * v);
            Unsafe.Add(ref od, j) = dl;
            Unsafe.Add(ref ov, j) = -pdfDf * d2 * Unsafe.Add(ref invVol, j);
            Unsafe.Add(ref oc, j) = -pdfDf * (b / v - d2 * Unsafe.Add(ref halfInvT, j)) - (b - rate) * dl;
        }
    }

    // A column's values for 8 (or 4) leading pairs from its 16 (or 8) contracts at i: one per pair (the call's; the put's is the same).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Pairs8(ref double column, nuint i) =>
        Avx512F.UnpackLow(Vector512.LoadUnsafe(ref column, i), Vector512.LoadUnsafe(ref column, i + 8));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Pairs4(ref double column, nuint i) =>
        Avx.UnpackLow(Vector256.LoadUnsafe(ref column, i), Vector256.LoadUnsafe(ref column, i + 4));

    // Back in contract order: each pair's call value, then its put value (the inverse of Pairs8's and Pairs4's lane order).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector512<double> call, Vector512<double> put, ref double column, nuint i)
    {
        Avx512F.UnpackLow(call, put).StoreUnsafe(ref column, i);
        Avx512F.UnpackHigh(call, put).StoreUnsafe(ref column, i + 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector256<double> call, Vector256<double> put, ref double column, nuint i)
    {
        Avx.UnpackLow(call, put).StoreUnsafe(ref column, i);
        Avx.UnpackHigh(call, put).StoreUnsafe(ref column, i + 4);
    }

    /// <summary>
    /// The straightforward scalar reference: one <see cref="BlackScholes.Greeks"/> call per contract
    /// (validation, sqrt, log, three exps and two CDFs each). The benchmark baseline and test oracle.
    /// </summary>
    public static void ComputeScalar(PricedChain chain, double spot, Span<double> gamma, Span<double> delta, Span<double> vanna, Span<double> charm)
    {
        ArgumentNullException.ThrowIfNull(chain);
        for (var j = 0; j < chain.Count; j++)
        {
            var g = BlackScholes.Greeks(new OptionInputs(chain.Type[j], spot, chain.Strike[j], chain.Years[j], chain.Rate, chain.Carry[j], chain.Vol[j]));
            gamma[j] = g.Gamma;
            delta[j] = g.Delta;
            vanna[j] = g.Vanna;
            charm[j] = g.Charm;
        }
    }
}
