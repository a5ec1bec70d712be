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
    public static readonly LevelsSettings Default = new();

    public GexUnit Unit { get; init; } = GexUnit.DollarsPerPercent;

    /// <summary>Half-width of the hypothetical-spot range searched for zero gamma, as a fraction of spot.</summary>
    public double SearchRange { get; init; } = 0.20;

    /// <summary>Grid points over the search range; each sign change between neighbours is polished to a root.</summary>
    public int GridPoints { get; init; } = 401;

    /// <summary>Absolute tolerance of a polished root, in price units of the underlying.</summary>
    public double RootTolerance { get; init; } = 1e-4;

    public WallDefinition Walls { get; init; } = WallDefinition.Net;

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
    public required string Underlying { get; init; }
    public required double Spot { get; init; }
    public required DateTimeOffset AsOf { get; init; }
    public required string Method { get; init; }
    public required string Positioning { get; init; }
    public required string PositioningDescription { get; init; }
    public required GexUnit Unit { get; init; }
    public string UnitLabel => GexUnits.Label(Unit);
    public required string Filter { get; init; }
    public required string Forwards { get; init; }
    public required string IvSource { get; init; }
    public required double Rate { get; init; }

    /// <summary>Total dealer GEX at spot; positive = dealers long gamma under the positioning model.</summary>
    public required Amount TotalGex { get; init; }

    /// <summary>The sign of total GEX at spot (<see cref="LevelsAssembler.RegimeOf"/>): long gamma (dealers dampen moves), short gamma (they amplify), flat or unknown.</summary>
    public GammaRegime Regime => LevelsAssembler.RegimeOf(TotalGex.Value, Data.ContractsUsed);

    /// <summary>Headline gamma flip: the crossing nearest spot (<see cref="LevelsAssembler.Flip"/>; the perfiliev method keeps its first crossing); null when GEX keeps one sign over the searched range.</summary>
    public double? ZeroGamma { get; init; }
    public required IReadOnlyList<double> ZeroGammaCrossings { get; init; }
    public required double SearchLow { get; init; }
    public required double SearchHigh { get; init; }

    /// <summary>Spot minus flip, in price units (positive = spot above the flip; <see cref="LevelsAssembler.DistanceToFlip"/>).</summary>
    public double? DistanceToFlip => LevelsAssembler.DistanceToFlip(Spot, ZeroGamma).Points;
    public double? DistanceToFlipPct => LevelsAssembler.DistanceToFlip(Spot, ZeroGamma).Percent;

    public double? CallWall { get; init; }
    public Amount? CallWallGex { get; init; }
    public double? PutWall { get; init; }
    public Amount? PutWallGex { get; init; }
    public string WallDefinition { get; init; } = "";
    public double? AbsoluteGammaStrike { get; init; }
    public Amount? AbsoluteGammaStrikeGex { get; init; }
    public required IReadOnlyList<StrikeExposure> TopStrikes { get; init; }

    /// <summary>Unsigned call gamma over unsigned put gamma (OI-weighted); above 1 = call gamma dominates; null when either side has no gamma (a one-sided file).</summary>
    public double? GammaTilt { get; init; }

    /// <summary>Dealer delta exposure: shares dealers hold (and $ at spot) under the positioning model; null where a method does not compute it.</summary>
    public Amount? DeltaExposure { get; init; }
    public Amount? DeltaExposureDollars { get; init; }

    /// <summary>Change of dealer delta per +1 vol point, in shares and $.</summary>
    public Amount? VannaExposure { get; init; }
    public Amount? VannaExposureDollars { get; init; }

    /// <summary>Change of dealer delta per calendar day passing, in shares and $.</summary>
    public Amount? CharmExposure { get; init; }
    public Amount? CharmExposureDollars { get; init; }

    /// <summary>ATM IV x S / sqrt(252), in price units, from <see cref="ImpliedMoveExpiry"/>: the first PM-settled expiry that covers a full exchange session (<see cref="Levels.ImpliedMove.ExpiryIndex"/>).</summary>
    public double? ImpliedMove { get; init; }
    public double? ImpliedMovePct { get; init; }
    public double? AtmIv { get; init; }
    public DateOnly? ImpliedMoveExpiry { get; init; }

    public VendorGammaCheck? VendorGamma { get; init; }

    /// <summary>File spot against the spot the option quotes imply, and what was done about it; null where not computed (flat forwards, perfiliev method).</summary>
    public Pricing.QuoteSyncResult? QuoteSync { get; init; }
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
    public string UnitLabel => GexUnits.Label(Unit);
}

/// <summary>Levels and exposure of one chain computed together.</summary>
public sealed record GexAnalysis(LevelsReport Levels, ExposureReport Exposure);
