using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DealerFlow.Core.Tests.Pricing;

/// <summary>
/// Which SIMD width Core's kernels run at in this test process: 512 (the Vector512 loops), 256 (the Vector256 loops) or 0
/// (the scalar tails). .ci/run runs Core's tests three times and names the width it asks each leg for in
/// DEALERFLOW_EXPECT_VECTOR_BITS; this test fails a leg whose runtime knob did not take, as DOTNET_EnableAVX512F=0 no longer
/// does on .NET 10 (the runtime kept 512-bit vectors, so that leg ran the AVX-512 paths a second time and never the 256-bit ones).
/// </summary>
public class VectorWidthTests
{
    [Fact]
    public void Kernels_RunAtTheWidthThisRunAskedFor()
    {
        var actual = Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : 0;
        var cpu = CpuWidest();
        if (Environment.GetEnvironmentVariable("DEALERFLOW_EXPECT_VECTOR_BITS") is { Length: > 0 } asked)
        {
            Assert.True(int.TryParse(asked, out var expected) && expected is 0 or 256 or 512,
                $"DEALERFLOW_EXPECT_VECTOR_BITS={asked}: expected 0, 256 or 512.");
            // A leg asks for at most what it narrows to: on a CPU without AVX-512 the 256-bit leg runs what the first run did.
            Assert.Equal(Math.Min(expected, cpu), actual);
            return;
        }
        // No width asked for: the runtime may keep 256 bits on an AVX-512 CPU (it does on some that slow down at 512 bits),
        // but never runs wider than the CPU or narrower than its AVX2.
        Assert.True(actual <= cpu && actual >= Math.Min(cpu, 256),
            $"The kernels run at {actual} bits on a CPU with {cpu}-bit vectors. Narrowed on purpose (DOTNET_Enable...=0)? Say so in DEALERFLOW_EXPECT_VECTOR_BITS.");
    }

    [Theory]
    [InlineData("flags\t\t: fpu sse2 avx avx2 fma avx512f avx512dq avx512cd avx512bw avx512vl\n", 512)]
    [InlineData("flags\t\t: fpu sse2 avx avx2 fma avx512f\n", 256)]
    [InlineData("flags\t\t: fpu sse2 avx avx2 fma\n", 256)]
    [InlineData("flags\t\t: fpu sse2 sse4_2 avx\n", 0)]
    [InlineData("processor\t: 0\n", 0)]
    public void WidestFromCpuInfo_NeedsAvx2ForVector256AndTheFiveAvx512SetsFor512(string cpuinfo, int widest) =>
        Assert.Equal(widest, WidestFromCpuInfo(cpuinfo));

    /// <summary>The widest vectors Core's kernels can use on this CPU, from the kernel's view of it (/proc/cpuinfo) where there is one.</summary>
    private static int CpuWidest()
    {
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64) return 0;
        if (File.Exists("/proc/cpuinfo")) return WidestFromCpuInfo(File.ReadAllText("/proc/cpuinfo"));
        // CPUID leaf 7: EBX bit 5 AVX2; bits 16, 17, 28, 30, 31 AVX-512 F, DQ, CD, BW, VL. Not callable with every intrinsic off.
        Assert.True(X86Base.IsSupported, "Without /proc/cpuinfo and with hardware intrinsics off, set DEALERFLOW_EXPECT_VECTOR_BITS.");
        var ebx = (uint)X86Base.CpuId(7, 0).Ebx;
        const uint avx512 = (1u << 16) | (1u << 17) | (1u << 28) | (1u << 30) | (1u << 31);
        return (ebx & avx512) == avx512 ? 512 : (ebx & (1u << 5)) != 0 ? 256 : 0;
    }

    private static int WidestFromCpuInfo(string cpuinfo)
    {
        var line = cpuinfo.Split('\n').FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal)) ?? "";
        var flags = line[(line.IndexOf(':') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        if (new[] { "avx512f", "avx512dq", "avx512cd", "avx512bw", "avx512vl" }.All(flags.Contains)) return 512;
        return flags.Contains("avx2") ? 256 : 0;
    }
}
