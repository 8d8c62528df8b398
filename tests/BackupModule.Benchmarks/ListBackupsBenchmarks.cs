using BackupModule.Dcos;
using BackupModule.Emulator;
using BackupModule.Http;
using BackupModule.Model;
using BenchmarkDotNet.Attributes;

namespace BackupModule.Benchmarks;

/// <summary>
/// One Get-ClusterBackup round trip through the shared HTTP core: request, wrapped-reply parsing and
/// mapping to ClusterBackup, against the emulator on loopback holding <see cref="Backups"/> backups.
/// </summary>
[MemoryDiagnoser]
public class ListBackupsBenchmarks
{
    private EmulatorServer _server = null!;
    private BackupConnection _connection = null!;
    private IBackupService _service = null!;
    private string _lastId = "";

    [Params(10, 500)]
    public int Backups { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        var options = new EmulatorOptions { Urls = new[] { "http://127.0.0.1:0" } };
        options.Dcos.BackupDuration = TimeSpan.FromMilliseconds(1);
        _server = await EmulatorServer.StartAsync(options);
        _connection = DcosConnection.Create(new DcosConnectionSettings(_server.BaseUri, DcosEmulatorOptions.DefaultToken));
        _service = _connection.OpenService(NullHttpCallLog.Instance);
        for (var i = 0; i < Backups; i++)
        {
            // One backup at a time holds the service's lock: wait for each to finish.
            while (true)
            {
                try
                {
                    _lastId = (await _service.CreateBackupAsync(new NewBackupRequest($"bench-{i:D4}"), default)).Id;
                    break;
                }
                catch (BackupModule.Errors.BackupServiceException e) when (e.ErrorId == BackupModule.Errors.BackupErrorId.BackupServiceBusy)
                {
                    await Task.Delay(2);
                }
            }
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _connection.Dispose();
        await _server.DisposeAsync();
    }

    [Benchmark]
    public async Task<int> ListAll()
    {
        var count = 0;
        await foreach (var _ in _service.ListBackupsAsync(BackupQuery.All, default))
        {
            count++;
        }

        return count == Backups ? count : throw new InvalidOperationException($"listed {count} of {Backups}");
    }

    /// <summary>Get-ClusterBackup -Id: the service has no "show", so this lists by id prefix and matches exactly.</summary>
    [Benchmark]
    public async Task<string> GetOneById() => (await _service.GetBackupAsync(_lastId, null, default)).Id;
}
