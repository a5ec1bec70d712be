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

    /// <summary>
    /// Values at ascending points and bounds between neighbours, for the zero-gamma search. With
    /// t_i(x) = exp(max(-(a_i x + c_i)^2 / 2, -700)): <paramref name="value"/>[k] += sum_i w_i t_i(x_k), and for
    /// every k &lt; m - 1, over x in [x_k, x_{k+1}], <paramref name="lower"/>[k] += sum_i min(w_i t_min, w_i t_max),
    /// <paramref name="upper"/>[k] += sum_i max(w_i t_min, w_i t_max), <paramref name="gross"/>[k] += sum_i |w_i| t_max.
    /// Why these bound the sum on the whole interval: d_i = a_i x + c_i is increasing in x (a_i &gt; 0), so over
    /// the interval d_i runs over [d_i(x_k), d_i(x_{k+1})], and the Gaussian e^{-d^2/2} on an interval of d takes its
    /// minimum at an end (t_min = the smaller end value) and its maximum at an end unless the interval holds d = 0,
    /// where it is 1 (t_max). Hence w_i t_i(x) lies between w_i t_min and w_i t_max for every x of the interval, and
    /// so does the sum of the per-contract bounds. No exp beyond the one per contract and point.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Bounds(ReadOnlySpan<double> a, ReadOnlySpan<double> c, ReadOnlySpan<double> w, ReadOnlySpan<double> x,
        Span<double> value, Span<double> lower, Span<double> upper, Span<double> gross)
    {
        var m = x.Length;
        Debug.Assert(a.Length == c.Length && a.Length == w.Length && value.Length >= m && lower.Length >= m - 1 && upper.Length >= m - 1 && gross.Length >= m - 1);
        if (m == 0 || a.Length == 0) return;
        Span<double> scratch = m <= 64 ? stackalloc double[4 * 4 * 64] : new double[4 * 4 * m];
        scratch = scratch[..(4 * 4 * m)];
        scratch.Clear();
        var acc = MemoryMarshal.Cast<double, Vector256<double>>(scratch);
        var accV = acc[..m];
        var accL = acc.Slice(m, m);
        var accU = acc.Slice(2 * m, m);
        var accG = acc.Slice(3 * m, m);
        var n = a.Length;
        Span<double> pad = stackalloc double[12];
        var minusHalf = Vector256.Create(-0.5);
        var floor = Vector256.Create(MinExponent);
        var one = Vector256<double>.One;
        for (var i = 0; i < n; i += 4)
        {
            Vector256<double> va, vc, vw;
            if (i + 4 <= n)
            {
                va = Vector256.Create(a.Slice(i, 4));
                vc = Vector256.Create(c.Slice(i, 4));
                vw = Vector256.Create(w.Slice(i, 4));
            }
            else
            {
                // Tail padded with zero-weight lanes (a = c = w = 0: every bound term is 0 x something).
                pad.Clear();
                a[i..].CopyTo(pad);
                c[i..].CopyTo(pad[4..]);
                w[i..].CopyTo(pad[8..]);
                va = Vector256.Create(pad[..4]);
                vc = Vector256.Create(pad.Slice(4, 4));
                vw = Vector256.Create(pad.Slice(8, 4));
            }
            var vabs = Vector256.Abs(vw);
            var d = Vector256.FusedMultiplyAdd(va, Vector256.Create(x[0]), vc);
            var t = VectorExp.NonPositive(Vector256.Max(d * d * minusHalf, floor));
            accV[0] = Vector256.FusedMultiplyAdd(vw, t, accV[0]);
            for (var k = 1; k < m; k++)
            {
                var d1 = Vector256.FusedMultiplyAdd(va, Vector256.Create(x[k]), vc);
                var t1 = VectorExp.NonPositive(Vector256.Max(d1 * d1 * minusHalf, floor));
                accV[k] = Vector256.FusedMultiplyAdd(vw, t1, accV[k]);
                var tmin = Vector256.Min(t, t1);
                var tmax = Vector256.ConditionalSelect(Vector256.LessThanOrEqual(d * d1, Vector256<double>.Zero), one, Vector256.Max(t, t1));
                var p = vw * tmin;
                var q = vw * tmax;
                accL[k - 1] += Vector256.Min(p, q);
                accU[k - 1] += Vector256.Max(p, q);
                accG[k - 1] = Vector256.FusedMultiplyAdd(vabs, tmax, accG[k - 1]);
                d = d1;
                t = t1;
            }
        }
        for (var k = 0; k < m; k++)
        {
            value[k] += Vector256.Sum(accV[k]);
            if (k == m - 1) break;
            lower[k] += Vector256.Sum(accL[k]);
            upper[k] += Vector256.Sum(accU[k]);
            gross[k] += Vector256.Sum(accG[k]);
        }
    }

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
