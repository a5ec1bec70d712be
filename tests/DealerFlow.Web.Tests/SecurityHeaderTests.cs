using DealerFlow.Web.Security;

namespace DealerFlow.Web.Tests;

/// <summary>Issue 11, finding 7: every response (page, API, 404) carries the security headers.</summary>
public sealed class SecurityHeaderTests(ReplayFixture fixture) : IClassFixture<ReplayFixture>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/api/symbols")]
    [InlineData("/api/no-such-endpoint")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string path)
    {
        using var response = await fixture.Client.GetAsync(path);
        Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", string.Join(",", response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("no-referrer", string.Join(",", response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal(SecurityHeaders.Policy, string.Join(",", response.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public void Policy_AllowsTheDashboardsInlineScript_ByItsHash()
    {
        var html = File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "DealerFlow.Web", "Dashboard", "index.html"));
        var start = html.IndexOf("<script>", StringComparison.Ordinal) + "<script>".Length;
        var body = html[start..html.IndexOf("</script>", start, StringComparison.Ordinal)];
        var hash = "sha256-" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(body)));
        Assert.Equal(SecurityHeaders.InlineThemeScriptHash, hash);
    }
}
