namespace DealerFlow.Web.Market;

/// <summary>
/// One row per served underlying for the market overview: the symbol's state, its live spot, and the levels of its last
/// full recomputation (classic model, all expiries), with the distances from the live spot to them. Updated by the
/// book on every chain, recomputation, tick and status change; every change gets a board-wide version, so a client
/// that has seen version v asks for <see cref="Changes"/> since v and receives only the rows that changed.
/// </summary>
internal sealed class MarketBoard
{
    /// <summary>The view every row is computed in: total GEX in $ per 1% move, classic positioning, all expiries.</summary>
    public static readonly ViewKey View = ViewKey.Default;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _rows = new(StringComparer.Ordinal);
    private long _version;
    private TaskCompletionSource _changed = NewSignal();

    /// <summary>The latest version handed out; 0 before the first row.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>The symbol's state changed (status, spot, error): its row is rebuilt around the new spot.</summary>
    public void Info(SymbolInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        Update(info.Symbol, e => e with { Info = info });
    }

    /// <summary>A full recomputation of the symbol's levels (at the chain's or the re-anchored spot), in shares per $1.</summary>
    public void Levels(string symbol, LevelsReport levels, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(levels);
        if (levels.TotalGex.Unit != AmountUnits.Of(GexUnit.SharesPerDollar))
            throw new ArgumentException($"The board takes levels in shares per $1, not {levels.TotalGex.Unit.Label()}.", nameof(levels));
        Update(symbol, e => e with { Levels = levels, LevelsAt = at });
    }

    /// <summary>Every row, by symbol, at <see cref="Version"/>.</summary>
    public MarketView Snapshot()
    {
        lock (_gate) return Build(_version, _rows.Values.Select(e => e.Row));
    }

    /// <summary>The rows that changed after version <paramref name="since"/> (all rows for 0), and the version they bring the client to.</summary>
    public MarketView Changes(long since)
    {
        lock (_gate) return Build(_version, _rows.Values.Where(e => e.Row.Version > since).Select(e => e.Row));
    }

    /// <summary>
    /// The JSON of <see cref="Changes"/>(<paramref name="since"/>), with the version it brings the client to and its row
    /// count: built once per (since, version) and shared, so the stream's clients that are in step (they all saw the same
    /// version) serialise the rows once between them, not once each.
    /// </summary>
    public (string Json, long Version, int Rows) ChangesJson(long since)
    {
        lock (_gate)
        {
            if (_shared is { } c && c.Since == since && c.Version == _version) return (c.Json, c.Version, c.Rows);
            var view = Build(_version, _rows.Values.Where(e => e.Row.Version > since).Select(e => e.Row));
            _shared = (since, view.Version, view.Rows.Count, System.Text.Json.JsonSerializer.Serialize(view, WebJson.Options));
            return (_shared.Value.Json, view.Version, view.Rows.Count);
        }
    }

    private (long Since, long Version, int Rows, string Json)? _shared;

    /// <summary>Completes when the board has moved past version <paramref name="seen"/> (at once if it already has).</summary>
    public Task WaitForChangeAsync(long seen, CancellationToken ct)
    {
        // Take the signal before reading the version: an update bumps the version first and completes the signal after,
        // so a change between the two reads is seen by one of them.
        var signal = Volatile.Read(ref _changed).Task;
        return Version > seen ? Task.CompletedTask : signal.WaitAsync(ct);
    }

    private void Update(string symbol, Func<Entry, Entry> change)
    {
        lock (_gate)
        {
            var e = change(_rows.TryGetValue(symbol, out var old) ? old : new Entry(null, null, null, null!));
            var version = ++_version;
            _rows[symbol] = e with { Row = RowOf(symbol, e.Info, e.Levels, e.LevelsAt, version) };
        }
        Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static MarketView Build(long version, IEnumerable<MarketRow> rows)
    {
        var info = ViewInfo.Of(View);
        return new MarketView(info.Unit, info.UnitLabel, info.Model, info.ModelDescription, info.ExpiryDescription, version,
            rows.OrderBy(r => r.Symbol, StringComparer.Ordinal).ToArray());
    }

    /// <summary>
    /// The row at the live spot: the flip is the crossing nearest the live spot (<see cref="LevelsAssembler.Flip"/>), the
    /// distances are from the live spot; walls, regime and total GEX are the last recomputation's, whose time the row
    /// carries (<c>recomputedAt</c>; the live server recomputes every few seconds when spot has moved). Total GEX is
    /// re-expressed from shares per $1 in $ per 1% at the recomputation's spot.
    /// </summary>
    internal static MarketRow RowOf(string symbol, SymbolInfo? info, LevelsReport? levels, DateTimeOffset? recomputedAt, long version)
    {
        var spot = info?.Spot ?? levels?.Spot;
        double? flip = null, flipPoints = null, flipPct = null;
        if (levels is not null && spot is { } s)
        {
            flip = LevelsAssembler.Flip(levels.ZeroGammaCrossings, s);
            (flipPoints, flipPct) = LevelsAssembler.DistanceToFlip(s, flip);
        }
        double? Pct(double? level) => level is { } l && spot is { } x ? (l - x) / x * 100 : null;
        double? total = levels is null ? null : levels.TotalGex.Value * GexUnits.Factor(View.Unit, levels.Spot);
        return new MarketRow(symbol, info?.Status ?? "waiting", spot, levels?.Regime ?? GammaRegime.Unknown, flip, flipPoints, flipPct,
            levels?.CallWall, Pct(levels?.CallWall), levels?.PutWall, Pct(levels?.PutWall), total is { } t && double.IsFinite(t) ? t : null,
            levels?.Spot, recomputedAt, levels?.AsOf, info?.UpdatedAt, info?.Error, version);
    }

    private sealed record Entry(SymbolInfo? Info, LevelsReport? Levels, DateTimeOffset? LevelsAt, MarketRow Row);
}

/// <summary>
/// One underlying in the market overview. <c>spot</c> is live; <c>zeroGamma</c> is the crossing of the last recomputation's
/// profile nearest that spot, <c>flipDistance</c> spot minus it in points and <c>flipDistancePct</c> in % of spot
/// (positive: spot above the flip); <c>callWallDistancePct</c>/<c>putWallDistancePct</c> are wall minus spot in % of spot;
/// <c>regime</c>, the walls and <c>totalGex</c> (in the view's unit, $ per 1% move) are from the last full recomputation,
/// made at <c>recomputedAt</c> at spot <c>levelsSpot</c> with the chain as of <c>chainAsOf</c>. Nulls mean "no value"
/// (no chain yet, no crossing, no wall), never 0.
/// </summary>
internal sealed record MarketRow(
    string Symbol,
    string Status,
    double? Spot,
    GammaRegime Regime,
    double? ZeroGamma,
    double? FlipDistance,
    double? FlipDistancePct,
    double? CallWall,
    double? CallWallDistancePct,
    double? PutWall,
    double? PutWallDistancePct,
    double? TotalGex,
    double? LevelsSpot,
    DateTimeOffset? RecomputedAt,
    DateTimeOffset? ChainAsOf,
    DateTimeOffset? UpdatedAt,
    string? Error,
    long Version);

/// <summary>The market overview (or the rows that changed since a version): unit and positioning model every row is computed in, and the version it brings the client to.</summary>
internal sealed record MarketView(string Unit, string UnitLabel, string Model, string ModelDescription, string Expiry, long Version, IReadOnlyList<MarketRow> Rows);
