using System.Text.Json.Nodes;
using BackupModule.Emulator;
using Xunit;
using static BackupModule.Tests.Emulator.EmulatorTestSupport;
using static BackupModule.Tests.Emulator.ZillizTestSupport;

namespace BackupModule.Tests.Emulator;

public sealed class ZillizRestoreTests
{
    private const string RestoreClusterBody = """{"targetProjectId":"proj-emulator","clusterName":"Dedicated-01-backup","cuSize":2,"collectionStatus":"RELEASE"}""";

    [Fact]
    public async Task Restore_cluster_creates_a_new_cluster_filled_when_its_job_succeeds_and_returns_a_password_once()
    {
        await using var server = await StartZillizAsync(o =>
        {
            o.BackupDuration = TimeSpan.Zero;
            o.RestoreDuration = TimeSpan.FromMilliseconds(400);
        });
        using var client = ZillizClient(server);
        using var admin = AdminClient(server);
        var backupId = await AvailableBackupAsync(client);

        var restored = Ok(await PostAsync(client, $"v2/clusters/{Cluster}/backups/{backupId}/restoreCluster", RestoreClusterBody));
        var clusterId = (string)restored["clusterId"]!;
        var password = (string)restored["password"]!;
        var whileRestoring = ClusterNamed(server, clusterId);
        var job = (await WaitForJobAsync(client, (string)restored["jobId"]!)).Last();
        var after = ClusterNamed(server, clusterId);

        Assert.Matches("^in01-[0-9a-f]{16}$", clusterId);
        Assert.Equal("db_admin", (string?)restored["username"]);
        Assert.True(password.Length >= 12, password.Length.ToString());
        Assert.Equal("RESTORING", whileRestoring.Status);
        Assert.Empty(whileRestoring.Databases);
        Assert.Equal("RESTORE", (string?)job["type"]);
        Assert.Equal("SUCCESSFUL", (string?)job["status"]);
        Assert.Equal("RUNNING", after.Status);
        Assert.Equal("Dedicated-01-backup", after.ClusterName);
        Assert.Equal(2, after.CuSize);
        Assert.Equal("aws-us-west-2", after.RegionId);
        Assert.Equal(new[] { "default", "analytics" }, after.Databases.Select(d => d.DbName));
        Assert.All(after.Databases.SelectMany(d => d.Collections), c => Assert.Equal("UNLOADED", c.Status));
        Assert.NotNull(FindCollection(after, "default", "medium_articles"));

        // The admin view lists the new cluster with its collections; the password is never kept or logged.
        var listed = (await ReadJsonAsync(await admin.GetAsync("zilliz/clusters"))).AsArray();
        Assert.Contains(listed, c => (string?)c!["clusterId"] == clusterId && c["databases"]!.AsArray().Count == 2);
        Assert.DoesNotContain(password, listed.ToJsonString());
        var audit = string.Join("\n", server.Audit.Entries.Select(e => e.ToString()));
        Assert.DoesNotContain(password, audit);
        Assert.DoesNotContain(ZillizEmulatorOptions.DefaultApiKey, audit);

        // A second restore gets a different password.
        var second = Ok(await PostAsync(client, $"v2/clusters/{Cluster}/backups/{backupId}/restoreCluster", RestoreClusterBody.Replace("RELEASE", "KEEP")));
        Assert.NotEqual(password, (string?)second["password"]);
        await WaitForJobAsync(client, (string)second["jobId"]!);
        Assert.All(ClusterNamed(server, (string)second["clusterId"]!).Databases.SelectMany(d => d.Collections), c => Assert.Equal("LOADED", c.Status));
    }

    [Theory]
    [InlineData("""{"projectId":"proj-emulator","clusterName":"new-one","cuSize":1,"collectionStatus":"KEEP"}""")]
    [InlineData("""{"targetProjectId":"proj-emulator","clusterName":"new-one","cuSize":1,"collectionStatus":"KEEP"}""")]
    [InlineData("""{"projectId":"proj-emulator","targetProjectId":"proj-emulator","clusterName":"new-one","cuSize":1024,"collectionStatus":"KEEP","restoreVersionPolicy":"ORIGINAL"}""")]
    public async Task Restore_cluster_takes_the_project_under_either_name_and_the_newest_fields(string body)
    {
        await using var server = await StartZillizAsync(o => o.SeedBackups = 1);
        using var client = ZillizClient(server);
        var backupId = (string)Ok(await GetAsync(client, "v2/backups"))["backups"]![0]!["backupId"]!;

        var restored = Ok(await PostAsync(client, $"v2/clusters/{Cluster}/backups/{backupId}/restoreCluster", body));

        Assert.Equal(ZillizEmulatorOptions.DefaultProjectId, ClusterNamed(server, (string)restored["clusterId"]!).ProjectId);
    }

    [Theory]
    [InlineData("""{"targetProjectId":"proj-other","clusterName":"ok","cuSize":1,"collectionStatus":"KEEP"}""", 96005)]
    [InlineData("""{"projectId":"proj-other","clusterName":"ok","cuSize":1,"collectionStatus":"KEEP"}""", 96005)]
    [InlineData("""{"projectId":"proj-emulator","targetProjectId":"proj-other","clusterName":"ok","cuSize":1,"collectionStatus":"KEEP"}""", 96005)]
    [InlineData("""{"clusterName":"ok","cuSize":1,"collectionStatus":"KEEP"}""", 96005)]
    [InlineData("""{"targetProjectId":"proj-emulator","clusterName":"bad name!","cuSize":1,"collectionStatus":"KEEP"}""", 96010)]
    [InlineData("""{"targetProjectId":"proj-emulator","clusterName":"","cuSize":1,"collectionStatus":"KEEP"}""", 96010)]
    [InlineData("""{"targetProjectId":"proj-emulator","clusterName":"ok","cuSize":0,"collectionStatus":"KEEP"}""", 96002)]
    [InlineData("""{"targetProjectId":"proj-emulator","clusterName":"ok","cuSize":1025,"collectionStatus":"KEEP"}""", 96002)]
    [InlineData("""{"targetProjectId":"proj-emulator","clusterName":"ok","cuSize":1,"collectionStatus":"MAYBE"}""", 96031)]
    [InlineData("""{"targetProjectId":"proj-emulator","clusterName":"ok","cuSize":1}""", 96031)]
    [InlineData("""{"projectId":"proj-emulator","clusterName":"ok","cuSize":1,"collectionStatus":"KEEP","restoreVersionPolicy":"NEWEST"}""", 96040)]
    [InlineData("""{"projectId":"proj-emulator","clusterName":"ok","cuSize":1,"collectionStatus":"KEEP","restoreVersionPolicy":1}""", 96040)]
    public async Task Restore_cluster_validates_its_body_and_starts_nothing(string body, int code)
    {
        await using var server = await StartZillizAsync(o => o.SeedBackups = 1);
        using var client = ZillizClient(server);
        var backupId = (string)Ok(await GetAsync(client, "v2/backups"))["backups"]![0]!["backupId"]!;

        AssertError(await PostAsync(client, $"v2/clusters/{Cluster}/backups/{backupId}/restoreCluster", body), code);
        Assert.Single(server.Zilliz.Clusters);
    }

    [Fact]
    public async Task Restore_cluster_needs_an_available_cluster_backup()
    {
        await using var server = await StartZillizAsync(o => o.BackupDuration = TimeSpan.Zero);
        using var client = ZillizClient(server);
        var collectionBackup = await AvailableBackupAsync(client, """{"backupType":"COLLECTION","dbCollections":[{"collectionNames":["products"]}]}""");
        server.Zilliz.BackupDuration = TimeSpan.FromMinutes(5);
        var creating = (string)(await CreateBackupAsync(client))["backupId"]!;

        AssertError(await PostAsync(client, $"v2/clusters/{Cluster}/backups/{collectionBackup}/restoreCluster", RestoreClusterBody), 96040, "Failed to restore cluster backup. Backup");
        AssertError(await PostAsync(client, $"v2/clusters/{Cluster}/backups/{creating}/restoreCluster", RestoreClusterBody), 96040, "CREATING");
        AssertError(await PostAsync(client, $"v2/clusters/{Cluster}/backups/backup-gone/restoreCluster", RestoreClusterBody), 98001);
        AssertError(await PostAsync(client, $"v2/clusters/in01-nowhere/backups/{creating}/restoreCluster", RestoreClusterBody), 96018);
    }

    [Fact]
    public async Task Restore_collection_adds_the_collection_to_the_destination_once_the_job_succeeds()
    {
        await using var server = await StartZillizAsync(o => o.BackupDuration = TimeSpan.Zero);
        using var client = ZillizClient(server);
        var backupId = await AvailableBackupAsync(client);

        var started = Ok(await PostAsync(
            client,
            $"v2/clusters/{Cluster}/backups/{backupId}/restoreCollection",
            """{"destClusterId":"in01-emulator","dbCollections":[{"collections":[{"collectionName":"medium_articles","destCollectionName":"restore_medium_articles","destCollectionStatus":"LOADED"}]}]}"""));
        var job = (await WaitForJobAsync(client, (string)started["jobId"]!)).Last();
        var cluster = ClusterNamed(server, Cluster);

        Assert.Equal("RESTORE", (string?)job["type"]);
        Assert.Equal("SUCCESSFUL", (string?)job["status"]);
        Assert.Equal("LOADED", FindCollection(cluster, "default", "restore_medium_articles")?.Status);
        Assert.Equal(3, cluster.Databases.Single(d => d.DbName == "default").Collections.Count);
    }

    [Fact]
    public async Task Restore_collection_refuses_an_existing_destination_and_starts_nothing()
    {
        await using var server = await StartZillizAsync(o =>
        {
            o.BackupDuration = TimeSpan.Zero;
            o.RestoreDuration = TimeSpan.FromMinutes(5);
        });
        using var client = ZillizClient(server);
        var backupId = await AvailableBackupAsync(client);
        var path = $"v2/clusters/{Cluster}/backups/{backupId}/restoreCollection";
        var before = server.Zilliz.Clusters;

        var existing = await PostAsync(client, path, """{"destClusterId":"in01-emulator","dbCollections":[{"dbName":"default","collections":[{"collectionName":"products","destCollectionName":"products"}]}]}""");
        var pending = Ok(await PostAsync(client, path, """{"destClusterId":"in01-emulator","dbCollections":[{"collections":[{"collectionName":"products","destCollectionName":"products_copy"}]}]}"""));
        var samePending = await PostAsync(client, path, """{"destClusterId":"in01-emulator","dbCollections":[{"collections":[{"collectionName":"products","destCollectionName":"products_copy"}]}]}""");
        var notInBackup = await PostAsync(client, path, """{"destClusterId":"in01-emulator","dbCollections":[{"collections":[{"collectionName":"ghost","destCollectionName":"g"}]}]}""");
        var noDestination = await PostAsync(client, path, """{"destClusterId":"in01-nowhere","dbCollections":[{"collections":[{"collectionName":"products","destCollectionName":"p"}]}]}""");

        var badStatus = await PostAsync(client, path, """{"destClusterId":"in01-emulator","dbCollections":[{"collections":[{"collectionName":"products","destCollectionName":"p2","destCollectionStatus":"WARM"}]}]}""");
        var noDestinationId = await PostAsync(client, path, """{"dbCollections":[{"collections":[{"collectionName":"products","destCollectionName":"p3"}]}]}""");

        AssertError(existing, 98003, "Collection products already exists in database default of cluster in01-emulator.");
        Assert.StartsWith("job-", (string?)pending["jobId"]);
        AssertError(samePending, 98003, "products_copy");
        AssertError(notInBackup, 96039, "Failed to restore collection backup. Collection ghost not found");
        AssertError(noDestination, 96018);
        AssertError(badStatus, 96037, "Invalid targetCollectionStatus. The value should be LOADED or UNLOADED.");
        AssertError(noDestinationId, 96025, "Empty clusterId.");
        Assert.Equal(
            System.Text.Json.JsonSerializer.Serialize(before),
            System.Text.Json.JsonSerializer.Serialize(server.Zilliz.Clusters));
    }

    [Fact]
    public async Task Restore_collection_without_names_restores_every_collection_unloaded_into_another_cluster()
    {
        await using var server = await StartZillizAsync(o =>
        {
            o.BackupDuration = TimeSpan.Zero;
            o.RestoreDuration = TimeSpan.Zero;
        });
        using var client = ZillizClient(server);
        var collectionBackup = await AvailableBackupAsync(client, """{"backupType":"COLLECTION","dbCollections":[{"dbName":"analytics","collectionNames":["events"]}]}""");
        var fullBackup = await AvailableBackupAsync(client);
        var target = Ok(await PostAsync(client, $"v2/clusters/{Cluster}/backups/{fullBackup}/restoreCluster", """{"projectId":"proj-emulator","clusterName":"target","cuSize":1,"collectionStatus":"KEEP"}"""));
        await WaitForJobAsync(client, (string)target["jobId"]!);
        var targetId = (string)target["clusterId"]!;
        Ok(await SendAsync(client, HttpMethod.Delete, $"v2/clusters/{Cluster}/backups/{fullBackup}"));

        // "events" exists in the target already, so restoring it under its own name is refused.
        AssertError(await PostAsync(client, $"v2/clusters/{Cluster}/backups/{collectionBackup}/restoreCollection", $$"""{"destClusterId":"{{targetId}}"}"""), 98003);
        AssertError(await PostAsync(client, $"v2/clusters/{Cluster}/backups/{fullBackup}/restoreCollection", $$"""{"destClusterId":"{{targetId}}"}"""), 96039, "DELETED");

        var renamed = Ok(await PostAsync(
            client,
            $"v2/clusters/{Cluster}/backups/{collectionBackup}/restoreCollection",
            $$"""{"destClusterId":"{{targetId}}","dbCollections":[{"dbName":"analytics","collections":[{"collectionName":"events","destCollectionName":"events_old"}]}]}"""));
        await WaitForJobAsync(client, (string)renamed["jobId"]!);
        Assert.Equal("UNLOADED", FindCollection(ClusterNamed(server, targetId), "analytics", "events_old")?.Status);
    }

    [Fact]
    public async Task Restore_collection_finds_the_source_database_when_none_is_named_and_restores_into_destDbName()
    {
        await using var server = await StartZillizAsync(o =>
        {
            o.BackupDuration = TimeSpan.Zero;
            o.RestoreDuration = TimeSpan.Zero;
        });
        using var client = ZillizClient(server);
        var backupId = await AvailableBackupAsync(client);
        var path = $"v2/clusters/{Cluster}/backups/{backupId}/restoreCollection";

        // "events" is in the backup's analytics database only; no dbName finds it there.
        var found = Ok(await PostAsync(client, path, """{"destClusterId":"in01-emulator","dbCollections":[{"collections":[{"collectionName":"events","destCollectionName":"events_again"}]}]}"""));
        await WaitForJobAsync(client, (string)found["jobId"]!);
        var moved = Ok(await PostAsync(client, path, """{"destClusterId":"in01-emulator","dbCollections":[{"dbName":"default","destDbName":"archive","collections":[{"collectionName":"products","destCollectionStatus":"LOADED"}]}]}"""));
        await WaitForJobAsync(client, (string)moved["jobId"]!);
        var intoExisting = await PostAsync(client, path, """{"destClusterId":"in01-emulator","dbCollections":[{"dbName":"default","destDbName":"archive","collections":[{"collectionName":"products"}]}]}""");

        var cluster = ClusterNamed(server, Cluster);
        Assert.Equal("UNLOADED", FindCollection(cluster, "analytics", "events_again")?.Status);
        Assert.Equal("LOADED", FindCollection(cluster, "archive", "products")?.Status);
        AssertError(intoExisting, 98003, "archive");
    }

    [Fact]
    public async Task An_armed_restore_failure_ends_the_job_failed_and_leaves_no_new_cluster()
    {
        await using var server = await StartZillizAsync(o =>
        {
            o.BackupDuration = TimeSpan.Zero;
            o.RestoreDuration = TimeSpan.FromMilliseconds(200);
        });
        using var client = ZillizClient(server);
        var backupId = await AvailableBackupAsync(client);
        server.Zilliz.FailNextRestore("quota exceeded");

        var restored = Ok(await PostAsync(client, $"v2/clusters/{Cluster}/backups/{backupId}/restoreCluster", RestoreClusterBody));
        var job = (await WaitForJobAsync(client, (string)restored["jobId"]!)).Last();

        Assert.Equal("FAILED", (string?)job["status"]);
        Assert.Equal("quota exceeded", (string?)job["reason"]);
        Assert.DoesNotContain(server.Zilliz.Clusters, c => c.ClusterId == (string?)restored["clusterId"]);
    }
}
