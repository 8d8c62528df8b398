using System.Management.Automation;
using BackupModule.Errors;
using BackupModule.Model;
using BackupModule.Pipeline;

namespace BackupModule.Commands
{
    /// <summary>
    /// Shows the operations of a backup (DC/OS: its restores), e.g. to re-attach from another session.
    /// Takes backups from the pipeline (by value) or jobs (BackupId and Id by property name).
    /// </summary>
    /// <remarks>
    /// -BackupId is deliberately not Mandatory. Before the first pipeline object arrives, PowerShell's
    /// mandatory-parameter check latches onto the default set when that set's missing mandatory
    /// parameter takes pipeline input by property name and no other set has one: with a mandatory
    /// -BackupId the binder never tried -Backup, and a piped ClusterBackup (no BackupId property) failed.
    /// With no mandatory parameter in the default set both sets stay open, by-value binding comes first,
    /// and a backup lands on -Backup while a job still binds BackupId and Id by name. A back end with
    /// global job ids can later serve -Id alone.
    /// </remarks>
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

        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = BackupIdSet)]
        [ValidateNotNullOrEmpty]
        public string? BackupId { get; set; }

        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true, ParameterSetName = BackupIdSet)]
        [Parameter(Position = 1, ParameterSetName = BackupSet)]
        [ValidateNotNullOrEmpty]
        public string? Id { get; set; }

        protected override void ProcessRecord()
        {
            var backupId = ParameterSetName == BackupSet ? Backup!.Id : BackupId;
            if (string.IsNullOrEmpty(backupId))
            {
                // DC/OS keeps restores under their backup: there is no job lookup without it.
                ThrowTerminatingError(ErrorRecords.From(new BackupServiceException(
                    BackupErrorId.InvalidArgument,
                    BackupErrorKind.InvalidArgument,
                    "Give -BackupId, or pipe in a backup or a job: DC/OS finds restores through their backup.",
                    Id)));
            }

            RunConnected((operations, connection) => operations.GetJobsAsync(connection, backupId!, Id));
        }
    }
}
