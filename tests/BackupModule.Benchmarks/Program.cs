using BenchmarkDotNet.Running;

// Runs on request only (not in CI): see README.md, "Benchmarks".
BenchmarkSwitcher.FromAssembly(typeof(BackupModule.Benchmarks.ListThroughputBenchmarks).Assembly).Run(args);
