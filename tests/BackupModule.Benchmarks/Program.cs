using BenchmarkDotNet.Running;

// Runs on request only (not in CI): see docs/performance.md.
BenchmarkSwitcher.FromAssembly(typeof(BackupModule.Benchmarks.ListThroughputBenchmarks).Assembly).Run(args);
