using System.Text.Json.Serialization;
using DealerFlow.Core.Exposure;

namespace DealerFlow.Core.Levels;

/// <summary>A number with its unit beside it, for example 1.2e9 <see cref="AmountUnit.UsdPer1Pct"/> (JSON: "usd-per-1pct").</summary>
/// <remarks>The unit's converter sits on the property, as a converter in the serializer options (a string-enum factory) would
/// otherwise win over the one on the type.</remarks>
public readonly record struct Amount(double Value, [property: JsonConverter(typeof(AmountUnitJsonConverter))] AmountUnit Unit);

/// <summary>How walls are picked (docs/domain.md section 7).</summary>
public enum WallDefinition
{
    /// <summary>Calls and puts at a strike netted: call wall = most positive net GEX, put wall = most negative.</summary>
    Net,

    /// <summary>Each side alone: call wall = largest call-side |GEX|, put wall = largest put-side |GEX|.</summary>
    SideOnly,
}

/// <summary>Settings of the levels search and of the report.</summary>
public sealed record LevelsSettings
{
    /// <summary>The defaults: $ per 1% move, +/-20% search range, 401 grid points, root tolerance 1e-4, net walls, top 5 strikes.</summary>
    public static readonly LevelsSettings Default = new();

    /// <summary>The unit every exposure of the report is stated in; default <see cref="GexUnit.DollarsPerPercent"/> (docs/domain.md section 6).</summary>
    public GexUnit Unit { get; init; } = GexUnit.DollarsPerPercent;

    /// <summary>Half-width of the hypothetical-spot range searched for zero gamma, as a fraction of spot.</summary>
    public double SearchRange { get; init; } = 0.20;

    /// <summary>Grid points over the search range; each sign change between neighbours is polished to a root.</summary>
    public int GridPoints { get; init; } = 401;

    /// <summary>Absolute tolerance of a polished root, in price units of the underlying.</summary>
    public double RootTolerance { get; init; } = 1e-4;

    /// <summary>How call and put walls are picked; default <see cref="WallDefinition.Net"/>.</summary>
    public WallDefinition Walls { get; init; } = WallDefinition.Net;

    /// <summary>How many strikes <see cref="LevelsReport.TopStrikes"/> lists (largest |net GEX| first); default 5.</summary>
    public int TopN { get; init; } = 5;
}

/// <summary>Exposure at one strike, summed over the expiries that pass the filter, in the report's unit.</summary>
public sealed record StrikeExposure(double Strike, double Calls, double Puts, double Net, double Absolute);

/// <summary>Exposure of one expiry (settlement instant), in the report's unit.</summary>
public sealed record ExpiryExposure(DateOnly Expiry, string Settlement, int DaysToExpiry, double Years, double Forward, bool ForwardFromParity, int Contracts, double Calls, double Puts, double Net);

/// <summary>Total GEX at a hypothetical spot, all expiries and without the next expiry, in the report's unit.</summary>
public sealed record ProfilePoint(double Spot, double Gex, double GexExNextExpiry);

/// <summary>Vendor gamma against DealerFlow's recomputed gamma on the same contracts.</summary>
public sealed record VendorGammaCheck(
    Amount WithVendorGamma,
    Amount Recomputed,
    double? Ratio,
    bool Flagged,
    int Contracts,
    int VendorZeroButMaterial,
    IReadOnlyList<VendorGapByExpiry> LargestGaps,
    string Explanation);

/// <summary>One expiry's share of the vendor-vs-recomputed gap.</summary>
public sealed record VendorGapByExpiry(DateOnly Expiry, string Settlement, int DaysToExpiry, double WithVendorGamma, double Recomputed);

/// <summary>What went in and what was left out, and why.</summary>
public sealed record DataSummary(
    int ContractsInChain,
    int ContractsUsed,
    IReadOnlyDictionary<string, int> Excluded,
    IReadOnlyDictionary<string, IReadOnlyList<string>> ExcludedExamples,
    int IvFromVendor,
    int IvSolvedFromMid,
    int ExpiriesUsed,
    int ExpiriesWithParityForward)
{
    /// <summary>Of <see cref="IvSolvedFromMid"/>, contracts whose IV came from the other side's mid at their strike.</summary>
    public int IvFromOtherSideMid { get; init; }

    /// <summary>Contracts whose IV was interpolated in strike from the same expiry (neither price at their strike solved, no agreeing vendor IV).</summary>
    public int IvInterpolated { get; init; }

    /// <summary>Calls among <see cref="ContractsUsed"/>.</summary>
    public int CallsUsed { get; init; }

    /// <summary>Puts among <see cref="ContractsUsed"/>.</summary>
    public int PutsUsed { get; init; }

    /// <summary>"puts only" or "calls only" when every contract used is on one side (no call wall or no put wall, no gamma tilt); null when both sides are there.</summary>
    public string? OneSided => ContractsUsed == 0 ? null : CallsUsed == 0 ? "puts only" : PutsUsed == 0 ? "calls only" : null;
}

/// <summary>Key dealer-gamma levels of one chain. Exposures carry their unit; levels are in price units of the underlying.</summary>
public sealed record LevelsReport
{
    /// <summary>The chain's underlying symbol as the file names it (for example SPX).</summary>
    public required string Underlying { get; init; }

    /// <summary>The spot price the levels are computed at, in $ (the file's spot, or the moved spot of <see cref="With"/>).</summary>
    public required double Spot { get; init; }

    /// <summary>The snapshot's instant; T of every contract is measured from it.</summary>
    public required DateTimeOffset AsOf { get; init; }

    /// <summary>Which calculation produced the report: <see cref="LevelsCalculator.MethodName"/> ("dealerflow") or <see cref="PerfilievMethod.MethodName"/> ("perfiliev").</summary>
    public required string Method { get; init; }

    /// <summary>The positioning model's short name, for example "classic" or "classic+overlay(otc.csv)" (<see cref="Exposure.Positioning.Name"/>).</summary>
    public required string Positioning { get; init; }

    /// <summary>The positioning assumption in one sentence, printed with every number (docs/domain.md section 5).</summary>
    public required string PositioningDescription { get; init; }

    /// <summary>The unit of <see cref="TotalGex"/>, the wall GEX values and <see cref="TopStrikes"/>.</summary>
    public required GexUnit Unit { get; init; }

    /// <see cref="Unit"/> in words, for example "$ per 1% move".
    public string UnitLabel => GexUnits.Label(Unit);

    /// <summary>The expiry filter in words (<see cref="ExpiryFilter.Describe"/>), for example "all expiries".</summary>
    public required string Filter { get; init; }

    /// <summary>How the forwards were obtained, in words (parity-implied per expiry, flat r and q, or none for the perfiliev method).</summary>
    public required string Forwards { get; init; }

    /// <summary>Where the contracts' IVs came from, in words (<see cref="EngineSettings.Iv"/>).</summary>
    public required string IvSource { get; init; }

    /// <summary>The continuous risk-free rate r used, as a fraction per year (0 for the perfiliev method).</summary>
    public required double Rate { get; init; }

    /// <summary>Total dealer GEX at spot; positive = dealers long gamma under the positioning model.</summary>
    public required Amount TotalGex { get; init; }

    /// <summary>The sign of total GEX at spot (<see cref="LevelsAssembler.RegimeOf"/>): long gamma (dealers dampen moves), short gamma (they amplify), flat or unknown.</summary>
    public GammaRegime Regime => LevelsAssembler.RegimeOf(TotalGex.Value, Data.ContractsUsed);

    /// <summary>Headline gamma flip: the crossing nearest spot (<see cref="LevelsAssembler.Flip"/>; the perfiliev method keeps its first crossing); null when GEX keeps one sign over the searched range.</summary>
    public double? ZeroGamma { get; init; }

    /// <summary>Every spot in [<see cref="SearchLow"/>, <see cref="SearchHigh"/>] where total dealer GEX, re-priced at that spot, changes sign, ascending, in price units; empty when it keeps one sign.</summary>
    public required IReadOnlyList<double> ZeroGammaCrossings { get; init; }

    /// <summary>Lower end of the hypothetical-spot range searched for zero gamma: spot x (1 - <see cref="LevelsSettings.SearchRange"/>).</summary>
    public required double SearchLow { get; init; }

    /// <summary>Upper end of the hypothetical-spot range searched for zero gamma: spot x (1 + <see cref="LevelsSettings.SearchRange"/>).</summary>
    public required double SearchHigh { get; init; }

    /// <summary>Spot minus flip, in price units (positive = spot above the flip; <see cref="LevelsAssembler.DistanceToFlip"/>).</summary>
    public double? DistanceToFlip => LevelsAssembler.DistanceToFlip(Spot, ZeroGamma).Points;

    /// <summary>(spot - flip) / spot x 100, in % (positive = spot above the flip); null without a flip.</summary>
    public double? DistanceToFlipPct => LevelsAssembler.DistanceToFlip(Spot, ZeroGamma).Percent;

    /// <summary>Call wall strike, in price units: the most positive net dealer GEX (side-only: the largest |call-side GEX|); null when no strike qualifies.</summary>
    public double? CallWall { get; init; }

    /// <summary>Dealer GEX at <see cref="CallWall"/> (net, or the call side alone when side-only), in the report's unit.</summary>
    public Amount? CallWallGex { get; init; }

    /// <summary>Put wall strike, in price units: the most negative net dealer GEX (side-only: the largest |put-side GEX|); null when no strike qualifies.</summary>
    public double? PutWall { get; init; }

    /// <summary>Dealer GEX at <see cref="PutWall"/> (net, negative; or the put side alone when side-only), in the report's unit.</summary>
    public Amount? PutWallGex { get; init; }

    /// <summary>How the walls were picked, in words (<see cref="WallLevels.Description"/>).</summary>
    public string WallDefinition { get; init; } = "";

    /// <summary>The strike with the most unsigned GEX (calls and puts not netted), in price units; null when no strike has gamma.</summary>
    public double? AbsoluteGammaStrike { get; init; }

    /// <summary>Unsigned GEX at <see cref="AbsoluteGammaStrike"/> (sum of |GEX| over its contracts), in the report's unit.</summary>
    public Amount? AbsoluteGammaStrikeGex { get; init; }

    /// <summary>The <see cref="LevelsSettings.TopN"/> strikes with the largest |net GEX|, largest first, in the report's unit.</summary>
    public required IReadOnlyList<StrikeExposure> TopStrikes { get; init; }

    /// <summary>Unsigned call gamma over unsigned put gamma (OI-weighted); above 1 = call gamma dominates; null when either side has no gamma (a one-sided file).</summary>
    public double? GammaTilt { get; init; }

    /// <summary>Dealer delta exposure: shares dealers hold (and $ at spot) under the positioning model; null where a method does not compute it.</summary>
    public Amount? DeltaExposure { get; init; }

    /// <see cref="DeltaExposure"/> x spot, in $ ("usd").
    public Amount? DeltaExposureDollars { get; init; }

    /// <summary>Change of dealer delta per +1 vol point, in shares and $.</summary>
    public Amount? VannaExposure { get; init; }

    /// <see cref="VannaExposure"/> x spot, in $ per vol point ("usd-per-vol-point").
    public Amount? VannaExposureDollars { get; init; }

    /// <summary>Change of dealer delta per calendar day passing, in shares and $.</summary>
    public Amount? CharmExposure { get; init; }

    /// <see cref="CharmExposure"/> x spot, in $ per calendar day ("usd-per-day").
    public Amount? CharmExposureDollars { get; init; }

    /// <summary>ATM IV x S / sqrt(252), in price units, from <see cref="ImpliedMoveExpiry"/>: the first PM-settled expiry that covers a full exchange session (<see cref="Levels.ImpliedMove.ExpiryIndex"/>).</summary>
    public double? ImpliedMove { get; init; }

    /// <summary>The implied 1-day move as a percentage of spot: ATM IV x 100 / sqrt(252).</summary>
    public double? ImpliedMovePct { get; init; }

    /// <summary>ATM IV of <see cref="ImpliedMoveExpiry"/>, as a fraction (0.15 = 15%); null when the chain has no such expiry.</summary>
    public double? AtmIv { get; init; }

    /// <summary>The expiry <see cref="AtmIv"/> and <see cref="ImpliedMove"/> are read from (<see cref="Levels.ImpliedMove.ExpiryIndex"/>).</summary>
    public DateOnly? ImpliedMoveExpiry { get; init; }

    /// <summary>Total GEX with the vendor's gamma against DealerFlow's recomputed gamma on the same contracts; null when no priced contract carries a vendor gamma, and for the perfiliev method.</summary>
    public VendorGammaCheck? VendorGamma { get; init; }

    /// <summary>File spot against the spot the option quotes imply, and what was done about it; null where not computed (flat forwards, perfiliev method).</summary>
    public Pricing.QuoteSyncResult? QuoteSync { get; init; }

    /// <summary>What went in and what was left out: contracts used, exclusions by reason with examples, IV sources, expiries.</summary>
    public required DataSummary Data { get; init; }

    /// <summary>This report read at the assembled levels: spot, total GEX (in this report's unit), flip and walls from <paramref name="levels"/>.</summary>
    public LevelsReport With(KeyLevels levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        return (this with { Spot = levels.Spot, TotalGex = TotalGex with { Value = levels.TotalGex }, ZeroGamma = levels.ZeroGamma }).WithWalls(levels.Walls);
    }

    /// <summary>This report with the wall fields of <paramref name="walls"/> (GEX in this report's unit).</summary>
    public LevelsReport WithWalls(WallLevels walls)
    {
        ArgumentNullException.ThrowIfNull(walls);
        var unit = TotalGex.Unit;
        return this with
        {
            CallWall = walls.CallWall,
            CallWallGex = walls.CallWallGex is { } c ? new Amount(c, unit) : null,
            PutWall = walls.PutWall,
            PutWallGex = walls.PutWallGex is { } p ? new Amount(p, unit) : null,
            WallDefinition = walls.Description,
            AbsoluteGammaStrike = walls.AbsoluteGammaStrike,
            AbsoluteGammaStrikeGex = walls.AbsoluteGammaStrikeGex is { } a ? new Amount(a, unit) : null,
        };
    }
}

/// <summary>The exposure behind the levels: by strike, by expiry, and the gamma profile.</summary>
public sealed record ExposureReport(
    GexUnit Unit,
    IReadOnlyList<StrikeExposure> ByStrike,
    IReadOnlyList<ExpiryExposure> ByExpiry,
    IReadOnlyList<ProfilePoint> Profile)
{
    /// <summary><see cref="Unit"/> in words, for example "$ per 1% move".</summary>
    public string UnitLabel => GexUnits.Label(Unit);
}

/// <summary>Levels and exposure of one chain computed together.</summary>
public sealed record GexAnalysis(LevelsReport Levels, ExposureReport Exposure);
