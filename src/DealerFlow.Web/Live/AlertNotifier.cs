using System.Net.Http.Json;

namespace DealerFlow.Web.Live;

/// <summary>
/// Writes every alert to the server log and, when configured, POSTs it as JSON to the webhook URL: http(s) only
/// (checked at start), never following a redirect, within <see cref="Timeout"/>.
/// </summary>
internal sealed class AlertNotifier(IOptions<LiveOptions> options, IHttpClientFactory http, ILogger<AlertNotifier> log)
{
    public const string HttpClientName = "alerts";

    /// <summary>A webhook that has not answered within this is given up (the alert stays in the log and on the page).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public void Raise(AlertEvent alert)
    {
        log.LogWarning("ALERT {Message}", alert.Message);
        if (options.Value.AlertWebhook is not { Length: > 0 } url) return;
        _ = PostAsync(url, alert);
    }

    private async Task PostAsync(string url, AlertEvent alert)
    {
        try
        {
            using var client = http.CreateClient(HttpClientName);
            using var response = await client.PostAsJsonAsync(url, alert, WebJson.Options).ConfigureAwait(false);
            if ((int)response.StatusCode is >= 300 and < 400) log.LogWarning("Alert webhook {Url} answered {Status}, a redirect; redirects are not followed, give the final address", url, (int)response.StatusCode);
            else if (!response.IsSuccessStatusCode) log.LogWarning("Alert webhook {Url} answered {Status}", url, (int)response.StatusCode);
        }
        catch (Exception e)
        {
            // Fire-and-forget: every failure is logged here, none becomes an unobserved task exception.
            log.LogWarning("Alert webhook {Url} failed: {Message}", url, e.Message);
        }
    }
}
