namespace BackupModule.EngineTests;

/// <summary>
/// ShouldProcess against Zilliz Cloud: -WhatIf (and $WhatIfPreference) on every mutating cmdlet sends no
/// POST or DELETE under /v2/ (the restore pre-check's read-only collections/has is elsewhere), and
/// Remove-ClusterBackup -Confirm:$false deletes, having said "permanently".
/// </summary>
public sealed class ZillizSafetyTests : ZillizEngineTest
{
    private static readonly string[] Mutating =
    {
        "New-ClusterBackup",
        "New-ClusterBackup -Collection medium_articles -Database default -Wait",
        "Restore-ClusterBackup -Id $id -NewClusterName whatif-01 -CuSize 1",
        "Restore-ClusterBackup -Id $id -NewClusterName whatif-01 -CuSize 1 -Wait -Force",
        // Renamed: the read-only pre-check finds nothing in the way, so only -WhatIf stops these.
        "Restore-ClusterBackup -Id $id -Collection medium_articles -DestinationCollectionName whatif_copy",
        "Get-ClusterBackup | Restore-ClusterBackup -Collection medium_articles -DestinationCollectionName whatif_copy -Wait -Force",
        "Remove-ClusterBackup -Id $id",
        "Get-ClusterBackup | Remove-ClusterBackup -Force",
        "Set-ClusterBackupPolicy -DayOfWeek Monday -WindowStartUtc 02:00 -RetentionDays 7 -PassThru",
        "Set-ClusterBackupPolicy -Disable",
        "New-ClusterBackup -CopyToRegion aws-us-east-1",
        "Restore-ClusterBackup -Id $id -NewClusterName whatif-01 -CuSize 1 -MilvusVersion Latest",
        "Restore-ClusterBackup -Id $id -Collection medium_articles -DestinationDatabase whatif_db",
        "Set-ClusterBackupPolicy -DayOfWeek Monday -WindowStartUtc 02:00 -RetentionDays 7 -CopyToRegion aws-us-east-1 -CopyRetentionDays 3",
    };

    public static TheoryData<string> WhatIfCases() => new(Mutating);

    [Theory]
    [MemberData(nameof(WhatIfCases))]
    public void WhatIf_and_WhatIfPreference_send_no_mutating_request(string command)
    {
        var id = ReadyBackupId();
        Harness.Emulator.Audit.Clear();
        var collections = CollectionsOf(ClusterId);

        var withSwitch = Session.Run(command + " -WhatIf", Vars(("id", id))).AssertNoErrors();
        var withPreference = Session.Run("& { $WhatIfPreference = $true; " + command + " }", Vars(("id", id))).AssertNoErrors();

        Assert.Empty(withSwitch.Output);
        Assert.Empty(withPreference.Output);
        Assert.Empty(Harness.ZillizMutations);
        Assert.Equal(SeedBackups, Session.Run("Get-ClusterBackup -Status Ready").AssertNoErrors().Output.Count);
        Assert.Single(Zilliz.Clusters);
        Assert.Equal(collections, CollectionsOf(ClusterId));
        Assert.False((bool)Session.Run("(Get-ClusterBackupPolicy).Enabled").AssertNoErrors().Output.Single().BaseObject);
        // The counter has teeth: the same session does send a mutation without -WhatIf.
        Session.Run("Remove-ClusterBackup -Id $id -Force", Vars(("id", id))).AssertNoErrors();
        Assert.Single(Harness.ZillizMutations);
    }

    [Fact]
    public void Remove_of_a_manual_backup_says_permanently_and_leaves_it_Deleted()
    {
        var id = (string)Session.Run("(New-ClusterBackup -Wait -TimeoutSec 60).Id").AssertNoErrors().Output.Single().BaseObject;
        Harness.Emulator.Audit.Clear();

        var removed = Session.Run("Remove-ClusterBackup -Id $id -Confirm:$false -Verbose", Vars(("id", id))).AssertNoErrors();
        var after = Session.Run("Get-ClusterBackup -Id $id", Vars(("id", id))).AssertNoErrors();

        Assert.Empty(removed.Output);
        // ShouldProcess was asked (not skipped as -Force would): its verbose line is the action text.
        var asked = Assert.Single(removed.Verbose, v => v.Message.Contains("Delete manual backup", StringComparison.Ordinal)).Message;
        Assert.Contains("permanently", asked, StringComparison.Ordinal);
        Assert.Contains(id, asked, StringComparison.Ordinal);
        var delete = Assert.Single(Harness.ZillizMutations);
        Assert.Equal(("DELETE", $"/v2/clusters/{ClusterId}/backups/{id}"), (delete.Method, delete.Path));
        Assert.Equal("Deleted", Assert.Single(after.Output).Properties["Status"].Value.ToString());
        Assert.DoesNotContain(id, Session.Run("Get-ClusterBackup | ForEach-Object Id").AssertNoErrors().Strings);
    }

    [Fact]
    public void Remove_of_an_automatic_backup_names_its_expiry_not_permanently()
    {
        var id = ReadyBackupId();

        var removed = Session.Run("Remove-ClusterBackup -Id $id -Confirm:$false -Verbose", Vars(("id", id))).AssertNoErrors();

        var asked = Assert.Single(removed.Verbose, v => v.Message.Contains("Delete automatic backup", StringComparison.Ordinal)).Message;
        Assert.Contains("expire", asked, StringComparison.Ordinal);
        Assert.DoesNotContain("permanently", asked, StringComparison.Ordinal);
        Assert.Single(Harness.ZillizMutations);
    }
}
