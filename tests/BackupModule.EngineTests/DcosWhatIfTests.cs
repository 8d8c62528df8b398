namespace BackupModule.EngineTests;

/// <summary>
/// ShouldProcess against DC/OS: -WhatIf and $WhatIfPreference = $true on every mutating cmdlet and parameter
/// set (New, Restore, Remove; by parameter and by pipeline) send no POST or DELETE. What DC/OS cannot do (the
/// Zilliz-only restore sets, a collection backup, a backup without a label) is refused before anything is sent.
/// </summary>
public sealed class DcosWhatIfTests : EngineTest
{
    private static readonly string[] Mutating =
    {
        "New-ClusterBackup -Label whatif-new",
        "New-ClusterBackup -Label whatif-new -Wait -TimeoutSec 30",
        "[pscustomobject]@{ Label = 'whatif-piped' } | New-ClusterBackup",
        "Restore-ClusterBackup -Id $id",
        "Restore-ClusterBackup $id -Force",
        "Restore-ClusterBackup -Id $id -Wait -TimeoutSec 30 -Force",
        "Get-ClusterBackup | Restore-ClusterBackup -Wait -TimeoutSec 30",
        "Get-ClusterBackup -Id $id | Restore-ClusterBackup -Connection $connection -Force",
        "Remove-ClusterBackup -Id $id",
        "Remove-ClusterBackup $id -Force",
        "Remove-ClusterBackup -Id $id -Confirm:$false",
        "Get-ClusterBackup | Remove-ClusterBackup",
        "Get-ClusterBackup -Id $id | Remove-ClusterBackup -Force",
    };

    public static TheoryData<string> WhatIfCases() => new(Mutating);

    [Theory]
    [MemberData(nameof(WhatIfCases))]
    public async Task WhatIf_and_WhatIfPreference_send_no_mutating_request(string command)
    {
        var id = (await Harness.CreateBackupsAsync("whatif")).Single();
        Harness.Emulator.Audit.Clear();

        var withSwitch = Session.Run(command + " -WhatIf", new() { ["id"] = id }).AssertNoErrors("-WhatIf");
        var withPreference = Session.Run("& { $WhatIfPreference = $true; " + command + " }", new() { ["id"] = id }).AssertNoErrors("$WhatIfPreference");

        Assert.Empty(withSwitch.Output);
        Assert.Empty(withPreference.Output);
        Assert.Empty(Harness.Mutations);
        Assert.Single(Harness.Emulator.Dcos.Backups);
        AssertHasTeeth(id);
    }

    [Theory]
    [InlineData("Restore-ClusterBackup -Id $id -NewClusterName other -CuSize 1", "NotSupported,BackupModule.Commands.RestoreClusterBackupCommand")]
    [InlineData("Restore-ClusterBackup -Id $id -Collection c1 -Force", "NotSupported,BackupModule.Commands.RestoreClusterBackupCommand")]
    [InlineData("New-ClusterBackup", "InvalidLabel,BackupModule.Commands.NewClusterBackupCommand")]
    [InlineData("New-ClusterBackup -Collection c1 -Label whatif-new", "NotSupported,BackupModule.Commands.NewClusterBackupCommand")]
    public async Task Sets_DCOS_cannot_do_are_refused_under_WhatIf_too_and_send_nothing(string command, string errorId)
    {
        var id = (await Harness.CreateBackupsAsync("whatif")).Single();
        Harness.Emulator.Audit.Clear();

        var withSwitch = Session.Run(command + " -WhatIf", new() { ["id"] = id });
        var withPreference = Session.Run("& { $WhatIfPreference = $true; " + command + " }", new() { ["id"] = id });

        Assert.Equal(new[] { errorId }, withSwitch.ErrorIds);
        Assert.Equal(withSwitch.ErrorIds, withPreference.ErrorIds);
        Assert.Empty(Harness.Mutations);
        AssertHasTeeth(id);
    }

    /// <summary>The counter has teeth: the same session does send a mutation without -WhatIf.</summary>
    private void AssertHasTeeth(string id)
    {
        Session.Run("Remove-ClusterBackup -Id $id -Force", new() { ["id"] = id }).AssertNoErrors();
        Assert.Single(Harness.Mutations);
    }
}
