namespace DealerFlow.Web.Live;

/// <summary>
/// Runs the configured sources, the simulated spot walk (demo) and the periodic full recomputation at the current
/// spot. A source that fails is logged, reported and restarted: the server keeps running. Sources and the walk push into
/// the <see cref="IChainSink"/>: the book itself, or in scale-out mode the grains (<see cref="Cluster.ClusterSink"/>).
/// </summary>
internal sealed class LiveService(
    LiveBook book,
    IChainSink sink,
    SymbolTable symbols,
    IOptions<LiveOptions> options,
    IHttpClientFactory http,
    TimeProvider time,
    ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _log = loggers.CreateLogger<LiveService>();

    public static string DemoDirectory => Path.Combine(AppContext.BaseDirectory, "demo");

    internal IReadOnlyList<IChainSource> CreateSources()
    {
        var o = options.Value;
        var read = new ReadOptions { CboeJsonOffset = o.CboeJsonOffset };
        return o.Source switch
        {
            SourceKind.Watch => [new FolderWatchSource(o.WatchDirectory!, o.RescanInterval, o.WatchSettle, read, time, _log)],
            SourceKind.Replay => [new ReplaySource(o.ReplayDirectory!, o.ReplaySpeed, o.ReplayMaxGap, o.ReplayLoop, read, time)],
            SourceKind.Cboe => [new CboePollSource(http.CreateClient(CboePollSource.HttpClientName), BaseUri(o.CboeUrl), o.CboeSymbols, o.PollLimits, o.CboeJsonOffset, time)],
            SourceKind.Schwab => [new Feeds.SchwabSource(http.CreateClient(Feeds.FeedOptions.HttpClientName), Feeds.FeedOptions.BaseUri(o.Feeds.SchwabUrl), o.Feeds.SchwabSymbols,
                new Feeds.SchwabSession(new Feeds.SchwabOAuth(http.CreateClient(Feeds.FeedOptions.HttpClientName), Feeds.FeedOptions.BaseUri(o.Feeds.SchwabUrl), time), o.Feeds.SchwabTokens, time),
                o.PollLimits, time, o.Feeds.SchwabStream, o.Feeds.SchwabMaxQuotes, o.Feeds.StreamReprice)],
            SourceKind.Massive => [new Feeds.MassiveSource(http.CreateClient(Feeds.FeedOptions.HttpClientName), Feeds.FeedOptions.BaseUri(o.Feeds.MassiveUrl), o.Feeds.MassiveSymbols,
                o.Feeds.ResolvedMassiveKey!, o.Feeds.MassivePageSize, o.Feeds.MassiveMaxPages, o.PollLimits, time,
                o.Feeds.MassiveStream ? new Feeds.MassiveStreamer(o.Feeds.ResolvedMassiveSocketUrl(), o.Feeds.MassiveSymbols, o.Feeds.ResolvedMassiveKey!, o.Feeds.MassiveMaxQuotes, o.Feeds.StreamReprice, o.PollLimits, time) : null)],
            SourceKind.None => [],
            _ =>
            [
                new FolderWatchSource(DemoOnlyFolder(), TimeSpan.FromHours(1), TimeSpan.Zero, read, time, _log),
                new ReplaySource(Path.Combine(DemoDirectory, "series_spy"), 3600, o.ReplayMaxGap ?? TimeSpan.FromSeconds(30), loop: true, read, time),
            ],
        };
    }

    /// <summary>The demo's SPX chain sits alone in demo/; the watch source reads it once (no further files arrive there).</summary>
    private static string DemoOnlyFolder() => DemoDirectory;

    private static Uri BaseUri(string url) => new(url.EndsWith('/') ? url : url + "/");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var sources = CreateSources();
        _log.LogInformation("Live sources: {Sources}; spot walk {Walk}", string.Join("; ", sources.Select(s => s.Name)), o.WalkEnabled ? "on" : "off");
        var tasks = sources.Select(s => RunForever(s, stoppingToken)).ToList();
        tasks.Add(TickLoop(o, stoppingToken));
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    private async Task RunForever(IChainSource source, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Run(() => source.RunAsync(sink, ct), ct).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _log.LogError(e, "Source {Source} failed; restarting in 5 s", source.Name);
                await Task.Delay(TimeSpan.FromSeconds(5), time, ct).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Spot ticks (a mean-reverting walk around each chain's spot) and the periodic full recomputation.</summary>
    private async Task TickLoop(LiveOptions o, CancellationToken ct)
    {
        var random = o.Seed is { } seed ? new Random(seed) : new Random();
        var walk = new Dictionary<string, (long ChainVersion, double Base, double X)>(StringComparer.Ordinal);
        var lastAnchor = time.GetUtcNow();
        using var timer = new PeriodicTimer(o.TickInterval, time);
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            try
            {
                var now = time.GetUtcNow();
                if (o.WalkEnabled)
                {
                    foreach (var s in symbols.All)
                    {
                        double chainSpot;
                        long version;
                        lock (s.Gate)
                        {
                            if (s.Chain is null) continue;
                            chainSpot = s.Chain.Spot;
                            version = s.ChainVersion;
                        }
                        if (!walk.TryGetValue(s.Symbol, out var w) || w.ChainVersion != version) w = (version, chainSpot, 0);
                        // x(t+1) = 0.97 x(t) + 0.0009 z: about 0.4% standard deviation around the chain's spot.
                        w.X = 0.97 * w.X + 0.0009 * Gaussian(random);
                        walk[s.Symbol] = w;
                        sink.Spot(s.Symbol, Math.Round(w.Base * Math.Exp(w.X), 2), now, simulated: true);
                    }
                }
                if (now - lastAnchor >= o.ReanchorInterval)
                {
                    lastAnchor = now;
                    foreach (var s in symbols.All) book.Reanchor(s.Symbol);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _log.LogError(e, "Tick loop error");
            }
        }
    }

    private static double Gaussian(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
}
