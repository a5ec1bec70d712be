namespace DealerFlow.Core.Chain;

/// <summary>
/// One contract as a reader hands it to <see cref="ChainBuilder"/>. Prices per share; open interest
/// and volume in contracts; IV as a fraction (0.25 = 25%); vendor gamma per $1 per share.
/// Absent values are <see cref="double.NaN"/>.
/// </summary>
public readonly record struct OptionQuote(
    string Root,
    DateOnly Expiry,
    OptionType Type,
    double Strike,
    double Bid,
    double Ask,
    double Last,
    double Volume,
    double OpenInterest,
    double VendorIv,
    double VendorDelta,
    double VendorGamma,
    int SourceLine)
{
    /// <summary>Contract multiplier (shares per contract); 100 for standard US options.</summary>
    public double Multiplier { get; init; } = 100;

    /// <summary>Settlement style; null = decided by <see cref="Time.Settlement.StyleOf"/> from the root.</summary>
    public SettlementStyle? Settlement { get; init; }
}
