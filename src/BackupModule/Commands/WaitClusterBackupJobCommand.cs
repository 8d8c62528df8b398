using System;
using System.Management.Automation;
using BackupModule.Model;

namespace BackupModule.Commands
{
    /// <summary>Waits for operations from the pipeline to end, with progress and a timeout.</summary>
    [Cmdlet(VerbsLifecycle.Wait, "ClusterBackupJob")]
    [OutputType(typeof(ClusterBackupJob))]
    public sealed class WaitClusterBackupJobCommand : ConnectedBackupCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string Id { get; set; } = "";

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string BackupId { get; set; } = "";

        [Parameter]
        [ValidateRange(1, 86400)]
        public int TimeoutSec { get; set; } = 600;

        protected override void ProcessRecord() =>
            RunConnected((operations, connection) => operations.WaitJobAsync(connection, Id, BackupId, null, TimeSpan.FromSeconds(TimeoutSec)));
    }
}
