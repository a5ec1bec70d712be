using System.CommandLine;
using DealerFlow.Cli.Commands;

namespace DealerFlow.Cli.Bench;

/// <summary>The options of <c>bench --cluster</c> (with the bench's own --market, --market-contracts and --port), and their checks.</summary>
internal sealed class ClusterBenchCli
{
    public required Option<string?> Connection { get; init; }

    public required Option<int> Silos { get; init; }

    public required Option<double> UpdateEvery { get; init; }

    public required Option<double> TicksPerSecond { get; init; }

    public required Option<double> Duration { get; init; }

    public required Option<double?> KillAfter { get; init; }

    public required Option<bool> NoKill { get; init; }

    public required Option<int> SiloPort { get; init; }

    public required Option<int> GatewayPort { get; init; }

    public IEnumerable<Option> All => [Connection, Silos, UpdateEvery, TicksPerSecond, Duration, KillAfter, NoKill, SiloPort, GatewayPort];

    public static ClusterBenchCli Create() => new()
    {
        Connection = new Option<string?>("--cluster") { Description = "Instead: the scale run of the cluster mode on this machine. Starts --silos silo processes and a front end on loopback on this PostgreSQL database (a fresh one: it must hold no snapshot of the bench's symbols), feeds --market underlyings x --market-contracts contracts, kills one silo with SIGKILL after --kill-after seconds and checks the store." },
        Silos = new Option<int>("--silos") { Description = "Silo processes with --cluster (2 or 3).", DefaultValueFactory = _ => 2 },
        UpdateEvery = new Option<double>("--update-every") { Description = "Seconds between two chains of one underlying with --cluster.", DefaultValueFactory = _ => 60 },
        TicksPerSecond = new Option<double>("--ticks-per-second") { Description = "Spot ticks per second over all underlyings with --cluster (0: none).", DefaultValueFactory = _ => 100 },
        Duration = new Option<double>("--duration") { Description = "The measured window with --cluster, in seconds (after every underlying's first chain is stored and shown).", DefaultValueFactory = _ => 180 },
        KillAfter = new Option<double?>("--kill-after") { Description = "Seconds into the window when one silo gets SIGKILL with --cluster (default: half of --duration)." },
        NoKill = new Option<bool>("--no-kill") { Description = "With --cluster: no silo is killed." },
        SiloPort = new Option<int>("--silo-port") { Description = "With --cluster: the first silo's silo port, the others the next ones (0: free ports).", DefaultValueFactory = _ => 0 },
        GatewayPort = new Option<int>("--gateway-port") { Description = "With --cluster: the first silo's gateway port, the others the next ones (0: free ports).", DefaultValueFactory = _ => 0 },
    };

    /// <summary>The run's options, or a usage error naming the option.</summary>
    public ClusterBenchOptions Parse(ParseResult r, string connection, int underlyings, int contracts, int port)
    {
        ArgumentNullException.ThrowIfNull(r);
        var silos = r.GetValue(Silos);
        if (silos is < 2 or > 3) throw new UsageException($"--silos {silos} must be 2 or 3.");
        if (underlyings is < 1 or > 100_000) throw new UsageException($"--market {underlyings} must be between 1 and 100000 with --cluster.");
        if (contracts is < 2 or > 100_000) throw new UsageException($"--market-contracts {contracts} must be between 2 and 100000 with --cluster.");
        var every = r.GetValue(UpdateEvery);
        if (!(every is >= 1 and <= 3600)) throw new UsageException($"--update-every {every} must be between 1 and 3600 seconds.");
        var tps = r.GetValue(TicksPerSecond);
        if (!(tps is >= 0 and <= 100_000)) throw new UsageException($"--ticks-per-second {tps} must be between 0 and 100000.");
        var duration = r.GetValue(Duration);
        if (!(duration is >= 5 and <= 86_400)) throw new UsageException($"--duration {duration} must be between 5 and 86400 seconds.");
        var killAfter = r.GetValue(KillAfter);
        if (killAfter is not null && r.GetValue(NoKill)) throw new UsageException("Choose --kill-after or --no-kill, not both.");
        if (killAfter is { } k && !(k > 0 && k < duration)) throw new UsageException($"--kill-after {k} must be inside the window: more than 0 and less than --duration {duration}.");
        foreach (var (p, name) in new[] { (port, "--port"), (r.GetValue(SiloPort), "--silo-port"), (r.GetValue(GatewayPort), "--gateway-port") })
        {
            if (p is < 0 or > 65_000) throw new UsageException($"{name} {p} must be between 0 and 65000.");
        }
        var kill = r.GetValue(NoKill) ? (TimeSpan?)null : TimeSpan.FromSeconds(killAfter ?? duration / 2);
        return new ClusterBenchOptions(connection, silos, underlyings, contracts, TimeSpan.FromSeconds(every), tps, TimeSpan.FromSeconds(duration), kill,
            port, r.GetValue(SiloPort), r.GetValue(GatewayPort));
    }
}
