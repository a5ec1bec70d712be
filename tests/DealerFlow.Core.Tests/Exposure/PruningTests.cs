using DealerFlow.Core.Chain;
using DealerFlow.Core.Exposure;
using DealerFlow.Core.Levels;
using DealerFlow.Data.Readers;

namespace DealerFlow.Core.Tests.Exposure;

/// <summary>
/// Issue 14 item 1: the recurrence profile on the ln S grid (<see cref="GammaSweep.Profile(PricedChain, SpotGrid, Span{double}, Span{double}, int, bool)"/>),
/// the pruned single-spot sweep (<see cref="GammaSweep.NetShares"/>) and the zero-gamma search (<see cref="ZeroGamma.Crossings"/>)
/// against the dense computation (every contract exp-evaluated at every spot), on every real chain of
/// tests/data and on adversarial synthetic chains.
/// </summary>
public class PruningTests
{
    /// <summary>Every option chain in tests/data (the price series in prices/ are not chains).</summary>
    public static TheoryData<string> RealChains()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.EnumerateFiles(TestChains.DataDirectory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var rel = Path.GetRelativePath(TestChains.DataDirectory, f).Replace('\\', '/');
            if (rel.StartsWith("prices/", StringComparison.Ordinal) || rel.EndsWith(".md", StringComparison.Ordinal)) continue;
            data.Add(rel);
        }
        return data;
    }

    private static readonly DateTimeOffset Now = new(2024, 1, 5, 10, 0, 0, TimeSpan.FromHours(-5));

    /// <summary>A hand-built chain: (root, expiry, type, strike, OI, vol) per contract, vendor IVs, flat forwards, classic positioning.</summary>
    private static PricedChain Build(double spot, params (string Root, DateOnly Expiry, OptionType Type, double Strike, double Oi, double Vol)[] contracts)
    {
        var b = new ChainBuilder();
        var line = 1;
        foreach (var (root, e, t, k, oi, vol) in contracts)
            b.Add(new OptionQuote(root, e, t, k, double.NaN, double.NaN, double.NaN, 0, oi, vol, double.NaN, double.NaN, line++));
        return ChainPricer.Price(b.Build("TEST", spot, Now, "synthetic"), EngineSettings.Default with { Forwards = ForwardMode.Flat });
    }

    private static readonly DateOnly Today = new(2024, 1, 5);

    /// <summary>
    /// A 0DTE call at 100 between 0DTE puts at 99 and 101 (sigma sqrt T about 0.5%): net gamma is positive at 100 and
    /// negative at 99 and 101, so it crosses twice about 1.2 apart, both inside one coarse interval (99.2 to 100.8),
    /// under a sea of longer-dated contracts.
    /// </summary>
    private static PricedChain TwoCloseCrossings() => ZeroDteCallBetweenPuts(100, 10_000, 99, 101);

    /// <summary>
    /// A 0DTE call at 100.55 (OI 15,000) between 0DTE puts at 99.95 and 101.15 (sigma sqrt T about 0.52): net gamma is positive
    /// at 100.55 and negative at the puts, so it crosses twice about 0.7 apart, both between the coarse points of the
    /// zero-gamma scan at about 99.99 and 101.1 (<see cref="ZeroGamma.CoarseScan"/>), under a sea of longer-dated contracts.
    /// </summary>
    private static PricedChain TwoCrossingsOneCoarseInterval() => ZeroDteCallBetweenPuts(100.55, 15_000, 99.95, 101.15);

    /// <summary>A 0DTE call (OI <paramref name="callOi"/>) between two 0DTE puts (OI 10,000), all at 20 % vol, spot 100, over March calls (18 %) and puts (22 %) every 2.5 from 70 to 130 (OI 10).</summary>
    private static PricedChain ZeroDteCallBetweenPuts(double call, double callOi, double putBelow, double putAbove)
    {
        var list = new List<(string, DateOnly, OptionType, double, double, double)>
        {
            ("SPXW", Today, OptionType.Call, call, callOi, 0.20),
            ("SPXW", Today, OptionType.Put, putBelow, 10_000, 0.20),
            ("SPXW", Today, OptionType.Put, putAbove, 10_000, 0.20),
        };
        for (var k = 70.0; k <= 130; k += 2.5)
        {
            list.Add(("SPXW", new DateOnly(2024, 3, 15), OptionType.Call, k, 10, 0.18));
            list.Add(("SPXW", new DateOnly(2024, 3, 15), OptionType.Put, k, 10, 0.22));
        }
        return Build(100, [.. list]);
    }

    /// <summary>SPX (AM) and SPXW (PM) on one date, the next expiry a 0DTE, and a far OTM put with 1e14 times the usual OI.</summary>
    private static PricedChain SameDayAndHugeFarOi()
    {
        var list = new List<(string, DateOnly, OptionType, double, double, double)>();
        var monthly = new DateOnly(2024, 1, 19);
        for (var k = 80.0; k <= 120; k += 1)
        {
            list.Add(("SPXW", Today, OptionType.Call, k, 500, 0.15));
            list.Add(("SPXW", Today, OptionType.Put, k, 700, 0.17));
            list.Add(("SPX", monthly, OptionType.Call, k, 300, 0.16));
            list.Add(("SPX", monthly, OptionType.Put, k, 400, 0.18));
            list.Add(("SPXW", monthly, OptionType.Call, k, 200, 0.16));
            list.Add(("SPXW", monthly, OptionType.Put, k, 250, 0.18));
        }
        // 0DTE put at 71.8 (sigma sqrt T about 0.0105): |d1| about 10.3 at the low end of the +-20% grid (80), so a pruned sweep skips it there,
        // yet with this OI its term is about 1e-10 of the total: skipping it unchecked would fail the 1e-12 test.
        list.Add(("SPXW", Today, OptionType.Put, 71.8, 5e16, 0.40));
        return Build(100, [.. list]);
    }

    /// <summary>
    /// Five minutes before the close: same-day contracts every 0.25 from 80 to 120 with sigma sqrt T about 6e-4, so d1 moves
    /// by about 1.6 per grid step and a Gaussian rises from below e^-600 to its peak inside one 65-spot recurrence block (the
    /// exact path), most blocks hold only lanes left out (|d1| &gt; 10), plus a weekly whose terms are all material.
    /// </summary>
    private static PricedChain LastMinutes()
    {
        var b = new ChainBuilder();
        var line = 1;
        for (var k = 80.0; k <= 120; k += 0.25)
        {
            b.Add(new OptionQuote("SPXW", Today, OptionType.Call, k, double.NaN, double.NaN, double.NaN, 0, 100 + k, 0.20, double.NaN, double.NaN, line++));
            b.Add(new OptionQuote("SPXW", Today, OptionType.Put, k, double.NaN, double.NaN, double.NaN, 0, 300 - k, 0.24, double.NaN, double.NaN, line++));
        }
        for (var k = 85.0; k <= 115; k += 5)
            b.Add(new OptionQuote("SPXW", new DateOnly(2024, 1, 12), OptionType.Put, k, double.NaN, double.NaN, double.NaN, 0, 20, 0.18, double.NaN, double.NaN, line++));
        var at = new DateTimeOffset(2024, 1, 5, 15, 55, 0, TimeSpan.FromHours(-5));
        // Each contract's own vendor IV (the default one-IV-per-strike rule would drop strikes whose call and put IVs disagree).
        return ChainPricer.Price(b.Build("TEST", 100, at, "synthetic"), EngineSettings.Default with { Forwards = ForwardMode.Flat, Iv = IvSource.Vendor });
    }

    public static TheoryData<string> SyntheticNames => new() { "two-close-crossings", "two-crossings-one-coarse-interval", "same-day-huge-far-oi", "last-minutes", "synthetic-15000", "synthetic-300" };

    private static PricedChain Synthetic(string name) => name switch
    {
        "two-close-crossings" => TwoCloseCrossings(),
        "two-crossings-one-coarse-interval" => TwoCrossingsOneCoarseInterval(),
        "same-day-huge-far-oi" => SameDayAndHugeFarOi(),
        "last-minutes" => LastMinutes(),
        "synthetic-15000" => TestChains.Synthetic(15_000, 11),
        _ => TestChains.Synthetic(300, 12, spot: 57.3),
    };

    private static PricedChain Real(string relative)
    {
        var read = ChainReader.Read(Path.Combine(TestChains.DataDirectory, relative));
        return ChainPricer.Price(read.Snapshot, EngineSettings.Default);
    }

    [Theory]
    [MemberData(nameof(RealChains))]
    public void ProfileAndCrossings_RealChain_EqualDense(string relative) => AssertEqualsDense(Real(relative));

    [Theory]
    [MemberData(nameof(SyntheticNames))]
    public void ProfileAndCrossings_SyntheticChain_EqualDense(string name) => AssertEqualsDense(Synthetic(name));

    [Fact]
    public void Crossings_TwoCloseCrossings_FindsBothInsideOneCoarseInterval()
    {
        var chain = TwoCloseCrossings();
        var dense = ZeroGamma.CrossingsDense(chain, LevelsSettings.Default);
        var fast = ZeroGamma.Crossings(chain, LevelsSettings.Default);
        // Coarse spots are 80 + 1.6 m; 99.2 and 100.8 bracket both crossings.
        var inside = dense.Where(x => x > 99.2 && x < 100.8).ToList();
        Assert.Equal(2, inside.Count);
        Assert.True(inside[1] - inside[0] < 1.6, $"crossings {inside[0]} and {inside[1]}");
        Assert.Equal(dense.Count, fast.Count);
    }

    [Fact]
    public void Crossings_TwoCrossingsInsideOneCoarseInterval_FindsBoth()
    {
        var chain = TwoCrossingsOneCoarseInterval();
        var settings = LevelsSettings.Default;
        var grid = ZeroGamma.Grid(chain.Spot, settings);
        var dense = ZeroGamma.CrossingsDense(chain, settings);
        // The coarse interval j holds the grid spots [11 j, 11 j + 11]: both crossings in one of them.
        var stride = ZeroGamma.CoarseStride;
        var pairs = Enumerable.Range(0, (grid.Count - 1) / stride)
            .Count(j => dense.Count(x => x > grid.Spots[j * stride] && x < grid.Spots[(j + 1) * stride]) >= 2);
        Assert.True(pairs >= 1, $"crossings {string.Join(", ", dense)}: no coarse interval holds two");
        var fast = ZeroGamma.Crossings(chain, settings);
        Assert.Equal(dense.Count, fast.Count);
        for (var i = 0; i < dense.Count; i++) Assert.True(Math.Abs(dense[i] - fast[i]) <= 1e-12 * dense[i], $"crossing {i}: {fast[i]} vs {dense[i]}");
    }

    [Theory]
    [MemberData(nameof(RealChains))]
    public void CoarseScan_RealChain_BoundHoldsAndCrossingsAreTheFullProfiles(string relative) => AssertCoarseScan(Real(relative), realChain: true);

    [Theory]
    [MemberData(nameof(SyntheticNames))]
    public void CoarseScan_SyntheticChain_BoundHoldsAndCrossingsAreTheFullProfiles(string name) => AssertCoarseScan(Synthetic(name), realChain: false);

    [Fact]
    public void CoarseScan_SpxChain_ComputesFewBlocks()
    {
        var chain = Real("spx_quotedata_2024-01-05.csv");
        var grid = ZeroGamma.Grid(chain.Spot, LevelsSettings.Default);
        var computed = ZeroGamma.CoarseScan(chain, grid, new double[grid.Count]);
        // With 256-bit vectors only the blocks around spot (where the same-day Gaussians make the slope bound loose) are
        // computed; without them (DOTNET_EnableHWIntrinsic=0) the full profile: 7 blocks of 65 spots.
        if (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated) Assert.InRange(computed, 1, 3);
        else Assert.Equal(7, computed);
    }

    /// <summary>
    /// The certificate of <see cref="ZeroGamma.CoarseScan"/> against the dense sums: the slope bound of <see cref="SweepKernel.Bounds"/>
    /// holds between every two grid spots of each coarse interval (|F(u_k) - F(u_l)| &lt;= L_j |u_k - u_l|, F from exps), every
    /// certified interval's dense values have the certified sign, and the crossings equal the full recurrence profile's bit for bit.
    /// </summary>
    private static void AssertCoarseScan(PricedChain chain, bool realChain)
    {
        var settings = LevelsSettings.Default;
        var grid = ZeroGamma.Grid(chain.Spot, settings);
        var n = grid.Count;
        var stride = ZeroGamma.CoarseStride;
        var m = (n - 1 + stride - 1) / stride + 1;
        var (a, c, w) = (chain.ByExpiryA, chain.ByExpiryC, chain.ByExpiryW);
        var dense = new double[n];
        for (var k = 0; k < n; k++) dense[k] = SweepKernel.Sum(a, c, w, grid.Offsets[k]);
        var fine = new double[n];
        GammaSweep.Profile(chain, grid, fine, parallel: false);
        var expected = ZeroGamma.Polish(chain, grid, fine, settings.RootTolerance, GammaSweep.NetShares);
        var values = new double[n];
        ZeroGamma.CoarseScan(chain, grid, values);
        Assert.Equal(expected, ZeroGamma.Polish(chain, grid, values, settings.RootTolerance, GammaSweep.NetShares));
        Assert.Equal(expected, ZeroGamma.Crossings(chain, settings));
        if (!System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated) return;
        var (f, slope) = (new double[m], new double[m]);
        SweepKernel.Bounds(a, c, w, grid.Offsets[0], stride * grid.Step, f, slope);
        var certified = 0;
        for (var j = 0; j + 1 < m; j++)
        {
            var (kLo, kHi) = (j * stride, Math.Min((j + 1) * stride, n - 1));
            for (var k = kLo; k <= kHi; k++)
            {
                for (var l = k + 1; l <= kHi; l++)
                {
                    var gap = Math.Abs(dense[l] - dense[k]);
                    var allowed = slope[j] * (grid.Offsets[l] - grid.Offsets[k]) * (1 + 1e-9) + 1e-13 * (Math.Abs(dense[l]) + Math.Abs(dense[k])) + 1e-300;
                    Assert.True(gap <= allowed, $"interval {j}, spots {k} and {l}: |dF| {gap:E6} above the slope bound {allowed:E6}");
                }
            }
            var reach = slope[j] * stride * grid.Step;
            var sum = f[j] + f[j + 1];
            var margin = reach * (1 + 1e-9) + 2e-9 * chain.Blocks.TotalAbsWeight;
            if (f[j] > 0 && f[j + 1] > 0 && sum > margin || f[j] < 0 && f[j + 1] < 0 && -sum > margin)
            {
                certified++;
                for (var k = kLo; k <= kHi; k++)
                    Assert.True(Math.Sign(dense[k]) == Math.Sign(f[j]) && Math.Sign(fine[k]) == Math.Sign(f[j]), $"spot {k} of certified interval {j}: {dense[k]}");
            }
        }
        // Chains led by same-day contracts (most synthetic ones here) may certify nothing: the slope bound is loose on a
        // Gaussian that moves by several sigma between coarse points, and every block is computed. Real chains certify most.
        if (realChain) Assert.True(certified >= (m - 1) / 2, $"only {certified} of {m - 1} coarse intervals certified");
    }

    [Fact]
    public void Profile_LastMinutes_ExercisesTheExactPathAndTheLeftOutLanes()
    {
        var chain = LastMinutes();
        var grid = ZeroGamma.Grid(chain.Spot, LevelsSettings.Default);
        // d1 steps by A h per grid spot: above 1.5 for the same-day contracts (a Gaussian spans a few spots).
        var step = Enumerable.Range(0, chain.Count).Max(j => chain.SweepA[j]) * grid.Step;
        Assert.True(step > 1.5, $"largest d1 step per grid spot {step}");
        var (dense, fast) = (new double[grid.Count], new double[grid.Count]);
        GammaSweep.ProfileDense(chain, grid, dense);
        GammaSweep.Profile(chain, grid, fast);
        var worst = 0.0;
        for (var k = 0; k < grid.Count; k++)
            worst = Math.Max(worst, Math.Abs(fast[k] - dense[k]) / TestChains.AbsScale(chain, grid.Spots[k]));
        // The worst case proven in SweepKernel.SumGrid whatever the step: 3.6e-13 of the gross.
        Assert.True(worst <= 3.6e-13, $"worst difference {worst:E3} of the gross");
        // Without 256-bit vectors (DOTNET_EnableHWIntrinsic=0) the profile is the dense loop itself.
        if (System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated) Assert.True(worst > 0, "the recurrence must differ from the exps by rounding somewhere");
        else Assert.Equal(0, worst);
        Assert.True(dense.Count(v => v > 0) > 10 && dense.Count(v => v < 0) > 10, "the same-day book must flip sign along the grid");
    }

    [Fact]
    public void NetShares_HugeFarOi_FallsBackToDense()
    {
        var chain = SameDayAndHugeFarOi();
        // At 80 the huge put is outside its window (|d1| > 10): the unchecked pruned sum misses about 1e-10 of the total.
        var spot = 80.0;
        var dense = GammaSweep.NetSharesDense(chain, spot);
        var i = Enumerable.Range(0, chain.Count).First(j => chain.StrikeColumn[j] == 71.8);
        var d = chain.SweepA[i] * Math.Log(spot / chain.Spot) + chain.SweepC[i];
        Assert.True(Math.Abs(d) > SweepBlocks.Reach, $"d1 of the far put at {spot}: {d}");
        var term = chain.SweepW[i] * Math.Exp(-0.5 * d * d) / spot;
        Assert.True(Math.Abs(term) > 1e-11 * Math.Abs(dense), $"far put's term {term} against the total {dense}");
        Assert.Equal(dense, GammaSweep.NetShares(chain, spot), Math.Abs(dense) * 1e-12);
    }

    private static void AssertEqualsDense(PricedChain chain)
    {
        var settings = LevelsSettings.Default;
        var grid = ZeroGamma.Grid(chain.Spot, settings);
        var n = grid.Count;
        var skip = chain.NextExpiryIndex >= 0 && chain.Expiries.Count > 1 ? chain.NextExpiryIndex : -1;
        var (dense, denseEx) = (new double[n], new double[n]);
        GammaSweep.ProfileDense(chain, grid, dense, denseEx, skip, parallel: false);
        var (profile, profileEx, parallel, parallelEx) = (new double[n], new double[n], new double[n], new double[n]);
        GammaSweep.Profile(chain, grid, profile, profileEx, skip, parallel: false);
        GammaSweep.Profile(chain, grid, parallel, parallelEx, skip);
        for (var k = 0; k < n; k++)
        {
            // 1e-12 of the value, plus 1e-14 of the gross (rounding of the recurrence and of summing in another order, which matters only near a zero).
            var spot = grid.Spots[k];
            var gross = TestChains.AbsScale(chain, spot);
            Close(dense[k], profile[k], gross, $"recurrence profile at {spot}");
            if (skip >= 0) Close(denseEx[k], profileEx[k], gross, $"recurrence ex-next-expiry profile at {spot}");
            // Splitting the grid across cores keeps whole recurrence blocks: bit for bit the one-core values.
            Assert.Equal(profile[k], parallel[k]);
            if (skip >= 0) Assert.Equal(profileEx[k], parallelEx[k]);
            // The pruned single-spot sweep against the dense one at the same spot (d1 from ln(S / S0), not from the grid's offset).
            Close(GammaSweep.NetSharesDense(chain, spot), GammaSweep.NetShares(chain, spot), gross, $"net shares at {spot}");
        }
        var fastRoots = ZeroGamma.Crossings(chain, settings);
        var denseRoots = ZeroGamma.CrossingsDense(chain, settings);
        Assert.Equal(denseRoots.Count, fastRoots.Count);
        for (var i = 0; i < denseRoots.Count; i++)
            Assert.True(Math.Abs(denseRoots[i] - fastRoots[i]) <= 1e-12 * denseRoots[i], $"crossing {i}: {fastRoots[i]} vs {denseRoots[i]}");
        // The full report's crossings (from the recurrence profile) are the same.
        var report = LevelsCalculator.Analyze(chain, settings).Levels.ZeroGammaCrossings;
        Assert.Equal(denseRoots.Count, report.Count);
        for (var i = 0; i < denseRoots.Count; i++)
            Assert.True(Math.Abs(denseRoots[i] - report[i]) <= 1e-12 * denseRoots[i], $"report crossing {i}: {report[i]} vs {denseRoots[i]}");
    }

    [Theory]
    [MemberData(nameof(RealChains))]
    public void SumGrid_RealChain_512BitSetupGivesThe256BitBits(string relative) => AssertSetupWidthsAgree(Real(relative));

    [Theory]
    [MemberData(nameof(SyntheticNames))]
    public void SumGrid_SyntheticChain_512BitSetupGivesThe256BitBits(string name) => AssertSetupWidthsAgree(Synthetic(name));

    /// <summary>
    /// The recurrence with its 512-bit block setup and with its 256-bit one (emulated vectors where the CPU lacks them): the same
    /// sums and left-out weights bit for bit, on the whole grid and on a slice that starts mid-grid and ends in a short block,
    /// and different from the dense sums somewhere (the recurrence ran).
    /// </summary>
    private static void AssertSetupWidthsAgree(PricedChain chain)
    {
        var grid = ZeroGamma.Grid(chain.Spot, LevelsSettings.Default);
        var (a, c, w) = (chain.ByExpiryA, chain.ByExpiryC, chain.ByExpiryW);
        foreach (var (from, len) in new[] { (0, grid.Count), (SweepKernel.BlockSpots, 3 * SweepKernel.BlockSpots + 7) })
        {
            var u = grid.Offsets.Slice(from, len);
            var (s512, k512, s256, k256, dense) = (new double[len], new double[len], new double[len], new double[len], new double[len]);
            SweepKernel.SumGridWith(a, c, w, u, grid.Step, s512, k512, 512);
            SweepKernel.SumGridWith(a, c, w, u, grid.Step, s256, k256, 256);
            SweepKernel.SumGridWith(a, c, w, u, grid.Step, dense, new double[len], 0);
            for (var k = 0; k < len; k++)
            {
                Assert.True(BitConverter.DoubleToInt64Bits(s512[k]) == BitConverter.DoubleToInt64Bits(s256[k]), $"spot {from + k}: {s512[k]:R} vs {s256[k]:R}");
                Assert.True(BitConverter.DoubleToInt64Bits(k512[k]) == BitConverter.DoubleToInt64Bits(k256[k]), $"left-out weight at spot {from + k}: {k512[k]:R} vs {k256[k]:R}");
            }
            Assert.True(s256.Where((v, k) => v != dense[k]).Any(), "the recurrence must differ from the exps by rounding somewhere");
        }
    }

    private static void Close(double expected, double actual, double gross, string what)
    {
        var tol = 1e-12 * Math.Abs(expected) + 1e-14 * gross;
        Assert.True(Math.Abs(expected - actual) <= tol, $"{what}: {actual} vs {expected} (|diff| {Math.Abs(expected - actual):E3}, tolerance {tol:E3})");
    }
}
