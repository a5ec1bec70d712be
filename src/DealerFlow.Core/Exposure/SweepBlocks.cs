namespace DealerFlow.Core.Exposure;

/// <summary>
/// Which contracts can matter at a spot: the expiry-ordered sweep columns of a
/// <see cref="PricedChain"/> (strike-ordered within each expiry) cut into blocks of at most
/// <see cref="Size"/> contracts that never straddle an expiry, each with the interval of ln S
/// outside which every contract of the block is negligible.
/// <para>
/// The bound. A contract's term is W exp(-d^2 / 2) with d = A u + C, u = ln(S / S0) (S0 the chain's spot) and
/// A = 1 / (sigma sqrt T) &gt; 0, so |d| &lt;= <see cref="Reach"/> exactly when u lies in [(-Reach - C) / A, (Reach - C) / A], a
/// window of +-Reach sigma sqrt T around ln(K / S0) - (b + sigma^2 / 2) T. A block's interval
/// [<see cref="Lo"/>, <see cref="Hi"/>] is the hull of its contracts' windows. At a ln S outside it,
/// every contract of the block has |d| &gt; Reach, so its term is at most |W| e^{-Reach^2/2}
/// (<see cref="TailFactor"/> = e^{-50}, about 1.9e-22 |W|), and the block as a whole moves the sum
/// by at most <see cref="TailFactor"/> x <see cref="AbsWeight"/>. A sweep that skips blocks adds
/// up the skipped blocks' <see cref="AbsWeight"/> into S_skip and keeps the pruned sum only when
/// <see cref="TailFactor"/> x S_skip &lt;= 1e-16 x |pruned sum| (<see cref="Negligible"/>); else it
/// evaluates that spot densely. So a pruned value differs from the dense one by at most 1e-16 of
/// itself (plus the rounding of summing in another order). The interval test needs no sort for
/// correctness; strike order only keeps the hulls tight.
/// </para>
/// This type is immutable once built and thread-safe.
/// </summary>
internal sealed class SweepBlocks
{
    /// <summary>Contracts per block (a multiple of the 4- and 8-lane vector widths).</summary>
    public const int Size = 64;

    /// <summary>|d1| beyond which a contract is skipped.</summary>
    public const double Reach = 10;

    /// <summary>e^{-Reach^2/2} = e^{-50}: the largest term of a skipped contract per unit of |W|.</summary>
    public static readonly double TailFactor = Math.Exp(-0.5 * Reach * Reach);

    /// <summary>Block b holds the expiry-ordered columns [Start[b], Start[b + 1]).</summary>
    public readonly int[] Start;

    /// <summary>Lowest u = ln(S / S0) at which some contract of the block has |d1| &lt;= Reach.</summary>
    public readonly double[] Lo;

    /// <summary>Highest u = ln(S / S0) at which some contract of the block has |d1| &lt;= Reach.</summary>
    public readonly double[] Hi;

    /// <summary>sum |W| over the block.</summary>
    public readonly double[] AbsWeight;

    /// <summary>The blocks of expiry e are [FirstBlock[e], FirstBlock[e + 1]).</summary>
    public readonly int[] FirstBlock;

    /// <summary>sum |W| over the chain.</summary>
    public readonly double TotalAbsWeight;

    private SweepBlocks(int[] start, double[] lo, double[] hi, double[] absWeight, int[] firstBlock, double total)
    {
        Start = start;
        Lo = lo;
        Hi = hi;
        AbsWeight = absWeight;
        FirstBlock = firstBlock;
        TotalAbsWeight = total;
    }

    public int Count => AbsWeight.Length;

    /// <summary>True when skipping blocks of total |W| <paramref name="skippedAbs"/> cannot move <paramref name="prunedSum"/> by more than 1e-16 of itself.</summary>
    public bool Negligible(double skippedAbs, double prunedSum) =>
        skippedAbs == 0 || TailFactor * (skippedAbs + 1e-12 * TotalAbsWeight) <= 1e-16 * Math.Abs(prunedSum);

    /// <summary>Blocks over the expiry-ordered columns <paramref name="a"/>, <paramref name="c"/>, <paramref name="w"/> with expiry e in [expiryStart[e], expiryStart[e + 1]).</summary>
    public static SweepBlocks Build(double[] a, double[] c, double[] w, int[] expiryStart)
    {
        var expiries = expiryStart.Length - 1;
        var starts = new List<int>(a.Length / Size + expiries + 1);
        var firstBlock = new int[expiries + 1];
        for (var e = 0; e < expiries; e++)
        {
            firstBlock[e] = starts.Count;
            for (var i = expiryStart[e]; i < expiryStart[e + 1]; i += Size) starts.Add(i);
        }
        firstBlock[expiries] = starts.Count;
        var count = starts.Count;
        starts.Add(expiryStart[expiries]);
        var start = starts.ToArray();
        var lo = new double[count];
        var hi = new double[count];
        var abs = new double[count];
        var total = 0.0;
        for (var b = 0; b < count; b++)
        {
            double l = double.PositiveInfinity, h = double.NegativeInfinity, s = 0;
            for (var i = start[b]; i < start[b + 1]; i++)
            {
                var inv = 1 / a[i];
                l = Math.Min(l, (-Reach - c[i]) * inv);
                h = Math.Max(h, (Reach - c[i]) * inv);
                s += Math.Abs(w[i]);
            }
            // A non-finite constant (never produced by the pricer) keeps the block always active.
            if (!double.IsFinite(l) || !double.IsFinite(h)) (l, h) = (double.NegativeInfinity, double.PositiveInfinity);
            lo[b] = l;
            hi[b] = h;
            abs[b] = s;
            total += s;
        }
        return new SweepBlocks(start, lo, hi, abs, firstBlock, total);
    }
}
