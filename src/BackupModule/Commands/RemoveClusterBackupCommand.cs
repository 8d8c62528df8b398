using System.Management.Automation;

namespace BackupModule.Commands
{
    /// <summary>Deletes a backup permanently (ConfirmImpact High; -Force skips the prompt).</summary>
    [Cmdlet(VerbsCommon.Remove, "ClusterBackup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    public sealed class RemoveClusterBackupCommand : ConnectedBackupCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("BackupId")]
        [ValidateNotNullOrEmpty]
        public string Id { get; set; } = "";

        /// <summary>Zilliz Cloud: the cluster the backup belongs to; bound from piped backups.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? ClusterId { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override bool SkipConfirmation => Force.IsPresent;

        protected override void ProcessRecord() =>
            RunConnected((operations, connection) => operations.RemoveBackupAsync(connection, Id, ClusterId));
    }
}
