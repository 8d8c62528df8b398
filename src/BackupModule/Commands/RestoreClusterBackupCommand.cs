using System;
using System.Management.Automation;
using BackupModule.Model;

namespace BackupModule.Commands
{
    /// <summary>
    /// Restores the cluster from a backup. DC/OS restarts Marathon and rolls it back: apps, pods and
    /// groups changed after the backup are lost, so this asks for confirmation (ConfirmImpact High).
    /// </summary>
    [Cmdlet(VerbsData.Restore, "ClusterBackup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(ClusterBackupJob))]
    public sealed class RestoreClusterBackupCommand : ConnectedBackupCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("BackupId")]
        [ValidateNotNullOrEmpty]
        public string Id { get; set; } = "";

        [Parameter]
        public SwitchParameter Wait { get; set; }

        [Parameter]
        [ValidateRange(1, 86400)]
        public int TimeoutSec { get; set; } = 600;

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override bool SkipConfirmation => Force.IsPresent;

        protected override void ProcessRecord() =>
            RunConnected((operations, connection) => operations.RestoreBackupAsync(connection, Id, Wait ? TimeSpan.FromSeconds(TimeoutSec) : (TimeSpan?)null));
    }
}
