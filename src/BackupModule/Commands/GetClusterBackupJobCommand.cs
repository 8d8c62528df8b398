using System.Management.Automation;
using BackupModule.Model;

namespace BackupModule.Commands
{
    /// <summary>
    /// Shows the operations of a backup (DC/OS: its restores), e.g. to re-attach from another session.
    /// Takes backups from the pipeline (by value) or jobs (BackupId and Id by property name).
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ClusterBackupJob", DefaultParameterSetName = BackupIdSet)]
    [OutputType(typeof(ClusterBackupJob))]
    public sealed class GetClusterBackupJobCommand : ConnectedBackupCmdlet
    {
        private const string BackupIdSet = "BackupId";
        private const string BackupSet = "Backup";

        /// <summary>A backup from Get-ClusterBackup; bound by value, so its Id is not mistaken for a job id.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = BackupSet)]
        [ValidateNotNull]
        public ClusterBackup? Backup { get; set; }

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = BackupIdSet)]
        [ValidateNotNullOrEmpty]
        public string BackupId { get; set; } = "";

        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true, ParameterSetName = BackupIdSet)]
        [Parameter(Position = 1, ParameterSetName = BackupSet)]
        [ValidateNotNullOrEmpty]
        public string? Id { get; set; }

        protected override void ProcessRecord()
        {
            var backupId = ParameterSetName == BackupSet ? Backup!.Id : BackupId;
            RunConnected((operations, connection) => operations.GetJobsAsync(connection, backupId, null, Id));
        }
    }
}
