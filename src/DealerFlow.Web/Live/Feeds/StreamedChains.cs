using System.Collections.Concurrent;
using DealerFlow.Core.Chain;
using DealerFlow.Data.Readers;

namespace DealerFlow.Web.Live.Feeds;

/// <summary>
/// The polled chains a feed's streamed quotes apply to, one per symbol, and their re-pricing (Massive's <c>Q</c>
/// events, Schwab's LEVELONE_OPTIONS). <see cref="Choose"/> picks which contracts to stream: per symbol an even share
/// of the cap, strikes within <see cref="NearSpot"/> of spot, largest open interest first. A quote replaces the
/// contract's bid and ask and drops its vendor IV, delta and gamma (they describe the old quote), so its IV is solved
/// from the new mid; the whole chain is offered again at most once per interval, at the newest quote's time and the
/// newest streamed spot, through the sink's whole-chain check. A new polled chain replaces the gathered quotes.
/// This type is thread-safe.
/// </summary>
internal sealed class StreamedChains(int maxQuotes)
{
    /// <summary>Strikes farther than this fraction from spot are never subscribed (the flip search window).</summary>
    public const double NearSpot = 0.20;

    private sealed class Book
    {
        public ChainReadResult? Read;
        public string? Origin;
        public double Spot = double.NaN;
        public long SpotMs;
        public readonly Dictionary<string, int> Index = new(StringComparer.Ordinal);
        public readonly Dictionary<int, (double Bid, double Ask, long Ms)> Pending = [];
    }

    private readonly ConcurrentDictionary<string, Book> _books = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _firstChain = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _nextPolled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Most contracts <see cref="Choose"/> returns.</summary>
    public int MaxQuotes => maxQuotes;

    /// <summary>Done once a first chain was polled (quotes can only be chosen from a chain).</summary>
    public Task FirstChain => _firstChain.Task;

    /// <summary>A streamed trade of the underlying (Unix ms): the spot of the next re-priced chain.</summary>
    public void Spot(string symbol, double price, long ms)
    {
        if (!_books.TryGetValue(SymbolTable.Normalize(symbol), out var b)) return;
        lock (b)
        {
            if (ms >= b.SpotMs)
            {
                b.Spot = price;
                b.SpotMs = ms;
            }
        }
    }

    /// <summary>
    /// A streamed quote of the contract <paramref name="occ"/> (compact OCC form) at <paramref name="ms"/> (Unix ms); a
    /// side that is null keeps its value (a feed that sends only what changed). False when no chain holds the contract.
    /// </summary>
    public bool Quote(string occ, double? bid, double? ask, long ms)
    {
        foreach (var b in _books.Values)
        {
            lock (b)
            {
                if (!b.Index.TryGetValue(occ, out var i) || b.Read is not { } read) continue;
                var had = b.Pending.TryGetValue(i, out var p) ? p : (Bid: read.Snapshot.Bid[i], Ask: read.Snapshot.Ask[i], Ms: 0L);
                b.Pending[i] = (bid ?? had.Bid, ask ?? had.Ask, Math.Max(ms, had.Ms));
                return true;
            }
        }
        return false;
    }
    /// <summary>The polled chain the source accepted: quotes stream onto it from now on (quotes gathered for the previous chain are dropped).</summary>
    public void Polled(string symbol, ChainReadResult read, string origin)
    {
        var b = _books.GetOrAdd(SymbolTable.Normalize(symbol), _ => new Book());
        lock (b)
        {
            b.Read = read;
            b.Origin = origin;
            b.Pending.Clear();
            b.Index.Clear();
            var c = read.Snapshot;
            for (var i = 0; i < c.Count; i++) b.Index[c.Symbol(i)] = i;
        }
        _firstChain.TrySetResult();
        Interlocked.Exchange(ref _nextPolled, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>
    /// Keeps a connection's quote subscriptions on <see cref="Choose"/>'s answer until cancelled: after every polled
    /// chain (a symbol's first chain, a chain whose spot or open interest moved the choice), <paramref name="change"/>
    /// gets the contracts no longer chosen and the newly chosen ones, then the whole new choice; nothing is sent while
    /// the choice stays the same. <paramref name="subscribed"/> is what the connection subscribed to when it opened.
    /// </summary>
    public async Task FollowAsync(IReadOnlyList<string> subscribed, Func<string[], string[], IReadOnlyList<string>, Task> change, CancellationToken ct)
    {
        var current = subscribed.ToHashSet(StringComparer.Ordinal);
        try
        {
            while (true)
            {
                // Taken before the choice, so a chain polled while it is sent still wakes the next round.
                var next = Volatile.Read(ref _nextPolled).Task;
                var wanted = Choose();
                var keep = wanted.ToHashSet(StringComparer.Ordinal);
                var removed = current.Where(o => !keep.Contains(o)).ToArray();
                var added = wanted.Where(o => !current.Contains(o)).ToArray();
                if (wanted.Count > 0 && (removed.Length > 0 || added.Length > 0))
                {
                    await change(removed, added, wanted).ConfigureAwait(false);
                    current = keep;
                }
                await next.WaitAsync(ct).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or System.Net.WebSockets.WebSocketException or IOException)
        {
            // The connection ended; its receive loop reports why and the next connection subscribes afresh.
        }
    }

    /// <summary>The contracts to stream quotes for: per symbol an even share of <see cref="MaxQuotes"/>, strikes within 20% of spot, largest open interest first (nearer strike on a tie).</summary>
    public IReadOnlyList<string> Choose()
    {
        var books = _books.Values.ToArray();
        if (books.Length == 0) return [];
        var share = maxQuotes / books.Length;
        var chosen = new List<string>();
        foreach (var b in books)
        {
            lock (b)
            {
                if (b.Read?.Snapshot is not { } c) continue;
                var spot = c.Spot;
                chosen.AddRange(Enumerable.Range(0, c.Count)
                    .Where(i => Math.Abs(c.Strike[i] - spot) <= NearSpot * spot && c.OpenInterest[i] > 0)
                    .OrderByDescending(i => c.OpenInterest[i]).ThenBy(i => Math.Abs(c.Strike[i] - spot)).ThenBy(i => i)
                    .Take(share).Select(c.Symbol));
            }
        }
        return chosen;
    }

    /// <summary>Offers every chain with gathered quotes again, re-priced, at most once per <paramref name="interval"/>, until cancelled.</summary>
    public async Task RunAsync(IChainSink sink, TimeSpan interval, TimeProvider time, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            foreach (var b in _books.Values)
            {
                ChainReadResult? repriced;
                string? origin;
                lock (b)
                {
                    repriced = Reprice(b);
                    origin = b.Origin;
                }
                if (repriced is not null && origin is not null) sink.Offer(repriced, origin);
            }
        }
    }

    /// <summary>The last chain with the gathered quotes applied (null when none were gathered); it becomes the chain the next quotes apply to.</summary>
    private static ChainReadResult? Reprice(Book b)
    {
        if (b.Pending.Count == 0 || b.Read is not { } read) return null;
        var c = read.Snapshot;
        var builder = new ChainBuilder(c.Count);
        var newest = c.Instant.ToUnixTimeMilliseconds();
        for (var i = 0; i < c.Count; i++)
        {
            var q = new OptionQuote(c.Root(i), c.Expiry[i], c.Type[i], c.Strike[i], c.Bid[i], c.Ask[i], c.Last[i], c.Volume[i], c.OpenInterest[i],
                c.VendorIv[i], c.VendorDelta[i], c.VendorGamma[i], c.SourceLine[i])
            { Multiplier = c.Multiplier[i], Settlement = c.Settlement[i] };
            if (b.Pending.TryGetValue(i, out var p))
            {
                q = q with { Bid = p.Bid, Ask = p.Ask, VendorIv = double.NaN, VendorDelta = double.NaN, VendorGamma = double.NaN };
                newest = Math.Max(newest, p.Ms);
            }
            builder.Add(q);
        }
        b.Pending.Clear();
        var spot = double.IsNaN(b.Spot) || b.SpotMs < c.Instant.ToUnixTimeMilliseconds() ? c.Spot : b.Spot;
        var instant = Core.Time.UsEastern.ToEastern(DateTimeOffset.FromUnixTimeMilliseconds(Math.Max(newest, b.SpotMs)));
        // Never before the chain it re-prices (whose time may carry sub-millisecond ticks): a re-pricing does not step back.
        if (instant < c.Instant) instant = c.Instant;
        // Still the polled chain's time after any number of re-pricings: the next polled chain is held to it (WholeChain).
        var next = FeedOrigin.With(read, builder.Build(c.Underlying, spot, instant, c.Source), repricedFrom: read.RepricedFrom ?? c.Instant);
        b.Read = next;
        return next;
    }
}
