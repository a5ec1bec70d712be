namespace DealerFlow.Web.Live;

/// <summary>
/// A symbol's state: data freshness and the error of its last bad input, if any. <c>Spot</c> is the current spot,
/// <c>ChainSpot</c> the spot the chain itself carries; <c>SpotSource</c> is <c>chain</c> (spot comes from the chains)
/// or <c>simulated</c> (the demo's random walk moves spot between chains). <c>Timeliness</c> is what the feed marked
/// the data: "real time", "delayed 15 min" or "end of day" (null when the source does not say).
/// </summary>
internal sealed record SymbolInfo(
    string Symbol,
    string Status,
    double? Spot,
    DateTimeOffset? AsOf,
    DateTimeOffset? UpdatedAt,
    string Origin,
    string? Error,
    DateTimeOffset? ErrorAt,
    long ChainVersion,
    int Contracts,
    double? ChainSpot,
    string SpotSource,
    string? Timeliness = null);

/// <summary>Unit, model and expiry filter a response was computed with; every chart labels itself from it.</summary>
internal sealed record ViewInfo(string Unit, string UnitLabel, string Model, string ModelDescription, string Expiry, string ExpiryDescription)
{
    public static ViewInfo Of(ViewKey key)
    {
        var p = new Positioning(key.Model);
        return new ViewInfo(GexUnits.Code(key.Unit), GexUnits.Label(key.Unit), p.Name, p.Description, key.Expiry, key.Filter.Describe());
    }
}

/// <summary>
/// What changes every spot tick: spot, GEX at spot, regime and the distance to the flip, from <see cref="LevelsAssembler"/>;
/// <c>Sequence</c> is the symbol's <see cref="SymbolState.SpotSequence"/> at that spot, so a page that has drawn a newer tick
/// does not step back to an older one (a snapshot fetched before a streamed tick arrived).
/// </summary>
internal sealed record TickView(
    string Symbol,
    double Spot,
    DateTimeOffset At,
    double NetGex,
    double NetGexExNextExpiry,
    GammaRegime Regime,
    double? ZeroGamma,
    double? DistanceToFlip,
    double? DistanceToFlipPct,
    double? CallWall,
    double? PutWall,
    string Unit,
    string Model,
    long Sequence);

/// <summary>The headline levels of one update, kept to show each level's change since the previous update.</summary>
internal sealed record LevelsSummary(
    DateTimeOffset At,
    double Spot,
    double? ZeroGamma,
    double? CallWall,
    double? PutWall,
    double? AbsoluteGammaStrike,
    double TotalGex,
    double? DeltaExposure,
    double? GammaTilt,
    double? ImpliedMove,
    IReadOnlyList<double> TopStrikes)
{
    public static LevelsSummary Of(LevelsReport r, DateTimeOffset at) => new(
        at, r.Spot, r.ZeroGamma, r.CallWall, r.PutWall, r.AbsoluteGammaStrike, r.TotalGex.Value,
        r.DeltaExposure?.Value, r.GammaTilt, r.ImpliedMove, r.TopStrikes.Select(s => s.Strike).ToArray());
}

/// <summary>
/// The levels of a view. <c>Levels</c> and <c>Current</c> are computed at <c>Levels.Spot</c>, the spot of the last full
/// recomputation (it follows a moving spot); <c>AtChainSpot</c> is the same view at the chain's own spot (what
/// <c>dealerflow levels</c> prints), null while the two spots are equal.
/// </summary>
internal sealed record LevelsView(SymbolInfo Symbol, ViewInfo View, TickView Tick, LevelsReport Levels, LevelsSummary Current, LevelsSummary? Previous, LevelsSummary? AtChainSpot = null);

internal sealed record ProfileView(SymbolInfo Symbol, ViewInfo View, double Spot, double? ZeroGamma, IReadOnlyList<double> Crossings, DateOnly? NextExpiry, IReadOnlyList<ProfilePoint> Points);

internal sealed record ExposureView(SymbolInfo Symbol, ViewInfo View, double Spot, double? ZeroGamma, double? CallWall, double? PutWall, double TotalGex, IReadOnlyList<StrikeExposure> ByStrike, IReadOnlyList<ExpiryExposure> ByExpiry);

/// <summary>One point of the levels-over-time chart. Source: "store" (a stored snapshot; At = its instant) or "session" (this server's recomputation; At = when it ran).</summary>
internal sealed record HistoryRow(DateTimeOffset At, DateTimeOffset AsOf, double Spot, double? ZeroGamma, double? CallWall, double? PutWall, double? AbsoluteGammaStrike, double NetGex, string Regime, string Source);

/// <summary>Net GEX by strike (rows) and time (columns) over the session; cells in the view's unit, null where a strike was out of range.</summary>
internal sealed record HeatmapView(IReadOnlyList<DateTimeOffset> Times, IReadOnlyList<double> Strikes, IReadOnlyList<IReadOnlyList<double?>> Cells);

internal sealed record HistoryView(SymbolInfo Symbol, ViewInfo View, string Recorded, IReadOnlyList<HistoryRow> Points, HeatmapView Heatmap, StoreStatus Store);

/// <summary>A spot crossing of the flip or a wall.</summary>
internal sealed record AlertEvent(string Symbol, string Kind, string Direction, double Level, double FromSpot, double ToSpot, DateTimeOffset At, string Message);

/// <summary>A <c>levels</c> stream event: the symbol's state and the view's levels after a chain update or full recomputation (null with the reason when nothing can be priced). The page fetches the large views (profile, exposure, history) itself.</summary>
internal sealed record LevelsUpdate(SymbolInfo Symbol, ViewInfo View, string? ViewError, LevelsView? Levels);

/// <summary>Everything the page draws, pushed on connect and on every chain update or full recomputation.</summary>
internal sealed record DashboardSnapshot(
    SymbolInfo Symbol,
    ViewInfo View,
    string? ViewError,
    LevelsView? Levels,
    ProfileView? Profile,
    ExposureView? Exposure,
    HistoryView History,
    IReadOnlyList<AlertEvent> Alerts);
