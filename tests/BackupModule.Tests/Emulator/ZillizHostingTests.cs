using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using BackupModule.Emulator;
using Xunit;
using Xunit.Abstractions;
using static BackupModule.Tests.Emulator.EmulatorTestSupport;
using static BackupModule.Tests.Emulator.ZillizTestSupport;

namespace BackupModule.Tests.Emulator;

public sealed class ZillizHostingTests : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly string _directory = Directory.CreateTempSubdirectory("zilliz-state-").FullName;

    public ZillizHostingTests(ITestOutputHelper output)
    {
        _output = output;
    }

    private string StatePath => Path.Combine(_directory, "state.json");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Ten_thousand_seeded_backups_load_fast_and_page_through_in_a_hundred_pages()
    {
        var clock = Stopwatch.StartNew();
        await using var server = await StartZillizAsync(o =>
        {
            o.SeedBackups = 10_000;
            o.RequestsPerSecond = 1_000; // this test pages as fast as it can; the real limit is not under test here
        });
        var started = clock.Elapsed;
        using var client = ZillizClient(server);

        clock.Restart();
        var ids = new HashSet<string>();
        var createTimes = new List<string>();
        for (var page = 1; page <= 100; page++)
        {
            var data = Ok(await GetAsync(client, $"v2/backups?pageSize=100&currentPage={page}"));
            Assert.Equal(10_000, (int)data["count"]!);
            foreach (var backup in data["backups"]!.AsArray())
            {
                Assert.True(ids.Add((string)backup!["backupId"]!));
                createTimes.Add((string)backup["createTime"]!);
            }
        }

        var paged = clock.Elapsed;
        _output.WriteLine($"start with 10,000 seeded backups: {started.TotalMilliseconds:F0} ms; 100 pages of 100: {paged.TotalMilliseconds:F0} ms");

        Assert.Equal(10_000, ids.Count);
        Assert.Equal(10_000, createTimes.Distinct().Count());
        Assert.Equal(createTimes.OrderDescending(StringComparer.Ordinal), createTimes);
        Assert.Empty(Ok(await GetAsync(client, "v2/backups?pageSize=100&currentPage=101"))["backups"]!.AsArray());

        // Generous bounds: a quadratic list or seeding would take minutes here, not seconds.
        Assert.True(started < TimeSpan.FromSeconds(15), $"start took {started}");
        Assert.True(paged < TimeSpan.FromSeconds(15), $"paging took {paged}");
    }

    [Fact]
    public async Task A_restarted_emulator_keeps_backups_jobs_clusters_and_policies_but_no_password()
    {
        string password, restoredCluster, deletedId, jobId, before, text;
        await using (var first = await StartAsync(o =>
        {
            o.StateFile = StatePath;
            o.Zilliz.BackupDuration = TimeSpan.Zero;
            o.Zilliz.RestoreDuration = TimeSpan.Zero;
        }))
        {
            using var client = ZillizClient(first);
            var keptId = await AvailableBackupAsync(client);
            deletedId = await AvailableBackupAsync(client);
            Ok(await SendAsync(client, HttpMethod.Delete, $"v2/clusters/{Cluster}/backups/{deletedId}"));
            var restored = Ok(await PostAsync(client, $"v2/clusters/{Cluster}/backups/{keptId}/restoreCluster", """{"targetProjectId":"proj-emulator","clusterName":"copy","cuSize":1,"collectionStatus":"KEEP"}"""));
            password = (string)restored["password"]!;
            restoredCluster = (string)restored["clusterId"]!;
            jobId = (string)restored["jobId"]!;
            await WaitForJobAsync(client, jobId);
            Ok(await PostAsync(client, $"v2/clusters/{Cluster}/backups/policy", """{"frequency":"2","startTime":"22:00-00:00","retentionDays":3,"enabled":true,"crossRegionCopies":[{"regionId":"aws-us-east-1","retentionDays":2}]}"""));
            first.Dcos.Reset(); // the DC/OS section is saved next to the Zilliz one
            before = Ok(await GetAsync(client, "v2/backups")).ToJsonString();
            text = await File.ReadAllTextAsync(StatePath);
        }

        await using var restarted = await StartAsync(o => o.StateFile = StatePath);
        using var again = ZillizClient(restarted);

        var sections = JsonNode.Parse(text)!.AsObject();
        Assert.NotNull(sections["zilliz"]);
        Assert.NotNull(sections["dcos"]);
        Assert.DoesNotContain(password, text);
        Assert.DoesNotContain(ZillizEmulatorOptions.DefaultApiKey, text);
        Assert.Equal(before, Ok(await GetAsync(again, "v2/backups")).ToJsonString());
        Assert.Equal("DELETED", (string?)(await DescribeAsync(again, deletedId))["status"]);
        Assert.Equal("SUCCESSFUL", (string?)Ok(await GetAsync(again, "v2/jobs/" + jobId))["status"]);
        var policy = Ok(await GetAsync(again, $"v2/clusters/{Cluster}/backups/policy"));
        Assert.Equal("ENABLED", (string?)policy["status"]);
        Assert.Equal("""[{"regionId":"aws-us-east-1","retentionDays":2,"region":"us-east-1"}]""", policy["crossRegionCopies"]!.ToJsonString());
        Assert.Equal(3, ClusterNamed(restarted, restoredCluster).Databases.SelectMany(d => d.Collections).Count());
        Assert.DoesNotContain(Directory.GetFiles(_directory), f => f != StatePath);

        // Backup names keep counting where they stopped.
        restarted.Zilliz.BackupDuration = TimeSpan.Zero;
        Assert.Equal("Dedicated-01_backup3", (string?)(await CreateBackupAsync(again))["backupName"]);
    }

    [Fact]
    public async Task Running_jobs_and_their_armed_failures_carry_on_after_a_restart_and_seeds_are_not_repeated()
    {
        string jobId;
        IReadOnlyList<string> seeded;
        await using (var first = await StartAsync(o =>
        {
            o.StateFile = StatePath;
            o.Zilliz.SeedBackups = 3;
            o.Zilliz.BackupDuration = TimeSpan.FromMilliseconds(500);
        }))
        {
            first.Zilliz.FailNextBackup("failed across a restart");
            using var client = ZillizClient(first);
            jobId = (string)(await CreateBackupAsync(client))["jobId"]!;
            seeded = Ok(await GetAsync(client, "v2/backups?creationMethod=AUTO"))["backups"]!.AsArray().Select(b => (string)b!["backupId"]!).ToArray();
        }

        await using var second = await StartAsync(o =>
        {
            o.StateFile = StatePath;
            o.Zilliz.SeedBackups = 3;
            o.Zilliz.BackupDuration = TimeSpan.FromHours(1);
        });
        using var again = ZillizClient(second);
        var job = (await WaitForJobAsync(again, jobId)).Last();
        var autoAfter = Ok(await GetAsync(again, "v2/backups?creationMethod=AUTO"))["backups"]!.AsArray().Select(b => (string)b!["backupId"]!);

        Assert.Equal("FAILED", (string?)job["status"]);
        Assert.Equal("failed across a restart", (string?)job["reason"]);
        Assert.Equal(seeded, autoAfter);
    }

    [Fact]
    public async Task A_malformed_zilliz_section_stops_the_start()
    {
        await File.WriteAllTextAsync(StatePath, """{"version":1,"zilliz":{"backups":"not a list"}}""");

        await Assert.ThrowsAsync<InvalidDataException>(() => StartAsync(o => o.StateFile = StatePath));
    }

    [Fact]
    public async Task Admin_routes_reset_the_zilliz_state_change_durations_and_list_clusters()
    {
        await using var server = await StartZillizAsync(o =>
        {
            o.SeedBackups = 2;
            o.BackupDuration = TimeSpan.Zero;
        });
        using var client = ZillizClient(server);
        using var admin = AdminClient(server);
        await AvailableBackupAsync(client);

        using var settings = await admin.PostAsync("zilliz/settings", Json("""{"backupDurationMs":1500,"restoreDurationMs":250}"""));
        using var negative = await admin.PostAsync("zilliz/settings", Json("""{"backupDurationMs":-1}"""));
        using var unknown = await admin.PostAsync("zilliz/settings", Json("""{"bareShapes":true}"""));
        using var shape = await admin.PostAsync("zilliz/settings", Json("""{"collectionsShape":"DbCollections"}"""));
        using var badShape = await admin.PostAsync("zilliz/settings", Json("""{"collectionsShape":"Nested"}"""));
        using var badFailNext = await admin.PostAsync("zilliz/fail-next", Json("{}"));
        using var clusters = await admin.GetAsync("zilliz/clusters");
        var listed = (await ReadJsonAsync(clusters)).AsArray();

        Assert.Equal(HttpStatusCode.NoContent, settings.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, shape.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badShape.StatusCode);
        Assert.Equal(ZillizCollectionsShape.DbCollections, server.Zilliz.CollectionsShape);
        Assert.Equal(HttpStatusCode.BadRequest, badFailNext.StatusCode);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), server.Zilliz.BackupDuration);
        Assert.Equal(TimeSpan.FromMilliseconds(250), server.Zilliz.RestoreDuration);
        var cluster = Assert.Single(listed)!;
        Assert.Equal("in01-emulator", (string?)cluster["clusterId"]);
        Assert.Equal("Dedicated-01", (string?)cluster["clusterName"]);
        Assert.Equal(1, (int)cluster["cuSize"]!);
        Assert.Equal(
            """[{"dbName":"default","collections":[{"collectionName":"medium_articles","status":"LOADED"},{"collectionName":"products","status":"LOADED"}]},{"dbName":"analytics","collections":[{"collectionName":"events","status":"LOADED"}]}]""",
            cluster["databases"]!.ToJsonString());

        Assert.Equal(3, (int)Ok(await GetAsync(client, "v2/backups"))["count"]!);
        using var reset = await admin.PostAsync("zilliz/reset", content: null);
        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Equal(2, (int)Ok(await GetAsync(client, "v2/backups"))["count"]!); // back to the seeded ones
        Assert.Equal(TimeSpan.FromMilliseconds(1500), server.Zilliz.BackupDuration); // settings stay

        using var resetAll = await admin.PostAsync("reset", content: null);
        Assert.Equal(HttpStatusCode.NoContent, resetAll.StatusCode);
        Assert.Empty(server.Audit.Entries);
    }

    [Fact]
    public void Command_line_sets_every_zilliz_option_and_keys_replace_the_default()
    {
        var options = EmulatorCommandLine.Parse(new[]
        {
            "--zilliz-api-key", "k1", "--zilliz-api-key=k2", "--zilliz-noperm-key", "ro",
            "--zilliz-backup-delay-ms", "250", "--zilliz-restore-delay-ms=500", "--zilliz-seed-backups", "10000", "--zilliz-rate-limit", "5",
            "--zilliz-collections-shape", "dbCollections",
        });

        Assert.Equal(new[] { "k1", "k2" }, options.Zilliz.ApiKeys);
        Assert.Equal(new[] { "ro" }, options.Zilliz.NoPermissionApiKeys);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.Zilliz.BackupDuration);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.Zilliz.RestoreDuration);
        Assert.Equal(10_000, options.Zilliz.SeedBackups);
        Assert.Equal(5, options.Zilliz.RequestsPerSecond);
        Assert.Equal(ZillizCollectionsShape.DbCollections, options.Zilliz.CollectionsShape);
        Assert.Contains("--zilliz-seed-backups N", EmulatorCommandLine.Usage);
        Assert.Contains("--zilliz-collections-shape collections|dbCollections", EmulatorCommandLine.Usage);
    }

    [Fact]
    public void Command_line_zilliz_defaults_match_the_documented_ones()
    {
        var options = EmulatorCommandLine.Parse(Array.Empty<string>());

        Assert.Equal(new[] { "zilliz-emulator-key" }, options.Zilliz.ApiKeys);
        Assert.Equal(new[] { ZillizEmulatorOptions.DefaultNoPermissionApiKey }, options.Zilliz.NoPermissionApiKeys);
        Assert.Equal(0, options.Zilliz.SeedBackups);
        Assert.Equal(20, options.Zilliz.RequestsPerSecond);
        Assert.Equal(ZillizCollectionsShape.Collections, options.Zilliz.CollectionsShape);
    }

    [Theory]
    [InlineData("--zilliz-api-key", "")]
    [InlineData("--zilliz-api-key")]
    [InlineData("--zilliz-seed-backups", "-1")]
    [InlineData("--zilliz-seed-backups", "many")]
    [InlineData("--zilliz-backup-delay-ms", "1.5")]
    [InlineData("--zilliz-restore-delay-ms", "-5")]
    [InlineData("--zilliz-rate-limit", "0")]
    [InlineData("--zilliz-collections-shape", "nested")]
    [InlineData("--zilliz-collections-shape", "1")]
    public void Command_line_rejects_bad_zilliz_arguments(params string[] args)
    {
        Assert.Throws<FormatException>(() => EmulatorCommandLine.Parse(args));
    }

    [Fact]
    public async Task Standalone_process_prints_the_zilliz_line_after_the_dcos_line_and_serves_the_api()
    {
        using var process = StartProcess("--urls", "http://127.0.0.1:0", "--zilliz-seed-backups", "2");
        try
        {
            var listening = await ReadLineAsync(process);
            var dcos = await ReadLineAsync(process);
            var zilliz = await ReadLineAsync(process);

            var root = listening["BackupModule emulator listening on ".Length..];
            Assert.StartsWith("DC/OS backup API: ", dcos);
            Assert.Equal($"Zilliz Cloud API: {root}  API key: zilliz-emulator-key  project: proj-emulator  cluster: in01-emulator", zilliz);

            using var client = new HttpClient { BaseAddress = new Uri(root + "/") };
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer zilliz-emulator-key");
            var list = Ok(await GetAsync(client, "v2/backups"));
            Assert.Equal(2, (int)list["count"]!);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task Standalone_process_hides_a_configured_api_key()
    {
        using var process = StartProcess("--urls", "http://127.0.0.1:0", "--zilliz-api-key", "my-secret-key");
        try
        {
            await ReadLineAsync(process);
            await ReadLineAsync(process);
            var zilliz = await ReadLineAsync(process);

            Assert.Contains("  API key: (configured)  ", zilliz);
            Assert.DoesNotContain("my-secret-key", zilliz);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
        }
    }
}
