using System.Text.Json;
using DealerFlow.Cli.Bench;

namespace DealerFlow.Cli.Commands;

/// <summary>
/// <c>dealerflow bench [FILE] [--synthetic N] [--format table|json]</c>: a quick built-in benchmark
/// (warm-up, several runs, median) of parsing, implied vol, greeks, the gamma profile, zero gamma and
/// the full report, each against the scalar reference measured in the same run;
/// <c>--market U</c> instead times every underlying's full report over a synthetic market.
/// </summary>
internal static class BenchCommand
{
    public const string Schema = "dealerflow.bench/1";
    public const string MarketSchema = "dealerflow.bench-market/1";
    private const string SampleName = "spx_quotedata_2024-01-05.csv";

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string?>("FILE") { Description = "CBOE CSV chain to parse and analyse (default: the bundled SPX sample).", Arity = ArgumentArity.ZeroOrOne };
        var synthetic = new Option<int?>("--synthetic") { Description = "Run the engine figures on a generated N-contract chain (the parse figure still reads FILE)." };
        var format = FormatOption.Create("table", "json");
        var runs = new Option<int>("--runs") { Description = "Timed runs per figure (the median is reported).", DefaultValueFactory = _ => 7 };
        var market = new Option<int?>("--market") { Description = "Instead: every underlying's full levels report over a synthetic market of this many underlyings." };
        var marketContracts = new Option<int>("--market-contracts") { Description = "Contracts per underlying with --market.", DefaultValueFactory = _ => 300 };
        var push = new Option<bool>("--push") { Description = "Instead: the live push load test (demo server on loopback, --clients SSE clients, --rate ticks per second, --seconds measured)." };
        var clients = new Option<int>("--clients") { Description = "SSE clients with --push.", DefaultValueFactory = _ => 200 };
        var rate = new Option<double>("--rate") { Description = "Spot ticks per second with --push.", DefaultValueFactory = _ => 10 };
        var seconds = new Option<double>("--seconds") { Description = "Measured window with --push, in seconds.", DefaultValueFactory = _ => 20 };
        var port = new Option<int>("--port") { Description = "Loopback port of the server with --push (0: any free port).", DefaultValueFactory = _ => 0 };
        var ingest = new Option<string?>("--ingest") { Description = "Instead: time `dealerflow ingest` of every chain file in this folder into a new SQLite file (sessions per second, wall and CPU), and each stage of a session alone." };
        var tick = new Option<bool>("--tick") { Description = "Instead: spot tick to published levels on the dashboard's server (demo SPX chain, in process): median and p99 over --ticks ticks." };
        var ticks = new Option<int>("--ticks") { Description = "Timed ticks with --tick.", DefaultValueFactory = _ => 5000 };
        var peer = new Option<bool>("--peer") { Description = "Instead: only the numpy peer (bench/peer/gex_profile.py) against the engine's profile on FILE's chain, same run." };
        var noPeer = new Option<bool>("--no-peer") { Description = "Leave the numpy peer out of the quick benchmark." };
        var peerExport = new Option<string?>("--peer-export") { Description = "Instead: write FILE's priced contracts (strike, years, vol, carry, open interest, multiplier, sign) as the CSV the numpy peer reads, to this path." };
        var cluster = ClusterBenchCli.Create();
        var command = new Command("bench", "Quick built-in benchmark: medians of parse, implied vol, greeks, gamma profile, zero gamma and full report, with the speed-up over the scalar reference measured in the same run.");
        command.Arguments.Add(file);
        foreach (var o in new Option[] { synthetic, format, runs, market, marketContracts, push, clients, rate, seconds, port, ingest, tick, ticks, peer, noPeer, peerExport }.Concat(cluster.All)) command.Options.Add(o);
        command.SetAction(r =>
        {
            var f = FormatOption.Get(r, format, "table", "json");
            if (r.GetValue(cluster.Connection) is { } conn) return ClusterRun(stdout, stderr, f, cluster.Parse(r, conn, r.GetValue(market) ?? 5000, r.GetValue(marketContracts), r.GetValue(port)));
            if (r.GetValue(push)) return Push(stdout, f, r.GetValue(clients), r.GetValue(rate), r.GetValue(seconds), r.GetValue(port));
            var n = r.GetValue(runs);
            if (n is < 1 or > 1000) throw new UsageException($"--runs {n} must be between 1 and 1000.");
            if (r.GetValue(ingest) is { } dir) return Ingest(stdout, f, dir, n);
            if (r.GetValue(tick)) return Tick(stdout, f, r.GetValue(ticks), r.GetValue(port));
            if (r.GetValue(market) is { } u)
            {
                var each = r.GetValue(marketContracts);
                if (u is < 1 or > 1_000_000) throw new UsageException($"--market {u} must be between 1 and 1000000.");
                if (each is < 2 or > 1_000_000) throw new UsageException($"--market-contracts {each} must be between 2 and 1000000.");
                var m = QuickBench.Market(u, each);
                if (f == "json") stdout.WriteLine(Json.Write(MarketJson(m)));
                else MarketTable(Tables.Console(stdout), m);
                return Cli.Ok;
            }
            var syn = r.GetValue(synthetic);
            if (syn is < 1 or > 50_000_000) throw new UsageException($"--synthetic {syn} must be between 1 and 50000000.");
            var path = ResolveFile(r.GetValue(file));
            if (r.GetValue(peerExport) is { } export)
            {
                File.WriteAllText(export, PeerBench.Export(PeerChain(path, syn)));
                stdout.WriteLine($"Wrote the priced contracts of {Path.GetFileName(path)} for the numpy peer to {export}: python3 bench/peer/gex_profile.py {export}");
                return Cli.Ok;
            }
            if (r.GetValue(peer))
            {
                var (only, why) = PeerBench.Run(PeerChain(path, syn), n);
                if (only is null) throw new InputException($"The numpy peer cannot run: {why}.");
                stdout.Write(f == "json" ? JsonSerializer.Serialize(only, BenchJson) + Environment.NewLine : PeerBench.Format(only));
                return only.Agrees ? Cli.Ok : Cli.InternalError;
            }
            var result = QuickBench.Run(path, syn, n);
            var (p, skipped) = r.GetValue(noPeer) ? (null, "--no-peer") : PeerBench.Run(PeerChain(path, syn), n);
            if (f == "json")
            {
                var json = ToJson(result);
                json["peer"] = p is null ? new JsonObject { ["skipped"] = skipped } : Json.ToNode(p);
                stdout.WriteLine(Json.Write(json));
            }
            else
            {
                Table(Tables.Console(stdout), result);
                stdout.Write(p is null ? $"numpy peer: not run ({skipped}){Environment.NewLine}" : PeerBench.Format(p));
            }
            return Cli.Ok;
        });
        return command;
    }

    private static int Push(TextWriter stdout, string format, int clients, double rate, double seconds, int port)
    {
        if (clients is < 1 or > 5000) throw new UsageException($"--clients {clients} must be between 1 and 5000.");
        if (!(rate is >= 0.1 and <= 100)) throw new UsageException($"--rate {rate} must be between 0.1 and 100 ticks per second.");
        if (!(seconds is >= 1 and <= 3600)) throw new UsageException($"--seconds {seconds} must be between 1 and 3600.");
        if (port is < 0 or > 65535) throw new UsageException($"--port {port} must be between 0 and 65535.");
        var p = PushBench.RunAsync(clients, rate, TimeSpan.FromSeconds(seconds), port).GetAwaiter().GetResult();
        if (format == "json")
        {
            stdout.WriteLine(JsonSerializer.Serialize(p, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true }));
            return Cli.Ok;
        }
        var inv = CultureInfo.InvariantCulture;
        stdout.WriteLine(string.Create(inv, $"Live push: {p.Clients} SSE clients on SPX, {p.Rate:0.#} ticks/s, {p.Seconds:0.0} s measured, loopback ({p.Cpu})"));
        stdout.WriteLine(string.Create(inv, $"  push latency      p50 {p.P50Ms:0.0} ms, p99 {p.P99Ms:0.0} ms, max {p.MaxMs:0.0} ms over {p.Ticks} ticks received"));
        stdout.WriteLine(string.Create(inv, $"  ticks per client  {p.MinTicksPerClient} to {p.MaxTicksPerClient}"));
        stdout.WriteLine(string.Create(inv, $"  events lost       {p.Replaced} (signals replaced by a newer one before a client read them)"));
        stdout.WriteLine(string.Create(inv, $"  levels events     {p.LevelsEvents}, snapshot fetches {p.SnapshotFetches}"));
        stdout.WriteLine(string.Create(inv, $"  peak RSS          {p.PeakRssMb:0} MB (server and clients in one process)"));
        return Cli.Ok;
    }

    private static int ClusterRun(TextWriter stdout, TextWriter stderr, string format, ClusterBenchOptions options)
    {
        ClusterBenchResult x;
        try
        {
            x = ClusterBench.RunAsync(options, format == "json" ? stderr : stdout, CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (ClusterBenchException e)
        {
            stderr.WriteLine($"dealerflow: bench --cluster stopped: {e.Message}");
            return Cli.InternalError;
        }
        stdout.Write(format == "json" ? JsonSerializer.Serialize(x, BenchJson) + Environment.NewLine : ClusterBench.Format(x));
        return x.Passed ? Cli.Ok : Cli.InternalError;
    }

    /// <summary>The chain the peer and the engine share: FILE's (or the synthetic one) priced with the default settings.</summary>
    private static Core.Exposure.PricedChain PeerChain(string path, int? synthetic) => synthetic is { } n
        ? Core.Exposure.ChainPricer.Price(Core.Chain.SyntheticChain.Generate(new Core.Chain.SyntheticChainOptions { Contracts = n }), Core.Exposure.EngineSettings.Default)
        : PeerBench.Price(path);

    private static int Tick(TextWriter stdout, string format, int ticks, int port)
    {
        if (ticks is < 100 or > 10_000_000) throw new UsageException($"--ticks {ticks} must be between 100 and 10000000.");
        if (port is < 0 or > 65535) throw new UsageException($"--port {port} must be between 0 and 65535.");
        var x = TickBench.RunAsync(ticks, port).GetAwaiter().GetResult();
        stdout.Write(format == "json" ? JsonSerializer.Serialize(x, BenchJson) + Environment.NewLine : TickBench.Format(x));
        return Cli.Ok;
    }

    private static readonly JsonSerializerOptions BenchJson = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    private static int Ingest(TextWriter stdout, string format, string folder, int runs)
    {
        if (!Directory.Exists(folder)) throw new InputException($"--ingest {folder}: no such folder.");
        var x = IngestBench.Run(folder, runs);
        stdout.Write(format == "json" ? JsonSerializer.Serialize(x, BenchJson) + Environment.NewLine : IngestBench.Format(x));
        return Cli.Ok;
    }

    /// <summary>FILE, else the sample bundled next to the executable.</summary>
    public static string ResolveFile(string? file)
    {
        if (file is not null)
            return File.Exists(file) ? file : throw new InputException($"{file}: no such file.");
        var bundled = Path.Combine(AppContext.BaseDirectory, "samples", SampleName);
        return File.Exists(bundled) ? bundled : throw new InputException($"No FILE given and the sample chain {SampleName} is not bundled next to the executable ({bundled}).");
    }

    public static JsonObject ToJson(BenchResult r)
    {
        var figures = new JsonObject();
        foreach (var f in r.Figures)
        {
            figures[f.Key] = new JsonObject
            {
                ["name"] = f.Name,
                ["unit"] = f.Unit,
                ["median"] = f.Median,
                ["cpuMedian"] = f.CpuMedian,
                ["scalarMedian"] = f.ScalarMedian,
                ["speedup"] = f.Speedup,
                ["target"] = f.Target,
                ["meetsTarget"] = f.MeetsTarget,
            };
        }
        return new JsonObject
        {
            ["schema"] = Schema,
            ["machine"] = Json.ToNode(r.Machine),
            ["vectorWidthBits"] = r.Machine.VectorWidthBits,
            ["parseFile"] = r.ParseFile,
            ["parseBytes"] = r.ParseBytes,
            ["engineInput"] = r.EngineInput,
            ["contracts"] = r.Contracts,
            ["runs"] = r.Runs,
            ["impliedVolMaxError"] = r.IvMaxError,
            ["impliedVolSolved"] = r.IvSolved,
            ["impliedVolWithin1e10"] = r.IvWithin1e10,
            ["impliedVolWorstMissInPriceUlps"] = r.IvWorstInPriceUlps,
            ["impliedVolBatchWithin1e10"] = r.IvBatchWithin1e10,
            ["impliedVolBatchMaxError"] = r.IvBatchMaxError,
            ["figures"] = figures,
        };
    }

    public static JsonObject MarketJson(MarketResult m)
    {
        var node = Json.ToNode(m).AsObject();
        node.Insert(0, "schema", MarketSchema);
        return node;
    }

    private static void Table(IAnsiConsole c, BenchResult r)
    {
        var inv = CultureInfo.InvariantCulture;
        Header(c, r.Machine);
        c.MarkupLine($"parse input {Markup.Escape(Path.GetFileName(r.ParseFile))} ({r.ParseBytes / 1e6:0.00} MB); engine input {Markup.Escape(r.EngineInput)}: {r.Contracts:N0} priced contracts; median of {r.Runs} runs");
        var t = new Table().Border(TableBorder.Rounded).AddColumn("Figure").AddColumn(new TableColumn("Median").RightAligned()).AddColumn(new TableColumn("CPU-time").RightAligned()).AddColumn("Unit")
            .AddColumn(new TableColumn("Reference").RightAligned()).AddColumn(new TableColumn("Speed-up").RightAligned()).AddColumn(new TableColumn("Target").RightAligned());
        foreach (var f in r.Figures)
        {
            var target = f.Target is { } x ? (f.HigherIsBetter ? ">= " : "<= ") + Num(x) + (f.MeetsTarget == true ? " ok" : " missed") : "";
            t.AddRow(Markup.Escape(f.Name), Num(f.Median), f.CpuMedian is { } cpu ? Num(cpu) : "", f.Unit, f.ScalarMedian is { } s ? Num(s) : "", f.Speedup is { } sp ? sp.ToString("0.0", inv) + "x" : "", target);
        }
        c.Write(t);
        c.MarkupLine($"implied vol round trip (model price back to vol): {r.IvWithin1e10:N0} of {r.IvSolved:N0} within 1e-10; max |vol error| {r.IvMaxError.ToString("0.0E+0", inv)}, at worst {r.IvWorstInPriceUlps.ToString("0.0", inv)} x the vol move of one ulp of the price (deep in-the-money, tiny vega); batched: {r.IvBatchWithin1e10:N0} within 1e-10, max |vol error| {r.IvBatchMaxError.ToString("0.0E+0", inv)}");
        c.MarkupLine("[grey]Median = wall time; CPU-time = process CPU time per operation in the same runs (all threads), which on a loaded machine shows what the work costs when it is scheduled. Reference = the straightforward scalar implementation of the same maths (wall, same run), or the dense computation where the figure says so; speed-up = reference / median.[/]");
    }

    private static void MarketTable(IAnsiConsole c, MarketResult m)
    {
        Header(c, m.Machine);
        var t = new Table().Border(TableBorder.Rounded).AddColumn("Market").AddColumn(new TableColumn("Value").RightAligned());
        t.AddRow("underlyings x contracts", $"{m.Underlyings:N0} x {m.ContractsEach:N0} = {m.Contracts:N0}");
        t.AddRow("generate chains (not in the figure)", $"{m.GenerateSeconds:0.000} s");
        foreach (var (label, p) in new[] { ("cold (first pass: JIT compiling)", m.Cold), ($"warm (median of the {m.WarmPasses.Count} passes after it)", m.Warm) })
        {
            t.AddRow($"price + full levels report, every underlying, {label}", $"{p.WallSeconds:0.000} s wall");
            t.AddRow("  process CPU time (all threads)", $"{p.CpuSeconds:0.000} s");
            t.AddRow("  thread time pricing / levels (wall, summed over threads)", $"{p.PriceThreadSeconds:0.000} s / {p.LevelsThreadSeconds:0.000} s");
        }
        t.AddRow("  each warm pass, wall / CPU (the first still tiers up JIT code)", string.Join(", ", m.WarmPasses.Select(p => $"{p.WallSeconds:0.000}/{p.CpuSeconds:0.000}")));
        t.AddRow("contracts per second, warm", $"{m.WarmContractsPerSecond:N0}");
        t.AddRow("peak working set (process)", $"{m.PeakWorkingSetMb:N0} MB");
        t.AddRow("managed heap after the run", $"{m.ManagedHeapMb:N0} MB");
        t.AddRow("reports with a zero-gamma level", $"{m.ReportsWithZeroGamma:N0}");
        t.AddRow("target: warm pass wall time (5,000 x 300 on 2 cores)", $"<= {m.WarmTargetSeconds:0.0} s {(m.WarmMeetsTarget switch { true => "ok", false => "missed", null => "(applies to 5,000 x 300)" })}");
        t.AddRow("target: peak working set", $"<= {m.PeakTargetMb:N0} MB {(m.PeakMeetsTarget ? "ok" : "missed")}");
        c.Write(t);
    }

    private static void Header(IAnsiConsole c, MachineInfo m) =>
        c.MarkupLine($"[bold]{Markup.Escape(m.Cpu)}[/], {m.LogicalCores} logical cores, vector width {m.VectorWidthBits} bits (Vector512 {(m.Vector512 ? "accelerated" : "no")}, Vector256 {(m.Vector256 ? "accelerated" : "no")}), {Markup.Escape(m.Runtime)}; instruction sets: {Markup.Escape(m.InstructionSets)}");

    private static string Num(double x) => Math.Abs(x) switch
    {
        >= 1e6 => x.ToString("0.00E+0", CultureInfo.InvariantCulture),
        >= 100 => x.ToString("N0", CultureInfo.InvariantCulture),
        >= 1 => x.ToString("0.00", CultureInfo.InvariantCulture),
        _ => x.ToString("0.000", CultureInfo.InvariantCulture),
    };
}
