namespace BackupModule.EngineTests;

/// <summary>
/// Every ValueFromPipeline / ValueFromPipelineByPropertyName claim of the cmdlets, proven by PowerShell's
/// own parameter binder: real pipelines in a runspace, checked against what reached the emulator.
/// </summary>
public sealed class PipelineBindingTests : EngineTest
{
    [Theory]
    [InlineData("-Confirm:$false")]
    [InlineData("-Force")]
    public async Task Design_card_pipeline_restores_only_the_Ready_backups(string noPrompt)
    {
        var ready = await Harness.CreateBackupsAsync("card-a", "card-b");
        Harness.Emulator.Dcos.FailNextBackup("disk full");
        var failed = (await Harness.CreateBackupsAsync("card-failed")).Single();

        var result = Session.Run($"Get-ClusterBackup | Where-Object Status -eq Ready | Restore-ClusterBackup {noPrompt}").AssertNoErrors();

        Assert.Equal(ready.Order(), result.Property("BackupId").Cast<string>().Order());
        Assert.All(result.Property("Kind"), k => Assert.Equal("Restore", k?.ToString()));
        var restores = Harness.Calls("POST", "restore");
        Assert.Equal(2, restores.Count);
        Assert.DoesNotContain(restores, r => r.RequestBody!.Contains(failed, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_backup_binds_Id_by_property_name_to_Remove()
    {
        var id = (await Harness.CreateBackupsAsync("remove-me")).Single();

        Session.Run("Get-ClusterBackup -Id $id | Remove-ClusterBackup -Force", Vars(("id", id))).AssertNoErrors();

        var delete = Assert.Single(Harness.Calls("DELETE", "delete"));
        Assert.Contains(id, delete.RequestBody, StringComparison.Ordinal);
        Assert.Empty(Harness.Emulator.Dcos.Backups);
    }

    [Fact]
    public async Task A_backup_binds_Id_by_property_name_to_Get_ClusterBackup()
    {
        var id = (await Harness.CreateBackupsAsync("get-me")).Single();

        var result = Session.Run("$b = Get-ClusterBackup -Id $id; $b | Get-ClusterBackup", Vars(("id", id))).AssertNoErrors();

        Assert.Equal(new object?[] { id }, result.Property("Id"));
    }

    [Fact]
    public async Task A_backup_binds_by_value_to_Get_ClusterBackupJob_not_its_Id_to_the_job_Id()
    {
        // The regression: the binder latched onto the BackupId set and failed with InputObjectMissingMandatory.
        var ids = await Harness.CreateBackupsAsync("jobs-a", "jobs-b");
        var restored = Session.Run("Get-ClusterBackup | Restore-ClusterBackup -Force").AssertNoErrors();

        var result = Session.Run("Get-ClusterBackup | Get-ClusterBackupJob").AssertNoErrors();

        Assert.Equal(ids.Order(), result.Property("BackupId").Cast<string>().Order());
        Assert.Equal(restored.Property("Id").Cast<string>().Order(), result.Property("Id").Cast<string>().Order());
    }

    [Fact]
    public async Task A_backup_piped_by_value_takes_a_job_Id_from_the_command_line()
    {
        var id = (await Harness.CreateBackupsAsync("jobs-c")).Single();
        var jobId = (string)Session.Run("Restore-ClusterBackup -Id $id -Force", Vars(("id", id))).AssertNoErrors().Property("Id").Single()!;

        var found = Session.Run("Get-ClusterBackup -Id $id | Get-ClusterBackupJob -Id $jobId", Vars(("id", id), ("jobId", jobId))).AssertNoErrors();
        var missing = Session.Run("Get-ClusterBackup -Id $id | Get-ClusterBackupJob -Id restore-none", Vars(("id", id)));

        Assert.Equal(new object?[] { jobId }, found.Property("Id"));
        Assert.Equal(new[] { "JobNotFound,BackupModule.Commands.GetClusterBackupJobCommand" }, missing.ErrorIds);
    }

    [Fact]
    public async Task A_job_binds_BackupId_and_Id_by_property_name_to_Get_ClusterBackupJob_and_Wait_ClusterBackupJob()
    {
        var ids = await Harness.CreateBackupsAsync("job-a", "job-b");
        Session.Run("$jobs = Get-ClusterBackup | Restore-ClusterBackup -Force").AssertNoErrors();

        var got = Session.Run("$jobs | Get-ClusterBackupJob").AssertNoErrors();
        var waited = Session.Run("$jobs | Wait-ClusterBackupJob -TimeoutSec 60").AssertNoErrors();
        var chained = Session.Run("Get-ClusterBackup | Get-ClusterBackupJob | Wait-ClusterBackupJob -TimeoutSec 60").AssertNoErrors();
        var jobIds = Session.Run("$jobs.Id").Strings.Order().ToArray();

        Assert.Equal(jobIds, got.Property("Id").Cast<string>().Order());
        Assert.Equal(ids.Order(), got.Property("BackupId").Cast<string>().Order());
        Assert.Equal(jobIds, waited.Property("Id").Cast<string>().Order());
        Assert.All(waited.Property("Status"), s => Assert.Equal("Succeeded", s?.ToString()));
        Assert.Equal(jobIds, chained.Property("Id").Cast<string>().Order());
    }

    [Fact]
    public void A_backup_binds_by_value_to_Wait_ClusterBackupJob_which_waits_until_it_is_Ready()
    {
        // A backup lands on -Backup (by value), not on -Id by property name: its id is not a job id.
        var result = Session.Run("New-ClusterBackup -Label piped-wait | Wait-ClusterBackupJob -TimeoutSec 30").AssertNoErrors();

        var backup = Assert.Single(result.Output);
        Assert.Equal("Ready", backup.Properties["Status"].Value.ToString());
        Assert.StartsWith("piped-wait-", (string)backup.Properties["Id"].Value, StringComparison.Ordinal);
        Assert.DoesNotContain(Harness.Emulator.Audit.Entries, e => e.StatusCode >= 400);
    }

    [Fact]
    public void A_label_binds_by_property_name_to_New_ClusterBackup()
    {
        var result = Session.Run("[pscustomobject]@{ Label = 'piped-label' }, [pscustomobject]@{ Label = 'piped-two' } | New-ClusterBackup").AssertNoErrors();

        Assert.Equal(new object?[] { "piped-label", "piped-two" }, result.Property("Label"));
        var creates = Harness.Calls("POST", "create");
        Assert.Equal(2, creates.Count);
        Assert.Contains("piped-label", creates[0].RequestBody, StringComparison.Ordinal);
    }
}
