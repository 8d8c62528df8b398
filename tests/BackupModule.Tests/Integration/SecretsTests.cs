using BackupModule.Dcos;
using BackupModule.Emulator;
using BackupModule.Errors;
using BackupModule.Model;
using BackupModule.Operations;
using BackupModule.Waiting;

namespace BackupModule.Tests.Integration;

/// <summary>A canary token goes through every path that logs or fails, and must never come out.</summary>
public sealed class SecretsTests : IAsyncLifetime
{
    private const string Canary = "canary-7f3e9c1d-5b2a-4e8f-token";

    private EmulatorServer _server = null!;

    public async Task InitializeAsync()
    {
        var options = new EmulatorOptions { Urls = new[] { "http://127.0.0.1:0" } };
        options.Dcos.Tokens.Add(Canary);
        options.Dcos.BackupDuration = TimeSpan.FromMilliseconds(200);
        options.Dcos.RestoreDuration = TimeSpan.FromMilliseconds(200);
        _server = await EmulatorServer.StartAsync(options);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_token_never_appears_in_a_log_line_progress_record_output_or_error()
    {
        using var connection = Connect(TimeSpan.FromSeconds(10));
        using var impatient = Connect(TimeSpan.FromMilliseconds(300));
        var host = new RecordingHost();
        var operations = new ClusterBackupOperations(host, default)
        {
            WaitPolicy = timeout => new WaitOptions(timeout) { InitialInterval = TimeSpan.FromMilliseconds(50), MaxInterval = TimeSpan.FromMilliseconds(100) },
        };

        // Success paths, with -Wait.
        await operations.NewBackupAsync(connection, new NewBackupRequest("canary-run"), TimeSpan.FromSeconds(30));
        var backup = host.Output.OfType<ClusterBackup>().Single();
        await operations.RestoreBackupAsync(connection, backup.Id, null, RestoreRequest.SameCluster(), TimeSpan.FromSeconds(30));
        Assert.Empty(host.Errors);

        // A service that echoes the token back in its error text, a gateway error, a timeout, a dropped connection.
        _server.Faults.Add(new FaultRule { Method = "GET", PathPrefix = "/system/v1/backup/v1/list", StatusCode = 500, Message = "bad request from token=" + Canary });
        await operations.GetBackupsAsync(connection, BackupQuery.All, null, null);
        _server.Faults.Add(new FaultRule { Method = "POST", PathPrefix = "/system/v1/backup/v1/create", StatusCode = 502, Message = "{\"token\":\"" + Canary + "\"}" });
        await operations.NewBackupAsync(connection, new NewBackupRequest("canary-502"), null);
        _server.Faults.Add(new FaultRule { Method = "GET", PathPrefix = "/system/v1/backup/v1/list", Delay = TimeSpan.FromSeconds(10), Times = 2 });
        await operations.GetBackupAsync(impatient, backup.Id, null);
        _server.Faults.Add(new FaultRule { Method = "DELETE", PathPrefix = "/system/v1/backup/v1/delete", Abort = true });
        await operations.RemoveBackupAsync(connection, backup.Id, null);

        Assert.True(host.Errors.Count >= 4, $"expected the failure paths to be taken, got {host.Errors.Count} errors");
        Assert.Contains(host.Errors, e => e.ServiceMessages.Any(m => m.Contains("token=***")));
        Assert.NotEmpty(host.Debug);
        var everything = host.AllText.Concat(host.Errors.Select(e => e.ToString())).ToArray();
        Assert.All(everything, text => Assert.DoesNotContain(Canary, text));
        Assert.DoesNotContain(Canary, connection.ToString());
    }

    private BackupConnection Connect(TimeSpan requestTimeout) =>
        DcosConnection.Create(new DcosConnectionSettings(_server.BaseUri, Canary)
        {
            Http = new BackupModule.Http.HttpSettings
            {
                RequestTimeout = requestTimeout,
                Retry = new BackupModule.Http.RetryPolicy(2, TimeSpan.FromMilliseconds(10)),
            },
        });

    [Fact]
    public void A_token_is_refused_over_plain_http_to_a_remote_host_unless_allowed()
    {
        var refused = Assert.Throws<BackupServiceException>(() => DcosConnection.Create(new DcosConnectionSettings(new Uri("http://master.example.com"), Canary)));
        Assert.Equal(BackupErrorId.UnencryptedAuthentication, refused.ErrorId);
        Assert.DoesNotContain(Canary, refused.ToString());

        using var allowed = DcosConnection.Create(new DcosConnectionSettings(new Uri("http://master.example.com"), Canary) { AllowUnencryptedAuthentication = true });
        using var https = DcosConnection.Create(new DcosConnectionSettings(new Uri("https://master.example.com"), Canary));
        using var loopback = DcosConnection.Create(new DcosConnectionSettings(new Uri("http://localhost:5080"), Canary));
        Assert.Equal(BackendKind.DcosBackup, allowed.Backend);
        Assert.Equal("https://master.example.com/", https.Uri.AbsoluteUri);
        Assert.True(loopback.Uri.IsLoopback);
    }
}
