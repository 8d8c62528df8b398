using System.Text.Json.Nodes;
using BackupModule.Emulator;
using BackupModule.Errors;
using BackupModule.Http;
using BackupModule.Model;
using BackupModule.Operations;

namespace BackupModule.Tests.Integration;

/// <summary>The Zilliz Cloud client over the HTTP core: envelopes, auth, throttling, paging and unknown outcomes.</summary>
public sealed class ZillizClientTests : IAsyncLifetime
{
    private ZillizTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ZillizTestCluster.StartAsync(seedBackups: 250);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private IBackupService Service(BackupConnection? connection = null, RecordingHost? log = null) =>
        (connection ?? _cluster.Connect()).OpenService(log ?? new RecordingHost());

    [Fact]
    public async Task Sends_the_API_key_as_a_Bearer_token_and_never_logs_it()
    {
        var log = new RecordingHost();
        await foreach (var _ in Service(log: log).ListBackupsAsync(BackupQuery.All, default))
        {
            break;
        }

        Assert.All(_cluster.Server.Audit.Entries, e => Assert.Equal("valid", e.Credential));
        Assert.DoesNotContain(log.AllText, t => t.Contains(ZillizEmulatorOptions.DefaultApiKey, StringComparison.Ordinal));
        Assert.Contains(log.Debug, d => d.Contains("Authorization: Bearer ***"));
    }

    [Fact]
    public async Task A_wrong_API_key_is_Unauthorized_with_the_services_code()
    {
        var error = await Assert.ThrowsAsync<BackupServiceException>(() => Service(_cluster.Connect("not-the-key")).GetBackupAsync("backup-x", null, default));

        Assert.Equal(BackupErrorId.Unauthorized, error.ErrorId);
        Assert.Equal(401, error.StatusCode);
        Assert.Equal(21119, error.ServiceCode);
        Assert.NotNull(error.RequestId);
        Assert.DoesNotContain("not-the-key", error.Message);
    }

    [Fact]
    public async Task A_no_permission_key_is_Forbidden()
    {
        var error = await Assert.ThrowsAsync<BackupServiceException>(() => Service(_cluster.Connect(ZillizEmulatorOptions.DefaultNoPermissionApiKey)).GetPolicyAsync(null, default));

        Assert.Equal(BackupErrorId.Forbidden, error.ErrorId);
        Assert.Equal(200, error.StatusCode); // a business error, on HTTP 200 like the live service's
        Assert.Equal(96013, error.ServiceCode);
    }

    [Fact]
    public async Task A_non_zero_code_on_HTTP_200_is_an_error_with_code_message_and_request_id()
    {
        var error = await Assert.ThrowsAsync<BackupServiceException>(() => Service().GetBackupAsync("backup-doesnotexist", ZillizTestCluster.ClusterId, default));

        Assert.Equal(BackupErrorId.BackupNotFound, error.ErrorId);
        Assert.Equal(200, error.StatusCode);
        Assert.Equal(98001, error.ServiceCode); // the emulator's own code: nothing is published for a missing backup
        Assert.NotNull(error.RequestId);
        Assert.Contains("code 98001", error.Message);
        Assert.Contains("request " + error.RequestId, error.Message);
        Assert.Equal("backup-doesnotexist", error.Target);
    }

    [Fact]
    public async Task Pages_are_fetched_one_at_a_time_as_the_consumer_asks()
    {
        var service = Service();
        var taken = 0;
        await foreach (var _ in service.ListBackupsAsync(BackupQuery.All, default))
        {
            if (++taken == 3)
            {
                break;
            }
        }

        var lists = _cluster.Calls("GET", "/v2/backups");
        Assert.Single(lists);
        Assert.Contains("pageSize=100", lists[0].Query);
        Assert.Contains("currentPage=1", lists[0].Query);
        Assert.Contains("clusterId=in01-emulator", lists[0].Query);
    }

    [Fact]
    public async Task A_whole_list_reads_every_page_once()
    {
        var ids = new List<string>();
        await foreach (var backup in Service().ListBackupsAsync(BackupQuery.All, default))
        {
            ids.Add(backup.Id);
        }

        Assert.Equal(250, ids.Count);
        Assert.Equal(250, ids.Distinct().Count());
        Assert.Equal(new[] { "currentPage=1", "currentPage=2", "currentPage=3" }, _cluster.Calls("GET", "/v2/backups").Select(c => c.Query.Split('&').Single(p => p.StartsWith("currentPage="))));
    }

    [Fact]
    public async Task A_429_is_answered_by_backoff_not_failure_and_the_client_keeps_under_the_limit()
    {
        _cluster.Zilliz.RequestsPerSecond = 2;
        var connection = _cluster.Connect(configure: s => s.Http.RequestsPerSecondPerEndpoint = 50);
        var service = Service(connection);

        for (var i = 0; i < 4; i++)
        {
            await service.GetPolicyAsync(null, default);
        }

        Assert.True(_cluster.Zilliz.ThrottledCount > 0, "the emulator never throttled: the test proves nothing");
        Assert.Contains(_cluster.Calls("GET", "/v2/clusters/in01-emulator/backups/policy"), c => c.StatusCode == 429);
        Assert.Equal(4, _cluster.Calls("GET", "/v2/clusters/in01-emulator/backups/policy").Count(c => c.StatusCode == 200));
    }

    [Fact]
    public async Task The_client_throttles_itself_under_the_services_per_endpoint_limit()
    {
        var service = Service();
        var reads = Enumerable.Range(0, 45).Select(_ => service.GetPolicyAsync(null, default));
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();

        await Task.WhenAll(reads);

        Assert.Equal(0, _cluster.Zilliz.ThrottledCount);
        // 45 requests at 18 per second per endpoint need at least two full windows.
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromSeconds(1.9), $"45 requests took only {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task A_create_whose_answer_is_lost_is_found_again_not_resent()
    {
        _cluster.Zilliz.BackupDuration = TimeSpan.FromSeconds(30);
        _cluster.Server.Faults.Add(new FaultRule { Method = "POST", PathPrefix = "/v2/clusters/in01-emulator/backups/create", AfterHandler = true, Abort = true });

        var backup = await Service().CreateBackupAsync(new NewBackupRequest(), default);

        Assert.Equal(BackupStatus.Creating, backup.Status);
        Assert.Single(_cluster.Calls("POST", "/v2/clusters/in01-emulator/backups/create"));
        var manual = new List<ClusterBackup>();
        await foreach (var b in Service().ListBackupsAsync(new BackupQuery(creationMethod: CreationMethod.Manual), default))
        {
            manual.Add(b);
        }

        Assert.Equal(backup.Id, Assert.Single(manual).Id);
    }

    [Fact]
    public async Task A_create_with_no_trace_is_CreateOutcomeUnknown_and_not_resent()
    {
        _cluster.Server.Faults.Add(new FaultRule { Method = "POST", PathPrefix = "/v2/clusters/in01-emulator/backups/create", StatusCode = 504 });

        var error = await Assert.ThrowsAsync<BackupServiceException>(() => Service().CreateBackupAsync(new NewBackupRequest(), default));

        Assert.Equal(BackupErrorId.CreateOutcomeUnknown, error.ErrorId);
        Assert.Single(_cluster.Calls("POST", "/v2/clusters/in01-emulator/backups/create"));
    }

    [Fact]
    public async Task A_restore_whose_answer_is_lost_is_RestoreOutcomeUnknown_and_not_resent()
    {
        var service = Service();
        var backup = await FirstSeededAsync(service);

        Assert.NotNull(backup);
        _cluster.Server.Faults.Add(new FaultRule { Method = "POST", PathPrefix = "/v2/clusters/in01-emulator/backups/", AfterHandler = true, Abort = true });

        var error = await Assert.ThrowsAsync<BackupServiceException>(() => service.RestoreBackupAsync(backup, RestoreRequest.IntoNewCluster("lost-answer", null, 1, CollectionLoadState.Keep), default));

        Assert.Equal(BackupErrorId.RestoreOutcomeUnknown, error.ErrorId);
        Assert.Single(_cluster.Calls("POST", $"/v2/clusters/in01-emulator/backups/{backup.Id}/restoreCluster"));
    }

    [Theory]
    [InlineData("reset")]
    [InlineData("unreadable")]
    public async Task An_export_whose_answer_is_lost_or_unreadable_is_an_unknown_outcome_and_not_resent(string fault)
    {
        var service = Service();
        var backup = await FirstSeededAsync(service);

        Assert.NotNull(backup);
        // After the handler: the service started the export; only its answer is lost or garbled.
        _cluster.Server.Faults.Add(fault == "reset"
            ? new FaultRule { Method = "POST", PathPrefix = "/v2/clusters/in01-emulator/backups/", AfterHandler = true, Abort = true }
            : new FaultRule { Method = "POST", PathPrefix = "/v2/clusters/in01-emulator/backups/", AfterHandler = true, Body = "{\"code\":0,\"data\": {\"jobId\": " });

        var error = await Assert.ThrowsAsync<BackupServiceException>(() => service.ExportBackupAsync(backup, new ExportRequest("integ-0123456789", null), default));

        Assert.Equal(BackupErrorId.CreateOutcomeUnknown, error.ErrorId);
        Assert.Single(_cluster.Calls("POST", $"/v2/clusters/in01-emulator/backups/{backup.Id}/export"));
    }

    private static async Task<ClusterBackup?> FirstSeededAsync(IBackupService service)
    {
        await foreach (var seeded in service.ListBackupsAsync(BackupQuery.All, default))
        {
            return seeded;
        }

        return null;
    }

    [Fact]
    public async Task Names_are_checked_before_any_request()
    {
        var service = Service();
        var backup = new ClusterBackup { Id = "backup-1", ClusterId = ZillizTestCluster.ClusterId, Scope = BackupScope.Cluster, Status = BackupStatus.Ready };

        Assert.Equal(BackupErrorId.InvalidArgument, Assert.Throws<BackupServiceException>(() => service.ValidateNewBackup(new NewBackupRequest(collections: new[] { "bad name" }))).ErrorId);
        Assert.Equal(BackupErrorId.NotSupported, Assert.Throws<BackupServiceException>(() => service.ValidateNewBackup(new NewBackupRequest("a-label"))).ErrorId);
        Assert.Equal(BackupErrorId.InvalidArgument, Assert.Throws<BackupServiceException>(() => service.ValidateRestore(backup, RestoreRequest.IntoNewCluster("under_score", null, 1, CollectionLoadState.Keep))).ErrorId);
        Assert.Equal(BackupErrorId.InvalidArgument, Assert.Throws<BackupServiceException>(() => service.ValidateRestore(backup, RestoreRequest.IntoNewCluster("ok-name", null, 1025, CollectionLoadState.Keep))).ErrorId);
        Assert.Equal(BackupErrorId.InvalidArgument, Assert.Throws<BackupServiceException>(() => service.ValidateRestore(backup, RestoreRequest.IntoExistingCluster(new[] { "a", "b" }, null, null, "renamed", false))).ErrorId);
        Assert.Equal(BackupErrorId.InvalidArgument, Assert.Throws<BackupServiceException>(() => service.ValidateRestore(backup, RestoreRequest.IntoExistingCluster(new[] { "a" }, null, null, null, false, "bad db"))).ErrorId);
        Assert.Equal(BackupErrorId.InvalidArgument, Assert.Throws<BackupServiceException>(() => service.ValidateNewBackup(new NewBackupRequest(copyToRegions: new[] { "US East" }))).ErrorId);
        Assert.Equal(BackupErrorId.InvalidArgument, Assert.Throws<BackupServiceException>(() => service.ValidateNewBackup(new NewBackupRequest(copyToRegions: new[] { "aws-us-east-1", "AWS-US-EAST-1" }))).ErrorId);
        await Assert.ThrowsAsync<BackupServiceException>(() => service.GetBackupAsync("../policy", null, default));
        Assert.Empty(_cluster.Server.Audit.Entries);
    }

    [Fact]
    public async Task Describe_reads_collections_in_the_grouped_shape()
    {
        _cluster.Zilliz.CollectionsShape = ZillizCollectionsShape.DbCollections;
        var service = Service();
        var created = await service.CreateBackupAsync(new NewBackupRequest(collections: new[] { "medium_articles", "products" }), default);

        var described = await service.GetBackupAsync(created.Id, null, default);

        Assert.Equal(new[] { "default.medium_articles", "default.products" }, described.Items.Select(i => i.Name).OrderBy(n => n, StringComparer.Ordinal));
        var body = JsonNode.Parse(_cluster.Calls("POST", "/v2/clusters/in01-emulator/backups/create").Single().RequestBody!)!;
        Assert.Equal("COLLECTION", (string?)body["backupType"]);
        Assert.Equal("default", (string?)body["dbCollections"]![0]!["dbName"]);
    }

    [Fact]
    public async Task Describe_reads_collections_in_the_flat_shape_of_the_examples_without_databases()
    {
        var service = Service();
        var created = await service.CreateBackupAsync(new NewBackupRequest(collections: new[] { "events" }, database: "analytics"), default);

        var described = await service.GetBackupAsync(created.Id, null, default);

        Assert.Equal(ZillizCollectionsShape.Collections, _cluster.Zilliz.CollectionsShape);
        Assert.Equal("events", Assert.Single(described.Items).Name);
        Assert.Equal("LOADED", described.Items[0].Status);
    }

    [Fact]
    public void Cluster_id_completion_offers_each_cluster_once_with_its_backups_counted_across_pages()
    {
        var connection = _cluster.Connect(clusterId: null);

        // The first call may warm up past the completion's one-second budget; the second reads the whole list.
        CompletionSource.Complete(connection, CompletionKind.ClusterId, "");
        var candidates = CompletionSource.Complete(connection, CompletionKind.ClusterId, "");

        var only = Assert.Single(candidates);
        Assert.Equal(ZillizTestCluster.ClusterId, only.Value);
        Assert.Equal($"{ZillizTestCluster.ClusterId}: 250 backup(s)", only.ToolTip);
    }
}
