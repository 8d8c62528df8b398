using System.Management.Automation;

namespace BackupModule.EngineTests;

/// <summary>
/// Restore-ClusterBackup against Zilliz Cloud in the engine: the design-card pipeline (chosen collection
/// into the same cluster, never overwriting), and a whole cluster into a new one whose one-time db_admin
/// password is a PSCredential that no rendering, serialization, stream or request ever shows.
/// </summary>
public sealed class ZillizRestoreTests : ZillizEngineTest
{
    private const string DesignCard =
        "Get-ClusterBackup | Where Status -eq Ready | Select-Object -First 1 | Restore-ClusterBackup -Collection medium_articles -DestinationCollectionName restore_medium_articles -Wait -Confirm:$false";

    private const string RestoreId = "BackupModule.Commands.RestoreClusterBackupCommand";

    [Fact]
    public void The_design_card_pipeline_restores_the_collection_under_its_new_name()
    {
        var newest = ReadyBackupId();

        var result = Session.Run(DesignCard).AssertNoErrors();

        var job = Assert.Single(result.Output);
        Assert.Equal("BackupModule.Model.ClusterBackupJob", job.BaseObject.GetType().FullName);
        Assert.Equal("Restore", job.Properties["Kind"].Value.ToString());
        Assert.Equal("Succeeded", job.Properties["Status"].Value.ToString());
        Assert.Equal(newest, job.Properties["BackupId"].Value);
        Assert.Equal("in01-emulator/default.restore_medium_articles", job.Properties["Target"].Value);
        Assert.Contains("default.restore_medium_articles", CollectionsOf(ClusterId));
        Assert.Contains("default.medium_articles", CollectionsOf(ClusterId));
        var restore = Assert.Single(Harness.ZillizCalls("POST", "/v2/clusters/in01-emulator/backups/"), c => c.Path.EndsWith("/restoreCollection", StringComparison.Ordinal));
        Assert.Contains(newest, restore.Path, StringComparison.Ordinal);
        Assert.Contains("\"destCollectionName\":\"restore_medium_articles\"", restore.RequestBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_First_1_the_second_Ready_backup_fails_DestinationCollectionExists_and_the_pipeline_goes_on()
    {
        var ids = Session.Run("Get-ClusterBackup -Status Ready | ForEach-Object Id").AssertNoErrors().Strings;
        Assert.Equal(2, ids.Count);

        var result = Session.Run(DesignCard.Replace(" | Select-Object -First 1", "") + "; 'went on'");

        var error = Assert.Single(result.Errors);
        Assert.Equal("DestinationCollectionExists," + RestoreId, error.FullyQualifiedErrorId);
        Assert.Equal(ids[1], error.TargetObject);
        Assert.Equal(2, result.Output.Count);
        Assert.Equal(ids[0], result.Output[0].Properties["BackupId"].Value);
        Assert.Equal("Succeeded", result.Output[0].Properties["Status"].Value.ToString());
        Assert.Equal("went on", result.Output[1].BaseObject);
        // One restore job: the second was refused before anything was sent.
        Assert.Single(Harness.ZillizMutations);
        Assert.Equal(2, Harness.ZillizCalls("POST", "/cluster-endpoints/").Count);
        Assert.Single(CollectionsOf(ClusterId), c => c == "default.restore_medium_articles");
    }

    [Fact]
    public void Into_a_new_cluster_the_job_targets_it_and_carries_a_PSCredential_whose_password_shows_nowhere()
    {
        var run = Session.Run(
            "$DebugPreference = 'Continue'; "
            + "$job = Get-ClusterBackup -Status Ready | Select-Object -First 1 | Restore-ClusterBackup -NewClusterName restored-01 -CuSize 1 -ProjectId $projectId -CollectionStatus Release -Wait -Force -Verbose -Debug; "
            + "$job").AssertNoErrors();
        var renderings = Session.Run(
            "$job | Format-Table | Out-String -Width 200; $job | Format-List * | Out-String -Width 200; $job | Out-String -Width 200; "
            + "$job | ConvertTo-Json -Depth 5 -WarningAction SilentlyContinue; $job.ToString(); \"$job\"; $job.Credential | Format-List * | Out-String").AssertNoErrors();
        var credential = Session.Run("$job.Credential -is [pscredential]; $job.Credential.UserName; $job.Credential.GetNetworkCredential().Password").AssertNoErrors().Strings;

        var job = Assert.Single(run.Output);
        var target = (string)job.Properties["Target"].Value;
        var cluster = Assert.Single(Zilliz.Clusters, c => c.ClusterId == target);
        Assert.Equal("restored-01", cluster.ClusterName);
        Assert.Equal("Succeeded", job.Properties["Status"].Value.ToString());
        Assert.All(cluster.Databases.SelectMany(d => d.Collections), c => Assert.Equal("UNLOADED", c.Status));
        Assert.Equal("True", credential[0]);
        Assert.Equal("db_admin", credential[1]);
        var password = credential[2];
        Assert.True(password.Length >= 8, "the one-time password is missing");

        // The canary: the streams were on (verbose and debug lines exist), and none carries it.
        Assert.NotEmpty(run.Verbose);
        Assert.NotEmpty(run.Debug);
        Assert.Contains(run.Debug, d => d.Message.Contains("restoreCluster", StringComparison.Ordinal));
        var shown = renderings.Strings.Concat(run.StreamTexts).Concat(Harness.Emulator.Audit.Entries.Select(e => $"{e.Path} {e.Query} {e.RequestBody}"));
        Assert.All(shown, text => Assert.DoesNotContain(password, text, StringComparison.Ordinal));
        Assert.Contains(renderings.Strings, s => s.Contains(target, StringComparison.Ordinal));
        Assert.Contains(renderings.Strings, s => s.Contains("db_admin", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Restore-ClusterBackup -Id $id -Force", "NotSupported")]
    [InlineData("Restore-ClusterBackup -Id $id -Collection no_such_collection -Force", "InvalidArgument")]
    [InlineData("Restore-ClusterBackup -Id $id -Collection medium_articles -Force", "DestinationCollectionExists")]
    [InlineData("Restore-ClusterBackup -Id backup-0000000000000000 -NewClusterName x -CuSize 1 -Force", "BackupNotFound")]
    public void Refused_restores_send_nothing_and_stop_with_a_stable_id(string command, string errorId)
    {
        var id = ReadyBackupId();

        var result = Session.Run($"try {{ {command} -ErrorAction Stop; 'not stopped' }} catch {{ $_.FullyQualifiedErrorId }}", Vars(("id", id))).AssertNoErrors();

        Assert.Equal(new[] { errorId + "," + RestoreId }, result.Strings);
        Assert.Empty(Harness.ZillizMutations);
    }
}
