namespace DealerFlow.Web.Live;

/// <summary>
/// The sink the sources push into, and the only writer of the symbols' live state: a whole chain replaces the last
/// good one, a spot tick moves spot and checks the alerts (<see cref="AlertRules"/>), bad input sets the error state
/// (or is only listed among the <see cref="RejectedInputs"/>), a re-anchor recomputes the levels at the current spot.
/// Symbols are normalised here (<see cref="SymbolTable.TryResolve"/>); every change is published on the
/// <see cref="LiveFeed"/>.
/// </summary>
internal sealed class LiveBook(
    SymbolTable symbols,
    LiveViews views,
    LiveHistory history,
    LiveFeed feed,
    AlertLog alertLog,
    AlertNotifier notifier,
    RejectedInputs rejected,
    SnapshotWriter writer,
    Market.MarketBoard market,
    TimeProvider time,
    ILogger<LiveBook> log) : IChainSink
{
    public void Expect(string symbol, string origin)
    {
        if (UnderlyingSymbol.TryNormalize(symbol, out var s, out var why)) market.Info(symbols.GetOrAdd(s, origin).Info());
        else rejected.Add(origin, null, $"the symbol {why}");
    }

    public bool Offer(ChainReadResult read, string origin, bool restart = false)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (!UnderlyingSymbol.TryNormalize(read.Snapshot.Underlying, out var symbol, out var bad))
        {
            rejected.Add(origin, null, $"{origin} rejected: its underlying symbol {bad}.");
            return false;
        }
        if (!symbols.TryResolve(symbol, out var s))
        {
            // Not served yet: a chain rejected on its own (cut short, unreadable) never creates the symbol.
            if (Reject(read, null, null, origin, restart)) return false;
            s = symbols.GetOrAdd(symbol, origin);
        }
        // The check against the chain held and the replacement are one step per symbol.
        lock (s.OfferGate)
        {
            ChainSnapshot? previous;
            DateTimeOffset? since;
            lock (s.Gate) (previous, since) = (s.Chain, s.ChainSince);
            if (Reject(read, previous, since, origin, restart)) return false;
            rejected.Clear(origin);
            Chain(read.Snapshot, origin, read.Timeliness, WholeChain.Since(read));
        }
        return true;
    }

    /// <summary>True (and the symbol's error, the last good chain kept) when <see cref="WholeChain.Check"/> rejects <paramref name="read"/>.</summary>
    private bool Reject(ChainReadResult read, ChainSnapshot? previous, DateTimeOffset? since, string origin, bool restart)
    {
        if (WholeChain.Check(read, previous, WholeChainLimits.Default, since, restart) is not { } why) return false;
        Error(read.Snapshot.Underlying, $"{origin} rejected, the last good chain is kept: {why}.", origin);
        return true;
    }

    /// <summary>A chain another owner already checked (in scale-out mode, the symbol's grain): replaces the symbol's chain as it is.</summary>
    public void Chain(ChainSnapshot snapshot, string origin) => Chain(snapshot, origin, null, snapshot?.Instant);

    /// <summary>A new chain with how current its feed marked it (null: the source does not say) and the instant the next chain as read may not precede.</summary>
    private void Chain(ChainSnapshot snapshot, string origin, FeedTimeliness? timeliness, DateTimeOffset? since)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (!UnderlyingSymbol.TryNormalize(snapshot.Underlying, out var symbol, out var bad))
        {
            rejected.Add(origin, null, $"{origin} rejected: its underlying symbol {bad}.");
            return;
        }
        var s = symbols.GetOrAdd(symbol, origin);
        var now = time.GetUtcNow();
        lock (s.Gate)
        {
            s.Chain = snapshot;
            s.ChainSince = since;
            s.AnchorSpot = snapshot.Spot;
            // A streamed spot newer than the chain's own time stays the current spot: a polled chain whose underlying
            // price is older must not step the spot back (the views are priced at the chain's spot until the next re-anchor).
            if (s.TickAt is not { } tick || tick <= snapshot.Instant)
            {
                s.Spot = snapshot.Spot;
                s.SpotAt = now;
                s.SpotSequence++;
            }
            s.UpdatedAt = now;
            s.Origin = origin;
            s.Timeliness = timeliness;
            s.ChainVersion++;
            s.Version++;
            s.Error = null; // a good chain clears the error state; Recompute sets it again if it cannot be analysed
            s.ErrorAt = null;
            views.Invalidate(s);
        }
        if (Recompute(s, now, chain: true)) writer.Enqueue(snapshot, origin);
        log.LogInformation("{Symbol}: chain {Version} from {Origin}, spot {Spot}, as of {AsOf:yyyy-MM-dd HH:mm zzz}, {Count} contracts",
            s.Symbol, s.ChainVersion, origin, snapshot.Spot, snapshot.Instant, snapshot.Count);
        Publish(s, SignalKind.Full);
    }

    /// <summary>A new spot between chains; <c>simulated</c> marks a spot from the demo's random walk (shown as "simulated spot").</summary>
    public void Spot(string symbol, double spot, DateTimeOffset at, bool simulated = false)
    {
        if (!(spot > 0 && double.IsFinite(spot))) return;
        if (!symbols.TryResolve(symbol, out var s)) return;
        double previous;
        IReadOnlyList<AlertEvent> raised;
        lock (s.Gate)
        {
            if (s.Chain is null) return;
            previous = s.Spot;
            s.Spot = spot;
            s.SpotAt = at;
            s.SpotSequence++;
            s.SpotSimulated = simulated;
            if (!simulated) s.TickAt = at;
            s.UpdatedAt = time.GetUtcNow();
            (s.Armed, raised) = AlertRules.Cross(s.Symbol, s.Armed, previous, spot, s.UpdatedAt.Value);
        }
        foreach (var alert in raised)
        {
            alertLog.Add(alert);
            notifier.Raise(alert);
            Publish(s, SignalKind.Alert, alert);
        }
        Publish(s, SignalKind.Tick);
    }

    public void Error(string symbol, string message, string origin)
    {
        // A bad input for a symbol that is not served never creates one: it is listed in Rejected only.
        if (!symbols.TryResolve(symbol, out var s))
        {
            rejected.Add(origin, null, message);
            log.LogWarning("Rejected input from {Origin}: {Message}", origin, message);
            return;
        }
        rejected.Add(origin, s.Symbol, message);
        lock (s.Gate)
        {
            s.Error = message;
            s.ErrorAt = time.GetUtcNow();
        }
        log.LogWarning("{Symbol}: bad input from {Origin}, keeping the last good data: {Message}", s.Symbol, origin, message);
        Publish(s, SignalKind.Status);
    }

    /// <summary>Recomputes the levels in full (strikes, walls, DEX) at the current spot when it has moved since the last time; the chain is not priced again.</summary>
    public void Reanchor(string symbol)
    {
        if (!symbols.TryResolve(symbol, out var s)) return;
        DateTimeOffset now;
        lock (s.Gate)
        {
            if (s.Chain is null || s.AnchorSpot == s.Spot) return;
            s.AnchorSpot = s.Spot;
            s.Version++;
            views.Invalidate(s);
            now = time.GetUtcNow();
        }
        Recompute(s, now);
        Publish(s, SignalKind.Full);
    }

    /// <summary>Analyses the default view at the anchor spot, records it in the history and re-arms the alerts; false (and the error state) when it cannot be analysed.</summary>
    private bool Recompute(SymbolState s, DateTimeOffset now, bool chain = false)
    {
        (GexAnalysis? analysis, PricedChain? _, string? error) result;
        try
        {
            result = views.Analyze(s, LiveHistory.Key);
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
        history.Record(s, now, a, chain);
        var l = a.Levels;
        market.Levels(s.Symbol, l, now);
        lock (s.Gate) s.Armed = AlertRules.Arm(s.Armed, s.Spot, LevelsAssembler.Flip(l.ZeroGammaCrossings, s.Spot), l.CallWall, l.PutWall);
        return true;
    }

    /// <summary>Publishes the change to the symbol's subscribers, and the symbol's new state to the market overview (alerts change no row).</summary>
    private void Publish(SymbolState s, SignalKind kind, AlertEvent? alert = null)
    {
        feed.Publish(s, kind, alert);
        if (kind != SignalKind.Alert) market.Info(s.Info());
    }
}
