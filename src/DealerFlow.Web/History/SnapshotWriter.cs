using System.Threading.Channels;
using DealerFlow.Data.Store;

namespace DealerFlow.Web.History;

/// <summary>
/// Writes every new chain a source pushes to the snapshot store, off the request path: the book enqueues the chain on
/// a bounded queue and this service prices and saves it, one transaction per snapshot, through the same
/// <see cref="Snapshots"/> code as <c>dealerflow ingest</c> and with ingest's default settings (dealerflow method,
/// classic positioning, every expiry, $ per 1% move). The key (underlying, instant, method, positioning, settings,
/// SHA-256 of the chain's content) is looked up before pricing, so a chain pushed twice is stored once.
/// </summary>
internal sealed class SnapshotWriter : BackgroundService
{
    /// <summary>What the live server stores: ingest's defaults, so both write the same kind of snapshot.</summary>
    public static readonly EngineSettings Engine = LiveSnapshots.Engine;

    public static readonly LevelsSettings Levels = LiveSnapshots.Levels;

    public static readonly string SettingsKey = LiveSnapshots.SettingsKey;

    private readonly LiveStore _store;
    private readonly ILogger<SnapshotWriter> _log;
    private readonly Channel<(ChainSnapshot Chain, string Origin)> _queue;

    public SnapshotWriter(LiveStore store, IOptions<LiveOptions> options, ILogger<SnapshotWriter> log)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _log = log;
        _queue = Channel.CreateBounded<(ChainSnapshot, string)>(new BoundedChannelOptions(options.Value.StoreQueue)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite fails when full: the chain is counted as dropped, the source never waits
            SingleReader = true,
        });
    }

    /// <summary>Queues a new chain for the store; never blocks. A full queue drops the chain (logged and counted).</summary>
    public void Enqueue(ChainSnapshot chain, string origin)
    {
        if (!_store.Enabled) return;
        if (_queue.Writer.TryWrite((chain, origin))) return;
        _store.CountDropped();
        _log.LogWarning("{Symbol}: the store queue is full; the chain as of {AsOf:yyyy-MM-dd HH:mm zzz} is not stored", chain.Underlying, chain.Instant);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_store.Enabled)
        {
            _log.LogInformation("Snapshot store disabled: history is the session's, in memory");
            return;
        }
        await Task.Yield();
        _store.Open();
        try
        {
            await foreach (var (chain, origin) in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    Write(chain, origin);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _store.CountFailed();
                    _log.LogError(e, "{Symbol}: the chain as of {AsOf:yyyy-MM-dd HH:mm zzz} could not be stored", chain.Underlying, chain.Instant);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down; chains still queued are not stored
        }
    }

    /// <summary>Stores one chain unless already stored; false when the store is unavailable or the chain has nothing to price.</summary>
    internal bool Write(ChainSnapshot chain, string origin)
    {
        var hash = Snapshots.ContentHash(chain);
        var key = LiveSnapshots.Key(chain, hash);
        if (!_store.TryUse(s => s.Find(key), "looking up a snapshot", out var known))
        {
            _store.CountFailed();
            return false;
        }
        if (known is not null)
        {
            _store.CountAlreadyStored();
            _log.LogDebug("{Symbol} as of {AsOf:O} is already stored (id {Id})", chain.Underlying, chain.Instant, known);
            return true;
        }
        var priced = ChainPricer.Price(chain, Engine);
        if (priced.Count == 0)
        {
            _log.LogWarning("{Symbol} as of {AsOf:yyyy-MM-dd HH:mm zzz}: no contract to price; not stored", chain.Underlying, chain.Instant);
            return false;
        }
        var analysis = LevelsCalculator.Analyze(priced, Levels);
        if (!_store.TryUse(s => s.Save(LiveSnapshots.Create(analysis, origin, hash)), "saving a snapshot", out var saved))
        {
            _store.CountFailed();
            return false;
        }
        _store.CountWrite(saved.Status);
        _log.LogInformation("{Symbol} as of {AsOf:yyyy-MM-dd HH:mm zzz}: {Status} in the store, id {Id}", chain.Underlying, chain.Instant, saved.Status, saved.Id);
        return true;
    }
}
