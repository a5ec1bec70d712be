using BenchmarkDotNet.Attributes;
using DealerFlow.Data.Readers;

namespace DealerFlow.Benchmarks;

/// <summary>CBOE CSV parsing through the public reader API, from memory. MB/s = file bytes / mean time.</summary>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    private byte[] _bytes = [];

    [GlobalSetup]
    public void Setup()
    {
        _bytes = File.ReadAllBytes(Inputs.ChainPath());
        Console.WriteLine($"// {Inputs.SampleName}: {_bytes.Length} bytes ({_bytes.Length / 1e6:0.000} MB)");
    }

    [Benchmark]
    public int ParseCboeCsv() => ChainReader.Read(new MemoryStream(_bytes, writable: false), Inputs.SampleName).Snapshot.Count;
}
