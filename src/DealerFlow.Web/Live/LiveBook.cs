using System.Collections.Concurrent;
using System.Globalization;
using DealerFlow.Core.Chain;
using DealerFlow.Core.Exposure;
using DealerFlow.Core.Levels;
using DealerFlow.Data.Readers;
using DealerFlow.Data.Store;
using DealerFlow.Web.History;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DealerFlow.Web.Live;

public enum SignalKind
{
    /// <summary>New chain or full recomputation: clients redraw everything.</summary>
    Full,

    /// <summary>Spot tick: spot, regime and distance to flip.</summary>
    Tick,

    /// <summary>Error state changed.</summary>
    Status,

    /// <summary>Spot crossed the flip or a wall.</summary>
    Alert,
}

public readonly record struct LiveSignal(SignalKind Kind, long Id, AlertEvent? Alert = null);

/// <summary>
/// The live state of every symbol: its last good chain, the anchor chain (the same contracts at a recent spot), the
/// current spot, the error state, and the analyses priced once per anchor and view. Implements the sink the sources
/// push into, and fans changes out to subscribers (the server-sent event streams).
/// </summary>
public sealed class LiveBook(ILevelsHistory history, LiveStore store, SnapshotWriter writer, AlertNotifier alerts, Market.MarketBoard market, IOptions<LiveOptions> options, TimeProvider time, ILogger<LiveBook> log) : IChainSink
{
    public const double ExposureRange = 0.10;
    public const double HeatmapRange = 0.05;
    private const int AlertsKept = 50;

    /// <summary>Dead band around a level for alerts, as a fraction of the level (0.05%: 2.4 points on SPX at 4,700).</summary>
    public const double AlertBand = 0.0005;

    private const string ZeroGammaKind = "zero gamma";
    private const string CallWallKind = "call wall";
    private const string PutWallKind = "put wall";

    private static readonly ViewKey HistoryKey = new(GexUnit.SharesPerDollar, PositioningModel.Classic, "all");

    private readonly ConcurrentDictionary<string, SymbolState> _symbols = new(StringComparer.OrdinalIgnoreCase);
    private long _eventId;

    /// <summary>Every symbol's per-view priced chains and analyses, bounded by entries and bytes (<see cref="LiveOptions.ViewCacheEntries"/>, <see cref="LiveOptions.ViewCacheMegabytes"/>).</summary>
    private readonly ViewCache _cache = new(options.Value.ViewCacheEntries, options.Value.ViewCacheMegabytes * 1024L * 1024);

    /// <summary>Views whose level summaries (current and previous) are kept per symbol; the least recently updated goes first.</summary>
    private readonly int _summariesKept = options.Value.ViewCacheEntries;

    /// <summary>The view cache's entries, estimated bytes and evictions so far.</summary>
    internal (int Entries, long Bytes, long Evicted) CacheStats() => _cache.Stats();

    public IReadOnlyList<SymbolInfo> Symbols() => _symbols.Values.Select(s => s.Info()).OrderBy(s => s.Symbol, StringComparer.Ordinal).ToArray();

    public bool TryGet(string symbol, out SymbolInfo info)
    {
        if (_symbols.TryGetValue(Normalize(symbol), out var s))
        {
            info = s.Info();
            return true;
        }
        info = null!;
        return false;
    }

    internal IEnumerable<SymbolState> States => _symbols.Values;

    private SymbolState State(string symbol, string origin) =>
        _symbols.GetOrAdd(Normalize(symbol), s => new SymbolState(s, origin));

    /// <summary>The served spelling of a symbol (<see cref="UnderlyingSymbol"/>); text that is no symbol comes back as it is and matches nothing.</summary>
    public static string Normalize(string symbol) => UnderlyingSymbol.TryNormalize(symbol, out var s, out _) ? s : symbol;

    /// <summary>Inputs that were not used; the only trace of one that names no served symbol.</summary>
    public RejectedInputs Rejected { get; } = new(time);

    public void Expect(string symbol, string origin)
    {
        if (UnderlyingSymbol.TryNormalize(symbol, out _, out var why)) market.Info(State(symbol, origin).Info());
        else Rejected.Add(origin, null, $"the symbol {why}");
    }

    /// <summary>The limits a chain must meet before it replaces the previous one (<see cref="WholeChain"/>).</summary>
    public WholeChainLimits Limits { get; init; } = WholeChainLimits.Default;

    public bool Offer(ChainReadResult read, string origin)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (!UnderlyingSymbol.TryNormalize(read.Snapshot.Underlying, out _, out var bad))
        {
            Rejected.Add(origin, null, $"{origin} rejected: its underlying symbol {bad}.");
            return false;
        }
        ChainSnapshot? previous = null;
        if (_symbols.TryGetValue(Normalize(read.Snapshot.Underlying), out var s))
        {
            lock (s.Gate) previous = s.Chain;
        }
        if (WholeChain.Check(read, previous, Limits) is { } why)
        {
            Error(read.Snapshot.Underlying, $"{origin} rejected, the last good chain is kept: {why}.", origin);
            return false;
        }
        Rejected.Clear(origin);
        Chain(read.Snapshot, origin);
        return true;
    }

    public void Chain(ChainSnapshot snapshot, string origin)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var s = State(snapshot.Underlying, origin);
        var now = time.GetUtcNow();
        lock (s.Gate)
        {
            s.Chain = snapshot;
            s.AnchorSpot = snapshot.Spot;
            s.Spot = snapshot.Spot;
            s.SpotAt = now;
            s.UpdatedAt = now;
            s.Origin = origin;
            s.ChainVersion++;
            s.Version++;
            s.Error = null; // a good chain clears the error state; RecordDefault sets it again if it cannot be analysed
            s.ErrorAt = null;
            ClearCaches(s);
        }
        if (RecordDefault(s, now, chain: true)) writer.Enqueue(snapshot, origin);
        log.LogInformation("{Symbol}: chain {Version} from {Origin}, spot {Spot}, as of {AsOf:yyyy-MM-dd HH:mm zzz}, {Count} contracts",
            s.Symbol, s.ChainVersion, origin, snapshot.Spot, snapshot.Instant, snapshot.Count);
        Broadcast(s, SignalKind.Full);
    }

    /// <summary>A new spot between chains; <c>simulated</c> marks a spot from the demo's random walk (shown as "simulated spot").</summary>
    public void Spot(string symbol, double spot, DateTimeOffset at, bool simulated = false)
    {
        if (!(spot > 0 && double.IsFinite(spot))) return;
        if (!_symbols.TryGetValue(Normalize(symbol), out var s)) return;
        double previous;
        lock (s.Gate)
        {
            if (s.Chain is null) return;
            previous = s.Spot;
            s.Spot = spot;
            s.SpotAt = at;
            s.SpotSimulated = simulated;
            s.UpdatedAt = time.GetUtcNow();
        }
        CheckAlerts(s, previous, spot);
        Broadcast(s, SignalKind.Tick);
    }

    public void Error(string symbol, string message, string origin)
    {
        // A bad input for a symbol that is not served never creates one: it is listed in Rejected only.
        var served = _symbols.TryGetValue(Normalize(symbol), out var s);
        Rejected.Add(origin, served ? s!.Symbol : null, message);
        if (!served)
        {
            log.LogWarning("Rejected input from {Origin}: {Message}", origin, message);
            return;
        }
        lock (s!.Gate)
        {
            s.Error = message;
            s.ErrorAt = time.GetUtcNow();
        }
        log.LogWarning("{Symbol}: bad input from {Origin}, keeping the last good data: {Message}", s.Symbol, origin, message);
        Broadcast(s, SignalKind.Status);
    }

    /// <summary>Recomputes the levels in full (strikes, walls, DEX) at the current spot when it has moved since the last time; the chain is not priced again.</summary>
    public void Reanchor(string symbol)
    {
        if (!_symbols.TryGetValue(symbol, out var s)) return;
        DateTimeOffset now;
        lock (s.Gate)
        {
            if (s.Chain is null || s.AnchorSpot == s.Spot) return;
            s.AnchorSpot = s.Spot;
            s.Version++;
            ClearCaches(s);
            now = time.GetUtcNow();
        }
        RecordDefault(s, now);
        Broadcast(s, SignalKind.Full);
    }

    /// <summary>Signals for one symbol until the subscription is disposed; a slow reader skips to the latest state, never blocks the book.</summary>
    public Subscription Subscribe(string symbol)
    {
        var s = _symbols[Normalize(symbol)];
        Subscription? subscription = null;
        subscription = new Subscription(() =>
        {
            lock (s.Subscribers) s.Subscribers.Remove(subscription!);
        });
        lock (s.Subscribers) s.Subscribers.Add(subscription);
        return subscription;
    }

    public long NextEventId() => Interlocked.Increment(ref _eventId);

    private void Broadcast(SymbolState s, SignalKind kind, AlertEvent? alert = null)
    {
        if (kind != SignalKind.Tick) Interlocked.Increment(ref s.Changes);
        if (kind != SignalKind.Alert) market.Info(s.Info());
        var signal = new LiveSignal(kind, NextEventId(), alert);
        lock (s.Subscribers)
        {
            foreach (var c in s.Subscribers) c.Post(signal);
        }
    }

    // ---- the stream's events, serialised once per state and shared by every subscriber of a view ----

    private readonly SharedJson _json = new(options.Value.ViewCacheEntries);

    /// <summary>The JSON of <see cref="Snapshot"/> for the symbol's current state (chain, anchor, error, alerts).</summary>
    public string SnapshotJson(string symbol, ViewKey key)
    {
        var s = _symbols[Normalize(symbol)];
        return _json.Get(s.Symbol, key, "snapshot", Interlocked.Read(ref s.Changes), () => Snapshot(symbol, key));
    }

    /// <summary>The JSON of a <c>levels</c> event: the symbol's state and the view's levels (what changed), not the large views.</summary>
    public string LevelsJson(string symbol, ViewKey key)
    {
        var s = _symbols[Normalize(symbol)];
        return _json.Get(s.Symbol, key, "levels", Interlocked.Read(ref s.Changes), () =>
        {
            var (levels, error) = Levels(symbol, key);
            return new LevelsUpdate(s.Info(), ViewInfo.Of(key), error, levels);
        });
    }

    /// <summary>The JSON of a <c>status</c> event: the symbol's state and error.</summary>
    public string StatusJson(string symbol)
    {
        var s = _symbols[Normalize(symbol)];
        return _json.Get(s.Symbol, null, "status", Interlocked.Read(ref s.Changes), s.Info);
    }

    /// <summary>The JSON of the tick event <paramref name="id"/> for a view; null when the view has nothing to price.</summary>
    public string? TickJson(string symbol, ViewKey key, long id)
    {
        var s = _symbols[Normalize(symbol)];
        var json = _json.Get(s.Symbol, key, "tick", id, () => TickFor(s.Symbol, key));
        return json == "null" ? null : json;
    }

    // ---- views ----

    /// <summary>Drops the symbol's cached views of older chains (priced, analysis) and older anchors; called under the symbol's gate.</summary>
    private void ClearCaches(SymbolState s)
    {
        var (chainVersion, version) = (s.ChainVersion, s.Version);
        _cache.Remove(s.Symbol, k => k.Kind == CacheKind.Anchored ? k.Version < version : k.Version < chainVersion);
    }

    /// <summary>
    /// The analysis for a view at the symbol's anchor spot: the chain is priced and analysed once per chain and view,
    /// then re-read at the anchor spot (<see cref="Core.Levels.SpotLevels"/>); null with a reason when nothing can be priced.
    /// </summary>
    internal (GexAnalysis? Analysis, PricedChain? Priced, string? Error) Analyze(SymbolState s, ViewKey key)
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

    internal static TickView Tick(SymbolState s, ViewKey key, GexAnalysis analysis, PricedChain priced)
    {
        double spot;
        DateTimeOffset at;
        lock (s.Gate)
        {
            spot = s.Spot;
            at = s.SpotAt;
        }
        // The profile's zero crossings do not depend on where spot is; the assembler takes the one nearest the new
        // spot as the flip and the regime from GEX at the new spot, by the same rules as the report. Walls stay the
        // anchor's (its exposure by strike).
        var levels = analysis.Levels;
        var net = GammaSweep.NetGex(priced, spot, key.Unit);
        var next = priced.NextExpiryIndex;
        var exNext = next >= 0 && priced.Expiries.Count > 1 ? GammaSweep.NetGex(priced, spot, key.Unit, next) : next >= 0 ? 0 : net;
        var k = LevelsAssembler.Assemble(spot, net, priced.Count, levels.ZeroGammaCrossings, analysis.Exposure.ByStrike, WallDefinition.Net);
        return new TickView(s.Symbol, spot, at, net, exNext, k.Regime, k.ZeroGamma, k.DistanceToFlip, k.DistanceToFlipPct,
            k.Walls.CallWall, k.Walls.PutWall, GexUnits.Code(key.Unit), levels.Positioning);
    }

    public TickView? TickFor(string symbol, ViewKey key)
    {
        if (!_symbols.TryGetValue(symbol, out var s)) return null;
        var (analysis, priced, _) = Analyze(s, key);
        return analysis is null ? null : Tick(s, key, analysis, priced!);
    }

    public (LevelsView? View, string? Error) Levels(string symbol, ViewKey key)
    {
        var s = _symbols[Normalize(symbol)];
        var (analysis, priced, error) = Analyze(s, key);
        if (analysis is null) return (null, error);
        LevelsSummary current;
        LevelsSummary? previous;
        long version;
        lock (s.Gate) version = s.Version;
        lock (s.Summaries)
        {
            var summary = LevelsSummary.Of(analysis.Levels, time.GetUtcNow());
            if (!s.Summaries.TryGetValue(key, out var entry))
            {
                entry = (version, summary, null);
                // Bounded like the view cache: a new view pushes out the one updated longest ago.
                if (s.Summaries.Count >= _summariesKept) s.Summaries.Remove(s.Summaries.MinBy(kv => kv.Value.Current.At).Key);
            }
            else if (entry.Version != version)
            {
                entry = (version, summary, entry.Current);
            }
            s.Summaries[key] = entry;
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
    public (GexAnalysis? Analysis, PricedChain? Priced, SymbolInfo Info, string? Error) Hedging(string symbol, ViewKey key)
    {
        var s = _symbols[Normalize(symbol)];
        var (analysis, priced, error) = Analyze(s, key);
        return (analysis, priced, s.Info(), error);
    }

    public (ProfileView? View, string? Error) Profile(string symbol, ViewKey key)
    {
        var s = _symbols[Normalize(symbol)];
        var (analysis, priced, error) = Analyze(s, key);
        if (analysis is null) return (null, error);
        var l = analysis.Levels;
        DateOnly? next = priced!.NextExpiryIndex >= 0 ? priced.Expiries[priced.NextExpiryIndex].Date : null;
        return (new ProfileView(s.Info(), ViewInfo.Of(key), l.Spot, l.ZeroGamma, l.ZeroGammaCrossings, next, analysis.Exposure.Profile), null);
    }

    public (ExposureView? View, string? Error) Exposure(string symbol, ViewKey key, double range = ExposureRange)
    {
        var s = _symbols[Normalize(symbol)];
        var (analysis, _, error) = Analyze(s, key);
        if (analysis is null) return (null, error);
        var l = analysis.Levels;
        var lo = l.Spot * (1 - range);
        var hi = l.Spot * (1 + range);
        var strikes = analysis.Exposure.ByStrike.Where(x => x.Strike >= lo && x.Strike <= hi && (x.Calls != 0 || x.Puts != 0)).ToArray();
        return (new ExposureView(s.Info(), ViewInfo.Of(key), l.Spot, l.ZeroGamma, l.CallWall, l.PutWall, l.TotalGex.Value, strikes, analysis.Exposure.ByExpiry), null);
    }

    /// <summary>
    /// Levels over time: the snapshots of this symbol in the store (dealerflow method, classic model, every expiry; one
    /// per instant, converted from the unit stored to <paramref name="unit"/> at that snapshot's spot) merged with the
    /// session's recomputations (a session point recorded for a chain already in the store is left out). Thinned evenly
    /// to at most <paramref name="max"/> points (the newest always kept) so a long history stays one light response.
    /// The heatmap is the session's (the store's strike rows are not read per point).
    /// </summary>
    public HistoryView History(string symbol, GexUnit unit, int max = 240, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        var s = _symbols[Normalize(symbol)];
        bool In(DateTimeOffset t) => (from is null || t >= from) && (to is null || t <= to);
        var session = history.Read(s.Symbol).Where(p => In(p.At)).ToArray();
        IReadOnlyList<StoredSnapshot> stored = [];
        if (store.Enabled)
        {
            var query = new SnapshotQuery(s.Symbol)
            {
                From = from,
                To = to,
                Method = LevelsCalculator.MethodName,
                Positioning = Positioning.ModelCode(PositioningModel.Classic),
                Filter = ExpiryFilter.All.Describe(),
            };
            if (!store.TryUse(st => st.Query(query), "reading the history", out stored)) stored = [];
        }
        var byInstant = stored.Where(x => GexUnits.TryParse(x.Unit, out _)).GroupBy(x => x.Instant.UtcTicks).Select(g => g.MaxBy(x => x.Id)!).ToArray();
        var storedInstants = byInstant.Select(x => x.Instant.UtcTicks).ToHashSet();
        var rows = byInstant.Select(x => new HistoryRow(x.Instant, x.Instant, x.Spot, x.ZeroGamma, x.CallWall, x.PutWall, x.AbsoluteGammaStrike,
                ConvertStored(x.TotalGex, x.Unit, unit, x.Spot), x.Regime, "store"))
            .Concat(session.Where(p => !(p.Chain && storedInstants.Contains(p.AsOf.UtcTicks))).Select(p => new HistoryRow(p.At, p.AsOf, p.Spot, p.ZeroGamma,
                p.CallWall, p.PutWall, p.AbsoluteGammaStrike, p.NetGexShares * GexUnits.Factor(unit, p.Spot), p.Regime, "session")))
            .OrderBy(r => r.At).ToArray();
        var points = Thin(session, max);
        var strikes = points.SelectMany(p => p.Strikes).Distinct().Order().ToArray();
        var index = strikes.Select((k, i) => (k, i)).ToDictionary(x => x.k, x => x.i);
        var cells = new List<IReadOnlyList<double?>>(points.Count);
        foreach (var p in points)
        {
            var column = new double?[strikes.Length];
            var f = GexUnits.Factor(unit, p.Spot);
            for (var i = 0; i < p.Strikes.Count; i++) column[index[p.Strikes[i]]] = p.NetSharesByStrike[i] * f;
            cells.Add(column);
        }
        var view = ViewInfo.Of(HistoryKey.WithUnit(unit));
        var recorded = store.Enabled
            ? "stored snapshots (one per chain, classic model, all expiries) and the session's recomputations at every chain update and full recomputation"
            : "recorded at every chain update and full recomputation, classic model, all expiries (session only: the store is disabled)";
        // Thinned per source, so a long session never crowds out the stored snapshots (the page draws each on its own time axis).
        var thinned = Thin(rows.Where(r => r.Source == "store").ToArray(), max).Concat(Thin(rows.Where(r => r.Source != "store").ToArray(), max)).OrderBy(r => r.At).ToArray();
        return new HistoryView(s.Info(), view, recorded, thinned, new HeatmapView(points.Select(p => p.At).ToArray(), strikes, cells), store.Status());
    }

    private static IReadOnlyList<T> Thin<T>(IReadOnlyList<T> all, int max) =>
        all.Count <= max ? all : Enumerable.Range(0, max).Select(i => all[(int)Math.Round((double)i * (all.Count - 1) / (max - 1))]).ToArray();

    /// <summary>A stored exposure in the unit stored, re-expressed in <paramref name="unit"/> at the snapshot's spot (through shares per $1).</summary>
    internal static double ConvertStored(double value, string storedUnit, GexUnit unit, double spot) =>
        GexUnits.TryParse(storedUnit, out var u) ? value / GexUnits.Factor(u, spot) * GexUnits.Factor(unit, spot) : double.NaN;

    public IReadOnlyList<AlertEvent> Alerts(string symbol)
    {
        var s = _symbols[Normalize(symbol)];
        lock (s.AlertLog) return s.AlertLog.ToArray();
    }

    public DashboardSnapshot Snapshot(string symbol, ViewKey key)
    {
        var s = _symbols[Normalize(symbol)];
        var (levels, error) = Levels(symbol, key);
        var profile = levels is null ? null : Profile(symbol, key).View;
        var exposure = levels is null ? null : Exposure(symbol, key).View;
        return new DashboardSnapshot(s.Info(), ViewInfo.Of(key), error, levels, profile, exposure, History(symbol, key.Unit), Alerts(symbol));
    }

    // ---- history and alerts, on the default view ----

    private bool RecordDefault(SymbolState s, DateTimeOffset now, bool chain = false)
    {
        (GexAnalysis? analysis, PricedChain? _, string? error) result;
        try
        {
            result = Analyze(s, HistoryKey);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or ArithmeticException)
        {
            result = (null, null, e.Message);
        }
        if (result.analysis is not { } a)
        {
            lock (s.Gate)
            {
                s.Error = $"The chain could not be analysed: {result.error}";
                s.ErrorAt = now;
            }
            return false;
        }
        var l = a.Levels;
        market.Levels(s.Symbol, l, now);
        var lo = l.Spot * (1 - HeatmapRange);
        var hi = l.Spot * (1 + HeatmapRange);
        var near = a.Exposure.ByStrike.Where(x => x.Strike >= lo && x.Strike <= hi && (x.Calls != 0 || x.Puts != 0)).ToArray();
        history.Append(s.Symbol, new HistoryPoint(now, l.AsOf, l.Spot, l.ZeroGamma, l.CallWall, l.PutWall, l.AbsoluteGammaStrike, l.TotalGex.Value, l.Regime.Label(),
            near.Select(x => x.Strike).ToArray(), near.Select(x => x.Net).ToArray(), chain));
        lock (s.Gate)
        {
            var flip = LevelsAssembler.Flip(l.ZeroGammaCrossings, s.Spot);
            foreach (var (kind, level) in new[] { (ZeroGammaKind, flip), (CallWallKind, l.CallWall), (PutWallKind, l.PutWall) })
            {
                if (level is not { } x) s.AlertSides.Remove(kind);
                else if (!s.AlertSides.TryGetValue(kind, out var e) || e.Level != x) s.AlertSides[kind] = (x, SideOf(s.Spot, x));
            }
        }
        return true;
    }

    /// <summary>Which side of a level spot is on, with a dead band of <see cref="AlertBand"/> so a spot hovering on the level does not flap.</summary>
    private static int SideOf(double spot, double level)
    {
        var m = level * AlertBand;
        return spot > level + m ? 1 : spot < level - m ? -1 : 0;
    }

    private void CheckAlerts(SymbolState s, double from, double to)
    {
        var raised = new List<AlertEvent>();
        lock (s.Gate)
        {
            foreach (var kind in new[] { ZeroGammaKind, CallWallKind, PutWallKind })
            {
                if (!s.AlertSides.TryGetValue(kind, out var e)) continue;
                var side = SideOf(to, e.Level);
                if (side == 0) continue;
                s.AlertSides[kind] = (e.Level, side);
                if (e.Side == 0 || e.Side == side) continue;
                var direction = side > 0 ? "above" : "below";
                var message = string.Create(CultureInfo.InvariantCulture, $"{s.Symbol} spot {to:0.00} crossed {direction} the {kind} {e.Level:0.00} (from {from:0.00})");
                raised.Add(new AlertEvent(s.Symbol, kind, direction, e.Level, from, to, time.GetUtcNow(), message));
            }
        }
        foreach (var alert in raised)
        {
            lock (s.AlertLog)
            {
                s.AlertLog.Add(alert);
                if (s.AlertLog.Count > AlertsKept) s.AlertLog.RemoveAt(0);
            }
            alerts.Raise(alert);
            Broadcast(s, SignalKind.Alert, alert);
        }
    }
}

internal sealed class SymbolState(string symbol, string origin)
{
    public readonly object Gate = new();
    public string Symbol { get; } = symbol;
    public string Origin { get; set; } = origin;
    public ChainSnapshot? Chain { get; set; }
    public double AnchorSpot { get; set; } = double.NaN;
    public long ChainVersion { get; set; }
    public long Version { get; set; }
    public double Spot { get; set; } = double.NaN;
    public DateTimeOffset SpotAt { get; set; }
    public bool SpotSimulated { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset? ErrorAt { get; set; }
    public readonly Dictionary<string, (double Level, int Side)> AlertSides = new(StringComparer.Ordinal);

    public readonly Dictionary<ViewKey, (long Version, LevelsSummary Current, LevelsSummary? Previous)> Summaries = [];
    public readonly List<Subscription> Subscribers = [];

    /// <summary>Counts every change but spot ticks (chain, recomputation, status, alert): the stamp of shared event JSON.</summary>
    public long Changes;
    public readonly List<AlertEvent> AlertLog = [];

    public SymbolInfo Info()
    {
        lock (Gate)
        {
            var status = Error is not null ? "error" : Chain is null ? "waiting" : "ok";
            return new SymbolInfo(Symbol, status, Chain is null ? null : Spot, Chain?.Instant, UpdatedAt, Origin, Error, ErrorAt, ChainVersion, Chain?.Count ?? 0,
                Chain?.Spot, SpotSimulated ? "simulated" : "chain");
        }
    }
}
