namespace DealerFlow.Data.Readers;

/// <summary>Option roots to the underlying they are written on (weekly and PM-settled roots to their index).</summary>
internal static class Underlyings
{
    /// <summary>SPXW -> SPX, NDXP -> NDX, RUTW -> RUT, VIXW -> VIX, DJXW -> DJX, MRUT stays; other roots are their own underlying.</summary>
    public static string OfRoot(string root) => root switch
    {
        "SPXW" or "SPXPM" => "SPX",
        "NDXP" or "NDXW" => "NDX",
        "RUTW" => "RUT",
        "VIXW" => "VIX",
        "DJXW" => "DJX",
        _ => root,
    };

    /// <summary>The underlying of the most contracts; ties go to the alphabetically first symbol.</summary>
    public static string? MostCommon(IReadOnlyDictionary<string, int> rootCounts)
    {
        var byUnderlying = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (root, n) in rootCounts)
        {
            var u = OfRoot(root);
            byUnderlying[u] = byUnderlying.GetValueOrDefault(u) + n;
        }
        string? best = null;
        var bestN = 0;
        foreach (var (u, n) in byUnderlying)
        {
            if (n > bestN || (n == bestN && string.CompareOrdinal(u, best) < 0))
            {
                best = u;
                bestN = n;
            }
        }
        return best;
    }

    /// <summary>
    /// An underlying symbol as vendors write it (<c>_SPX</c>, <c>^SPX</c>, <c>$SPX.X</c>) reduced to <c>SPX</c> by the one rule,
    /// <see cref="Core.Chain.UnderlyingSymbol"/>; text that is no symbol is kept trimmed, and the live server rejects it.
    /// </summary>
    public static string Clean(string symbol) =>
        Core.Chain.UnderlyingSymbol.TryNormalize(symbol, out var s, out _) ? s : symbol.Trim();
}
