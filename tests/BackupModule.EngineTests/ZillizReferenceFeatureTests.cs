using System.Management.Automation;
using System.Text.Json.Nodes;
using BackupModule.Emulator;

namespace BackupModule.EngineTests;

/// <summary>
/// The newest Zilliz Cloud reference's features as cmdlet parameters, in the real engine against the emulator:
/// what each sends, what the objects show, what the confirmation text says they cost, and the published
/// codes as ErrorIds with the resource as TargetObject.
/// </summary>
public sealed class ZillizReferenceFeatureTests : ZillizEngineTest
{
    private const string RestoreId = "BackupModule.Commands.RestoreClusterBackupCommand";

    [Fact]
    public void New_ClusterBackup_CopyToRegion_sends_crossRegionCopies_and_its_confirmation_names_the_billed_copies()
    {
        var made = Session.Run("New-ClusterBackup -CopyToRegion aws-us-east-1, ali-cn-hangzhou -Confirm:$false -Verbose").AssertNoErrors();

        var create = Assert.Single(Harness.ZillizCalls("POST", "/v2/clusters/in01-emulator/backups/create"));
        var body = JsonNode.Parse(create.RequestBody!)!;
        Assert.Equal("""[{"regionId":"aws-us-east-1"},{"regionId":"ali-cn-hangzhou"}]""", body["crossRegionCopies"]!.ToJsonString());
        Assert.Single(made.Output);
        // ShouldProcess was asked (-Confirm:$false): its verbose line is the action text, with what the copies cost.
        Assert.Contains(made.Verbose, v => v.Message.Contains("with a copy in aws-us-east-1, ali-cn-hangzhou", StringComparison.Ordinal) && v.Message.Contains("billed", StringComparison.Ordinal));
    }

    [Fact]
    public void A_malformed_region_stops_before_any_request()
    {
        Harness.Emulator.Audit.Clear();

        var result = Session.Run("New-ClusterBackup -CopyToRegion 'US East' -Confirm:$false");

        Assert.Equal(new[] { "InvalidArgument,BackupModule.Commands.NewClusterBackupCommand" }, result.ErrorIds);
        Assert.Empty(Harness.ZillizMutations);
    }

    [Fact]
    public void Get_ClusterBackup_time_filters_go_as_start_and_end_and_bound_the_list()
    {
        var times = Session.Run("Get-ClusterBackup | Sort-Object CreatedAt | ForEach-Object { $_.CreatedAt.UtcDateTime }").AssertNoErrors().Output
            .Select(o => (DateTime)o.BaseObject).ToArray();
        Assert.Equal(2, times.Length);
        Harness.Emulator.Audit.Clear();

        var newer = Session.Run("Get-ClusterBackup -CreatedAfter $after", Vars(("after", times[1]))).AssertNoErrors();
        var older = Session.Run("Get-ClusterBackup -CreatedBefore $before", Vars(("before", times[1]))).AssertNoErrors();
        var reversed = Session.Run("Get-ClusterBackup -CreatedAfter $after -CreatedBefore $before", Vars(("after", times[1]), ("before", times[0])));

        Assert.Equal(times[1], ((DateTimeOffset)Assert.Single(newer.Output).Properties["CreatedAt"].Value).UtcDateTime);
        Assert.Equal(times[0], ((DateTimeOffset)Assert.Single(older.Output).Properties["CreatedAt"].Value).UtcDateTime);
        var queries = Harness.ZillizCalls("GET", "/v2/backups").Select(c => c.Query).ToArray();
        Assert.Contains(queries, q => q.Contains("start=" + Uri.EscapeDataString(times[1].ToString("yyyy-MM-ddTHH:mm:ssZ")), StringComparison.Ordinal));
        Assert.Contains(queries, q => q.Contains("end=" + Uri.EscapeDataString(times[1].ToString("yyyy-MM-ddTHH:mm:ssZ")), StringComparison.Ordinal));
        Assert.Equal(new[] { "InvalidArgument,BackupModule.Commands.GetClusterBackupCommand" }, reversed.ErrorIds);
        Assert.Equal(2, Harness.ZillizCalls("GET", "/v2/backups").Count); // the reversed range sent nothing
    }

    [Fact]
    public void Backups_show_their_Milvus_version_choices_and_MilvusVersion_is_sent_with_both_project_spellings()
    {
        var choices = Session.Run("(Get-ClusterBackup -Id $id).MilvusVersions", Vars(("id", ReadyBackupId()))).AssertNoErrors().Strings;
        var asked = Session.Run("Get-ClusterBackup -Status Ready | Select-Object -First 1 | Restore-ClusterBackup -NewClusterName versioned-01 -CuSize 2 -MilvusVersion Original -Confirm:$false -Verbose").AssertNoErrors();

        Assert.Equal(new[] { "Latest", "Original" }, choices);
        var restore = Assert.Single(Harness.ZillizCalls("POST", "/v2/clusters/in01-emulator/backups/"), c => c.Path.EndsWith("/restoreCluster", StringComparison.Ordinal));
        var body = JsonNode.Parse(restore.RequestBody!)!;
        Assert.Equal("ORIGINAL", (string?)body["restoreVersionPolicy"]);
        Assert.Equal(ModuleHarness.ZillizProjectId, (string?)body["projectId"]);
        Assert.Equal(ModuleHarness.ZillizProjectId, (string?)body["targetProjectId"]);
        Assert.Contains(asked.Verbose, v => v.Message.Contains("2 CU, billed from now", StringComparison.Ordinal) && v.Message.Contains("backup's own Milvus version", StringComparison.Ordinal));
        Assert.Contains(Zilliz.Clusters, c => c.ClusterName == "versioned-01");
    }

    [Fact]
    public void A_Milvus_version_the_backup_does_not_offer_stops_before_the_restore()
    {
        var id = ReadyBackupId();
        // The service describes this backup as offering the latest version only.
        Harness.Emulator.Faults.Add(new FaultRule
        {
            Method = "GET",
            PathPrefix = $"/v2/clusters/{ClusterId}/backups/{id}",
            Times = -1,
            Body = $$$"""{"code":0,"data":{"clusterId":"{{{ClusterId}}}","clusterName":"Dedicated-01","projectId":"{{{ModuleHarness.ZillizProjectId}}}","backupId":"{{{id}}}","backupName":"Dedicated-01_backup2","backupType":"CLUSTER","creationMethod":"AUTO","status":"AVAILABLE","size":112,"regionId":"aws-us-west-2","expireTime":"2024-08-30T16:49:50Z","collections":[],"createTime":"2024-07-30T16:49:50Z","restoreNewInstancePolicies":["LATEST"]}}""",
        });
        Harness.Emulator.Audit.Clear();

        var result = Session.Run("Restore-ClusterBackup -Id $id -NewClusterName old-version -CuSize 1 -MilvusVersion Original -Force", Vars(("id", id)));

        var error = Assert.Single(result.Errors);
        Assert.Equal("InvalidArgument," + RestoreId, error.FullyQualifiedErrorId);
        Assert.Equal(id, error.TargetObject);
        Assert.Contains("-MilvusVersion Latest only", error.Exception.Message, StringComparison.Ordinal);
        Assert.Empty(Harness.ZillizMutations);
    }

    [Fact]
    public void DestinationDatabase_sends_destDbName_and_the_collection_lands_there()
    {
        var job = Session.Run("Get-ClusterBackup -Status Ready | Select-Object -First 1 | Restore-ClusterBackup -Collection products -DestinationDatabase archive -Wait -Force").AssertNoErrors().Output.Single();

        Assert.Equal("in01-emulator/archive.products", job.Properties["Target"].Value);
        Assert.Contains("archive.products", CollectionsOf(ClusterId));
        var restore = Assert.Single(Harness.ZillizCalls("POST", "/v2/clusters/in01-emulator/backups/"), c => c.Path.EndsWith("/restoreCollection", StringComparison.Ordinal));
        Assert.Equal("archive", (string?)JsonNode.Parse(restore.RequestBody!)!["dbCollections"]![0]!["destDbName"]);
    }

    [Fact]
    public void Set_ClusterBackupPolicy_copies_show_in_Get_ClusterBackupPolicy()
    {
        var set = Session.Run("Set-ClusterBackupPolicy -DayOfWeek Monday, Friday -WindowStartUtc 02:00 -RetentionDays 7 -CopyToRegion aws-us-east-1 -CopyRetentionDays 3 -Confirm:$false -Verbose").AssertNoErrors();
        var copies = Session.Run("(Get-ClusterBackupPolicy).CrossRegionCopies").AssertNoErrors().Output;
        var removed = Session.Run("Set-ClusterBackupPolicy -DayOfWeek Monday -WindowStartUtc 02:00 -RetentionDays 7 -CopyToRegion @() -Confirm:$false -PassThru").AssertNoErrors();

        var copy = Assert.Single(copies);
        Assert.Equal("aws-us-east-1", copy.Properties["RegionId"].Value);
        Assert.Equal(3, copy.Properties["RetentionDays"].Value);
        Assert.Equal("us-east-1", copy.Properties["Region"].Value);
        Assert.Contains(set.Verbose, v => v.Message.Contains("copying each to aws-us-east-1 (kept 3 day(s))", StringComparison.Ordinal) && v.Message.Contains("billed", StringComparison.Ordinal));
        Assert.Empty((System.Collections.IEnumerable)Assert.Single(removed.Output).Properties["CrossRegionCopies"].Value);
        var bodies = Harness.ZillizCalls("POST", $"/v2/clusters/{ClusterId}/backups/policy").Select(c => JsonNode.Parse(c.RequestBody!)!).ToArray();
        Assert.Equal("""[{"regionId":"aws-us-east-1","retentionDays":3}]""", bodies[0]["crossRegionCopies"]!.ToJsonString());
        Assert.Equal("[]", bodies[1]["crossRegionCopies"]!.ToJsonString());
    }

    [Fact]
    public void CopyRetentionDays_without_CopyToRegion_is_InvalidArgument_and_sends_nothing()
    {
        var result = Session.Run("Set-ClusterBackupPolicy -DayOfWeek Monday -WindowStartUtc 02:00 -RetentionDays 7 -CopyRetentionDays 3 -Confirm:$false");

        Assert.Equal(new[] { "InvalidArgument,BackupModule.Commands.SetClusterBackupPolicyCommand" }, result.ErrorIds);
        Assert.Empty(Harness.ZillizMutations);
    }

    [Fact]
    public void An_unknown_cluster_is_ClusterNotFound_ObjectNotFound_with_the_cluster_as_target()
    {
        var backup = Session.Run("New-ClusterBackup -ClusterId in01-nosuchcluster -Confirm:$false");
        var policy = Session.Run("Get-ClusterBackupPolicy -ClusterId in01-nosuchcluster");
        var list = Session.Run("Get-ClusterBackup -ClusterId in01-nosuchcluster");
        var restore = Session.Run("Get-ClusterBackup -Status Ready | Select-Object -First 1 | Restore-ClusterBackup -Collection products -DestinationCollectionName p2 -DestinationClusterId in01-elsewhere -Force");

        foreach (var (result, command) in new[] { (backup, "NewClusterBackupCommand"), (policy, "GetClusterBackupPolicyCommand"), (list, "GetClusterBackupCommand") })
        {
            var error = Assert.Single(result.Errors);
            Assert.Equal($"ClusterNotFound,BackupModule.Commands.{command}", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.Equal("in01-nosuchcluster", error.TargetObject);
            Assert.Contains("code 96018", error.Exception.Message, StringComparison.Ordinal);
        }

        // New-ClusterBackup's read-only look for a running backup already found the cluster missing: nothing was sent.
        Assert.Empty(Harness.ZillizMutations);

        // A collection restore's read-only look at its destination finds it missing: nothing is sent.
        var destination = Assert.Single(restore.Errors);
        Assert.Equal("ClusterNotFound," + RestoreId, destination.FullyQualifiedErrorId);
        Assert.Equal("in01-elsewhere", destination.TargetObject);
        Assert.DoesNotContain(Harness.ZillizMutations, m => m.Path.EndsWith("/restoreCollection", StringComparison.Ordinal));
    }

    [Fact]
    public void A_restore_job_shows_its_start_time()
    {
        var job = Session.Run("Get-ClusterBackup -Status Ready | Select-Object -First 1 | Restore-ClusterBackup -Collection products -DestinationCollectionName products_timed -Wait -Force").AssertNoErrors().Output.Single();
        var reread = Session.Run("Get-ClusterBackupJob -Id $id", Vars(("id", job.Properties["Id"].Value))).AssertNoErrors().Output.Single();

        var started = Assert.IsType<DateTimeOffset>(job.Properties["StartedAt"].Value);
        var ended = Assert.IsType<DateTimeOffset>(job.Properties["EndedAt"].Value);
        Assert.Equal(TimeSpan.Zero, started.Offset);
        Assert.True(started <= ended, $"{started:o} after {ended:o}");
        Assert.Equal(started, reread.Properties["StartedAt"].Value);
    }
}

/// <summary>Get-ClusterBackup's time filters on DC/OS, which has none: the cmdlet applies them to the list.</summary>
public sealed class DcosTimeFilterTests : EngineTest
{
    [Fact]
    public async Task CreatedAfter_and_CreatedBefore_filter_the_DCOS_list_locally()
    {
        await Harness.CreateBackupsAsync("first", "second", "third");
        var times = Session.Run("Get-ClusterBackup | Sort-Object CreatedAt | ForEach-Object CreatedAt").AssertNoErrors().Output
            .Select(o => (DateTimeOffset)o.BaseObject).ToArray();
        Harness.Emulator.Audit.Clear();

        var middle = Session.Run("Get-ClusterBackup -CreatedAfter $after -CreatedBefore $before", Vars(("after", times[1].UtcDateTime), ("before", times[2].UtcDateTime))).AssertNoErrors();

        Assert.Equal(3, times.Length);
        Assert.True(times[1] < times[2], "the backups need distinct times for this test to mean anything");
        Assert.Equal("second", Assert.Single(middle.Output).Properties["Label"].Value);
        Assert.All(Harness.Calls("GET", "list"), c => Assert.Equal("", c.Query));
    }
}
