using BackupModule.Http;
using BenchmarkDotNet.Attributes;

namespace BackupModule.Benchmarks;

/// <summary>The cost added to every HTTP call's -Debug dump: scrubbing the token and secret JSON fields from ~4 KB.</summary>
[MemoryDiagnoser]
public class RedactionBenchmarks
{
    private readonly SecretRedactor _redactor = new();
    private string _dump = "";

    [GlobalSetup]
    public void Setup()
    {
        _redactor.AddSecret("eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.benchmark-token-value");
        var item = "{\"id\":\"nightly-20261121-ea6b49f5-79a8-4767-ae78-3f874c90e3da\",\"dcos_version\":\"1.13.0\",\"timestamp\":\"2019-03-18T23:16:33.265478871Z\",\"status\":\"STATUS_READY\",\"component_status\":{\"marathon\":{\"status\":\"STATUS_READY\"}},\"restores\":[]}";
        _dump = "> GET http://127.0.0.1:5080/system/v1/backup/v1/list\n> Authorization: token=***\n< 200 (3 ms)\n< {\"backup_info\":[" + string.Join(",", Enumerable.Repeat(item, 18)) + "]}";
    }

    [Benchmark]
    public string RedactDump() => _redactor.Redact(_dump);
}
