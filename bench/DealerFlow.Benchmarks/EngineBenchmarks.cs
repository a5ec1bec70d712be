using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using DealerFlow.Core.Chain;
using DealerFlow.Core.Exposure;
using DealerFlow.Core.Levels;
using DealerFlow.Core.Pricing;

namespace DealerFlow.Benchmarks;

/// <summary>
/// The engine on a priced chain, each operation beside the scalar reference of the same maths
/// (the category's baseline). Per-contract figures: mean / contracts (printed at setup); the
/// profile: mean / (contracts x 401). Chains: the real SPX chain, a small synthetic chain whose
/// columns sit in L1/L2, and a large one that streams from memory, so a per-contract cost that
/// grows with size shows a memory bound and one that stays flat shows a compute bound.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class EngineBenchmarks
{
    private PricedChain _chain = null!;
    private SpotGrid _grid = SpotGrid.Around(1, 0.2, 401);
    private double[] _values = [];
    private double[] _greeks = [];
    private (OptionType Type, double Price, double Strike, double Years, double Carry)[] _iv = [];
    private OptionType[] _ivType = [];
    private double[] _ivPrice = [];
    private double[] _ivStrike = [];
    private double[] _ivYears = [];
    private double[] _ivCarry = [];
    private double[] _ivOut = [];

    [Params("spx", "synthetic-2000", "synthetic-200000")]
    public string Chain { get; set; } = "spx";

    [GlobalSetup]
    public void Setup()
    {
        _chain = Inputs.Priced(Chain);
        var spot = _chain.Spot;
        _grid = ZeroGamma.Grid(spot, LevelsSettings.Default);
        _values = new double[_grid.Count];
        _greeks = new double[4 * _chain.Count];
        _iv = new (OptionType, double, double, double, double)[_chain.Count];
        for (var j = 0; j < _chain.Count; j++)
        {
            var o = new OptionInputs(_chain.TypeColumn[j], spot, _chain.StrikeColumn[j], _chain.YearsColumn[j], _chain.Rate, _chain.CarryColumn[j], _chain.VolColumn[j]);
            _iv[j] = (o.Type, BlackScholes.Price(o), o.Strike, o.Years, o.Carry);
        }
        _ivType = _iv.Select(x => x.Type).ToArray();
        _ivPrice = _iv.Select(x => x.Price).ToArray();
        _ivStrike = _iv.Select(x => x.Strike).ToArray();
        _ivYears = _iv.Select(x => x.Years).ToArray();
        _ivCarry = _iv.Select(x => x.Carry).ToArray();
        _ivOut = new double[_iv.Length];
        Console.WriteLine($"// {Chain}: {_chain.Count} priced contracts, {_grid.Count} profile spots");
    }

    [Benchmark(Baseline = true), BenchmarkCategory("gamma at spot")]
    public double GammaScalar() => GammaSweep.NetSharesScalar(_chain, _chain.Spot);

    [Benchmark, BenchmarkCategory("gamma at spot")]
    public double Gamma() => GammaSweep.NetShares(_chain, _chain.Spot);

    [Benchmark(Baseline = true), BenchmarkCategory("greeks at spot")]
    public double GreeksScalar()
    {
        var n = _chain.Count;
        SpotGreeks.ComputeScalar(_chain, _chain.Spot, _greeks.AsSpan(0, n), _greeks.AsSpan(n, n), _greeks.AsSpan(2 * n, n), _greeks.AsSpan(3 * n, n));
        return _greeks[0];
    }

    [Benchmark, BenchmarkCategory("greeks at spot")]
    public double Greeks()
    {
        var n = _chain.Count;
        SpotGreeks.Compute(_chain, _chain.Spot, _greeks.AsSpan(0, n), _greeks.AsSpan(n, n), _greeks.AsSpan(2 * n, n), _greeks.AsSpan(3 * n, n));
        return _greeks[0];
    }

    [Benchmark(Baseline = true), BenchmarkCategory("profile 401")]
    public double ProfileScalar()
    {
        for (var i = 0; i < _grid.Count; i++) _values[i] = GammaSweep.NetSharesScalar(_chain, _grid.Spots[i]);
        return _values[0];
    }

    [Benchmark, BenchmarkCategory("profile 401")]
    public double ProfileOneCore()
    {
        GammaSweep.Profile(_chain, _grid, _values, parallel: false);
        return _values[0];
    }

    [Benchmark, BenchmarkCategory("profile 401")]
    public double ProfileAllCores()
    {
        GammaSweep.Profile(_chain, _grid, _values);
        return _values[0];
    }

    [Benchmark(Baseline = true), BenchmarkCategory("zero gamma")]
    public int ZeroGammaScalar() => ZeroGamma.CrossingsScalar(_chain, LevelsSettings.Default).Count;

    [Benchmark, BenchmarkCategory("zero gamma")]
    public int ZeroGammaFast() => ZeroGamma.Crossings(_chain, LevelsSettings.Default).Count;

    [Benchmark(Baseline = true), BenchmarkCategory("full report")]
    public object FullReportScalar() => ScalarReference.Analyze(_chain, LevelsSettings.Default);

    [Benchmark, BenchmarkCategory("full report")]
    public object FullReport() => LevelsCalculator.Analyze(_chain, LevelsSettings.Default);

    [Benchmark, BenchmarkCategory("implied vol")]
    public double ImpliedVolBatch()
    {
        ImpliedVol.SolveOrNaN(_ivType, _ivPrice, _chain.Spot, _ivStrike, _ivYears, _chain.Rate, _ivCarry, _ivOut);
        return _ivOut[0];
    }

    [Benchmark(Baseline = true), BenchmarkCategory("implied vol")]
    public double ImpliedVolAll()
    {
        var sum = 0.0;
        var spot = _chain.Spot;
        foreach (var x in _iv)
            if (ImpliedVol.TrySolve(new ImpliedVolInputs(x.Type, x.Price, spot, x.Strike, x.Years, _chain.Rate, x.Carry), out var v)) sum += v;
        return sum;
    }
}
