namespace DealerFlow.Web.Live;

/// <summary>Which live source feeds the dashboard.</summary>
internal enum SourceKind
{
    /// <summary>Bundled data: the SPX sample chain and a replay of the SPY series, with a simulated spot walk.</summary>
    Demo,

    /// <summary>A folder watched for new chain files.</summary>
    Watch,

    /// <summary>A recorded series of snapshots replayed at a chosen speed.</summary>
    Replay,

    /// <summary>The CBOE delayed-quotes JSON endpoint polled for a list of symbols.</summary>
    Cboe,

    /// <summary>Schwab's Trader API chains polled for a list of symbols (<see cref="Feeds.SchwabSource"/>).</summary>
    Schwab,

    /// <summary>Massive's (Polygon's) chain snapshots polled for a list of symbols (<see cref="Feeds.MassiveSource"/>).</summary>
    Massive,

    /// <summary>No source: a view-only cluster front end (<c>serve --cluster</c> without a source option), which shows what the grains hold.</summary>
    None,
}

/// <summary>Live source settings, bound from the <c>DealerFlow:Live</c> configuration section and validated at start.</summary>
internal sealed class LiveOptions
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

    /// <summary>Schwab and Massive settings (<c>DealerFlow:Live:Feeds</c>); they poll with <see cref="PollLimits"/>.</summary>
    public Feeds.FeedOptions Feeds { get; set; } = new();

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
    /// working directory; for the demo, <see cref="DemoStorePath"/>, so bundled chains never land in the user's store).
    /// </summary>
    public string? Db { get; set; }

    /// <summary>Where the demo stores its bundled chains when no <see cref="Db"/> is given: a SQLite file in the temporary folder.</summary>
    public static string DemoStorePath => Path.Combine(Path.GetTempPath(), "dealerflow-demo", "demo.db");

    /// <summary>The store location in use: <see cref="Db"/>, else <see cref="DemoStorePath"/> for the demo, else the default SQLite file.</summary>
    public string StoreLocation => !string.IsNullOrWhiteSpace(Db) ? Db.Trim() : Source == SourceKind.Demo ? DemoStorePath : Data.Store.SnapshotStore.DefaultPath;

    /// <summary>Write chains to the store and read history from it (false: history is the session's, in memory only).</summary>
    public bool Store { get; set; } = true;

    /// <summary>
    /// Write new chains to the store (false, with <see cref="Store"/> on: the store is only read, for the history; a
    /// front end of the cluster, <c>serve --cluster</c>, whose grains write every chain themselves).
    /// </summary>
    public bool StoreWrites { get; set; } = true;

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

    /// <summary>
    /// What is wrong with these settings, each in the user's terms: the <c>dealerflow serve</c> option where there is
    /// one (<c>--poll must be at least 0.1 s (got 0.001 s).</c>), else the setting's configuration key; durations in
    /// seconds. Empty when the settings are usable.
    /// </summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        switch (Source)
        {
            case SourceKind.Watch when string.IsNullOrWhiteSpace(WatchDirectory) || !Directory.Exists(WatchDirectory):
                problems.Add($"--watch: the folder '{WatchDirectory}' does not exist.");
                break;
            case SourceKind.Replay when string.IsNullOrWhiteSpace(ReplayDirectory) || !Directory.Exists(ReplayDirectory):
                problems.Add($"--replay: the folder '{ReplayDirectory}' does not exist.");
                break;
            case SourceKind.Cboe when CboeSymbols.Length == 0:
                problems.Add("--cboe needs at least one symbol (e.g. _SPX,SPY).");
                break;
        }
        problems.AddRange(Feeds.Problems(Source));
        if (!(ReplaySpeed > 0 && double.IsFinite(ReplaySpeed)))
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"--speed must be a positive number (got {ReplaySpeed})."));
        if (!Uri.TryCreate(CboeUrl, UriKind.Absolute, out var u) || (u.Scheme != Uri.UriSchemeHttp && u.Scheme != Uri.UriSchemeHttps))
            problems.Add($"--cboe-url '{CboeUrl}' is not an absolute http(s) URL.");
        if (AlertWebhook is { Length: > 0 } w && !(Uri.TryCreate(w, UriKind.Absolute, out var hook) && hook.Scheme is "http" or "https" && hook.Host.Length > 0))
            problems.Add($"--webhook '{w}' is not an absolute http:// or https:// URL (redirects are never followed, so give the final address).");
        foreach (var (name, value, min) in new[]
                 {
                     ("--poll", PollInterval, TimeSpan.FromMilliseconds(100)),
                     (Key(nameof(PollDeadline)), PollDeadline, TimeSpan.FromMilliseconds(100)),
                     (Key(nameof(PollMaxBackoff)), PollMaxBackoff, TimeSpan.FromMilliseconds(100)),
                     (Key(nameof(TickInterval)), TickInterval, TimeSpan.FromMilliseconds(50)),
                     (Key(nameof(ReanchorInterval)), ReanchorInterval, TimeSpan.FromMilliseconds(100)),
                     (Key(nameof(RescanInterval)), RescanInterval, TimeSpan.FromMilliseconds(50)),
                     (Key(nameof(WatchSettle)), WatchSettle, TimeSpan.Zero),
                     (Key(nameof(StoreRetryInterval)), StoreRetryInterval, TimeSpan.FromMilliseconds(100)),
                 })
        {
            if (value < min) problems.Add($"{name} must be at least {Seconds(min)} (got {Seconds(value)}).");
        }
        if (PollMaxBytes is < 1024 or > 4L * 1024 * 1024 * 1024)
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{Key(nameof(PollMaxBytes))} must be between 1024 and 4294967296 bytes (got {PollMaxBytes})."));
        if (StoreQueue is < 1 or > 100_000)
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{Key(nameof(StoreQueue))} must be between 1 and 100000 chains (got {StoreQueue})."));
        if (ViewCacheEntries is < 8 or > 1_000_000)
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{Key(nameof(ViewCacheEntries))} must be between 8 and 1000000 views (got {ViewCacheEntries})."));
        if (ViewCacheMegabytes is < 1 or > 65_536)
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{Key(nameof(ViewCacheMegabytes))} must be between 1 and 65536 MB (got {ViewCacheMegabytes})."));
        if (HistoryCapacity is < 10 or > 1_000_000)
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"{Key(nameof(HistoryCapacity))} must be between 10 and 1000000 points (got {HistoryCapacity})."));
        return problems;
    }

    private static string Key(string property) => $"the setting {Section}:{property}";

    /// <summary>A duration as a trader writes it: 0.1 s, 15 s, 0.001 s.</summary>
    internal static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}

/// <summary>Validates <see cref="LiveOptions"/> at start with <see cref="LiveOptions.Problems"/>: the failures are the plain messages, with no framework prefix.</summary>
internal sealed class LiveOptionsValidator : IValidateOptions<LiveOptions>
{
    public ValidateOptionsResult Validate(string? name, LiveOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
