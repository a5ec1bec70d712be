using DealerFlow.Core.Time;

namespace DealerFlow.Core.Chain;

/// <summary>Collects contracts row by row and produces a columnar <see cref="ChainSnapshot"/>.</summary>
public sealed class ChainBuilder
{
    private ChainColumns _c = new();
    private readonly Dictionary<string, int> _rootIndex = new(StringComparer.Ordinal);

    /// <summary>An empty builder with room for <paramref name="capacity"/> contracts (at least 16); the columns double when full.</summary>
    public ChainBuilder(int capacity = 1024)
    {
        Grow(Math.Max(16, capacity));
    }

    /// <summary>Contracts added since the builder was created or last built.</summary>
    public int Count => _c.Count;

    /// <summary>
    /// Appends one contract. Its settlement style is <see cref="OptionQuote.Settlement"/> when set, otherwise
    /// <see cref="Time.Settlement.StyleOf"/> of its root; values are stored as given (NaN stays NaN).
    /// </summary>
    /// <exception cref="ArgumentException">The quote's root is null or empty.</exception>
    public void Add(in OptionQuote q)
    {
        ArgumentException.ThrowIfNullOrEmpty(q.Root);
        if (_c.Count == _c.Strike.Length) Grow(_c.Strike.Length * 2);
        if (!_rootIndex.TryGetValue(q.Root, out var ri))
        {
            ri = _c.Roots.Count;
            _c.Roots.Add(q.Root);
            _rootIndex.Add(q.Root, ri);
        }
        var i = _c.Count++;
        _c.RootIndex[i] = ri;
        _c.Expiry[i] = q.Expiry;
        _c.Type[i] = q.Type;
        _c.Settlement[i] = q.Settlement ?? Settlement.StyleOf(q.Root, q.Expiry);
        _c.Strike[i] = q.Strike;
        _c.Bid[i] = q.Bid;
        _c.Ask[i] = q.Ask;
        _c.Last[i] = q.Last;
        _c.Volume[i] = q.Volume;
        _c.OpenInterest[i] = q.OpenInterest;
        _c.VendorIv[i] = q.VendorIv;
        _c.VendorDelta[i] = q.VendorDelta;
        _c.VendorGamma[i] = q.VendorGamma;
        _c.Multiplier[i] = q.Multiplier;
        _c.SourceLine[i] = q.SourceLine;
    }

    /// <summary>Freezes the rows into a snapshot; the builder starts empty again.</summary>
    public ChainSnapshot Build(string underlying, double spot, DateTimeOffset instant, string source)
    {
        ArgumentException.ThrowIfNullOrEmpty(underlying);
        if (!double.IsFinite(spot) || spot <= 0)
            throw new ArgumentOutOfRangeException(nameof(spot), spot, "Spot must be a positive finite price.");
        var snapshot = new ChainSnapshot(underlying, spot, instant, source, _c);
        _c = new ChainColumns();
        _rootIndex.Clear();
        Grow(16);
        return snapshot;
    }

    private void Grow(int n)
    {
        Array.Resize(ref _c.RootIndex, n);
        Array.Resize(ref _c.Expiry, n);
        Array.Resize(ref _c.Type, n);
        Array.Resize(ref _c.Settlement, n);
        Array.Resize(ref _c.Strike, n);
        Array.Resize(ref _c.Bid, n);
        Array.Resize(ref _c.Ask, n);
        Array.Resize(ref _c.Last, n);
        Array.Resize(ref _c.Volume, n);
        Array.Resize(ref _c.OpenInterest, n);
        Array.Resize(ref _c.VendorIv, n);
        Array.Resize(ref _c.VendorDelta, n);
        Array.Resize(ref _c.VendorGamma, n);
        Array.Resize(ref _c.Multiplier, n);
        Array.Resize(ref _c.SourceLine, n);
    }
}
