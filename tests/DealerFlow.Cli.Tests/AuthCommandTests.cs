using System.Text;
using System.Text.Json;
using DealerFlow.Web.Live.Feeds;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DealerFlow.Cli.Tests;

/// <summary>
/// <c>dealerflow auth schwab</c> and <c>ingest --from-feed</c> against a local Schwab token and chain endpoint (real
/// Kestrel): the authorize URL printed, the pasted redirect's code exchanged with Basic key:secret, the login stored
/// with mode 0600, no secret printed; one snapshot of the recorded chain stored once.
/// </summary>
public sealed class AuthCommandTests : IAsyncLifetime
{
    private const string Key = "cli-app-key-1234567890";
    private const string Secret = "cli-app-secret-QWERTYUIOP";
    private const string Code = "C0.cli-code@";
    private const string Access = "cli-access-token-ASDFGHJKL";
    private const string Refresh = "cli-refresh-token-ZXCVBNM";

    private WebApplication? _app;
    private string _url = "";
    private readonly string _dir = Directory.CreateTempSubdirectory("dealerflow-auth-").FullName;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration["urls"] = "http://127.0.0.1:0";
        _app = builder.Build();
        _app.MapPost("/v1/oauth/token", async (HttpContext c) =>
        {
            var form = await c.Request.ReadFormAsync();
            var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Key}:{Secret}"));
            if (c.Request.Headers.Authorization != basic || form["grant_type"] != "authorization_code" || form["code"] != Code || form["redirect_uri"] != "https://127.0.0.1")
                return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
            return Results.Json(new { access_token = Access, refresh_token = Refresh, expires_in = 1800, token_type = "Bearer" });
        });
        var chain = await File.ReadAllBytesAsync(RepoPaths.Data("spy_chain_2020-01-29_tdameritrade.json"));
        _app.MapGet("/marketdata/v1/chains", (HttpContext c) => c.Request.Headers.Authorization == "Bearer " + Access && c.Request.Query["symbol"] == "SPY"
            ? Results.Bytes(chain, "application/json")
            : Results.StatusCode(401));
        await _app.StartAsync();
        _url = _app.Urls.First();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = Commands.Cli.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void AuthSchwab_PastedRedirect_StoresTheLoginUserOnlyAndPrintsNoSecret()
    {
        var file = Path.Combine(_dir, "data", "schwab-tokens.json");
        var before = DateTimeOffset.UtcNow;
        var (code, output, err) = Run("auth", "schwab", "--key", Key, "--secret", Secret, "--schwab-url", _url, "--tokens", file,
            "--redirect-url", "https://127.0.0.1/?code=C0.cli-code%40&session=abc");
        Assert.True(code == 0, err);
        Assert.Contains($"{_url}/v1/oauth/authorize?client_id={Key}&redirect_uri=https%3A%2F%2F127.0.0.1", output);
        Assert.Contains($"Schwab login stored in {file} (readable by this user only).", output);
        foreach (var secret in new[] { Secret, Access, Refresh }) Assert.DoesNotContain(secret, output + err);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        var stored = SchwabTokenFile.Load(file);
        Assert.Equal((Key, Secret, Access, Refresh), (stored.AppKey, stored.AppSecret, stored.AccessToken, stored.RefreshToken));
        Assert.InRange(stored.AccessExpiresAt - before, TimeSpan.FromMinutes(29.9), TimeSpan.FromMinutes(31));
        Assert.InRange(stored.RefreshExpiresAt - before, TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        using var doc = JsonDocument.Parse(File.ReadAllText(file));
        Assert.Equal(Access, doc.RootElement.GetProperty("access_token").GetString());

        var (statusCode, status, _) = Run("auth", "schwab", "--status", "--tokens", file);
        Assert.Equal(0, statusCode);
        Assert.StartsWith($"Schwab login in {file}: access token until ", status);
        Assert.DoesNotContain("Note:", status);
    }

    [Fact]
    public void AuthSchwab_RefusedCode_IsAUsageErrorAndStoresNothing()
    {
        var file = Path.Combine(_dir, "refused.json");
        var (code, _, err) = Run("auth", "schwab", "--key", Key, "--secret", Secret, "--schwab-url", _url, "--tokens", file,
            "--redirect-url", "https://127.0.0.1/?code=stale");
        Assert.Equal(Commands.Cli.BadUsage, code);
        Assert.Contains("Schwab refused the code exchange: HTTP 400 BadRequest from ", err);
        Assert.DoesNotContain(Secret, err);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public void AuthSchwab_RedirectWithoutCode_SaysWhatToPaste()
    {
        var (code, _, err) = Run("auth", "schwab", "--key", Key, "--secret", Secret, "--schwab-url", _url, "--tokens", Path.Combine(_dir, "x.json"),
            "--redirect-url", "https://127.0.0.1/?error=access_denied");
        Assert.Equal(Commands.Cli.BadUsage, code);
        Assert.Equal("dealerflow: The pasted URL has no code parameter: paste the address the browser shows after the login and consent pages.\n", err.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void IngestFromFeed_Schwab_StoresOneSnapshotOnceWithTheLevelsOfTheRecordedChain()
    {
        var tokens = Path.Combine(_dir, "login.json");
        var now = DateTimeOffset.UtcNow;
        SchwabTokenFile.Save(tokens, new SchwabTokens(Key, Secret, Access, now.AddMinutes(29), Refresh, now.AddDays(6)));
        var db = Path.Combine(_dir, "feed.db");
        string[] args = ["ingest", "--from-feed", "schwab:SPY", "--schwab-url", _url, "--schwab-tokens", tokens, "--db", db];
        var (code, output, err) = Run(args);
        Assert.True(code == 0, err);
        Assert.Contains("[1/1] stored          schwab SPY: SPY 2020-01-29 16:15 -05:00, spot 326.22, zero gamma 329.22, 141 strikes, 242 contracts (dealerflow, classic, usd-per-1pct), id 1", output);
        Assert.Contains("1 chain(s): 1 stored, 0 already stored, 0 failed", output);
        var (again, second, _) = Run(args);
        Assert.Equal(0, again);
        Assert.Contains("[1/1] already stored  schwab SPY: SPY 2020-01-29 16:15 -05:00 (dealerflow, classic, same content and settings) is id 1; not recomputed", second);
    }

    [Fact]
    public void IngestFromFeed_BadSpec_IsAUsageError()
    {
        var (code, _, err) = Run("ingest", "--from-feed", "cboe:SPX");
        Assert.Equal(Commands.Cli.BadUsage, code);
        Assert.Contains("--from-feed 'cboe:SPX' is not FEED:SYMBOLS with FEED schwab or massive", err);
    }

    [Fact]
    public void Serve_MassiveWithoutKey_NamesBothWaysToGiveOne()
    {
        Environment.SetEnvironmentVariable(FeedOptions.MassiveKeyVariable, null);
        var (code, output, err) = Run("serve", "--massive", "SPY", "--urls", "http://127.0.0.1:0", "--no-store");
        Assert.Equal(Commands.Cli.BadUsage, code);
        Assert.Contains("--massive needs an API key: --massive-key KEY or the environment variable DEALERFLOW_MASSIVE_KEY.", err);
        Assert.DoesNotContain("dashboard:", output);
    }

    [Fact]
    public void Serve_SchwabAndMassive_ChooseOne()
    {
        var (code, _, err) = Run("serve", "--schwab", "SPY", "--massive", "SPY");
        Assert.Equal(Commands.Cli.BadUsage, code);
        Assert.Contains("--schwab SYMBOLS or --massive SYMBOLS", err);
    }
}
