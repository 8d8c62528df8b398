using System.Net;
using System.Text.Json.Nodes;
using BackupModule.Emulator;
using Xunit;
using static BackupModule.Tests.Emulator.EmulatorTestSupport;
using static BackupModule.Tests.Emulator.ZillizTestSupport;

namespace BackupModule.Tests.Emulator;

public sealed class ZillizBackupApiTests
{
    [Fact]
    public async Task Create_runs_a_backup_job_from_pending_to_successful_and_the_backup_becomes_available()
    {
        await using var server = await StartZillizAsync(o => o.BackupDuration = TimeSpan.FromMilliseconds(2000));
        using var client = ZillizClient(server);

        var created = await CreateBackupAsync(client);
        var backupId = (string)created["backupId"]!;
        var jobId = (string)created["jobId"]!;
        Assert.Matches("^backup-[0-9a-f]{16}$", backupId);
        Assert.Matches("^job-[0-9a-f]{20}$", jobId);
        Assert.Equal("Dedicated-01_backup1", (string?)created["backupName"]);

        var creating = await DescribeAsync(client, backupId);
        Assert.Equal("CREATING", (string?)creating["status"]);
        Assert.Equal("MANUAL", (string?)creating["creationMethod"]);
        Assert.Null(creating["expireTime"]);

        var seen = await WaitForJobAsync(client, jobId);
        var statuses = seen.Select(j => (string)j["status"]!).Distinct().ToArray();
        var progress = seen.Select(j => int.Parse((string)j["progress"]!)).ToArray();
        var done = seen.Last();
        Assert.Equal("BACKUP", (string?)done["type"]);
        Assert.Equal("SUCCESSFUL", (string?)done["status"]);
        Assert.Equal("100", (string?)done["progress"]);
        Assert.Equal("", (string?)done["reason"]);
        Assert.NotNull((string?)done["endTime"]);
        Assert.Contains("IN_PROGRESS", statuses);
        Assert.Equal(progress.Order(), progress);
        Assert.All(seen.Where(j => (string?)j["status"] != "SUCCESSFUL"), j => Assert.Null(j["endTime"]));

        var available = (await DescribeAsync(client, backupId)).AsObject();
        Assert.Equal("AVAILABLE", (string?)available["status"]);
        Assert.True((long)available["size"]! > 0);
        Assert.Equal(Project, (string?)available["projectId"]);
        Assert.Equal("aws-us-west-2", (string?)available["regionId"]);
        Assert.Equal("CLUSTER", (string?)available["backupType"]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", (string)available["createTime"]!);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", (string)done["startTime"]!);
        Assert.Equal("""["LATEST","ORIGINAL"]""", available["restoreNewInstancePolicies"]!.ToJsonString());

        // The default shape is the newest reference's examples: a flat collections[], no databases.
        Assert.Equal(
            """[{"collectionName":"medium_articles","description":"","status":"LOADED"},{"collectionName":"products","description":"","status":"LOADED"},{"collectionName":"events","description":"","status":"LOADED"}]""",
            available["collections"]!.ToJsonString());
        Assert.False(available.ContainsKey("dbCollections"));
    }

    [Fact]
    public async Task The_collections_shape_switch_answers_dbCollections_as_the_newest_schema_in_describe_and_list()
    {
        await using var server = await StartZillizAsync(o =>
        {
            o.SeedBackups = 1;
            o.CollectionsShape = ZillizCollectionsShape.DbCollections;
        });
        using var client = ZillizClient(server);
        var listed = Ok(await GetAsync(client, "v2/backups"))["backups"]![0]!.AsObject();

        var described = (await DescribeAsync(client, (string)listed["backupId"]!)).AsObject();
        server.Zilliz.CollectionsShape = ZillizCollectionsShape.Collections;
        var flat = (await DescribeAsync(client, (string)listed["backupId"]!)).AsObject();

        const string Grouped = """[{"dbName":"default","collections":[{"collectionName":"medium_articles","description":"","status":"LOADED"},{"collectionName":"products","description":"","status":"LOADED"}]},{"dbName":"analytics","collections":[{"collectionName":"events","description":"","status":"LOADED"}]}]""";
        Assert.Equal(Grouped, described["dbCollections"]!.ToJsonString());
        Assert.Equal(Grouped, listed["dbCollections"]!.ToJsonString());
        Assert.False(described.ContainsKey("collections"));
        Assert.Equal(3, flat["collections"]!.AsArray().Count);
        Assert.False(flat.ContainsKey("dbCollections"));
    }

    [Fact]
    public async Task Create_takes_cross_region_copies_and_refuses_a_malformed_region_with_96001()
    {
        await using var server = await StartZillizAsync(o => o.BackupDuration = TimeSpan.Zero);
        using var client = ZillizClient(server);

        var created = await CreateBackupAsync(client, """{"backupType":"CLUSTER","crossRegionCopies":[{"regionId":"aws-us-east-1"},{"regionId":"ali-cn-hangzhou"}]}""");
        var badRegion = await PostAsync(client, $"v2/clusters/{Cluster}/backups/create", """{"backupType":"CLUSTER","crossRegionCopies":[{"regionId":"US East"}]}""");
        var noRegion = await PostAsync(client, $"v2/clusters/{Cluster}/backups/create", """{"backupType":"CLUSTER","crossRegionCopies":[{}]}""");

        Assert.StartsWith("backup-", (string?)created["backupId"]);
        AssertError(badRegion, 96001, "US East");
        AssertError(noRegion, 96001);
    }

    [Fact]
    public async Task Only_one_manual_backup_per_cluster_is_creating_at_a_time()
    {
        await using var server = await StartZillizAsync(o => o.BackupDuration = TimeSpan.FromMilliseconds(600));
        using var client = ZillizClient(server);

        var first = await CreateBackupAsync(client);
        var busy = await PostAsync(client, $"v2/clusters/{Cluster}/backups/create", """{"backupType":"CLUSTER"}""");
        AssertError(busy, 98002, "in01-emulator");

        await WaitForJobAsync(client, (string)first["jobId"]!);
        var second = await CreateBackupAsync(client);
        Assert.Equal("Dedicated-01_backup2", (string?)second["backupName"]);
    }

    [Fact]
    public async Task Collection_backups_hold_the_named_collections_and_unknown_ones_are_refused()
    {
        await using var server = await StartZillizAsync(o => o.BackupDuration = TimeSpan.Zero);
        using var client = ZillizClient(server);

        var id = await AvailableBackupAsync(client, """{"backupType":"COLLECTION","dbCollections":[{"dbName":"analytics","collectionNames":["events"]}]}""");
        var backup = await DescribeAsync(client, id);
        var missing = await PostAsync(client, $"v2/clusters/{Cluster}/backups/create", """{"backupType":"COLLECTION","dbCollections":[{"dbName":"default","collectionNames":["nope"]}]}""");
        var noDb = await PostAsync(client, $"v2/clusters/{Cluster}/backups/create", """{"backupType":"COLLECTION","dbCollections":[{"dbName":"ghost","collectionNames":["events"]}]}""");
        var empty = await PostAsync(client, $"v2/clusters/{Cluster}/backups/create", """{"backupType":"COLLECTION"}""");
        var badType = await PostAsync(client, $"v2/clusters/{Cluster}/backups/create", """{"backupType":"EVERYTHING"}""");
        var badJson = await PostAsync(client, $"v2/clusters/{Cluster}/backups/create", "{not json");

        Assert.Equal("COLLECTION", (string?)backup["backupType"]);
        Assert.Equal("""[{"collectionName":"events","description":"","status":"LOADED"}]""", backup["collections"]!.ToJsonString());
        Assert.Equal("[]", backup["restoreNewInstancePolicies"]!.ToJsonString());
        AssertError(missing, 96038, "Failed to create backup. Collection nope not found");
        AssertError(noDb, 96038, "ghost");
        AssertError(empty, 96038, "dbCollections");
        AssertError(badType, 96029, "Invalid backupType.");
        AssertError(await PostAsync(client, $"v2/clusters/{Cluster}/backups/create", "{}"), 96029);
        AssertError(badJson, 98000);
    }

    [Fact]
    public async Task An_armed_backup_failure_ends_the_job_failed_with_the_reason_and_the_backup_is_gone()
    {
        await using var server = await StartZillizAsync(o => o.BackupDuration = TimeSpan.FromMilliseconds(200));
        using var client = ZillizClient(server);
        using var admin = AdminClient(server);

        using var armed = await admin.PostAsync("zilliz/fail-next", Json("""{"backup":"disk full"}"""));
        var created = await CreateBackupAsync(client);
        var job = (await WaitForJobAsync(client, (string)created["jobId"]!)).Last();

        Assert.Equal(HttpStatusCode.NoContent, armed.StatusCode);
        Assert.Equal("FAILED", (string?)job["status"]);
        Assert.Equal("disk full", (string?)job["reason"]);
        AssertError(await GetAsync(client, $"v2/clusters/{Cluster}/backups/{created["backupId"]}"), 98001, "not found");

        // The failure was used up: the next backup succeeds.
        await AvailableBackupAsync(client);
    }

    [Fact]
    public async Task Delete_leaves_a_deleted_tombstone_that_the_list_no_longer_shows()
    {
        await using var server = await StartZillizAsync(o => o.BackupDuration = TimeSpan.Zero);
        using var client = ZillizClient(server);
        var id = await AvailableBackupAsync(client);

        var deleted = Ok(await SendAsync(client, HttpMethod.Delete, $"v2/clusters/{Cluster}/backups/{id}"));
        var described = await DescribeAsync(client, id);
        var list = Ok(await GetAsync(client, "v2/backups"));
        var again = await SendAsync(client, HttpMethod.Delete, $"v2/clusters/{Cluster}/backups/{id}");
        var unknown = await SendAsync(client, HttpMethod.Delete, $"v2/clusters/{Cluster}/backups/backup-0000");

        Assert.Equal(id, (string?)deleted["backupId"]);
        Assert.Equal("Dedicated-01_backup1", (string?)deleted["backupName"]);
        Assert.Equal("DELETED", (string?)described["status"]);
        Assert.Equal(0, (int)list["count"]!);
        Assert.Empty(list["backups"]!.AsArray());
        AssertError(again, 98001);
        AssertError(unknown, 98001, "backup-0000");
    }

    [Fact]
    public async Task Deleting_a_backup_still_being_created_is_refused_as_busy()
    {
        await using var server = await StartZillizAsync(o => o.BackupDuration = TimeSpan.FromMinutes(5));
        using var client = ZillizClient(server);
        var created = await CreateBackupAsync(client);

        AssertError(await SendAsync(client, HttpMethod.Delete, $"v2/clusters/{Cluster}/backups/{created["backupId"]}"), 98002, "in progress");
        Assert.Equal("CREATING", (string?)(await DescribeAsync(client, (string)created["backupId"]!))["status"]);
    }

    [Fact]
    public async Task Unknown_clusters_backups_and_jobs_answer_their_codes_on_http_200()
    {
        await using var server = await StartZillizAsync(o => o.SeedBackups = 1);
        using var client = ZillizClient(server);
        var seeded = (string)Ok(await GetAsync(client, "v2/backups"))["backups"]![0]!["backupId"]!;

        const string ClusterNotFound = "Cluster not found. Please use the ListClusters API to obtain your scoped clusters.";
        AssertError(await GetAsync(client, $"v2/clusters/in01-nowhere/backups/{seeded}"), 96018, ClusterNotFound);
        AssertError(await SendAsync(client, HttpMethod.Delete, $"v2/clusters/in01-nowhere/backups/{seeded}"), 96018, ClusterNotFound);
        AssertError(await PostAsync(client, $"v2/clusters/in01-nowhere/backups/{seeded}/export", """{"integrationId":"integ-1"}"""), 96018, ClusterNotFound);
        AssertError(await GetAsync(client, $"v2/clusters/{Cluster}/backups/backup-missing"), 98001, "backup-missing");
        AssertError(await GetAsync(client, "v2/jobs/job-missing"), 96026, "Job not found. Please check your request parameter.");
        AssertError(await PostAsync(client, "v2/clusters/in01-nowhere/backups/create", """{"backupType":"CLUSTER"}"""), 96018, ClusterNotFound);
    }

    [Fact]
    public async Task Export_starts_an_export_job_for_available_backups_only()
    {
        await using var server = await StartZillizAsync(o =>
        {
            o.SeedBackups = 1;
            o.BackupDuration = TimeSpan.FromMinutes(5);
        });
        using var client = ZillizClient(server);
        var seeded = (string)Ok(await GetAsync(client, "v2/backups"))["backups"]![0]!["backupId"]!;
        var creating = (string)(await CreateBackupAsync(client))["backupId"]!;
        const string Body = """{"integrationId":"integ-123","directory":"backups/"}""";

        var export = Ok(await PostAsync(client, $"v2/clusters/{Cluster}/backups/{seeded}/export", Body));
        var job = Ok(await GetAsync(client, "v2/jobs/" + export["jobId"]));

        Assert.Equal("EXPORT", (string?)job["type"]);
        Assert.Contains((string?)job["status"], new[] { "PENDING", "IN_PROGRESS" });
        AssertError(await PostAsync(client, $"v2/clusters/{Cluster}/backups/{creating}/export", Body), 98004, "AVAILABLE");
        AssertError(await PostAsync(client, $"v2/clusters/{Cluster}/backups/{seeded}/export", """{"directory":"x"}"""), 98000, "integrationId");
    }

    [Fact]
    public async Task List_pages_with_a_grand_total_and_filters_by_cluster_method_type_and_project()
    {
        await using var server = await StartZillizAsync(o =>
        {
            o.SeedBackups = 25;
            o.BackupDuration = TimeSpan.Zero;
        });
        using var client = ZillizClient(server);
        var manual = await AvailableBackupAsync(client, """{"backupType":"COLLECTION","dbCollections":[{"collectionNames":["products"]}]}""");

        var first = Ok(await GetAsync(client, "v2/backups"));
        var pages = new List<JsonNode>();
        for (var page = 1; page <= 3; page++)
        {
            pages.Add(Ok(await GetAsync(client, $"v2/backups?projectId={Project}&clusterId={Cluster}&pageSize=10&currentPage={page}")));
        }

        var ids = pages.SelectMany(p => p["backups"]!.AsArray().Select(b => (string)b!["backupId"]!)).ToArray();
        Assert.Equal(26, (int)first["count"]!);
        Assert.Equal(10, (int)first["pageSize"]!);
        Assert.Equal(1, (int)first["currentPage"]!);
        Assert.Equal(new[] { 10, 10, 6 }, pages.Select(p => p["backups"]!.AsArray().Count));
        Assert.All(pages, p => Assert.Equal(26, (int)p["count"]!));
        Assert.Equal(26, ids.Distinct().Count());
        Assert.Equal(manual, ids[0]); // newest first
        Assert.Empty(Ok(await GetAsync(client, "v2/backups?pageSize=10&currentPage=4"))["backups"]!.AsArray());

        var manualOnly = Ok(await GetAsync(client, "v2/backups?creationMethod=MANUAL"));
        var autoClusters = Ok(await GetAsync(client, "v2/backups?creationMethod=AUTO&backupType=CLUSTER&pageSize=100"));
        var collections = Ok(await GetAsync(client, "v2/backups?backupType=COLLECTION"));
        var otherCluster = await GetAsync(client, "v2/backups?clusterId=in01-other");
        Assert.Equal(manual, (string?)Assert.Single(manualOnly["backups"]!.AsArray())!["backupId"]);
        Assert.Equal(25, (int)autoClusters["count"]!);
        Assert.All(autoClusters["backups"]!.AsArray(), b => Assert.Equal("AUTO", (string?)b!["creationMethod"]));
        Assert.All(autoClusters["backups"]!.AsArray(), b => Assert.NotNull((string?)b!["expireTime"]));
        Assert.Equal(1, (int)collections["count"]!);
        AssertError(otherCluster, 96018, "Cluster not found.");
    }

    [Theory]
    [InlineData("pageSize=0", 96008)]
    [InlineData("pageSize=101", 96008)]
    [InlineData("pageSize=ten", 96008)]
    [InlineData("currentPage=0", 96009)]
    [InlineData("currentPage=-1", 96009)]
    [InlineData("projectId=proj-other", 96005)]
    [InlineData("creationMethod=SOMETIMES", 96030)]
    [InlineData("backupType=TABLE", 96029)]
    [InlineData("start=yesterday", 96007)]
    [InlineData("end=2024-07-30T16:49:50", 96007)]
    [InlineData("startTime=2024-07-30", 96007)]
    [InlineData("start=2024-07-31T00:00:00Z&end=2024-07-30T00:00:00Z", 96035)]
    public async Task List_rejects_bad_paging_and_filters_with_codes_on_http_200(string query, int code)
    {
        await using var server = await StartZillizAsync();
        using var client = ZillizClient(server);

        AssertError(await GetAsync(client, "v2/backups?" + query), code);
    }

    [Fact]
    public async Task List_filters_by_creation_time_with_start_and_end_and_the_older_startTime_endTime()
    {
        await using var server = await StartZillizAsync(o => o.SeedBackups = 5);
        using var client = ZillizClient(server);
        var all = Ok(await GetAsync(client, "v2/backups"))["backups"]!.AsArray().Select(b => (string)b!["createTime"]!).Order().ToArray();

        var fromThird = Ok(await GetAsync(client, $"v2/backups?start={all[2]}"));
        var upToSecond = Ok(await GetAsync(client, $"v2/backups?end={all[1]}"));
        var middle = Ok(await GetAsync(client, $"v2/backups?startTime={all[1]}&endTime={all[3]}"));

        // Seeded backups are a minute apart; both bounds include a backup made at that very second [?].
        Assert.Equal(3, (int)fromThird["count"]!);
        Assert.Equal(2, (int)upToSecond["count"]!);
        Assert.Equal(3, (int)middle["count"]!);
        Assert.All(fromThird["backups"]!.AsArray(), b => Assert.True(string.CompareOrdinal((string)b!["createTime"]!, all[2]) >= 0));
    }

    [Fact]
    public async Task List_accepts_the_page_size_bounds()
    {
        await using var server = await StartZillizAsync(o => o.SeedBackups = 3);
        using var client = ZillizClient(server);

        var one = Ok(await GetAsync(client, "v2/backups?pageSize=1&currentPage=3"));
        var hundred = Ok(await GetAsync(client, "v2/backups?pageSize=100"));

        Assert.Single(one["backups"]!.AsArray());
        Assert.Equal(3, (int)one["count"]!);
        Assert.Equal(3, hundred["backups"]!.AsArray().Count);
    }
}
