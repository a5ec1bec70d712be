using DealerFlow.Web.Live;
using DealerFlow.Web.Live.Feeds;

namespace DealerFlow.Cli.Commands;

/// <summary>
/// <c>ingest --from-feed schwab:SPY,QQQ</c> or <c>massive:SPY</c>: one poll of each symbol through serve's own source
/// (the same request, deadline, size cap, token refresh and reader), each chain then ingested like a file.
/// </summary>
internal static class FeedFetch
{
    /// <summary><c>--schwab-url</c> of auth, serve and ingest; <paramref name="use"/> (e.g. " for --from-feed") says what it is for.</summary>
    public static Option<string?> SchwabUrlOption(string use = "") =>
        new("--schwab-url") { Description = $"Base URL of the Schwab API{use} (default {SchwabOAuth.DefaultBaseUrl})." };

    /// <summary><c>--schwab-tokens</c> of serve and ingest: the login file <c>dealerflow auth schwab</c> writes.</summary>
    public static Option<string?> SchwabTokensOption(string use = "") =>
        new("--schwab-tokens") { Description = $"The Schwab login file written by 'dealerflow auth schwab'{use} (default {SchwabTokenFile.DefaultPath})." };

    /// <summary><c>--massive-url</c> of serve and ingest.</summary>
    public static Option<string?> MassiveUrlOption(string use = "") =>
        new("--massive-url") { Description = $"Base URL of the Massive API{use} (default {FeedOptions.DefaultMassiveUrl})." };

    /// <summary><c>--massive-key</c> of serve and ingest; the environment variable is the default (and the better place).</summary>
    public static Option<string?> MassiveKeyOption(string use = "") =>
        new("--massive-key") { Description = $"The Massive API key{use} (default: the environment variable {FeedOptions.MassiveKeyVariable}; prefer it, a command line is kept in the shell's history)." };

    /// <summary>One symbol's answer: the chain read, or why there is none.</summary>
    internal sealed record Fetched(string Name, ChainReadResult? Read, string? Error);

    /// <summary>A sink that keeps what one poll offers instead of serving it.</summary>
    private sealed class Capture : IChainSink
    {
        public ChainReadResult? Read { get; private set; }
        public string? Problem { get; private set; }

        public void Expect(string symbol, string origin)
        {
        }

        public void Chain(Core.Chain.ChainSnapshot snapshot, string origin)
        {
        }

        public bool Offer(ChainReadResult read, string origin, bool restart = false)
        {
            Read = read;
            return true;
        }

        public void Spot(string symbol, double spot, DateTimeOffset at, bool simulated = false)
        {
        }

        public void Error(string symbol, string message, string origin) => Problem ??= message;
    }

    public static List<Fetched> Fetch(string spec, string? schwabUrl, string? schwabTokens, string? massiveUrl, string? massiveKey)
    {
        var colon = spec.IndexOf(':');
        var feed = colon > 0 ? spec[..colon].Trim().ToLowerInvariant() : "";
        var symbols = colon > 0 ? spec[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
        if (feed is not ("schwab" or "massive") || symbols.Length == 0)
            throw new UsageException($"--from-feed '{spec}' is not FEED:SYMBOLS with FEED schwab or massive (e.g. schwab:SPY,QQQ or massive:SPY).");
        var defaults = new LiveOptions();
        var limits = defaults.PollLimits;
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("DealerFlow/1.0 (+ingest)");
        PolledSource source;
        if (feed == "schwab")
        {
            var url = FeedOptions.BaseUri(CheckUrl(schwabUrl ?? SchwabOAuth.DefaultBaseUrl, "--schwab-url"));
            var session = new SchwabSession(new SchwabOAuth(http, url, TimeProvider.System), schwabTokens ?? SchwabTokenFile.DefaultPath, TimeProvider.System);
            source = new SchwabSource(http, url, symbols, session, limits, TimeProvider.System, stream: false);
        }
        else
        {
            var key = !string.IsNullOrWhiteSpace(massiveKey) ? massiveKey.Trim() : Environment.GetEnvironmentVariable(FeedOptions.MassiveKeyVariable)?.Trim();
            if (string.IsNullOrEmpty(key))
                throw new UsageException($"--from-feed massive needs an API key: --massive-key KEY or the environment variable {FeedOptions.MassiveKeyVariable}.");
            var url = FeedOptions.BaseUri(CheckUrl(massiveUrl ?? FeedOptions.DefaultMassiveUrl, "--massive-url"));
            source = new MassiveSource(http, url, symbols, key, defaults.Feeds.MassivePageSize, defaults.Feeds.MassiveMaxPages, limits, TimeProvider.System);
        }
        var fetched = new List<Fetched>();
        foreach (var s in symbols)
        {
            var sink = new Capture();
            source.PollAsync(sink, s, CancellationToken.None).GetAwaiter().GetResult();
            fetched.Add(new Fetched($"{feed} {s}", sink.Read, sink.Read is null ? sink.Problem ?? "no chain" : null));
        }
        return fetched;
    }

    private static string CheckUrl(string url, string option) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" ? url : throw new UsageException($"{option} '{url}' is not an absolute http(s) URL.");
}
