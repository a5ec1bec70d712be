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
    /// <summary>
    /// One IV per expiry and strike for the call and the put: the out-of-the-money side's mid (put below the
    /// forward, call above) solved with DealerFlow's forward and clock, then the other side's mid, then the
    /// vendor's IV when its call and put agree within 3 vol points, then interpolated in strike.
    /// </summary>
    Auto,

    /// <summary>The behaviour before issue 9: each contract's vendor IV when present and sane (0.5% to 1000%), otherwise solved from its own mid price.</summary>
    Vendor,

    /// <summary>Always solved from the mid price with DealerFlow's own T and forward.</summary>
    Mid,
}

/// <summary>Where one contract's IV came from.</summary>
public enum IvOrigin
{
    /// <summary>No usable IV (the contract is excluded, or was not priced).</summary>
    None,

    /// <summary>The strike's out-of-the-money side's mid price (<see cref="IvSource.Auto"/>).</summary>
    OtmMid,

    /// <summary>The strike's in-the-money side's mid price, where the out-of-the-money side has none (<see cref="IvSource.Auto"/>).</summary>
    OtherSideMid,

    /// <summary>The contract's own mid price (<see cref="IvSource.Vendor"/> fallback, <see cref="IvSource.Mid"/>).</summary>
    OwnMid,

    /// <summary>The vendor's IV.</summary>
    Vendor,

    /// <summary>Interpolated in strike from the same expiry's mid-solved strikes (<see cref="IvSource.Auto"/>, last resort).</summary>
    Interpolated,
}

/// <summary>Everything that decides how a chain is priced and signed. Printed with every result.</summary>
public sealed record EngineSettings
{
    /// <summary>The defaults: classic positioning, r = q = 0, implied forwards, <see cref="IvSource.Auto"/>, quote sync auto, no dividends, all expiries.</summary>
    public static readonly EngineSettings Default = new();

    /// <summary>Who is assumed long or short what (docs/domain.md section 5); default <see cref="Exposure.Positioning.Classic"/>.</summary>
    public Positioning Positioning { get; init; } = Positioning.Classic;

    /// <summary>Continuous risk-free rate as a fraction per year (0.05 = 5%); default 0.</summary>
    public double Rate { get; init; }

    /// <summary>Continuous dividend yield as a fraction per year, used with <see cref="ForwardMode.Flat"/>.</summary>
    public double DividendYield { get; init; }

    /// <summary>How each expiry's forward is obtained; default <see cref="ForwardMode.Implied"/> (put-call parity).</summary>
    public ForwardMode Forwards { get; init; } = ForwardMode.Implied;

    /// <summary>Where each contract's volatility comes from; default <see cref="IvSource.Auto"/>.</summary>
    public IvSource Iv { get; init; } = IvSource.Auto;

    /// <summary>What to do with a basis between the file's spot and the spot its quotes imply (implied forwards only).</summary>
    public Pricing.QuoteSyncMode QuoteSync { get; init; } = Pricing.QuoteSyncMode.Auto;

    /// <summary>Scheduled cash dividends that explain a basis as carry (empty: none known).</summary>
    public Pricing.DividendSchedule Dividends { get; init; } = Pricing.DividendSchedule.Empty;

    /// <summary>Which expiries enter the exposure; default <see cref="ExpiryFilter.All"/>. Contracts outside it are counted as <see cref="Exclusion.Filtered"/>.</summary>
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
