using DealerFlow.Core.Chain;
using DealerFlow.Core.Time;

namespace DealerFlow.Core.Exposure;

/// <summary>One expiry (date and settlement style) of a priced chain.</summary>
public sealed record ExpiryInfo(
    DateOnly Date,
    SettlementStyle Settlement,
    double Years,
    int DaysToExpiry,
    double Forward,
    bool ForwardFromParity,
    bool IsMonthly)
{
    /// <summary>Cost of carry b = ln(F/S)/T that reproduces the forward from spot.</summary>
    public double Carry { get; init; }

    /// <summary>The forward as the quotes imply it (before quote sync re-anchors it at the file's spot); equals <see cref="Forward"/> when not re-anchored.</summary>
    public double QuotedForward { get; init; }

    /// <summary>Contracts of this expiry that entered the exposure.</summary>
    public int Contracts { get; init; }
}

/// <summary>
/// The contracts of a chain that carry dealer exposure, laid out column by column with every
/// per-contract constant precomputed, so that re-pricing the whole chain at a hypothetical spot is
/// one pass over flat arrays. Built by <see cref="ChainPricer.Price"/> (or the revaluer); this type is immutable
/// and thread-safe once constructed.
/// </summary>
public sealed class PricedChain
{
    /// <summary>
    /// Allocates the columns for <paramref name="count"/> contracts, lets <paramref name="fill"/> store every contract
    /// through the writer it is given (the one place the per-contract constants are derived), then builds the
    /// expiry-ordered copy for <paramref name="expiries"/> expiries. The metadata is set by the caller's object
    /// initializer, so nothing changes once the constructor expression has run.
    /// </summary>
    internal PricedChain(ChainSnapshot snapshot, EngineSettings settings, int count, int expiries, Action<ContractWriter> fill)
    {
        Snapshot = snapshot;
        Settings = settings;
        Count = count;
        Strike = new double[count];
        Years = new double[count];
        Vol = new double[count];
        Carry = new double[count];
        Position = new double[count];
        Type = new OptionType[count];
        ExpiryIndex = new int[count];
        StrikeIndex = new int[count];
        ContractIndex = new int[count];
        SweepA = new double[count];
        SweepC = new double[count];
        SweepW = new double[count];
        SweepWAbs = new double[count];
        CarryDf = new double[count];
        TypeSign = new double[count];
        InvVol = new double[count];
        HalfInvYears = new double[count];
        TotalVol = new double[count];
        GammaScale = new double[count];
        ByExpiryA = new double[count];
        ByExpiryC = new double[count];
        ByExpiryW = new double[count];
        fill(SetContract);
        Pairs = LeadingPairs();
        ExpiryStart = SealExpiryOrder(expiries);
        var nodes = ExpiryStart[^1];
        Array.Resize(ref ByExpiryA, nodes);
        Array.Resize(ref ByExpiryC, nodes);
        Array.Resize(ref ByExpiryW, nodes);
        Blocks = SweepBlocks.Build(ByExpiryA, ByExpiryC, ByExpiryW, ExpiryStart);
    }

    /// <summary>The snapshot this chain was priced from; <see cref="ContractIndexColumn"/> maps each priced contract to its row.</summary>
    public ChainSnapshot Snapshot { get; }
    /// <summary>The settings it was priced under (positioning, rate, forwards, IV source, filter), printed with every result.</summary>
    public EngineSettings Settings { get; }
    /// <summary>The snapshot's spot price of the underlying, in price units; carry b = ln(F/S)/T of every expiry is measured from it (a quote-sync re-anchor scales the parity forwards to it).</summary>
    public double Spot => Snapshot.Spot;
    /// <summary>The snapshot's instant; every T is measured from it.</summary>
    public DateTimeOffset Instant => Snapshot.Instant;
    /// <summary>The continuous risk-free rate r, fraction per year, that discounts every price and greek.</summary>
    public double Rate => Settings.Rate;
    /// <summary>Number of contracts that entered the exposure (the length of every column).</summary>
    public int Count { get; }

    /// <summary>The snapshot's US/Eastern calendar date (DTE counts from it).</summary>
    public DateOnly Today { get; init; }

    internal readonly double[] Strike;
    internal readonly double[] Years;
    internal readonly double[] Vol;
    internal readonly double[] Carry;

    /// <summary>Signed dealer position in shares of underlying per unit of delta: sign x OI x multiplier (+ overlay).</summary>
    internal readonly double[] Position;
    internal readonly OptionType[] Type;
    internal readonly int[] ExpiryIndex;
    internal readonly int[] StrikeIndex;

    /// <summary>Row of the contract in <see cref="Snapshot"/>.</summary>
    internal readonly int[] ContractIndex;

    // Sweep constants, centred at the chain's spot S0: d1(S) = A ln(S / S0) + C, so C is d1 at S0 and the sweeps add a small
    // A u (|u| <= 0.23 on the +-20 % grid) instead of cancelling A ln S against A ln K (for a same-day contract A ln S is ~1e4
    // and that cancellation alone cost ~1e-12 of d1); position x gamma(S) = W exp(-d1^2/2) / S.
    internal readonly double[] SweepA;
    internal readonly double[] SweepC;
    internal readonly double[] SweepW;
    internal readonly double[] SweepWAbs;

    /// <summary>+1 for a call, -1 for a put: delta = sign e^{(b-r)T} N(sign d1).</summary>
    internal readonly double[] TypeSign;

    /// <summary>1 / sigma.</summary>
    internal readonly double[] InvVol;

    /// <summary>1 / (2T).</summary>
    internal readonly double[] HalfInvYears;

    /// <summary>sigma sqrt T.</summary>
    internal readonly double[] TotalVol;

    /// <summary>e^{(b - r) T}: the carry discount of delta.</summary>
    internal readonly double[] CarryDf;

    /// <summary>e^{(b - r) T} / (sigma sqrt T sqrt(2 pi)): gamma per share = GammaScale exp(-d1^2/2) / S (W = Position x GammaScale).</summary>
    internal readonly double[] GammaScale;

    // The same sweep constants ordered by expiry, and within an expiry by the ln S where d1 = 0 (strike order), expiry e in [ExpiryStart[e], ExpiryStart[e + 1]),
    // contracts with the same A and C merged into one node (MergeNodes), so these columns can be shorter than Count:
    // leaving one expiry out is two contiguous ranges, so the ex-expiry profile costs no extra exp.
    internal readonly double[] ByExpiryA;
    internal readonly double[] ByExpiryC;
    internal readonly double[] ByExpiryW;
    internal readonly int[] ExpiryStart;

    /// <summary>u = ln(S / S0): how every sweep and greek kernel takes a hypothetical spot S, so that d1(S) = A u + C (<see cref="D1"/>).</summary>
    internal double LogMove(double spot) => Math.Log(spot / Spot);

    /// <summary>d1 of contract <paramref name="j"/> at the log move <paramref name="u"/> = ln(S / S0): A u + C in one fused multiply-add (the centring above keeps it as exact as ln(S/K) itself).</summary>
    internal double D1(int j, double u) => Math.FusedMultiplyAdd(SweepA[j], u, SweepC[j]);

    /// <summary>
    /// Contracts 2p (a call) and 2p + 1 (a put) for p &lt; Pairs share every greek constant bit for bit (one expiry, strike
    /// and IV), so <see cref="SpotGreeks"/> takes their d1, exp and normal CDF once for both. The pricer lists such pairs
    /// first (<see cref="ChainPricer"/>); this count is what the columns hold, checked, whatever order a producer chose.
    /// </summary>
    internal readonly int Pairs;

    /// <summary>The pruning blocks over the expiry-ordered columns (<see cref="SweepBlocks"/>), built with them.</summary>
    internal readonly SweepBlocks Blocks;


    // The carry discount of the contract stored last (used only while the columns are filled).
    private double _lastCarry = double.NaN, _lastYears = double.NaN, _lastCarryDf;

    /// <summary>Stores contract <paramref name="j"/> and derives every per-contract constant the kernels read (sweep, greeks, gamma scale).</summary>
    private void SetContract(int j, double strike, double years, double vol, double carry, double position, OptionType type, int expiryIndex, int strikeIndex, int contractIndex)
    {
        Strike[j] = strike;
        Years[j] = years;
        Vol[j] = vol;
        Carry[j] = carry;
        Position[j] = position;
        Type[j] = type;
        ExpiryIndex[j] = expiryIndex;
        StrikeIndex[j] = strikeIndex;
        ContractIndex[j] = contractIndex;
        var totalVol = vol * Math.Sqrt(years);
        var a = 1 / totalVol;
        var drift = (carry + 0.5 * vol * vol) * years;
        // e^{(b - r) T} depends on the expiry only: the previous contract's is reused for the same (carry, T).
        if (!(carry == _lastCarry && years == _lastYears))
            (_lastCarry, _lastYears, _lastCarryDf) = (carry, years, Math.Exp((carry - Settings.Rate) * years));
        var carryDf = _lastCarryDf;
        var scale = carryDf * a * Pricing.Normal.InvSqrt2Pi;
        SweepA[j] = a;
        SweepC[j] = (Math.Log(Snapshot.Spot / strike) + drift) * a;
        CarryDf[j] = carryDf;
        TotalVol[j] = totalVol;
        TypeSign[j] = type == OptionType.Call ? 1 : -1;
        InvVol[j] = 1 / vol;
        HalfInvYears[j] = 0.5 / years;
        GammaScale[j] = scale;
        SweepW[j] = position * scale;
        SweepWAbs[j] = Math.Abs(position) * scale;
    }

    /// <summary>How many of the leading contract pairs (2p, 2p + 1) are a call and a put with the same greek constants.</summary>
    private int LeadingPairs()
    {
        var p = 0;
        while (2 * p + 1 < Count && IsPair(2 * p)) p++;
        return p;

        bool IsPair(int j) => Type[j] == OptionType.Call && Type[j + 1] == OptionType.Put && Same(SweepA, j) && Same(SweepC, j)
            && Same(TotalVol, j) && Same(InvVol, j) && Same(CarryDf, j) && Same(HalfInvYears, j) && Same(Carry, j);

        static bool Same(double[] column, int j) => BitConverter.DoubleToInt64Bits(column[j]) == BitConverter.DoubleToInt64Bits(column[j + 1]);
    }

    /// <summary>Builds the expiry-ordered copy of the sweep constants (counting sort by expiry, then by the d1 = 0 centre within each) once every contract is set; returns the expiry starts.</summary>
    private int[] SealExpiryOrder(int expiries)
    {
        var start = new int[expiries + 1];
        for (var j = 0; j < Count; j++) start[ExpiryIndex[j] + 1]++;
        for (var e = 0; e < expiries; e++) start[e + 1] += start[e];
        var fill = start[..^1];
        for (var j = 0; j < Count; j++)
        {
            var at = fill[ExpiryIndex[j]]++;
            ByExpiryA[at] = SweepA[j];
            ByExpiryC[at] = SweepC[j];
            ByExpiryW[at] = SweepW[j];
        }
        for (var e = 0; e < expiries; e++) SortByCentre(start[e], start[e + 1]);
        return MergeNodes(start);
    }

    /// <summary>
    /// Folds the contracts of one expiry that share A and C bit for bit (the call and the put of a strike priced at one IV:
    /// 9,456 nodes for the 15,366 contracts of the SPX sample) into one entry whose W is the sum of theirs, in place, so
    /// every sweep evaluates one exp per (expiry, strike, vol) node instead of per contract; W exp(-d1^2/2) of the node
    /// equals the contracts' terms added, to one rounding of W. Returns the expiry starts of the merged columns.
    /// </summary>
    private int[] MergeNodes(int[] start)
    {
        var merged = new int[start.Length];
        var at = 0;
        for (var e = 0; e + 1 < start.Length; e++)
        {
            merged[e] = at;
            for (var i = start[e]; i < start[e + 1]; i++)
            {
                if (at > merged[e] && ByExpiryA[i] == ByExpiryA[at - 1] && ByExpiryC[i] == ByExpiryC[at - 1])
                {
                    ByExpiryW[at - 1] += ByExpiryW[i];
                    continue;
                }
                (ByExpiryA[at], ByExpiryC[at], ByExpiryW[at]) = (ByExpiryA[i], ByExpiryC[i], ByExpiryW[i]);
                at++;
            }
        }
        merged[^1] = at;
        return merged;
    }

    /// <summary>
    /// Orders the expiry-ordered columns [from, to) by the ln(S / S0) where d1 = 0 (ln(K / S0) - drift, -C / A), so
    /// the pruning blocks of <see cref="SweepBlocks"/> are tight; a segment already in order (a chain
    /// read strike by strike) is left as it is.
    /// </summary>
    private void SortByCentre(int from, int to)
    {
        var sorted = true;
        for (var i = from + 1; i < to && sorted; i++)
            sorted = -ByExpiryC[i - 1] / ByExpiryA[i - 1] <= -ByExpiryC[i] / ByExpiryA[i];
        if (sorted) return;
        var n = to - from;
        var keys = new double[n];
        var order = new int[n];
        for (var i = 0; i < n; i++) (keys[i], order[i]) = (-ByExpiryC[from + i] / ByExpiryA[from + i], from + i);
        Array.Sort(keys, order);
        var a = new double[n];
        var c = new double[n];
        var w = new double[n];
        for (var i = 0; i < n; i++) (a[i], c[i], w[i]) = (ByExpiryA[order[i]], ByExpiryC[order[i]], ByExpiryW[order[i]]);
        a.CopyTo(ByExpiryA, from);
        c.CopyTo(ByExpiryC, from);
        w.CopyTo(ByExpiryW, from);
    }


    /// <summary>The live expiries with at least one priced contract, ordered by T (same date: AM before PM); <see cref="ExpiryIndexColumn"/> indexes it.</summary>
    public IReadOnlyList<ExpiryInfo> Expiries { get; init; } = [];

    /// <summary>Distinct strikes in ascending order.</summary>
    public IReadOnlyList<double> Strikes { get; init; } = [];

    /// <summary>Index in <see cref="Expiries"/> of the earliest expiry, or -1 when none.</summary>
    public int NextExpiryIndex { get; init; } = -1;

    /// <summary>Contracts of the snapshot left out of the exposure, counted per reason (a reason with no contract is absent).</summary>
    public IReadOnlyDictionary<Exclusion, int> Excluded { get; init; } = new Dictionary<Exclusion, int>();

    /// <summary>A few contracts per exclusion reason, "SYMBOL (line N)", so a count can be checked.</summary>
    public IReadOnlyDictionary<Exclusion, IReadOnlyList<string>> ExcludedExamples { get; init; } = new Dictionary<Exclusion, IReadOnlyList<string>>();

    /// <summary>Contracts whose IV was solved from the mid price (vendor IV absent or not used).</summary>
    public int IvSolved { get; init; }

    /// <summary>Contracts whose IV came from the vendor.</summary>
    public int IvFromVendor { get; init; }

    /// <summary>Of <see cref="IvSolved"/>, contracts whose IV came from the other side's mid at their strike (the out-of-the-money side had none).</summary>
    public int IvFromOtherSide { get; init; }

    /// <summary>Contracts whose IV was interpolated in strike (<see cref="IvOrigin.Interpolated"/>).</summary>
    public int IvInterpolated { get; init; }

    /// <summary>Where each row of <see cref="Snapshot"/> took its IV (<see cref="IvOrigin.None"/> for a row not priced).</summary>
    public IReadOnlyList<IvOrigin> IvOrigins { get; init; } = [];

    /// <summary>The quote-sync verdict; null when forwards are flat or no expiry has a parity forward.</summary>
    public Pricing.QuoteSyncResult? QuoteSync { get; init; }

    /// <summary>Strike of each priced contract, in $.</summary>
    public ReadOnlySpan<double> StrikeColumn => Strike;
    /// <summary>Time to settlement T of each priced contract, in 365-day years (always &gt; 0).</summary>
    public ReadOnlySpan<double> YearsColumn => Years;
    /// <summary>Implied volatility sigma of each priced contract, as a fraction per year (0.2 = 20%).</summary>
    public ReadOnlySpan<double> VolColumn => Vol;
    /// <summary>Cost of carry b = ln(F/S)/T of each priced contract's expiry, fraction per year.</summary>
    public ReadOnlySpan<double> CarryColumn => Carry;
    /// <summary>Signed dealer position of each priced contract in shares of underlying per unit of delta: sign x OI x multiplier (+ overlay contracts x multiplier); positive = dealers long.</summary>
    public ReadOnlySpan<double> PositionColumn => Position;
    /// <summary>Call or put, per priced contract.</summary>
    public ReadOnlySpan<OptionType> TypeColumn => Type;
    /// <summary>Index in <see cref="Expiries"/> of each priced contract's expiry.</summary>
    public ReadOnlySpan<int> ExpiryIndexColumn => ExpiryIndex;
    /// <summary>Row in <see cref="Snapshot"/> of each priced contract.</summary>
    public ReadOnlySpan<int> ContractIndexColumn => ContractIndex;

    /// <summary>Days to expiry of a settlement date, from <see cref="Today"/>.</summary>
    public int DaysTo(DateOnly expiry) => expiry.DayNumber - Today.DayNumber;

    internal static DateOnly EasternDate(DateTimeOffset instant) => DateOnly.FromDateTime(UsEastern.ToEastern(instant).DateTime);
}

/// <summary>Stores one contract of a <see cref="PricedChain"/> under construction (row j of the columns).</summary>
internal delegate void ContractWriter(int j, double strike, double years, double vol, double carry, double position, OptionType type, int expiryIndex, int strikeIndex, int contractIndex);
