using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using DealerFlow.Core.Chain;

namespace DealerFlow.Core.Pricing;

/// <summary>
/// Implied volatility from an option price: the sigma that makes the Black-Scholes-Merton price equal
/// the given price. Works on the normalised out-of-the-money Black price
/// beta = price / (D sqrt(F K)) with x = ln(F/K) &lt;= 0 (an in-the-money option is turned into its
/// out-of-the-money twin by put-call parity), and runs Newton on ln beta(w) in total volatility
/// w = sigma sqrt T. ln beta is increasing and concave in w, so after the first step the iterates
/// approach the root from below without overshoot; convergence is quadratic to |dw| &lt; 1e-14.
/// </summary>
public static class ImpliedVol
{
    private const int MaxIterations = 60;

    /// <summary>Total volatility above which a price carries no information (sigma sqrt T = 10).</summary>
    private const double MaxTotalVol = 10;

    /// <summary>
    /// Solves for the volatility (fraction per year) of an option with the given price per share.
    /// Returns false when no volatility reproduces the price: the price is at or below intrinsic
    /// value, at or above the no-arbitrage bound, not finite, or so small that it carries no
    /// information about volatility.
    /// </summary>
    public static bool TrySolve(in ImpliedVolInputs o, out double vol) =>
        TrySolve(o.Type, o.Price, o.Spot, o.Strike, o.Years, o.Rate, o.Carry, out vol);

    /// <summary>As <see cref="TrySolve(in ImpliedVolInputs, out double)"/> but throws when there is no solution.</summary>
    public static double Solve(in ImpliedVolInputs o)
    {
        if (!TrySolve(o, out var vol))
        {
            throw new ArgumentException(
                $"No implied volatility reproduces price {o.Price} for a {o.Type} with strike {o.Strike}, spot {o.Spot}, T {o.Years} years.",
                nameof(o));
        }

        return vol;
    }

    // The positional form stays private: the batched path's scalar fallbacks call it per contract.
    private static bool TrySolve(OptionType type, double price, double spot, double strike, double years, double rate, double carry, out double vol)
    {
        vol = double.NaN;
        if (!(price > 0) || !double.IsFinite(price) || !(spot > 0) || !(strike > 0) || !(years > 0)) return false;
        var forward = spot * Math.Exp(carry * years);
        var undiscounted = price * Math.Exp(rate * years);
        if (!TrySolveTotal(type, undiscounted, forward, strike, out var w)) return false;
        vol = w / Math.Sqrt(years);
        return true;
    }

    /// <summary>Total volatility w = sigma sqrt T from an undiscounted Black price.</summary>
    public static bool TrySolveTotal(OptionType type, double undiscountedPrice, double forward, double strike, out double totalVol)
    {
        totalVol = double.NaN;
        if (!TryStart(type, undiscountedPrice, forward, strike, out var start)) return false;
        var (xo, upper, eMinusHalf, lnBeta) = (start.Xo, start.EHalf, start.EMinusHalf, start.LnBeta);
        if (NormalisedCall(xo, MaxTotalVol, upper, eMinusHalf, out _) < start.Beta) return false;
        var w = start.W;
        var lastStep = double.PositiveInfinity;
        for (var i = 0; i < MaxIterations; i++)
        {
            var b = NormalisedCall(xo, w, upper, eMinusHalf, out var d1);
            if (!(b > 0))
            {
                w *= 2;
                continue;
            }
            var vega = upper * Normal.Pdf(d1);
            var step = (Math.Log(b) - lnBeta) * b / vega;
            var next = w - step;
            if (next <= 0) next = 0.5 * w;
            if (next > MaxTotalVol) next = 0.5 * (w + MaxTotalVol);
            var done = Math.Abs(next - w) <= 1e-14 * Math.Max(1, w);
            lastStep = Math.Abs(next - w);
            w = next;
            if (done)
            {
                totalVol = w;
                return true;
            }
        }
        // Near the bounds the price's own rounding stops Newton short of 1e-14; a last step of
        // 1e-12 in total vol is still far inside 1e-10 in vol.
        if (lastStep <= 1e-12 * Math.Max(1, w))
        {
            totalVol = w;
            return true;
        }
        return false;
    }

    /// <summary>Contracts prepared per chunk of <see cref="SolveOrNaN"/> (its per-lane columns live on the stack).</summary>
    private const int Chunk = 256;

    /// <summary>Which path <see cref="SolveOrNaN"/> takes on this CPU (printed by <c>dealerflow bench</c>).</summary>
    public static string BatchPath => Vector256.IsHardwareAccelerated ? "4 lanes per 256-bit vector, refilled as they converge" : "scalar (no accelerated 256-bit vectors)";

    /// <summary>
    /// Solves many contracts at once into <paramref name="vol"/>: vol[i] is the implied vol of contract
    /// i, or NaN where <see cref="TrySolve(in ImpliedVolInputs, out double)"/> would return false (the call itself never fails on a
    /// price; it throws only when the spans disagree in length). The checks and the start are scalar per
    /// contract; the steps (Halley's where it is safe, else the scalar solver's Newton step; the scalar solver's clamps and
    /// stopping rule) run 4 contracts per 256-bit vector with the vector exp and the vector Cody CDF, and a lane whose
    /// contract has converged is refilled with the next contract at once, so no lane waits for the
    /// slowest of its batch. 256-bit, not 512-bit, on every x86 CPU: the same code is fast on Intel and
    /// AMD (docs/performance.md). A lane that has not converged after the scalar solver's iteration
    /// limit is solved again by the scalar code. Agrees with <see cref="TrySolve(in ImpliedVolInputs, out double)"/> to about 1e-14 in
    /// vol (tested).
    /// </summary>
    public static void SolveOrNaN(ReadOnlySpan<OptionType> type, ReadOnlySpan<double> price, double spot, ReadOnlySpan<double> strike,
        ReadOnlySpan<double> years, double rate, ReadOnlySpan<double> carry, Span<double> vol) =>
        SolveOrNaNFrom(type, price, spot, strike, years, rate, carry, vol, []);

    /// <summary>
    /// As <see cref="SolveOrNaN"/>,
    /// with the iteration started at <paramref name="guess"/>[i] x sqrt T where that is a positive finite vol (a vendor's IV of the
    /// same contract: fewer steps), else at the solver's own start; empty = no guesses. Every lane ends by the same stopping
    /// rule (|dw| &lt;= 1e-14 x max(1, w)) on the same increasing ln b, so a guess changes the result only within that rule;
    /// tested from guesses at 0.3x to 1000x the root against the scalar solver (within 1e-12).
    /// </summary>
    internal static void SolveOrNaNFrom(ReadOnlySpan<OptionType> type, ReadOnlySpan<double> price, double spot, ReadOnlySpan<double> strike,
        ReadOnlySpan<double> years, double rate, ReadOnlySpan<double> carry, Span<double> vol, ReadOnlySpan<double> guess)
    {
        var n = type.Length;
        if (price.Length != n || strike.Length != n || years.Length != n || carry.Length != n || vol.Length < n || (guess.Length != 0 && guess.Length != n))
            throw new ArgumentException("Every input span must hold one value per contract, and the output at least as many.");
        if (!Vector256.IsHardwareAccelerated)
        {
            for (var i = 0; i < n; i++)
                vol[i] = TrySolve(type[i], price[i], spot, strike[i], years[i], rate, carry[i], out var v) ? v : double.NaN;
            return;
        }
        // Scratch for one chunk, no larger than the batch needs: zeroing the whole 13 KB on every call cost a market of
        // 300-contract chains as much as the solves (docs/performance.md).
        var stride = Math.Min(Chunk, (n + 3) / 4 * 4);
        Span<double> columns = stackalloc double[6 * stride];
        Span<int> rows = stackalloc int[stride];
        for (var from = 0; from < n; from += Chunk)
        {
            var len = Math.Min(Chunk, n - from);
            SolveChunk(type.Slice(from, len), price.Slice(from, len), spot, strike.Slice(from, len), years.Slice(from, len), rate, carry.Slice(from, len), vol.Slice(from, len),
                guess.IsEmpty ? guess : guess.Slice(from, len), columns, rows);
        }
    }

    /// <summary>One chunk of <see cref="SolveOrNaN"/>: scalar start, vector no-solution check, vector Newton with lane refill.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SolveChunk(ReadOnlySpan<OptionType> type, ReadOnlySpan<double> price, double spot, ReadOnlySpan<double> strike,
        ReadOnlySpan<double> years, double rate, ReadOnlySpan<double> carry, Span<double> vol, ReadOnlySpan<double> guess, Span<double> columns, Span<int> rows)
    {
        // Columns of the contracts that have a start: xo, e^{xo/2}, e^{-xo/2}, beta, ln beta, w.
        var stride = rows.Length;
        var xoC = columns[..stride];
        var ehC = columns.Slice(stride, stride);
        var emhC = columns.Slice(2 * stride, stride);
        var betaC = columns.Slice(3 * stride, stride);
        var lnBetaC = columns.Slice(4 * stride, stride);
        var wC = columns.Slice(5 * stride, stride);
        var m = 0;
        // e^{bT} and e^{rT} depend on the expiry only, and a chain's contracts come expiry by expiry: the previous
        // contract's are reused for the same (b, T) (the same exps of the same arguments, so the same values).
        double lastCarry = double.NaN, lastYears = double.NaN, growth = double.NaN, discount = double.NaN;
        for (var k = 0; k < type.Length; k++)
        {
            vol[k] = double.NaN;
            var (p, kk, t) = (price[k], strike[k], years[k]);
            if (!(p > 0) || !double.IsFinite(p) || !(spot > 0) || !(kk > 0) || !(t > 0)) continue;
            if (!(carry[k] == lastCarry && t == lastYears)) (lastCarry, lastYears, growth, discount) = (carry[k], t, Math.Exp(carry[k] * t), Math.Exp(rate * t));
            var forward = spot * growth;
            var undiscounted = p * discount;
            if (!TryStart(type[k], undiscounted, forward, kk, out var st)) continue;
            var w0 = st.W;
            if (!guess.IsEmpty && guess[k] > 0 && double.IsFinite(guess[k])) w0 = Math.Clamp(guess[k] * Math.Sqrt(t), 1e-8, MaxTotalVol);
            (xoC[m], ehC[m], emhC[m], betaC[m], lnBetaC[m], wC[m], rows[m]) = (st.Xo, st.EHalf, st.EMinusHalf, st.Beta, st.LnBeta, w0, k);
            m++;
        }
        // Pad to whole vectors with a harmless problem (x = 0, beta = 0.1) that is never read back.
        for (var q = m; q < (m + 3) / 4 * 4; q++) (xoC[q], ehC[q], emhC[q], betaC[q], lnBetaC[q], wC[q]) = (0, 1, 1, 0.1, Math.Log(0.1), 0.25);
        // No volatility up to the cap reaches the price: no solution (the scalar check, 4 at a time).
        ref var rx = ref MemoryMarshal.GetReference(xoC);
        ref var reh = ref MemoryMarshal.GetReference(ehC);
        ref var remh = ref MemoryMarshal.GetReference(emhC);
        ref var rb = ref MemoryMarshal.GetReference(betaC);
        var maxW = Vector256.Create(MaxTotalVol);
        var live = 0;
        for (var q = 0; q < m; q += 4)
        {
            var top = NormalisedCall(Vector256.LoadUnsafe(ref rx, (nuint)q), maxW, Vector256.LoadUnsafe(ref reh, (nuint)q), Vector256.LoadUnsafe(ref remh, (nuint)q), out _, out _);
            var reachable = ~Vector256.LessThan(top, Vector256.LoadUnsafe(ref rb, (nuint)q)).ExtractMostSignificantBits();
            for (var l = 0; l < 4 && q + l < m; l++)
            {
                if (((reachable >> l) & 1) == 0) continue;
                (xoC[live], ehC[live], emhC[live], lnBetaC[live], wC[live], rows[live]) = (xoC[q + l], ehC[q + l], emhC[q + l], lnBetaC[q + l], wC[q + l], rows[q + l]);
                live++;
            }
        }
        Newton(xoC[..live], ehC[..live], emhC[..live], lnBetaC[..live], wC[..live], rows[..live], type, price, spot, strike, years, rate, carry, vol);
    }

    /// <summary>
    /// Newton on ln b(w) for the queued contracts in two independent 4-lane vectors (8 contracts in flight),
    /// each lane refilled from the queue when its contract is done. Two vectors, not one: a Newton step is
    /// one long dependent chain (a division, two exps, two CDFs with a division each, a log, a division),
    /// so one vector in flight leaves the core waiting on latency; the second chain fills those cycles.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Newton(ReadOnlySpan<double> xoQ, ReadOnlySpan<double> ehQ, ReadOnlySpan<double> emhQ, ReadOnlySpan<double> lnBetaQ, ReadOnlySpan<double> wQ, ReadOnlySpan<int> rows,
        ReadOnlySpan<OptionType> type, ReadOnlySpan<double> price, double spot, ReadOnlySpan<double> strike, ReadOnlySpan<double> years, double rate, ReadOnlySpan<double> carry, Span<double> vol)
    {
        var m = xoQ.Length;
        if (m == 0) return;
        Span<int> slot = stackalloc int[8];
        var lo = Lanes.Idle;
        var hi = Lanes.Idle;
        var next = 0;
        var activeBits = 0u;
        for (var l = 0; l < 8 && next < m; l++, next++)
        {
            slot[l] = next;
            (l < 4 ? ref lo : ref hi).Load(l & 3, xoQ[next], ehQ[next], emhQ[next], lnBetaQ[next], wQ[next]);
            activeBits |= 1u << l;
        }
        while (activeBits != 0)
        {
            // Two independent steps back to back: the out-of-order core overlaps their chains.
            var finished = (lo.Step(out var done0) | (hi.Step(out var done1) << 4)) & activeBits;
            if (finished == 0) continue;
            var doneBits = done0 | (done1 << 4);
            for (var l = 0; l < 8; l++)
            {
                if (((finished >> l) & 1) == 0) continue;
                ref var v = ref l < 4 ? ref lo : ref hi;
                var q = slot[l];
                var k = rows[q];
                var wl = v.W.GetElement(l & 3);
                // Converged, or out of iterations with a last step the price's own rounding explains (scalar rule).
                if (((doneBits >> l) & 1) != 0 || v.LastStep.GetElement(l & 3) <= 1e-12 * Math.Max(1, wl)) vol[k] = wl / Math.Sqrt(years[k]);
                else vol[k] = TrySolve(type[k], price[k], spot, strike[k], years[k], rate, carry[k], out var sv) ? sv : double.NaN;
                if (next < m)
                {
                    slot[l] = next;
                    v.Load(l & 3, xoQ[next], ehQ[next], emhQ[next], lnBetaQ[next], wQ[next]);
                    next++;
                }
                else
                {
                    activeBits &= ~(1u << l);
                }
            }
        }
    }

    /// <summary>The state of 4 Newton lanes.</summary>
    private struct Lanes
    {
        public Vector256<double> Xo, EHalf, EMinusHalf, LnBeta, W, LastStep, Iterations;

        /// <summary>Every lane on a harmless problem (x = 0, beta = 0.1) whose result is never read.</summary>
        public static Lanes Idle => new()
        {
            Xo = Vector256<double>.Zero,
            EHalf = Vector256<double>.One,
            EMinusHalf = Vector256<double>.One,
            LnBeta = Vector256.Create(Math.Log(0.1)),
            W = Vector256.Create(0.25),
            LastStep = Vector256.Create(double.PositiveInfinity),
            Iterations = Vector256<double>.Zero,
        };

        /// <summary>
        /// Puts a new contract in <paramref name="lane"/>: one scalar store per field into the lanes' memory (the lanes
        /// live on the stack), not a read-modify-write of each whole vector as <c>WithElement</c> is here.
        /// </summary>
        public void Load(int lane, double xo, double eHalf, double eMinusHalf, double lnBeta, double w)
        {
            Set(ref Xo, lane, xo);
            Set(ref EHalf, lane, eHalf);
            Set(ref EMinusHalf, lane, eMinusHalf);
            Set(ref LnBeta, lane, lnBeta);
            Set(ref W, lane, w);
            Set(ref LastStep, lane, double.PositiveInfinity);
            Set(ref Iterations, lane, 0);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Set(ref Vector256<double> v, int lane, double x) => Unsafe.Add(ref Unsafe.As<Vector256<double>, double>(ref v), lane) = x;

        /// <summary>One step on every lane (Halley's where |r| &lt;= 1/2, else the scalar solver's Newton step; its clamps and stopping rule); returns the lanes that are finished (converged or out of iterations) and, in <paramref name="doneBits"/>, those that converged.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public uint Step(out uint doneBits)
        {
            var one = Vector256<double>.One;
            var w = W;
            var b = NormalisedCall(Xo, w, EHalf, EMinusHalf, out var g1, out var d1);
            var bad = ~Vector256.GreaterThan(b, Vector256<double>.Zero); // b <= 0 or NaN: double w, as the scalar solver
            var vega = EHalf * Vector256.Create(Normal.InvSqrt2Pi) * g1;
            var f = Vector256.Log(b) - LnBeta;
            var newton = f * b / vega;
            // Halley: with f = ln b - ln beta, f' = b'/b and b'' = b' d1 d2 / w, f''/f' = d1 d2 / w - f', so the step is
            // newton / (1 - r), r = newton (d1 d2 / w - f') / 2; cubic convergence (about 4 steps instead of 7 from the
            // start). Where |r| > 1/2 (far from the root) the plain Newton step is taken.
            var r = Vector256.Create(0.5) * newton * (d1 * (d1 - w) / w - vega / b);
            var halley = Vector256.LessThanOrEqual(Vector256.Abs(r), Vector256.Create(0.5));
            var step = Vector256.ConditionalSelect(halley, newton / (one - r), newton);
            var stepped = w - step;
            var maxW = Vector256.Create(MaxTotalVol);
            stepped = Vector256.ConditionalSelect(Vector256.LessThanOrEqual(stepped, Vector256<double>.Zero), Vector256.Create(0.5) * w, stepped);
            stepped = Vector256.ConditionalSelect(Vector256.GreaterThan(stepped, maxW), Vector256.Create(0.5) * (w + maxW), stepped);
            var move = Vector256.Abs(stepped - w);
            var done = Vector256.LessThanOrEqual(move, Vector256.Create(1e-14) * VectorClamp.AtLeast(w, one)) & ~bad;
            LastStep = Vector256.ConditionalSelect(bad, LastStep, move);
            W = Vector256.ConditionalSelect(bad, w + w, stepped);
            Iterations += one;
            doneBits = done.ExtractMostSignificantBits();
            return (done | Vector256.GreaterThanOrEqual(Iterations, Vector256.Create((double)MaxIterations))).ExtractMostSignificantBits();
        }
    }

    /// <summary>
    /// Vector b(x, w) = e^{x/2} N(d1) - e^{-x/2} N(d2); <paramref name="g1"/> = e^{-d1^2/2}. One exp: with d1 = x/w + w/2 and
    /// d2 = d1 - w, d2^2/2 = d1^2/2 - x, so e^{-d2^2/2} = e^{-d1^2/2} (e^{x/2})^2, a multiply instead of a second exp (within
    /// a few ulps of the exp; the tests hold the batch to the scalar solver). Where -d1^2/2 is below the exp's floor of -700,
    /// N(d1) and N(d2) are both below 1e-300 however g2 is formed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> NormalisedCall(Vector256<double> x, Vector256<double> w, Vector256<double> eHalf, Vector256<double> eMinusHalf, out Vector256<double> g1, out Vector256<double> d1)
    {
        d1 = x / w + Vector256.Create(0.5) * w;
        var d2 = d1 - w;
        var floor = Vector256.Create(-700.0);
        var minusHalf = Vector256.Create(-0.5);
        g1 = VectorExp.NonPositive(VectorClamp.AtLeast(minusHalf * d1 * d1, floor));
        var g2 = g1 * (eHalf * eHalf);
        return eHalf * NormalVector.Cdf(d1, g1) - eMinusHalf * NormalVector.Cdf(d2, g2);
    }

    /// <summary>What a Newton solve starts from: the normalised out-of-the-money problem and the first guess.</summary>
    private readonly record struct Start(double Xo, double EHalf, double EMinusHalf, double Beta, double LnBeta, double W);

    /// <summary>
    /// The checks and the start of <see cref="TrySolveTotal"/>, shared with <see cref="SolveOrNaN"/>:
    /// false when the price is at or below intrinsic value or at or above the upper bound.
    /// </summary>
    private static bool TryStart(OptionType type, double undiscountedPrice, double forward, double strike, out Start start)
    {
        start = default;
        var x = Math.Log(forward / strike);
        var sqrtFk = Math.Sqrt(forward * strike);
        var beta = undiscountedPrice / sqrtFk;
        // Out-of-the-money twin: a call with F > K becomes a put with the same w (parity), and a put
        // is a call with x -> -x in normalised form.
        var isCall = type == OptionType.Call;
        var intrinsic = isCall ? Math.Max(forward - strike, 0) : Math.Max(strike - forward, 0);
        if (!(undiscountedPrice > intrinsic)) return false;
        if (intrinsic > 0) beta = (undiscountedPrice - intrinsic) / sqrtFk;
        // Normalised OTM call with x <= 0: b(x, w) = e^{x/2} N(x/w + w/2) - e^{-x/2} N(x/w - w/2).
        var xo = isCall ? (x > 0 ? -x : x) : (x < 0 ? x : -x);
        var upper = Math.Exp(0.5 * xo);
        if (!(beta < upper) || beta < 1e-300) return false;
        // e^{x/2} and e^{-x/2} are the same in every Newton step: computed once per contract.
        var eMinusHalf = Math.Exp(-0.5 * xo);
        var lnBeta = Math.Log(beta);
        // Start: the larger of the ATM (Brenner-Subrahmanyam) guess and the deep-OTM asymptote
        // ln b ~ -x^2 / (2 w^2); both sit near or below the root where ln b is concave.
        var w = Math.Max(beta * Math.Sqrt(2 * Math.PI), xo == 0 ? 0 : Math.Abs(xo) / Math.Sqrt(Math.Max(-2 * lnBeta, 1e-12)));
        w = Math.Clamp(w, 1e-8, MaxTotalVol);
        start = new Start(xo, upper, eMinusHalf, beta, lnBeta, w);
        return true;
    }

    /// <summary>b(x, w) = e^{x/2} N(d1) - e^{-x/2} N(d2), d1 = x/w + w/2, with e^{+-x/2} supplied by the caller.</summary>
    private static double NormalisedCall(double x, double w, double eHalf, double eMinusHalf, out double d1)
    {
        d1 = x / w + 0.5 * w;
        var d2 = d1 - w;
        return eHalf * Normal.Cdf(d1) - eMinusHalf * Normal.Cdf(d2);
    }
}
