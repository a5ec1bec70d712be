using System.Diagnostics;
using System.Globalization;
using DealerFlow.Web;
using DealerFlow.Web.Live;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace DealerFlow.Cli.Bench;

/// <summary>
/// The server the live benchmarks (<c>--push</c>, <c>--tick</c>) measure: the demo source on 127.0.0.1 at a port of
/// their own, nothing stored, only errors logged, started and with its bundled SPX chain loaded.
/// </summary>
internal static class DemoServer
{
    /// <summary>Longest wait for the demo SPX chain to be read and priced after the start.</summary>
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Starts the demo server with <paramref name="live"/> added to its <c>DealerFlow:Live</c> settings (for example
    /// "TickInterval") and waits until SPX is served; the caller disposes the app.
    /// </summary>
    public static async Task<(WebApplication App, SymbolState Spx)> StartAsync(int port, IReadOnlyDictionary<string, string> live)
    {
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["Logging:LogLevel:Default"] = "Error",
            ["DealerFlow:Live:Source"] = "Demo",
            ["DealerFlow:Live:Store"] = "false",
        };
        foreach (var (key, value) in live) settings["DealerFlow:Live:" + key] = value;
        var app = DashboardApp.Create([], settings);
        try
        {
            await app.StartAsync().ConfigureAwait(false);
            var symbols = app.Services.GetRequiredService<SymbolTable>();
            var ready = Stopwatch.StartNew();
            SymbolState? spx;
            while (!(symbols.TryResolve("SPX", out spx) && spx.Info().Status == "ok"))
            {
                if (ready.Elapsed > LoadTimeout) throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The demo SPX chain did not load within {LoadTimeout.TotalSeconds:0} s."));
                await Task.Delay(50).ConfigureAwait(false);
            }
            return (app, spx);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
