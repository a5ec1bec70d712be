using System.Net.Http.Json;
using System.Text.Json;
using DealerFlow.Web;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace DealerFlow.Web.Tests;

/// <summary>
/// The web app in memory (WebApplicationFactory) with the given DealerFlow:Live settings. The snapshot store is off
/// unless the settings turn it on (always with a Db in a temporary folder: a test never writes the default store).
/// </summary>
public class DashboardFactory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.ConfigureAppConfiguration((_, c) => c.AddInMemoryCollection(StoreOff).AddInMemoryCollection(settings));

    /// <summary>The store disabled: history is the session's only.</summary>
    public static readonly IReadOnlyDictionary<string, string?> StoreOff = new Dictionary<string, string?> { ["DealerFlow:Live:Store"] = "false" };

    public static Dictionary<string, string?> Live(params (string Key, string? Value)[] values) =>
        values.ToDictionary(v => "DealerFlow:Live:" + v.Key, v => v.Value);
}

/// <summary>A temporary folder removed after the test.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("dealerflow-web-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}

internal static class Wait
{
    public static readonly JsonSerializerOptions Json = WebJson.Options;

    /// <summary>Polls until <paramref name="condition"/> holds; fails with the last observed value after the timeout.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> condition, string what, int timeoutMs = 30_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        T last = default!;
        while (DateTime.UtcNow < deadline)
        {
            last = await probe();
            if (condition(last)) return last;
            await Task.Delay(100);
        }
        Assert.Fail($"Timed out waiting for {what}; last seen: {JsonSerializer.Serialize(last, Json)}");
        return last;
    }

    public static Task<JsonElement> Symbol(HttpClient client, string symbol, Func<JsonElement, bool> condition, string what, int timeoutMs = 30_000) =>
        Until(async () =>
        {
            var list = await client.GetFromJsonAsync<JsonElement>("/api/symbols");
            return list.EnumerateArray().FirstOrDefault(s => s.GetProperty("symbol").GetString() == symbol);
        }, s => s.ValueKind == JsonValueKind.Object && condition(s), what, timeoutMs);
}

/// <summary>
/// Every test that builds a host runs in this collection, one after another: WebApplicationFactory finds the app's
/// host through a process-wide diagnostic listener while Program.Main runs, and would catch any other host (the CBOE
/// stub, the browser test's server) built at the same moment.
/// </summary>
[CollectionDefinition(Name)]
public sealed class WebHosts
{
    public const string Name = "web hosts";
}
