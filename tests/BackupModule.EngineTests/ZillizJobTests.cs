using System.Management.Automation;
using Xunit.Abstractions;

namespace BackupModule.EngineTests;

/// <summary>
/// Get-/Wait-ClusterBackupJob against Zilliz Cloud: re-attaching by job id from a new runspace, piping
/// New-/Restore-ClusterBackup into Wait-ClusterBackupJob, a failed job, a timeout, and Ctrl+C.
/// </summary>
public sealed class ZillizJobTests : ZillizEngineTest
{
    private const string WaitId = "BackupModule.Commands.WaitClusterBackupJobCommand";

    private readonly ITestOutputHelper _output;

    public ZillizJobTests(ITestOutputHelper output)
    {
        _output = output;
    }

    /// <summary>A collection restore (renamed, so nothing is in the way) started without waiting; $job holds it.</summary>
    private string StartRestore(string name = "job_copy", string extra = "")
    {
        var job = Session.Run($"$job = Get-ClusterBackup -Status Ready | Select-Object -First 1 | Restore-ClusterBackup -Collection medium_articles -DestinationCollectionName {name} -Force {extra}; $job")
            .AssertNoErrors().Output.Single();
        return (string)job.Properties["Id"].Value;
    }

    [Fact]
    public void A_new_runspace_re_attaches_to_a_job_by_its_id()
    {
        var jobId = StartRestore();
        Assert.StartsWith("job-", jobId, StringComparison.Ordinal);
        var other = Harness.OpenSession(connect: true, Backend.Zilliz);

        var got = other.Run("Get-ClusterBackupJob -Id $jobId", Vars(("jobId", jobId))).AssertNoErrors();
        var waited = other.Run("Wait-ClusterBackupJob -Id $jobId -TimeoutSec 60", Vars(("jobId", jobId))).AssertNoErrors();

        Assert.Equal(jobId, Assert.Single(got.Output).Properties["Id"].Value);
        Assert.Equal("Restore", got.Output[0].Properties["Kind"].Value.ToString());
        var done = Assert.Single(waited.Output);
        Assert.Equal(jobId, done.Properties["Id"].Value);
        Assert.Equal("Succeeded", done.Properties["Status"].Value.ToString());
        Assert.Contains("default.job_copy", CollectionsOf(ClusterId));
    }

    [Fact]
    public void New_ClusterBackup_piped_to_Wait_ClusterBackupJob_waits_until_the_backup_is_Ready()
    {
        var result = Session.Run("New-ClusterBackup -Collection products | Wait-ClusterBackupJob -TimeoutSec 60").AssertNoErrors();

        var backup = Assert.Single(result.Output);
        Assert.Equal("BackupModule.Model.ClusterBackup", backup.BaseObject.GetType().FullName);
        Assert.Equal("Ready", backup.Properties["Status"].Value.ToString());
        Assert.Equal("Collection", backup.Properties["Scope"].Value.ToString());
        Assert.DoesNotContain(Harness.Emulator.Audit.Entries, e => e.StatusCode >= 400);
    }

    [Fact]
    public void A_restore_piped_to_Wait_ClusterBackupJob_ends_Succeeded_keeping_what_it_knew()
    {
        var result = Session.Run(
            "Get-ClusterBackup -Status Ready | Select-Object -First 1 | Restore-ClusterBackup -NewClusterName piped-01 -CuSize 2 -Force | Wait-ClusterBackupJob -TimeoutSec 60 | "
            + "ForEach-Object { $_; $_.Credential.UserName; $_.Credential.GetNetworkCredential().Password.Length -gt 0 }").AssertNoErrors();

        var job = result.Output[0];
        Assert.Equal("Succeeded", job.Properties["Status"].Value.ToString());
        var target = (string)job.Properties["Target"].Value;
        Assert.Equal("piped-01", Assert.Single(Zilliz.Clusters, c => c.ClusterId == target).ClusterName);
        // The one-time password is shown once: waiting must not lose it.
        Assert.Equal(new object[] { "db_admin", true }, result.Output.Skip(1).Select(o => o.BaseObject));
    }

    [Fact]
    public void A_failed_restore_is_OperationFailed_with_the_services_reason()
    {
        Zilliz.FailNextRestore("object storage unreachable in aws-us-west-2");
        StartRestore();

        var waited = Session.Run("$job | Wait-ClusterBackupJob -TimeoutSec 60; 'went on'");
        Zilliz.FailNextRestore("quota of restored collections reached");
        var restored = Session.Run("Get-ClusterBackup -Status Ready | Select-Object -First 1 | Restore-ClusterBackup -Collection products -DestinationCollectionName p2 -Wait -Force");

        var error = Assert.Single(waited.Errors);
        Assert.Equal("OperationFailed," + WaitId, error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidResult, error.CategoryInfo.Category);
        Assert.Contains("object storage unreachable in aws-us-west-2", error.Exception.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { "went on" }, waited.Strings);
        var restoreError = Assert.Single(restored.Errors);
        Assert.Equal("OperationFailed,BackupModule.Commands.RestoreClusterBackupCommand", restoreError.FullyQualifiedErrorId);
        Assert.Contains("quota of restored collections reached", restoreError.Exception.Message, StringComparison.Ordinal);
        Assert.Empty(restored.Output);
    }

    [Fact]
    public void A_wait_past_TimeoutSec_is_WaitTimedOut_with_the_last_state()
    {
        Zilliz.RestoreDuration = TimeSpan.FromMinutes(10);
        var jobId = StartRestore();

        var result = Session.Run("Wait-ClusterBackupJob -Id $jobId -TimeoutSec 1", Vars(("jobId", jobId)));

        var error = Assert.Single(result.Errors);
        Assert.Equal("WaitTimedOut," + WaitId, error.FullyQualifiedErrorId);
        Assert.Equal(jobId, error.TargetObject);
        var last = Assert.Single(result.Output);
        Assert.Contains(last.Properties["Status"].Value.ToString(), new[] { "Pending", "Running" });
    }

    [Fact]
    public async Task Stop_during_Wait_ClusterBackupJob_returns_at_once()
    {
        Zilliz.RestoreDuration = TimeSpan.FromMinutes(10);
        var jobId = StartRestore();
        var jobPath = "/v2/jobs/" + jobId;
        var before = Harness.ZillizCalls("GET", jobPath).Count;

        // Two reads of the job: Wait-ClusterBackupJob is in its polling pause.
        var took = await Session.StopWhenAsync(
            "Wait-ClusterBackupJob -Id $jobId -TimeoutSec 600",
            () => Harness.ZillizCalls("GET", jobPath).Count >= before + 2,
            Vars(("jobId", jobId)));
        _output.WriteLine($"PowerShell.Stop() during Wait-ClusterBackupJob returned after {took.TotalMilliseconds:0} ms");

        Assert.True(took < TimeSpan.FromSeconds(1), $"Stop() took {took.TotalMilliseconds:0} ms");
    }
}
