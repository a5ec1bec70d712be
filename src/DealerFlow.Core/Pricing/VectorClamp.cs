using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DealerFlow.Core.Pricing;

/// <summary>
/// Lane-wise max and min for the kernels' clamps, as one vmaxpd / vminpd. Since .NET 9 <see cref="Vector256.Max{T}(Vector256{T}, Vector256{T})"/>
/// is the IEEE 754:2019 maximum (a NaN in either lane wins, -0 &lt; +0): on AVX2 the JIT emits eight instructions for it
/// (three compares, a 64-bit integer compare, and, two ors and a blend), which in the profile's per-block setup was a
/// quarter of its instructions (`DOTNET_JitDisasm=Setup256`, 2026-12-04). The native forms differ only on NaN and on a
/// tie of -0 and +0. The value being clamped goes second: x86 returns the second operand when either is NaN, so a NaN
/// still propagates (ARM's fmax/fmin propagate NaN either way; tested). The clamps here never meet a tie of zeros with
/// different signs: a floor of -700, a ceiling of 700 and magnitudes.
/// </summary>
internal static class VectorClamp
{
    /// <summary>max(x, floor) per lane; NaN in x stays NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> AtLeast(Vector256<double> x, Vector256<double> floor) => Vector256.MaxNative(floor, x);

    /// <summary>min(x, ceiling) per lane; NaN in x stays NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> AtMost(Vector256<double> x, Vector256<double> ceiling) => Vector256.MinNative(ceiling, x);

    /// <summary>max(x, floor) per lane on 8 lanes; NaN in x stays NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> AtLeast(Vector512<double> x, Vector512<double> floor) => Vector512.MaxNative(floor, x);

    /// <summary>min(x, ceiling) per lane on 8 lanes; NaN in x stays NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> AtMost(Vector512<double> x, Vector512<double> ceiling) => Vector512.MinNative(ceiling, x);
}
