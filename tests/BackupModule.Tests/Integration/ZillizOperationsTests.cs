using BackupModule.Emulator;
using BackupModule.Errors;
using BackupModule.Model;
using BackupModule.Operations;

namespace BackupModule.Tests.Integration;

/// <summary>
/// Zilliz Cloud through the same operations as DC/OS, over loopback against the emulator: create,
/// list with paging, restore into a new cluster and chosen collections, jobs, policy, -WhatIf, -Wait
/// (success, failure, timeout, cancellation), errors with the service's code and request id.
/// </summary>
public sealed class ZillizOperationsTests : IAsyncLifetime
{
    private ZillizTestCluster _cluster = null!;
    private BackupConnection _connection = null!;

    public async Task InitializeAsync()
    {
        _cluster = await ZillizTestCluster.StartAsync();
        _connection = _cluster.Connect();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private async Task<ClusterBackup> ReadyBackup(NewBackupRequest? request = null)
    {
        var host = new RecordingHost();
        await host.Operations().NewBackupAsync(_connection, request ?? new NewBackupRequest(), TimeSpan.FromSeconds(30));
        Assert.Empty(host.Errors);
        return host.Single<ClusterBackup>();
    }

    [Fact]
    public async Task New_with_Wait_follows_the_job_with_percent_progress_and_ends_Ready()
    {
        _cluster.Zilliz.BackupDuration = TimeSpan.FromMilliseconds(800);
        var host = new RecordingHost();

        await host.Operations().NewBackupAsync(_connection, new NewBackupRequest(), TimeSpan.FromSeconds(30));

        var backup = host.Single<ClusterBackup>();
        Assert.Equal(BackupStatus.Ready, backup.Status);
        Assert.Equal("AVAILABLE", backup.RawStatus);
        Assert.Equal(BackendKind.ZillizCloud, backup.Backend);
        Assert.Equal(ZillizTestCluster.ClusterId, backup.ClusterId);
        Assert.Equal(ZillizTestCluster.ProjectId, backup.ProjectId);
        Assert.Equal(BackupScope.Cluster, backup.Scope);
        Assert.Equal(CreationMethod.Manual, backup.CreationMethod);
        Assert.StartsWith("job-", backup.JobId);
        Assert.Contains(host.Progress, p => !p.Completed && p.PercentComplete is > 0 and <= 100);
        Assert.Single(_cluster.Calls("POST", "/v2/clusters/in01-emulator/backups/create"));
        Assert.Contains(_cluster.Calls("GET", "/v2/jobs/"), c => c.StatusCode == 200);
    }

    [Fact]
    public async Task New_without_Wait_emits_the_Creating_backup_with_its_job()
    {
        var host = new RecordingHost();

        await host.Operations().NewBackupAsync(_connection, new NewBackupRequest(collections: new[] { "medium_articles" }), null);

        var backup = host.Single<ClusterBackup>();
        Assert.Equal(BackupStatus.Creating, backup.Status);
        Assert.Equal(BackupScope.Collection, backup.Scope);
        Assert.NotNull(backup.JobId);
        Assert.Contains(backup.Items, i => i.Name == "medium_articles"); // the examples' flat shape names no database
    }

    [Fact]
    public async Task A_failed_backup_job_is_an_OperationFailed_error_with_the_services_reason()
    {
        _cluster.Zilliz.FailNextBackup("disk quota exceeded in object storage");
        var host = new RecordingHost();

        await host.Operations().NewBackupAsync(_connection, new NewBackupRequest(), TimeSpan.FromSeconds(30));

        var error = host.SingleError();
        Assert.Equal(BackupErrorId.OperationFailed, error.ErrorId);
        Assert.Contains("disk quota exceeded in object storage", error.Message);
        Assert.Empty(host.Output);
    }

    [Fact]
    public async Task A_wait_that_runs_out_is_WaitTimedOut_and_emits_the_last_state()
    {
        _cluster.Zilliz.BackupDuration = TimeSpan.FromSeconds(30);
        var host = new RecordingHost();

        await host.Operations().NewBackupAsync(_connection, new NewBackupRequest(), TimeSpan.FromMilliseconds(400));

        Assert.Equal(BackupErrorId.WaitTimedOut, host.SingleError().ErrorId);
        Assert.Equal(BackupStatus.Creating, host.Single<ClusterBackup>().Status);
    }

    [Fact]
    public async Task Cancelling_a_wait_ends_it_at_once()
    {
        _cluster.Zilliz.BackupDuration = TimeSpan.FromMinutes(5);
        using var cancellation = new CancellationTokenSource();
        var host = new RecordingHost();
        var wait = host.Operations(cancellation.Token).NewBackupAsync(_connection, new NewBackupRequest(), TimeSpan.FromMinutes(5));
        await ZillizWait(() => _cluster.Calls("GET", "/v2/jobs/").Count > 0);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();

        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.Empty(host.Errors);
    }

    [Fact]
    public async Task A_second_manual_backup_is_BackupServiceBusy_and_Wait_waits_for_the_first()
    {
        _cluster.Zilliz.BackupDuration = TimeSpan.FromSeconds(1);
        await new RecordingHost().Operations().NewBackupAsync(_connection, new NewBackupRequest(), null);

        var refused = new RecordingHost();
        await refused.Operations().NewBackupAsync(_connection, new NewBackupRequest(), null);
        var busy = refused.SingleError();
        Assert.Equal(BackupErrorId.BackupServiceBusy, busy.ErrorId);
        Assert.Equal(98002, busy.ServiceCode); // the emulator's own code: matched by its text, as nothing is published
        Assert.NotNull(busy.RequestId);
        Assert.Contains(refused.Warnings, w => w.Contains("refuse a new backup"));

        var waited = new RecordingHost();
        await waited.Operations().NewBackupAsync(_connection, new NewBackupRequest(), TimeSpan.FromSeconds(30));
        Assert.Empty(waited.Errors);
        Assert.Equal(BackupStatus.Ready, waited.Single<ClusterBackup>().Status);
    }

    [Fact]
    public async Task WhatIf_sends_no_mutation_for_create_restore_remove_and_policy()
    {
        var backup = await ReadyBackup();
        var before = _cluster.Mutations.Count;
        var host = new RecordingHost { Approve = false };
        var operations = host.Operations();

        await operations.NewBackupAsync(_connection, new NewBackupRequest(), null);
        await operations.RestoreBackupAsync(_connection, backup.Id, backup.ClusterId, RestoreRequest.IntoNewCluster("whatif-clone", null, 1, CollectionLoadState.Keep), null);
        await operations.RestoreBackupAsync(_connection, backup.Id, backup.ClusterId, RestoreRequest.IntoExistingCluster(new[] { "products" }, null, null, "products_copy", load: false), null);
        await operations.RemoveBackupAsync(_connection, backup.Id, backup.ClusterId);
        await operations.SetPolicyAsync(_connection, BackupPolicyChange.Disable(null), passThru: false);

        Assert.Equal(before, _cluster.Mutations.Count);
        Assert.Equal(5, host.ShouldProcessCalls.Count);
        Assert.Empty(host.Errors);
        Assert.Contains(host.ShouldProcessCalls, c => c.Action.Contains("new cluster 'whatif-clone'") && c.Action.Contains("billed"));
        Assert.Contains(host.ShouldProcessCalls, c => c.Action.Contains("products as products_copy"));
        Assert.Contains(host.ShouldProcessCalls, c => c.Action.Contains("permanently"));
    }

    [Fact]
    public async Task Restore_into_a_new_cluster_returns_its_id_and_a_one_time_credential_that_no_stream_shows()
    {
        var backup = await ReadyBackup();
        var host = new RecordingHost();

        await host.Operations().RestoreBackupAsync(_connection, backup.Id, backup.ClusterId, RestoreRequest.IntoNewCluster("restored-01", null, 2, CollectionLoadState.Release), TimeSpan.FromSeconds(30));

        Assert.Empty(host.Errors);
        var job = host.Single<ClusterBackupJob>();
        Assert.Equal(JobStatus.Succeeded, job.Status);
        Assert.Equal(JobKind.Restore, job.Kind);
        Assert.Equal(backup.Id, job.BackupId);
        var credential = Assert.IsType<OneTimeCredential>(job.NewClusterCredential);
        Assert.Equal("db_admin", credential.UserName);
        Assert.True(credential.Password.Length >= 8);
        var created = Assert.Single(_cluster.Zilliz.Clusters, c => c.ClusterName == "restored-01");
        Assert.Equal(created.ClusterId, job.Target);
        Assert.Equal(2, created.CuSize);
        Assert.Contains(created.Databases, d => d.DbName == "analytics" && d.Collections.Any(c => c.CollectionName == "events" && c.Status == "UNLOADED"));

        var password = new System.Net.NetworkCredential(string.Empty, credential.Password).Password;
        Assert.DoesNotContain(host.AllText, t => t.Contains(password, StringComparison.Ordinal));
        Assert.Contains(host.Debug, d => d.Contains("\"password\"") && d.Contains("***"));
        Assert.DoesNotContain(password, job.ToString());
    }

    [Fact]
    public async Task Restore_chosen_collections_into_an_existing_cluster_and_refuse_to_overwrite()
    {
        var backup = await ReadyBackup();
        var host = new RecordingHost();

        await host.Operations().RestoreBackupAsync(_connection, backup.Id, backup.ClusterId, RestoreRequest.IntoExistingCluster(new[] { "medium_articles" }, null, null, "restore_medium_articles", load: true), TimeSpan.FromSeconds(30));

        Assert.Empty(host.Errors);
        var job = host.Single<ClusterBackupJob>();
        Assert.Equal(JobStatus.Succeeded, job.Status);
        Assert.Equal("in01-emulator/default.restore_medium_articles", job.Target);
        var cluster = Assert.Single(_cluster.Zilliz.Clusters, c => c.ClusterId == ZillizTestCluster.ClusterId);
        Assert.Contains(cluster.Databases.Single(d => d.DbName == "default").Collections, c => c.CollectionName == "restore_medium_articles" && c.Status == "LOADED");

        // Again, and the source collection under its own name: both names are taken now, so each is
        // refused before the prompt, with no mutating request.
        var before = _cluster.Mutations.Count;
        var again = new RecordingHost();
        await again.Operations().RestoreBackupAsync(_connection, backup.Id, backup.ClusterId, RestoreRequest.IntoExistingCluster(new[] { "medium_articles" }, null, null, "restore_medium_articles", load: true), null);
        await again.Operations().RestoreBackupAsync(_connection, backup.Id, backup.ClusterId, RestoreRequest.IntoExistingCluster(new[] { "medium_articles" }, null, null, null, load: false), null);

        Assert.Equal(new[] { BackupErrorId.DestinationCollectionExists, BackupErrorId.DestinationCollectionExists }, again.Errors.Select(e => e.ErrorId));
        Assert.All(again.Errors, e => Assert.Equal(backup.Id, e.Target));
        Assert.Empty(again.Output);
        Assert.Empty(again.ShouldProcessCalls);
        Assert.Equal(before, _cluster.Mutations.Count);
        // One check for the first restore, one for each refused one.
        Assert.Equal(3, _cluster.Calls("POST", "/cluster-endpoints/in01-emulator/v2/vectordb/collections/has").Count(c => c.StatusCode == 200));
    }

    [Fact]
    public async Task A_collection_a_running_restore_will_create_is_refused_by_the_service_if_the_check_is_raced()
    {
        _cluster.Zilliz.RestoreDuration = TimeSpan.FromSeconds(5);
        var backup = await ReadyBackup();
        var first = new RecordingHost();
        await first.Operations().RestoreBackupAsync(_connection, backup.Id, backup.ClusterId, RestoreRequest.IntoExistingCluster(new[] { "products" }, null, null, "products_restored", load: false), null);
        Assert.Empty(first.Errors);

        var second = new RecordingHost();
        await second.Operations().RestoreBackupAsync(_connection, backup.Id, backup.ClusterId, RestoreRequest.IntoExistingCluster(new[] { "products" }, null, null, "products_restored", load: false), null);

        Assert.Equal(BackupErrorId.DestinationCollectionExists, second.SingleError().ErrorId);
        Assert.Single(_cluster.Calls("POST", $"/v2/clusters/in01-emulator/backups/{backup.Id}/restoreCollection"));
    }

    [Fact]
    public async Task Restore_checks_collections_against_the_backup_before_any_request()
    {
        var backup = await ReadyBackup(new NewBackupRequest(collections: new[] { "products" }));
        var host = new RecordingHost();
        var before = _cluster.Mutations.Count;

        await host.Operations().RestoreBackupAsync(_connection, backup.Id, backup.ClusterId, RestoreRequest.IntoExistingCluster(new[] { "events" }, null, null, null, load: false), null);
        await host.Operations().RestoreBackupAsync(_connection, backup.Id, backup.ClusterId, RestoreRequest.IntoNewCluster("from-collections", null, 1, CollectionLoadState.Keep), null);
        await host.Operations().RestoreBackupAsync(_connection, backup.Id, backup.ClusterId, RestoreRequest.SameCluster(), null);

        Assert.Equal(before, _cluster.Mutations.Count);
        Assert.Equal(new[] { BackupErrorId.InvalidArgument, BackupErrorId.InvalidArgument, BackupErrorId.NotSupported }, host.Errors.Select(e => e.ErrorId));
        Assert.Empty(host.ShouldProcessCalls);
    }

    [Fact]
    public async Task Get_and_Wait_job_by_id_alone_re_attach_to_running_work()
    {
        _cluster.Zilliz.BackupDuration = TimeSpan.FromMilliseconds(600);
        var started = new RecordingHost();
        await started.Operations().NewBackupAsync(_connection, new NewBackupRequest(), null);
        var jobId = started.Single<ClusterBackup>().JobId!;
        var fresh = _cluster.Connect();

        var shown = new RecordingHost();
        await shown.Operations().GetJobsAsync(fresh, null, null, jobId);
        var job = shown.Single<ClusterBackupJob>();
        Assert.Equal(JobKind.Backup, job.Kind);
        Assert.Contains(job.Status, new[] { JobStatus.Pending, JobStatus.Running });

        var waited = new RecordingHost();
        await waited.Operations().WaitJobAsync(fresh, jobId, null, null, TimeSpan.FromSeconds(30));
        Assert.Equal(JobStatus.Succeeded, waited.Single<ClusterBackupJob>().Status);
        Assert.Equal(100, waited.Single<ClusterBackupJob>().Progress);

        var missing = new RecordingHost();
        await missing.Operations().GetJobsAsync(fresh, null, null, "job-doesnotexist");
        Assert.Equal(BackupErrorId.JobNotFound, missing.SingleError().ErrorId);
        Assert.Equal("job-doesnotexist", missing.SingleError().Target);
    }

    [Fact]
    public async Task Listing_filters_by_scope_creation_method_label_and_status()
    {
        _cluster.Zilliz.CollectionsShape = ZillizCollectionsShape.DbCollections;
        await ReadyBackup();
        await ReadyBackup(new NewBackupRequest(collections: new[] { "events" }, database: "analytics"));
        var host = new RecordingHost();

        await host.Operations().GetBackupsAsync(_connection, new BackupQuery(scope: BackupScope.Collection), null, null);
        await host.Operations().GetBackupsAsync(_connection, new BackupQuery(creationMethod: CreationMethod.Auto), null, null);
        await host.Operations().GetBackupsAsync(_connection, BackupQuery.All, new LabelPattern("Dedicated-01_*"), new[] { BackupStatus.Ready });

        var backups = host.Output.Cast<ClusterBackup>().ToArray();
        Assert.Equal(3, backups.Length);
        Assert.Equal(BackupScope.Collection, backups[0].Scope);
        Assert.Contains(backups[0].Items, i => i.Name == "analytics.events");
        Assert.Contains(_cluster.Calls("GET", "/v2/backups"), c => c.Query.Contains("backupType=COLLECTION"));
        Assert.Contains(_cluster.Calls("GET", "/v2/backups"), c => c.Query.Contains("creationMethod=AUTO"));
        Assert.Empty(host.Errors);
    }

    [Fact]
    public async Task Get_by_id_describes_and_remove_deletes_with_a_tombstone()
    {
        var backup = await ReadyBackup();
        var host = new RecordingHost();

        await host.Operations().RemoveBackupAsync(_connection, backup.Id, backup.ClusterId);
        await host.Operations().GetBackupAsync(_connection, backup.Id, backup.ClusterId);
        await host.Operations().GetBackupAsync(_connection, "backup-absent", backup.ClusterId);

        Assert.Equal(BackupStatus.Deleted, host.Single<ClusterBackup>().Status);
        var missing = host.SingleError();
        Assert.Equal(BackupErrorId.BackupNotFound, missing.ErrorId);
        Assert.Equal("backup-absent", missing.Target);
        Assert.Single(_cluster.Calls("DELETE", "/v2/clusters/in01-emulator/backups/" + backup.Id));
    }

    [Fact]
    public async Task Policy_round_trips_and_is_checked_locally()
    {
        var host = new RecordingHost();
        var days = new[] { DayOfWeek.Monday, DayOfWeek.Wednesday, DayOfWeek.Sunday };

        await host.Operations().SetPolicyAsync(_connection, BackupPolicyChange.Enable(null, days, TimeSpan.FromHours(2), 7), passThru: true);
        await host.Operations().GetPolicyAsync(_connection, null);
        await host.Operations().SetPolicyAsync(_connection, BackupPolicyChange.Enable(null, days, TimeSpan.FromHours(2), 31), passThru: true);
        await host.Operations().SetPolicyAsync(_connection, BackupPolicyChange.Disable(null), passThru: true);

        var policies = host.Output.Cast<BackupPolicy>().ToArray();
        Assert.Equal(3, policies.Length);
        Assert.True(policies[1].Enabled);
        Assert.Equal(days.OrderBy(d => d == DayOfWeek.Sunday ? 7 : (int)d), policies[1].DayOfWeek);
        Assert.Equal(TimeSpan.FromHours(2), policies[1].WindowStartUtc);
        Assert.Equal(TimeSpan.FromHours(4), policies[1].WindowEndUtc);
        Assert.Equal(7, policies[1].RetentionDays);
        Assert.False(policies[2].Enabled);
        Assert.Equal(BackupErrorId.InvalidArgument, host.SingleError().ErrorId);
        Assert.Contains(_cluster.Calls("POST", "/v2/clusters/in01-emulator/backups/policy"), c => c.StatusCode == 200);
        Assert.Equal(2, _cluster.Calls("POST", "/v2/clusters/in01-emulator/backups/policy").Count);
    }

    [Fact]
    public async Task DCOS_connections_say_they_have_no_schedule()
    {
        await using var dcos = await DcosTestCluster.StartAsync();
        var host = new RecordingHost();

        await host.Operations().GetPolicyAsync(dcos.Connect(), null);

        Assert.Equal(BackupErrorId.NotSupported, host.SingleError().ErrorId);
    }

    private static async Task ZillizWait(Func<bool> condition) => await DcosTestCluster.Eventually(condition, "condition");
}
