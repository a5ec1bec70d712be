namespace DealerFlow.Web.Live;

/// <summary>
/// One served symbol's live data: its last good chain, the anchor spot the views are priced at, the current spot, the
/// error state and the armed alert levels. Every member but <see cref="Symbol"/> is read and written under
/// <see cref="Gate"/>; <see cref="LiveBook"/> is the only writer.
/// </summary>
internal sealed class SymbolState(string symbol, string origin)
{
    public readonly object Gate = new();

    /// <summary>Held by <see cref="LiveBook.Offer"/> from the check to the replacement, so two sources offering at once cannot let an older chain in.</summary>
    public readonly object OfferGate = new();

    /// <summary>The served spelling (<see cref="UnderlyingSymbol"/>).</summary>
    public string Symbol { get; } = symbol;

    public string Origin { get; set; } = origin;
    public ChainSnapshot? Chain { get; set; }

    /// <summary>The instant the next chain as read may not precede (<see cref="DealerFlow.Data.Readers.WholeChain.Since"/>): the chain's own, or for a re-priced chain the polled one's.</summary>
    public DateTimeOffset? ChainSince { get; set; }
    public double AnchorSpot { get; set; } = double.NaN;
    public long ChainVersion { get; set; }

    /// <summary>Counts chains and full recomputations (a new anchor): the version of the anchored views.</summary>
    public long Version { get; set; }

    public double Spot { get; set; } = double.NaN;
    public DateTimeOffset SpotAt { get; set; }

    /// <summary>Counts every change of <see cref="Spot"/> (tick or chain), so a page can tell an older tick from a newer one whatever clock each spot's time comes from.</summary>
    public long SpotSequence { get; set; }
    public bool SpotSimulated { get; set; }

    /// <summary>The source's time of the last spot tick that was not simulated (a streamed trade); null before the first.</summary>
    public DateTimeOffset? TickAt { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    public string? Error { get; set; }

    /// <summary>How current the feed marked the chain (<see cref="DealerFlow.Data.Readers.FeedTimeliness"/>); null when the source does not say.</summary>
    public DealerFlow.Data.Readers.FeedTimeliness? Timeliness { get; set; }
    public DateTimeOffset? ErrorAt { get; set; }

    /// <summary>The levels alerts watch, with the side of each spot was last seen on (<see cref="AlertRules"/>).</summary>
    public IReadOnlyList<ArmedLevel> Armed { get; set; } = [];

    public SymbolInfo Info()
    {
        lock (Gate)
        {
            var status = Error is not null ? "error" : Chain is null ? "waiting" : "ok";
            return new SymbolInfo(Symbol, status, Chain is null ? null : Spot, Chain?.Instant, UpdatedAt, Origin, Error, ErrorAt, ChainVersion, Chain?.Count ?? 0,
                Chain?.Spot, SpotSimulated ? "simulated" : "chain",
                Timeliness is { } t ? DealerFlow.Data.Readers.FeedTimelinessText.Label(t) : null);
        }
    }
}
