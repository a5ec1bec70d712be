using System.Net;
using DealerFlow.Cluster.Hosting;
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
    public async Task VersionOneStatements_AfterTheUpgrade_StillWriteThroughTheNewFunction()
    {
        // A silo of the version-1 build read these statements at its start and keeps calling them while newer silos join.
        const string insertV1 = "SELECT dealerflow_membership_insert(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version)";
        const string updateV1 = "SELECT dealerflow_membership_update(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes, @IAmAliveTime, @Version)";
        using var db = new TempPostgresDatabase();
        await ClusterSchema.EnsureAsync(db.ConnectionString);
        await using var connection = new NpgsqlConnection(db.ConnectionString);
        await connection.OpenAsync();
        Assert.Equal(1, await Named(connection, "InsertMembershipVersionKey", ("DeploymentId", (object)"c1")));
        var now = DateTime.UtcNow;
        Assert.Equal(1, await Statement(connection, insertV1, ("DeploymentId", "c1"), ("Address", "127.0.0.1"), ("Port", 11111), ("Generation", 1),
            ("SiloName", "a"), ("HostName", "h"), ("Status", 3), ("ProxyPort", 30000), ("StartTime", now), ("IAmAliveTime", now), ("Version", 0)));
        (string, object)[] update(int version) =>
            [("DeploymentId", "c1"), ("Address", "127.0.0.1"), ("Port", 11111), ("Generation", 1), ("Status", 6), ("SuspectTimes", "x"), ("IAmAliveTime", now), ("Version", version)];
        Assert.Equal(0, await Statement(connection, updateV1, update(0)));   // stale: the insert made it 1
        Assert.Equal(1, await Statement(connection, updateV1, update(1)));
        Assert.Equal(6, db.Scalar<int>("SELECT Status FROM OrleansMembershipTable"));
        Assert.Equal(2, db.Scalar<int>("SELECT Version FROM OrleansMembershipVersionTable"));
    }

    [PostgresFact]
    public async Task Ensure_OnADatabaseOfANewerBuild_RefusesAndChangesNothing()
    {
        using var db = new TempPostgresDatabase();
        await ClusterSchema.EnsureAsync(db.ConnectionString);
        db.Scalar<int>($"UPDATE dealerflow_cluster_schema SET version = {ClusterSchema.Version + 1} RETURNING version");
        var e = await Assert.ThrowsAsync<DealerFlow.Data.Store.StoreException>(() => ClusterSchema.EnsureAsync(db.ConnectionString));
        Assert.Contains($"schema version {ClusterSchema.Version + 1}, newer than this build's {ClusterSchema.Version}", e.Message, StringComparison.Ordinal);
        Assert.Equal(ClusterSchema.Version + 1, db.Scalar<int>("SELECT version FROM dealerflow_cluster_schema"));
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
        return await Statement(connection, text, parameters);
    }

    private static async Task<int> Statement(NpgsqlConnection connection, string text, params (string Name, object Value)[] parameters)
    {
        await using var cmd = new NpgsqlCommand(text, connection);
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        return Convert.ToInt32(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A silo as <c>dealerflow silo</c> configures it (membership, ids, loopback endpoint), named for the membership table.</summary>
    private static IHost Silo(string connection, string name) =>
        Host.CreateDefaultBuilder()
            .UseOrleans(silo =>
            {
                silo.UseDealerFlowSilo(Settings(connection), new SiloEndpoint(IPAddress.Loopback, LoopbackPort.Free(), LoopbackPort.Free()));
                silo.Configure<SiloOptions>(o => o.SiloName = name);
            })
            .Build();

    /// <summary>A client as <c>serve --cluster</c> configures it.</summary>
    private static IHost Client(string connection) =>
        Host.CreateDefaultBuilder().UseOrleansClient(client => client.UseDealerFlowClient(Settings(connection))).Build();

    private static ClusterSettings Settings(string connection) => new(connection, "schema-test", "schema-test");
}
