using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using BackupModule.Model;

namespace BackupModule
{
    /// <summary>
    /// The protocol seam: what the cmdlets need from a back end. One class per kind of server
    /// implements it in that back end's folder, with its wire names and status mapping.
    /// </summary>
    public interface IBackupService
    {
        BackupConnection Connection { get; }

        /// <summary>Checks a new backup's parameters locally; throws before any request is made.</summary>
        void ValidateNewBackup(NewBackupRequest request);

        Task<ClusterBackup> CreateBackupAsync(NewBackupRequest request, CancellationToken cancellationToken);

        /// <summary>Backups whose id starts with <paramref name="idPrefix"/> (all when null), in the service's order.</summary>
        IAsyncEnumerable<ClusterBackup> ListBackupsAsync(string? idPrefix, CancellationToken cancellationToken);

        /// <summary>One backup by exact id; throws BackupNotFound.</summary>
        Task<ClusterBackup> GetBackupAsync(string backupId, CancellationToken cancellationToken);

        Task<ClusterBackupJob> RestoreBackupAsync(string backupId, CancellationToken cancellationToken);

        /// <summary>The operations recorded for a backup (DC/OS: its restores).</summary>
        Task<IReadOnlyList<ClusterBackupJob>> GetJobsAsync(string backupId, CancellationToken cancellationToken);

        /// <summary>One operation; throws JobNotFound.</summary>
        Task<ClusterBackupJob> GetJobAsync(string jobId, string backupId, CancellationToken cancellationToken);

        Task RemoveBackupAsync(string backupId, CancellationToken cancellationToken);

        /// <summary>True when the service would refuse a new backup or restore now (another one holds its lock).</summary>
        bool IsBusy(IEnumerable<ClusterBackup> backups);
    }

    /// <summary>What New-ClusterBackup asks for.</summary>
    public sealed class NewBackupRequest
    {
        public NewBackupRequest(string label)
        {
            Label = label;
        }

        public string Label { get; }
    }
}
