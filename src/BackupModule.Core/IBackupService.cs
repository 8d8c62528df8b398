using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using BackupModule.Model;

namespace BackupModule
{
    /// <summary>
    /// The protocol seam: what the cmdlets need from a back end. One class per kind of server
    /// implements it in that back end's folder, with its wire names, status mapping, busy rule and the
    /// words that describe what its restores do. The operations layer knows no back end by name.
    /// </summary>
    public interface IBackupService
    {
        BackupConnection Connection { get; }

        /// <summary>Checks a new backup's parameters locally; throws before any request is made.</summary>
        void ValidateNewBackup(NewBackupRequest request);

        /// <summary>
        /// A read-only look for what would make the service refuse a new backup now (another backup or
        /// restore holding its lock): a description of it, or null when nothing is in the way.
        /// </summary>
        Task<string?> FindBlockingOperationAsync(NewBackupRequest request, CancellationToken cancellationToken);

        /// <summary>Starts a backup. A request whose outcome is unknown is looked for, never resent.</summary>
        Task<ClusterBackup> CreateBackupAsync(NewBackupRequest request, CancellationToken cancellationToken);

        /// <summary>
        /// Backups matching the query, a page at a time in the service's order (one page where the service
        /// answers in one body): the next page is fetched only when the consumer asks for it, so a stopped
        /// pipeline costs no further request, and each page reaches the pipeline in one trip.
        /// </summary>
        IAsyncEnumerable<IReadOnlyList<ClusterBackup>> ListBackupPagesAsync(BackupQuery query, CancellationToken cancellationToken);

        /// <summary>One backup by exact id (<paramref name="clusterId"/> where the service scopes ids by cluster); throws BackupNotFound.</summary>
        Task<ClusterBackup> GetBackupAsync(string backupId, string? clusterId, CancellationToken cancellationToken);

        /// <summary>Checks a restore locally (kind supported, names valid, nothing overwritten); throws before any request.</summary>
        void ValidateRestore(ClusterBackup backup, RestoreRequest request);

        /// <summary>
        /// Read-only checks with the service before the prompt (so -WhatIf reports them too): throws when the
        /// restore would fail or overwrite something; returns a warning when a check could not be made.
        /// </summary>
        Task<string?> CheckRestoreAsync(ClusterBackup backup, RestoreRequest request, CancellationToken cancellationToken);

        /// <summary>The confirmation prompt's action text: what the restore does and what it costs or destroys.</summary>
        string DescribeRestore(ClusterBackup backup, RestoreRequest request);

        /// <summary>Starts a restore (one job per part where the service restores parts one at a time); never resent blindly after an unknown outcome.</summary>
        Task<IReadOnlyList<ClusterBackupJob>> RestoreBackupAsync(ClusterBackup backup, RestoreRequest request, CancellationToken cancellationToken);

        /// <summary>The operations recorded for a backup (DC/OS: its restores; services without such a record: its creating job).</summary>
        Task<IReadOnlyList<ClusterBackupJob>> GetJobsAsync(string backupId, string? clusterId, CancellationToken cancellationToken);

        /// <summary>One operation; <paramref name="backupId"/> where the service keeps jobs under their backup. Throws JobNotFound.</summary>
        Task<ClusterBackupJob> GetJobAsync(string jobId, string? backupId, string? clusterId, CancellationToken cancellationToken);

        /// <summary>The confirmation prompt's action text for a deletion, with what cannot be undone.</summary>
        string DescribeRemoval(ClusterBackup backup);

        Task RemoveBackupAsync(ClusterBackup backup, CancellationToken cancellationToken);

        /// <summary>Copies a backup's files to the user's object storage; throws NotSupported where the service cannot.</summary>
        Task<ClusterBackupJob> ExportBackupAsync(ClusterBackup backup, ExportRequest request, CancellationToken cancellationToken);

        /// <summary>The automatic backup schedule of a cluster; throws NotSupported where the service has none.</summary>
        Task<BackupPolicy> GetPolicyAsync(string? clusterId, CancellationToken cancellationToken);

        Task<BackupPolicy> SetPolicyAsync(BackupPolicyChange change, CancellationToken cancellationToken);
    }

    /// <summary>Conveniences over <see cref="IBackupService"/>.</summary>
    public static class BackupServiceExtensions
    {
        /// <summary>The backups of <see cref="IBackupService.ListBackupPagesAsync"/>, one at a time.</summary>
        public static async IAsyncEnumerable<ClusterBackup> ListBackupsAsync(this IBackupService service, BackupQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var page in service.ListBackupPagesAsync(query, cancellationToken).ConfigureAwait(false))
            {
                foreach (var backup in page)
                {
                    yield return backup;
                }
            }
        }
    }
}
