using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using BackupModule.Dcos;
using BackupModule.Http;
using BackupModule.Model;
using BackupModule.ZillizCloud;
using BenchmarkDotNet.Attributes;

namespace BackupModule.Benchmarks;

/// <summary>
/// Listing every backup through the module's core against the floor a script could reach with no module:
/// a raw HttpClient and System.Text.Json into typed records, straight from the response stream. The floor
/// is the baseline, so the Ratio and Alloc Ratio columns are issue 7's goals. The emulator runs in its own
/// process; Zilliz Cloud's 20 requests/s limit is lifted on both sides, so client costs are compared, not
/// the pacing every client must keep.
/// </summary>
[MemoryDiagnoser]
public class ListThroughputBenchmarks
{
    private EmulatorProcess _emulator = null!;
    private HttpClient _floor = null!;
    private BackupConnection _connection = null!;
    private IBackupService _service = null!;
    private string _floorUri = "";

    [Params("Dcos", "Zilliz")]
    public string Backend { get; set; } = "Dcos";

    [Params(10, 10000)]
    public int Backups { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _emulator = EmulatorProcess.Start("--dcos-seed-backups", Backups.ToString(), "--zilliz-seed-backups", Backups.ToString(), "--zilliz-rate-limit", "1000000");
        _floor = new HttpClient();
        _floor.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (Backend == "Dcos")
        {
            _floor.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "token=" + BackupModule.Emulator.DcosEmulatorOptions.DefaultToken);
            _floorUri = new Uri(_emulator.BaseUri, "system/v1/backup/v1/list").AbsoluteUri;
            _connection = DcosConnection.Create(new DcosConnectionSettings(_emulator.BaseUri, BackupModule.Emulator.DcosEmulatorOptions.DefaultToken));
        }
        else
        {
            _floor.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + BackupModule.Emulator.ZillizEmulatorOptions.DefaultApiKey);
            _floorUri = new Uri(_emulator.BaseUri, "v2/backups?clusterId=in01-emulator&pageSize=100&currentPage=").AbsoluteUri;
            var settings = new ZillizConnectionSettings(BackupModule.Emulator.ZillizEmulatorOptions.DefaultApiKey, _emulator.BaseUri) { ClusterId = "in01-emulator" };
            settings.Http.RequestsPerSecondPerEndpoint = 1_000_000;
            _connection = ZillizConnection.Create(settings);
        }

        _service = _connection.OpenService(NullHttpCallLog.Instance);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _connection.Dispose();
        _floor.Dispose();
        _emulator.Dispose();
    }

    [Benchmark(Baseline = true)]
    public async Task<int> Floor()
    {
        var count = 0;
        if (Backend == "Dcos")
        {
            await using var stream = await _floor.GetStreamAsync(_floorUri);
            count = (await JsonSerializer.DeserializeAsync<FloorDcosList>(stream))!.BackupInfo!.Count;
        }
        else
        {
            for (var page = 1; ; page++)
            {
                await using var stream = await _floor.GetStreamAsync(_floorUri + page);
                var backups = (await JsonSerializer.DeserializeAsync<FloorZillizEnvelope>(stream))!.Data!.Backups!;
                count += backups.Count;
                if (backups.Count < 100)
                {
                    break;
                }
            }
        }

        return Check(count);
    }

    [Benchmark]
    public async Task<int> Module()
    {
        var count = 0;
        await foreach (var page in _service.ListBackupPagesAsync(BackupQuery.All, default))
        {
            count += page.Count;
        }

        return Check(count);
    }

    private int Check(int count) => count == Backups ? count : throw new InvalidOperationException($"listed {count} of {Backups}");

    public sealed class FloorBackup
    {
        [JsonPropertyName("id")] public string? Id { get; set; }
        [JsonPropertyName("status")] public string? Status { get; set; }
        [JsonPropertyName("timestamp")] public string? Timestamp { get; set; }
        [JsonPropertyName("dcos_version")] public string? DcosVersion { get; set; }
        [JsonPropertyName("backupId")] public string? BackupId { get; set; }
        [JsonPropertyName("backupName")] public string? BackupName { get; set; }
        [JsonPropertyName("createTime")] public string? CreateTime { get; set; }
    }

    public sealed class FloorDcosList
    {
        [JsonPropertyName("backup_info")] public List<FloorBackup>? BackupInfo { get; set; }
    }

    public sealed class FloorZillizPage
    {
        [JsonPropertyName("backups")] public List<FloorBackup>? Backups { get; set; }
    }

    public sealed class FloorZillizEnvelope
    {
        [JsonPropertyName("data")] public FloorZillizPage? Data { get; set; }
    }
}
