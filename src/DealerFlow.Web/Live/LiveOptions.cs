using System.ComponentModel.DataAnnotations;

namespace DealerFlow.Web.Live;

/// <summary>Which live source feeds the dashboard.</summary>
public enum SourceKind
{
    /// <summary>Bundled data: the SPX sample chain and a replay of the SPY series, with a simulated spot walk.</summary>
    Demo,

    /// <summary>A folder watched for new chain files.</summary>
    Watch,

    /// <summary>A recorded series of snapshots replayed at a chosen speed.</summary>
    Replay,

    /// <summary>The CBOE delayed-quotes JSON endpoint polled for a list of symbols.</summary>
    Cboe,
}

/// <summary>Live source settings, bound from the <c>DealerFlow:Live</c> configuration section and validated at start.</summary>
public sealed class LiveOptions : IValidatableObject
{
    public const string Section = "DealerFlow:Live";

    public const string DefaultCboeUrl = "https://cdn.cboe.com/api/global/delayed_quotes/options/";

    public SourceKind Source { get; set; } = SourceKind.Demo;

    /// <summary>Folder watched for chain files (Source = Watch).</summary>
    public string? WatchDirectory { get; set; }

    /// <summary>How often the watched folder is rescanned, besides the file-system events.</summary>
    public TimeSpan RescanInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a watched file's size and time must stay unchanged before it is read (default 2 s): a writer that pauses
    /// for less is never read mid-write. Feeders that write to a temporary name and rename need no wait at all.
    /// </summary>
    public TimeSpan WatchSettle { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Folder of recorded snapshots (Source = Replay).</summary>
    public string? ReplayDirectory { get; set; }

    /// <summary>Replay speed: 60 plays one recorded hour in one minute.</summary>
    public double ReplaySpeed { get; set; } = 60;

    /// <summary>Longest wall-clock wait between two replayed snapshots (null = no cap).</summary>
    public TimeSpan? ReplayMaxGap { get; set; }

    /// <summary>Start the replay again after the last snapshot.</summary>
    public bool ReplayLoop { get; set; }

    /// <summary>CBOE symbols to poll, as the endpoint names them (_SPX, _NDX, SPY, QQQ).</summary>
    public string[] CboeSymbols { get; set; } = [];

    /// <summary>Base URL of the CBOE delayed-quotes endpoint; the symbol and ".json" are appended.</summary>
    public string CboeUrl { get; set; } = DefaultCboeUrl;

    /// <summary>Time between two polls of one symbol (each symbol is polled on its own schedule, concurrently).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>One deadline per poll, covering the connection, the headers and the whole body (default 20 s).</summary>
    public TimeSpan PollDeadline { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Largest CBOE response read, in bytes (default 64 MiB); a longer body is cut there and is the symbol's error.</summary>
    public long PollMaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Longest wait between polls of a failing symbol: the wait doubles from the interval per failure up to this (default 2 min).</summary>
    public TimeSpan PollMaxBackoff { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The poller's limits from these settings.</summary>
    public CboePollLimits PollLimits => new(PollInterval, PollDeadline, PollMaxBytes, PollMaxBackoff);

    /// <summary>UTC offset of the zone-less CBOE timestamp.</summary>
    public TimeSpan CboeJsonOffset { get; set; } = TimeSpan.Zero;

    /// <summary>Simulate spot ticks between chain updates with a mean-reverting random walk (default: on in demo mode).</summary>
    public bool? SpotWalk { get; set; }

    /// <summary>Time between two spot ticks.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the levels are recomputed in full (walls, strikes) at the current spot.</summary>
    public TimeSpan ReanchorInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Optional URL that receives a JSON POST for every alert (spot crossing the flip or a wall).</summary>
    public string? AlertWebhook { get; set; }

    /// <summary>Points kept per symbol in the session history.</summary>
    public int HistoryCapacity { get; set; } = 2000;

    /// <summary>
    /// The snapshot store every new chain is written to and the history is read from: a SQLite file or a PostgreSQL
    /// URL / connection string (null = the default SQLite file that <c>dealerflow ingest</c> uses, relative to the
    /// working directory).
    /// </summary>
    public string? Db { get; set; }

    /// <summary>Write chains to the store and read history from it (false: history is the session's, in memory only).</summary>
    public bool Store { get; set; } = true;

    /// <summary>How long after a failed open the store is tried again.</summary>
    public TimeSpan StoreRetryInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Chains waiting to be written; when the queue is full a new chain is not stored (and counted as dropped).</summary>
    public int StoreQueue { get; set; } = 64;

    /// <summary>
    /// Most per-view computations kept across all symbols (a priced chain, an analysis or an anchored analysis for one
    /// expiry filter x model x unit each; default 256). The least recently used goes first.
    /// </summary>
    public int ViewCacheEntries { get; set; } = 256;

    /// <summary>Most estimated megabytes those computations may hold (default 256 MB; the issue measured about 2.4 MB per full SPX view).</summary>
    public int ViewCacheMegabytes { get; set; } = 256;

    /// <summary>Seed of the simulated walk (null = random).</summary>
    public int? Seed { get; set; }

    public bool WalkEnabled => SpotWalk ?? Source == SourceKind.Demo;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        switch (Source)
        {
            case SourceKind.Watch when string.IsNullOrWhiteSpace(WatchDirectory) || !Directory.Exists(WatchDirectory):
                yield return new ValidationResult($"The watched folder '{WatchDirectory}' does not exist.", [nameof(WatchDirectory)]);
                break;
            case SourceKind.Replay when string.IsNullOrWhiteSpace(ReplayDirectory) || !Directory.Exists(ReplayDirectory):
                yield return new ValidationResult($"The replay folder '{ReplayDirectory}' does not exist.", [nameof(ReplayDirectory)]);
                break;
            case SourceKind.Cboe when CboeSymbols.Length == 0:
                yield return new ValidationResult("The CBOE source needs at least one symbol (e.g. _SPX,SPY).", [nameof(CboeSymbols)]);
                break;
        }
        if (!(ReplaySpeed > 0 && double.IsFinite(ReplaySpeed)))
            yield return new ValidationResult($"Replay speed {ReplaySpeed} must be a positive number.", [nameof(ReplaySpeed)]);
        if (!Uri.TryCreate(CboeUrl, UriKind.Absolute, out var u) || (u.Scheme != Uri.UriSchemeHttp && u.Scheme != Uri.UriSchemeHttps))
            yield return new ValidationResult($"CBOE URL '{CboeUrl}' is not an absolute http(s) URL.", [nameof(CboeUrl)]);
        if (AlertWebhook is { Length: > 0 } w && !Uri.TryCreate(w, UriKind.Absolute, out _))
            yield return new ValidationResult($"Alert webhook '{w}' is not an absolute URL.", [nameof(AlertWebhook)]);
        foreach (var (name, value, min) in new[]
                 {
                     (nameof(PollInterval), PollInterval, TimeSpan.FromMilliseconds(100)),
                     (nameof(PollDeadline), PollDeadline, TimeSpan.FromMilliseconds(100)),
                     (nameof(PollMaxBackoff), PollMaxBackoff, TimeSpan.FromMilliseconds(100)),
                     (nameof(TickInterval), TickInterval, TimeSpan.FromMilliseconds(50)),
                     (nameof(ReanchorInterval), ReanchorInterval, TimeSpan.FromMilliseconds(100)),
                     (nameof(RescanInterval), RescanInterval, TimeSpan.FromMilliseconds(50)),
                     (nameof(WatchSettle), WatchSettle, TimeSpan.Zero),
                     (nameof(StoreRetryInterval), StoreRetryInterval, TimeSpan.FromMilliseconds(100)),
                 })
        {
            if (value < min) yield return new ValidationResult($"{name} {value} must be at least {min}.", [name]);
        }
        if (PollMaxBytes is < 1024 or > 4L * 1024 * 1024 * 1024)
            yield return new ValidationResult($"PollMaxBytes {PollMaxBytes} must be between 1024 and 4294967296.", [nameof(PollMaxBytes)]);
        if (StoreQueue is < 1 or > 100_000)
            yield return new ValidationResult($"StoreQueue {StoreQueue} must be between 1 and 100000.", [nameof(StoreQueue)]);
        if (ViewCacheEntries is < 8 or > 1_000_000)
            yield return new ValidationResult($"ViewCacheEntries {ViewCacheEntries} must be between 8 and 1000000.", [nameof(ViewCacheEntries)]);
        if (ViewCacheMegabytes is < 1 or > 65_536)
            yield return new ValidationResult($"ViewCacheMegabytes {ViewCacheMegabytes} must be between 1 and 65536.", [nameof(ViewCacheMegabytes)]);
        if (HistoryCapacity is < 10 or > 1_000_000)
            yield return new ValidationResult($"HistoryCapacity {HistoryCapacity} must be between 10 and 1000000.", [nameof(HistoryCapacity)]);
    }
}
