using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using BackupModule.Errors;
using BackupModule.Http;
using BackupModule.Model;

namespace BackupModule.Dcos
{
    /// <summary>The DC/OS Enterprise backup service (Marathon state) behind the module's cmdlets.</summary>
    internal sealed class DcosBackupService : IBackupService
    {
        private readonly ServiceHttpClient _http;
        private readonly IHttpCallLog _log;

        public DcosBackupService(BackupConnection connection, IHttpCallLog log)
        {
            Connection = connection;
            _http = connection.Http;
            _log = log;
        }

        public BackupConnection Connection { get; }

        public void ValidateNewBackup(NewBackupRequest request) => DcosLabel.Validate(request.Label);

        public async Task<ClusterBackup> CreateBackupAsync(NewBackupRequest request, CancellationToken cancellationToken)
        {
            DcosLabel.Validate(request.Label);
            var body = JsonSerializer.Serialize(new DcosLabelBody { Label = request.Label });
            try
            {
                var response = await SendAsync(HttpMethod.Post, DcosWire.CreatePath, body, null, cancellationToken).ConfigureAwait(false);
                return ToBackup(DcosResponseReader.ReadOne(response.Body));
            }
            catch (BackupServiceException ex) when (ex.OutcomeUnknown)
            {
                // /create is not idempotent (a new uuid each call): look for the backup the lost call may
                // have started before anyone thinks of sending it again.
                var inFlight = await FindInFlightAsync(request.Label, cancellationToken).ConfigureAwait(false);
                if (inFlight is not null)
                {
                    return inFlight;
                }

                throw new BackupServiceException(
                    BackupErrorId.CreateOutcomeUnknown,
                    BackupErrorKind.OutcomeUnknown,
                    $"The request to create backup '{request.Label}' failed in a way that does not tell whether the service started it ({ex.Message}), and no backup with that label is in progress. It was not sent again.",
                    request.Label,
                    ex)
                {
                    RecommendedAction = $"Run Get-ClusterBackup -Label '{request.Label}' to check, then create the backup again if it is not there.",
                };
            }
            catch (BackupServiceException ex)
            {
                throw ex.About(request.Label);
            }
        }

        public async IAsyncEnumerable<ClusterBackup> ListBackupsAsync(string? idPrefix, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            foreach (var backup in await ListAsync(idPrefix, cancellationToken).ConfigureAwait(false))
            {
                yield return backup;
            }
        }

        public async Task<ClusterBackup> GetBackupAsync(string backupId, CancellationToken cancellationToken)
        {
            // No "show" route: list by id prefix and take the exact id.
            var matches = await ListAsync(backupId, cancellationToken).ConfigureAwait(false);
            return matches.FirstOrDefault(b => string.Equals(b.Id, backupId, StringComparison.Ordinal))
                ?? throw new BackupServiceException(BackupErrorId.BackupNotFound, BackupErrorKind.NotFound, $"No backup with id '{backupId}' exists on {Connection.Uri}.", backupId)
                {
                    RecommendedAction = "Run Get-ClusterBackup to see the backups of this cluster. Backups live on the master that made them: connect to that master.",
                };
        }

        public async Task<ClusterBackupJob> RestoreBackupAsync(string backupId, CancellationToken cancellationToken)
        {
            var body = JsonSerializer.Serialize(new DcosIdBody { Id = backupId });
            try
            {
                var response = await SendAsync(HttpMethod.Post, DcosWire.RestorePath, body, null, cancellationToken).ConfigureAwait(false);
                return ToRestore(DcosResponseReader.ReadOne(response.Body), backupId);
            }
            catch (BackupServiceException ex)
            {
                throw ex.About(backupId);
            }
        }

        public async Task<IReadOnlyList<ClusterBackupJob>> GetJobsAsync(string backupId, CancellationToken cancellationToken) =>
            (await GetBackupAsync(backupId, cancellationToken).ConfigureAwait(false)).Restores;

        public async Task<ClusterBackupJob> GetJobAsync(string jobId, string backupId, CancellationToken cancellationToken)
        {
            // Restore progress lives in the backup's restores[], under the id /restore returned.
            var restores = await GetJobsAsync(backupId, cancellationToken).ConfigureAwait(false);
            return restores.FirstOrDefault(r => string.Equals(r.Id, jobId, StringComparison.Ordinal))
                ?? throw new BackupServiceException(BackupErrorId.JobNotFound, BackupErrorKind.NotFound, $"Backup '{backupId}' has no restore with id '{jobId}'.", jobId);
        }

        public async Task RemoveBackupAsync(string backupId, CancellationToken cancellationToken)
        {
            var body = JsonSerializer.Serialize(new DcosIdBody { Id = backupId });
            try
            {
                await SendAsync(HttpMethod.Delete, DcosWire.DeletePath, body, null, cancellationToken).ConfigureAwait(false);
            }
            catch (BackupServiceException ex)
            {
                throw ex.About(backupId);
            }
        }

        public bool IsBusy(IEnumerable<ClusterBackup> backups) =>
            backups.Any(b => b.RawStatus == DcosWire.StatusBackingUp
                || b.Restores.Any(r => r.Status == JobStatus.Running || r.Status == JobStatus.Pending));

        private async Task<IReadOnlyList<ClusterBackup>> ListAsync(string? idPrefix, CancellationToken cancellationToken)
        {
            var query = string.IsNullOrEmpty(idPrefix) ? null : new Dictionary<string, string?> { [DcosWire.PrefixQuery] = idPrefix };
            var response = await SendAsync(HttpMethod.Get, DcosWire.ListPath, null, query, cancellationToken).ConfigureAwait(false);
            return DcosResponseReader.ReadList(response.Body).Select(ToBackup).ToArray();
        }

        private async Task<ClusterBackup?> FindInFlightAsync(string label, CancellationToken cancellationToken)
        {
            var candidates = await ListAsync(label + "-", cancellationToken).ConfigureAwait(false);
            return candidates
                .Where(b => b.Label == label && b.RawStatus == DcosWire.StatusBackingUp)
                .OrderByDescending(b => b.CreatedAt)
                .FirstOrDefault();
        }

        private Task<ApiResponse> SendAsync(HttpMethod method, string path, string? body, IReadOnlyDictionary<string, string?>? query, CancellationToken cancellationToken) =>
            _http.SendAsync(new ApiRequest(method, path, body, query), _log, cancellationToken);

        private ClusterBackup ToBackup(DcosBackupInfo info)
        {
            var items = DcosStatusMapping.ToItems(info.ComponentStatus);
            var id = info.Id ?? "";
            var backup = new ClusterBackup
            {
                Id = id,
                Label = DcosLabel.FromBackupId(id),
                Status = DcosStatusMapping.ToBackupStatus(info.Status, items),
                RawStatus = info.Status,
                Backend = BackendKind.DcosBackup,
                ClusterId = Connection.Uri.AbsoluteUri,
                Scope = BackupScope.Cluster,
                CreationMethod = CreationMethod.Manual,
                CreatedAt = DcosTimestamp.Parse(info.Timestamp),
                SourceVersion = info.DcosVersion,
                Items = items,
                Error = DcosStatusMapping.ErrorOf(items),
                Connection = Connection,
            };
            backup.Restores = info.Restores?.Select(r => ToRestore(r, id)).ToArray() ?? Array.Empty<ClusterBackupJob>();
            return backup;
        }

        private ClusterBackupJob ToRestore(DcosBackupInfo info, string backupId)
        {
            var items = DcosStatusMapping.ToItems(info.ComponentStatus);
            return new ClusterBackupJob
            {
                Id = info.Id ?? "",
                Kind = JobKind.Restore,
                BackupId = backupId,
                Target = Connection.Uri.AbsoluteUri,
                Status = DcosStatusMapping.ToRestoreStatus(info.Status, items),
                RawStatus = info.Status ?? string.Join(",", items.Select(i => i.Status)),
                StartedAt = DcosTimestamp.Parse(info.Timestamp),
                Items = items,
                Error = DcosStatusMapping.ErrorOf(items),
                Connection = Connection,
            };
        }
    }
}
