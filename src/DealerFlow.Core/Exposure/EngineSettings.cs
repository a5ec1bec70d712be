namespace DealerFlow.Core.Exposure;

/// <summary>How forwards are obtained for each expiry (docs/domain.md section 3).</summary>
public enum ForwardMode
{
    /// <summary>Put-call parity on near-the-money mid prices; flat r/q where an expiry has no usable pair.</summary>
    Implied,

    /// <summary>F = S e^{(r - q) T} with the flat rate and dividend yield.</summary>
    Flat,
}

/// <summary>Where each contract's volatility comes from.</summary>
public enum IvSource
{
    /// <summary>The vendor's IV when present and sane (0.5% to 1000%), otherwise solved from the mid price.</summary>
    Auto,

    /// <summary>Only the vendor's IV; contracts without one are excluded.</summary>
    Vendor,

    /// <summary>Always solved from the mid price with DealerFlow's own T and forward.</summary>
    Mid,
}

/// <summary>Everything that decides how a chain is priced and signed. Printed with every result.</summary>
public sealed record EngineSettings
{
    public static readonly EngineSettings Default = new();

    public Positioning Positioning { get; init; } = Positioning.Classic;

    /// <summary>Continuous risk-free rate as a fraction per year (0.05 = 5%); default 0.</summary>
    public double Rate { get; init; }

    /// <summary>Continuous dividend yield as a fraction per year, used with <see cref="ForwardMode.Flat"/>.</summary>
    public double DividendYield { get; init; }

    public ForwardMode Forwards { get; init; } = ForwardMode.Implied;

    public IvSource Iv { get; init; } = IvSource.Auto;

    public ExpiryFilter Filter { get; init; } = ExpiryFilter.All;

    /// <summary>Lowest vendor IV taken as sane (fraction).</summary>
    public double MinSaneIv { get; init; } = 0.005;

    /// <summary>Highest vendor IV taken as sane (fraction).</summary>
    public double MaxSaneIv { get; init; } = 10;
}

/// <summary>Why a contract of the chain does not enter the exposure.</summary>
public enum Exclusion
{
    /// <summary>Settlement instant at or before the snapshot (T &lt;= 0).</summary>
    Expired,

    /// <summary>No open interest (and no overlay position): nothing to hedge.</summary>
    ZeroOpenInterest,

    /// <summary>No usable IV: the vendor gave none (or an insane one) and none solves from the mid price.</summary>
    NoIv,

    /// <summary>Outside the expiry filter the user chose (not an error).</summary>
    Filtered,
}
