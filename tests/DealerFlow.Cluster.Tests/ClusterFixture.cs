using System.Collections.Concurrent;
using DealerFlow.Cluster.Grains;
using DealerFlow.Cluster.Hosting;
using DealerFlow.Core.Chain;
using DealerFlow.Data.Readers;
using DealerFlow.Data.Tests.Store;
using Orleans.TestingHost;

namespace DealerFlow.Cluster.Tests;

/// <summary>
/// One in-process 2-silo cluster for every test in the collection. With DEALERFLOW_TEST_PG set, the grains' store is a
/// throw-away PostgreSQL database (dropped at the end); without it the grains keep their state in memory only.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    internal const string StoreKey = "DealerFlow:ClusterStore";

    internal TestCluster Cluster { get; private set; } = null!;

    internal TempPostgresDatabase? Database { get; }

    public ClusterFixture()
    {
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PostgresFactAttribute.Variable))) Database = new TempPostgresDatabase();
    }

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(2);
        builder.Properties[StoreKey] = Database?.ConnectionString ?? "";
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        Database?.Dispose();
    }

    internal IUnderlyingGrain Grain(string symbol) => Cluster.GrainFactory.GetGrain<IUnderlyingGrain>(symbol);

    /// <summary>A real chain from tests/data, read as a source reads it.</summary>
    internal static ChainSnapshot Read(string path) => ChainReader.Read(path).Snapshot;

    /// <summary>The same contracts under another underlying's name, so each test owns its grain.</summary>
    internal static ChainSnapshot Renamed(ChainSnapshot c, string underlying)
    {
        var b = new ChainBuilder(c.Count);
        for (var i = 0; i < c.Count; i++)
        {
            b.Add(new OptionQuote(c.Root(i), c.Expiry[i], c.Type[i], c.Strike[i], c.Bid[i], c.Ask[i], c.Last[i], c.Volume[i], c.OpenInterest[i], c.VendorIv[i], c.VendorDelta[i], c.VendorGamma[i], c.SourceLine[i])
            {
                Multiplier = c.Multiplier[i],
                Settlement = c.Settlement[i],
            });
        }
        return b.Build(underlying, c.Spot, c.Instant, c.Source);
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var store = siloBuilder.Configuration[StoreKey];
            siloBuilder.Services.AddDealerFlowGrains(string.IsNullOrEmpty(store) ? null : store);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}

/// <summary>A front end's observer in a test: keeps every update and lets a test wait for one that matches.</summary>
internal sealed class RecordingObserver : IMarketObserver
{
    private readonly ConcurrentQueue<UnderlyingUpdate> _updates = new();
    private readonly List<(Func<UnderlyingUpdate, bool> Match, TaskCompletionSource<UnderlyingUpdate> Done)> _waits = [];

    public Task OnUpdate(UnderlyingUpdate update)
    {
        _updates.Enqueue(update);
        lock (_waits)
        {
            foreach (var w in _waits.Where(w => w.Match(update)).ToList())
            {
                w.Done.TrySetResult(update);
                _waits.Remove(w);
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>The first update (already received or still to come) that matches; fails after <paramref name="timeout"/>.</summary>
    public Task<UnderlyingUpdate> Next(Func<UnderlyingUpdate, bool> match, TimeSpan timeout)
    {
        var done = new TaskCompletionSource<UnderlyingUpdate>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waits)
        {
            if (_updates.FirstOrDefault(match) is { } seen) return Task.FromResult(seen);
            _waits.Add((match, done));
        }
        return done.Task.WaitAsync(timeout);
    }
}
