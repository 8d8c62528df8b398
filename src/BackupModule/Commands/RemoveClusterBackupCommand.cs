using System.Management.Automation;
using BackupModule.Model;
using BackupModule.Pipeline;

namespace BackupModule.Commands
{
    /// <summary>Deletes a backup permanently (ConfirmImpact High; -Force skips the prompt).</summary>
    [Cmdlet(VerbsCommon.Remove, "ClusterBackup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    public sealed class RemoveClusterBackupCommand : ConnectedBackupCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("BackupId")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(BackupIdCompleter))]
        public string Id { get; set; } = "";

        /// <summary>Zilliz Cloud: the cluster the backup belongs to; bound from piped backups.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ClusterIdCompleter))]
        public string? ClusterId { get; set; }

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
