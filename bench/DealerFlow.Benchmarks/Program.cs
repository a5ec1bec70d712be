using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/DealerFlow.Benchmarks -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(DealerFlow.Benchmarks.Inputs).Assembly).Run(args);
