using DealerFlow.Cli.Commands;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DealerFlow.Cli.Tests;

/// <summary>
/// A host whose start fails after a background service started (as <c>serve</c> on a port in use: the store writer and
/// the feeds start before Kestrel binds). CI caught the race this closes: a second <c>serve --cluster</c> on a busy
/// port printed its one-line error and then the host's "BackgroundService failed ... TaskCanceledException" with a stack
/// trace, because disposing a host that was never stopped cancels the services while the host does not know it is stopping.
/// </summary>
public sealed class HostStartTests
{
    [Fact]
    public async Task FailedStart_StopsTheHost_SoACancelledBackgroundServiceIsNotLoggedAsAFailure()
    {
        var logged = new Captured();
        using (var host = FailingHost(logged))
        {
            var e = await Assert.ThrowsAsync<IOException>(() => HostStart.StartAsync(host, CancellationToken.None));
            Assert.Equal(FailsToStart.Message, e.Message);
        }
        Assert.DoesNotContain(logged.Lines, l => l.Contains("BackgroundService", StringComparison.Ordinal));
        Assert.DoesNotContain(logged.Lines, l => l.Contains(nameof(TaskCanceledException), StringComparison.Ordinal));
        // The checks above can fail: the same host started as before (Start, then Dispose) logs the cancelled service. In
        // the stopped host the check is not a race: the host knows it is stopping before it cancels the service.
        var before = new Captured();
        using (var host = FailingHost(before))
        {
            await Assert.ThrowsAsync<IOException>(() => host.StartAsync());
        }
        // The host logs it from the cancelled task's continuation, which may run after the disposal returns.
        await before.Failure.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>A host whose background service starts and whose next hosted service then fails to start; logs to <paramref name="logged"/>.</summary>
    private static IHost FailingHost(Captured logged)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logged);
        builder.Services.AddHostedService<WaitsForever>();
        builder.Services.AddHostedService<FailsToStart>();
        return builder.Build();
    }

    /// <summary>A background service that, like most, lets the cancellation of its wait end it.</summary>
    private sealed class WaitsForever : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Delay(Timeout.Infinite, stoppingToken);
    }

    private sealed class FailsToStart : IHostedService
    {
        public const string Message = "Failed to bind to address http://127.0.0.1:1: address already in use.";

        public Task StartAsync(CancellationToken cancellationToken) => throw new IOException(Message);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Every log line, written as it is logged (no queue), with its exception's type.</summary>
    private sealed class Captured : ILoggerProvider, ILogger
    {
        private readonly List<string> _lines = [];

        /// <summary>Set when the host logs a background service's failure.</summary>
        public TaskCompletionSource Failure { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines) return [.. _lines];
            }
        }

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = $"{logLevel}: {formatter(state, exception)} {exception?.GetType().Name}";
            lock (_lines) _lines.Add(line);
            if (line.Contains("BackgroundService failed", StringComparison.Ordinal)) Failure.TrySetResult();
        }

        public void Dispose()
        {
        }
    }
}
