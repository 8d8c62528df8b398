using System.Management.Automation;
using BackupModule.Model;

namespace BackupModule.Commands
{
    /// <summary>Deletes a backup permanently (ConfirmImpact High; -Force skips the prompt).</summary>
    [Cmdlet(VerbsCommon.Remove, "ClusterBackup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    public sealed class RemoveClusterBackupCommand : ExistingBackupCmdlet
    {
        /// <summary>
        /// A backup from Get-ClusterBackup, bound by value beside -Id (by name): the cmdlet uses it as it is
        /// instead of reading the backup again before the delete.
        /// </summary>
        [Parameter(ValueFromPipeline = true)]
        public ClusterBackup? Backup { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override bool SkipConfirmation => Force.IsPresent;

        protected override void ProcessRecord() =>
            RunConnected((operations, connection) => operations.RemoveBackupAsync(connection, Id, ClusterId, Backup?.Id == Id ? Backup : null));
    }
}
