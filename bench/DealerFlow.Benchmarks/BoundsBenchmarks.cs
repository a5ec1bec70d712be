using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using DealerFlow.Core.Exposure;
using DealerFlow.Core.Pricing;

namespace DealerFlow.Benchmarks;

/// <summary>
/// What bounds the sweep: exp throughput (the vector exp the kernels use, .NET's Vector512.Exp and
/// Math.Exp over the same arguments) and the sweep's memory stream without the exp (three column
/// loads and two FMAs per lane). Every method handles <see cref="Lanes"/> lanes: ns per lane = mean / Lanes.
/// </summary>
public class BoundsBenchmarks
{
    private double[] _x = [];
    private double[] _a = [];
    private double[] _c = [];
    private double[] _w = [];

    /// <summary>15,008 lanes: about the SPX chain (in L2); 1,000,000: streams from memory.</summary>
    [Params(15_008, 1_000_000)]
    public int Lanes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(1);
        _x = Enumerable.Range(0, Lanes).Select(_ => -40 * rng.NextDouble()).ToArray();
        _a = Enumerable.Range(0, Lanes).Select(_ => 5 + 100 * rng.NextDouble()).ToArray();
        _c = _a.Select(a => -a * Math.Log(4700 * (0.8 + 0.4 * rng.NextDouble()))).ToArray();
        _w = Enumerable.Range(0, Lanes).Select(_ => rng.NextDouble() - 0.5).ToArray();
    }

    [Benchmark]
    public double VectorExpKernel()
    {
        if (!Vector512.IsHardwareAccelerated) return double.NaN;
        ref var r = ref MemoryMarshal.GetArrayDataReference(_x);
        Vector512<double> acc0 = default, acc1 = default;
        for (var i = 0; i <= _x.Length - 16; i += 16)
        {
            acc0 += VectorExp.NonPositive(Vector512.LoadUnsafe(ref r, (nuint)i));
            acc1 += VectorExp.NonPositive(Vector512.LoadUnsafe(ref r, (nuint)(i + 8)));
        }
        return Vector512.Sum(acc0 + acc1);
    }

    [Benchmark]
    public double DotNetVector512Exp()
    {
        ref var r = ref MemoryMarshal.GetArrayDataReference(_x);
        Vector512<double> acc0 = default, acc1 = default;
        for (var i = 0; i <= _x.Length - 16; i += 16)
        {
            acc0 += Vector512.Exp(Vector512.LoadUnsafe(ref r, (nuint)i));
            acc1 += Vector512.Exp(Vector512.LoadUnsafe(ref r, (nuint)(i + 8)));
        }
        return Vector512.Sum(acc0 + acc1);
    }

    [Benchmark(Baseline = true)]
    public double MathExp()
    {
        var sum = 0.0;
        foreach (var x in _x) sum += Math.Exp(x);
        return sum;
    }

    /// <summary>The sweep's loads and FMAs with the exp left out: the memory / L2 side of the bound.</summary>
    [Benchmark]
    public double SweepWithoutExp()
    {
        ref var ra = ref MemoryMarshal.GetArrayDataReference(_a);
        ref var rc = ref MemoryMarshal.GetArrayDataReference(_c);
        ref var rw = ref MemoryMarshal.GetArrayDataReference(_w);
        var l = Vector512.Create(Math.Log(4700.0));
        Vector512<double> acc0 = default, acc1 = default;
        for (var i = 0; i <= _a.Length - 16; i += 16)
        {
            var d0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref ra, (nuint)i), l, Vector512.LoadUnsafe(ref rc, (nuint)i));
            var d1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref ra, (nuint)(i + 8)), l, Vector512.LoadUnsafe(ref rc, (nuint)(i + 8)));
            acc0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref rw, (nuint)i), d0 * d0, acc0);
            acc1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref rw, (nuint)(i + 8)), d1 * d1, acc1);
        }
        return Vector512.Sum(acc0 + acc1);
    }

    /// <summary>The full single-spot sweep over the same columns (exp included).</summary>
    [Benchmark]
    public double SweepSingleSpot() => SweepKernel.Sum(_a, _c, _w, Math.Log(4700.0));

}
