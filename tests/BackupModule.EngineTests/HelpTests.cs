using System.Management.Automation;

namespace BackupModule.EngineTests;

/// <summary>Get-Help -Full, in-process, finds the module's MAML help in out/BackupModule/en-US for every cmdlet.</summary>
public sealed class HelpTests : EngineTest
{
    private static readonly string[] Cmdlets =
    {
        "Connect-ClusterBackupService", "Disconnect-ClusterBackupService", "Get-ClusterBackupService", "New-ClusterBackup", "Get-ClusterBackup",
        "Restore-ClusterBackup", "Remove-ClusterBackup", "Get-ClusterBackupJob", "Wait-ClusterBackupJob",
        "Get-ClusterBackupPolicy", "Set-ClusterBackupPolicy", "Export-ClusterBackup",
    };

    public static TheoryData<string> CmdletNames => new(Cmdlets);

    protected override bool Connect => false;

    [Fact]
    public void The_theory_covers_every_exported_cmdlet()
    {
        var exported = Session.Run("(Get-Module BackupModule).ExportedCmdlets.Keys").AssertNoErrors().Strings;

        Assert.Equal(Cmdlets.Order(), exported.Order());
    }

    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Get_Help_Full_documents_every_parameter(string name)
    {
        var result = Session.Run(
            """
            # Hosts on C.UTF-8 run with the invariant UI culture, for which Get-Help finds no en-US help.
            [System.Threading.Thread]::CurrentThread.CurrentUICulture = [System.Globalization.CultureInfo]::GetCultureInfo('en-US')
            $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
            $help = Get-Help -Name $name -Full
            [pscustomobject]@{
                Synopsis   = [string]$help.Synopsis
                Own        = @((Get-Command -Name $name).Parameters.Keys | Where-Object { $_ -notin $common })
                Documented = @($help.parameters.parameter | Where-Object { $null -ne $_ -and $_.name -notin $common } | ForEach-Object {
                    [pscustomobject]@{ Name = [string]$_.name; Text = ($_.description | Out-String).Trim() } })
                Examples   = @($help.examples.example).Count
            }
            """,
            new() { ["name"] = name }).AssertNoErrors();

        var help = Assert.Single(result.Output);
        var synopsis = (string)help.Properties["Synopsis"].Value;
        var own = ((object[])help.Properties["Own"].Value).Select(o => o.ToString()!).ToArray();
        var documented = ((object[])help.Properties["Documented"].Value).Cast<PSObject>()
            .Select(p => (Name: (string)p.Properties["Name"].Value, Text: (string)p.Properties["Text"].Value)).ToArray();

        // Without a help file the synopsis is the generated syntax, which starts with the name.
        Assert.False(string.IsNullOrWhiteSpace(synopsis));
        Assert.DoesNotMatch("^" + name, synopsis.Trim());
        Assert.True((int)help.Properties["Examples"].Value > 0, $"{name} has no example");
        Assert.Equal(own.Order(), documented.Select(d => d.Name).Order());
        Assert.All(documented, d => Assert.False(string.IsNullOrWhiteSpace(d.Text), $"{name} -{d.Name} has no description"));
    }
}
