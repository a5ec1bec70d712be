using Microsoft.Extensions.Hosting;

namespace DealerFlow.Cli.Commands;

/// <summary>Starting a host from a command (<c>serve</c>, <c>silo</c>), so that a start that fails ends in the command's one-line error.</summary>
internal static class HostStart
{
    /// <summary>How long the stop after a failed start may take.</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Starts <paramref name="host"/>; when the start throws (a port in use, a cluster not reachable), stops the host before
    /// the exception goes on to the caller, who disposes it. Without the stop, the disposal cancels the background services
    /// that did start while the host does not know it is stopping, and the host logs a cancelled one as "BackgroundService
    /// failed" with a stack trace (and, with StopHost, a critical line) after the command's own error.
    /// </summary>
    public static async Task StartAsync(IHost host, CancellationToken ct)
    {
        try
        {
            await host.StartAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            using var stop = new CancellationTokenSource(StopTimeout);
            try
            {
                await host.StopAsync(stop.Token).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // the start's exception is the one to report; a second one from stopping a half-started host adds nothing
            catch (Exception)
#pragma warning restore CA1031
            {
            }
            throw;
        }
    }
}
