using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace DealerFlow.Cluster.Grains;

/// <summary>
/// One partition's fan-out (<see cref="IMarketHub"/>): the subscribed front ends, each dropped when not renewed for
/// four <see cref="HubPartitions.Resubscribe"/> intervals, and the symbols this activation has published (what a
/// front end that subscribes re-reads). A hub holds nothing that is not rebuilt by the next subscriptions and updates.
/// </summary>
internal sealed class MarketHub(ILogger<MarketHub> log) : Grain, IMarketHub
{
    private readonly ObserverManager<IMarketObserver> _observers = new(HubPartitions.Resubscribe * 4, log);
    private readonly HashSet<string> _symbols = new(StringComparer.Ordinal);

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
