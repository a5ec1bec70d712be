using System.Net;
using System.Net.Sockets;
using DealerFlow.Cluster.Membership;
using DealerFlow.Data.Tests.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime;

namespace DealerFlow.Cluster.Tests.Membership;

/// <summary>The membership schema on a real PostgreSQL server, and real Orleans silos clustering through it.</summary>
public sealed class ClusterSchemaTests
{
    private static readonly string[] NamedQueries =
    [
        "CleanupDefunctSiloEntriesKey", "DeleteMembershipTableEntriesKey", "GatewaysQueryKey", "InsertMembershipKey",
        "InsertMembershipVersionKey", "MembershipReadAllKey", "MembershipReadRowKey", "UpdateIAmAlivetimeKey", "UpdateMembershipKey",
    ];

    [PostgresFact]
    public async Task Ensure_TwiceAndConcurrently_LeavesOneCompleteSchema()
    {
        using var db = new TempPostgresDatabase();
        await ClusterSchema.EnsureAsync(db.ConnectionString);
        await ClusterSchema.EnsureAsync(db.ConnectionString);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ClusterSchema.EnsureAsync(db.ConnectionString)));

        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        var keys = new List<string>();
        await using (var cmd = new NpgsqlCommand("SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey", connection))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) keys.Add(reader.GetString(0));
        }
        Assert.Equal(NamedQueries, keys);
        Assert.Equal(ClusterSchema.Version, db.Scalar<int>("SELECT version FROM dealerflow_cluster_schema"));
        Assert.Equal(1L, db.Scalar<long>("SELECT count(*) FROM dealerflow_cluster_schema"));
    }

    [PostgresFact]
    public async Task InsertMembership_WithAStaleVersion_WritesNothing()
    {
        using var db = new TempPostgresDatabase();
        await ClusterSchema.EnsureAsync(db.ConnectionString);
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        Assert.Equal(1, await Named(connection, "InsertMembershipVersionKey", ("DeploymentId", (object)"c1")));
        Assert.Equal(0, await Named(connection, "InsertMembershipVersionKey", ("DeploymentId", (object)"c1")));

        var now = DateTime.UtcNow;
        (string, object)[] Row(int generation, int version) =>
        [
            ("DeploymentId", "c1"), ("Address", "127.0.0.1"), ("Port", 11111), ("Generation", generation), ("SiloName", "a"),
            ("HostName", "h"), ("Status", 3), ("ProxyPort", 30000), ("StartTime", now), ("IAmAliveTime", now), ("Version", version),
        ];
        Assert.Equal(1, await Named(connection, "InsertMembershipKey", Row(1, 0)));
        Assert.Equal(0, await Named(connection, "InsertMembershipKey", Row(2, 0)));   // version 0 is stale: it is 1 now
        Assert.Equal(0, await Named(connection, "InsertMembershipKey", Row(1, 1)));   // the same silo row twice
        Assert.Equal(1L, db.Scalar<long>("SELECT count(*) FROM OrleansMembershipTable"));
        Assert.Equal(1, db.Scalar<int>("SELECT Version FROM OrleansMembershipVersionTable"));
    }

    [PostgresFact]
    public async Task TwoSilos_FormOneCluster_AndAStoppedSiloIsMarkedDead()
    {
        using var db = new TempPostgresDatabase();
        await ClusterSchema.EnsureAsync(db.ConnectionString);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var first = Silo(db.ConnectionString, "first");
        var second = Silo(db.ConnectionString, "second");
        try
        {
            await Task.WhenAll(first.StartAsync(timeout.Token), second.StartAsync(timeout.Token));
            var management = first.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
            var hosts = await management.GetHosts(onlyActive: true);
            Assert.Equal(2, hosts.Count);
            Assert.Equal(2L, db.Scalar<long>("SELECT count(*) FROM OrleansMembershipTable WHERE Status = 3"));

            // A client finds the gateways through GatewaysQueryKey and reaches the cluster.
            using var client = Client(db.ConnectionString);
            await client.StartAsync(timeout.Token);
            var seen = await client.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            Assert.Equal(2, seen.Count);
            await client.StopAsync(timeout.Token);

            await second.StopAsync(timeout.Token);
            Assert.Equal(1L, db.Scalar<long>("SELECT count(*) FROM OrleansMembershipTable WHERE Status = 3"));
            Assert.Equal(1L, db.Scalar<long>("SELECT count(*) FROM OrleansMembershipTable WHERE Status = 6"));
            Assert.Single(await management.GetHosts(onlyActive: true));
        }
        finally
        {
            await first.StopAsync(CancellationToken.None);
            first.Dispose();
            second.Dispose();
        }
    }

    private static async Task<int> Named(NpgsqlConnection connection, string key, params (string Name, object Value)[] parameters)
    {
        string text;
        await using (var q = new NpgsqlCommand("SELECT QueryText FROM OrleansQuery WHERE QueryKey = @k", connection))
        {
            q.Parameters.AddWithValue("k", key);
            text = (string)(await q.ExecuteScalarAsync())!;
        }
        await using var cmd = new NpgsqlCommand(text, connection);
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static IHost Silo(string connection, string name) =>
        Host.CreateDefaultBuilder()
            .UseOrleans(silo =>
            {
                silo.UseAdoNetClustering(o =>
                {
                    o.Invariant = "Npgsql";
                    o.ConnectionString = connection;
                });
                silo.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = "schema-test";
                    o.ServiceId = "schema-test";
                });
                silo.Configure<SiloOptions>(o => o.SiloName = name);
                silo.ConfigureEndpoints(IPAddress.Loopback, FreePort(), FreePort(), listenOnAnyHostAddress: false);
            })
            .Build();

    private static IHost Client(string connection) =>
        Host.CreateDefaultBuilder()
            .UseOrleansClient(client =>
            {
                client.UseAdoNetClustering(o =>
                {
                    o.Invariant = "Npgsql";
                    o.ConnectionString = connection;
                });
                client.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = "schema-test";
                    o.ServiceId = "schema-test";
                });
            })
            .Build();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
