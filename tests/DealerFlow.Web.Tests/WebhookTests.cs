using System.Net;
using DealerFlow.Web.Live;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DealerFlow.Web.Tests;

/// <summary>Issue 11, finding 7: the alert webhook takes only http(s), never follows a redirect and has a timeout.</summary>
[Collection(WebHosts.Name)]
public sealed class WebhookTests
{
    private static ServiceProvider Services(string? webhook) =>
        new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DealerFlow:Live:Store"] = "false",
            ["DealerFlow:Live:AlertWebhook"] = webhook,
        }).Build()).AddDealerFlowLive().BuildServiceProvider();

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://192.0.2.1/hook")]
    [InlineData("gopher://localhost:70/")]
    [InlineData("/relative/hook")]
    public void Webhook_NotHttp_FailsAtStartWithTheReason(string url)
    {
        using var services = Services(url);
        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<LiveOptions>>().Value);
        Assert.Contains($"--webhook '{url}' is not an absolute http:// or https:// URL", e.Message);
    }

    [Fact]
    public async Task Webhook_Redirect_IsNotFollowed_AndTheClientHasATimeout()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration["urls"] = "http://127.0.0.1:0";
        await using var target = builder.Build();
        var internalHits = 0;
        target.MapPost("/hook", () => Results.Redirect("/internal/admin", permanent: false, preserveMethod: true));
        target.MapMethods("/internal/admin", ["GET", "POST"], () => { Interlocked.Increment(ref internalHits); return Results.Ok(); });
        await target.StartAsync();
        var url = target.Urls.First() + "/hook";

        using var services = Services(url);
        _ = services.GetRequiredService<IOptions<LiveOptions>>().Value; // valid: an http URL
        using var client = services.GetRequiredService<IHttpClientFactory>().CreateClient(AlertNotifier.HttpClientName);
        Assert.Equal(TimeSpan.FromSeconds(10), client.Timeout);
        using var response = await client.PostAsync(url, new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal("/internal/admin", response.Headers.Location!.OriginalString);
        Assert.Equal(0, internalHits);
    }
}
