using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using DealerFlow.Core.Pricing;

namespace DealerFlow.Core.Exposure;

/// <summary>
/// The vectorized inner loop of every gamma sweep: sum_i W_i exp(-(A_i ln S + C_i)^2 / 2) over
/// flat columns, one exp (<see cref="VectorExp"/>, FMA-only, no range check) and a few FMAs per lane. Uses <see cref="Vector512"/> when the CPU
/// accelerates it, else <see cref="Vector256"/>, with a scalar tail. The exp argument is clamped
/// at <see cref="MinExponent"/> so a far out-of-the-money lane never leaves the vector exp's fast
/// path; a remainder shorter than a vector runs as one vector padded with zero-weight lanes (small
/// chains and per-expiry ranges would otherwise spend a large share in scalar exps). The clamp
/// changes a term by at most W x e^-700 (about 1e-304 W), far below double
/// rounding of any sum that holds a material contract. No allocation. The loops are compiled fully
/// optimized from the first call (<see cref="MethodImplOptions.AggressiveOptimization"/>): tier-0
/// code of a vector exp is two orders of magnitude slower, and a sweep is often called only a few
/// times per chain.
/// </summary>
internal static class SweepKernel
{
    /// <summary>Lowest exp argument; exp(-700) ~ 9.9e-305 is still a normal double.</summary>
    public const double MinExponent = -700;

    /// <summary>Contracts per block of the multi-spot loop: 3 columns x 2048 x 8 B = 48 KB (L1/L2 resident).</summary>
    private const int Block = 2048;

    /// <summary>sum_i w_i exp(max(-(a_i lnS + c_i)^2 / 2, -700)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Sum(ReadOnlySpan<double> a, ReadOnlySpan<double> c, ReadOnlySpan<double> w, double lnS)
    {
        Debug.Assert(a.Length == c.Length && a.Length == w.Length);
        var n = a.Length;
        ref var ra = ref MemoryMarshal.GetReference(a);
        ref var rc = ref MemoryMarshal.GetReference(c);
        ref var rw = ref MemoryMarshal.GetReference(w);
        var i = 0;
        var sum = 0.0;
        if (Vector512.IsHardwareAccelerated)
        {
            var l = Vector512.Create(lnS);
            var acc0 = Vector512<double>.Zero;
            var acc1 = Vector512<double>.Zero;
            for (; i <= n - 16; i += 16)
            {
                acc0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref rw, (nuint)i), Term(Vector512.LoadUnsafe(ref ra, (nuint)i), Vector512.LoadUnsafe(ref rc, (nuint)i), l), acc0);
                acc1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref rw, (nuint)(i + 8)), Term(Vector512.LoadUnsafe(ref ra, (nuint)(i + 8)), Vector512.LoadUnsafe(ref rc, (nuint)(i + 8)), l), acc1);
            }
            for (; i <= n - 8; i += 8)
                acc0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref rw, (nuint)i), Term(Vector512.LoadUnsafe(ref ra, (nuint)i), Vector512.LoadUnsafe(ref rc, (nuint)i), l), acc0);
            if (i < n)
            {
                // Tail as one vector padded with zero-weight lanes (a = c = w = 0: exp(0) x 0).
                Span<double> pad = stackalloc double[24];
                pad.Clear();
                a[i..].CopyTo(pad);
                c[i..].CopyTo(pad[8..]);
                w[i..].CopyTo(pad[16..]);
                ref var rp = ref MemoryMarshal.GetReference(pad);
                acc1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref rp, 16), Term(Vector512.LoadUnsafe(ref rp), Vector512.LoadUnsafe(ref rp, 8), l), acc1);
                i = n;
            }
            sum = Vector512.Sum(acc0 + acc1);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var l = Vector256.Create(lnS);
            var acc0 = Vector256<double>.Zero;
            var acc1 = Vector256<double>.Zero;
            for (; i <= n - 8; i += 8)
            {
                acc0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref rw, (nuint)i), Term(Vector256.LoadUnsafe(ref ra, (nuint)i), Vector256.LoadUnsafe(ref rc, (nuint)i), l), acc0);
                acc1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref rw, (nuint)(i + 4)), Term(Vector256.LoadUnsafe(ref ra, (nuint)(i + 4)), Vector256.LoadUnsafe(ref rc, (nuint)(i + 4)), l), acc1);
            }
            for (; i <= n - 4; i += 4)
                acc0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref rw, (nuint)i), Term(Vector256.LoadUnsafe(ref ra, (nuint)i), Vector256.LoadUnsafe(ref rc, (nuint)i), l), acc0);
            if (i < n)
            {
                Span<double> pad = stackalloc double[12];
                pad.Clear();
                a[i..].CopyTo(pad);
                c[i..].CopyTo(pad[4..]);
                w[i..].CopyTo(pad[8..]);
                ref var rp = ref MemoryMarshal.GetReference(pad);
                acc1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref rp, 8), Term(Vector256.LoadUnsafe(ref rp), Vector256.LoadUnsafe(ref rp, 4), l), acc1);
                i = n;
            }
            sum = Vector256.Sum(acc0 + acc1);
        }
        for (; i < n; i++)
        {
            var d = Unsafe.Add(ref ra, i) * lnS + Unsafe.Add(ref rc, i);
            sum += Unsafe.Add(ref rw, i) * Math.Exp(Math.Max(-0.5 * d * d, MinExponent));
        }
        return sum;
    }

    /// <summary>
    /// <paramref name="sums"/>[k] += sum_i w_i exp(-(a_i lnS_k + c_i)^2 / 2) for every spot k: a
    /// blocked loop (contracts in L1/L2-sized blocks, four spots per pass so each loaded contract
    /// feeds four independent exp chains).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SumMany(ReadOnlySpan<double> a, ReadOnlySpan<double> c, ReadOnlySpan<double> w, ReadOnlySpan<double> lnS, Span<double> sums)
    {
        Debug.Assert(a.Length == c.Length && a.Length == w.Length && lnS.Length == sums.Length);
        for (var start = 0; start < a.Length; start += Block)
        {
            var len = Math.Min(Block, a.Length - start);
            var ba = a.Slice(start, len);
            var bc = c.Slice(start, len);
            var bw = w.Slice(start, len);
            var k = 0;
            for (; k <= lnS.Length - 4; k += 4)
            {
                Sum4(ba, bc, bw, lnS[k], lnS[k + 1], lnS[k + 2], lnS[k + 3], out var s0, out var s1, out var s2, out var s3);
                sums[k] += s0;
                sums[k + 1] += s1;
                sums[k + 2] += s2;
                sums[k + 3] += s3;
            }
            for (; k < lnS.Length; k++) sums[k] += Sum(ba, bc, bw, lnS[k]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Sum4(ReadOnlySpan<double> a, ReadOnlySpan<double> c, ReadOnlySpan<double> w, double l0, double l1, double l2, double l3,
        out double s0, out double s1, out double s2, out double s3)
    {
        var n = a.Length;
        ref var ra = ref MemoryMarshal.GetReference(a);
        ref var rc = ref MemoryMarshal.GetReference(c);
        ref var rw = ref MemoryMarshal.GetReference(w);
        var i = 0;
        s0 = s1 = s2 = s3 = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var v0 = Vector512.Create(l0);
            var v1 = Vector512.Create(l1);
            var v2 = Vector512.Create(l2);
            var v3 = Vector512.Create(l3);
            Vector512<double> acc0 = default, acc1 = default, acc2 = default, acc3 = default;
            for (; i <= n - 8; i += 8)
            {
                var va = Vector512.LoadUnsafe(ref ra, (nuint)i);
                var vc = Vector512.LoadUnsafe(ref rc, (nuint)i);
                var vw = Vector512.LoadUnsafe(ref rw, (nuint)i);
                acc0 = Vector512.FusedMultiplyAdd(vw, Term(va, vc, v0), acc0);
                acc1 = Vector512.FusedMultiplyAdd(vw, Term(va, vc, v1), acc1);
                acc2 = Vector512.FusedMultiplyAdd(vw, Term(va, vc, v2), acc2);
                acc3 = Vector512.FusedMultiplyAdd(vw, Term(va, vc, v3), acc3);
            }
            if (i < n)
            {
                // Tail as one vector padded with zero-weight lanes (a = c = w = 0: exp(0) x 0).
                Span<double> pad = stackalloc double[24];
                pad.Clear();
                a[i..].CopyTo(pad);
                c[i..].CopyTo(pad[8..]);
                w[i..].CopyTo(pad[16..]);
                ref var rp = ref MemoryMarshal.GetReference(pad);
                var va = Vector512.LoadUnsafe(ref rp);
                var vc = Vector512.LoadUnsafe(ref rp, 8);
                var vw = Vector512.LoadUnsafe(ref rp, 16);
                acc0 = Vector512.FusedMultiplyAdd(vw, Term(va, vc, v0), acc0);
                acc1 = Vector512.FusedMultiplyAdd(vw, Term(va, vc, v1), acc1);
                acc2 = Vector512.FusedMultiplyAdd(vw, Term(va, vc, v2), acc2);
                acc3 = Vector512.FusedMultiplyAdd(vw, Term(va, vc, v3), acc3);
                i = n;
            }
            s0 = Vector512.Sum(acc0);
            s1 = Vector512.Sum(acc1);
            s2 = Vector512.Sum(acc2);
            s3 = Vector512.Sum(acc3);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var v0 = Vector256.Create(l0);
            var v1 = Vector256.Create(l1);
            var v2 = Vector256.Create(l2);
            var v3 = Vector256.Create(l3);
            Vector256<double> acc0 = default, acc1 = default, acc2 = default, acc3 = default;
            for (; i <= n - 4; i += 4)
            {
                var va = Vector256.LoadUnsafe(ref ra, (nuint)i);
                var vc = Vector256.LoadUnsafe(ref rc, (nuint)i);
                var vw = Vector256.LoadUnsafe(ref rw, (nuint)i);
                acc0 = Vector256.FusedMultiplyAdd(vw, Term(va, vc, v0), acc0);
                acc1 = Vector256.FusedMultiplyAdd(vw, Term(va, vc, v1), acc1);
                acc2 = Vector256.FusedMultiplyAdd(vw, Term(va, vc, v2), acc2);
                acc3 = Vector256.FusedMultiplyAdd(vw, Term(va, vc, v3), acc3);
            }
            if (i < n)
            {
                Span<double> pad = stackalloc double[12];
                pad.Clear();
                a[i..].CopyTo(pad);
                c[i..].CopyTo(pad[4..]);
                w[i..].CopyTo(pad[8..]);
                ref var rp = ref MemoryMarshal.GetReference(pad);
                var va = Vector256.LoadUnsafe(ref rp);
                var vc = Vector256.LoadUnsafe(ref rp, 4);
                var vw = Vector256.LoadUnsafe(ref rp, 8);
                acc0 = Vector256.FusedMultiplyAdd(vw, Term(va, vc, v0), acc0);
                acc1 = Vector256.FusedMultiplyAdd(vw, Term(va, vc, v1), acc1);
                acc2 = Vector256.FusedMultiplyAdd(vw, Term(va, vc, v2), acc2);
                acc3 = Vector256.FusedMultiplyAdd(vw, Term(va, vc, v3), acc3);
                i = n;
            }
            s0 = Vector256.Sum(acc0);
            s1 = Vector256.Sum(acc1);
            s2 = Vector256.Sum(acc2);
            s3 = Vector256.Sum(acc3);
        }
        for (; i < n; i++)
        {
            var ai = Unsafe.Add(ref ra, i);
            var ci = Unsafe.Add(ref rc, i);
            var wi = Unsafe.Add(ref rw, i);
            s0 += wi * ScalarTerm(ai, ci, l0);
            s1 += wi * ScalarTerm(ai, ci, l1);
            s2 += wi * ScalarTerm(ai, ci, l2);
            s3 += wi * ScalarTerm(ai, ci, l3);
        }
    }

    /// <summary>Spots on each side of a recurrence block's centre: a block is 2 x <see cref="Half"/> + 1 = 17 grid spots.</summary>
    internal const int Half = 8;

    /// <summary>Grid spots per recurrence block.</summary>
    internal const int BlockSpots = 2 * Half + 1;

    /// <summary>|d1| beyond which a lane at either end of a block leaves the recurrence (e^{-d^2/2} below e^-600: far from underflow and subnormals).</summary>
    private const double RecurrenceReach = 34.6;

    /// <summary>
    /// The profile on a grid uniform in ln S: <paramref name="sums"/>[k] += sum_i w_i exp(-(a_i u_k + c_i)^2 / 2) for
    /// u_k = <paramref name="u"/>[k] = u_0 + k <paramref name="h"/>, mostly without an exp.
    /// <para>
    /// The recurrence. With d_k = a u_k + c the step is d_{k+1} = d_k + s, s = a h, so the term
    /// t_k = e^{-d_k^2/2} obeys t_{k+1} = t_k r_k with r_k = e^{-s d_k - s^2/2}, and r_{k+1} = r_k q with q = e^{-s^2}:
    /// two multiplies per contract and spot instead of an exp. Going down, t_{k-1} = t_k r'_k with
    /// r'_k = e^{s d_k - s^2/2} and r'_{k-1} = r'_k q. The grid is cut into blocks of <see cref="BlockSpots"/> spots
    /// (starting at multiples of it, so the result does not depend on how callers split the grid); at each block's
    /// centre k_c the term and both ratios are exact exps (t at the same d as the dense sweep computes it), and the
    /// recurrence runs at most <see cref="Half"/> steps up and down from there.
    /// </para>
    /// <para>
    /// Error bound. With u = 2^-53, an exp of <see cref="VectorExp.Bounded"/> within 2 ulps and its argument E rounded once
    /// or twice (relative error of the result 2.5u + 2u|E|), one multiply adding u: after j steps t carries
    /// e_t + j e_r + j(j - 1)/2 (e_q + u) + j u, e_t = (2.5 + |d_c|^2) u, e_r = (2.5 + 2|s d_c| + s^2) u, e_q = (2.5 + 2 s^2) u.
    /// For a material term (|d| &lt;= 10, where the term is within e^-50 of its weight) of a weekly or longer contract
    /// (s &lt;= 0.05 on the 401-spot +-20 % grid; |d_c| &lt;= 10 + 8s) and j &lt;= 8 that is at most
    /// (102.5 + 8 x 4.5 + 28 x 3.5 + 8) u = 245u = 2.7e-14 of the term, and for a same-day contract with s = 0.5
    /// (102.5 + 8 x 16.75 + 28 x 4 + 8) u = 357u = 4.0e-14; the dense sweep's own error on the same term is
    /// (2.5 + d^2) u &lt;= 1.1e-14. So in the worst case the profile and the dense sweep differ by about 5e-14 of
    /// sum_i |w_i t_i| (rounding errors of one sign at every step); the tests measure the real difference on every chain
    /// of tests/data against 1e-12 of the value plus 1e-14 of that sum.
    /// </para>
    /// <para>
    /// Underflow. A lane whose |d| at both block ends is &lt;= <see cref="RecurrenceReach"/> has every term of the block in
    /// [e^-600, 1] (e^{-d^2/2} is unimodal in k), every ratio between normal doubles: no underflow, no subnormal. A lane
    /// with |d| &gt; 10 over the whole block (d at the low end above 10, or at the high end below -10) is left out
    /// (its terms are below e^-50 |w|) and its |w| added to <paramref name="skipped"/>[k] for each spot k of the block,
    /// the same bound as <see cref="SweepBlocks"/> (the caller re-evaluates a spot densely where the skipped weight is
    /// not negligible). Any other lane (a same-day contract whose Gaussian crosses from below e^-600 to material within
    /// one block) sends its group of 16 contracts through the exact path for that block: an exp per term, as the dense
    /// sweep. Terms are grouped 4 vectors of 4 lanes (16 contracts) so that 8 independent multiply chains hide their
    /// latency; the per-spot accumulators are vectors, summed once at the end.
    /// </para>
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SumGrid(ReadOnlySpan<double> a, ReadOnlySpan<double> c, ReadOnlySpan<double> w, ReadOnlySpan<double> u, double h,
        Span<double> sums, Span<double> skipped)
    {
        var m = u.Length;
        var n = a.Length;
        Debug.Assert(c.Length == n && w.Length == n && sums.Length >= m && skipped.Length >= m);
        if (m == 0 || n == 0) return;
        if (!Vector256.IsHardwareAccelerated)
        {
            SumMany(a, c, w, u, sums[..m]);
            return;
        }
        var blocks = (m + BlockSpots - 1) / BlockSpots;
        Span<Vector256<double>> acc = m <= 512 ? stackalloc Vector256<double>[m] : new Vector256<double>[m];
        acc.Clear();
        Span<double> skip = blocks <= 64 ? stackalloc double[blocks] : new double[blocks];
        skip.Clear();
        Span<double> pad = stackalloc double[48];
        ref var ru = ref MemoryMarshal.GetReference(u);
        var hv = Vector256.Create(h);
        var floor = Vector256.Create(MinExponent);
        var ceiling = Vector256.Create(-MinExponent);
        var reach = Vector256.Create(SweepBlocks.Reach);
        var minusReach = Vector256.Create(-SweepBlocks.Reach);
        var recurrence = Vector256.Create(RecurrenceReach);
        var half = Vector256.Create(0.5);
        for (var i = 0; i < n; i += 16)
        {
            scoped ref double ra = ref Unsafe.NullRef<double>();
            scoped ref double rc = ref Unsafe.NullRef<double>();
            scoped ref double rw = ref Unsafe.NullRef<double>();
            if (i + 16 <= n)
            {
                ra = ref Unsafe.Add(ref MemoryMarshal.GetReference(a), i);
                rc = ref Unsafe.Add(ref MemoryMarshal.GetReference(c), i);
                rw = ref Unsafe.Add(ref MemoryMarshal.GetReference(w), i);
            }
            else
            {
                // Tail padded with zero-weight lanes (a = c = w = 0: d = 0, term 0 x 1, ratios 1).
                pad.Clear();
                a[i..].CopyTo(pad);
                c[i..].CopyTo(pad[16..]);
                w[i..].CopyTo(pad[32..]);
                ra = ref MemoryMarshal.GetReference(pad);
                rc = ref Unsafe.Add(ref ra, 16);
                rw = ref Unsafe.Add(ref ra, 32);
            }
            var a0 = Vector256.LoadUnsafe(ref ra);
            var a1 = Vector256.LoadUnsafe(ref ra, 4);
            var a2 = Vector256.LoadUnsafe(ref ra, 8);
            var a3 = Vector256.LoadUnsafe(ref ra, 12);
            var c0 = Vector256.LoadUnsafe(ref rc);
            var c1 = Vector256.LoadUnsafe(ref rc, 4);
            var c2 = Vector256.LoadUnsafe(ref rc, 8);
            var c3 = Vector256.LoadUnsafe(ref rc, 12);
            var w0 = Vector256.LoadUnsafe(ref rw);
            var w1 = Vector256.LoadUnsafe(ref rw, 4);
            var w2 = Vector256.LoadUnsafe(ref rw, 8);
            var w3 = Vector256.LoadUnsafe(ref rw, 12);
            var s0 = a0 * hv;
            var s1 = a1 * hv;
            var s2 = a2 * hv;
            var s3 = a3 * hv;
            var q0 = VectorExp.Bounded(Vector256.Max(-(s0 * s0), floor));
            var q1 = VectorExp.Bounded(Vector256.Max(-(s1 * s1), floor));
            var q2 = VectorExp.Bounded(Vector256.Max(-(s2 * s2), floor));
            var q3 = VectorExp.Bounded(Vector256.Max(-(s3 * s3), floor));
            for (var b = 0; b < blocks; b++)
            {
                var k0 = b * BlockSpots;
                var k1 = Math.Min(k0 + BlockSpots, m) - 1;
                var kc = k0 + (k1 - k0) / 2;
                var ulo = Vector256.Create(Unsafe.Add(ref ru, k0));
                var uhi = Vector256.Create(Unsafe.Add(ref ru, k1));
                var lo0 = Vector256.FusedMultiplyAdd(a0, ulo, c0);
                var lo1 = Vector256.FusedMultiplyAdd(a1, ulo, c1);
                var lo2 = Vector256.FusedMultiplyAdd(a2, ulo, c2);
                var lo3 = Vector256.FusedMultiplyAdd(a3, ulo, c3);
                var hi0 = Vector256.FusedMultiplyAdd(a0, uhi, c0);
                var hi1 = Vector256.FusedMultiplyAdd(a1, uhi, c1);
                var hi2 = Vector256.FusedMultiplyAdd(a2, uhi, c2);
                var hi3 = Vector256.FusedMultiplyAdd(a3, uhi, c3);
                // Left out: |d| > 10 on the whole block (d increases with k: a > 0).
                var out0 = Vector256.GreaterThan(lo0, reach) | Vector256.LessThan(hi0, minusReach);
                var out1 = Vector256.GreaterThan(lo1, reach) | Vector256.LessThan(hi1, minusReach);
                var out2 = Vector256.GreaterThan(lo2, reach) | Vector256.LessThan(hi2, minusReach);
                var out3 = Vector256.GreaterThan(lo3, reach) | Vector256.LessThan(hi3, minusReach);
                var outAll = out0 & out1 & out2 & out3;
                if (Vector256.ExtractMostSignificantBits(outAll) == 0b1111)
                {
                    skip[b] += Vector256.Sum(Vector256.Abs(w0) + Vector256.Abs(w1) + Vector256.Abs(w2) + Vector256.Abs(w3));
                    continue;
                }
                // Outside the recurrence's safe range at an end, and not left out: the exact path for this block.
                var far0 = Vector256.AndNot(Vector256.GreaterThan(Vector256.Max(Vector256.Abs(lo0), Vector256.Abs(hi0)), recurrence), out0);
                var far1 = Vector256.AndNot(Vector256.GreaterThan(Vector256.Max(Vector256.Abs(lo1), Vector256.Abs(hi1)), recurrence), out1);
                var far2 = Vector256.AndNot(Vector256.GreaterThan(Vector256.Max(Vector256.Abs(lo2), Vector256.Abs(hi2)), recurrence), out2);
                var far3 = Vector256.AndNot(Vector256.GreaterThan(Vector256.Max(Vector256.Abs(lo3), Vector256.Abs(hi3)), recurrence), out3);
                if (Vector256.ExtractMostSignificantBits(far0 | far1 | far2 | far3) != 0)
                {
                    for (var k = k0; k <= k1; k++)
                    {
                        var x = Vector256.Create(Unsafe.Add(ref ru, k));
                        var v = w0 * Term(a0, c0, x);
                        v = Vector256.FusedMultiplyAdd(w1, Term(a1, c1, x), v);
                        v = Vector256.FusedMultiplyAdd(w2, Term(a2, c2, x), v);
                        v = Vector256.FusedMultiplyAdd(w3, Term(a3, c3, x), v);
                        acc[k] += v;
                    }
                    continue;
                }
                skip[b] += Vector256.Sum(Vector256.ConditionalSelect(out0, Vector256.Abs(w0), Vector256<double>.Zero)
                    + Vector256.ConditionalSelect(out1, Vector256.Abs(w1), Vector256<double>.Zero)
                    + Vector256.ConditionalSelect(out2, Vector256.Abs(w2), Vector256<double>.Zero)
                    + Vector256.ConditionalSelect(out3, Vector256.Abs(w3), Vector256<double>.Zero));
                var uc = Vector256.Create(Unsafe.Add(ref ru, kc));
                var d0 = Vector256.FusedMultiplyAdd(a0, uc, c0);
                var d1 = Vector256.FusedMultiplyAdd(a1, uc, c1);
                var d2 = Vector256.FusedMultiplyAdd(a2, uc, c2);
                var d3 = Vector256.FusedMultiplyAdd(a3, uc, c3);
                // Centre terms exactly as the dense sweep forms them; lanes left out carry 0 with ratios 1.
                var t0 = Vector256.ConditionalSelect(out0, Vector256<double>.Zero, w0 * Term(a0, c0, uc));
                var t1 = Vector256.ConditionalSelect(out1, Vector256<double>.Zero, w1 * Term(a1, c1, uc));
                var t2 = Vector256.ConditionalSelect(out2, Vector256<double>.Zero, w2 * Term(a2, c2, uc));
                var t3 = Vector256.ConditionalSelect(out3, Vector256<double>.Zero, w3 * Term(a3, c3, uc));
                acc[kc] += t0 + t1 + t2 + t3;
                // s d and s^2 / 2: up ratio e^{-s d - s^2/2}, down ratio e^{s d - s^2/2}.
                var p0 = s0 * d0;
                var p1 = s1 * d1;
                var p2 = s2 * d2;
                var p3 = s3 * d3;
                var e0 = s0 * s0 * half;
                var e1 = s1 * s1 * half;
                var e2 = s2 * s2 * half;
                var e3 = s3 * s3 * half;
                if (kc < k1)
                {
                    var r0 = Ratio(out0, -p0 - e0, floor, ceiling);
                    var r1 = Ratio(out1, -p1 - e1, floor, ceiling);
                    var r2 = Ratio(out2, -p2 - e2, floor, ceiling);
                    var r3 = Ratio(out3, -p3 - e3, floor, ceiling);
                    var (x0, x1, x2, x3) = (t0, t1, t2, t3);
                    for (var k = kc + 1; k <= k1; k++)
                    {
                        x0 *= r0;
                        x1 *= r1;
                        x2 *= r2;
                        x3 *= r3;
                        acc[k] += (x0 + x1) + (x2 + x3);
                        r0 *= q0;
                        r1 *= q1;
                        r2 *= q2;
                        r3 *= q3;
                    }
                }
                if (kc > k0)
                {
                    var r0 = Ratio(out0, p0 - e0, floor, ceiling);
                    var r1 = Ratio(out1, p1 - e1, floor, ceiling);
                    var r2 = Ratio(out2, p2 - e2, floor, ceiling);
                    var r3 = Ratio(out3, p3 - e3, floor, ceiling);
                    var (x0, x1, x2, x3) = (t0, t1, t2, t3);
                    for (var k = kc - 1; k >= k0; k--)
                    {
                        x0 *= r0;
                        x1 *= r1;
                        x2 *= r2;
                        x3 *= r3;
                        acc[k] += (x0 + x1) + (x2 + x3);
                        r0 *= q0;
                        r1 *= q1;
                        r2 *= q2;
                        r3 *= q3;
                    }
                }
            }
        }
        for (var k = 0; k < m; k++)
        {
            sums[k] += Vector256.Sum(acc[k]);
            skipped[k] += skip[k / BlockSpots];
        }
    }

    /// <summary>e^{clamp(x, -700, 700)} per lane, 1 in the lanes left out (so their zero term stays zero and no ratio drifts towards a subnormal).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Ratio(Vector256<double> leftOut, Vector256<double> x, Vector256<double> floor, Vector256<double> ceiling) =>
        Vector256.ConditionalSelect(leftOut, Vector256<double>.One, VectorExp.Bounded(Vector256.Min(Vector256.Max(x, floor), ceiling)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double ScalarTerm(double a, double c, double lnS)
    {
        var d = a * lnS + c;
        return Math.Exp(Math.Max(-0.5 * d * d, MinExponent));
    }

    /// <summary>exp(max(-(a lnS + c)^2 / 2, -700)) per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<double> Term(Vector512<double> a, Vector512<double> c, Vector512<double> lnS)
    {
        var d = Vector512.FusedMultiplyAdd(a, lnS, c);
        return VectorExp.NonPositive(Vector512.Max(d * d * Vector512.Create(-0.5), Vector512.Create(MinExponent)));
    }

    /// <summary>exp(max(-(a lnS + c)^2 / 2, -700)) per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<double> Term(Vector256<double> a, Vector256<double> c, Vector256<double> lnS)
    {
        var d = Vector256.FusedMultiplyAdd(a, lnS, c);
        return VectorExp.NonPositive(Vector256.Max(d * d * Vector256.Create(-0.5), Vector256.Create(MinExponent)));
    }
}
