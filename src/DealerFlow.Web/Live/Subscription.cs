using System.Threading.Channels;

namespace DealerFlow.Web.Live;

/// <summary>
/// One subscriber's mailbox for a symbol's signals, bounded whatever the reader's speed: it holds at most the latest
/// full update, the latest status change, the latest tick and the last <see cref="AlertsKept"/> alerts. A reader that
/// keeps up gets every signal in order; a slow reader skips straight to the latest state (a tick older than a pending
/// full update is dropped, since the update carries the tick) and never blocks the book. This type is thread-safe.
/// </summary>
internal sealed class Subscription : IDisposable
{
    /// <summary>Alerts queued for a slow reader; older ones are dropped (and counted).</summary>
    public const int AlertsKept = 32;

    private readonly object _gate = new();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly Queue<LiveSignal> _alerts = new();
    private readonly Action _unsubscribe;
    private LiveSignal? _full;
    private LiveSignal? _status;
    private LiveSignal? _tick;
    private long _replaced;

    internal Subscription(Action unsubscribe) => _unsubscribe = unsubscribe;

    /// <summary>Signals replaced by a newer one before the reader took them (0 for a reader that keeps up).</summary>
    public long Replaced => Interlocked.Read(ref _replaced);

    internal void Post(LiveSignal signal)
    {
        lock (_gate)
        {
            switch (signal.Kind)
            {
                case SignalKind.Full: Replace(ref _full, signal); break;
                case SignalKind.Status: Replace(ref _status, signal); break;
                case SignalKind.Tick: Replace(ref _tick, signal); break;
                default:
                    _alerts.Enqueue(signal);
                    if (_alerts.Count > AlertsKept)
                    {
                        _alerts.Dequeue();
                        _replaced++;
                    }
                    break;
            }
        }
        _wake.Writer.TryWrite(true);
    }

    private void Replace(ref LiveSignal? slot, LiveSignal signal)
    {
        if (slot is not null) _replaced++;
        slot = signal;
    }

    /// <summary>Waits for signals and takes all that are pending, oldest first; null once the subscription is disposed.</summary>
    public async ValueTask<IReadOnlyList<LiveSignal>?> ReadAsync(CancellationToken ct)
    {
        while (await _wake.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
        {
            _wake.Reader.TryRead(out _);
            var batch = new List<LiveSignal>(4);
            lock (_gate)
            {
                batch.AddRange(_alerts);
                _alerts.Clear();
                if (_full is { } f) batch.Add(f);
                if (_status is { } s) batch.Add(s);
                // A full update carries the tick at its time: an older tick adds nothing.
                if (_tick is { } t && (_full is null || t.Id > _full.Value.Id)) batch.Add(t);
                else if (_tick is not null) _replaced++;
                (_full, _status, _tick) = (null, null, null);
            }
            if (batch.Count == 0) continue;
            batch.Sort((a, b) => a.Id.CompareTo(b.Id));
            return batch;
        }
        return null;
    }

    public void Dispose()
    {
        _unsubscribe();
        _wake.Writer.TryComplete();
    }
}
