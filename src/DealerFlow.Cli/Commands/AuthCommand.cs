using DealerFlow.Web.Live.Feeds;

namespace DealerFlow.Cli.Commands;

/// <summary>
/// <c>dealerflow auth schwab</c>: the Schwab OAuth login. Prints the authorize URL, takes the redirect URL the browser
/// lands on (pasted, or given with <c>--redirect-url</c>), exchanges its code at <c>POST /v1/oauth/token</c> and writes
/// the tokens to a user-only file (mode 0600) that <c>serve --schwab</c> reads and keeps refreshed.
/// </summary>
internal static class AuthCommand
{
    public const string KeyVariable = "DEALERFLOW_SCHWAB_KEY";
    public const string SecretVariable = "DEALERFLOW_SCHWAB_SECRET";

    public static Command Create(TextWriter stdout, TextWriter stderr, TextReader? stdin = null)
    {
        var key = new Option<string?>("--key") { Description = $"The app key (client id) from developer.schwab.com (default: the environment variable {KeyVariable})." };
        var secret = new Option<string?>("--secret") { Description = $"The app secret (default: the environment variable {SecretVariable}; prefer it, a command line is kept in the shell's history)." };
        var callback = new Option<string>("--callback") { Description = "The callback URL registered with the app, exactly as registered.", DefaultValueFactory = _ => "https://127.0.0.1" };
        var redirected = new Option<string?>("--redirect-url") { Description = "The address the browser landed on after the login (else it is asked for)." };
        var url = FeedFetch.SchwabUrlOption();
        var tokens = new Option<string>("--tokens") { Description = "The login file written (mode 0600).", DefaultValueFactory = _ => SchwabTokenFile.DefaultPath };
        var status = new Option<bool>("--status") { Description = "Show when the stored login's access and refresh tokens end; log in only if asked." };

        var schwab = new Command("schwab", "Log in to Schwab's Trader API (OAuth) and store the tokens for serve --schwab.");
        foreach (var o in new Option[] { key, secret, callback, redirected, url, tokens, status }) schwab.Options.Add(o);
        schwab.SetAction(r =>
        {
            var path = r.GetValue(tokens)!;
            if (r.GetValue(status))
            {
                SchwabTokens stored;
                try { stored = SchwabTokenFile.Load(path); }
                catch (InvalidOperationException e) { throw new UsageException(e.Message); }
                var now = DateTimeOffset.UtcNow;
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Schwab login in {path}: access token until {stored.AccessExpiresAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC, login (refresh token) until {stored.RefreshExpiresAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC."));
                if (stored.LoginNotice(now) is { } notice) stdout.WriteLine($"Note: {notice}.");
                return Cli.Ok;
            }
            var appKey = r.GetValue(key) ?? Environment.GetEnvironmentVariable(KeyVariable);
            var appSecret = r.GetValue(secret) ?? Environment.GetEnvironmentVariable(SecretVariable);
            if (string.IsNullOrWhiteSpace(appKey)) throw new UsageException($"auth schwab needs the app key: --key KEY or the environment variable {KeyVariable}.");
            if (string.IsNullOrWhiteSpace(appSecret)) throw new UsageException($"auth schwab needs the app secret: the environment variable {SecretVariable} (or --secret).");
            var baseText = r.GetValue(url) ?? SchwabOAuth.DefaultBaseUrl;
            if (!Uri.TryCreate(baseText, UriKind.Absolute, out var b) || b.Scheme is not ("http" or "https"))
                throw new UsageException($"--schwab-url '{baseText}' is not an absolute http(s) URL.");
            using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };
            var oauth = new SchwabOAuth(http, FeedOptions.BaseUri(baseText), TimeProvider.System);
            var redirectUri = r.GetValue(callback)!;
            stdout.WriteLine("Open this address in a browser, log in to Schwab and allow the app:");
            stdout.WriteLine(oauth.AuthorizeUrl(appKey.Trim(), redirectUri));
            var landed = r.GetValue(redirected);
            if (landed is null)
            {
                stdout.WriteLine($"Then paste the address the browser lands on ({redirectUri}/?code=...; the page itself may fail to load, the address is what counts):");
                stdout.Flush();
                landed = (stdin ?? Console.In).ReadLine();
                if (string.IsNullOrWhiteSpace(landed)) throw new UsageException("No redirect address was pasted; nothing was stored.");
            }
            try
            {
                var code = SchwabOAuth.CodeOf(landed);
                var login = oauth.ExchangeAsync(appKey.Trim(), appSecret.Trim(), code, redirectUri, CancellationToken.None).GetAwaiter().GetResult();
                SchwabTokenFile.Save(path, login);
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Schwab login stored in {path} (readable by this user only). Access token until {login.AccessExpiresAt.UtcDateTime:HH:mm} UTC (serve refreshes it); login until {login.RefreshExpiresAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC: run 'dealerflow auth schwab' again before then."));
                return Cli.Ok;
            }
            catch (SchwabAuthException e)
            {
                throw new UsageException(e.Message);
            }
            catch (HttpRequestException e)
            {
                throw new UsageException($"Cannot reach {baseText}: {e.Message}");
            }
            catch (TaskCanceledException)
            {
                throw new UsageException($"{baseText} did not answer the code exchange within 30 s.");
            }
        });
        var command = new Command("auth", "Log in to a data provider and store its tokens for serve.");
        command.Subcommands.Add(schwab);
        return command;
    }
}
