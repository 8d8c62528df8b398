using System.Management.Automation;

namespace BackupModule.EngineTests;

/// <summary>New-ClusterBackup against Zilliz Cloud: the object, -Wait with percent progress, and one manual backup at a time.</summary>
public sealed class ZillizNewBackupTests : ZillizEngineTest
{
    private const string CreatePath = "/v2/clusters/in01-emulator/backups/create";

    private static void AssertStartedBackup(PSObject output, string status, string scope)
    {
        Assert.Equal("BackupModule.Model.ClusterBackup", output.BaseObject.GetType().FullName);
        Assert.Equal("ZillizCloud", output.Properties["Backend"].Value.ToString());
        Assert.Equal(status, output.Properties["Status"].Value.ToString());
        Assert.Equal(scope, output.Properties["Scope"].Value.ToString());
        Assert.Equal("Manual", output.Properties["CreationMethod"].Value.ToString());
        Assert.Equal(ClusterId, output.Properties["ClusterId"].Value);
        Assert.StartsWith("job-", (string)output.Properties["JobId"].Value, StringComparison.Ordinal);
        Assert.StartsWith("backup-", (string)output.Properties["Id"].Value, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("New-ClusterBackup", "Cluster")]
    [InlineData("New-ClusterBackup -Collection medium_articles", "Collection")]
    [InlineData("New-ClusterBackup -Collection events -Database analytics -ClusterId $clusterId", "Collection")]
    public void Without_Wait_the_backup_is_Creating_with_its_job(string command, string scope)
    {
        var result = Session.Run(command).AssertNoErrors();

        AssertStartedBackup(Assert.Single(result.Output), "Creating", scope);
        var create = Assert.Single(Harness.ZillizCalls("POST", CreatePath));
        Assert.Contains(scope == "Cluster" ? "\"CLUSTER\"" : "\"COLLECTION\"", create.RequestBody, StringComparison.Ordinal);
        Assert.Empty(result.Progress);
    }

    [Fact]
    public void With_Wait_it_writes_percent_progress_and_ends_Ready()
    {
        // Slower than the first poll (1 s), so one poll sees the job in progress.
        Zilliz.BackupDuration = TimeSpan.FromSeconds(2);

        var result = Session.Run("New-ClusterBackup -Collection medium_articles -Database default -Wait -TimeoutSec 60").AssertNoErrors();

        AssertStartedBackup(Assert.Single(result.Output), "Ready", "Collection");
        Assert.Contains(result.Progress, p => p.RecordType == ProgressRecordType.Processing && p.PercentComplete is >= 1 and <= 100);
        Assert.All(result.Progress, p => Assert.InRange(p.PercentComplete, -1, 100));
        Assert.Equal(ProgressRecordType.Completed, result.Progress[^1].RecordType);
        Assert.Contains(Harness.ZillizCalls("GET", "/v2/jobs/"), c => c.StatusCode == 200);
    }

    [Fact]
    public void A_second_manual_backup_while_one_runs_is_BackupServiceBusy()
    {
        Zilliz.BackupDuration = TimeSpan.FromMinutes(10);
        var first = (string)Session.Run("(New-ClusterBackup).Id").AssertNoErrors().Output.Single().BaseObject;

        var second = Session.Run("New-ClusterBackup; 'went on'");

        var error = Assert.Single(second.Errors);
        Assert.StartsWith("BackupServiceBusy,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal("BackupServiceBusy,BackupModule.Commands.NewClusterBackupCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceBusy, error.CategoryInfo.Category);
        Assert.Equal(new[] { "went on" }, second.Strings);
        // The read-only look before the prompt saw the running backup and said so.
        Assert.Contains(first, Assert.Single(second.Warnings).Message, StringComparison.Ordinal);
        // Zilliz answers a refusal with HTTP 200 and a code in the body: two creates, the second refused.
        Assert.Equal(2, Harness.ZillizCalls("POST", CreatePath).Count);
    }

    [Fact]
    public void A_second_manual_backup_with_Wait_waits_for_the_first_then_ends_Ready()
    {
        Zilliz.BackupDuration = TimeSpan.FromSeconds(1.5);
        var first = (string)Session.Run("(New-ClusterBackup).Id").AssertNoErrors().Output.Single().BaseObject;
        Zilliz.BackupDuration = ModuleHarness.ZillizDuration;

        var second = Session.Run("New-ClusterBackup -Wait -TimeoutSec 60 -Verbose").AssertNoErrors();

        var backup = Assert.Single(second.Output);
        Assert.Equal("Ready", backup.Properties["Status"].Value.ToString());
        Assert.NotEqual(first, backup.Properties["Id"].Value);
        // The first create, then the second asked at least twice: refused while the first ran, then accepted.
        var creates = Harness.ZillizCalls("POST", CreatePath);
        Assert.True(creates.Count >= 3, $"{creates.Count} creates");
        Assert.Contains(second.Verbose, v => v.Message.Contains("busy", StringComparison.OrdinalIgnoreCase));
    }
}
