using System.Text.Json.Nodes;
using BackupModule.Emulator;
using BackupModule.Errors;
using BackupModule.Model;

namespace BackupModule.Tests.Integration;

/// <summary>
/// The client against the answers Zilliz Cloud publishes (tests/BackupModule.Tests/Fixtures/Zilliz): each
/// fixture is served over loopback, as it is, by the emulator's fault injector in place of the emulator's
/// own answer, and the real client reads it. One per endpoint (the newest reference's example answer),
/// and every failure code the client gives a meaning, at its HTTP status and at another one.
/// </summary>
public sealed class ZillizRecordedShapeTests : IAsyncLifetime
{
    private const string FixtureCluster = "in01-4f8a2c61d09b7e3";
    private const string FixtureBackup = "backup3_5e0c9a7d2b41f86";
    private const string FixtureJob = "job-0a9c3e7f51d24b6810ce";
    private const string AnyCluster = "/v2/clusters/";

    private ZillizTestCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ZillizTestCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    public static TheoryData<string, string, string, string?> Failures() => new()
    {
        // fixture, operation, ErrorId, TargetObject (null: the operation's own, checked elsewhere)
        { "21119", "describe", BackupErrorId.Unauthorized, null },
        { "80001", "describe", BackupErrorId.Unauthorized, null },
        { "80001.recorded", "list", BackupErrorId.Unauthorized, null },
        { "80002", "policy", BackupErrorId.Unauthorized, null },
        { "96005", "list", BackupErrorId.InvalidArgument, null },
        { "96008", "list", BackupErrorId.InvalidArgument, null },
        { "96009", "list", BackupErrorId.InvalidArgument, null },
        { "96010", "restoreCluster", BackupErrorId.InvalidArgument, null },
        { "96011", "list", BackupErrorId.InvalidArgument, null },
        { "96012", "list", BackupErrorId.Forbidden, null },
        { "96013", "create", BackupErrorId.Forbidden, null },
        { "96014", "describe", BackupErrorId.Forbidden, null },
        { "96015", "policy", BackupErrorId.Forbidden, null },
        { "96016", "restoreCollection", BackupErrorId.Forbidden, null },
        { "96018", "policy", BackupErrorId.ClusterNotFound, ZillizTestCluster.ClusterId },
        { "96018", "create", BackupErrorId.ClusterNotFound, ZillizTestCluster.ClusterId },
        { "96018", "describe", BackupErrorId.ClusterNotFound, ZillizTestCluster.ClusterId },
        { "96018", "restoreCollection", BackupErrorId.ClusterNotFound, "in01-destination" },
        { "96025", "restoreCollection", BackupErrorId.InvalidArgument, null },
        { "96026", "job", BackupErrorId.JobNotFound, FixtureJob },
        { "96027", "create", BackupErrorId.Forbidden, null },
        { "96028", "export", BackupErrorId.NotSupported, null },
        { "96029", "create", BackupErrorId.InvalidArgument, null },
        { "96030", "list", BackupErrorId.InvalidArgument, null },
        { "96031", "restoreCluster", BackupErrorId.InvalidArgument, null },
        { "96032", "setPolicy", BackupErrorId.InvalidArgument, null },
        { "96033", "setPolicy", BackupErrorId.InvalidArgument, null },
        { "96034", "setPolicy", BackupErrorId.InvalidArgument, null },
        { "96035", "list", BackupErrorId.InvalidArgument, null },
        { "96036", "describe", BackupErrorId.InvalidArgument, null },
        { "96037", "restoreCollection", BackupErrorId.InvalidArgument, null },
        { "96038", "create", BackupErrorId.OperationFailed, null },
        { "96039", "restoreCollection", BackupErrorId.OperationFailed, null },
        { "96040", "restoreCluster", BackupErrorId.OperationFailed, null },
        { "unpublished.backup-not-found", "describe", BackupErrorId.BackupNotFound, FixtureBackup },
        { "unpublished.busy", "create", BackupErrorId.BackupServiceBusy, null },
        { "unpublished.collection-exists", "restoreCollection", BackupErrorId.DestinationCollectionExists, null },
        // A live v1 answer means nothing in particular: neither an existing collection nor a missing backup.
        { "80010.recorded", "restoreCluster", BackupErrorId.ServiceError, null },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_published_failure_is_read_by_its_code_whatever_the_HTTP_status(string fixture, string operation, string errorId, string? target)
    {
        var (status, body) = Fixture($"failures/{fixture}.json");
        var code = (int)body["code"]!;
        var message = (string)body["message"]!;

        // At the fixture's own status, then at another one that is not retried (a published code decides either way;
        // the unpublished ones are read from their text on HTTP 200, where the live service sends business errors).
        var statuses = fixture.StartsWith("unpublished", StringComparison.Ordinal) || fixture == "80010.recorded"
            ? new[] { status }
            : new[] { status, status == 200 ? 400 : 200 };
        foreach (var served in statuses)
        {
            var error = await FailAsync(operation, body.ToJsonString(), served);

            Assert.True(errorId == error.ErrorId, $"{fixture} on HTTP {served} in {operation}: {error.ErrorId} ({error.Message})");
            Assert.Equal(code, error.ServiceCode);
            Assert.Equal(served, error.StatusCode);
            Assert.Equal(new[] { message }, error.ServiceMessages);
            Assert.Contains(message, error.Message, StringComparison.Ordinal);
            Assert.Contains($"code {code}", error.Message, StringComparison.Ordinal);
            if (target is not null)
            {
                Assert.Equal(target, error.Target);
            }
        }
    }

    [Fact]
    public void Every_published_code_the_client_names_has_a_fixture_and_a_case()
    {
        var cases = Failures().Select(row => (string)row[0]).ToHashSet(StringComparer.Ordinal);
        var files = Directory.GetFiles(Path.Combine(FixtureDir, "failures"), "*.json").Select(f => Path.GetFileNameWithoutExtension(f)).ToArray();

        Assert.Equal(files.Order(StringComparer.Ordinal), cases.Order(StringComparer.Ordinal));
        // The list: 21119, 80001/80002, and 96005, 96008-96016, 96018, 96025-96040.
        var published = new[] { 21119, 80001, 80002, 96005 }.Concat(Enumerable.Range(96008, 9)).Concat(new[] { 96018 }).Concat(Enumerable.Range(96025, 16));
        Assert.All(published, c => Assert.Contains(c.ToString(System.Globalization.CultureInfo.InvariantCulture), cases));
    }

    [Fact]
    public async Task Create_reads_the_created_backup_then_describes_it()
    {
        Serve("POST", AnyCluster, "create-backup.json");
        Serve("GET", AnyCluster, "describe-backup.collections.json");

        var backup = await Service().CreateBackupAsync(new NewBackupRequest(), default);

        Assert.Equal(FixtureBackup, backup.Id);
        Assert.Equal(FixtureJob, backup.JobId);
        Assert.Equal("Dedicated-01_backup3", backup.Label);
    }

    [Fact]
    public async Task List_reads_the_example_page_with_its_version_choices()
    {
        Serve("GET", "/v2/backups", "list-backups.json");

        var backups = new List<ClusterBackup>();
        await foreach (var backup in Service().ListBackupsAsync(BackupQuery.All, default))
        {
            backups.Add(backup);
        }

        var only = Assert.Single(backups);
        Assert.Equal(FixtureBackup, only.Id);
        Assert.Equal("Dedicated-01_backup3", only.Label);
        Assert.Equal(BackupStatus.Ready, only.Status);
        Assert.Equal(BackupScope.Cluster, only.Scope);
        Assert.Equal(CreationMethod.Auto, only.CreationMethod);
        Assert.Equal(FixtureCluster, only.ClusterId);
        Assert.Equal("proj-7d1e0b5a9c2f4e86b3a1", only.ProjectId);
        Assert.Equal(201326592, only.SizeBytes);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 6, 0, 0, TimeSpan.Zero), only.CreatedAt);
        Assert.Equal(new DateTimeOffset(2026, 12, 22, 6, 0, 0, TimeSpan.Zero), only.ExpiresAt);
        Assert.Equal(new[] { MilvusVersion.Latest, MilvusVersion.Original }, only.MilvusVersions);
        Assert.Single(_cluster.Calls("GET", "/v2/backups")); // count 1: one page
    }

    [Theory]
    [InlineData("describe-backup.collections.json", new[] { "medium_articles: LOADED", "events: UNLOADED" })]
    [InlineData("describe-backup.dbCollections.json", new[] { "default.medium_articles: LOADED", "analytics.events: UNLOADED" })]
    public async Task Describe_yields_the_collections_in_either_shape(string fixture, string[] items)
    {
        Serve("GET", AnyCluster, fixture);

        var backup = await Service().GetBackupAsync(FixtureBackup, ZillizTestCluster.ClusterId, default);

        Assert.Equal(items, backup.Items.Select(i => i.ToString()));
        Assert.Equal("aws-us-west-2", backup.RegionId);
        Assert.Equal(CreationMethod.Manual, backup.CreationMethod);
        Assert.Equal(new[] { MilvusVersion.Latest, MilvusVersion.Original }, backup.MilvusVersions);
    }

    [Fact]
    public async Task Delete_reads_the_deleted_backup_answer()
    {
        Serve("DELETE", AnyCluster, "delete-backup.json");

        await Service().RemoveBackupAsync(ReadyBackup(BackupScope.Cluster), default);

        Assert.Single(_cluster.Calls("DELETE", $"/v2/clusters/{FixtureCluster}/backups/{FixtureBackup}"));
    }

    [Fact]
    public async Task Restore_cluster_reads_the_new_cluster_its_one_time_login_and_the_job_and_logs_no_password()
    {
        Serve("POST", AnyCluster, "restore-cluster.json");
        Serve("GET", "/v2/jobs/", "describe-job.json");
        var log = new RecordingHost();
        var password = (string)Fixture("restore-cluster.json").Body["data"]!["password"]!;

        var job = Assert.Single(await Service(log).RestoreBackupAsync(ReadyBackup(BackupScope.Cluster), RestoreRequest.IntoNewCluster("restored-01", null, 2, CollectionLoadState.Keep, MilvusVersion.Latest), default));

        Assert.Equal("in01-9b3f0e27c15a6d4", job.Target);
        Assert.Equal("db_admin", job.NewClusterCredential!.UserName);
        Assert.Equal(password.Length, job.NewClusterCredential.Password.Length);
        Assert.Equal(JobKind.Restore, job.Kind);
        Assert.Equal(JobStatus.Succeeded, job.Status);
        Assert.DoesNotContain(log.AllText, t => t.Contains(password, StringComparison.Ordinal));
        var sent = JsonNode.Parse(Assert.Single(_cluster.Calls("POST", AnyCluster)).RequestBody!)!.AsObject();
        Assert.Equal(ZillizTestCluster.ProjectId, (string?)sent["projectId"]); // the connection's project
        Assert.Equal((string?)sent["projectId"], (string?)sent["targetProjectId"]);
        Assert.Equal("LATEST", (string?)sent["restoreVersionPolicy"]);
    }

    [Fact]
    public async Task Restore_collection_reads_its_job()
    {
        Serve("POST", AnyCluster, "restore-collection.json");
        Serve("GET", "/v2/jobs/", "describe-job.json");

        var job = Assert.Single(await Service().RestoreBackupAsync(ReadyBackup(BackupScope.Cluster), RestoreRequest.IntoExistingCluster(new[] { "medium_articles" }, null, null, "restored_articles", true, "archive"), default));

        Assert.Equal(FixtureJob, job.Id); // the job as describe-job answers it
        Assert.Equal($"{FixtureCluster}/archive.restored_articles", job.Target);
        var sent = JsonNode.Parse(Assert.Single(_cluster.Calls("POST", AnyCluster)).RequestBody!)!;
        Assert.Equal("""{"destClusterId":"in01-4f8a2c61d09b7e3","dbCollections":[{"destDbName":"archive","collections":[{"collectionName":"medium_articles","destCollectionName":"restored_articles","destCollectionStatus":"LOADED"}]}]}""", sent.ToJsonString());
    }

    [Theory]
    [InlineData("describe-job.json", JobStatus.Succeeded, 100, true)]
    [InlineData("describe-job.in-progress.json", JobStatus.Running, 42, false)]
    public async Task Describe_job_reads_the_string_progress_and_the_start_time(string fixture, JobStatus status, int progress, bool ended)
    {
        Serve("GET", "/v2/jobs/", fixture);

        var job = await Service().GetJobAsync(FixtureJob, null, null, default);

        Assert.Equal(status, job.Status);
        Assert.Equal(progress, job.Progress);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 6, 0, 5, TimeSpan.Zero), job.StartedAt);
        Assert.Equal(ended, job.EndedAt is not null);
        Assert.Null(job.Error);
    }

    [Fact]
    public async Task Get_policy_reads_the_cross_region_copies_and_a_disabled_policys_nulls()
    {
        Serve("GET", AnyCluster, "get-backup-policy.json");
        var enabled = await Service().GetPolicyAsync(null, default);
        _cluster.Server.Faults.Clear();
        Serve("GET", AnyCluster, "get-backup-policy.disabled.json");
        var disabled = await Service().GetPolicyAsync(null, default);

        Assert.True(enabled.Enabled);
        Assert.Equal(new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Friday }, enabled.DayOfWeek);
        Assert.Equal(TimeSpan.FromHours(2), enabled.WindowStartUtc);
        Assert.Equal(new[] { "aws-us-east-1 (3 d)", "aws-eu-central-1 (7 d)" }, enabled.CrossRegionCopies.Select(c => c.ToString()));
        Assert.Equal(new[] { "us-east-1", "eu-central-1" }, enabled.CrossRegionCopies.Select(c => c.Region));
        Assert.False(disabled.Enabled);
        Assert.Empty(disabled.DayOfWeek);
        Assert.Null(disabled.WindowStartUtc);
        Assert.Equal(0, disabled.RetentionDays);
        Assert.Empty(disabled.CrossRegionCopies);
    }

    [Fact]
    public async Task Set_policy_reads_its_answer_then_the_policy()
    {
        Serve("POST", AnyCluster, "set-backup-policy.json");
        Serve("GET", AnyCluster, "get-backup-policy.json");

        var policy = await Service().SetPolicyAsync(BackupPolicyChange.Enable(null, new[] { DayOfWeek.Monday }, TimeSpan.FromHours(2), 7, new[] { "aws-us-east-1" }, 3), default);

        Assert.Equal(2, policy.CrossRegionCopies.Count);
        var sent = JsonNode.Parse(Assert.Single(_cluster.Calls("POST", AnyCluster)).RequestBody!)!;
        Assert.Equal("""{"frequency":"1","startTime":"02:00-04:00","retentionDays":7,"enabled":true,"crossRegionCopies":[{"regionId":"aws-us-east-1","retentionDays":3}]}""", sent.ToJsonString());
    }

    [Fact]
    public async Task Export_reads_its_job()
    {
        Serve("POST", AnyCluster, "export-backup.json");
        Serve("GET", "/v2/jobs/", "describe-job.in-progress.json");

        var job = await Service().ExportBackupAsync(ReadyBackup(BackupScope.Cluster), new ExportRequest("integ-0123456789", "backups/"), default);

        Assert.Equal(FixtureJob, job.Id);
        Assert.Equal(JobStatus.Running, job.Status);
    }

    private static string FixtureDir => Path.Combine(RepoPaths.Root, "tests", "BackupModule.Tests", "Fixtures", "Zilliz");

    private static (int Status, JsonObject Body) Fixture(string name)
    {
        var fixture = JsonNode.Parse(File.ReadAllText(Path.Combine(FixtureDir, name)))!.AsObject();
        return ((int)fixture["httpStatus"]!, fixture["body"]!.AsObject());
    }

    /// <summary>Answers every matching request with the fixture's body at its status (or <paramref name="status"/>).</summary>
    private void Serve(string method, string pathPrefix, string fixture, int? status = null)
    {
        var (own, body) = Fixture(fixture);
        Serve(method, pathPrefix, body.ToJsonString(), status ?? own);
    }

    private void Serve(string method, string pathPrefix, string body, int status) =>
        _cluster.Server.Faults.Add(new FaultRule { Method = method, PathPrefix = pathPrefix, StatusCode = status, Body = body, Times = -1 });

    private IBackupService Service(RecordingHost? log = null) => _cluster.Connect().OpenService(log ?? new RecordingHost());

    private static ClusterBackup ReadyBackup(BackupScope scope) => new()
    {
        Id = FixtureBackup,
        Label = "Dedicated-01_backup3",
        ClusterId = FixtureCluster,
        ProjectId = "proj-7d1e0b5a9c2f4e86b3a1",
        Scope = scope,
        Status = BackupStatus.Ready,
        Backend = BackendKind.ZillizCloud,
        Items = new[] { new BackupItem("medium_articles", "LOADED", null) },
    };

    /// <summary>Runs <paramref name="operation"/> with the failure served on its route; returns the error it gives.</summary>
    private async Task<BackupServiceException> FailAsync(string operation, string body, int status)
    {
        _cluster.Server.Faults.Clear();
        var service = Service();
        Task Run()
        {
            switch (operation)
            {
                case "describe":
                    Serve("GET", AnyCluster, body, status);
                    return service.GetBackupAsync(FixtureBackup, ZillizTestCluster.ClusterId, default);
                case "list":
                    Serve("GET", "/v2/backups", body, status);
                    return service.ListBackupsAsync(BackupQuery.All, default).GetAsyncEnumerator().MoveNextAsync().AsTask();
                case "policy":
                    Serve("GET", AnyCluster, body, status);
                    return service.GetPolicyAsync(null, default);
                case "setPolicy":
                    Serve("POST", AnyCluster, body, status);
                    return service.SetPolicyAsync(BackupPolicyChange.Enable(null, new[] { DayOfWeek.Monday }, TimeSpan.FromHours(2), 7), default);
                case "create":
                    Serve("POST", AnyCluster, body, status);
                    return service.CreateBackupAsync(new NewBackupRequest(), default);
                case "job":
                    Serve("GET", "/v2/jobs/", body, status);
                    return service.GetJobAsync(FixtureJob, null, null, default);
                case "export":
                    Serve("POST", AnyCluster, body, status);
                    return service.ExportBackupAsync(ReadyBackup(BackupScope.Cluster), new ExportRequest("integ-0123456789", null), default);
                case "restoreCluster":
                    Serve("POST", AnyCluster, body, status);
                    return service.RestoreBackupAsync(ReadyBackup(BackupScope.Cluster), RestoreRequest.IntoNewCluster("restored-01", null, 1, CollectionLoadState.Keep), default);
                case "restoreCollection":
                    Serve("POST", AnyCluster, body, status);
                    return service.RestoreBackupAsync(ReadyBackup(BackupScope.Cluster), RestoreRequest.IntoExistingCluster(new[] { "medium_articles" }, null, "in01-destination", "copy", false), default);
                default:
                    throw new ArgumentOutOfRangeException(nameof(operation), operation, null);
            }
        }

        return await Assert.ThrowsAsync<BackupServiceException>(Run);
    }
}
