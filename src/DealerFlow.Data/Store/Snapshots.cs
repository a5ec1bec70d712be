using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using DealerFlow.Core.Chain;
using DealerFlow.Core.Exposure;
using DealerFlow.Core.Levels;
using DealerFlow.Data.Readers;

namespace DealerFlow.Data.Store;

/// <summary>
/// Builds what the store keeps, the same way for every writer: <c>dealerflow ingest</c> (a chain file) and the live
/// server (a chain a source pushed). The idempotency key is computed before pricing, so a writer can skip a snapshot
/// already stored without analysing it again.
/// </summary>
public static class Snapshots
{
    /// <summary>The format code stored with a snapshot ("cboe-csv", "cboe-json", "schwab", "massive", "yfinance", "normalized").</summary>
    public static string FormatCode(ChainFormat f) => f switch
    {
        ChainFormat.CboeCsv => "cboe-csv",
        ChainFormat.CboeJson => "cboe-json",
        ChainFormat.Schwab => "schwab",
        ChainFormat.Massive => "massive",
        ChainFormat.YFinance => "yfinance",
        _ => "normalized",
    };

    /// <summary>Every setting besides method and positioning that changes the stored numbers: part of the idempotency key.</summary>
    public static string SettingsKey(EngineSettings e, LevelsSettings l, ReadOptions? ro = null)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(l);
        var inv = CultureInfo.InvariantCulture;
        var parts = new List<string>
        {
            "unit=" + GexUnits.Code(l.Unit),
            "filter=" + e.Filter.Describe(),
            "forwards=" + e.Forwards.ToString().ToLowerInvariant(),
            "iv=" + e.Iv.ToString().ToLowerInvariant(),
            "r=" + e.Rate.ToString("R", inv),
            "q=" + e.DividendYield.ToString("R", inv),
            "walls=" + l.Walls.ToString().ToLowerInvariant(),
            "range=" + l.SearchRange.ToString("R", inv),
            "grid=" + l.GridPoints.ToString(inv),
            "top=" + l.TopN.ToString(inv),
        };
        if (ro?.Underlying is { } u) parts.Add("underlying=" + u);
        if (ro?.Spot is { } s) parts.Add("spot=" + s.ToString("R", inv));
        if (ro?.AsOf is { } a) parts.Add("as-of=" + a.ToString("O", inv));
        if (ro?.Format is { } f) parts.Add("format-in=" + f);
        return string.Join(';', parts);
    }

    /// <summary>The numeric columns <see cref="ContentHash"/> hashes after expiry, type and settlement, in this order (the order is part of the hash).</summary>
    private static readonly Func<ChainSnapshot, ReadOnlySpan<double>>[] HashedNumbers =
    [
        c => c.Strike, c => c.Bid, c => c.Ask, c => c.Last, c => c.Volume, c => c.OpenInterest,
        c => c.VendorIv, c => c.VendorDelta, c => c.VendorGamma, c => c.Multiplier,
    ];

    /// <summary>
    /// SHA-256 (lower-case hex) of a chain's content as read: underlying, instant, spot and every contract's root,
    /// expiry, type, settlement, strike, quotes, volume, open interest, vendor greeks and multiplier (not the source
    /// line numbers). The same chain pushed twice hashes the same; any changed quote changes the hash. This is the one
    /// identity of a snapshot for every path into the store (<c>dealerflow ingest</c> and the live writer), so the same
    /// chain read from a re-saved, re-compressed or re-encoded file is still the same snapshot.
    /// </summary>
    public static string ContentHash(ChainSnapshot chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        h.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{chain.Underlying}|{chain.Instant:O}|{chain.Spot:R}|{chain.Count}|")));
        var roots = new StringBuilder();
        for (var i = 0; i < chain.Count; i++) roots.Append(chain.Root(i)).Append('|');
        h.AppendData(Encoding.UTF8.GetBytes(roots.ToString()));
        h.AppendData(MemoryMarshal.AsBytes(chain.Expiry));
        h.AppendData(MemoryMarshal.AsBytes(chain.Type));
        h.AppendData(MemoryMarshal.AsBytes(chain.Settlement));
        foreach (var column in HashedNumbers) h.AppendData(MemoryMarshal.AsBytes(column(chain)));
        return Convert.ToHexStringLower(h.GetHashAndReset());
    }

    /// <summary>The key a snapshot of <paramref name="chain"/> computed with these settings is stored under.</summary>
    public static SnapshotKey Key(ChainSnapshot chain, string method, string positioning, string settingsKey, string contentHash)
    {
        ArgumentNullException.ThrowIfNull(chain);
        return new SnapshotKey(chain.Underlying, chain.Instant, method, positioning, settingsKey, contentHash);
    }

    /// <summary>The snapshot to store: the analysis's levels and exposure, with where it came from and the settings key.</summary>
    public static SnapshotToStore Create(SnapshotSource source, string settingsKey, GexAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return new SnapshotToStore(source, settingsKey, analysis.Levels, analysis.Exposure);
    }
}
