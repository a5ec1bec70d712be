namespace DealerFlow.Web.Live;

/// <summary>The recent alerts of every symbol, the newest <see cref="Kept"/> per symbol, oldest first. This type is thread-safe.</summary>
internal sealed class AlertLog
{
    public const int Kept = 50;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, List<AlertEvent>> _bySymbol = new(StringComparer.Ordinal);

    public void Add(AlertEvent alert)
    {
        var log = _bySymbol.GetOrAdd(alert.Symbol, _ => []);
        lock (log)
        {
            log.Add(alert);
            if (log.Count > Kept) log.RemoveAt(0);
        }
    }

    public IReadOnlyList<AlertEvent> For(SymbolState symbol)
    {
        if (!_bySymbol.TryGetValue(symbol.Symbol, out var log)) return [];
        lock (log) return log.ToArray();
    }
}
