using DealerFlow.Cli.Commands;

namespace DealerFlow.Cli.Tests;

public class ServeCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = Commands.Cli.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void Serve_TwoSources_ExitsWithUsageError()
    {
        var (code, _, err) = Run("serve", "--demo", "--replay", ".");
        Assert.Equal(Commands.Cli.BadUsage, code);
        Assert.Contains("Choose one source", err);
    }

    [Fact]
    public void Serve_MissingWatchFolder_FailsValidationAtStartWithExitCode2()
    {
        var (code, output, err) = Run("serve", "--watch", "/no/such/folder", "--urls", "http://127.0.0.1:0");
        Assert.Equal(Commands.Cli.BadUsage, code);
        Assert.Contains("/no/such/folder", err);
        Assert.DoesNotContain("dashboard:", output);
    }

    [Fact]
    public void Serve_BadPoll_ExitsWithUsageError()
    {
        var (code, _, err) = Run("serve", "--cboe", "_SPX", "--poll", "often");
        Assert.Equal(Commands.Cli.BadUsage, code);
        Assert.Contains("--poll 'often'", err);
    }

    [Theory]
    [InlineData("--poll", "1ms", "--poll must be at least 0.1 s (got 0.001 s).")]
    [InlineData("--speed", "-5", "--speed must be a positive number (got -5).")]
    [InlineData("--cboe-url", "ftp://x", "--cboe-url 'ftp://x' is not an absolute http(s) URL.")]
    public void Serve_BadSetting_SaysItInTheOptionsTermsWithoutFrameworkText(string option, string value, string expected)
    {
        var source = option == "--speed" ? new[] { "--replay", RepoPaths.TestData } : ["--cboe", "_SPX"];
        var (code, output, err) = Run(["serve", .. source, option, value, "--no-store", "--urls", "http://127.0.0.1:0"]);
        Assert.Equal(Commands.Cli.BadUsage, code);
        Assert.Equal("dealerflow: " + expected, err.Trim());
        Assert.DoesNotContain("DataAnnotation", err);
        Assert.DoesNotContain("PollInterval", err);
        Assert.DoesNotContain("dashboard:", output);
    }

    [Fact]
    public void Serve_PortInUse_ExitsWithUsageErrorNamingTheAddress()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            var (code, _, err) = Run("serve", "--urls", $"http://127.0.0.1:{port}", "--replay", RepoPaths.TestData, "--no-store");
            Assert.Equal(Commands.Cli.BadUsage, code);
            Assert.Contains($"Cannot listen on http://127.0.0.1:{port}", err);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task Serve_PortInUse_AsAProcess_PrintsOneLineAndNoStackTrace()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "dealerflow.dll"), "serve", "--urls", $"http://127.0.0.1:{port}", "--replay", RepoPaths.TestData, "--no-store" }) start.ArgumentList.Add(a);
            using var process = System.Diagnostics.Process.Start(start)!;
            var stdoutTask = process.StandardOutput.ReadToEndAsync();
            var stderr = await process.StandardError.ReadToEndAsync();
            var stdout = await stdoutTask;
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
            Assert.Equal(Commands.Cli.BadUsage, process.ExitCode);
            Assert.DoesNotContain("   at ", stdout + stderr);
            Assert.DoesNotContain("Hosting failed to start", stdout);
            Assert.Equal($"dealerflow: Cannot listen on http://127.0.0.1:{port}: Failed to bind to address http://127.0.0.1:{port}: address already in use. Choose another address with --urls.", stderr.Trim());
        }
        finally
        {
            listener.Stop();
        }
    }

    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://*:0")]
    [InlineData("http://192.0.2.10:0")]
    [InlineData("http://dealerflow.lan:0")]
    public void Serve_NonLoopbackWithoutPublic_IsRefusedInOneLine(string url)
    {
        var (code, output, err) = Run("serve", "--urls", url, "--replay", RepoPaths.TestData, "--no-store");
        Assert.Equal(Commands.Cli.BadUsage, code);
        Assert.Equal($"dealerflow: {url} listens beyond this machine; add --public (every request then needs the access token) or listen on http://127.0.0.1:PORT.", err.Trim());
        Assert.DoesNotContain("dashboard:", output);
    }

    [Fact]
    public void Serve_TokenWithoutPublic_IsAUsageError()
    {
        var (code, _, err) = Run("serve", "--token", "0123456789abcdef0123", "--no-store");
        Assert.Equal(Commands.Cli.BadUsage, code);
        Assert.Contains("--token is for a public server", err);
    }

    [Fact]
    public void Serve_PublicWithAShortToken_IsAUsageError()
    {
        var (code, _, err) = Run("serve", "--public", "--token", "short", "--urls", "http://0.0.0.0:0", "--no-store");
        Assert.Equal(Commands.Cli.BadUsage, code);
        Assert.Contains("at least 16 printable ASCII characters", err);
    }

    [Fact]
    public async Task Serve_PublicWithoutToken_PrintsAGeneratedTokenOnceAndRequiresIt()
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "dealerflow.dll"), "serve", "--public", "--urls", "http://0.0.0.0:0", "--replay", RepoPaths.TestData, "--no-store" }) start.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(start)!;
        try
        {
            var lines = new List<string>();
            while (await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2)) is { } line)
            {
                lines.Add(line);
                if (line.StartsWith("Open: ", StringComparison.Ordinal)) break;
            }
            var token = Assert.Single(lines, l => l.StartsWith("Access token (generated, shown once): ", StringComparison.Ordinal))["Access token (generated, shown once): ".Length..];
            Assert.Matches("^[A-Za-z0-9_-]{43}$", token);
            var open = lines[^1]["Open: ".Length..];
            Assert.EndsWith($"/?token={token}", open, StringComparison.Ordinal);
            var port = new Uri(open).Port;
            using var http = new HttpClient();
            using (var none = await http.GetAsync($"http://127.0.0.1:{port}/api/symbols"))
                Assert.Equal(System.Net.HttpStatusCode.Unauthorized, none.StatusCode);
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/api/symbols");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            using var ok = await http.SendAsync(request);
            Assert.Equal(System.Net.HttpStatusCode.OK, ok.StatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("15s", 15_000)]
    [InlineData("2m", 120_000)]
    [InlineData("00:00:30", 30_000)]
    public void ParseDuration_DocumentedForms(string text, double ms) =>
        Assert.Equal(TimeSpan.FromMilliseconds(ms), ServeCommand.ParseDuration(text, "--poll"));
}
