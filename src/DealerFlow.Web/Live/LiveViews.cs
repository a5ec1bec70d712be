namespace DealerFlow.Web.Live;

/// <summary>
/// The views of a symbol's live state (levels, tick, profile, exposure, the hedging inputs, the dashboard snapshot):
/// each chain is priced and analysed once per view and re-read at the anchor spot (<see cref="SpotLevels"/>), held in
/// a bounded <see cref="ViewCache"/>. Also keeps each view's previous level summary, to show what changed. This type
/// is thread-safe.
/// </summary>
internal sealed class LiveViews(LiveHistory history, AlertLog alerts, IOptions<LiveOptions> options, TimeProvider time)
{
    /// <summary>Default half-width of the exposure view around spot, as a fraction of spot.</summary>
    public const double ExposureRange = 0.10;

    /// <summary>Every symbol's per-view priced chains and analyses, bounded by entries and bytes (<see cref="LiveOptions.ViewCacheEntries"/>, <see cref="LiveOptions.ViewCacheMegabytes"/>).</summary>
    private readonly ViewCache _cache = new(options.Value.ViewCacheEntries, options.Value.ViewCacheMegabytes * 1024L * 1024);

    /// <summary>Views whose level summaries (current and previous) are kept per symbol; the least recently updated goes first.</summary>
    private readonly int _summariesKept = options.Value.ViewCacheEntries;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Dictionary<ViewKey, (long Version, LevelsSummary Current, LevelsSummary? Previous)>> _summaries =
        new(StringComparer.Ordinal);

    /// <summary>The view cache's entries, estimated bytes and evictions so far.</summary>
    internal (int Entries, long Bytes, long Evicted) CacheStats() => _cache.Stats();

    /// <summary>Drops the symbol's cached views of older chains (priced, analysis) and older anchors; called under the symbol's gate after a version moved.</summary>
    public void Invalidate(SymbolState s)
    {
        var (chainVersion, version) = (s.ChainVersion, s.Version);
        _cache.Remove(s.Symbol, k => k.Kind == CacheKind.Anchored ? k.Version < version : k.Version < chainVersion);
    }

    /// <summary>
    /// The analysis for a view at the symbol's anchor spot: the chain is priced and analysed once per chain and view,
    /// then re-read at the anchor spot (<see cref="SpotLevels"/>); null with a reason when nothing can be priced.
    /// </summary>
    public (GexAnalysis? Analysis, PricedChain? Priced, string? Error) Analyze(SymbolState s, ViewKey key)
    {
        ChainSnapshot? chain;
        long chainVersion, version;
        double anchorSpot;
        lock (s.Gate)
        {
            chain = s.Chain;
            chainVersion = s.ChainVersion;
            version = s.Version;
            anchorSpot = s.AnchorSpot;
        }
        if (chain is null) return (null, null, "No chain has arrived for this symbol yet.");
        var priced = _cache.GetOrAdd(new CacheKey(s.Symbol, CacheKind.Priced, chainVersion, default, key.Model, key.Expiry), () => ChainPricer.Price(chain, key.Engine));
        if (priced.Count == 0)
        {
            var reasons = string.Join(", ", priced.Excluded.Select(kv => $"{LevelsCalculator.ReasonCode(kv.Key)} {kv.Value}"));
            return (null, priced, $"No contract is left to price for {key.Filter.Describe()} ({reasons}).");
        }
        var analysis = _cache.GetOrAdd(new CacheKey(s.Symbol, CacheKind.Analysis, chainVersion, key.Unit, key.Model, key.Expiry), () =>
            LevelsCalculator.Analyze(priced, LevelsSettings.Default with { Unit = key.Unit }));
        if (anchorSpot != chain.Spot)
        {
            var atChain = analysis;
            analysis = _cache.GetOrAdd(new CacheKey(s.Symbol, CacheKind.Anchored, version, key.Unit, key.Model, key.Expiry), () => SpotLevels.At(atChain, priced, anchorSpot, key.Unit));
        }
        return (analysis, priced, null);
    }

    /// <summary>The view's tick at the current spot; null when the view has nothing to price.</summary>
    public TickView? Tick(SymbolState s, ViewKey key)
    {
        var (analysis, priced, _) = Analyze(s, key);
        return analysis is null ? null : Tick(s, key, analysis, priced!);
    }

    private static TickView Tick(SymbolState s, ViewKey key, GexAnalysis analysis, PricedChain priced)
    {
        double spot;
        DateTimeOffset at;
        long sequence;
        lock (s.Gate)
        {
            spot = s.Spot;
            at = s.SpotAt;
            sequence = s.SpotSequence;
        }
        // The profile's zero crossings do not depend on where spot is; the assembler takes the one nearest the new
        // spot as the flip and the regime from GEX at the new spot, by the same rules as the report. Walls stay the
        // anchor's (its exposure by strike).
        var levels = analysis.Levels;
        // GEX at spot and without the next expiry from one sweep (the ex-expiry sum reuses the same exps).
        var next = priced.NextExpiryIndex;
        var factor = GexUnits.Factor(key.Unit, spot);
        Span<double> spots = [spot];
        Span<double> shares = [0.0];
        Span<double> sharesExNext = [0.0];
        var withExNext = next >= 0 && priced.Expiries.Count > 1;
        GammaSweep.Profile(priced, spots, shares, withExNext ? sharesExNext : default, withExNext ? next : -1, parallel: false);
        var net = shares[0] * factor;
        var exNext = withExNext ? sharesExNext[0] * factor : next >= 0 ? 0 : net;
        var k = LevelsAssembler.Assemble(spot, net, priced.Count, levels.ZeroGammaCrossings, analysis.Exposure.ByStrike, WallDefinition.Net);
        return new TickView(s.Symbol, spot, at, net, exNext, k.Regime, k.ZeroGamma, k.DistanceToFlip, k.DistanceToFlipPct,
            k.Walls.CallWall, k.Walls.PutWall, GexUnits.Code(key.Unit), levels.Positioning, sequence);
    }

    public (LevelsView? View, string? Error) Levels(SymbolState s, ViewKey key)
    {
        var (analysis, priced, error) = Analyze(s, key);
        if (analysis is null) return (null, error);
        LevelsSummary current;
        LevelsSummary? previous;
        long version;
        lock (s.Gate) version = s.Version;
        var summaries = _summaries.GetOrAdd(s.Symbol, _ => []);
        lock (summaries)
        {
            var summary = LevelsSummary.Of(analysis.Levels, time.GetUtcNow());
            if (!summaries.TryGetValue(key, out var entry))
            {
                entry = (version, summary, null);
                // Bounded like the view cache: a new view pushes out the one updated longest ago.
                if (summaries.Count >= _summariesKept) summaries.Remove(summaries.MinBy(kv => kv.Value.Current.At).Key);
            }
            else if (entry.Version != version)
            {
                entry = (version, summary, entry.Current);
            }
            summaries[key] = entry;
            (current, previous) = (entry.Current, entry.Previous);
        }
        return (new LevelsView(s.Info(), ViewInfo.Of(key), Tick(s, key, analysis, priced!), analysis.Levels, current, previous, AtChainSpot(s, key, analysis)), null);
    }

    /// <summary>The view's levels at the chain's own spot (the analysis before <see cref="SpotLevels"/> moved it), or null when the anchor spot is the chain's.</summary>
    private LevelsSummary? AtChainSpot(SymbolState s, ViewKey key, GexAnalysis anchored)
    {
        long chainVersion;
        DateTimeOffset? asOf;
        lock (s.Gate)
        {
            chainVersion = s.ChainVersion;
            asOf = s.Chain?.Instant;
        }
        if (!_cache.TryGet<GexAnalysis>(new CacheKey(s.Symbol, CacheKind.Analysis, chainVersion, key.Unit, key.Model, key.Expiry), out var atChain)) return null;
        return ReferenceEquals(atChain, anchored) || atChain.Levels.Spot == anchored.Levels.Spot ? null : LevelsSummary.Of(atChain.Levels, asOf ?? default);
    }

    /// <summary>The priced chain and analysis of a view (levels at the anchor spot), for the hedging endpoints; null with a reason when nothing can be priced.</summary>
    public (GexAnalysis? Analysis, PricedChain? Priced, SymbolInfo Info, string? Error) Hedging(SymbolState s, ViewKey key)
    {
        var (analysis, priced, error) = Analyze(s, key);
        return (analysis, priced, s.Info(), error);
    }

    public (ProfileView? View, string? Error) Profile(SymbolState s, ViewKey key)
    {
        var (analysis, priced, error) = Analyze(s, key);
        if (analysis is null) return (null, error);
        var l = analysis.Levels;
        DateOnly? next = priced!.NextExpiryIndex >= 0 ? priced.Expiries[priced.NextExpiryIndex].Date : null;
        return (new ProfileView(s.Info(), ViewInfo.Of(key), l.Spot, l.ZeroGamma, l.ZeroGammaCrossings, next, analysis.Exposure.Profile), null);
    }

    public (ExposureView? View, string? Error) Exposure(SymbolState s, ViewKey key, double range = ExposureRange)
    {
        var (analysis, _, error) = Analyze(s, key);
        if (analysis is null) return (null, error);
        var l = analysis.Levels;
        var lo = l.Spot * (1 - range);
        var hi = l.Spot * (1 + range);
        var strikes = analysis.Exposure.ByStrike.Where(x => x.Strike >= lo && x.Strike <= hi && (x.Calls != 0 || x.Puts != 0)).ToArray();
        return (new ExposureView(s.Info(), ViewInfo.Of(key), l.Spot, l.ZeroGamma, l.CallWall, l.PutWall, l.TotalGex.Value, strikes, analysis.Exposure.ByExpiry), null);
    }

    public HistoryView History(SymbolState s, GexUnit unit, int max = 240, DateTimeOffset? from = null, DateTimeOffset? to = null) => history.View(s, unit, max, from, to);

    public IReadOnlyList<AlertEvent> Alerts(SymbolState s) => alerts.For(s);

    /// <summary>Everything the page draws for the view: levels, profile, exposure, history and alerts.</summary>
    public DashboardSnapshot Snapshot(SymbolState s, ViewKey key)
    {
        var (levels, error) = Levels(s, key);
        var profile = levels is null ? null : Profile(s, key).View;
        var exposure = levels is null ? null : Exposure(s, key).View;
        return new DashboardSnapshot(s.Info(), ViewInfo.Of(key), error, levels, profile, exposure, history.View(s, key.Unit), alerts.For(s));
    }
}
