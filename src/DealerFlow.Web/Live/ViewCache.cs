namespace DealerFlow.Web.Live;

/// <summary>What a <see cref="ViewCache"/> entry holds: a priced chain, its analysis, or the analysis re-read at the anchor spot.</summary>
internal enum CacheKind
{
    Priced,
    Analysis,
    Anchored,
}

/// <summary>
/// The key of one cached computation: symbol, kind, the chain version (priced, analysis) or the state version
/// (anchored), and the view (the unit is ignored for a priced chain, which does not depend on it).
/// </summary>
internal readonly record struct CacheKey(string Symbol, CacheKind Kind, long Version, GexUnit Unit, PositioningModel Model, string Expiry);

/// <summary>
/// The per-view computations of every symbol (expiry filter x model x unit priced chains and analyses), bounded by
/// entries and by estimated bytes: least recently used entries go first. One computation per key runs at a time
/// (concurrent requests for one view share it). An entry evicted while a request still uses it lives until that
/// request ends; the bound is on what the cache keeps. This type is thread-safe.
/// </summary>
internal sealed class ViewCache(int maxEntries, long maxBytes)
{
    /// <summary>
    /// Estimated bytes per priced contract: 19 double and 4 int columns (<see cref="PricedChain"/>); the snapshot it
    /// points at is the symbol's chain, shared by every view, and not counted.
    /// </summary>
    internal const long BytesPerPricedContract = 19 * sizeof(double) + 4 * sizeof(int);

    private sealed class Entry(CacheKey key, Lazy<object> value)
    {
        public CacheKey Key { get; } = key;
        public Lazy<object> Value { get; } = value;
        public long Bytes { get; set; }
    }

    private readonly object _gate = new();
    private readonly Dictionary<CacheKey, LinkedListNode<Entry>> _map = [];
    private readonly LinkedList<Entry> _lru = new();
    private long _bytes;
    private long _evicted;

    public int MaxEntries => maxEntries;

    public long MaxBytes => maxBytes;

    /// <summary>Entries, estimated bytes and evictions so far.</summary>
    public (int Entries, long Bytes, long Evicted) Stats()
    {
        lock (_gate) return (_map.Count, _bytes, _evicted);
    }

    /// <summary>The cached value of <paramref name="key"/>, computed by <paramref name="create"/> on a miss.</summary>
    public T GetOrAdd<T>(CacheKey key, Func<T> create)
        where T : class
    {
        LinkedListNode<Entry> node;
        lock (_gate)
        {
            if (_map.TryGetValue(key, out var found))
            {
                node = found;
                _lru.Remove(node);
                _lru.AddFirst(node);
            }
            else
            {
                node = new LinkedListNode<Entry>(new Entry(key, new Lazy<object>(() => create(), LazyThreadSafetyMode.ExecutionAndPublication)));
                _lru.AddFirst(node);
                _map[key] = node;
            }
        }
        object value;
        try
        {
            value = node.Value.Value.Value;
        }
        catch
        {
            lock (_gate) Drop(node); // a failed computation is not cached
            throw;
        }
        lock (_gate)
        {
            if (node.Value.Bytes == 0 && node.List is not null)
            {
                node.Value.Bytes = SizeOf(value);
                _bytes += node.Value.Bytes;
            }
            Trim(keep: node);
        }
        return (T)value;
    }

    /// <summary>The value of <paramref name="key"/> when it is cached and computed; never computes it.</summary>
    public bool TryGet<T>(CacheKey key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? value)
        where T : class
    {
        lock (_gate)
        {
            if (_map.TryGetValue(key, out var node) && node.Value.Value.IsValueCreated && node.Value.Value.Value is T v)
            {
                value = v;
                return true;
            }
        }
        value = null;
        return false;
    }

    /// <summary>Drops every entry of <paramref name="symbol"/> that <paramref name="stale"/> selects (older chain or state versions).</summary>
    public void Remove(string symbol, Func<CacheKey, bool> stale)
    {
        lock (_gate)
        {
            foreach (var node in _map.Values.Where(n => n.Value.Key.Symbol == symbol && stale(n.Value.Key)).ToArray()) Drop(node);
        }
    }

    private void Trim(LinkedListNode<Entry> keep)
    {
        while ((_map.Count > maxEntries || _bytes > maxBytes) && _lru.Last is { } last && last != keep)
        {
            Drop(last);
            _evicted++;
        }
    }

    private void Drop(LinkedListNode<Entry> node)
    {
        if (node.List is null) return;
        _lru.Remove(node);
        _map.Remove(node.Value.Key);
        _bytes -= node.Value.Bytes;
    }

    /// <summary>Estimated retained bytes of a cached value (arrays and rows it owns, not the shared chain snapshot).</summary>
    internal static long SizeOf(object value) => value switch
    {
        PricedChain p => 1024 + p.Count * BytesPerPricedContract + p.Expiries.Count * 256L,
        GexAnalysis a => 4096 + a.Exposure.ByStrike.Count * 96L + a.Exposure.ByExpiry.Count * 192L + a.Exposure.Profile.Count * 64L
            + a.Levels.ZeroGammaCrossings.Count * 8L + a.Levels.TopStrikes.Count * 64L,
        _ => 1024,
    };
}
