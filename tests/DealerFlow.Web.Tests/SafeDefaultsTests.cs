using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.Json;
using DealerFlow.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace DealerFlow.Web.Tests;

/// <summary>The real server (Kestrel) replaying the SPX sample, with extra settings; the store is off.</summary>
public sealed class KestrelServer : IAsyncDisposable
{
    private readonly TempDir _dir;

    private KestrelServer(WebApplication app, string url, TempDir dir)
    {
        App = app;
        Url = url;
        _dir = dir;
    }

    public WebApplication App { get; }

    /// <summary>http://127.0.0.1:PORT, also when the server listens on 0.0.0.0.</summary>
    public string Url { get; }

    public static async Task<KestrelServer> StartAsync(params (string Key, string? Value)[] extra)
    {
        var dir = new TempDir();
        File.Copy(RepoPaths.SpxSample, dir.File("spx_quotedata_2024-01-05.csv"));
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["DealerFlow:Live:Store"] = "false",
            ["DealerFlow:Live:Source"] = "Replay",
            ["DealerFlow:Live:ReplayDirectory"] = dir.Path,
            ["DealerFlow:Live:ReplaySpeed"] = "1e12",
            ["DealerFlow:Live:SpotWalk"] = "false",
        };
        foreach (var (k, v) in extra) settings[k] = v;
        var app = DashboardApp.Create([], settings);
        await app.StartAsync();
        var symbols = app.Services.GetRequiredService<Live.SymbolTable>();
        await Wait.Until(() => Task.FromResult(symbols.TryResolve("SPX", out var spx) && spx.Info().Status == "ok"), ok => ok, "the SPX chain");
        var port = new Uri(app.Urls.First()).Port;
        return new KestrelServer(app, $"http://127.0.0.1:{port}", dir);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        _dir.Dispose();
    }
}

/// <summary>Issue 11, finding 7 and 5: safe defaults and bad requests, on the real server.</summary>
[Collection(WebHosts.Name)]
public sealed class SafeDefaultsTests
{
    private const string Token = "test-token-0123456789abcdef";

    private static HttpRequestMessage Get(string url, string? host = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (host is not null) request.Headers.Host = host;
        return request;
    }

    [Fact]
    public async Task Host_DnsRebindingName_Is400NamingTheAllowedHosts_LoopbackNamesAnswer()
    {
        await using var server = await KestrelServer.StartAsync();
        using var http = new HttpClient();
        var port = new Uri(server.Url).Port;
        using (var evil = await http.SendAsync(Get(server.Url + "/api/symbols", $"rebind.attacker.example:{port}")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, evil.StatusCode);
            Assert.Equal("application/problem+json", evil.Content.Headers.ContentType?.MediaType);
            var problem = await evil.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("Host not allowed", problem.GetProperty("title").GetString());
            Assert.Contains("localhost, 127.0.0.1, [::1]", problem.GetProperty("detail").GetString());
            Assert.Contains("DNS rebinding", problem.GetProperty("detail").GetString());
            Assert.Equal("nosniff", evil.Headers.GetValues("X-Content-Type-Options").Single());
        }
        foreach (var host in new[] { $"localhost:{port}", $"127.0.0.1:{port}", $"[::1]:{port}", "LOCALHOST" })
        {
            using var ok = await http.SendAsync(Get(server.Url + "/api/symbols", host));
            Assert.True(ok.StatusCode == HttpStatusCode.OK, $"{host}: {ok.StatusCode}");
        }
    }

    [Fact]
    public async Task Host_ConfiguredName_IsAnsweredBesideTheLoopbackNames()
    {
        await using var server = await KestrelServer.StartAsync(("DealerFlow:Security:AllowedHosts:0", "dealerflow.lan"));
        using var http = new HttpClient();
        using var named = await http.SendAsync(Get(server.Url + "/api/symbols", "dealerflow.lan"));
        Assert.Equal(HttpStatusCode.OK, named.StatusCode);
        using var loopback = await http.SendAsync(Get(server.Url + "/api/symbols", "localhost"));
        Assert.Equal(HttpStatusCode.OK, loopback.StatusCode);
        using var other = await http.SendAsync(Get(server.Url + "/api/symbols", "other.lan"));
        Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task Post_WithoutJsonContentType_Is415NamingApplicationJson(string? type)
    {
        await using var server = await KestrelServer.StartAsync();
        using var http = new HttpClient();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"paths":40}"""));
        if (type is not null) content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(type);
        using var response = await http.PostAsync(server.Url + "/api/SPX/simulate", content);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("application/json", problem.GetProperty("detail").GetString());
        Assert.Contains(type ?? "(none)", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Post_JsonWithCharset_IsAccepted()
    {
        await using var server = await KestrelServer.StartAsync();
        using var http = new HttpClient();
        using var content = new StringContent("""{"paths":0}""", Encoding.UTF8, "application/json");
        Assert.Equal("utf-8", content.Headers.ContentType!.CharSet);
        using var response = await http.PostAsync(server.Url + "/api/SPX/simulate", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode); // past the media type check, to the validation of paths
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("paths", out _));
    }

    [Fact]
    public async Task Bind_NonLoopbackWithoutPublic_FailsAtStartWithOneClearSentence()
    {
        var app = DashboardApp.Create([], new Dictionary<string, string?> { ["urls"] = "http://0.0.0.0:0", ["DealerFlow:Live:Store"] = "false", ["Logging:LogLevel:Default"] = "None" });
        await using (app)
        {
            var e = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
            Assert.Equal("http://0.0.0.0:0 listens beyond this machine; add --public (every request then needs the access token) or listen on http://127.0.0.1:PORT.", Assert.Single(e.Failures));
        }
        var noToken = DashboardApp.Create([], new Dictionary<string, string?> { ["urls"] = "http://0.0.0.0:0", ["DealerFlow:Security:Public"] = "true", ["DealerFlow:Live:Store"] = "false", ["Logging:LogLevel:Default"] = "None" });
        await using (noToken)
        {
            var e = await Assert.ThrowsAsync<OptionsValidationException>(() => noToken.StartAsync());
            Assert.Contains("needs an access token", Assert.Single(e.Failures));
        }
    }

    [Fact]
    public async Task Bind_HttpPortsSetting_BindsEveryInterface_SoItNeedsPublicToo()
    {
        // ASPNETCORE_HTTP_PORTS (set by the official container images) makes Kestrel listen on http://*:PORT; before
        // the fix the check saw no address at all and the server answered on every interface without a token.
        var app = DashboardApp.Create([], new Dictionary<string, string?> { ["http_ports"] = "0", ["DealerFlow:Live:Store"] = "false", ["Logging:LogLevel:Default"] = "None" });
        await using (app)
        {
            var e = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
            Assert.Equal("http://*:0 listens beyond this machine; add --public (every request then needs the access token) or listen on http://127.0.0.1:PORT.", Assert.Single(e.Failures));
        }
    }

    [Fact]
    public async Task Public_EveryRequestNeedsTheToken_ByBearerOrByTheCookieAPageLoadSets()
    {
        await using var server = await KestrelServer.StartAsync(("urls", "http://0.0.0.0:0"), ("DealerFlow:Security:Public", "true"), ("DealerFlow:Security:Token", Token));
        Assert.StartsWith("http://0.0.0.0:", server.App.Urls.First(), StringComparison.Ordinal);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        foreach (var path in new[] { "/", "/api/symbols", "/api/SPX/levels", "/openapi/v1.json" })
        {
            using var none = await http.GetAsync(server.Url + path);
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
            Assert.Equal("Bearer realm=\"DealerFlow\"", none.Headers.WwwAuthenticate.Single().ToString());
        }
        using (var wrong = await http.SendAsync(WithAuth(server.Url + "/api/symbols", "Bearer " + Token[..^1] + "x")))
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        using (var bearer = await http.SendAsync(WithAuth(server.Url + "/api/symbols", "Bearer " + Token)))
            Assert.Equal(HttpStatusCode.OK, bearer.StatusCode);
        // Any host name is answered on a public server that names none: the token is the guard.
        using (var named = await http.SendAsync(WithAuth(server.Url + "/api/symbols", "Bearer " + Token, host: "192.168.1.20")))
            Assert.Equal(HttpStatusCode.OK, named.StatusCode);

        // A page load with ?token= sets an HttpOnly, SameSite=Strict cookie and drops the token from the address.
        using var load = await http.GetAsync(server.Url + "/?symbol=SPX&token=" + Token);
        Assert.Equal(HttpStatusCode.Redirect, load.StatusCode);
        Assert.Equal("/?symbol=SPX", load.Headers.Location!.OriginalString);
        var cookie = load.Headers.GetValues("Set-Cookie").Single();
        Assert.StartsWith($"{AccessControl.CookieName}={Token}", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        using var withCookie = new HttpRequestMessage(HttpMethod.Get, server.Url + "/api/SPX/levels");
        withCookie.Headers.Add("Cookie", cookie.Split(';')[0]);
        using var levels = await http.SendAsync(withCookie);
        Assert.Equal(HttpStatusCode.OK, levels.StatusCode);
        using var badLoad = await http.GetAsync(server.Url + "/?token=nope");
        Assert.Equal(HttpStatusCode.Unauthorized, badLoad.StatusCode);
    }

    private static HttpRequestMessage WithAuth(string url, string authorization, string? host = null)
    {
        var r = Get(url, host);
        r.Headers.TryAddWithoutValidation("Authorization", authorization);
        return r;
    }

    [ChromiumFact]
    public async Task Public_DashboardInChromium_WorksThroughTheTokenCookie()
    {
        await using var server = await KestrelServer.StartAsync(("urls", "http://0.0.0.0:0"), ("DealerFlow:Security:Public", "true"), ("DealerFlow:Security:Token", Token));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumFactAttribute.Path, Headless = true, Args = ["--no-sandbox", "--disable-gpu"] });
        var page = await browser.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        var errors = new List<string>();
        page.PageError += (_, e) => { lock (errors) errors.Add(e); };
        await page.GotoAsync(server.Url + "/?token=" + Token);
        Assert.Equal(server.Url + "/", page.Url);
        // The levels table fills from the event stream and the charts from fetch: both went through the cookie.
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#levels tbody tr').length >= 8");
        Assert.Equal("live", await page.Locator("#conn").InnerTextAsync());
        lock (errors) Assert.Empty(errors);
    }

    [Fact]
    public async Task Simulate_StalledBody_Is408NotA500()
    {
        await using var server = await KestrelServer.StartAsync();
        var port = new Uri(server.Url).Port;
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, port);
        var stream = socket.GetStream();
        // Headers and a few bytes of a 100-byte body, then silence: Kestrel's minimum body data rate ends it after its 5 s grace period.
        var head = $"POST /api/SPX/simulate HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"paths\"";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var status = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal("HTTP/1.1 408 Request Timeout", status);
    }

    /// <summary>
    /// Every query parameter of every GET endpoint that is not text (numbers, dates), found from the real endpoints'
    /// handlers: a value that does not bind is a 400 problem naming it (it was a bare "Bad Request").
    /// </summary>
    [Fact]
    public async Task Get_EveryTypedQueryParameterThatDoesNotBind_Is400ProblemNamingIt()
    {
        await using var server = await KestrelServer.StartAsync();
        using var http = new HttpClient();
        using var based = new HttpClient { BaseAddress = new Uri(server.Url) };
        await Wait.Symbol(based, "SPX", s => s.GetProperty("status").GetString() == "ok", "the SPX chain");
        var cases = new List<(string Path, string Name)>();
        foreach (var e in server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains("GET") != true) continue;
            if (e.Metadata.GetMetadata<MethodInfo>() is not { } handler) continue;
            foreach (var p in handler.GetParameters().Where(p => p.GetCustomAttribute<AsParametersAttribute>() is not null))
            {
                foreach (var prop in p.ParameterType.GetProperties())
                {
                    var t = Nullable.GetUnderlyingType(prop.PropertyType) ?? prop.PropertyType;
                    if (t == typeof(string)) continue;
                    var name = prop.GetCustomAttribute<FromQueryAttribute>()?.Name ?? prop.Name;
                    cases.Add((e.RoutePattern.RawText!.Replace("{symbol}", "SPX", StringComparison.Ordinal), name));
                }
            }
        }
        Assert.Equal(["/api/{symbol}/exposure range", "/api/{symbol}/history from", "/api/{symbol}/history max", "/api/{symbol}/history to", "/api/{symbol}/scorecard from", "/api/{symbol}/scorecard to"],
            cases.Select(c => $"{c.Path.Replace("SPX", "{symbol}", StringComparison.Ordinal)} {c.Name}").Order(StringComparer.Ordinal));
        foreach (var (path, name) in cases)
        {
            foreach (var bad in new[] { "ten", "1e999x", "2024-13-45" })
            {
                using var response = await http.GetAsync($"{server.Url}{path}?{name}={Uri.EscapeDataString(bad)}");
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}?{name}={bad}: {(int)response.StatusCode} {body}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
                Assert.True(errors.TryGetProperty(name, out var messages), $"{path}?{name}={bad}: {body}");
                Assert.Matches($"^'{System.Text.RegularExpressions.Regex.Escape(bad)}' is not a (whole number|number \\(e.g. 0.1\\)|date and time in ISO 8601 \\(e.g. 2024-01-05T15:00:00Z\\)|date yyyy-MM-dd)\\.$", messages[0].GetString());
            }
        }
    }
}
