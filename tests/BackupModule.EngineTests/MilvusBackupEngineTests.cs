using System.Management.Automation;
using BackupModule.Emulator;

namespace BackupModule.EngineTests;

/// <summary>Base for the milvus-backup engine tests: a fresh emulator and a session connected with -MilvusBackup -Uri.</summary>
public abstract class MilvusBackupEngineTest : EngineTest
{
    protected const string RestoreId = "BackupModule.Commands.RestoreClusterBackupCommand";
    protected const string NewId = "BackupModule.Commands.NewClusterBackupCommand";

    protected override Backend Backend => Backend.MilvusBackup;

    protected MilvusBackupServer Milvus => Harness.Emulator.MilvusBackup;

    protected IReadOnlyList<string> Collections => Milvus.Snapshot.Collections.Select(c => c.Qualified).ToArray();

    /// <summary>Backups made through the module and waited for; the audit log is cleared afterwards.</summary>
    protected void MakeBackups(params string[] names)
    {
        foreach (var name in names)
        {
            Session.Run("New-ClusterBackup -Label $name -Wait -TimeoutSec 60 | Out-Null", new() { ["name"] = name }).AssertNoErrors("making " + name);
        }

        Harness.Emulator.Audit.Clear();
    }
}

/// <summary>
/// milvus-backup in the real PowerShell engine: the design-card pipeline, label wildcards with status and time, the
/// refusals made before any create, -DropExisting under -WhatIf, a refused restore, a restore the server forgot, a
/// task stuck at state 0, and the other back ends' parameters.
/// </summary>
public sealed class MilvusBackupEngineTests : MilvusBackupEngineTest
{
    private const string DesignCard = "Get-ClusterBackup | Where-Object Status -eq Ready | Restore-ClusterBackup -Collection medium_articles -Suffix _r -Wait";

    [Fact]
    public void The_design_card_pipeline_restores_medium_articles_beside_the_original()
    {
        MakeBackups("nightly_1");

        var result = Session.Run("$ConfirmPreference = 'None'; " + DesignCard).AssertNoErrors();

        var job = Assert.Single(result.Output);
        Assert.Equal("BackupModule.Model.ClusterBackupJob", job.BaseObject.GetType().FullName);
        Assert.Equal(("Restore", "Succeeded", "nightly_1", "default.medium_articles_r"), (job.Properties["Kind"].Value.ToString(), job.Properties["Status"].Value.ToString(), job.Properties["BackupId"].Value, job.Properties["Target"].Value));
        Assert.Equal(100, job.Properties["Progress"].Value);
        Assert.Contains("default.medium_articles_r", Collections);
        Assert.Contains("default.medium_articles", Collections);
        var restore = Assert.Single(Harness.MilvusCalls("POST", "restore"));
        Assert.Contains("\"collection_suffix\":\"_r\"", restore.RequestBody, StringComparison.Ordinal);
        Assert.Contains("\"async\":true", restore.RequestBody, StringComparison.Ordinal);
        Assert.Contains("\"collection_names\":[\"default.medium_articles\"]", restore.RequestBody, StringComparison.Ordinal);
    }

    [Fact]
    public void With_two_Ready_backups_the_second_restore_is_DestinationCollectionExists_and_the_pipeline_goes_on()
    {
        MakeBackups("nightly_1", "nightly_2");

        var result = Session.Run(DesignCard + " -Confirm:$false; 'went on'");

        var error = Assert.Single(result.Errors);
        Assert.Equal("DestinationCollectionExists," + RestoreId, error.FullyQualifiedErrorId);
        Assert.Equal("nightly_2", error.TargetObject);
        foreach (var parameter in new[] { "-Suffix", "-DestinationCollectionName", "-DropExisting" })
        {
            Assert.Contains(parameter, error.Exception.Message, StringComparison.Ordinal);
        }

        Assert.Equal(2, result.Output.Count);
        Assert.Equal("Succeeded", result.Output[0].Properties["Status"].Value.ToString());
        Assert.Equal("went on", result.Output[1].BaseObject);
        Assert.Single(Collections, c => c == "default.medium_articles_r");
    }

    [Fact]
    public void Label_wildcards_list_the_matching_backups_each_with_its_status_and_created_time()
    {
        MakeBackups("nightly_1", "nightly_2", "weekly_1");

        var result = Session.Run("Get-ClusterBackup -Label nightly*").AssertNoErrors();

        Assert.Equal(new[] { "nightly_1", "nightly_2" }, result.Property("Id"));
        Assert.All(result.Output, b =>
        {
            Assert.Equal("Ready", b.Properties["Status"].Value.ToString());
            Assert.Equal("MilvusBackup", b.Properties["Backend"].Value.ToString());
            Assert.InRange((DateTimeOffset)b.Properties["CreatedAt"].Value, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(1));
        });

        // The details of backups the label does not keep are not read.
        Assert.DoesNotContain(Harness.MilvusCalls("GET", "get_backup"), c => c.Query.Contains("weekly_1", StringComparison.Ordinal));
        var missing = Session.Run("Get-ClusterBackup -Label monthly_1");
        Assert.Equal("BackupNotFound,BackupModule.Commands.GetClusterBackupCommand", Assert.Single(missing.Errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void BackupExists_and_InvalidLabel_are_raised_before_any_create_is_sent()
    {
        MakeBackups("nightly_1");

        var exists = Session.Run("New-ClusterBackup -Label nightly_1 -Wait");
        var invalid = Session.Run("New-ClusterBackup -Label nightly-1");

        var existsError = Assert.Single(exists.Errors);
        Assert.Equal("BackupExists," + NewId, existsError.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ResourceExists, existsError.CategoryInfo.Category);
        Assert.Equal("nightly_1", existsError.TargetObject);
        var invalidError = Assert.Single(invalid.Errors);
        Assert.Equal("InvalidLabel," + NewId, invalidError.FullyQualifiedErrorId);
        Assert.Contains("its 8th character '-'", invalidError.Exception.Message, StringComparison.Ordinal);
        Assert.Empty(Harness.MilvusMutations);
    }

    [Fact]
    public void DropExisting_with_WhatIf_sends_nothing()
    {
        MakeBackups("nightly_1");

        Session.Run("Restore-ClusterBackup -Id nightly_1 -DropExisting -WhatIf; Get-ClusterBackup -Id nightly_1 | Restore-ClusterBackup -Collection products -DropExisting -WhatIf").AssertNoErrors();

        Assert.Empty(Harness.MilvusMutations);
        Assert.NotEmpty(Harness.MilvusCalls("GET", "get_backup"));
    }

    [Fact]
    public void DropExisting_replaces_the_existing_collection()
    {
        MakeBackups("nightly_1");
        var before = Milvus.Snapshot.Collections.Single(c => c.Qualified == "default.products").CollectionId;

        var result = Session.Run("Restore-ClusterBackup -Id nightly_1 -Collection products -DropExisting -Wait -Force").AssertNoErrors();

        Assert.Equal("Succeeded", Assert.Single(result.Output).Properties["Status"].Value.ToString());
        Assert.NotEqual(before, Milvus.Snapshot.Collections.Single(c => c.Qualified == "default.products").CollectionId);
        Assert.Contains("\"dropExistCollection\":true", Assert.Single(Harness.MilvusCalls("POST", "restore")).RequestBody, StringComparison.Ordinal);
    }

    [Fact]
    public void A_restore_the_server_forgot_is_RestoreOutcomeUnknown_and_never_reported_as_succeeded()
    {
        MakeBackups("nightly_1");
        Milvus.RestoreDuration = TimeSpan.FromMinutes(5);
        var started = Session.Run("$job = Restore-ClusterBackup -Id nightly_1 -Suffix _r -Force; $job").AssertNoErrors();
        Assert.Equal("Pending", Assert.Single(started.Output).Properties["Status"].Value.ToString());

        Milvus.Restart();
        var waited = Session.Run("$job | Wait-ClusterBackupJob -TimeoutSec 30");
        var read = Session.Run("Get-ClusterBackupJob -Id $job.Id");

        var error = Assert.Single(waited.Errors);
        Assert.Equal("RestoreOutcomeUnknown,BackupModule.Commands.WaitClusterBackupJobCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.OperationStopped, error.CategoryInfo.Category);
        Assert.Empty(waited.Output);
        Assert.Equal("RestoreOutcomeUnknown,BackupModule.Commands.GetClusterBackupJobCommand", Assert.Single(read.Errors).FullyQualifiedErrorId);
        Assert.Single(Harness.MilvusCalls("POST", "restore"));
    }

    [Fact]
    public void A_task_stuck_at_state_0_ends_at_TimeoutSec_with_WaitTimedOut_and_a_warning_to_read_the_servers_log()
    {
        Milvus.MilvusReachable = false;

        var result = Session.Run("New-ClusterBackup -Label stuck_1 -Wait -TimeoutSec 3");

        Assert.Equal("WaitTimedOut," + NewId, Assert.Single(result.Errors).FullyQualifiedErrorId);
        var warning = Assert.Single(result.Warnings).Message;
        Assert.Contains("state 0", warning, StringComparison.Ordinal);
        Assert.Contains("may have failed before starting", warning, StringComparison.Ordinal);
        Assert.Contains("log", warning, StringComparison.Ordinal);
        Assert.Equal("Pending", Assert.Single(result.Output).Properties["Status"].Value.ToString());
    }

    [Fact]
    public void Zilliz_parameters_policy_and_export_are_NotSupported_before_any_request()
    {
        MakeBackups("nightly_1");

        var result = Session.Run(
            "Restore-ClusterBackup -Id nightly_1 -NewClusterName copy -CuSize 1 -Force; "
            + "Restore-ClusterBackup -Id nightly_1 -Collection products -DestinationClusterId in01-other -Force; "
            + "Get-ClusterBackupPolicy; Set-ClusterBackupPolicy -Disable -Confirm:$false; "
            + "Export-ClusterBackup -Id nightly_1 -IntegrationId integ-1 -Confirm:$false");

        Assert.Equal(5, result.Errors.Count);
        Assert.All(result.ErrorIds, id => Assert.StartsWith("NotSupported,", id, StringComparison.Ordinal));
        Assert.Empty(Harness.MilvusMutations);
    }

    [Fact]
    public async Task Suffix_and_DropExisting_are_NotSupported_on_DC_OS_before_any_request()
    {
        var dcos = Harness.OpenSession(connect: true, Backend.Dcos);
        var id = (await Harness.CreateBackupsAsync("alpha")).Single();
        Harness.Emulator.Audit.Clear();

        var result = dcos.Run("Restore-ClusterBackup -Id $id -Suffix _r -Force; Restore-ClusterBackup -Id $id -DropExisting -Force; Restore-ClusterBackup -Id $id -Database analytics -Force", new() { ["id"] = id });

        Assert.Equal(3, result.Errors.Count);
        Assert.All(result.ErrorIds, e => Assert.Equal("NotSupported," + RestoreId, e));
        Assert.Empty(Harness.Mutations);
    }

    [Fact]
    public void Collections_and_databases_of_a_milvus_backup_complete()
    {
        MakeBackups("nightly_1");

        var collections = Session.Complete("Restore-ClusterBackup -Id nightly_1 -Collection ");
        var inAnalytics = Session.Complete("Restore-ClusterBackup -Id nightly_1 -Database analytics -Collection ");
        var databases = Session.Complete("New-ClusterBackup -Database ");

        collections.Result.AssertNoErrors();
        Assert.Equal(new[] { "events", "medium_articles", "products" }, collections.Texts);
        Assert.Equal(new[] { "events" }, inAnalytics.Texts);
        Assert.Equal(new[] { "analytics", "default" }, databases.Texts);
        Assert.Equal(new[] { "nightly_1" }, Session.Complete("Get-ClusterBackup -Label nig").Texts);
    }

    [Fact]
    public void The_connection_and_the_backups_render_in_the_views_without_an_error()
    {
        MakeBackups("nightly_1");

        var result = Session.Run("$connection | Format-Table | Out-String -Width 200; Get-ClusterBackup | Format-Table | Out-String -Width 200; Get-ClusterBackup | Format-List | Out-String -Width 200").AssertNoErrors();

        var text = string.Join("\n", result.Strings);
        Assert.Contains("MilvusBackup", text, StringComparison.Ordinal);
        Assert.Contains("nightly_1", text, StringComparison.Ordinal);
        Assert.Contains("Ready", text, StringComparison.Ordinal);
    }
}
