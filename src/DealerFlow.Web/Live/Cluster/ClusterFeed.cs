using System.Threading.Channels;
using DealerFlow.Cluster.Grains;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DealerFlow.Web.Live.Cluster;

/// <summary>
/// A front end's subscription to the grains' updates (<c>serve --cluster</c>): subscribed to every hub partition and
/// renewed every <see cref="HubPartitions.Resubscribe"/>; each update is applied to the local <see cref="LiveBook"/>
/// in the order its hub sent it (one reader), so the page, the SSE push, the API and the market overview work as in
/// single-process mode. When a hub did not know this front end (first subscription, or the hub moved after a silo
/// died and lost its subscribers), the front end re-reads the grains of that partition and applies what it missed.
/// It subscribes once the host has started (Kestrel listening): a start that fails, e.g. on a port in use, ends the
/// host before any subscription, instead of racing the disposal of the Orleans client.
/// </summary>
internal sealed class ClusterFeed(IClusterClient client, LiveBook book, SymbolTable symbols, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<ClusterFeed> log)
    : BackgroundService, IMarketObserver
{
    private readonly Channel<UnderlyingUpdate> _updates = Channel.CreateUnbounded<UnderlyingUpdate>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, (string Activation, long Sequence)> _applied = new(StringComparer.Ordinal);

    public Task OnUpdate(UnderlyingUpdate update)
    {
        _updates.Writer.TryWrite(update);
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            try
            {
                await started.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return; // the host stopped before it started
            }
        }
        var reference = client.CreateObjectReference<IMarketObserver>(this);
        var apply = Task.Run(() => Apply(stoppingToken), stoppingToken);
        try
        {
            using var timer = new PeriodicTimer(HubPartitions.Resubscribe, time);
            do
            {
                for (var p = 0; p < HubPartitions.Count; p++) await Subscribe(p, reference).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
        finally
        {
            _updates.Writer.TryComplete();
            for (var p = 0; p < HubPartitions.Count; p++)
            {
                try
                {
                    await client.GetGrain<IMarketHub>(p).Unsubscribe(reference).WaitAsync(TimeSpan.FromSeconds(2), CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OrleansException or TimeoutException)
                {
                    // the hub drops an observer it no longer hears from
                }
            }
            client.DeleteObjectReference<IMarketObserver>(reference);
            await apply.ConfigureAwait(false);
        }
    }

    private async Task Subscribe(int partition, IMarketObserver reference)
    {
        try
        {
            var s = await client.GetGrain<IMarketHub>(partition).Subscribe(reference).ConfigureAwait(false);
            if (!s.New) return;
            var known = s.Symbols.Concat(symbols.All.Select(x => x.Symbol)).Where(x => HubPartitions.Of(x) == partition).Distinct(StringComparer.Ordinal);
            foreach (var symbol in known)
            {
                var view = await client.GetGrain<IUnderlyingGrain>(symbol).Current().ConfigureAwait(false);
                if (view.Chain is null) continue;
                // Through the same queue as the updates, so it is applied in order with them.
                _updates.Writer.TryWrite(new UnderlyingUpdate(view.Symbol, UpdateKind.Chain, view.Activation, view.Sequence, view.Origin ?? "", view.Chain, view.Chain.Spot, view.Chain.Instant, false, null));
                if (view.AtSpot is { } at && at.Spot != view.Chain.Spot)
                    _updates.Writer.TryWrite(new UnderlyingUpdate(view.Symbol, UpdateKind.Spot, view.Activation, view.Sequence, view.Origin ?? "", null, at.Spot, at.At, view.SpotSimulated, null));
                if (view.Error is { } error)
                    _updates.Writer.TryWrite(new UnderlyingUpdate(view.Symbol, UpdateKind.Error, view.Activation, view.Sequence, view.Origin ?? "", null, double.NaN, time.GetUtcNow(), false, error));
            }
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            log.LogWarning("Cluster hub {Partition}: could not subscribe ({Error}); trying again in {Interval}", partition, e.GetBaseException().Message, HubPartitions.Resubscribe);
        }
    }

    private async Task Apply(CancellationToken ct)
    {
        try
        {
            await foreach (var u in _updates.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            {
                try
                {
                    Apply(u);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogError(e, "{Symbol}: the cluster update could not be applied", u.Symbol);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // shutting down
        }
    }

    /// <summary>Applies an update unless an update of the same activation at or after its sequence was applied (a re-read repeats what the stream already brought).</summary>
    private void Apply(UnderlyingUpdate u)
    {
        var sameActivation = _applied.TryGetValue(u.Symbol, out var last) && last.Activation == u.Activation;
        if (sameActivation && (u.Sequence < last.Sequence || (u.Sequence == last.Sequence && u.Kind == UpdateKind.Chain))) return;
        _applied[u.Symbol] = (u.Activation, u.Sequence);
        switch (u.Kind)
        {
            case UpdateKind.Chain when u.Chain is not null:
                book.Chain(u.Chain, u.Origin);
                break;
            case UpdateKind.Spot:
                book.Spot(u.Symbol, u.Spot, u.At, u.Simulated);
                break;
            case UpdateKind.Error when u.Message is not null:
                book.Error(u.Symbol, u.Message, u.Origin);
                break;
        }
    }
}
