using System.Management.Automation;
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
    /// and a backup lands on -Backup while a job still binds BackupId and Id by name. -Id alone works too:
    /// Zilliz Cloud job ids are global, and DC/OS searches every backup's restores.
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

        /// <summary>Empty is allowed: a Zilliz job read by its id alone may not know its backup.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = BackupIdSet)]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(BackupIdCompleter))]
        public string? BackupId { get; set; }

        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true, ParameterSetName = BackupIdSet)]
        [Parameter(Position = 1, ParameterSetName = BackupSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        public string? Id { get; set; }

        protected override void ProcessRecord()
        {
            var backupId = ParameterSetName == BackupSet ? Backup!.Id : BackupId;
            // Without a backup id the back end finds the job by its id alone (DC/OS searches every backup's restores).
            RunConnected((operations, connection) => operations.GetJobsAsync(connection, string.IsNullOrEmpty(backupId) ? null : backupId, null, Id));
        }
    }
}
