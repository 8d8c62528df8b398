using System;
using System.Management.Automation;
using BackupModule.Errors;
using BackupModule.Model;
using BackupModule.Pipeline;

namespace BackupModule.Commands
{
    /// <summary>
    /// Waits, with progress and a timeout, for jobs from the pipeline (or -Id) to end, or for piped
    /// backups to become Ready: <c>New-ClusterBackup | Wait-ClusterBackupJob</c>.
    /// </summary>
    /// <remarks>
    /// Nothing in the default set is Mandatory, for the reason Get-ClusterBackupJob gives: a mandatory
    /// -Id bound by property name would make the binder latch onto that set and bind a piped backup's Id
    /// as a job id. With both sets open, by-value binding comes first and a backup lands on -Backup.
    /// </remarks>
    [Cmdlet(VerbsLifecycle.Wait, "ClusterBackupJob", DefaultParameterSetName = JobSet)]
    [OutputType(typeof(ClusterBackupJob), typeof(ClusterBackup))]
    public sealed class WaitClusterBackupJobCommand : ConnectedBackupCmdlet
    {
        private const string JobSet = "Job";
        private const string BackupSet = "Backup";

        /// <summary>The job id: a DC/OS restore id, or a Zilliz Cloud job-… id.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = JobSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        public string? Id { get; set; }

        /// <summary>DC/OS finds a restore through its backup; Zilliz Cloud job ids need none (empty is allowed).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = JobSet)]
        [AllowEmptyString]
        [ArgumentCompleter(typeof(BackupIdCompleter))]
        public string? BackupId { get; set; }

        /// <summary>A backup from New-/Get-ClusterBackup: waits until it is Ready, following its job where it has one.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = BackupSet)]
        [ValidateNotNull]
        public ClusterBackup? Backup { get; set; }

        [Parameter]
        [ValidateRange(1, 86400)]
        public int TimeoutSec { get; set; } = 600;

        protected override void ProcessRecord()
        {
            var timeout = TimeSpan.FromSeconds(TimeoutSec);
            if (ParameterSetName == BackupSet)
            {
                RunConnected((operations, connection) => operations.WaitBackupAsync(connection, Backup!, timeout));
                return;
            }

            if (Id is null)
            {
                ThrowTerminatingError(ErrorRecords.From(new BackupServiceException(
                    BackupErrorId.InvalidArgument,
                    BackupErrorKind.InvalidArgument,
                    "Name the job with -Id, or pipe in jobs (Restore-ClusterBackup, Get-ClusterBackupJob) or backups (New-ClusterBackup).")));
            }

            var jobId = Id!;
            RunConnected((operations, connection) => operations.WaitJobAsync(connection, jobId, string.IsNullOrEmpty(BackupId) ? null : BackupId, null, timeout));
        }
    }
}
