namespace DealerFlow.Web.Live;

/// <summary>
/// Replays a recorded series of snapshots in the order of their instants, waiting the recorded gap divided by the
/// speed (capped by <c>maxGap</c> when given), optionally in a loop.
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
            for (var i = 0; i < series.Count && !cancellationToken.IsCancellationRequested; i++)
            {
                sink.Offer(series[i].Read, $"replay {series[i].File}");
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
