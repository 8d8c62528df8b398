using System.Management.Automation;
using BackupModule.Commands;
using BackupModule.Model;

namespace BackupModule.Tests.Cmdlets;

/// <summary>
/// Get-ClusterBackup | Get-ClusterBackupJob: a backup binds by value to -Backup (PowerShell tries by-value
/// binding first), so its Id never lands on the job -Id; jobs still bind BackupId and Id by property name.
/// A cheap guard on the attributes only; tests/BackupModule.EngineTests proves the binding in a real runspace.
/// </summary>
public sealed class GetClusterBackupJobBindingTests
{
    private static IReadOnlyList<(string Set, bool Mandatory, bool ByValue, bool ByPropertyName)> ParameterAttributes(string property) =>
        CmdletMetadata.FindAll(typeof(GetClusterBackupJobCommand).GetProperty(property)!, typeof(ParameterAttribute))
            .Select(a => (
                (string?)CmdletMetadata.Named(a, "ParameterSetName") ?? CmdletMetadata.AllParameterSets,
                (bool?)CmdletMetadata.Named(a, "Mandatory") ?? false,
                (bool?)CmdletMetadata.Named(a, "ValueFromPipeline") ?? false,
                (bool?)CmdletMetadata.Named(a, "ValueFromPipelineByPropertyName") ?? false))
            .ToArray();

    [Fact]
    public void A_backup_binds_by_value_in_its_own_parameter_set()
    {
        Assert.Equal(typeof(ClusterBackup), typeof(GetClusterBackupJobCommand).GetProperty("Backup")!.PropertyType);
        var backup = Assert.Single(ParameterAttributes("Backup"));
        Assert.Equal(("Backup", true, true, false), backup);
    }

    [Fact]
    public void In_the_backup_set_the_job_Id_does_not_bind_from_the_pipeline()
    {
        var id = ParameterAttributes("Id");
        Assert.Equal(2, id.Count);
        Assert.Contains(("Backup", false, false, false), id);
        Assert.Contains(("BackupId", false, false, true), id);
    }

    [Fact]
    public void A_job_binds_BackupId_and_Id_by_property_name_and_both_exist_on_ClusterBackupJob()
    {
        // Not Mandatory: a mandatory by-property-name BackupId made the binder latch onto its set before
        // a piped backup could reach -Backup (proven with the real binder in BackupModule.EngineTests).
        Assert.Equal(("BackupId", false, false, true), Assert.Single(ParameterAttributes("BackupId")));
        Assert.NotNull(typeof(ClusterBackupJob).GetProperty("BackupId"));
        Assert.NotNull(typeof(ClusterBackupJob).GetProperty("Id"));
        Assert.Null(typeof(ClusterBackup).GetProperty("BackupId"));
    }
}
