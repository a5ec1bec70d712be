using DealerFlow.Core.Chain;
using DealerFlow.Core.Pricing;

namespace DealerFlow.Core.Tests.Pricing;

public class ImpliedVolTests
{
    [Fact]
    public void TrySolve_RoundTripOverGrid_Within1e10()
    {
        var solved = 0;
        foreach (var type in new[] { OptionType.Call, OptionType.Put })
        {
            foreach (var m in new[] { 0.5, 0.7, 0.9, 0.97, 1.0, 1.03, 1.1, 1.3, 2.0 })
            {
                foreach (var t in new[] { 1.0 / 365 / 24, 1.0 / 365, 7.0 / 365, 0.25, 1, 5 })
                {
                    foreach (var v in new[] { 0.03, 0.1, 0.2, 0.5, 1.0, 3.0 })
                    {
                        const double s = 100;
                        var k = s * m;
                        var price = BlackScholes.Price(new OptionInputs(type, s, k, t, 0.04, 0.02, v));
                        var vega = BlackScholes.Greeks(new OptionInputs(type, s, k, t, 0.04, 0.02, v)).Vega;
                        // The price carries information about vol at 1e-10 only when a 1e-10 vol change moves
                        // the price by more than its rounding error (about 1e-16 of the price and of the spot).
                        if (vega * 1e-10 < 1e-13 * Math.Max(price, 1e-3 * s) || price < 1e-12 * s) continue;
                        Assert.True(ImpliedVol.TrySolve(new ImpliedVolInputs(type, price, s, k, t, 0.04, 0.02), out var iv), $"{type} K={k} T={t} v={v}");
                        Assert.True(Math.Abs(iv - v) < 1e-10, $"{type} K={k} T={t} v={v}: got {iv:R}");
                        solved++;
                    }
                }
            }
        }

        Assert.True(solved > 400, $"only {solved} cases carried information");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(4.0)]    // below intrinsic of a call with S 105, K 100
    [InlineData(106.0)]  // above the spot: no volatility gives it
    public void TrySolve_PriceWithoutSolution_ReturnsFalseAndNaN(double price)
    {
        Assert.False(ImpliedVol.TrySolve(new ImpliedVolInputs(OptionType.Call, price, 105, 100, 0.5, 0, 0), out var iv));
        Assert.True(double.IsNaN(iv));
    }

    [Fact]
    public void Solve_NoSolution_Throws() =>
        Assert.Throws<ArgumentException>(() => ImpliedVol.Solve(new ImpliedVolInputs(OptionType.Put, 0.0, 100, 100, 1, 0, 0)));

    [Fact]
    public void Solve_HaugCall_RecoversThirtyPercent()
    {
        Assert.Equal(0.30, ImpliedVol.Solve(new ImpliedVolInputs(OptionType.Call, 2.133372, 60, 65, 0.25, 0.08, 0.08)), 5);
    }
}

public class ImpliedVolBatchTests
{
    [Fact]
    public void SolveOrNaN_Grid_EqualsScalarSolver()
    {
        var types = new List<OptionType>();
        var prices = new List<double>();
        var strikes = new List<double>();
        var years = new List<double>();
        var grid =
            from type in new[] { OptionType.Call, OptionType.Put }
            from m in new[] { 0.5, 0.7, 0.9, 0.97, 1.0, 1.03, 1.1, 1.3, 2.0 }
            from t in new[] { 1.0 / 365 / 24, 1.0 / 365, 7.0 / 365, 0.25, 1, 5 }
            from v in new[] { 0.03, 0.1, 0.2, 0.5, 1.0, 3.0 }
            select (type, m, t, v);
        foreach (var (type, m, t, v) in grid)
        {
            types.Add(type);
            strikes.Add(100 * m);
            years.Add(t);
            prices.Add(BlackScholes.Price(new OptionInputs(type, 100, 100 * m, t, 0.04, 0.02, v)));
        }
        // Rows without a solution mixed in: zero, NaN, below intrinsic, above the bound.
        foreach (var bad in new[] { 0.0, double.NaN, 4.0, 106.0 })
        {
            types.Add(OptionType.Call);
            strikes.Add(100);
            years.Add(0.5);
            prices.Add(bad);
        }
        var carry = Enumerable.Repeat(0.02, types.Count).ToArray();
        var vol = new double[types.Count];
        ImpliedVol.SolveOrNaN(types.ToArray(), prices.ToArray(), 100, strikes.ToArray(), years.ToArray(), 0.04, carry, vol);
        var solved = 0;
        for (var i = 0; i < types.Count; i++)
        {
            var ok = ImpliedVol.TrySolve(new ImpliedVolInputs(types[i], prices[i], 100, strikes[i], years[i], 0.04, 0.02), out var scalar);
            if (!ok)
            {
                Assert.True(double.IsNaN(vol[i]), $"row {i}: scalar has no solution, batch gave {vol[i]}");
                continue;
            }
            solved++;
            Assert.True(Math.Abs(vol[i] - scalar) <= 1e-12 * Math.Max(1, scalar), $"row {i} ({types[i]} K={strikes[i]} T={years[i]}): batch {vol[i]:R} vs scalar {scalar:R}");
        }
        Assert.True(solved > 500);
    }

    /// <summary>
    /// Newton started at a guess (ChainPricer passes the vendor IV): guesses at 0.3x, 1x and 3x the true vol and the cap
    /// (far above the root, where ln b is flat) give the scalar solver's vol within 1e-12, and no solution stays NaN.
    /// </summary>
    [Theory]
    [InlineData(0.3)]
    [InlineData(1.0)]
    [InlineData(3.0)]
    [InlineData(1000.0)]
    public void SolveOrNaNFrom_GuessAboveOrBelowTheRoot_EqualsScalarSolver(double guessScale)
    {
        var rows = (from type in new[] { OptionType.Call, OptionType.Put }
                    from m in new[] { 0.5, 0.7, 0.9, 0.97, 1.0, 1.03, 1.1, 1.3, 2.0 }
                    from t in new[] { 1.0 / 365 / 24, 1.0 / 365, 7.0 / 365, 0.25, 1, 5 }
                    from v in new[] { 0.03, 0.1, 0.2, 0.5, 1.0, 3.0 }
                    select (Type: type, Strike: 100 * m, Years: t, Vol: v)).ToArray();
        var types = rows.Select(r => r.Type).ToArray();
        var strikes = rows.Select(r => r.Strike).ToArray();
        var years = rows.Select(r => r.Years).ToArray();
        var prices = rows.Select(r => BlackScholes.Price(new OptionInputs(r.Type, 100, r.Strike, r.Years, 0.04, 0.02, r.Vol))).ToArray();
        prices[0] = double.NaN; // no solution, guess or not
        var guesses = rows.Select(r => r.Vol * guessScale).ToArray();
        var carry = Enumerable.Repeat(0.02, rows.Length).ToArray();
        var vol = new double[rows.Length];
        ImpliedVol.SolveOrNaNFrom(types, prices, 100, strikes, years, 0.04, carry, vol, guesses);
        var solved = 0;
        for (var i = 0; i < rows.Length; i++)
        {
            var ok = ImpliedVol.TrySolve(new ImpliedVolInputs(types[i], prices[i], 100, strikes[i], years[i], 0.04, 0.02), out var scalar);
            Assert.Equal(ok, !double.IsNaN(vol[i]));
            if (!ok) continue;
            solved++;
            Assert.True(Math.Abs(vol[i] - scalar) <= 1e-12 * Math.Max(1, scalar), $"row {i} ({types[i]} K={strikes[i]} T={years[i]}, guess {guesses[i]}): batch {vol[i]:R} vs scalar {scalar:R}");
        }
        Assert.True(solved > 500);
    }

    [Fact]
    public void SolveOrNaN_SpxChain_EqualsScalarSolverAndRoundTrips()
    {
        // Each contract's own vendor IV: under --iv auto a deep in-the-money contract takes its strike's
        // out-of-the-money IV, where its own price carries too little vega for a 1e-10 round trip.
        var chain = Exposure.TestChains.SpxVendorIv;
        var n = chain.Count;
        var types = chain.TypeColumn.ToArray();
        var strikes = chain.StrikeColumn.ToArray();
        var years = chain.YearsColumn.ToArray();
        var carry = chain.CarryColumn.ToArray();
        var prices = new double[n];
        for (var j = 0; j < n; j++)
            prices[j] = BlackScholes.Price(new OptionInputs(types[j], chain.Spot, strikes[j], years[j], chain.Rate, carry[j], chain.VolColumn[j]));
        var vol = new double[n];
        ImpliedVol.SolveOrNaN(types, prices, chain.Spot, strikes, years, chain.Rate, carry, vol);
        var within = 0;
        for (var j = 0; j < n; j++)
        {
            var ok = ImpliedVol.TrySolve(new ImpliedVolInputs(types[j], prices[j], chain.Spot, strikes[j], years[j], chain.Rate, carry[j]), out var scalar);
            Assert.Equal(ok, !double.IsNaN(vol[j]));
            if (!ok) continue;
            Assert.True(Math.Abs(vol[j] - scalar) <= 1e-12 * Math.Max(1, scalar) || Math.Abs(vol[j] - chain.VolColumn[j]) <= Math.Abs(scalar - chain.VolColumn[j]),
                $"contract {j}: batch {vol[j]:R} vs scalar {scalar:R} (true {chain.VolColumn[j]:R})");
            if (Math.Abs(vol[j] - chain.VolColumn[j]) <= 1e-10) within++;
        }
        Assert.True(within >= n - 10, $"{within} of {n} round trips within 1e-10");
    }
}

public class ChainPricerBatchIvTests
{
    [Fact]
    public void Price_IvFromMid_EveryVolEqualsTheScalarSolver()
    {
        var snapshot = DealerFlow.Data.Readers.ChainReader.Read(Path.Combine(Exposure.TestChains.DataDirectory, "spx_quotedata_2024-01-05.csv")).Snapshot;
        var chain = Core.Exposure.ChainPricer.Price(snapshot, Core.Exposure.EngineSettings.Default with { Iv = Core.Exposure.IvSource.Mid });
        Assert.True(chain.IvSolved > 10_000, $"only {chain.IvSolved} solved");
        Assert.Equal(0, chain.IvFromVendor);
        for (var j = 0; j < chain.Count; j++)
        {
            var i = chain.ContractIndexColumn[j];
            var mid = 0.5 * (snapshot.Bid[i] + snapshot.Ask[i]);
            Assert.True(ImpliedVol.TrySolve(new ImpliedVolInputs(chain.TypeColumn[j], mid, chain.Spot, chain.StrikeColumn[j], chain.YearsColumn[j], chain.Rate, chain.CarryColumn[j]), out var scalar));
            Assert.True(Math.Abs(chain.VolColumn[j] - scalar) <= 1e-12 * Math.Max(1, scalar), $"contract {j}: {chain.VolColumn[j]:R} vs scalar {scalar:R}");
        }
    }
}
