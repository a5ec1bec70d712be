namespace DealerFlow.Web.Live;

/// <summary>
/// Replays a recorded series of snapshots in the order of their instants, waiting the recorded gap divided by the
/// speed (capped by <c>maxGap</c> when given), optionally in a loop. Each pass restarts its symbols' timelines
/// (<see cref="IChainSink.Offer"/> with <c>restart</c>): the first chain of a symbol in a pass may be older than the chain held.
/// </summary>
internal sealed class ReplaySource(string directory, double speed, TimeSpan? maxGap, bool loop, ReadOptions readOptions, TimeProvider time) : IChainSource
{
    public string Name => $"replay {directory} x{speed}";

    public async Task RunAsync(IChainSink sink, CancellationToken cancellationToken)
    {
        var series = new List<(ChainReadResult Read, string File)>();
        foreach (var file in Directory.EnumerateFiles(directory).Where(f => f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".json", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal))
        {
            try
            {
                series.Add((ChainReader.Read(file, readOptions), Path.GetFileName(file)));
            }
            catch (ChainReadException e)
            {
                sink.Error(FolderWatchSource.SymbolFromFileName(Path.GetFileName(file)), e.Message, $"replay {Path.GetFileName(file)}");
            }
        }
        series.Sort((a, b) => a.Read.Snapshot.Instant.CompareTo(b.Read.Snapshot.Instant));
        foreach (var u in series.Select(s => s.Read.Snapshot.Underlying).Distinct()) sink.Expect(u, Name);
        do
        {
            // A pass starts each symbol's timeline again on purpose: its first chain is a restart, which the sink takes
            // even when it is older than the chain held (the last of the previous pass, or in scale-out mode a newer
            // chain the grain restored from the store). Every later chain of the pass must not be older than the one
            // before it, by the same rule as any other source (WholeChain). Applying the rule per source instead would
            // let two sources of one symbol step it back and forth; a replay that did not say so would stop at the end
            // of its first pass, every later chain rejected as older.
            var started = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < series.Count && !cancellationToken.IsCancellationRequested; i++)
            {
                sink.Offer(series[i].Read, $"replay {series[i].File}", restart: started.Add(SymbolTable.Normalize(series[i].Read.Snapshot.Underlying)));
                if (i + 1 == series.Count) break;
                var gap = (series[i + 1].Read.Snapshot.Instant - series[i].Read.Snapshot.Instant) / speed;
                if (maxGap is { } cap && gap > cap) gap = cap;
                if (gap > TimeSpan.Zero) await Task.Delay(gap, time, cancellationToken).ConfigureAwait(false);
            }
            if (loop && maxGap is { } pause) await Task.Delay(pause, time, cancellationToken).ConfigureAwait(false);
        }
        while (loop && series.Count > 0 && !cancellationToken.IsCancellationRequested);
        await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
    }
}
