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
            $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
            $help = Get-Help -Name $name -Full
            [pscustomobject]@{
                Synopsis   = [string]$help.Synopsis
                # Hidden parameters ([Parameter(DontShow)], pipeline plumbing) are not documented, as in PowerShell's own help.
                Own        = @((Get-Command -Name $name).Parameters.Values | Where-Object { $_.Name -notin $common -and -not ($_.Attributes | Where-Object { $_ -is [Parameter] -and $_.DontShow }) } | ForEach-Object Name)
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

    /// <summary>
    /// Each syntax block of the help is one parameter set the engine knows, and each set has its block:
    /// a parameter added to a set but not to its syntax (or the reverse) is caught here.
    /// </summary>
    [Theory]
    [MemberData(nameof(CmdletNames))]
    public void Help_syntax_lists_the_parameter_sets_the_engine_binds(string name)
    {
        var result = Session.Run(
            """
            $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
            [pscustomobject]@{
                Sets   = @((Get-Command -Name $name).ParameterSets | ForEach-Object {
                    (@($_.Parameters | Where-Object { $_.Name -notin $common -and -not ($_.Attributes | Where-Object { $_ -is [Parameter] -and $_.DontShow }) } | ForEach-Object Name) | Sort-Object) -join ',' })
                Syntax = @((Get-Help -Name $name -Full).syntax.syntaxItem | ForEach-Object {
                    (@($_.parameter | Where-Object { $null -ne $_ } | ForEach-Object { [string]$_.name } | Where-Object { $_ -notin $common }) | Sort-Object) -join ',' })
            }
            """,
            new() { ["name"] = name }).AssertNoErrors();

        var sets = ((object[])result.Output.Single().Properties["Sets"].Value).Select(o => o.ToString()!).Order().ToArray();
        var syntax = ((object[])result.Output.Single().Properties["Syntax"].Value).Select(o => o.ToString()!).Order().ToArray();
        Assert.Equal(sets, syntax);
    }
}
