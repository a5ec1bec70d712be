using System.Collections.Concurrent;

namespace DealerFlow.Web.Live;

/// <summary>What a <see cref="LiveSignal"/> tells a subscriber.</summary>
internal enum SignalKind
{
    /// <summary>New chain or full recomputation: clients redraw everything.</summary>
    Full,

    /// <summary>Spot tick: spot, regime and distance to flip.</summary>
    Tick,

    /// <summary>Error state changed.</summary>
    Status,

    /// <summary>Spot crossed the flip or a wall.</summary>
    Alert,
}

/// <summary>One change of a symbol, numbered by <see cref="LiveFeed.NextEventId"/> (ids only grow).</summary>
internal readonly record struct LiveSignal(SignalKind Kind, long Id, AlertEvent? Alert = null);

/// <summary>
/// Publish and subscribe per symbol: every change is posted to each subscriber's bounded mailbox
/// (<see cref="Subscription"/>), so a slow reader skips to the latest state and never blocks the publisher. Also
/// numbers the events and stamps each symbol's changes (every kind but ticks), the stamp of the shared event JSON
/// (<see cref="StreamEvents"/>). This type is thread-safe.
/// </summary>
internal sealed class LiveFeed
{
    private sealed class Topic
    {
        public readonly List<Subscription> Subscribers = [];
        public long Changes;
    }

    private readonly ConcurrentDictionary<string, Topic> _topics = new(StringComparer.Ordinal);
    private long _eventId;

    private Topic For(SymbolState s) => _topics.GetOrAdd(s.Symbol, _ => new Topic());

    /// <summary>Signals for one symbol until the subscription is disposed.</summary>
    public Subscription Subscribe(SymbolState s)
    {
        var topic = For(s);
        Subscription? subscription = null;
        subscription = new Subscription(() =>
        {
            lock (topic.Subscribers) topic.Subscribers.Remove(subscription!);
        });
        lock (topic.Subscribers) topic.Subscribers.Add(subscription);
        return subscription;
    }

    public long NextEventId() => Interlocked.Increment(ref _eventId);

    /// <summary>The symbol's change stamp: it moves on every publish but a tick's.</summary>
    public long Changes(SymbolState s) => Interlocked.Read(ref For(s).Changes);

    public void Publish(SymbolState s, SignalKind kind, AlertEvent? alert = null)
    {
        var topic = For(s);
        if (kind != SignalKind.Tick) Interlocked.Increment(ref topic.Changes);
        var signal = new LiveSignal(kind, NextEventId(), alert);
        lock (topic.Subscribers)
        {
            foreach (var c in topic.Subscribers) c.Post(signal);
        }
    }

    /// <summary>Signals replaced by newer ones before their readers took them, over every current subscriber (the push benchmark's "skipped").</summary>
    public long Replaced() => _topics.Values.Sum(t =>
    {
        lock (t.Subscribers) return t.Subscribers.Sum(x => x.Replaced);
    });
}
