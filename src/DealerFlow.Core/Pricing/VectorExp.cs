using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DealerFlow.Core.Pricing;

/// <summary>
/// e^x per vector lane for x in [-700, 0], the only range the sweeps feed it (callers clamp). The
/// classic reduction x = n ln 2 + r, |r| &lt;= ln 2 / 2 (n by the 1.5 x 2^52 rounding trick, ln 2 in
/// fdlibm's two-part split so n ln2_hi is exact), e^r by its degree-13 Taylor polynomial in FMA
/// form by Estrin's scheme (truncation below 5e-18 relative; 5 dependent operations deep instead of Horner's
/// 13, which measured 8-20 % faster greeks on AVX2, docs/performance.md), and 2^n put straight into the exponent bits.
/// With AVX-512 the reduction is by ln 2 / 8 instead, 2^(j/8) comes from an 8-entry table held in
/// one register (vpermpd), and e^r needs only degree 8 (|r| &lt;= 0.0434, truncation 1.5e-18): 11
/// FMAs instead of 16. The two forms are not one generic body: the table form needs
/// <see cref="Avx512F.PermuteVar8x64(Vector512{double}, Vector512{long})"/>, which no width-generic API offers
/// at its cost (a 256-bit vpermpd holds half the table), and the degree-13 form is the one AVX2 can run. Measured (docs/performance.md): 0.36 ns per lane against 0.47 for the
/// degree-13 form and 2.3-2.8 for <see cref="Vector512.Exp(Vector512{double})"/>, which also
/// range-checks every call. Accuracy within 2 ulps of <see cref="Math.Exp"/> (tested). Outside
/// [-708, 0] the result is wrong: never call it there.
/// </summary>
internal static class VectorExp
{
    private const double Log2E = 1.4426950408889634074;
    private const double Ln2Hi = 6.93147180369123816490e-01;
    private const double Ln2Lo = 1.90821492927058770002e-10;
    private const double Shifter = 6755399441055744.0; // 1.5 x 2^52
    private const double C2 = 1.0 / 2;
    private const double C3 = 1.0 / 6;
    private const double C4 = 1.0 / 24;
    private const double C5 = 1.0 / 120;
    private const double C6 = 1.0 / 720;
    private const double C7 = 1.0 / 5040;
    private const double C8 = 1.0 / 40320;
    private const double C9 = 1.0 / 362880;
    private const double C10 = 1.0 / 3628800;
    private const double C11 = 1.0 / 39916800;
    private const double C12 = 1.0 / 479001600;
    private const double C13 = 1.0 / 6227020800;

    /// <summary>
    /// e^x per lane for x in [-700, 0]: with AVX-512 the table form (<see cref="NonPositiveTable"/>); otherwise the two
    /// 256-bit halves through <see cref="Bounded(Vector256{double})"/> (Vector512 is accelerated only with AVX-512 on x86, so that branch runs
    /// only where Vector512 is emulated, as in the tests on an AVX2 machine). One polynomial per width, no twin.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> NonPositive(Vector512<double> x) =>
        Avx512F.IsSupported ? NonPositiveTable(x) : Vector512.Create(Bounded(x.GetLower()), Bounded(x.GetUpper()));

    /// <summary>The AVX-512 form: ln 2 / 8 reduction, 2^(j/8) from a register table, degree-8 polynomial.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> NonPositiveTable(Vector512<double> x)
    {
        var dn = Vector512.FusedMultiplyAdd(x, Vector512.Create(8 * Log2E), Vector512.Create(Shifter));
        var bits = dn.AsUInt64();
        dn -= Vector512.Create(Shifter);
        var r = Vector512.FusedMultiplyAdd(dn, Vector512.Create(-Ln2Hi / 8), x);
        r = Vector512.FusedMultiplyAdd(dn, Vector512.Create(-Ln2Lo / 8), r);
        var p = Vector512.FusedMultiplyAdd(Vector512.Create(C8), r, Vector512.Create(C7));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(C6));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(C5));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(C4));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(C3));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(C2));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512<double>.One);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512<double>.One);
        // n = 8m + j: 2^(j/8) from the table (rounded to nearest double), 2^m into the exponent bits.
        var table = Vector512.Create(1.0, 1.0905077326652576592, 1.1892071150027210667, 1.2968395546510096659,
            1.4142135623730950488, 1.5422108254079408236, 1.6817928305074290861, 1.8340080864093424635);
        var t = Avx512F.PermuteVar8x64(table, (bits & Vector512.Create(7UL)).AsInt64());
        var scale = Vector512.ShiftLeft(Vector512.ShiftRightLogical(bits, 3) + Vector512.Create(1023UL), 52).AsDouble();
        return p * t * scale;
    }

    /// <summary>e^x per lane for x in [-700, 0] (the 256-bit form; callers clamp): <see cref="Bounded(Vector256{double})"/>, which the range needs no more than.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> NonPositive(Vector256<double> x) => Bounded(x);

    /// <summary>
    /// e^x per lane for x in [-708, 708] (callers clamp), the degree-13 form: the reduction and the exponent-bit scaling hold
    /// for either sign (n = round(x / ln 2) stays in [-1021, 1021], so n + 1023 is a normal biased exponent), so the
    /// recurrence of <see cref="Exposure.SweepKernel.SumGrid"/> can take e^x of its positive step ratios from here. Within 2 ulps of
    /// <see cref="Math.Exp"/> over the whole range (tested).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Bounded(Vector256<double> x)
    {
        var dn = Vector256.FusedMultiplyAdd(x, Vector256.Create(Log2E), Vector256.Create(Shifter));
        var bits = dn.AsUInt64();
        dn -= Vector256.Create(Shifter);
        var r = Vector256.FusedMultiplyAdd(dn, Vector256.Create(-Ln2Hi), x);
        r = Vector256.FusedMultiplyAdd(dn, Vector256.Create(-Ln2Lo), r);
        // Estrin's scheme: pairs of coefficients, then r^2, r^4 and r^8 join them, 5 operations deep instead of Horner's 13.
        var r2 = r * r;
        var r4 = r2 * r2;
        var q0 = Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(Vector256.Create(C3), r, Vector256.Create(C2)), r2, r + Vector256<double>.One);
        var q1 = Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(Vector256.Create(C7), r, Vector256.Create(C6)), r2, Vector256.FusedMultiplyAdd(Vector256.Create(C5), r, Vector256.Create(C4)));
        var q2 = Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(Vector256.Create(C11), r, Vector256.Create(C10)), r2, Vector256.FusedMultiplyAdd(Vector256.Create(C9), r, Vector256.Create(C8)));
        var q3 = Vector256.FusedMultiplyAdd(Vector256.Create(C13), r, Vector256.Create(C12));
        var p = Vector256.FusedMultiplyAdd(Vector256.FusedMultiplyAdd(q3, r4, q2), r4 * r4, Vector256.FusedMultiplyAdd(q1, r4, q0));
        var scale = Vector256.ShiftLeft(bits + Vector256.Create(1023UL), 52).AsDouble();
        return p * scale;
    }

    /// <summary>
    /// <see cref="Bounded(Vector256{double})"/> on 8 lanes, the same operations in the same order, so each lane is bit for bit
    /// the 256-bit result. A Vector512 twin, not one generic body: the 512-bit recurrence setup of
    /// <see cref="Exposure.SweepKernel.SumGrid"/> must give the very values of its 256-bit path (the profile's values may not depend
    /// on the CPU's vector width beyond what the sweeps already do), and no width-generic API offers the double-to-bits
    /// reinterpretation and the 64-bit shift this needs. Call only where <see cref="Vector512.IsHardwareAccelerated"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Bounded(Vector512<double> x)
    {
        var dn = Vector512.FusedMultiplyAdd(x, Vector512.Create(Log2E), Vector512.Create(Shifter));
        var bits = dn.AsUInt64();
        dn -= Vector512.Create(Shifter);
        var r = Vector512.FusedMultiplyAdd(dn, Vector512.Create(-Ln2Hi), x);
        r = Vector512.FusedMultiplyAdd(dn, Vector512.Create(-Ln2Lo), r);
        // Estrin's scheme: pairs of coefficients, then r^2, r^4 and r^8 join them, 5 operations deep instead of Horner's 13.
        var r2 = r * r;
        var r4 = r2 * r2;
        var q0 = Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.Create(C3), r, Vector512.Create(C2)), r2, r + Vector512<double>.One);
        var q1 = Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.Create(C7), r, Vector512.Create(C6)), r2, Vector512.FusedMultiplyAdd(Vector512.Create(C5), r, Vector512.Create(C4)));
        var q2 = Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(Vector512.Create(C11), r, Vector512.Create(C10)), r2, Vector512.FusedMultiplyAdd(Vector512.Create(C9), r, Vector512.Create(C8)));
        var q3 = Vector512.FusedMultiplyAdd(Vector512.Create(C13), r, Vector512.Create(C12));
        var p = Vector512.FusedMultiplyAdd(Vector512.FusedMultiplyAdd(q3, r4, q2), r4 * r4, Vector512.FusedMultiplyAdd(q1, r4, q0));
        var scale = Vector512.ShiftLeft(bits + Vector512.Create(1023UL), 52).AsDouble();
        return p * scale;
    }
}
