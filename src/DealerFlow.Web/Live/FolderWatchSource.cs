using System.Threading.Channels;

namespace DealerFlow.Web.Live;

/// <summary>
/// A folder where chain files are dropped: each new or changed file is read once it is completely written (its size
/// and time have stayed put for <paramref name="settle"/> and it opens without sharing) and pushed. A writer that
/// pauses for less than the settle time is never read mid-write; a FileSystemWatcher gives the prompt path and a
/// periodic rescan catches what it misses (network shares, overflow). Size and time cannot tell a writer that pauses
/// longer from one that is done, so every chain is also checked to be whole (<see cref="WholeChain"/>) before it is
/// used: a file cut short is that symbol's error, never its data. Temporary names are skipped (<see cref="IsChainFileName"/>).
/// </summary>
internal sealed class FolderWatchSource(string directory, TimeSpan rescan, TimeSpan settle, ReadOptions readOptions, TimeProvider time, ILogger log) : IChainSource
{
    private readonly Dictionary<string, (long Length, DateTime Written)> _seen = new(StringComparer.Ordinal);

    /// <summary>Files seen changing: their last size and time, and since when (<see cref="TimeProvider.GetTimestamp"/>) they have stayed so.</summary>
    private readonly Dictionary<string, ((long Length, DateTime Written) State, long Since)> _settling = new(StringComparer.Ordinal);

    public string Name => $"watch {directory}";

    public async Task RunAsync(IChainSink sink, CancellationToken cancellationToken)
    {
        var wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        using var watcher = new FileSystemWatcher(directory) { IncludeSubdirectories = false, NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
        FileSystemEventHandler onChange = (_, _) => wake.Writer.TryWrite(true);
        watcher.Created += onChange;
        watcher.Changed += onChange;
        watcher.Renamed += (_, _) => wake.Writer.TryWrite(true);
        watcher.EnableRaisingEvents = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            var due = await ScanAsync(sink, cancellationToken).ConfigureAwait(false);
            using var timer = new CancellationTokenSource(due is { } d && d < rescan ? d : rescan, time);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
            try
            {
                await wake.Reader.ReadAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // periodic rescan
            }
        }
    }

    /// <summary>One scan: reads every file that has settled; returns how long until the next settling file is due (null: none).</summary>
    internal async Task<TimeSpan?> ScanAsync(IChainSink sink, CancellationToken ct)
    {
        var now = time.GetTimestamp();
        var files = new DirectoryInfo(directory).EnumerateFiles()
            .Where(f => IsChainFileName(f.Name))
            .Where(f => !_seen.TryGetValue(f.FullName, out var s) || s != (f.Length, f.LastWriteTimeUtc))
            .OrderBy(f => f.LastWriteTimeUtc).ThenBy(f => f.Name, StringComparer.Ordinal)
            .ToArray();
        foreach (var gone in _settling.Keys.Where(k => !files.Any(f => f.FullName == k)).ToArray()) _settling.Remove(gone);
        TimeSpan? due = null;
        var ready = new List<FileInfo>();
        foreach (var f in files)
        {
            var state = (f.Length, f.LastWriteTimeUtc);
            if (!_settling.TryGetValue(f.FullName, out var p) || p.State != state) _settling[f.FullName] = p = (state, now);
            var left = settle - time.GetElapsedTime(p.Since, now);
            if (left > TimeSpan.Zero || f.Length == 0)
            {
                // Still being written (or empty so far): look again once it could have settled.
                var wait = left > TimeSpan.Zero ? left : settle > TimeSpan.Zero ? settle : rescan;
                if (due is null || wait < due) due = wait;
                continue;
            }
            ready.Add(f);
        }
        foreach (var file in ready)
        {
            var before = (file.Length, file.LastWriteTimeUtc);
            file.Refresh();
            if (!file.Exists || before != (file.Length, file.LastWriteTimeUtc)) continue;
            ct.ThrowIfCancellationRequested();
            FileStream stream;
            try
            {
                stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.None);
            }
            catch (IOException)
            {
                continue; // still being written: the next scan retries
            }
            _settling.Remove(file.FullName);
            _seen[file.FullName] = before;
            await using (stream.ConfigureAwait(false))
            {
                try
                {
                    var result = ChainReader.Read(stream, file.Name, readOptions);
                    sink.Offer(result, $"file {file.Name}");
                }
                catch (ChainReadException e)
                {
                    sink.Error(SymbolFromFileName(file.Name), e.Message, $"file {file.Name}");
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    log.LogWarning("Cannot read {File}: {Message}", file.FullName, e.Message);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Whatever else a malformed file provokes, it stays that symbol's error, not the source's end.
                    sink.Error(SymbolFromFileName(file.Name), $"'{file.Name}' could not be used ({e.GetType().Name}).", $"file {file.Name}");
                }
            }
        }
        return due;
    }

    /// <summary>
    /// Only finished chain files are read: .csv, .json (and their .gz), never a dotfile or a temporary name
    /// (*.tmp, *.part, *~). Feeders write to such a name and rename when done, which is atomic on one file system.
    /// </summary>
    public static bool IsChainFileName(string name)
    {
        if (name.StartsWith('.') || name.EndsWith('~')) return false;
        var n = name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? name[..^3] : name;
        if (n.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase) || n.EndsWith(".part", StringComparison.OrdinalIgnoreCase)) return false;
        return n.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || n.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The symbol a file is about before it is parsed: the file name's first word (spy_quotedata_... is SPY).</summary>
    public static string SymbolFromFileName(string name) =>
        SymbolTable.Normalize(Path.GetFileNameWithoutExtension(name).Split('_', '-', '.', ' ')[0]);
}
