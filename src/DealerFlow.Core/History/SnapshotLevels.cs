namespace DealerFlow.Core.History;

/// <summary>
/// The levels one snapshot records, the one list of them that the stored row (<c>StoredSnapshot</c>), the history
/// (<see cref="LevelsPoint"/>) and the scorecard (<see cref="Scorecard.ScoredSession"/>) share: a new stored level is
/// added here once. Levels in price units of the underlying; <see cref="TotalGex"/> in the unit the snapshot was stored
/// in. This type is immutable, and so are its derived records.
/// </summary>
public abstract record SnapshotLevels
{
    /// <summary>Creates empty levels, for object initialisers of the derived records.</summary>
    protected SnapshotLevels() { }

    /// <summary>Spot price of the underlying the levels were computed at, in price units.</summary>
    public required double Spot { get; init; }

    /// <summary>Total dealer GEX at spot in the snapshot's unit; positive = dealers long gamma under the positioning model (its sign is the regime).</summary>
    public required double TotalGex { get; init; }

    /// <summary>The headline gamma flip (the crossing nearest spot), in price units; null when the snapshot had none.</summary>
    public double? ZeroGamma { get; init; }

    /// <summary>Call wall strike, in price units; null when no strike qualified.</summary>
    public double? CallWall { get; init; }

    /// <summary>Put wall strike, in price units; null when no strike qualified.</summary>
    public double? PutWall { get; init; }

    /// <summary>Strike with the most unsigned GEX (calls and puts not netted), in price units; null when no strike had gamma.</summary>
    public double? AbsoluteGammaStrike { get; init; }

    /// <summary>Unsigned call gamma over unsigned put gamma (above 1 = call gamma dominates); null for a one-sided chain.</summary>
    public double? GammaTilt { get; init; }

    /// <summary>Implied 1-day move ATM IV x S / sqrt 252, in price units; null when not computed.</summary>
    public double? ImpliedMove { get; init; }

    /// <summary>ATM IV of the implied-move expiry, as an annualised decimal (0.15 = 15%); null when unknown.</summary>
    public double? AtmIv { get; init; }
}
