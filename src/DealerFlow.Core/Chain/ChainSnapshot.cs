namespace DealerFlow.Core.Chain;

/// <summary>
/// One option chain at one instant, stored column by column (structure of arrays) so the maths can
/// stream over it. Prices are in the underlying's currency per share; open interest and volume in
/// contracts. A value that a source did not provide is <see cref="double.NaN"/>, never 0.
/// Build one with <see cref="ChainBuilder"/>.
/// </summary>
public sealed class ChainSnapshot
{
    internal ChainSnapshot(string underlying, double spot, DateTimeOffset instant, string source, ChainColumns columns)
    {
        Underlying = underlying;
        Spot = spot;
        Instant = instant;
        Source = source;
        Columns = columns;
    }

    /// <summary>Underlying symbol as the source names it (SPX, SPY, NDX...).</summary>
    public string Underlying { get; }

    /// <summary>Underlying price at <see cref="Instant"/>, in index points or $ per share.</summary>
    public double Spot { get; }

    /// <summary>Snapshot instant with the offset the source gave (or the documented assumed zone).</summary>
    public DateTimeOffset Instant { get; }

    /// <summary>Which format or provider produced this snapshot (for reports).</summary>
    public string Source { get; }

    internal ChainColumns Columns { get; }

    /// <summary>Number of contracts.</summary>
    public int Count => Columns.Count;

    /// <summary>Strike of each contract, in the underlying's price units.</summary>
    public ReadOnlySpan<double> Strike => Columns.Strike.AsSpan(0, Count);

    /// <summary>Call or put, per contract.</summary>
    public ReadOnlySpan<OptionType> Type => Columns.Type.AsSpan(0, Count);

    /// <summary>Expiry date of each contract, as in its OCC symbol.</summary>
    public ReadOnlySpan<DateOnly> Expiry => Columns.Expiry.AsSpan(0, Count);

    /// <summary>AM (09:30 ET) or PM (16:00 ET) settlement of each contract on its expiry date (docs/domain.md section 3).</summary>
    public ReadOnlySpan<SettlementStyle> Settlement => Columns.Settlement.AsSpan(0, Count);

    /// <summary>Bid price per share; NaN when the source gave none.</summary>
    public ReadOnlySpan<double> Bid => Columns.Bid.AsSpan(0, Count);

    /// <summary>Ask price per share; NaN when the source gave none.</summary>
    public ReadOnlySpan<double> Ask => Columns.Ask.AsSpan(0, Count);

    /// <summary>Last traded price per share; NaN when the source gave none.</summary>
    public ReadOnlySpan<double> Last => Columns.Last.AsSpan(0, Count);

    /// <summary>Contracts traded in the session; NaN when the source gave none.</summary>
    public ReadOnlySpan<double> Volume => Columns.Volume.AsSpan(0, Count);

    /// <summary>Open interest in contracts (published once a day, as of the prior close); NaN when the source gave none.</summary>
    public ReadOnlySpan<double> OpenInterest => Columns.OpenInterest.AsSpan(0, Count);

    /// <summary>The vendor's implied volatility as a fraction (0.25 = 25%); NaN when absent (the CBOE CSV reader turns its 0, "not computed", into NaN).</summary>
    public ReadOnlySpan<double> VendorIv => Columns.VendorIv.AsSpan(0, Count);

    /// <summary>The vendor's delta per share (calls positive, puts negative), computed at the vendor's spot and time; NaN when absent.</summary>
    public ReadOnlySpan<double> VendorDelta => Columns.VendorDelta.AsSpan(0, Count);

    /// <summary>The vendor's gamma per $1 per share, computed at the vendor's spot and time; NaN when absent.</summary>
    public ReadOnlySpan<double> VendorGamma => Columns.VendorGamma.AsSpan(0, Count);

    /// <summary>Shares of underlying per contract (100 for standard US options).</summary>
    public ReadOnlySpan<double> Multiplier => Columns.Multiplier.AsSpan(0, Count);

    /// <summary>Line (or record number) in the source each contract came from, for messages.</summary>
    public ReadOnlySpan<int> SourceLine => Columns.SourceLine.AsSpan(0, Count);

    /// <summary>OCC option root of contract <paramref name="i"/> (SPX and SPXW are kept apart).</summary>
    public string Root(int i) => Columns.Roots[Columns.RootIndex[i]];

    /// <summary>OCC symbol of contract <paramref name="i"/>, for example <c>SPXW240105C04700000</c>.</summary>
    public string Symbol(int i) => OccSymbol.Format(Root(i), Expiry[i], Type[i], Strike[i]);

    /// <summary>True when at least one contract carries a vendor gamma.</summary>
    public bool HasVendorGamma
    {
        get
        {
            foreach (var g in VendorGamma)
            {
                if (!double.IsNaN(g)) return true;
            }
            return false;
        }
    }

    /// <summary>The same contracts seen at another spot and instant (a later tick of the same chain).</summary>
    public ChainSnapshot WithSpot(double spot, DateTimeOffset instant)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(spot);
        return new ChainSnapshot(Underlying, spot, instant, Source, Columns);
    }
}

/// <summary>The columns behind a <see cref="ChainSnapshot"/>; arrays may be longer than <see cref="Count"/>.</summary>
internal sealed class ChainColumns
{
    public int Count;
    public List<string> Roots = [];
    public int[] RootIndex = [];
    public DateOnly[] Expiry = [];
    public OptionType[] Type = [];
    public SettlementStyle[] Settlement = [];
    public double[] Strike = [];
    public double[] Bid = [];
    public double[] Ask = [];
    public double[] Last = [];
    public double[] Volume = [];
    public double[] OpenInterest = [];
    public double[] VendorIv = [];
    public double[] VendorDelta = [];
    public double[] VendorGamma = [];
    public double[] Multiplier = [];
    public int[] SourceLine = [];
}
