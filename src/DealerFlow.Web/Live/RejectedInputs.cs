namespace DealerFlow.Web.Live;

/// <summary>One input that was not used: a file that is no chain, a chain that is not whole, a poll that failed, a junk symbol.</summary>
/// <param name="Origin">Where it came from ("file spx.csv", "replay x.json", "cboe SPY").</param>
/// <param name="Symbol">The symbol it was for when that symbol is served; null when it names none (it created none).</param>
/// <param name="Reason">Why it was not used: line, field and reason, never the input's text.</param>
/// <param name="At">When it was rejected.</param>
internal sealed record RejectedInput(string Origin, string? Symbol, string Reason, DateTimeOffset At);

/// <summary>
/// The rejected inputs, one entry per origin (the latest reason), the newest <see cref="Capacity"/> kept. An origin
/// that later delivers a good chain leaves the list. This is where a bad file shows when it names no served symbol:
/// it never becomes a symbol of its own. Thread-safe.
/// </summary>
internal sealed class RejectedInputs(TimeProvider time)
{
    public const int Capacity = 100;

    private readonly Dictionary<string, RejectedInput> _byOrigin = new(StringComparer.Ordinal);

    public void Add(string origin, string? symbol, string reason)
    {
        lock (_byOrigin)
        {
            _byOrigin[origin] = new RejectedInput(origin, symbol, reason, time.GetUtcNow());
            if (_byOrigin.Count > Capacity) _byOrigin.Remove(_byOrigin.Values.MinBy(r => r.At)!.Origin);
        }
    }

    public void Clear(string origin)
    {
        lock (_byOrigin) _byOrigin.Remove(origin);
    }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<RejectedInput> List()
    {
        lock (_byOrigin) return _byOrigin.Values.OrderByDescending(r => r.At).ThenBy(r => r.Origin, StringComparer.Ordinal).ToArray();
    }
}
