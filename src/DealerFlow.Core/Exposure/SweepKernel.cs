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
/// <para>
/// <see cref="Sum"/> and <see cref="Sum4"/> hold a Vector512 and a Vector256 twin of one loop (issue 12): Vector&lt;T&gt;
/// is 256 bits on x86 unless the whole process opts into 512 (DOTNET_PreferredVectorBitWidth=512), so one generic loop
/// would give up the AVX-512 sweep, whose exp is the register-table form (<see cref="VectorExp"/>, 0.36 against 0.47 ns
/// per lane for the degree-13 form, docs/performance.md). <see cref="SumGrid"/>, the profile, walks 256-bit on every CPU
/// (two multiplies per term); its per-block setup has a 512-bit twin that gives the 256-bit path's values bit for bit.
/// </para>
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
    /// Spots on each side of a recurrence block's centre: a block is 2 x <see cref="Half"/> + 1 = 65 grid spots. The block's
    /// setup (two exps and a division per lane, the masks) costs as much as about 80 walk steps, so a longer block makes the
    /// profile cheaper (SPX, 401 spots, one core on Zen 3: 2.04 ms with 33-spot blocks, 1.54 ms with 65, docs/performance.md) at the price of an
    /// error bound that grows with the square of <see cref="Half"/> (<see cref="SumGrid"/>: 3.6e-13 of the gross here).
    /// </summary>
    internal const int Half = 32;

    /// <summary>Grid spots per recurrence block (65).</summary>
    internal const int BlockSpots = 2 * Half + 1;

    /// <summary>|d1| beyond which a lane at either end of a block leaves the recurrence (e^{-d^2/2} below e^-600: far from underflow and subnormals).</summary>
    private const double RecurrenceReach = 34.6;

    /// <summary>Largest step s = a h of d1 per grid spot the recurrence takes (its ratio exponents stay below 4 x 34.6 + 8); a lane with a larger step (the last minutes of a same-day contract) is exact.</summary>
    private const double MaxStep = 4;

    /// <summary>
    /// The profile on a grid uniform in ln S: <paramref name="sums"/>[k] += sum_i w_i exp(-(a_i u_k + c_i)^2 / 2) for
    /// u_k = <paramref name="u"/>[k] = u_0 + k <paramref name="h"/>, mostly without an exp.
    /// <para>
    /// The recurrence. With d_k = a u_k + c the step is d_{k+1} = d_k + s, s = a h, so the term
    /// t_k = e^{-d_k^2/2} obeys t_{k+1} = t_k r_k with r_k = e^{-s d_k - s^2/2}, and r_{k+1} = r_k q with q = e^{-s^2}:
    /// two multiplies per contract and spot instead of an exp. Going down, t_{k-1} = t_k r'_k with
    /// r'_k = e^{s d_k - s^2/2} = q / r_k and r'_{k-1} = r'_k q. The grid is cut into blocks of <see cref="BlockSpots"/> spots
    /// (starting at multiples of it, so the result does not depend on how callers split the grid); at each block's
    /// centre k_c the term (at the same d as the dense sweep computes it) and the up ratio are exps, the down ratio one
    /// division, and the recurrence runs at most <see cref="Half"/> steps up and down from there: 2 exps and a division
    /// per 65 spots instead of 65 exps.
    /// </para>
    /// <para>
    /// Error bound. With u = 2^-53, an exp of <see cref="VectorExp.Bounded(Vector256{double})"/> within 2 ulps and its argument E rounded
    /// (relative error of the result 2.5u + 2u|E|) and one multiply or division adding u: the centre term carries
    /// e_t = (3.5 + d_c^2) u, the up ratio e_r = (2.5 + 2|s d_c| + s^2) u, q e_q = (2.5 + 2 s^2) u, the down ratio
    /// e_q + e_r + u; after j steps t carries e_t + j e_ratio + j(j - 1)/2 (e_q + u) + j u. For a material term
    /// (|d| &lt;= 10, within e^-50 of its weight) of a weekly or longer contract (s &lt;= 0.05 on the 401-spot +-20 % grid,
    /// so |d_c| &lt;= 11.6) and j &lt;= 32 that is at most (138.1 + 32 x 7.2 + 496 x 3.5 + 32) u = 2,140u = 2.4e-13 of the
    /// term. Whatever the step, a lane the recurrence takes has |d| &lt;= 34.6 at both block ends, 32 steps from the centre,
    /// so s &lt;= 69.2 / 64 = 1.08 and |d_c| &lt;= 34.6 - 32 s; the bound, e_t + 32 (6 + 3 s^2 + 2 s |d_c|) u + 496 (3.5 + 2 s^2) u
    /// + 32u, is largest at s = 1.08: 3,240u = 3.6e-13. Every value is therefore within 3.6e-13 of sum_i |w_i t_i| of the
    /// exact sum at the same d (the dense sweep's own error is (2.5 + d^2) u per term), and within 2.4e-13 of it on a chain
    /// whose shortest expiry is a weekly. Those are worst cases (every rounding of one sign; measured on the SPX sample:
    /// 1.2e-15 of the gross, 1.7e-14 on the 242-contract SPY chain); the tests measure the real difference on every chain of
    /// tests/data against 1e-12 of the value plus 1e-14 of sum_i |w_i t_i|, and on a last-minutes chain against the bound.
    /// </para>
    /// <para>
    /// Underflow. A lane whose |d| at both block ends is &lt;= <see cref="RecurrenceReach"/> and whose step is at most
    /// <see cref="MaxStep"/> has every term of the block in [e^-600, 1] (e^{-d^2/2} is unimodal in k) and every ratio
    /// between normal doubles: no underflow, no subnormal. A lane with |d| &gt; 10 over the whole block (d at the low end
    /// above 10, or at the high end below -10) is left out (its terms are below e^-50 |w|) and its |w| added to
    /// <paramref name="skipped"/>[k] for each spot k of the block, the bound of <see cref="SweepBlocks"/> (the caller
    /// re-evaluates a spot densely where the skipped weight is not negligible). Any other lane (a same-day contract
    /// whose Gaussian rises from below e^-600 to material within one block) sends its group of 16 contracts through the
    /// exact path for that block: an exp per term, as the dense sweep. Contracts go 4 vectors of 4 lanes (16) at a time
    /// so that 8 independent multiply chains hide their latency; the per-spot accumulators are vectors, summed at the end.
    /// </para>
    /// </summary>
    public static void SumGrid(ReadOnlySpan<double> a, ReadOnlySpan<double> c, ReadOnlySpan<double> w, ReadOnlySpan<double> u, double h,
        Span<double> sums, Span<double> skipped) =>
        SumGridWith(a, c, w, u, h, sums, skipped, Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : 0);

    /// <summary>
    /// <see cref="SumGrid"/> with the setup width chosen: 512 (<see cref="Setup512"/>), 256 (<see cref="Setup256"/>) or 0 (no recurrence: the dense
    /// multi-spot loop, the path without 256-bit vectors). The tests run both setups on every CPU (emulated vectors where the
    /// CPU lacks them) and require the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void SumGridWith(ReadOnlySpan<double> a, ReadOnlySpan<double> c, ReadOnlySpan<double> w, ReadOnlySpan<double> u, double h,
        Span<double> sums, Span<double> skipped, int width)
    {
        var m = u.Length;
        var n = a.Length;
        Debug.Assert(c.Length == n && w.Length == n && sums.Length >= m && skipped.Length >= m && width is 0 or 256 or 512);
        if (m == 0 || n == 0) return;
        if (width == 0)
        {
            SumMany(a, c, w, u, sums[..m]);
            return;
        }
        var blocks = (m + BlockSpots - 1) / BlockSpots;
        // Zeroed on allocation (stackalloc without SkipLocalsInit, or a new array).
        Span<Vector256<double>> acc = m <= 512 ? stackalloc Vector256<double>[m] : new Vector256<double>[m];
        Span<double> skip = blocks <= 64 ? stackalloc double[blocks] : new double[blocks];
        Span<double> pad = stackalloc double[48];
        // Per group of 4 vectors: a, c, w, s = a h, q = e^{-s^2} (20 vectors); per block its recurrence state and kind.
        Span<Vector256<double>> g = stackalloc Vector256<double>[20];
        Span<Vector256<double>> state = blocks <= 32 ? stackalloc Vector256<double>[StateVectors * blocks] : new Vector256<double>[StateVectors * blocks];
        Span<byte> kind = blocks <= 64 ? stackalloc byte[blocks] : new byte[blocks];
        var wide = width == 512;
        for (var i = 0; i < n; i += 16)
        {
            LoadGroup(a, c, w, i, g, pad);
            // Every block's setup first, then every block's walk: the setups' exps are independent of each other and of the
            // walks, and done back to back they overlap in the core instead of each waiting on the walk before it.
            if (wide) Setup512(g, u, h, state, kind, skip);
            else Setup256(g, u, h, state, kind, skip);
            for (var b = 0; b < blocks; b++)
            {
                if (kind[b] == LeftOut) continue;
                var (k0, kc, k1) = BlockOf(b, m);
                if (kind[b] == ExactTerms)
                {
                    Exact(acc, u, k0, k1, g);
                    continue;
                }
                ref var st = ref state[StateVectors * b];
                ref var centre = ref acc[kc];
                centre += Unsafe.Add(ref st, 12);
                if (kc < k1) Walk(ref centre, 1, k1 - kc, ref st, ref Unsafe.Add(ref st, 4), ref g[16]);
                if (kc > k0) Walk(ref centre, -1, kc - k0, ref st, ref Unsafe.Add(ref st, 8), ref g[16]);
            }
        }
        for (var k = 0; k < m; k++)
        {
            sums[k] += Vector256.Sum(acc[k]);
            skipped[k] += skip[k / BlockSpots];
        }
    }

    /// <summary>Vectors of recurrence state per block in <see cref="SumGrid"/>: the centre terms t (4), the up ratios (4), the down ratios (4) and the sum of the t (1).</summary>
    private const int StateVectors = 13;

    /// <summary>A block of <see cref="SumGrid"/> whose 16 contracts all take the recurrence (lanes left out carry t = 0 and ratios 1).</summary>
    private const byte Recurrence = 0;

    /// <summary>A block whose 16 contracts are all left out (|d| &gt; 10 over the whole block).</summary>
    private const byte LeftOut = 1;

    /// <summary>A block with a lane the recurrence cannot take: an exp per term.</summary>
    private const byte ExactTerms = 2;

    /// <summary>Block b of an m-spot grid: its first spot, its centre and its last spot.</summary>
    private static (int K0, int Kc, int K1) BlockOf(int b, int m)
    {
        var k0 = b * BlockSpots;
        var k1 = Math.Min(k0 + BlockSpots, m) - 1;
        return (k0, k0 + (k1 - k0) / 2, k1);
    }

    /// <summary>
    /// The per-block setup of <see cref="SumGrid"/> for one group of 16 contracts (<paramref name="g"/>: a, c, w; s = a h and
    /// q = e^{-s^2} written to g[12..19]): for each block its kind, the left-out weight into <paramref name="skip"/>, and for a
    /// recurrence block the centre terms t = w e^{-d_c^2/2} (exactly as the dense sweep forms them; 0 for a lane left out), the
    /// up ratios e^{-s d_c - s^2/2} and the down ratios q / up (1 for a lane left out) and the sum of the t, into
    /// <paramref name="state"/> (<see cref="StateVectors"/> per block).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Setup256(Span<Vector256<double>> g, ReadOnlySpan<double> u, double h, Span<Vector256<double>> state, Span<byte> kind, Span<double> skip)
    {
        var m = u.Length;
        ref var ru = ref MemoryMarshal.GetReference(u);
        var hv = Vector256.Create(h);
        var floor = Vector256.Create(MinExponent);
        var ceiling = Vector256.Create(-MinExponent);
        var reach = Vector256.Create(SweepBlocks.Reach);
        var minusReach = Vector256.Create(-SweepBlocks.Reach);
        var recurrence = Vector256.Create(RecurrenceReach);
        var maxStep = Vector256.Create(MaxStep);
        var half = Vector256.Create(0.5);
        for (var v = 0; v < 4; v++)
        {
            var sv = g[v] * hv;
            g[12 + v] = sv;
            g[16 + v] = VectorExp.Bounded(VectorClamp.AtLeast(-(sv * sv), floor));
        }
        for (var b = 0; b < kind.Length; b++)
        {
            var (k0, kc, k1) = BlockOf(b, m);
            var ulo = Vector256.Create(Unsafe.Add(ref ru, k0));
            var uhi = Vector256.Create(Unsafe.Add(ref ru, k1));
            var uc = Vector256.Create(Unsafe.Add(ref ru, kc));
            uint outBits = 0, farBits = 0;
            var left = Vector256<double>.Zero;
            var sum = Vector256<double>.Zero;
            ref var st = ref state[StateVectors * b];
            for (var v = 0; v < 4; v++)
            {
                var (av, cv, wv, sv) = (g[v], g[4 + v], g[8 + v], g[12 + v]);
                var lo = Vector256.FusedMultiplyAdd(av, ulo, cv);
                var hi = Vector256.FusedMultiplyAdd(av, uhi, cv);
                // Left out: |d| > 10 on the whole block (d increases with k: a > 0).
                var o = Vector256.GreaterThan(lo, reach) | Vector256.LessThan(hi, minusReach);
                // Outside the recurrence's safe range at an end, or a step too large for its ratios, and not left out: exact.
                var f = Vector256.AndNot(Vector256.GreaterThan(VectorClamp.AtLeast(Vector256.Abs(lo), Vector256.Abs(hi)), recurrence)
                    | Vector256.GreaterThan(sv, maxStep), o);
                outBits |= Vector256.ExtractMostSignificantBits(o) << (4 * v);
                farBits |= Vector256.ExtractMostSignificantBits(f);
                left += Vector256.ConditionalSelect(o, Vector256.Abs(wv), Vector256<double>.Zero);
                // The centre term exactly as the dense sweep forms it; a lane left out carries 0 with ratios 1.
                var t = Vector256.ConditionalSelect(o, Vector256<double>.Zero, wv * Term(av, cv, uc));
                var d = Vector256.FusedMultiplyAdd(av, uc, cv);
                // Up ratio e^{-s d - s^2/2}; down ratio e^{s d - s^2/2} = q / up.
                var up = VectorExp.Bounded(VectorClamp.AtMost(VectorClamp.AtLeast(-Vector256.FusedMultiplyAdd(sv * half, sv, sv * d), floor), ceiling));
                Unsafe.Add(ref st, v) = t;
                Unsafe.Add(ref st, 4 + v) = Vector256.ConditionalSelect(o, Vector256<double>.One, up);
                Unsafe.Add(ref st, 8 + v) = Vector256.ConditionalSelect(o, Vector256<double>.One, g[16 + v] / up);
                sum += t;
            }
            Unsafe.Add(ref st, 12) = sum;
            kind[b] = Classify(outBits == 0xFFFF, farBits != 0, g, left, ref skip[b]);
        }
    }

    /// <summary>
    /// <see cref="Setup256"/> on 512-bit vectors, each lane bit for bit the 256-bit result: the same operations in the same order
    /// (<see cref="VectorExp.Bounded(Vector512{double})"/> is the same polynomial), two 8-lane vectors per group, the 256-bit
    /// vectors' sums taken in their order. A Vector512 twin of <see cref="Setup256"/>, not one generic body: its 8-lane vectors
    /// are two of the 256-bit walk's vectors each (the state is written in the walk's layout), the exp is width-specific, and
    /// the 256-bit form is the path of AVX2-only machines. The setup is most of the profile's cost (an exp pair and a division
    /// per lane and block against two multiplies per lane and spot of the walk); on Zen 4, whose 512-bit operations take one
    /// scheduler entry each, the SPX profile's kernel measured about a quarter faster with it than with the 256-bit setup.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Setup512(Span<Vector256<double>> g, ReadOnlySpan<double> u, double h, Span<Vector256<double>> state, Span<byte> kind, Span<double> skip)
    {
        var m = u.Length;
        ref var ru = ref MemoryMarshal.GetReference(u);
        // 8-lane vectors of two of g's 4-lane vectors each (a, c, w; s and q written back), read and written as their 4-lane halves,
        // the layout the walk and the exact path read (the buffers are not 64-byte aligned, so no 64-byte access straddles lines).
        var hv = Vector512.Create(h);
        var floor = Vector512.Create(MinExponent);
        var ceiling = Vector512.Create(-MinExponent);
        var reach = Vector512.Create(SweepBlocks.Reach);
        var minusReach = Vector512.Create(-SweepBlocks.Reach);
        var recurrence = Vector512.Create(RecurrenceReach);
        var maxStep = Vector512.Create(MaxStep);
        var half = Vector512.Create(0.5);
        var minusHalf = Vector512.Create(-0.5);
        var (a0, a1, c0, c1, w0, w1) = (Vector512.Create(g[0], g[1]), Vector512.Create(g[2], g[3]), Vector512.Create(g[4], g[5]),
            Vector512.Create(g[6], g[7]), Vector512.Create(g[8], g[9]), Vector512.Create(g[10], g[11]));
        var (s0, s1) = (a0 * hv, a1 * hv);
        var (q0, q1) = (VectorExp.Bounded(VectorClamp.AtLeast(-(s0 * s0), floor)), VectorExp.Bounded(VectorClamp.AtLeast(-(s1 * s1), floor)));
        Store(g, 12, s0);
        Store(g, 14, s1);
        Store(g, 16, q0);
        Store(g, 18, q1);
        for (var b = 0; b < kind.Length; b++)
        {
            var (k0, kc, k1) = BlockOf(b, m);
            var ulo = Vector512.Create(Unsafe.Add(ref ru, k0));
            var uhi = Vector512.Create(Unsafe.Add(ref ru, k1));
            var uc = Vector512.Create(Unsafe.Add(ref ru, kc));
            var lo0 = Vector512.FusedMultiplyAdd(a0, ulo, c0);
            var hi0 = Vector512.FusedMultiplyAdd(a0, uhi, c0);
            var lo1 = Vector512.FusedMultiplyAdd(a1, ulo, c1);
            var hi1 = Vector512.FusedMultiplyAdd(a1, uhi, c1);
            var o0 = Vector512.GreaterThan(lo0, reach) | Vector512.LessThan(hi0, minusReach);
            var o1 = Vector512.GreaterThan(lo1, reach) | Vector512.LessThan(hi1, minusReach);
            var f0 = Vector512.AndNot(Vector512.GreaterThan(VectorClamp.AtLeast(Vector512.Abs(lo0), Vector512.Abs(hi0)), recurrence) | Vector512.GreaterThan(s0, maxStep), o0);
            var f1 = Vector512.AndNot(Vector512.GreaterThan(VectorClamp.AtLeast(Vector512.Abs(lo1), Vector512.Abs(hi1)), recurrence) | Vector512.GreaterThan(s1, maxStep), o1);
            var d0 = Vector512.FusedMultiplyAdd(a0, uc, c0);
            var d1 = Vector512.FusedMultiplyAdd(a1, uc, c1);
            // Term(a, c, uc) as the 256-bit path forms it: d = a uc + c, e^{max(d d (-1/2), -700)}.
            var t0 = Vector512.ConditionalSelect(o0, Vector512<double>.Zero, w0 * VectorExp.Bounded(VectorClamp.AtLeast(d0 * d0 * minusHalf, floor)));
            var t1 = Vector512.ConditionalSelect(o1, Vector512<double>.Zero, w1 * VectorExp.Bounded(VectorClamp.AtLeast(d1 * d1 * minusHalf, floor)));
            var up0 = VectorExp.Bounded(VectorClamp.AtMost(VectorClamp.AtLeast(-Vector512.FusedMultiplyAdd(s0 * half, s0, s0 * d0), floor), ceiling));
            var up1 = VectorExp.Bounded(VectorClamp.AtMost(VectorClamp.AtLeast(-Vector512.FusedMultiplyAdd(s1 * half, s1, s1 * d1), floor), ceiling));
            var st = state.Slice(StateVectors * b, StateVectors);
            Store(st, 0, t0);
            Store(st, 2, t1);
            Store(st, 4, Vector512.ConditionalSelect(o0, Vector512<double>.One, up0));
            Store(st, 6, Vector512.ConditionalSelect(o1, Vector512<double>.One, up1));
            Store(st, 8, Vector512.ConditionalSelect(o0, Vector512<double>.One, q0 / up0));
            Store(st, 10, Vector512.ConditionalSelect(o1, Vector512<double>.One, q1 / up1));
            st[12] = Vector256<double>.Zero + t0.GetLower() + t0.GetUpper() + t1.GetLower() + t1.GetUpper();
            var l0 = Vector512.ConditionalSelect(o0, Vector512.Abs(w0), Vector512<double>.Zero);
            var l1 = Vector512.ConditionalSelect(o1, Vector512.Abs(w1), Vector512<double>.Zero);
            var left = Vector256<double>.Zero + l0.GetLower() + l0.GetUpper() + l1.GetLower() + l1.GetUpper();
            var allOut = (Vector512.ExtractMostSignificantBits(o0) & Vector512.ExtractMostSignificantBits(o1)) == 0xFF;
            kind[b] = Classify(allOut, Vector512.ExtractMostSignificantBits(f0 | f1) != 0, g, left, ref skip[b]);
        }
    }

    /// <summary>The 8 lanes of <paramref name="v"/> into the 4-lane vectors <paramref name="into"/>[k] and [k + 1].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Span<Vector256<double>> into, int k, Vector512<double> v)
    {
        into[k] = v.GetLower();
        into[k + 1] = v.GetUpper();
    }

    /// <summary>A block's kind from its masks, adding its left-out weight to <paramref name="skip"/>: all 16 lanes' |w| when every lane is left out, <paramref name="left"/> for a recurrence block, nothing for an exact one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte Classify(bool allOut, bool far, Span<Vector256<double>> g, Vector256<double> left, ref double skip)
    {
        if (allOut)
        {
            skip += Vector256.Sum(Vector256.Abs(g[8]) + Vector256.Abs(g[9]) + Vector256.Abs(g[10]) + Vector256.Abs(g[11]));
            return LeftOut;
        }
        if (far) return ExactTerms;
        skip += Vector256.Sum(left);
        return Recurrence;
    }

    /// <summary>
    /// <paramref name="count"/> recurrence steps from the block centre <paramref name="centre"/> (<paramref name="step"/> = +1 up,
    /// -1 down): t *= r, acc += t, r *= q per vector, from the 4 vectors each at <paramref name="x"/>, <paramref name="r"/> and
    /// <paramref name="q"/>. A method of its own so that its 12 vectors stay in registers (inlined into <see cref="SumGrid"/>
    /// the JIT kept them on the stack, several times slower). 256-bit on every CPU: two multiplies per lane and step keep the
    /// multiply units busy at either width, and a 512-bit walk (two vectors [t0 | t2], [t1 | t3], summed as the 256-bit one)
    /// measured 10 % slower on Zen 4.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Walk(ref Vector256<double> centre, nint step, int count, ref Vector256<double> x, ref Vector256<double> r, ref Vector256<double> q)
    {
        var (x0, x1, x2, x3) = (x, Unsafe.Add(ref x, 1), Unsafe.Add(ref x, 2), Unsafe.Add(ref x, 3));
        var (r0, r1, r2, r3) = (r, Unsafe.Add(ref r, 1), Unsafe.Add(ref r, 2), Unsafe.Add(ref r, 3));
        var (q0, q1, q2, q3) = (q, Unsafe.Add(ref q, 1), Unsafe.Add(ref q, 2), Unsafe.Add(ref q, 3));
        ref var at = ref centre;
        for (var j = 0; j < count; j++)
        {
            x0 *= r0;
            x1 *= r1;
            x2 *= r2;
            x3 *= r3;
            at = ref Unsafe.Add(ref at, step);
            at += (x0 + x1) + (x2 + x3);
            r0 *= q0;
            r1 *= q1;
            r2 *= q2;
            r3 *= q3;
        }
    }

    /// <summary>The exact path of <see cref="SumGrid"/> for one group of 16 contracts (<paramref name="g"/>: a, c, w vectors) over the spots [k0, k1]: an exp per term, as the dense sweep.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Exact(Span<Vector256<double>> acc, ReadOnlySpan<double> u, int k0, int k1, ReadOnlySpan<Vector256<double>> g)
    {
        for (var k = k0; k <= k1; k++)
        {
            var x = Vector256.Create(u[k]);
            var v = g[8] * Term(g[0], g[4], x);
            v = Vector256.FusedMultiplyAdd(g[9], Term(g[1], g[5], x), v);
            v = Vector256.FusedMultiplyAdd(g[10], Term(g[2], g[6], x), v);
            v = Vector256.FusedMultiplyAdd(g[11], Term(g[3], g[7], x), v);
            acc[k] += v;
        }
    }

    /// <summary>Most coarse points <see cref="Bounds"/> takes (37 intervals: at most 19 recurrence steps from the centre, the error bound below).</summary>
    internal const int MaxCoarsePoints = 38;

    /// <summary>
    /// The coarse scan of the zero-gamma search (<see cref="Levels.ZeroGamma.Crossings"/>): at the m = <paramref name="net"/>.Length
    /// points v_j = <paramref name="v0"/> + j <paramref name="step"/> (m &lt;= <see cref="MaxCoarsePoints"/>),
    /// <paramref name="net"/>[j] += F(v_j) = sum_i w_i e^{-d_i^2/2} (d_i = a_i v + c_i), and for each interval [v_j, v_{j+1}] <paramref name="slope"/>[j] += sum_i |w_i| a_i max over the
    /// interval of |d_i| e^{-d_i^2/2}: a bound on how fast F (and the gross G = sum_i |w_i| e^{-d_i^2/2}) can change there.
    /// <para>
    /// The slope bound. F'(v) = -sum_i w_i a_i d_i e^{-d_i^2/2}, so |F'(v)| &lt;= sum_i |w_i| a_i g(d_i(v)) with g(d) = |d| e^{-d^2/2}
    /// (a_i = 1 / (sigma sqrt T) &gt; 0), and the same holds for the gross' derivative. g is increasing on [0, 1] and decreasing
    /// on [1, inf), even, and at most e^{-1/2} (at |d| = 1). d_i is increasing in v, so over an interval d_i sweeps
    /// [d_lo, d_hi] (its values at the ends): if that range holds 1 or -1, the maximum of g is e^{-1/2}; otherwise the range
    /// lies inside one of (-inf, -1), (-1, 1), (1, inf), where g is monotone or (on (-1, 1)) falls to 0 at d = 0 and rises again,
    /// so its maximum is at an end: max(g(d_lo), g(d_hi)), and |w| g(d) = |d| |w e^{-d^2/2}| is the end's own term times |d|.
    /// With L_j the exact value of <paramref name="slope"/>[j]: |F(v) - F(v_j)| &lt;= L_j (v - v_j) on the interval.
    /// </para>
    /// <para>
    /// The terms at the points. A lane whose |d| at both ends of the coarse grid is at most 34.6 (as in <see cref="SumGrid"/>,
    /// every term is then in [e^-600, 1]: no underflow) takes the recurrence of <see cref="SumGrid"/> on this grid (step
    /// s = a <paramref name="step"/>, at most 69.2 / 37 = 1.87 because d spans at most 69.2 over 37 intervals) from the centre
    /// point, at most 19 steps each way; else its vector of 4 lanes takes an exp per point (<see cref="Term(Vector256{double}, Vector256{double}, Vector256{double})"/>,
    /// relative error (2.5 + d^2) u for d^2/2 &lt;= 700 and an absolute error below |w| e^-700 for the clamped ones). With
    /// the error terms of <see cref="SumGrid"/> (u = 2^-53, |d_c| &lt;= 34.6, s &lt;= 1.87): centre term (3.5 + 34.6^2) u = 1,201u,
    /// up ratio (2.5 + 2 x 1.87 x 34.6 + 1.87^2) u = 135u, q (2.5 + 2 x 1.87^2) u = 9.5u; after j &lt;= 19 steps
    /// 1,201u + 19 x 135u + 171 x 10.5u + 19u = 5,600u &lt;= 6.3e-13 of each term. Each point's value is therefore within
    /// 6.3e-13 of its gross G of the exact sum at the same d (plus the summation's n u of the gross, |w| e^-700 per clamped
    /// lane); the caller's certificate (<see cref="Levels.ZeroGamma"/>) allows 1e-9.
    /// </para>
    /// Requires 256-bit vectors (callers check <see cref="Vector256.IsHardwareAccelerated"/>). No allocation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Bounds(ReadOnlySpan<double> a, ReadOnlySpan<double> c, ReadOnlySpan<double> w, double v0, double step,
        Span<double> net, Span<double> slope)
    {
        var m = net.Length;
        var n = a.Length;
        Debug.Assert(c.Length == n && w.Length == n && slope.Length >= m - 1 && m is >= 2 and <= MaxCoarsePoints);
        // Per group of 4 vectors (16 contracts): the terms at every point (4 x m), a, c, |w|, and the previous point's d and |d| |x|.
        Span<Vector256<double>> x = stackalloc Vector256<double>[4 * MaxCoarsePoints];
        Span<Vector256<double>> v = stackalloc Vector256<double>[MaxCoarsePoints];
        Span<Vector256<double>> acc = stackalloc Vector256<double>[2 * MaxCoarsePoints];
        Span<Vector256<double>> lane = stackalloc Vector256<double>[20];
        acc.Clear();
        for (var j = 0; j < m; j++) v[j] = Vector256.Create(v0 + j * step);
        Span<double> pad = stackalloc double[48];
        var hv = Vector256.Create(step);
        var floor = Vector256.Create(MinExponent);
        var ceiling = Vector256.Create(-MinExponent);
        var recurrence = Vector256.Create(RecurrenceReach);
        var maxStep = Vector256.Create(MaxStep);
        var half = Vector256.Create(0.5);
        var peak = Vector256.Create(Math.Exp(-0.5));
        var kc = (m - 1) / 2;
        ref var rx = ref MemoryMarshal.GetReference(x);
        ref var rv = ref MemoryMarshal.GetReference(v);
        ref var racc = ref MemoryMarshal.GetReference(acc);
        ref var rl = ref MemoryMarshal.GetReference(lane);
        for (var i = 0; i < n; i += 16)
        {
            LoadGroup(a, c, w, i, lane, pad);
            for (var q = 0; q < 4; q++)
            {
                var (av, cv, wv) = (lane[q], lane[4 + q], lane[8 + q]);
                ref var xq = ref Unsafe.Add(ref rx, q * MaxCoarsePoints);
                var sv = av * hv;
                var lo = Vector256.FusedMultiplyAdd(av, v[0], cv);
                var hi = Vector256.FusedMultiplyAdd(av, v[m - 1], cv);
                var far = Vector256.GreaterThan(VectorClamp.AtLeast(Vector256.Abs(lo), Vector256.Abs(hi)), recurrence) | Vector256.GreaterThan(sv, maxStep);
                if (far == Vector256<double>.Zero)
                {
                    var d = Vector256.FusedMultiplyAdd(av, v[kc], cv);
                    var t = wv * Term(av, cv, v[kc]);
                    var up = VectorExp.Bounded(VectorClamp.AtMost(VectorClamp.AtLeast(-Vector256.FusedMultiplyAdd(sv * half, sv, sv * d), floor), ceiling));
                    var ratio = VectorExp.Bounded(VectorClamp.AtLeast(-(sv * sv), floor));
                    var down = ratio / up;
                    Unsafe.Add(ref xq, kc) = t;
                    var (tu, ru) = (t, up);
                    for (var j = kc + 1; j < m; j++)
                    {
                        tu *= ru;
                        Unsafe.Add(ref xq, j) = tu;
                        ru *= ratio;
                    }
                    var (td, rd) = (t, down);
                    for (var j = kc - 1; j >= 0; j--)
                    {
                        td *= rd;
                        Unsafe.Add(ref xq, j) = td;
                        rd *= ratio;
                    }
                }
                else
                {
                    for (var j = 0; j < m; j++) Unsafe.Add(ref xq, j) = wv * Term(av, cv, Unsafe.Add(ref rv, j));
                }
                lane[8 + q] = peak * Vector256.Abs(wv);
            }
            ref var slopes = ref Unsafe.Add(ref racc, MaxCoarsePoints);
            BoundPair(ref rx, ref Unsafe.Add(ref rx, MaxCoarsePoints), lane[0], lane[4], lane[8], lane[1], lane[5], lane[9], ref rv, m, ref racc, ref slopes);
            BoundPair(ref Unsafe.Add(ref rx, 2 * MaxCoarsePoints), ref Unsafe.Add(ref rx, 3 * MaxCoarsePoints), lane[2], lane[6], lane[10], lane[3], lane[7], lane[11], ref rv, m, ref racc, ref slopes);
        }
        for (var j = 0; j < m; j++)
        {
            net[j] += Vector256.Sum(acc[j]);
            if (j + 1 < m) slope[j] += Vector256.Sum(acc[MaxCoarsePoints + j]);
        }
    }

    /// <summary>
    /// The sums and slope bounds of <see cref="Bounds"/> for two vectors of terms <paramref name="x0"/>, <paramref name="x1"/>
    /// (m points each) with their a, c and e^{-1/2} |w|: f[j] += x_j, slope[j - 1] += a max over [d_{j-1}, d_j] of |d| |w| e^{-d^2/2}.
    /// A method of its own so that the twelve vectors of state stay in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void BoundPair(ref Vector256<double> x0, ref Vector256<double> x1,
        Vector256<double> a0, Vector256<double> c0, Vector256<double> peak0, Vector256<double> a1, Vector256<double> c1, Vector256<double> peak1,
        ref Vector256<double> v, int m, ref Vector256<double> f, ref Vector256<double> slope)
    {
        var one = Vector256<double>.One;
        var t0 = x0;
        var t1 = x1;
        var d0 = Vector256.FusedMultiplyAdd(a0, v, c0);
        var d1 = Vector256.FusedMultiplyAdd(a1, v, c1);
        var y0 = Vector256.Abs(d0) * Vector256.Abs(t0);
        var y1 = Vector256.Abs(d1) * Vector256.Abs(t1);
        // d rises with j (a > 0): the interval [d_{j-1}, d_j] holds 1 exactly when d_{j-1} < 1 <= d_j (d_{j-1} = 1 is the end's own term), -1 likewise.
        var above0 = Vector256.GreaterThanOrEqual(d0, one);
        var above1 = Vector256.GreaterThanOrEqual(d1, one);
        var aboveM0 = Vector256.GreaterThanOrEqual(d0, -one);
        var aboveM1 = Vector256.GreaterThanOrEqual(d1, -one);
        f += t0 + t1;
        for (var j = 1; j < m; j++)
        {
            var vj = Unsafe.Add(ref v, j);
            t0 = Unsafe.Add(ref x0, j);
            t1 = Unsafe.Add(ref x1, j);
            d0 = Vector256.FusedMultiplyAdd(a0, vj, c0);
            d1 = Vector256.FusedMultiplyAdd(a1, vj, c1);
            var z0 = Vector256.Abs(d0) * Vector256.Abs(t0);
            var z1 = Vector256.Abs(d1) * Vector256.Abs(t1);
            var up0 = Vector256.GreaterThanOrEqual(d0, one);
            var up1 = Vector256.GreaterThanOrEqual(d1, one);
            var upM0 = Vector256.GreaterThanOrEqual(d0, -one);
            var upM1 = Vector256.GreaterThanOrEqual(d1, -one);
            var g0 = Vector256.ConditionalSelect(Vector256.AndNot(up0, above0) | Vector256.AndNot(upM0, aboveM0), peak0, VectorClamp.AtLeast(y0, z0));
            var g1 = Vector256.ConditionalSelect(Vector256.AndNot(up1, above1) | Vector256.AndNot(upM1, aboveM1), peak1, VectorClamp.AtLeast(y1, z1));
            Unsafe.Add(ref slope, j - 1) += Vector256.FusedMultiplyAdd(a0, g0, a1 * g1);
            Unsafe.Add(ref f, j) += t0 + t1;
            (y0, y1, above0, above1, aboveM0, aboveM1) = (z0, z1, up0, up1, upM0, upM1);
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
        return VectorExp.NonPositive(VectorClamp.AtLeast(d * d * Vector512.Create(-0.5), Vector512.Create(MinExponent)));
    }

    /// <summary>exp(max(-(a lnS + c)^2 / 2, -700)) per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<double> Term(Vector256<double> a, Vector256<double> c, Vector256<double> lnS)
    {
        var d = Vector256.FusedMultiplyAdd(a, lnS, c);
        return VectorExp.NonPositive(VectorClamp.AtLeast(d * d * Vector256.Create(-0.5), Vector256.Create(MinExponent)));
    }

    /// <summary>
    /// Contracts i to i + 15 of the columns as 4 vectors each of a, c and w (into[0..3], into[4..7], into[8..11]); past the
    /// end of the columns, zero-weight lanes (a = c = w = 0: d = 0, a term of 0, slope contributions 0), through
    /// <paramref name="pad"/> (48 doubles).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LoadGroup(ReadOnlySpan<double> a, ReadOnlySpan<double> c, ReadOnlySpan<double> w, int i, Span<Vector256<double>> into, Span<double> pad)
    {
        if (i + 16 > a.Length)
        {
            pad.Clear();
            a[i..].CopyTo(pad);
            c[i..].CopyTo(pad[16..]);
            w[i..].CopyTo(pad[32..]);
            a = pad[..16];
            c = pad[16..32];
            w = pad[32..];
            i = 0;
        }
        for (var v = 0; v < 4; v++)
        {
            into[v] = Vector256.Create(a.Slice(i + 4 * v, 4));
            into[4 + v] = Vector256.Create(c.Slice(i + 4 * v, 4));
            into[8 + v] = Vector256.Create(w.Slice(i + 4 * v, 4));
        }
    }
}
