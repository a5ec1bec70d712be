using DealerFlow.Cluster.Grains;
using DealerFlow.Core.Chain;
using DealerFlow.Data.Readers;
using Microsoft.Extensions.Logging;

namespace DealerFlow.Web.Live.Cluster;

/// <summary>
/// The sink the sources push into in scale-out mode (<c>serve --cluster</c>): chains, ticks and errors go to the grain
/// that owns the symbol instead of the local book; the book is fed back from the grains' updates
/// (<see cref="ClusterFeed"/>), on every front end alike. The reader's own checks (cut short, mostly unreadable) run
/// here, where the read is; the comparison with the last good chain (collapsed, older) runs in the grain, where that chain is.
/// </summary>
internal sealed class ClusterSink(IGrainFactory grains, LiveBook book, RejectedInputs rejected, ILogger<ClusterSink> log) : IChainSink
{
    public void Expect(string symbol, string origin) => book.Expect(symbol, origin);

    public bool Offer(ChainReadResult read, string origin, bool restart = false)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (!UnderlyingSymbol.TryNormalize(read.Snapshot.Underlying, out _, out var bad))
        {
            rejected.Add(origin, null, $"{origin} rejected: its underlying symbol {bad}.");
            return false;
        }
        if (WholeChain.Check(read, previous: null, WholeChainLimits.Default) is { } why)
        {
            Error(read.Snapshot.Underlying, $"{origin} rejected, the last good chain is kept: {why}.", origin);
            return false;
        }
        if (!Send(read.Snapshot, origin, read.RepricedFrom, restart)) return false;
        rejected.Clear(origin);
        return true;
    }

    public void Chain(ChainSnapshot snapshot, string origin)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (!UnderlyingSymbol.TryNormalize(snapshot.Underlying, out _, out var bad))
        {
            rejected.Add(origin, null, $"{origin} rejected: its underlying symbol {bad}.");
            return;
        }
        Send(snapshot, origin, repricedFrom: null, restart: false);
    }

    public void Spot(string symbol, double spot, DateTimeOffset at, bool simulated = false)
    {
        if (!(spot > 0 && double.IsFinite(spot)) || !UnderlyingSymbol.TryNormalize(symbol, out var s, out _)) return;
        // Ticks are not waited for (a source never blocks on one); a lost tick is logged, the next one moves spot.
        grains.GetGrain<IUnderlyingGrain>(s).Spot(spot, at, simulated).ContinueWith(
            t => log.LogWarning("{Symbol}: the spot tick did not reach its grain: {Error}", s, t.Exception!.GetBaseException().Message),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    public void Error(string symbol, string message, string origin)
    {
        if (!UnderlyingSymbol.TryNormalize(symbol, out var s, out _))
        {
            book.Error(symbol, message, origin);
            return;
        }
        try
        {
            grains.GetGrain<IUnderlyingGrain>(s).Error(message, origin).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            book.Error(symbol, message, origin); // at least this front end shows it
        }
    }

    /// <summary>Offers the chain to its grain and waits for the answer (sources run off the request path); false when rejected or the cluster cannot be reached.</summary>
    private bool Send(ChainSnapshot chain, string origin, DateTimeOffset? repricedFrom, bool restart)
    {
        UnderlyingSymbol.TryNormalize(chain.Underlying, out var s, out _);
        try
        {
            var result = grains.GetGrain<IUnderlyingGrain>(s).Offer(chain, origin, repricedFrom, restart).GetAwaiter().GetResult();
            if (result.Store is { } store && store.StartsWith("failed", StringComparison.Ordinal)) log.LogWarning("{Symbol}: the grain serves the chain but did not commit it: {Store}", s, store);
            return result.Accepted;
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            book.Error(chain.Underlying, $"{origin}: the cluster did not take the chain ({e.GetBaseException().Message}); the last good chain is kept.", origin);
            return false;
        }
    }
}
