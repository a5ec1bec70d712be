using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DealerFlow.Web.Live.Feeds;

/// <summary>
/// A Schwab login: the app's key and secret and the OAuth tokens. The access token lasts 30 minutes, the refresh token
/// 7 days from the login (<c>dealerflow auth schwab</c>); refreshing the access token does not extend the refresh token.
/// This type is immutable and thread-safe.
/// </summary>
internal sealed record SchwabTokens(
    [property: JsonPropertyName("app_key")] string AppKey,
    [property: JsonPropertyName("app_secret")] string AppSecret,
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("access_expires_at")] DateTimeOffset AccessExpiresAt,
    [property: JsonPropertyName("refresh_token")] string RefreshToken,
    [property: JsonPropertyName("refresh_expires_at")] DateTimeOffset RefreshExpiresAt)
{
    /// <summary>How long a refresh token lasts from the login.</summary>
    public static readonly TimeSpan RefreshLifetime = TimeSpan.FromDays(7);

    /// <summary>How long before its end the refresh token's coming end is announced (log and page).</summary>
    public static readonly TimeSpan RefreshWarning = TimeSpan.FromDays(2);

    /// <summary>How long before its expiry the access token is refreshed.</summary>
    public static readonly TimeSpan AccessMargin = TimeSpan.FromMinutes(5);

    /// <summary>Every secret in this login, for redaction.</summary>
    public IEnumerable<string> Secrets => [AppSecret, AccessToken, RefreshToken, AppKey];

    /// <summary>
    /// The notice for the page and the log while the refresh token ends within <see cref="RefreshWarning"/> (or has
    /// ended); null before that.
    /// </summary>
    public string? LoginNotice(DateTimeOffset now)
    {
        var left = RefreshExpiresAt - now;
        if (left <= TimeSpan.Zero)
            return string.Create(CultureInfo.InvariantCulture, $"the Schwab login ended at {RefreshExpiresAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC: run 'dealerflow auth schwab' again");
        if (left > RefreshWarning) return null;
        var days = (int)left.TotalDays;
        var hours = left.Hours;
        return string.Create(CultureInfo.InvariantCulture,
            $"the Schwab login ends in {(days > 0 ? $"{days} d " : "")}{hours} h ({RefreshExpiresAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC): run 'dealerflow auth schwab' before then");
    }
}

/// <summary>Reads and writes the Schwab login file: JSON, readable and writable by the user only (mode 0600).</summary>
internal static class SchwabTokenFile
{
    /// <summary>The default file, beside the default snapshot store: <c>dealerflow-data/schwab-tokens.json</c>.</summary>
    public static readonly string DefaultPath = Path.Combine(Path.GetDirectoryName(Data.Store.SnapshotStore.DefaultPath)!, "schwab-tokens.json");

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The login in <paramref name="path"/>; an <see cref="InvalidOperationException"/> naming the file and the fix when it is missing or unreadable.</summary>
    public static SchwabTokens Load(string path)
    {
        if (!File.Exists(path))
            throw new InvalidOperationException($"No Schwab login at '{path}': run 'dealerflow auth schwab' first (or give the file with --schwab-tokens).");
        try
        {
            var tokens = JsonSerializer.Deserialize<SchwabTokens>(File.ReadAllBytes(path), Json);
            if (tokens is null || string.IsNullOrEmpty(tokens.AppKey) || string.IsNullOrEmpty(tokens.AppSecret) || string.IsNullOrEmpty(tokens.RefreshToken))
                throw new InvalidOperationException($"The Schwab login file '{path}' lacks the app key, secret or refresh token: run 'dealerflow auth schwab' again.");
            return tokens;
        }
        catch (JsonException)
        {
            // The parser's message may quote the file: it is not shown.
            throw new InvalidOperationException($"The Schwab login file '{path}' is not a login written by 'dealerflow auth schwab': run it again.");
        }
    }

    /// <summary>Writes the login to <paramref name="path"/> through a temporary file created with mode 0600, then renamed over the old one.</summary>
    public static void Save(string path, SchwabTokens tokens)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var f = new FileStream(temp, options))
        {
            JsonSerializer.Serialize(f, tokens, Json);
        }
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temp, full, overwrite: true);
    }
}

/// <summary>A refusal by Schwab's token endpoint; the message names the fix and never holds a secret.</summary>
internal sealed class SchwabAuthException(string message) : Exception(message);

/// <summary>
/// Schwab's OAuth endpoints: the authorize URL the user opens, and <c>POST /v1/oauth/token</c> (Basic <c>key:secret</c>)
/// for the code exchange and the access-token refresh.
/// </summary>
internal sealed class SchwabOAuth(HttpClient http, Uri baseUrl, TimeProvider time)
{
    /// <summary>The production base URL of the Trader API.</summary>
    public const string DefaultBaseUrl = "https://api.schwabapi.com/";

    /// <summary>The page the user logs in on: <c>{base}/v1/oauth/authorize?client_id=...&amp;redirect_uri=...</c>.</summary>
    public Uri AuthorizeUrl(string appKey, string redirectUri) =>
        new(baseUrl, $"v1/oauth/authorize?client_id={Uri.EscapeDataString(appKey)}&redirect_uri={Uri.EscapeDataString(redirectUri)}");

    /// <summary>The <c>code</c> of the redirect URL the browser landed on (Schwab's code ends in an escaped <c>@</c>).</summary>
    public static string CodeOf(string redirectedUrl)
    {
        if (!Uri.TryCreate(redirectedUrl.Trim(), UriKind.Absolute, out var u))
            throw new SchwabAuthException("The pasted text is not a URL: paste the whole address the browser shows after the login (https://127.0.0.1/?code=...).");
        foreach (var part in u.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            if (eq > 0 && part[..eq] == "code" && part.Length > eq + 1) return Uri.UnescapeDataString(part[(eq + 1)..]);
        }
        throw new SchwabAuthException("The pasted URL has no code parameter: paste the address the browser shows after the login and consent pages.");
    }

    /// <summary>Exchanges the authorization code for the first tokens (the login's 7 days start now).</summary>
    public async Task<SchwabTokens> ExchangeAsync(string appKey, string appSecret, string code, string redirectUri, CancellationToken ct)
    {
        var (access, refresh, expiresIn) = await PostAsync(appKey, appSecret,
            [new("grant_type", "authorization_code"), new("code", code), new("redirect_uri", redirectUri)], "the code exchange", ct).ConfigureAwait(false);
        var now = time.GetUtcNow();
        return new SchwabTokens(appKey, appSecret, access, now + expiresIn, refresh ?? throw new SchwabAuthException("Schwab's token answer has no refresh_token."),
            now + SchwabTokens.RefreshLifetime);
    }

    /// <summary>A new access token from the refresh token; the refresh token's end stays that of the login.</summary>
    public async Task<SchwabTokens> RefreshAsync(SchwabTokens tokens, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.RefreshExpiresAt <= time.GetUtcNow()) throw new SchwabAuthException(tokens.LoginNotice(time.GetUtcNow())!);
        var (access, refresh, expiresIn) = await PostAsync(tokens.AppKey, tokens.AppSecret,
            [new("grant_type", "refresh_token"), new("refresh_token", tokens.RefreshToken)], "the access-token refresh", ct).ConfigureAwait(false);
        return tokens with { AccessToken = access, AccessExpiresAt = time.GetUtcNow() + expiresIn, RefreshToken = refresh ?? tokens.RefreshToken };
    }

    private async Task<(string Access, string? Refresh, TimeSpan ExpiresIn)> PostAsync(
        string key, string secret, KeyValuePair<string, string>[] form, string what, CancellationToken ct)
    {
        var url = new Uri(baseUrl, "v1/oauth/token");
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{key}:{secret}")));
        using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var fix = response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized
                ? "the app key/secret, the code or the refresh token was refused: run 'dealerflow auth schwab' again (a code is good for 30 s, a login for 7 days)"
                : "try again later";
            throw new SchwabAuthException($"Schwab refused {what}: HTTP {(int)response.StatusCode} {response.StatusCode} from {url}; {fix}.");
        }
        var body = await PollingCore.ReadCappedAsync(response.Content, 1024 * 1024, ct).ConfigureAwait(false)
            ?? throw new SchwabAuthException($"Schwab's answer to {what} is over 1 MiB; not read.");
        using var _ = body;
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            var access = root.TryGetProperty("access_token", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString()! : null;
            var refresh = root.TryGetProperty("refresh_token", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            var expires = root.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) && seconds > 0 ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromMinutes(30);
            if (string.IsNullOrEmpty(access)) throw new SchwabAuthException($"Schwab's answer to {what} has no access_token.");
            return (access, refresh, expires);
        }
        catch (JsonException)
        {
            throw new SchwabAuthException($"Schwab's answer to {what} is not JSON.");
        }
    }
}

/// <summary>
/// The login a running server uses: hands out a valid access token, refreshing it <see cref="SchwabTokens.AccessMargin"/>
/// before its 30-minute expiry (or at once after a 401), and writes every refreshed login back to its file.
/// Thread-safe: concurrent symbols share one refresh.
/// </summary>
internal sealed class SchwabSession(SchwabOAuth oauth, string path, TimeProvider time)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private SchwabTokens? _tokens;

    /// <summary>The login as last loaded or refreshed (loaded from the file on first use).</summary>
    public SchwabTokens Tokens => _tokens ??= SchwabTokenFile.Load(path);

    /// <summary>Every secret of the login, for redaction (empty before it is loaded).</summary>
    public IEnumerable<string> Secrets => _tokens?.Secrets ?? [];

    /// <summary>A valid access token; <paramref name="rejected"/> is the token a server just refused (refresh even if not yet due).</summary>
    public async Task<string> AccessTokenAsync(string? rejected, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var t = Tokens;
            var due = t.AccessExpiresAt - SchwabTokens.AccessMargin <= time.GetUtcNow() || (rejected is not null && rejected == t.AccessToken);
            if (!due) return t.AccessToken;
            var fresh = await oauth.RefreshAsync(t, ct).ConfigureAwait(false);
            SchwabTokenFile.Save(path, fresh);
            _tokens = fresh;
            return fresh.AccessToken;
        }
        finally
        {
            _gate.Release();
        }
    }
}
