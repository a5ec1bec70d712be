using System.Collections.Concurrent;

namespace DealerFlow.Web.Live;

/// <summary>
/// The served symbols, keyed by their one spelling (<see cref="UnderlyingSymbol"/>). Text from outside (a URL, a file
/// name, a source) is normalised here once, by <see cref="TryResolve"/>; everything past that boundary holds a
/// <see cref="SymbolState"/>. A symbol, once served, stays served. This type is thread-safe.
/// </summary>
internal sealed class SymbolTable
{
    private readonly ConcurrentDictionary<string, SymbolState> _symbols = new(StringComparer.Ordinal);

    /// <summary>The served spelling of a symbol; text that is no symbol comes back as it is and matches nothing.</summary>
    public static string Normalize(string symbol) => UnderlyingSymbol.TryNormalize(symbol, out var s, out _) ? s : symbol;

    /// <summary>The state of the symbol <paramref name="raw"/> names in any vendor spelling; false when it names none that is served.</summary>
    public bool TryResolve(string? raw, out SymbolState state)
    {
        if (UnderlyingSymbol.TryNormalize(raw, out var s, out _) && _symbols.TryGetValue(s, out var found))
        {
            state = found;
            return true;
        }
        state = null!;
        return false;
    }

    /// <summary>The state of a served symbol by its served spelling, as <see cref="TryResolve"/> gave it (the API's symbol filter).</summary>
    public SymbolState this[string served] =>
        _symbols.TryGetValue(served, out var s) ? s : throw new InvalidOperationException($"'{served}' is not a served symbol's spelling: resolve text from outside with TryResolve.");

    /// <summary>The state of a symbol already normalised, created (waiting for its first chain) when it is new.</summary>
    public SymbolState GetOrAdd(string normalised, string origin) => _symbols.GetOrAdd(normalised, s => new SymbolState(s, origin));

    public IEnumerable<SymbolState> All => _symbols.Values;

    public IReadOnlyList<SymbolInfo> List() => _symbols.Values.Select(s => s.Info()).OrderBy(s => s.Symbol, StringComparer.Ordinal).ToArray();
}
