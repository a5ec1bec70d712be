namespace DealerFlow.Web.Live;

/// <summary>
/// The stream's event data, serialised once per state and view and shared by every subscriber (<see cref="SharedJson"/>):
/// the stamp of a snapshot, levels or status event is the symbol's change count (<see cref="LiveFeed.Changes"/>), a
/// tick's its event id. This type is thread-safe.
/// </summary>
internal sealed class StreamEvents(LiveViews views, LiveFeed feed, IOptions<LiveOptions> options)
{
    private readonly SharedJson _json = new(options.Value.ViewCacheEntries);

    /// <summary>The JSON of <see cref="LiveViews.Snapshot"/> for the symbol's current state (chain, anchor, error, alerts).</summary>
    public string SnapshotJson(SymbolState s, ViewKey key) =>
        _json.Get(s.Symbol, key, "snapshot", feed.Changes(s), () => views.Snapshot(s, key));

    /// <summary>The JSON of a <c>levels</c> event: the symbol's state and the view's levels (what changed), not the large views.</summary>
    public string LevelsJson(SymbolState s, ViewKey key) =>
        _json.Get(s.Symbol, key, "levels", feed.Changes(s), () =>
        {
            var (levels, error) = views.Levels(s, key);
            return new LevelsUpdate(s.Info(), ViewInfo.Of(key), error, levels);
        });

    /// <summary>The JSON of a <c>status</c> event: the symbol's state and error.</summary>
    public string StatusJson(SymbolState s) => _json.Get(s.Symbol, null, "status", feed.Changes(s), s.Info);

    /// <summary>The JSON of the tick event <paramref name="id"/> for a view; null when the view has nothing to price.</summary>
    public string? TickJson(SymbolState s, ViewKey key, long id)
    {
        var json = _json.Get(s.Symbol, key, "tick", id, () => views.Tick(s, key));
        return json == "null" ? null : json;
    }
}
