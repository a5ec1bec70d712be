using System.Threading.Channels;
using DealerFlow.Data.Readers;
using Microsoft.Extensions.Logging;

namespace DealerFlow.Web.Live;

/// <summary>
/// A folder where chain files are dropped: each new or changed file is read once it is completely written (its size
/// and time stay put and it opens without sharing) and pushed. A FileSystemWatcher gives the prompt path and a
/// periodic rescan catches what it misses (network shares, overflow). Size and time cannot tell a writer that pauses
/// from one that is done, so every chain is also checked to be whole (<see cref="WholeChain"/>) before it is used:
/// a file cut short is that symbol's error, never its data. Temporary names are skipped (<see cref="IsChainFileName"/>).
/// </summary>
public sealed class FolderWatchSource(string directory, TimeSpan rescan, ReadOptions readOptions, ILogger log) : IChainSource
{
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(250);
    private readonly Dictionary<string, (long Length, DateTime Written)> _seen = new(StringComparer.Ordinal);

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
            await ScanAsync(sink, cancellationToken).ConfigureAwait(false);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(rescan);
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

    private async Task ScanAsync(IChainSink sink, CancellationToken ct)
    {
        var candidates = new DirectoryInfo(directory).EnumerateFiles()
            .Where(f => IsChainFileName(f.Name))
            .Where(f => !_seen.TryGetValue(f.FullName, out var s) || s != (f.Length, f.LastWriteTimeUtc))
            .OrderBy(f => f.LastWriteTimeUtc).ThenBy(f => f.Name, StringComparer.Ordinal)
            .ToArray();
        if (candidates.Length == 0) return;
        // Wait until the writers are done: same size and time after a short pause, and an exclusive open succeeds.
        var before = candidates.Select(f => (f.Length, f.LastWriteTimeUtc)).ToArray();
        await Task.Delay(Settle, ct).ConfigureAwait(false);
        for (var i = 0; i < candidates.Length; i++)
        {
            var file = candidates[i];
            file.Refresh();
            if (!file.Exists || before[i] != (file.Length, file.LastWriteTimeUtc) || file.Length == 0) continue;
            FileStream stream;
            try
            {
                stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.None);
            }
            catch (IOException)
            {
                continue; // still being written: the next scan retries
            }
            _seen[file.FullName] = before[i];
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
        LiveBook.Normalize(Path.GetFileNameWithoutExtension(name).Split('_', '-', '.', ' ')[0]);
}
