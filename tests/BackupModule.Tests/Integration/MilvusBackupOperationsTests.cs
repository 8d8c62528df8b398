using System.Text.Json;
using BackupModule.Emulator;
using BackupModule.Errors;
using BackupModule.Model;
using BackupModule.Operations;

namespace BackupModule.Tests.Integration;

/// <summary>
/// milvus-backup through the same operations as the other back ends, over loopback against the emulator: names
/// checked and refused before any create, selections, waits that follow the task, restores beside or over the
/// originals, a server that forgot its tasks, a task stuck at state 0, and the encryption key never shown.
/// </summary>
public sealed class MilvusBackupOperationsTests : IAsyncLifetime
{
    private MilvusBackupTestCluster _cluster = null!;
    private BackupConnection _connection = null!;

    public async Task InitializeAsync()
    {
        _cluster = await MilvusBackupTestCluster.StartAsync();
        _connection = _cluster.Connect();
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private async Task<ClusterBackup> ReadyBackupAsync(string name, IReadOnlyList<string>? collections = null, string? database = null)
    {
        var host = new RecordingHost();
        await host.Operations().NewBackupAsync(_connection, new NewBackupRequest(name, collections: collections, database: database), TimeSpan.FromSeconds(30));
        Assert.Empty(host.Errors);
        return host.Single<ClusterBackup>();
    }

    [Fact]
    public async Task New_with_Wait_follows_the_task_with_progress_and_ends_Ready_with_its_time_collections_and_size()
    {
        _cluster.Milvus.BackupDuration = TimeSpan.FromMilliseconds(800);
        var host = new RecordingHost();

        await host.Operations().NewBackupAsync(_connection, new NewBackupRequest("nightly_1"), TimeSpan.FromSeconds(30));

        var backup = host.Single<ClusterBackup>();
        Assert.Equal(("nightly_1", "nightly_1", BackupStatus.Ready, "2"), (backup.Id, backup.Label, backup.Status, backup.RawStatus));
        Assert.Equal(BackendKind.MilvusBackup, backup.Backend);
        Assert.Equal(_cluster.Server.BaseUri.AbsoluteUri, backup.ClusterId);
        Assert.Equal(BackupScope.Cluster, backup.Scope);
        Assert.Equal(MilvusBackupServer.MilvusVersion, backup.SourceVersion);
        Assert.InRange(backup.CreatedAt!.Value, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(new[] { "analytics.events", "default.medium_articles", "default.products" }, backup.Items.Select(i => i.Name).Order());
        Assert.True(backup.SizeBytes > 0);
        Assert.Contains(host.Progress, p => !p.Completed && p.PercentComplete is > 0 and <= 100);
        Assert.Single(_cluster.Calls("POST", "/api/v1/create"));
    }

    [Fact]
    public async Task A_name_in_storage_is_BackupExists_before_any_create_also_under_WhatIf()
    {
        await ReadyBackupAsync("taken");
        _cluster.Server.Audit.Clear();

        foreach (var approve in new[] { false, true })
        {
            var host = new RecordingHost { Approve = approve };
            await host.Operations().NewBackupAsync(_connection, new NewBackupRequest("taken"), null);

            var error = host.SingleError();
            Assert.Equal(BackupErrorId.BackupExists, error.ErrorId);
            Assert.Equal(BackupErrorKind.ResourceExists, error.Kind);
            Assert.Equal("taken", error.Target);
            Assert.Empty(host.ShouldProcessCalls);
        }

        Assert.Empty(_cluster.Mutations);
        Assert.All(_cluster.Server.Audit.Entries, e => Assert.Equal("/api/v1/list", e.Path));
    }

    [Theory]
    [InlineData("nightly-1", "its 8th character '-'")]
    [InlineData("1nightly", "its 1st character '1'")]
    [InlineData("night ly", "its 6th character ' ' (a space)")]
    public async Task A_label_that_breaks_the_servers_rule_is_InvalidLabel_naming_the_character_and_nothing_is_sent(string label, string named)
    {
        var host = new RecordingHost();

        await host.Operations().NewBackupAsync(_connection, new NewBackupRequest(label), null);

        var error = host.SingleError();
        Assert.Equal(BackupErrorId.InvalidLabel, error.ErrorId);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Equal(label, error.Target);
        Assert.Empty(_cluster.Server.Audit.Entries);
    }

    [Fact]
    public async Task A_name_the_running_server_still_holds_is_BackupExists_from_the_server_and_nothing_is_started()
    {
        await ReadyBackupAsync("held");
        await new RecordingHost().Operations().RemoveBackupAsync(_connection, "held", null);
        var host = new RecordingHost();

        await host.Operations().NewBackupAsync(_connection, new NewBackupRequest("held"), null);

        var error = host.SingleError();
        Assert.Equal(BackupErrorId.BackupExists, error.ErrorId);
        Assert.Contains("existing task", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.ServiceCode);
    }

    [Fact]
    public async Task Without_a_label_the_backup_gets_a_timestamped_name_the_server_accepts()
    {
        var host = new RecordingHost();

        await host.Operations().NewBackupAsync(_connection, new NewBackupRequest(), TimeSpan.FromSeconds(30));

        var backup = host.Single<ClusterBackup>();
        Assert.Matches("^backup_[0-9]{8}_[0-9]{6}$", backup.Id);
        Assert.Equal(BackupStatus.Ready, backup.Status);
    }

    [Fact]
    public async Task Collection_and_Database_select_what_is_backed_up_and_the_scope_says_so()
    {
        var one = await ReadyBackupAsync("one", collections: new[] { "products" });
        var database = await ReadyBackupAsync("whole_db", database: "analytics");

        Assert.Equal(new[] { "default.products" }, one.Items.Select(i => i.Name));
        Assert.Equal(new[] { "analytics.events" }, database.Items.Select(i => i.Name));
        Assert.Equal(BackupScope.Collection, one.Scope);
        Assert.Equal(BackupScope.Collection, database.Scope);
        var bodies = _cluster.Calls("POST", "/api/v1/create").Select(c => c.RequestBody).ToArray();
        Assert.Contains("""{"backup_name":"whole_db","async":true,"filter":{"analytics":{"colls":["*"]}}}""", bodies);
    }

    [Fact]
    public async Task A_lost_create_answer_is_looked_up_by_its_task_id_and_never_sent_again()
    {
        _cluster.Server.Faults.Add(new FaultRule { Method = "POST", PathPrefix = "/api/v1/create", Abort = true, AfterHandler = true });
        var host = new RecordingHost();

        await host.Operations().NewBackupAsync(_connection, new NewBackupRequest("lost_answer"), TimeSpan.FromSeconds(30));

        Assert.Empty(host.Errors);
        Assert.Equal(BackupStatus.Ready, host.Single<ClusterBackup>().Status);
        Assert.Single(_cluster.Mutations);
    }

    [Fact]
    public async Task A_restore_beside_the_original_with_Suffix_and_over_it_with_DropExisting()
    {
        await ReadyBackupAsync("b1");
        var host = new RecordingHost();
        var operations = host.Operations();

        await operations.RestoreBackupAsync(_connection, "b1", null, RestoreRequest.IntoExistingCluster(new[] { "medium_articles" }, null, null, null, false).Renaming("_r", false), TimeSpan.FromSeconds(30));
        var before = _cluster.Milvus.Snapshot.Collections.Single(c => c.Qualified == "default.products").CollectionId;
        await operations.RestoreBackupAsync(_connection, "b1", null, RestoreRequest.IntoExistingCluster(new[] { "products" }, null, null, null, false).Renaming(null, dropExisting: true), TimeSpan.FromSeconds(30));

        Assert.Empty(host.Errors);
        var jobs = host.Output.OfType<ClusterBackupJob>().ToArray();
        Assert.Equal(new[] { JobStatus.Succeeded, JobStatus.Succeeded }, jobs.Select(j => j.Status));
        Assert.Equal(new[] { "default.medium_articles_r", "default.products" }, jobs.Select(j => j.Target));
        Assert.All(jobs, j => Assert.StartsWith("restore_", j.Id, StringComparison.Ordinal));
        Assert.Contains(_cluster.Milvus.Snapshot.Collections, c => c.Qualified == "default.medium_articles_r");
        Assert.NotEqual(before, _cluster.Milvus.Snapshot.Collections.Single(c => c.Qualified == "default.products").CollectionId);
        Assert.Contains("DROPPED first, and its data is destroyed", host.ShouldProcessCalls[1].Action, StringComparison.Ordinal);
        Assert.DoesNotContain("destroyed", host.ShouldProcessCalls[0].Action, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DestinationDatabase_restores_into_another_database_through_renames_that_keep_the_suffix()
    {
        await ReadyBackupAsync("b1");
        var host = new RecordingHost();

        await host.Operations().RestoreBackupAsync(_connection, "b1", null, RestoreRequest.IntoExistingCluster(new[] { "events" }, "analytics", null, null, false, destinationDatabase: "archive").Renaming("_old", false), TimeSpan.FromSeconds(30));

        Assert.Empty(host.Errors);
        Assert.Equal("archive.events_old", host.Single<ClusterBackupJob>().Target);
        Assert.Contains(_cluster.Milvus.Snapshot.Collections, c => c.Qualified == "archive.events_old");
        var body = Assert.Single(_cluster.Calls("POST", "/api/v1/restore")).RequestBody!;
        Assert.Contains("\"collection_renames\":{\"analytics.events\":\"archive.events_old\"}", body, StringComparison.Ordinal);
        Assert.DoesNotContain("collection_suffix", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DropExisting_under_WhatIf_sends_nothing()
    {
        await ReadyBackupAsync("b1");
        _cluster.Server.Audit.Clear();
        var host = new RecordingHost { Approve = false };

        await host.Operations().RestoreBackupAsync(_connection, "b1", null, RestoreRequest.SameCluster().Renaming(null, dropExisting: true), null);

        Assert.Empty(host.Errors);
        Assert.Contains("data is destroyed", Assert.Single(host.ShouldProcessCalls).Action, StringComparison.Ordinal);
        Assert.Empty(_cluster.Mutations);
    }

    [Fact]
    public async Task A_restore_onto_an_existing_collection_is_DestinationCollectionExists_naming_the_three_ways_out()
    {
        await ReadyBackupAsync("b1");
        var host = new RecordingHost();

        await host.Operations().RestoreBackupAsync(_connection, "b1", null, RestoreRequest.IntoExistingCluster(new[] { "products" }, null, null, null, false), TimeSpan.FromSeconds(30));

        var error = host.SingleError();
        Assert.Equal(BackupErrorId.DestinationCollectionExists, error.ErrorId);
        Assert.Equal("b1", error.Target);
        foreach (var parameter in new[] { "-Suffix", "-DestinationCollectionName", "-DropExisting" })
        {
            Assert.Contains(parameter, error.Message, StringComparison.Ordinal);
        }

        // The warning before the prompt: the server cannot say which collections Milvus has.
        Assert.Contains(host.Warnings, w => w.Contains("default.products", StringComparison.Ordinal));
        Assert.Empty(host.Output);

        // Waiting on the refused restore reports the same error, not a bare OperationFailed.
        var restoreId = JsonDocument.Parse(_cluster.Calls("POST", "/api/v1/restore").Single().RequestBody!).RootElement.GetProperty("id").GetString()!;
        var again = new RecordingHost();
        await again.Operations().WaitJobAsync(_connection, restoreId, null, null, TimeSpan.FromSeconds(10));
        Assert.Equal(BackupErrorId.DestinationCollectionExists, again.SingleError().ErrorId);
    }

    [Fact]
    public async Task A_restore_the_server_forgot_is_RestoreOutcomeUnknown_never_Succeeded()
    {
        await ReadyBackupAsync("b1");
        _cluster.Milvus.RestoreDuration = TimeSpan.FromMinutes(5);
        var host = new RecordingHost();
        var operations = host.Operations();
        await operations.RestoreBackupAsync(_connection, "b1", null, RestoreRequest.SameCluster().Renaming("_r", false), null);
        var job = host.Single<ClusterBackupJob>();

        _cluster.Milvus.Restart();
        var waiting = new RecordingHost();
        await waiting.Operations().WaitJobAsync(_connection, job.Id, job.BackupId, null, TimeSpan.FromSeconds(10));

        var error = waiting.SingleError();
        Assert.Equal(BackupErrorId.RestoreOutcomeUnknown, error.ErrorId);
        Assert.Equal(BackupErrorKind.OutcomeUnknown, error.Kind);
        Assert.DoesNotContain(waiting.Output.OfType<ClusterBackupJob>(), j => j.Status == JobStatus.Succeeded);
        Assert.Single(_cluster.Calls("POST", "/api/v1/restore"));

        // An id this connection never saw is simply not found.
        var unknown = new RecordingHost();
        await unknown.Operations().GetJobsAsync(_connection, null, null, "restore_never_seen");
        Assert.Equal(BackupErrorId.JobNotFound, unknown.SingleError().ErrorId);
    }

    [Fact]
    public async Task A_backup_task_the_server_forgot_is_Succeeded_when_its_backup_is_in_storage_else_CreateOutcomeUnknown()
    {
        var done = await ReadyBackupAsync("finished");
        _cluster.Milvus.BackupDuration = TimeSpan.FromMinutes(5);
        var host = new RecordingHost();
        await host.Operations().NewBackupAsync(_connection, new NewBackupRequest("running"), null);
        var running = host.Single<ClusterBackup>();

        _cluster.Milvus.Restart();
        var finishedJob = new RecordingHost();
        await finishedJob.Operations().WaitJobAsync(_connection, done.JobId!, null, null, TimeSpan.FromSeconds(10));
        var lost = new RecordingHost();
        await lost.Operations().WaitBackupAsync(_connection, running, TimeSpan.FromSeconds(10));

        Assert.Equal(JobStatus.Succeeded, finishedJob.Single<ClusterBackupJob>().Status);
        Assert.Equal(BackupErrorId.CreateOutcomeUnknown, lost.SingleError().ErrorId);
        Assert.Empty(lost.Output);

        // Listed after the restart: still Ready, its time read from the module's own task id.
        var list = new RecordingHost();
        await list.Operations().GetBackupsAsync(_connection, BackupQuery.All, null, null);
        var stored = list.Single<ClusterBackup>();
        Assert.Equal(("finished", BackupStatus.Ready), (stored.Id, stored.Status));
        Assert.Equal(done.CreatedAt!.Value.ToUnixTimeSeconds(), stored.CreatedAt!.Value.ToUnixTimeSeconds(), 1.0);
    }

    [Fact]
    public async Task A_task_stuck_at_state_0_ends_at_the_timeout_with_WaitTimedOut_and_a_warning_to_read_the_servers_log()
    {
        _cluster.Milvus.MilvusReachable = false;
        var host = new RecordingHost();

        await host.Operations().NewBackupAsync(_connection, new NewBackupRequest("stuck"), TimeSpan.FromSeconds(2));

        Assert.Equal(BackupErrorId.WaitTimedOut, host.SingleError().ErrorId);
        var warning = Assert.Single(host.Warnings);
        Assert.Contains("state 0", warning, StringComparison.Ordinal);
        Assert.Contains("may have failed before starting", warning, StringComparison.Ordinal);
        Assert.Contains("log", warning, StringComparison.Ordinal);
        Assert.Equal(BackupStatus.Pending, host.Single<ClusterBackup>().Status);
    }

    [Fact]
    public async Task Get_and_Remove_of_a_backup_not_in_storage_are_BackupNotFound()
    {
        var host = new RecordingHost();
        var operations = host.Operations();

        await operations.GetBackupAsync(_connection, "missing", null);
        await operations.RemoveBackupAsync(_connection, "missing", null);

        Assert.Equal(new[] { BackupErrorId.BackupNotFound, BackupErrorId.BackupNotFound }, host.Errors.Select(e => e.ErrorId));
        Assert.All(host.Errors, e => Assert.Equal("missing", e.Target));
        Assert.Empty(_cluster.Mutations);
    }

    [Fact]
    public async Task Policy_and_export_are_NotSupported_and_another_back_ends_restore_parameters_too_before_any_request()
    {
        await ReadyBackupAsync("b1");
        _cluster.Server.Audit.Clear();
        var host = new RecordingHost();
        var operations = host.Operations();

        await operations.NewBackupAsync(_connection, new NewBackupRequest("copied", copyToRegions: new[] { "aws-us-east-1" }), null);
        await operations.GetPolicyAsync(_connection, null);
        await operations.SetPolicyAsync(_connection, BackupPolicyChange.Disable(null), passThru: false);
        await operations.ExportBackupAsync(_connection, "b1", null, new ExportRequest("integ-1", null), null);
        await operations.RestoreBackupAsync(_connection, "b1", null, RestoreRequest.IntoNewCluster("copy", null, 1, CollectionLoadState.Keep), null);
        await operations.RestoreBackupAsync(_connection, "b1", null, RestoreRequest.IntoExistingCluster(new[] { "products" }, null, "in01-other", null, false), null);
        await operations.RestoreBackupAsync(_connection, "b1", null, RestoreRequest.IntoExistingCluster(new[] { "products" }, null, null, null, load: true), null);

        Assert.All(host.Errors, e => Assert.Equal(BackupErrorId.NotSupported, e.ErrorId));
        Assert.Equal(7, host.Errors.Count);
        Assert.Empty(_cluster.Mutations);
    }

    [Fact]
    public async Task The_encryption_key_of_a_backed_up_database_shows_nowhere()
    {
        var key = _cluster.Milvus.EncryptionKeyOf("analytics")!;
        var host = new RecordingHost();
        var operations = host.Operations();

        await operations.NewBackupAsync(_connection, new NewBackupRequest("secret_db", database: "analytics"), TimeSpan.FromSeconds(30));
        await operations.GetBackupsAsync(_connection, BackupQuery.All, null, null);
        await operations.GetBackupAsync(_connection, "secret_db", null);
        await operations.RemoveBackupAsync(_connection, "secret_db", null);

        Assert.Empty(host.Errors);
        Assert.Contains(host.Debug, d => d.Contains("\"ezk\":\"***\"", StringComparison.Ordinal));
        Assert.DoesNotContain(host.AllText, t => t.Contains(key, StringComparison.Ordinal));
        var serialized = JsonSerializer.Serialize(host.Output.Select(o => o is ClusterBackup b ? new { b.Id, b.Items, b.Error, b.RawStatus, b.SourceVersion } : (object)o.ToString()!));
        Assert.DoesNotContain(key, serialized, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MILVUS_BACKUP_URL_connects_after_DC_OS_and_Zilliz_Cloud_and_the_connection_is_named_by_host_and_port()
    {
        var variables = new Dictionary<string, string?> { ["MILVUS_BACKUP_URL"] = _cluster.Server.BaseUri.AbsoluteUri };
        var host = new RecordingHost();

        using var alone = SessionConnections.FromEnvironment(n => variables.GetValueOrDefault(n), new ConnectionOptions(), host)!;
        variables["ZILLIZ_API_KEY"] = "zilliz-emulator-key";
        using var both = SessionConnections.FromEnvironment(n => variables.GetValueOrDefault(n), new ConnectionOptions(), host)!;

        Assert.Equal(BackendKind.MilvusBackup, alone.Backend);
        Assert.Equal("None", alone.Authentication);
        Assert.Equal($"milvus-127.0.0.1:{_cluster.Server.BaseUri.Port}", alone.DerivedName);
        Assert.Equal(BackendKind.ZillizCloud, both.Backend);
        Assert.Contains(host.Warnings, w => w.Contains("MILVUS_BACKUP_URL", StringComparison.Ordinal));
    }
}
