using DealerFlow.Cluster.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DealerFlow.Web.Live.Cluster;

/// <summary>
/// Scale-out mode for the web front end, switched on by the configuration key <see cref="ConnectionKey"/>
/// (<c>serve --cluster CONN</c>): an Orleans client of the cluster on that PostgreSQL database, the sources' sink
/// replaced by <see cref="ClusterSink"/>, and <see cref="ClusterFeed"/> feeding the local book from the grains. Without
/// the key nothing of Orleans is started.
/// </summary>
internal static class ClusterFrontEnd
{
    public const string Section = "DealerFlow:Cluster";
    public const string ConnectionKey = Section + ":Connection";

    /// <summary>The cluster settings in <paramref name="configuration"/>; null in single-process mode.</summary>
    public static ClusterSettings? Settings(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[ConnectionKey] is not { Length: > 0 } connection) return null;
        return new ClusterSettings(
            connection,
            configuration[Section + ":ClusterId"] is { Length: > 0 } c ? c : ClusterSettings.DefaultClusterId,
            configuration[Section + ":ServiceId"] is { Length: > 0 } s ? s : ClusterSettings.DefaultServiceId);
    }

    /// <summary>Adds the cluster client and the sink and feed; call before the live services are added, so the client connects before the sources start.</summary>
    public static void AddClusterFrontEnd(this IHostApplicationBuilder builder, ClusterSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseOrleansClient(c => c.UseDealerFlowClient(settings));
        builder.Services.AddSingleton<IChainSink, ClusterSink>();
        builder.Services.AddSingleton<ClusterFeed>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ClusterFeed>());
    }
}
