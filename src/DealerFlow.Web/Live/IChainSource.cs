namespace DealerFlow.Web.Live;

/// <summary>A live feed of option chains and spot ticks: a watched folder, a replay, a polled endpoint.</summary>
internal interface IChainSource
{
    /// <summary>Short description for the log and the page ("watch /data/chains").</summary>
    string Name { get; }

    /// <summary>Runs until cancelled, pushing into <paramref name="sink"/>. Bad input is reported to the sink, not thrown.</summary>
    Task RunAsync(IChainSink sink, CancellationToken cancellationToken);
}

/// <summary>Where sources push what they read.</summary>
internal interface IChainSink
{
    /// <summary>A symbol the source will deliver (listed before its first chain arrives).</summary>
    void Expect(string symbol, string origin);

    /// <summary>A new chain: replaces the symbol's chain, prices it and pushes the new levels.</summary>
    void Chain(ChainSnapshot snapshot, string origin);

    /// <summary>
    /// A chain as read from its source: checked with <see cref="DealerFlow.Data.Readers.WholeChain"/> against the
    /// symbol's previous chain (whole, and not older than it); a good chain goes to <see cref="Chain"/>, any other
    /// becomes the symbol's error (the last good chain stays, nothing is stored). <paramref name="restart"/>: the
    /// source starts its series again on purpose (a looping replay), so this chain may be older than the one held.
    /// True when accepted.
    /// </summary>
    bool Offer(DealerFlow.Data.Readers.ChainReadResult read, string origin, bool restart = false);

    /// <summary>A spot tick between chain updates; <c>simulated</c> is true for a spot from the demo's random walk rather than a market source.</summary>
    void Spot(string symbol, double spot, DateTimeOffset at, bool simulated = false);

    /// <summary>
    /// Input that could not be used: listed among the rejected inputs; a served symbol also shows an error state and
    /// keeps its last good data. A symbol that is not served is never created by an error.
    /// </summary>
    void Error(string symbol, string message, string origin);
}
