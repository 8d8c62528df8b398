namespace BackupModule.EngineTests;

/// <summary>Export-ClusterBackup in the engine: the export job waited for, -WhatIf, a backup that is not Ready, and DC/OS refusing.</summary>
public sealed class ZillizExportTests : ZillizEngineTest
{
    [Fact]
    public void A_piped_backup_is_exported_and_the_job_is_followed_to_its_end()
    {
        var result = Session.Run("Get-ClusterBackup | Select-Object -First 1 | Export-ClusterBackup -IntegrationId integ-0123456789 -Directory backups/nightly -Wait -Confirm:$false").AssertNoErrors();

        var job = Assert.Single(result.Output);
        Assert.Equal("BackupModule.Model.ClusterBackupJob", job.BaseObject.GetType().FullName);
        Assert.Equal("Export", job.Properties["Kind"].Value.ToString());
        Assert.Equal("Succeeded", job.Properties["Status"].Value.ToString());
        Assert.Equal("integ-0123456789/backups/nightly", job.Properties["Target"].Value);
        var post = Assert.Single(Harness.ZillizCalls("POST", "/v2/clusters/in01-emulator/backups/"), c => c.Path.EndsWith("/export", StringComparison.Ordinal));
        Assert.Contains("\"integrationId\":\"integ-0123456789\"", post.RequestBody, StringComparison.Ordinal);
        Assert.Contains("\"directory\":\"backups/nightly\"", post.RequestBody, StringComparison.Ordinal);
    }

    [Fact]
    public void WhatIf_sends_no_export()
    {
        var result = Session.Run("Get-ClusterBackup | Export-ClusterBackup -IntegrationId integ-0123456789 -WhatIf; $WhatIfPreference = $true; Get-ClusterBackup | Export-ClusterBackup -IntegrationId integ-0123456789").AssertNoErrors();

        Assert.Empty(result.Output);
        Assert.Empty(Harness.ZillizMutations);
    }

    [Fact]
    public void A_backup_still_being_made_is_not_exported()
    {
        Zilliz.BackupDuration = TimeSpan.FromSeconds(30);
        var id = Session.Run("(New-ClusterBackup).Id").AssertNoErrors().Strings.Single();
        var mutations = Harness.ZillizMutations.Count;

        var result = Session.Run("try { Export-ClusterBackup -Id $id -IntegrationId integ-0123456789 -Confirm:$false -ErrorAction Stop; 'not stopped' } catch { $_.FullyQualifiedErrorId }", Vars(("id", id))).AssertNoErrors();

        Assert.Equal(new[] { "BackupNotReady,BackupModule.Commands.ExportClusterBackupCommand" }, result.Strings);
        Assert.Equal(mutations, Harness.ZillizMutations.Count);
    }

    [Fact]
    public async Task Against_DCOS_export_is_NotSupported()
    {
        var dcos = Harness.OpenSession(connect: true, Backend.Dcos);
        var id = (await Harness.CreateBackupsAsync("export-me")).Single();

        var result = dcos.Run("Get-ClusterBackup -Id $id | Export-ClusterBackup -IntegrationId integ-0123456789 -Confirm:$false", Vars(("id", id)));

        Assert.Equal(new[] { "NotSupported,BackupModule.Commands.ExportClusterBackupCommand" }, result.ErrorIds);
        Assert.Empty(result.Output);
    }
}
