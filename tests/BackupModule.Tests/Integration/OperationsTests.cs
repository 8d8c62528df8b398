using BackupModule.Emulator;
using BackupModule.Errors;
using BackupModule.Model;
using BackupModule.Operations;

namespace BackupModule.Tests.Integration;

/// <summary>
/// What each cmdlet does, run through the host seam against the emulator: -WhatIf, -Wait (success,
/// failure, timeout, cancellation), errors per item, and the Get | Where | Restore pipeline.
/// </summary>
public sealed class OperationsTests : IAsyncLifetime
{
    private DcosTestCluster _cluster = null!;
    private BackupModule.Model.BackupConnection _connection = null!;

    public async Task InitializeAsync()
    {
        _cluster = await DcosTestCluster.StartAsync();
        _connection = _cluster.Connect();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private async Task<ClusterBackup> ReadyBackup(string label)
    {
        var host = new RecordingHost();
        await host.Operations().NewBackupAsync(_connection, new NewBackupRequest(label), TimeSpan.FromSeconds(30));
        Assert.Empty(host.Errors);
        return host.Single<ClusterBackup>();
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("..hidden")]
    [InlineData("has space")]
    [InlineData("this-label-is-far-too-long-for-dcos")]
    public async Task An_invalid_label_is_rejected_before_any_request(string label)
    {
        var host = new RecordingHost();

        await host.Operations().NewBackupAsync(_connection, new NewBackupRequest(label), null);

        var error = host.SingleError();
        Assert.Equal(BackupErrorId.InvalidLabel, error.ErrorId);
        Assert.Equal(label, error.Target);
        Assert.Empty(_cluster.Server.Audit.Entries);
        Assert.Empty(host.ShouldProcessCalls);
    }

    [Fact]
    public async Task New_under_WhatIf_sends_no_mutation()
    {
        var host = new RecordingHost { Approve = false };

        await host.Operations().NewBackupAsync(_connection, new NewBackupRequest("nightly"), TimeSpan.FromSeconds(5));

        Assert.Single(host.ShouldProcessCalls);
        Assert.Empty(_cluster.Mutations);
        Assert.NotEmpty(_cluster.Calls("GET", "list"));
        Assert.Empty(host.Output);
        Assert.Empty(_cluster.Server.Dcos.Backups);
    }

    [Fact]
    public async Task Restore_and_Remove_under_WhatIf_send_no_mutation()
    {
        var backup = await ReadyBackup("keep-me");
        _cluster.Server.Audit.Clear();
        var host = new RecordingHost { Approve = false };

        await host.Operations().RestoreBackupAsync(_connection, backup.Id, null, RestoreRequest.SameCluster(), TimeSpan.FromSeconds(5));
        await host.Operations().RemoveBackupAsync(_connection, backup.Id, null);

        Assert.Equal(2, host.ShouldProcessCalls.Count);
        Assert.Contains("Marathon restarts", host.ShouldProcessCalls[0].Action);
        Assert.StartsWith(backup.Id, host.ShouldProcessCalls[1].Target);
        Assert.Empty(_cluster.Mutations);
        Assert.Empty(host.Errors);
        Assert.Empty(Assert.Single(_cluster.Server.Dcos.Backups).Restores);
    }

    [Fact]
    public async Task New_with_Wait_returns_the_backup_once_Ready_and_shows_progress()
    {
        var host = new RecordingHost();

        await host.Operations().NewBackupAsync(_connection, new NewBackupRequest("nightly-1"), TimeSpan.FromSeconds(30));

        var backup = host.Single<ClusterBackup>();
        Assert.Equal(BackupStatus.Ready, backup.Status);
        Assert.Equal("STATUS_READY", backup.RawStatus);
        Assert.Equal("nightly-1", backup.Label);
        Assert.StartsWith("nightly-1-", backup.Id);
        Assert.Same(_connection, backup.Connection);
        Assert.Equal("marathon", Assert.Single(backup.Items).Name);
        Assert.Empty(host.Errors);
        Assert.Contains(host.Progress, p => !p.Completed && p.Activity.Contains(backup.Id));
        Assert.True(host.Progress.Last().Completed);
        Assert.Single(_cluster.Calls("POST", "create"));
    }

    [Fact]
    public async Task New_with_Wait_reports_a_failed_backup_with_the_component_error()
    {
        _cluster.Server.Dcos.FailNextBackup("marathon: zk snapshot failed");
        var host = new RecordingHost();

        await host.Operations().NewBackupAsync(_connection, new NewBackupRequest("doomed"), TimeSpan.FromSeconds(30));

        var error = host.SingleError();
        Assert.Equal(BackupErrorId.OperationFailed, error.ErrorId);
        Assert.Equal(BackupErrorKind.OperationFailed, error.Kind);
        Assert.Contains("zk snapshot failed", error.Message);
        Assert.StartsWith("doomed-", (string)error.Target!);
        Assert.Empty(host.Output);
    }

    [Fact]
    public async Task New_with_Wait_times_out_with_an_error_and_the_last_known_backup()
    {
        _cluster.Server.Dcos.BackupDuration = TimeSpan.FromMinutes(10);
        var host = new RecordingHost();

        await host.Operations().NewBackupAsync(_connection, new NewBackupRequest("slow"), TimeSpan.FromMilliseconds(400));

        var error = host.SingleError();
        Assert.Equal(BackupErrorId.WaitTimedOut, error.ErrorId);
        Assert.Equal(BackupErrorKind.Timeout, error.Kind);
        var last = host.Single<ClusterBackup>();
        Assert.Equal(BackupStatus.Creating, last.Status);
        Assert.Equal(last.Id, error.Target);
    }

    [Fact]
    public async Task New_with_Wait_is_cancelled_at_once()
    {
        _cluster.Server.Dcos.BackupDuration = TimeSpan.FromMinutes(10);
        using var cancellation = new CancellationTokenSource();
        var host = new RecordingHost();
        var wait = host.Operations(cancellation.Token).NewBackupAsync(_connection, new NewBackupRequest("cancelled"), TimeSpan.FromMinutes(5));
        await DcosTestCluster.Eventually(() => _cluster.Calls("POST", "create").Count == 1, "create sent");

        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        Assert.Empty(host.Output);
        Assert.Empty(host.Errors);
    }

    [Fact]
    public async Task New_with_Wait_waits_out_a_busy_service_and_then_creates()
    {
        _cluster.Server.Dcos.BackupDuration = TimeSpan.FromSeconds(2);
        var first = new RecordingHost();
        await first.Operations().NewBackupAsync(_connection, new NewBackupRequest("first"), null);
        var second = new RecordingHost();

        await second.Operations().NewBackupAsync(_connection, new NewBackupRequest("second"), TimeSpan.FromSeconds(30));

        Assert.Equal(BackupStatus.Ready, second.Single<ClusterBackup>().Status);
        var creates = _cluster.Calls("POST", "create");
        Assert.Equal(200, creates.First().StatusCode);
        Assert.Contains(creates, c => c.StatusCode == 500);
        Assert.Equal(200, creates.Last().StatusCode);
        Assert.Contains(second.Warnings, w => w.Contains("refuse a new backup") && w.Contains("first-"));
    }

    [Fact]
    public async Task New_without_Wait_reports_a_busy_service_as_BackupServiceBusy()
    {
        _cluster.Server.Dcos.BackupDuration = TimeSpan.FromMinutes(10);
        await new RecordingHost().Operations().NewBackupAsync(_connection, new NewBackupRequest("first"), null);
        var host = new RecordingHost();

        await host.Operations().NewBackupAsync(_connection, new NewBackupRequest("second"), null);

        var error = host.SingleError();
        Assert.Equal(BackupErrorId.BackupServiceBusy, error.ErrorId);
        Assert.Equal(BackupErrorKind.Busy, error.Kind);
        Assert.Equal("second", error.Target);
        Assert.Contains(error.ServiceMessages, m => m.Contains("lock is already held"));
    }

    [Fact]
    public async Task The_Get_Where_Restore_pipeline_goes_back_to_the_cluster_each_backup_came_from()
    {
        await ReadyBackup("pipe-a");
        _cluster.Server.Dcos.FailNextBackup("broken on purpose");
        await new RecordingHost().Operations().NewBackupAsync(_connection, new NewBackupRequest("pipe-b"), TimeSpan.FromSeconds(30));
        var listing = new RecordingHost();
        await listing.Operations().GetBackupsAsync(_connection, BackupQuery.All, new LabelPattern("pipe-*"), null);
        var backups = listing.Output.OfType<ClusterBackup>().ToArray();
        Assert.Equal(2, backups.Length);

        var restoring = new RecordingHost();
        foreach (var backup in backups.Where(b => b.Status == BackupStatus.Ready))
        {
            // What PowerShell binds by property name: Id and Connection.
            await restoring.Operations().RestoreBackupAsync(backup.Connection!, backup.Id, null, RestoreRequest.SameCluster(), TimeSpan.FromSeconds(30));
        }

        var job = restoring.Single<ClusterBackupJob>();
        Assert.Equal(JobStatus.Succeeded, job.Status);
        Assert.Equal(JobKind.Restore, job.Kind);
        Assert.StartsWith("pipe-a-", job.BackupId);
        Assert.Same(_connection, job.Connection);
        Assert.Empty(restoring.Errors);
        Assert.Single(_cluster.Calls("POST", "restore"));
    }

    [Fact]
    public async Task Restore_with_Wait_reports_failure_and_timeout()
    {
        var backup = await ReadyBackup("restore-me");
        _cluster.Server.Dcos.FailNextRestore("marathon would not start");
        var failed = new RecordingHost();
        await failed.Operations().RestoreBackupAsync(_connection, backup.Id, null, RestoreRequest.SameCluster(), TimeSpan.FromSeconds(30));
        var failure = failed.SingleError();
        Assert.Equal(BackupErrorId.OperationFailed, failure.ErrorId);
        Assert.Contains("marathon would not start", failure.Message);

        _cluster.Server.Dcos.RestoreDuration = TimeSpan.FromMinutes(10);
        var slow = new RecordingHost();
        await slow.Operations().RestoreBackupAsync(_connection, backup.Id, null, RestoreRequest.SameCluster(), TimeSpan.FromMilliseconds(400));
        Assert.Equal(BackupErrorId.WaitTimedOut, slow.SingleError().ErrorId);
        var running = slow.Single<ClusterBackupJob>();
        Assert.Equal(JobStatus.Running, running.Status);
        Assert.Equal(running.Id, slow.SingleError().Target);
    }

    [Fact]
    public async Task A_restore_is_never_retried_when_the_service_is_busy()
    {
        var backup = await ReadyBackup("busy-target");
        _cluster.Server.Dcos.BackupDuration = TimeSpan.FromMinutes(10);
        await new RecordingHost().Operations().NewBackupAsync(_connection, new NewBackupRequest("holds-lock"), null);
        var host = new RecordingHost();

        await host.Operations().RestoreBackupAsync(_connection, backup.Id, null, RestoreRequest.SameCluster(), TimeSpan.FromSeconds(30));

        Assert.Equal(BackupErrorId.BackupServiceBusy, host.SingleError().ErrorId);
        Assert.Equal(backup.Id, host.SingleError().Target);
        Assert.Single(_cluster.Calls("POST", "restore"));
    }

    [Fact]
    public async Task A_backup_that_is_not_ready_is_not_restored()
    {
        _cluster.Server.Dcos.BackupDuration = TimeSpan.FromMinutes(10);
        var started = new RecordingHost();
        await started.Operations().NewBackupAsync(_connection, new NewBackupRequest("not-yet"), null);
        var host = new RecordingHost();

        await host.Operations().RestoreBackupAsync(_connection, started.Single<ClusterBackup>().Id, null, RestoreRequest.SameCluster(), null);

        Assert.Equal(BackupErrorId.BackupNotReady, host.SingleError().ErrorId);
        Assert.Empty(_cluster.Calls("POST", "restore"));
    }

    [Fact]
    public async Task A_restore_started_without_Wait_can_be_found_and_waited_on_later()
    {
        var backup = await ReadyBackup("reattach");
        var started = new RecordingHost();
        await started.Operations().RestoreBackupAsync(_connection, backup.Id, null, RestoreRequest.SameCluster(), null);
        var job = started.Single<ClusterBackupJob>();
        Assert.Equal(JobStatus.Running, job.Status);

        var listed = new RecordingHost();
        await listed.Operations().GetJobsAsync(_connection, backup.Id, null, null);
        Assert.Equal(job.Id, listed.Single<ClusterBackupJob>().Id);

        var waited = new RecordingHost();
        await waited.Operations().WaitJobAsync(_connection, job.Id, job.BackupId, null, TimeSpan.FromSeconds(30));
        Assert.Equal(JobStatus.Succeeded, waited.Single<ClusterBackupJob>().Status);

        var missing = new RecordingHost();
        await missing.Operations().GetJobsAsync(_connection, backup.Id, null, "restore-does-not-exist");
        Assert.Equal(BackupErrorId.JobNotFound, missing.SingleError().ErrorId);
        Assert.Equal("restore-does-not-exist", missing.SingleError().Target);
    }

    [Fact]
    public async Task Get_filters_by_label_wildcard_and_status_and_reports_a_missing_exact_label()
    {
        await ReadyBackup("weekly-1");
        await ReadyBackup("daily-1");
        var host = new RecordingHost();

        await host.Operations().GetBackupsAsync(_connection, BackupQuery.All, new LabelPattern("WEEKLY-*"), new[] { BackupStatus.Ready });
        await host.Operations().GetBackupsAsync(_connection, BackupQuery.All, new LabelPattern("monthly-*"), null);
        await host.Operations().GetBackupsAsync(_connection, BackupQuery.All, new LabelPattern("monthly-1"), null);

        Assert.Equal("weekly-1", host.Single<ClusterBackup>().Label);
        var error = host.SingleError();
        Assert.Equal(BackupErrorId.BackupNotFound, error.ErrorId);
        Assert.Equal("monthly-1", error.Target);
    }

    [Fact]
    public async Task Get_and_Remove_by_id_report_a_missing_backup_per_item()
    {
        var backup = await ReadyBackup("present");
        var host = new RecordingHost();

        await host.Operations().GetBackupAsync(_connection, "absent-00000000-0000-4000-8000-000000000000", null);
        await host.Operations().GetBackupAsync(_connection, backup.Id, null);
        await host.Operations().RemoveBackupAsync(_connection, "absent-00000000-0000-4000-8000-000000000000", null);
        await host.Operations().RemoveBackupAsync(_connection, backup.Id, null);

        Assert.Equal(backup.Id, host.Single<ClusterBackup>().Id);
        Assert.Equal(2, host.Errors.Count);
        Assert.All(host.Errors, e =>
        {
            Assert.Equal(BackupErrorId.BackupNotFound, e.ErrorId);
            Assert.Equal("absent-00000000-0000-4000-8000-000000000000", e.Target);
        });
        Assert.Single(_cluster.Calls("DELETE", "delete"));
        Assert.Empty(_cluster.Server.Dcos.Backups);
    }
}
