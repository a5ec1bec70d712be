using DealerFlow.Core.Chain;
using DealerFlow.Core.Exposure;
using DealerFlow.Data.Readers;

namespace DealerFlow.Benchmarks;

/// <summary>The benchmark inputs: the real SPX chain bundled with the CLI (or DEALERFLOW_CHAIN) and synthetic chains.</summary>
public static class Inputs
{
    public const string SampleName = "spx_quotedata_2024-01-05.csv";

    public static string ChainPath()
    {
        if (Environment.GetEnvironmentVariable("DEALERFLOW_CHAIN") is { Length: > 0 } env) return env;
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                if (!File.Exists(Path.Combine(d.FullName, "DealerFlow.slnx"))) continue;
                var path = Path.GetFullPath(Path.Combine(d.FullName, "src", "DealerFlow.Cli", "samples", SampleName));
                if (File.Exists(path)) return path;
            }
        }
        throw new FileNotFoundException($"{SampleName} not found in src/DealerFlow.Cli/samples above {AppContext.BaseDirectory}; set DEALERFLOW_CHAIN.");
    }

    /// <summary>"spx" = the real chain; "synthetic-N" = a generated N-contract chain.</summary>
    public static PricedChain Priced(string name)
    {
        var snapshot = name.StartsWith("synthetic-", StringComparison.Ordinal)
            ? SyntheticChain.Generate(new SyntheticChainOptions { Contracts = int.Parse(name["synthetic-".Length..], System.Globalization.CultureInfo.InvariantCulture) })
            : ChainReader.Read(ChainPath()).Snapshot;
        return ChainPricer.Price(snapshot, EngineSettings.Default);
    }
}
