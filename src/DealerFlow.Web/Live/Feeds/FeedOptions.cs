namespace DealerFlow.Web.Live.Feeds;

/// <summary>Schwab and Massive settings, bound from <c>DealerFlow:Live:Feeds</c> (the poll interval, deadline, cap and back-off are the live poller's).</summary>
internal sealed class FeedOptions
{
    /// <summary>The environment variable read for the Massive API key when <see cref="MassiveKey"/> is not set.</summary>
    public const string MassiveKeyVariable = "DEALERFLOW_MASSIVE_KEY";

    /// <summary>The production base URL of Massive's REST API (formerly api.polygon.io).</summary>
    public const string DefaultMassiveUrl = "https://api.massive.com/";

    /// <summary>The production address of Massive's real-time websockets (<c>/stocks</c>, <c>/options</c>).</summary>
    public const string DefaultMassiveSocketUrl = "wss://socket.massive.com/";

    /// <summary>The HTTP client every feed uses: no redirects (a bearer token is never sent on to another address).</summary>
    public const string HttpClientName = "feeds";

    /// <summary>Schwab symbols as the Trader API names them (SPY, QQQ, $SPX).</summary>
    public string[] SchwabSymbols { get; set; } = [];

    /// <summary>Base URL of the Schwab Trader API (OAuth and market data).</summary>
    public string SchwabUrl { get; set; } = SchwabOAuth.DefaultBaseUrl;

    /// <summary>The Schwab login file written by <c>dealerflow auth schwab</c> (mode 0600).</summary>
    public string SchwabTokens { get; set; } = SchwabTokenFile.DefaultPath;

    /// <summary>Stream spot between chains from Schwab's LEVELONE_EQUITIES streamer (default on).</summary>
    public bool SchwabStream { get; set; } = true;

    /// <summary>Massive underlyings (SPY, QQQ, I:SPX).</summary>
    public string[] MassiveSymbols { get; set; } = [];

    /// <summary>Base URL of the Massive REST API.</summary>
    public string MassiveUrl { get; set; } = DefaultMassiveUrl;

    /// <summary>The Massive API key (else the environment variable <see cref="MassiveKeyVariable"/>).</summary>
    public string? MassiveKey { get; set; }

    /// <summary>Stream spot (stocks trades) and option quotes from Massive's websockets between chains (default on).</summary>
    public bool MassiveStream { get; set; } = true;

    /// <summary>
    /// Base address of Massive's websockets; when not set, <c>wss://socket.massive.com/</c> for the production REST URL,
    /// otherwise the host of <see cref="MassiveUrl"/> with http(s) turned into ws(s) (a stub or proxy serves both).
    /// </summary>
    public string? MassiveSocketUrl { get; set; }

    /// <summary>Option quote subscriptions on the one options connection (Massive's most is 1,000).</summary>
    public int MassiveMaxQuotes { get; set; } = MassiveStreamer.QuoteLimit;

    /// <summary>Option quote subscriptions on Schwab's LEVELONE_OPTIONS (the contracts chosen as for Massive).</summary>
    public int SchwabMaxQuotes { get; set; } = 500;

    /// <summary>Shortest time between two re-pricings of a chain from streamed quotes, either feed (quotes in between are gathered).</summary>
    public TimeSpan StreamReprice { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The websocket base address in use (see <see cref="MassiveSocketUrl"/>).</summary>
    public Uri ResolvedMassiveSocketUrl()
    {
        if (!string.IsNullOrWhiteSpace(MassiveSocketUrl)) return BaseUri(MassiveSocketUrl.Trim());
        if (MassiveUrl == DefaultMassiveUrl) return new Uri(DefaultMassiveSocketUrl);
        var b = new UriBuilder(BaseUri(MassiveUrl)) { Path = "/", Query = "" };
        b.Scheme = b.Scheme == Uri.UriSchemeHttps ? "wss" : "ws";
        return b.Uri;
    }

    /// <summary>Contracts per Massive page (the API's most is 250).</summary>
    public int MassivePageSize { get; set; } = 250;

    /// <summary>Most pages followed for one Massive chain; a chain with more is that symbol's error.</summary>
    public int MassiveMaxPages { get; set; } = 200;

    /// <summary>The key in use: <see cref="MassiveKey"/>, else the environment variable.</summary>
    public string? ResolvedMassiveKey => !string.IsNullOrWhiteSpace(MassiveKey) ? MassiveKey.Trim() : Environment.GetEnvironmentVariable(MassiveKeyVariable)?.Trim();

    /// <summary>What is wrong with these settings for the chosen source, in the terms of <c>dealerflow serve</c>'s options.</summary>
    public IEnumerable<string> Problems(SourceKind source)
    {
        if (source == SourceKind.Schwab && SchwabSymbols.Length == 0) yield return "--schwab needs at least one symbol (e.g. SPY,QQQ).";
        if (source == SourceKind.Massive && MassiveSymbols.Length == 0) yield return "--massive needs at least one symbol (e.g. SPY).";
        if (source == SourceKind.Massive && string.IsNullOrEmpty(ResolvedMassiveKey))
            yield return $"--massive needs an API key: --massive-key KEY or the environment variable {MassiveKeyVariable}.";
        foreach (var (option, url) in new[] { ("--schwab-url", SchwabUrl), ("--massive-url", MassiveUrl) })
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var u) || (u.Scheme != Uri.UriSchemeHttp && u.Scheme != Uri.UriSchemeHttps))
                yield return $"{option} '{url}' is not an absolute http(s) URL.";
        }
        if (!string.IsNullOrWhiteSpace(MassiveSocketUrl) && (!Uri.TryCreate(MassiveSocketUrl, UriKind.Absolute, out var ws) || (ws.Scheme != "ws" && ws.Scheme != "wss")))
            yield return $"the setting DealerFlow:Live:Feeds:MassiveSocketUrl '{MassiveSocketUrl}' is not an absolute ws(s) URL.";
        if (MassiveMaxQuotes is < 0 or > MassiveStreamer.QuoteLimit) yield return $"the setting DealerFlow:Live:Feeds:MassiveMaxQuotes must be between 0 and {MassiveStreamer.QuoteLimit} (Massive's limit per connection; got {MassiveMaxQuotes}).";
        if (SchwabMaxQuotes is < 0 or > 10_000) yield return $"the setting DealerFlow:Live:Feeds:SchwabMaxQuotes must be between 0 and 10000 (got {SchwabMaxQuotes}).";
        if (StreamReprice < TimeSpan.FromMilliseconds(100)) yield return $"the setting DealerFlow:Live:Feeds:StreamReprice must be at least 100 ms (got {StreamReprice}).";
        if (MassivePageSize is < 1 or > 250) yield return $"the setting DealerFlow:Live:Feeds:MassivePageSize must be between 1 and 250 (got {MassivePageSize}).";
        if (MassiveMaxPages is < 1 or > 10_000) yield return $"the setting DealerFlow:Live:Feeds:MassiveMaxPages must be between 1 and 10000 (got {MassiveMaxPages}).";
    }

    /// <summary>A base URL with its trailing slash, so relative paths append.</summary>
    public static Uri BaseUri(string url) => new(url.EndsWith('/') ? url : url + "/");
}
