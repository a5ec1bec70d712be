using System.Net;
using DealerFlow.Cluster.Grains;
using DealerFlow.Data.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Configuration;

namespace DealerFlow.Cluster.Hosting;

/// <summary>
/// Which cluster a process joins: the PostgreSQL database that holds the membership table and the snapshot store, and
/// the cluster and service ids (processes with the same ids on the same database form one cluster).
/// </summary>
/// <param name="Connection">A Npgsql connection string or postgres:// URL (<see cref="PostgresSnapshotStore.ConnectionString"/>).</param>
/// <param name="ClusterId">Orleans' cluster id: the processes that form one cluster.</param>
/// <param name="ServiceId">Orleans' service id: stays the same across deployments of the cluster.</param>
internal sealed record ClusterSettings(string Connection, string ClusterId = ClusterSettings.DefaultClusterId, string ServiceId = ClusterSettings.DefaultServiceId)
{
    public const string DefaultClusterId = "dealerflow";
    public const string DefaultServiceId = "dealerflow";

    /// <summary>The connection as Npgsql's keyword string (Orleans' ADO.NET provider takes no URL).</summary>
    public string NpgsqlConnectionString => PostgresSnapshotStore.ConnectionString(Connection).ConnectionString;
}

/// <summary>Where a silo listens: silo-to-silo port and the gateway port clients connect to, on one address (loopback by default).</summary>
internal sealed record SiloEndpoint(IPAddress Address, int SiloPort = SiloEndpoint.DefaultSiloPort, int GatewayPort = SiloEndpoint.DefaultGatewayPort)
{
    public const int DefaultSiloPort = 11111;
    public const int DefaultGatewayPort = 30000;
}

/// <summary>Orleans configuration for DealerFlow's silos and front ends, in one place for the CLI and the tests.</summary>
internal static class ClusterHosting
{
    /// <summary>The ADO.NET provider's invariant name for PostgreSQL.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>A silo: ADO.NET clustering on the cluster's PostgreSQL, the endpoint, and the grains' services with the snapshot store on the same database.</summary>
    public static ISiloBuilder UseDealerFlowSilo(this ISiloBuilder silo, ClusterSettings settings, SiloEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(endpoint);
        var connection = settings.NpgsqlConnectionString;
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connection;
        });
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = settings.ClusterId;
            o.ServiceId = settings.ServiceId;
        });
        silo.ConfigureEndpoints(endpoint.Address, endpoint.SiloPort, endpoint.GatewayPort, listenOnAnyHostAddress: false);
        silo.Services.AddDealerFlowGrains(connection);
        return silo;
    }

    /// <summary>
    /// What the grains need: the cluster store (PostgreSQL at <paramref name="storeConnection"/>, opened and migrated on
    /// first use; null = no store, state in memory only) and a clock.
    /// </summary>
    public static IServiceCollection AddDealerFlowGrains(this IServiceCollection services, string? storeConnection)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => new ClusterStore(storeConnection is null ? null : PostgresSnapshotStore.Open(storeConnection)));
        return services;
    }

    /// <summary>A front end's client: the gateways are found in the cluster's membership table.</summary>
    public static IClientBuilder UseDealerFlowClient(this IClientBuilder client, ClusterSettings settings)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(settings);
        var connection = settings.NpgsqlConnectionString;
        client.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connection;
        });
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = settings.ClusterId;
            o.ServiceId = settings.ServiceId;
        });
        return client;
    }
}
