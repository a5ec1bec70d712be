using DealerFlow.Web.Live;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DealerFlow.Web.Tests;

/// <summary>The live services of the real DI registration (<c>AddDealerFlowLive</c>) without a web host: the sink, the views and the symbol table.</summary>
internal sealed class LiveServices : IAsyncDisposable, IDisposable
{
    private LiveServices(ServiceProvider services) => Services = services;

    public ServiceProvider Services { get; }
    public LiveBook Book => Services.GetRequiredService<LiveBook>();
    public LiveViews Views => Services.GetRequiredService<LiveViews>();
    public SymbolTable Symbols => Services.GetRequiredService<SymbolTable>();

    /// <summary>The served symbol <paramref name="symbol"/> names in any spelling; fails the test when it is not served.</summary>
    public SymbolState this[string symbol] => Symbols.TryResolve(symbol, out var s) ? s : throw new Xunit.Sdk.XunitException($"'{symbol}' is not served.");

    /// <summary>With the store off, and <paramref name="settings"/> (configuration keys) on top.</summary>
    public static LiveServices Create(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(DashboardFactory.StoreOff).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        return new LiveServices(new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(config).AddDealerFlowLive().BuildServiceProvider());
    }

    public ValueTask DisposeAsync() => Services.DisposeAsync();

    public void Dispose() => Services.Dispose();
}
