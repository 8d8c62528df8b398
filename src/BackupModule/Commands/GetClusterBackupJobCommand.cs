using System.Management.Automation;
using BackupModule.Model;

namespace BackupModule.Commands
{
    /// <summary>Shows the operations of a backup (DC/OS: its restores), e.g. to re-attach from another session.</summary>
    [Cmdlet(VerbsCommon.Get, "ClusterBackupJob")]
    [OutputType(typeof(ClusterBackupJob))]
    public sealed class GetClusterBackupJobCommand : ConnectedBackupCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string BackupId { get; set; } = "";

        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? Id { get; set; }

        protected override void ProcessRecord() =>
            RunConnected((operations, connection) => operations.GetJobsAsync(connection, BackupId, Id));
    }
}
