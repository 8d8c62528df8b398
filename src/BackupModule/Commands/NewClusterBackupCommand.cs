using System;
using System.Management.Automation;
using BackupModule.Model;

namespace BackupModule.Commands
{
    /// <summary>Starts a backup; with -Wait, waits until it is Ready (or failed, or the timeout).</summary>
    [Cmdlet(VerbsCommon.New, "ClusterBackup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ClusterBackup))]
    public sealed class NewClusterBackupCommand : ConnectedBackupCmdlet
    {
        /// <summary>3-25 characters of [A-Za-z0-9_.-], the first two of [A-Za-z0-9_].</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Label { get; set; } = "";

        [Parameter]
        public SwitchParameter Wait { get; set; }

        [Parameter]
        [ValidateRange(1, 86400)]
        public int TimeoutSec { get; set; } = 600;

        protected override void ProcessRecord() =>
            RunConnected((operations, connection) => operations.NewBackupAsync(connection, Label, Wait ? TimeSpan.FromSeconds(TimeoutSec) : (TimeSpan?)null));
    }
}
