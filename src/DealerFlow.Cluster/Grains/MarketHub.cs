using DealerFlow.Data.Store;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace DealerFlow.Cluster.Grains;

/// <summary>
/// One partition's fan-out (<see cref="IMarketHub"/>): the subscribed front ends, each dropped when not renewed for
/// four <see cref="HubPartitions.Resubscribe"/> intervals, and the partition's symbols (what a front end that subscribes
/// re-reads): those with a snapshot in the store when the hub activates, and those published since. So a hub that
/// starts again on another silo after its silo died still names every committed underlying of its partition, and a
/// front end that joins then serves them (their grains restore their chains from the store when it reads them).
/// The subscriptions are rebuilt by the front ends' next renewal.
/// </summary>
internal sealed class MarketHub(ClusterStore store, ILogger<MarketHub> log) : Grain, IMarketHub
{
    private readonly ObserverManager<IMarketObserver> _observers = new(HubPartitions.Resubscribe * 4, log);
    private readonly HashSet<string> _symbols = new(StringComparer.Ordinal);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!store.Enabled) return;
        var partition = (int)this.GetPrimaryKeyLong();
        try
        {
            var stored = await Task.Run(store.Symbols, cancellationToken).ConfigureAwait(true);
            foreach (var s in stored)
            {
                if (HubPartitions.Of(s) == partition) _symbols.Add(s);
            }
        }
        catch (StoreException e)
        {
            // The hub still fans out what is published next; a joining front end misses only what is not published again.
            log.LogWarning("Market hub {Partition}: the stored symbols could not be read from {Store}: {Error}", partition, store.Description, e.Message);
        }
    }

    public Task<HubSubscription> Subscribe(IMarketObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var isNew = !_observers.Observers.ContainsKey(observer);
        _observers.Subscribe(observer, observer);
        return Task.FromResult(new HubSubscription(isNew, [.. _symbols]));
    }

    public Task Unsubscribe(IMarketObserver observer)
    {
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    public Task Publish(UnderlyingUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        _symbols.Add(update.Symbol);
        _observers.Notify(o => o.OnUpdate(update));
        return Task.CompletedTask;
    }
}
