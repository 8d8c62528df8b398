using BackupModule.Dcos;
using BackupModule.Emulator;
using BackupModule.Errors;
using BackupModule.Model;
using BackupModule.Operations;
using BackupModule.Tests.Unit;

namespace BackupModule.Tests.Integration;

/// <summary>
/// Connect, the session default and the environment fallback. These touch the process-wide default,
/// so they live in one class (xunit runs a class's tests one at a time), in the collection of the registry's tests.
/// </summary>
[Collection(SessionConnectionsCollection.Name)]
public sealed class SessionConnectionTests : IAsyncLifetime
{
    private DcosTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await DcosTestCluster.StartAsync();

    public async Task DisposeAsync()
    {
        SessionConnections.SetDefault(null);
        await _cluster.DisposeAsync();
    }

    private DcosConnectionSettings Settings(string token) => new(_cluster.MasterUri, token);

    [Fact]
    public async Task Connect_checks_the_connection_with_one_read_and_makes_it_the_default()
    {
        var host = new RecordingHost();

        var connection = await new ClusterBackupOperations(host, default).ConnectAsync(() => DcosConnection.Create(Settings(DcosEmulatorOptions.DefaultToken)), setDefault: true);

        Assert.Same(connection, SessionConnections.Default);
        Assert.True(connection.IsDefault);
        Assert.Single(_cluster.Server.Audit.Entries);
        Assert.Empty(_cluster.Mutations);
        Assert.Same(connection, SessionConnections.Resolve(null, _ => null, host));
    }

    [Fact]
    public async Task Connect_registers_the_connection_under_its_name_and_a_bad_name_sends_nothing()
    {
        var operations = new ClusterBackupOperations(new RecordingHost(), default);
        var name = "prod-" + Guid.NewGuid().ToString("N");

        var connection = await operations.ConnectAsync(() => DcosConnection.Create(Settings(DcosEmulatorOptions.DefaultToken)), setDefault: true, name);

        Assert.Equal(name, connection.Name);
        Assert.Same(connection, SessionConnections.Find(name.ToUpperInvariant()));
        Assert.True(connection.IsDefault);

        _cluster.Server.Audit.Clear();
        var error = await Assert.ThrowsAsync<BackupServiceException>(() =>
            operations.ConnectAsync(() => DcosConnection.Create(Settings(DcosEmulatorOptions.DefaultToken)), setDefault: true, "prod*"));
        Assert.Equal(BackupErrorId.InvalidArgument, error.ErrorId);
        Assert.Empty(_cluster.Server.Audit.Entries);
        Assert.Same(connection, SessionConnections.Default);
        SessionConnections.Remove(new[] { connection });
    }

    [Fact]
    public async Task Connect_with_a_token_lacking_the_grant_fails_and_keeps_the_previous_default()
    {
        var host = new RecordingHost();
        var first = await new ClusterBackupOperations(host, default).ConnectAsync(() => DcosConnection.Create(Settings(DcosEmulatorOptions.DefaultToken)), setDefault: true);

        var error = await Assert.ThrowsAsync<BackupServiceException>(() =>
            new ClusterBackupOperations(host, default).ConnectAsync(() => DcosConnection.Create(Settings(DcosEmulatorOptions.DefaultNoPermissionToken)), setDefault: true));

        Assert.Equal(BackupErrorId.Forbidden, error.ErrorId);
        Assert.Same(first, SessionConnections.Default);
    }

    [Fact]
    public void Without_a_connection_the_environment_is_used_and_then_kept_as_the_default()
    {
        SessionConnections.SetDefault(null);
        var environment = new Dictionary<string, string?>
        {
            [DcosConnectionSettings.UrlVariable] = _cluster.MasterUri.AbsoluteUri,
            [DcosConnectionSettings.TokenVariable] = DcosEmulatorOptions.DefaultToken,
        };
        var host = new RecordingHost();

        var connection = SessionConnections.Resolve(null, name => environment.GetValueOrDefault(name), host);

        Assert.Equal(_cluster.MasterUri, connection.Uri);
        Assert.Same(connection, SessionConnections.Default);
        // Listed like a Connect without -Name, under its derived name.
        Assert.Same(connection, SessionConnections.Find($"dcos-127.0.0.1:{_cluster.MasterUri.Port}"));
        Assert.Contains(host.Verbose, line => line.Contains("DCOS_URL"));
        Assert.DoesNotContain(host.Verbose, line => line.Contains(DcosEmulatorOptions.DefaultToken));
    }

    [Fact]
    public async Task Objects_read_through_a_replaced_default_still_reach_their_cluster()
    {
        var host = new RecordingHost();
        var operations = new ClusterBackupOperations(host, default);
        var first = await operations.ConnectAsync(() => DcosConnection.Create(Settings(DcosEmulatorOptions.DefaultToken)), setDefault: true);
        await operations.GetBackupsAsync(first, BackupQuery.All, null, null);

        await operations.ConnectAsync(() => DcosConnection.Create(Settings(DcosEmulatorOptions.DefaultToken)), setDefault: true);
        SessionConnections.SetDefault(null);

        // What "$saved | Restore-ClusterBackup" does after a reconnect or Disconnect-ClusterBackupService.
        await operations.GetJobsAsync(first, "absent-backup", null, null);
        Assert.Equal(BackupErrorId.BackupNotFound, host.SingleError().ErrorId);
    }

    [Fact]
    public void Without_any_connection_the_error_is_NotConnected()
    {
        SessionConnections.SetDefault(null);

        var error = Assert.Throws<BackupServiceException>(() => SessionConnections.Resolve(null, _ => null, new RecordingHost()));

        Assert.Equal(BackupErrorId.NotConnected, error.ErrorId);
        Assert.Contains("Connect-ClusterBackupService", error.Message);
    }

    [Fact]
    public void An_explicit_connection_wins_over_the_default()
    {
        using var given = _cluster.Connect();

        Assert.Same(given, SessionConnections.Resolve(given, _ => throw new InvalidOperationException("environment must not be read"), new RecordingHost()));
    }

    [Fact]
    public async Task A_token_rotated_in_the_environment_is_picked_up_after_a_401()
    {
        var environment = new Dictionary<string, string?>
        {
            [DcosConnectionSettings.UrlVariable] = _cluster.MasterUri.AbsoluteUri,
            [DcosConnectionSettings.TokenVariable] = "stale-token-value",
        };
        var settings = DcosConnectionSettings.FromEnvironment(name => environment.GetValueOrDefault(name))!;
        using var connection = DcosConnection.Create(settings);
        environment[DcosConnectionSettings.TokenVariable] = DcosEmulatorOptions.DefaultToken;

        await connection.OpenService(new RecordingHost()).GetJobsAsync("none", null, default).ContinueWith(_ => { });

        Assert.Equal(new[] { "invalid", "valid" }, _cluster.Server.Audit.Entries.Select(e => e.Credential));
    }
}
