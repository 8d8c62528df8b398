using System.Text.RegularExpressions;
using BackupModule.Emulator;
using BackupModule.Errors;
using BackupModule.Model;

namespace BackupModule.Tests.Integration;

/// <summary>The shared HTTP core over real loopback HTTP: retries, timeouts, cancellation, auth, the log hook.</summary>
public sealed class HttpCoreTests : IAsyncLifetime
{
    private DcosTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await DcosTestCluster.StartAsync(backupDuration: TimeSpan.FromMinutes(5));

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private static async Task<List<ClusterBackup>> ListAll(IBackupService service, CancellationToken cancellationToken = default)
    {
        var items = new List<ClusterBackup>();
        await foreach (var backup in service.ListBackupsAsync(BackupQuery.All, cancellationToken))
        {
            items.Add(backup);
        }

        return items;
    }

    [Fact]
    public async Task A_read_is_retried_on_503_and_waits_what_Retry_After_asks()
    {
        _cluster.Server.Faults.Add(new FaultRule { Method = "GET", PathPrefix = "/system/v1/backup/v1/list", StatusCode = 503, RetryAfterSeconds = 1 });
        var host = new RecordingHost();

        await ListAll(_cluster.Connect().OpenService(host));

        var gets = _cluster.Calls("GET", "list");
        Assert.Equal(new[] { 503, 200 }, gets.Select(g => g.StatusCode));
        Assert.Contains(host.Verbose, line => line.Contains(" 503 ") && line.EndsWith("retrying in 1.0 s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_read_gives_up_after_four_attempts()
    {
        _cluster.Server.Faults.Add(new FaultRule { Method = "GET", PathPrefix = "/system/v1/backup/v1/list", StatusCode = 503, Times = -1 });

        var error = await Assert.ThrowsAsync<BackupServiceException>(() => ListAll(_cluster.Connect().OpenService(new RecordingHost())));

        Assert.Equal(BackupErrorId.ServiceUnavailable, error.ErrorId);
        Assert.Equal(503, error.StatusCode);
        Assert.Equal(4, _cluster.Calls("GET", "list").Count);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task A_read_is_retried_after_a_dropped_connection_or_a_truncated_body(bool abort, bool truncate)
    {
        _cluster.Server.Faults.Add(new FaultRule { Method = "GET", PathPrefix = "/system/v1/backup/v1/list", Abort = abort, TruncateBody = truncate });

        var backups = await ListAll(_cluster.Connect().OpenService(new RecordingHost()));

        Assert.Empty(backups);
        Assert.Equal(2, _cluster.Calls("GET", "list").Count);
    }

    [Fact]
    public async Task Create_is_not_retried_on_500()
    {
        _cluster.Server.Faults.Add(new FaultRule { Method = "POST", PathPrefix = "/system/v1/backup/v1/create", StatusCode = 500, Message = "internal failure" });

        var error = await Assert.ThrowsAsync<BackupServiceException>(() => _cluster.Connect().OpenService(new RecordingHost()).CreateBackupAsync(new NewBackupRequest("nightly"), default));

        Assert.Equal(BackupErrorId.ServiceError, error.ErrorId);
        Assert.Equal("nightly", error.Target);
        Assert.Contains("internal failure", error.ServiceMessages);
        Assert.Single(_cluster.Calls("POST", "create"));
        Assert.False(error.OutcomeUnknown);
    }

    [Fact]
    public async Task Create_is_not_retried_on_503_either()
    {
        _cluster.Server.Faults.Add(new FaultRule { Method = "POST", PathPrefix = "/system/v1/backup/v1/create", StatusCode = 503, RetryAfterSeconds = 1 });

        var error = await Assert.ThrowsAsync<BackupServiceException>(() => _cluster.Connect().OpenService(new RecordingHost()).CreateBackupAsync(new NewBackupRequest("nightly"), default));

        Assert.Equal(BackupErrorId.ServiceUnavailable, error.ErrorId);
        Assert.Single(_cluster.Calls("POST", "create"));
        Assert.Empty(_cluster.Server.Dcos.Backups);
    }

    [Fact]
    public async Task A_create_that_timed_out_is_found_in_flight_instead_of_being_sent_again()
    {
        // The service starts the backup, but its answer comes after the client gave up.
        _cluster.Server.Faults.Add(new FaultRule { Method = "POST", PathPrefix = "/system/v1/backup/v1/create", AfterHandler = true, Delay = TimeSpan.FromSeconds(6) });
        var connection = _cluster.Connect(configure: s => s.Http.RequestTimeout = TimeSpan.FromMilliseconds(1500));

        var backup = await connection.OpenService(new RecordingHost()).CreateBackupAsync(new NewBackupRequest("nightly"), default);

        Assert.Equal("nightly", backup.Label);
        Assert.Equal(BackupStatus.Creating, backup.Status);
        // The audit logs the abandoned POST when the server sees the client hang up, which may come after the list.
        await DcosTestCluster.Eventually(() => _cluster.Calls("POST", "create").Count > 0, "the abandoned create logged");
        Assert.Single(_cluster.Calls("POST", "create"));
        Assert.Contains(_cluster.Calls("GET", "list"), g => g.Query == "?prefix=nightly-");
        Assert.Equal(backup.Id, Assert.Single(_cluster.Server.Dcos.Backups).Id);
    }

    [Fact]
    public async Task A_create_lost_before_the_service_acted_is_reported_and_not_resent()
    {
        _cluster.Server.Faults.Add(new FaultRule { Method = "POST", PathPrefix = "/system/v1/backup/v1/create", Abort = true });

        var error = await Assert.ThrowsAsync<BackupServiceException>(() => _cluster.Connect().OpenService(new RecordingHost()).CreateBackupAsync(new NewBackupRequest("nightly"), default));

        Assert.Equal(BackupErrorId.CreateOutcomeUnknown, error.ErrorId);
        Assert.Equal("nightly", error.Target);
        Assert.Single(_cluster.Calls("POST", "create"));
        Assert.Empty(_cluster.Server.Dcos.Backups);
    }

    [Fact]
    public async Task A_read_that_gets_no_answer_times_out_per_request()
    {
        _cluster.Server.Faults.Add(new FaultRule { Method = "GET", PathPrefix = "/system/v1/backup/v1/list", Delay = TimeSpan.FromSeconds(30), Times = -1 });
        var connection = _cluster.Connect(configure: s =>
        {
            s.Http.RequestTimeout = TimeSpan.FromMilliseconds(200);
            s.Http.Retry = new BackupModule.Http.RetryPolicy(2, TimeSpan.FromMilliseconds(10));
        });
        var host = new RecordingHost();

        var error = await Assert.ThrowsAsync<BackupServiceException>(() => ListAll(connection.OpenService(host)));

        Assert.Equal(BackupErrorId.RequestTimedOut, error.ErrorId);
        Assert.Equal(2, host.Verbose.Count(line => line.Contains("timed out")));
    }

    [Fact]
    public async Task Cancellation_ends_an_in_flight_request()
    {
        _cluster.Server.Faults.Add(new FaultRule { Method = "GET", PathPrefix = "/system/v1/backup/v1/list", Delay = TimeSpan.FromSeconds(30) });
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ListAll(_cluster.Connect().OpenService(new RecordingHost()), cancellation.Token));
    }

    [Fact]
    public async Task A_bad_token_is_Unauthorized_after_one_request()
    {
        var error = await Assert.ThrowsAsync<BackupServiceException>(() => ListAll(_cluster.Connect("not-a-valid-token").OpenService(new RecordingHost())));

        Assert.Equal(BackupErrorId.Unauthorized, error.ErrorId);
        Assert.Equal(BackupErrorKind.Authentication, error.Kind);
        Assert.Equal("invalid", Assert.Single(_cluster.Calls("GET", "list")).Credential);
    }

    [Fact]
    public async Task After_a_401_a_refreshed_token_is_tried_once()
    {
        var connection = _cluster.Connect("expired-token-1", s => s.RefreshToken = _ => Task.FromResult<string?>(DcosEmulatorOptions.DefaultToken));

        await ListAll(connection.OpenService(new RecordingHost()));

        Assert.Equal(new[] { "invalid", "valid" }, _cluster.Calls("GET", "list").Select(c => c.Credential));
    }

    [Fact]
    public async Task A_refresh_that_still_fails_is_not_looped()
    {
        var refreshes = 0;
        var connection = _cluster.Connect("expired-token-1", s => s.RefreshToken = _ => Task.FromResult<string?>("expired-token-" + (2 + Interlocked.Increment(ref refreshes))));

        var error = await Assert.ThrowsAsync<BackupServiceException>(() => ListAll(connection.OpenService(new RecordingHost())));

        Assert.Equal(BackupErrorId.Unauthorized, error.ErrorId);
        Assert.Equal(1, refreshes);
        Assert.Equal(2, _cluster.Calls("GET", "list").Count);
    }

    [Fact]
    public async Task A_token_without_the_grant_is_Forbidden_and_names_the_grant()
    {
        var error = await Assert.ThrowsAsync<BackupServiceException>(() => ListAll(_cluster.Connect(DcosEmulatorOptions.DefaultNoPermissionToken).OpenService(new RecordingHost())));

        Assert.Equal(BackupErrorId.Forbidden, error.ErrorId);
        Assert.Equal(BackupErrorKind.Permission, error.Kind);
        Assert.Contains("dcos:adminrouter:ops:system-backup full", error.Message);
        Assert.Single(_cluster.Calls("GET", "list"));
    }

    [Fact]
    public async Task Each_call_gives_one_verbose_line_and_a_redacted_debug_dump()
    {
        var host = new RecordingHost();

        await ListAll(_cluster.Connect().OpenService(host));

        var line = Assert.Single(host.Verbose);
        Assert.Matches(new Regex(@"^GET /system/v1/backup/v1/list 200 \(\d+ ms\)$"), line);
        var dump = Assert.Single(host.Debug);
        Assert.Contains("Authorization: token=***", dump);
        Assert.DoesNotContain(DcosEmulatorOptions.DefaultToken, dump);
    }

    [Fact]
    public async Task Delete_sends_its_id_in_a_JSON_body()
    {
        var service = _cluster.Connect().OpenService(new RecordingHost());
        _cluster.Server.Dcos.BackupDuration = TimeSpan.FromMilliseconds(1);
        var backup = await service.CreateBackupAsync(new NewBackupRequest("to-delete"), default);
        await DcosTestCluster.Eventually(() => _cluster.Server.Dcos.Backups.All(b => b.Status == "STATUS_READY"), "backup ready");

        await service.RemoveBackupAsync(backup, default);

        var delete = Assert.Single(_cluster.Calls("DELETE", "delete"));
        Assert.Equal(200, delete.StatusCode);
        Assert.Contains($"\"id\":\"{backup.Id}\"", delete.RequestBody);
        Assert.Empty(_cluster.Server.Dcos.Backups);
    }
}
