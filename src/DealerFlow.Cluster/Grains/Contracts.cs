using DealerFlow.Core.Chain;
using Orleans.Concurrency;

namespace DealerFlow.Cluster.Grains;

/// <summary>
/// One underlying's owner in the cluster, keyed by its normalised symbol (<see cref="UnderlyingSymbol"/>): holds the
/// latest whole chain, its priced state and levels, and the live spot; writes each new chain to the shared snapshot
/// store and restores the latest stored one when it activates; publishes every change on its <see cref="IMarketHub"/>.
/// </summary>
internal interface IUnderlyingGrain : IGrainWithStringKey
{
    /// <summary>
    /// A whole chain read by a source (the reader's own checks already passed): checked against the grain's last chain
    /// (<see cref="DealerFlow.Data.Readers.WholeChain"/>), priced, stored and published when accepted; otherwise the
    /// grain's error with the reason, the last good chain kept.
    /// </summary>
    Task<OfferResult> Offer(ChainSnapshot chain, string origin);

    /// <summary>
    /// <see cref="Offer(ChainSnapshot, string)"/> with what the source knows of the chain's place in time:
    /// <paramref name="repricedFrom"/>, the instant of the polled chain a re-pricing with streamed quotes started from
    /// (<see cref="DealerFlow.Data.Readers.ChainReadResult.RepricedFrom"/>); <paramref name="restart"/>, a source that
    /// starts its series again on purpose (a looping replay), so the chain may be older than the one held.
    /// </summary>
    Task<OfferResult> Offer(ChainSnapshot chain, string origin, DateTimeOffset? repricedFrom, bool restart);

    /// <summary>A spot tick: the levels at the new spot, or null when the grain has no chain to price (the tick is dropped, as in single-process mode).</summary>
    Task<SpotLevels?> Spot(double spot, DateTimeOffset at, bool simulated);

    /// <summary>Input for this underlying that could not be used: the grain's error state; the last good chain stays.</summary>
    Task Error(string message, string origin);

    /// <summary>Everything the grain holds now (a front end that joins late or lost updates reads this).</summary>
    Task<UnderlyingView> Current();
}

/// <summary>
/// Fans the updates of the underlyings of one partition out to the subscribed front ends. Partition =
/// <see cref="HubPartitions.Of"/> of the symbol; a front end subscribes to every partition and subscribes again within
/// <see cref="HubPartitions.Resubscribe"/> (a hub that moved to another silo starts with no subscribers).
/// </summary>
internal interface IMarketHub : IGrainWithIntegerKey
{
    /// <summary>Adds or refreshes <paramref name="observer"/>; returns whether it was new to this hub (then the front end re-reads the grains) and the partition's symbols (stored before the hub activated, or published since).</summary>
    Task<HubSubscription> Subscribe(IMarketObserver observer);

    Task Unsubscribe(IMarketObserver observer);

    /// <summary>Sends <paramref name="update"/> to every subscriber, in the order the hub receives updates.</summary>
    [OneWay]
    Task Publish(UnderlyingUpdate update);
}

/// <summary>A front end's receiver of grain updates.</summary>
internal interface IMarketObserver : IGrainObserver
{
    [OneWay]
    Task OnUpdate(UnderlyingUpdate update);
}

/// <summary>The hub partitions: a symbol's updates always go through the same hub, so they arrive in order.</summary>
internal static class HubPartitions
{
    /// <summary>Number of hubs; each front end subscribes to all of them.</summary>
    public const int Count = 8;

    /// <summary>How often a front end renews its subscriptions (the hubs drop observers not seen for four times this).</summary>
    public static readonly TimeSpan Resubscribe = TimeSpan.FromSeconds(15);

    /// <summary>The hub of <paramref name="symbol"/> (a normalised symbol): a stable FNV-1a hash of its characters, the same in every process.</summary>
    public static int Of(string symbol)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        var h = 2166136261u;
        foreach (var c in symbol) h = (h ^ c) * 16777619u;
        return (int)(h % Count);
    }
}

// The messages below cross process boundaries: Orleans serialises them with field ids given to their public properties in
// declaration order (GenerateFieldIds.PublicProperties). Add a property at the end only, so silos and front ends of two
// builds still read each other's messages during a rolling upgrade.

/// <summary>What changed in an update.</summary>
internal enum UpdateKind
{
    /// <summary>A new whole chain (carried in the update) replaced the last one.</summary>
    Chain,

    /// <summary>The spot moved; the chain is the same.</summary>
    Spot,

    /// <summary>Input was rejected or could not be analysed; the last good chain stays.</summary>
    Error,
}

/// <summary>
/// One change of one underlying, as its grain publishes it. <see cref="Sequence"/> counts the updates of one activation
/// (<see cref="Activation"/>): a front end applies an update only when it is later than the last it applied.
/// Spot in price units; times with the offset the source gave. This type is immutable.
/// </summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable]
internal sealed record UnderlyingUpdate(string Symbol, UpdateKind Kind, string Activation, long Sequence,
    string Origin, ChainSnapshot? Chain, double Spot, DateTimeOffset At, bool Simulated, string? Message);

/// <summary>The grain's answer to a chain: accepted or why not, and what the store did with it.</summary>
/// <param name="Accepted">True when the chain replaced the last one.</param>
/// <param name="Error">Why the chain was rejected or could not be analysed; null when it was priced.</param>
/// <param name="Store">"stored", "already-stored", "failed: REASON" or "disabled" (no store configured); null when nothing was written.</param>
/// <param name="StoreId">The snapshot's id in the store (the earlier one when already stored).</param>
/// <param name="Levels">The chain's levels at its own spot; null when it was not priced.</param>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable]
internal sealed record OfferResult(bool Accepted, string? Error, string? Store, long? StoreId, LevelsSummary? Levels);

/// <summary>
/// The headline levels of the grain's chain at the chain's spot, in the store's settings (<see cref="DealerFlow.Data.Store.LiveSnapshots"/>:
/// total GEX in $ per 1% move, classic positioning: dealers long calls and short puts, every expiry).
/// </summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable]
internal sealed record LevelsSummary(double Spot, double TotalGex, string Unit, string Positioning, double? ZeroGamma,
    double[] Crossings, double? CallWall, double? PutWall, string Regime, int Contracts);

/// <summary>
/// The levels at a live spot between chains, by the same rules as the single-process tick (flip = the crossing nearest
/// spot, regime from net GEX at spot): net GEX in <see cref="Unit"/> (positive = dealers long gamma under the positioning model).
/// </summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable]
internal sealed record SpotLevels(double Spot, DateTimeOffset At, double NetGex, string Unit, string Regime,
    double? Flip, double? DistanceToFlipPct);

/// <summary>Everything a grain holds: its chain (null before the first), where it came from, the live spot and the levels.</summary>
/// <param name="Symbol">The grain's key, the normalised symbol.</param>
/// <param name="Activation">This activation's id (a new one after the grain moved or was deactivated).</param>
/// <param name="Sequence">The activation's last update number.</param>
/// <param name="Chain">The last good chain; null before the first.</param>
/// <param name="Origin">The source of <paramref name="Chain"/>.</param>
/// <param name="Levels">The chain's levels at its own spot; null when it could not be priced.</param>
/// <param name="AtSpot">The levels at the last spot (the chain's own until a tick arrives).</param>
/// <param name="SpotSimulated">True when the last spot came from the demo's random walk.</param>
/// <param name="Error">The error state; null when the last input was good.</param>
/// <param name="Restored">True when the chain was read back from the store on activation (no chain has been offered to this activation since).</param>
/// <param name="StoreId">The stored snapshot of the chain, when it is stored.</param>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable]
internal sealed record UnderlyingView(string Symbol, string Activation, long Sequence, ChainSnapshot? Chain,
    string? Origin, LevelsSummary? Levels, SpotLevels? AtSpot, bool SpotSimulated, string? Error, bool Restored,
    long? StoreId);

/// <summary>A hub's answer to a subscription.</summary>
[GenerateSerializer(GenerateFieldIds = GenerateFieldIds.PublicProperties), Immutable]
internal sealed record HubSubscription(bool New, string[] Symbols);
