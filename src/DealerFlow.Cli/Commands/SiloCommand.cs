using System.CommandLine;
using System.Net;
using DealerFlow.Cluster.Hosting;
using DealerFlow.Cluster.Membership;
using DealerFlow.Data.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DealerFlow.Cli.Commands;

/// <summary>
/// <c>dealerflow silo --cluster CONN</c>: one Orleans silo of the scale-out cluster (issue 15). Membership is Orleans'
/// ADO.NET clustering on the PostgreSQL database CONN (its schema is ensured first), the grains' snapshot store is the
/// same database. Loopback by default: a silo's ports carry no authentication, so another address needs --public.
/// Stops cleanly on Ctrl+C or SIGTERM (the silo leaves the cluster and its grains move to the others).
/// </summary>
internal static class SiloCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var cluster = new Option<string>("--cluster") { Description = "The cluster's PostgreSQL database (postgres://user:pass@host:port/db or Host=...;Database=...): membership and snapshot store.", Required = true };
        var address = new Option<string>("--address") { Description = "The address the silo and gateway ports listen on and advertise.", DefaultValueFactory = _ => "127.0.0.1" };
        var siloPort = new Option<int>("--silo-port") { Description = "Silo-to-silo port.", DefaultValueFactory = _ => SiloEndpoint.DefaultSiloPort };
        var gatewayPort = new Option<int>("--gateway-port") { Description = "The port front ends (serve --cluster) connect to.", DefaultValueFactory = _ => SiloEndpoint.DefaultGatewayPort };
        var clusterId = new Option<string>("--cluster-id") { Description = "Orleans cluster id: silos and front ends with the same id on the same database form one cluster.", DefaultValueFactory = _ => ClusterSettings.DefaultClusterId };
        var serviceId = new Option<string>("--service-id") { Description = "Orleans service id (stays the same across deployments).", DefaultValueFactory = _ => ClusterSettings.DefaultServiceId };
        var isPublic = new Option<bool>("--public") { Description = "Allow an --address beyond this machine. The silo and gateway ports have no authentication or encryption: use it only on a private network." };
        var command = new Command("silo", "Run one silo of the scale-out cluster: one grain per underlying, membership and store on PostgreSQL.");
        foreach (var o in new Option[] { cluster, address, siloPort, gatewayPort, clusterId, serviceId, isPublic }) command.Options.Add(o);
        command.SetAction((r, ct) => Run(r.GetValue(cluster)!, r.GetValue(address)!, r.GetValue(siloPort), r.GetValue(gatewayPort), r.GetValue(clusterId)!, r.GetValue(serviceId)!, r.GetValue(isPublic), stdout, ct));
        return command;
    }

    private static async Task<int> Run(string connection, string address, int siloPort, int gatewayPort, string clusterId, string serviceId, bool isPublic, TextWriter stdout, CancellationToken ct)
    {
        if (!IPAddress.TryParse(address, out var ip)) throw new UsageException($"--address '{address}' is not an IP address such as 127.0.0.1.");
        if (!IPAddress.IsLoopback(ip) && !isPublic)
            throw new UsageException($"--address {address} is beyond this machine: a silo's ports have no authentication, so add --public (and keep them on a private network) or use 127.0.0.1.");
        foreach (var (port, name) in new[] { (siloPort, "--silo-port"), (gatewayPort, "--gateway-port") })
        {
            if (port is < 1 or > 65535) throw new UsageException($"{name} {port} is not a port (1-65535).");
        }
        if (siloPort == gatewayPort) throw new UsageException($"--silo-port and --gateway-port are both {siloPort}: choose two ports.");
        if (string.IsNullOrWhiteSpace(clusterId) || string.IsNullOrWhiteSpace(serviceId)) throw new UsageException("--cluster-id and --service-id must not be empty.");
        ClusterSettings settings;
        string where;
        try
        {
            settings = new ClusterSettings(connection, clusterId, serviceId);
            var b = PostgresSnapshotStore.ConnectionString(connection);
            where = $"{b.Host}:{b.Port}/{b.Database}";
            await ClusterSchema.EnsureAsync(settings.NpgsqlConnectionString, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ArgumentException or StoreException or Npgsql.NpgsqlException)
        {
            throw new UsageException($"--cluster: cannot prepare the cluster database: {e.Message}");
        }
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("DealerFlow", LogLevel.Information);
        builder.UseOrleans(silo => silo.UseDealerFlowSilo(settings, new SiloEndpoint(ip, siloPort, gatewayPort)));
        using var host = builder.Build();
        try
        {
            await HostStart.StartAsync(host, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new UsageException($"Cannot start the silo on {address} (silo port {siloPort}, gateway port {gatewayPort}): {e.GetBaseException().Message}");
        }
        stdout.WriteLine($"DealerFlow silo: {address}:{siloPort}, gateway {address}:{gatewayPort}, cluster '{clusterId}' (service '{serviceId}') on PostgreSQL {where}");
        stdout.WriteLine("Press Ctrl+C to stop.");
        stdout.Flush();
        await host.WaitForShutdownAsync(CancellationToken.None).ConfigureAwait(false);
        return Cli.Ok;
    }
}
