using System;
using System.Collections.Generic;
using System.Globalization;
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

        public void ValidateNewBackup(NewBackupRequest request)
        {
            if (request.Collections.Count > 0 || request.Database is not null)
            {
                throw new BackupServiceException(BackupErrorId.NotSupported, BackupErrorKind.InvalidArgument, "A DC/OS backup holds the whole Marathon state: -Collection and -Database are for Zilliz Cloud.", request.Subject);
            }

            if (request.CopyToRegions.Count > 0)
            {
                throw new BackupServiceException(BackupErrorId.NotSupported, BackupErrorKind.InvalidArgument, "A DC/OS backup stays on the master that made it: -CopyToRegion is for Zilliz Cloud.", request.Subject);
            }

            if (request.Label is null)
            {
                throw new BackupServiceException(BackupErrorId.InvalidLabel, BackupErrorKind.InvalidArgument, "A DC/OS backup needs a label: pass -Label.", request.Subject);
            }

            DcosLabel.Validate(request.Label);
            if (request.ClusterId is not null && !string.Equals(request.ClusterId, Connection.Uri.AbsoluteUri, StringComparison.OrdinalIgnoreCase))
            {
                // A DC/OS backup's ClusterId is its master's URL: another value names a cluster this connection cannot back up.
                throw new BackupServiceException(BackupErrorId.InvalidArgument, BackupErrorKind.InvalidArgument, $"-ClusterId '{Shown.Value(request.ClusterId)}' is not this DC/OS cluster ({Connection.Uri.AbsoluteUri}): a DC/OS connection backs up its own master only.", request.ClusterId);
            }
        }

        public async Task<string?> FindBlockingOperationAsync(NewBackupRequest request, CancellationToken cancellationToken)
        {
            // One cluster-wide lock for backups and restores.
            var backups = await ListAsync(null, cancellationToken).ConfigureAwait(false);
            var backingUp = backups.FirstOrDefault(b => b.RawStatus == DcosWire.StatusBackingUp);
            if (backingUp is not null)
            {
                return $"backup {backingUp.Id} is still being made";
            }

            var restoring = backups.SelectMany(b => b.Restores).FirstOrDefault(r => r.Status == JobStatus.Running || r.Status == JobStatus.Pending);
            return restoring is null ? null : $"restore {restoring.Id} of backup {restoring.BackupId} is running";
        }

        public async Task<ClusterBackup> CreateBackupAsync(NewBackupRequest request, CancellationToken cancellationToken)
        {
            ValidateNewBackup(request);
            var label = request.Label!;
            var body = JsonSerializer.Serialize(new DcosLabelBody { Label = label });
            try
            {
                var response = await SendAsync(HttpMethod.Post, DcosWire.CreatePath, body, null, cancellationToken).ConfigureAwait(false);
                return ToBackup(DcosResponseReader.ReadOne(response.Content));
            }
            catch (BackupServiceException ex) when (ex.MutationOutcomeUnknown)
            {
                // /create is not idempotent (a new uuid each call): look for the backup the lost call may
                // have started before anyone thinks of sending it again.
                var inFlight = await FindInFlightAsync(label, cancellationToken).ConfigureAwait(false);
                if (inFlight is not null)
                {
                    return inFlight;
                }

                throw new BackupServiceException(
                    BackupErrorId.CreateOutcomeUnknown,
                    BackupErrorKind.OutcomeUnknown,
                    $"The request to create backup '{label}' failed in a way that does not tell whether the service started it ({ex.Message}), and no backup with that label is in progress. It was not sent again.",
                    label,
                    ex)
                {
                    RecommendedAction = $"Run Get-ClusterBackup -Label '{label}' to check, then create the backup again if it is not there.",
                };
            }
            catch (BackupServiceException ex)
            {
                throw ex.About(label);
            }
        }

        public async IAsyncEnumerable<IReadOnlyList<ClusterBackup>> ListBackupPagesAsync(BackupQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            // The service filters only by id prefix; one body holds every backup.
            var backups = await ListAsync(query.IdPrefix, cancellationToken).ConfigureAwait(false);
            yield return backups.All(query.Matches) ? backups : backups.Where(query.Matches).ToArray();
        }

        public async Task<ClusterBackup> GetBackupAsync(string backupId, string? clusterId, CancellationToken cancellationToken)
        {
            // No "show" route: list by id prefix and take the exact id. The prefix goes into the URL, so an id
            // no backup can have ("<label>-<uuid>" is at most 62 printable characters) is not sent.
            DcosLabel.CheckBackupId(backupId);
            var matches = await ListAsync(backupId, cancellationToken).ConfigureAwait(false);
            return matches.FirstOrDefault(b => string.Equals(b.Id, backupId, StringComparison.Ordinal))
                ?? throw new BackupServiceException(BackupErrorId.BackupNotFound, BackupErrorKind.NotFound, $"No backup with id '{Shown.Value(backupId)}' exists on {Connection.Uri}.", backupId)
                {
                    RecommendedAction = "Run Get-ClusterBackup to see the backups of this cluster. Backups live on the master that made them: connect to that master.",
                };
        }

        public void ValidateRestore(ClusterBackup backup, RestoreRequest request)
        {
            request.RefuseCollectionNaming("DC/OS", backup.Id);
            if (request.Target != RestoreTarget.SameCluster)
            {
                throw new BackupServiceException(
                    BackupErrorId.NotSupported,
                    BackupErrorKind.InvalidArgument,
                    "DC/OS restores the Marathon state of the cluster the backup was made on: -NewClusterName and -Collection are for Zilliz Cloud.",
                    backup.Id);
            }
        }

        public Task<string?> CheckRestoreAsync(ClusterBackup backup, RestoreRequest request, CancellationToken cancellationToken) =>
            Task.FromResult<string?>(null);

        public string DescribeRestore(ClusterBackup backup, RestoreRequest request)
        {
            var made = backup.CreatedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "at an unknown time";
            return $"Restore the cluster from backup made {made}. Marathon restarts; apps, pods and groups changed after the backup are lost and tasks started after it are killed";
        }

        public async Task<IReadOnlyList<ClusterBackupJob>> RestoreBackupAsync(ClusterBackup backup, RestoreRequest request, CancellationToken cancellationToken)
        {
            ValidateRestore(backup, request);
            var backupId = backup.Id;
            var body = JsonSerializer.Serialize(new DcosIdBody { Id = backupId });
            try
            {
                var response = await SendAsync(HttpMethod.Post, DcosWire.RestorePath, body, null, cancellationToken).ConfigureAwait(false);
                return new[] { ToRestore(DcosResponseReader.ReadOne(response.Content), backupId) };
            }
            catch (BackupServiceException ex) when (ex.MutationOutcomeUnknown)
            {
                // /restore is not idempotent either: look in the backup's restores for the one the lost call
                // may have started (an id the backup did not have before); never send it again.
                var known = new HashSet<string>(backup.Restores.Select(r => r.Id), StringComparer.Ordinal);
                var started = Array.Empty<ClusterBackupJob>();
                try
                {
                    started = (await GetJobsAsync(backupId, null, cancellationToken).ConfigureAwait(false)).Where(r => !known.Contains(r.Id)).ToArray();
                }
                catch (BackupServiceException)
                {
                    // The look failed too: the outcome stays unknown.
                }

                if (started.Length == 1)
                {
                    return started;
                }

                throw new BackupServiceException(
                    BackupErrorId.RestoreOutcomeUnknown,
                    BackupErrorKind.OutcomeUnknown,
                    $"The request to restore backup {backupId} failed in a way that does not tell whether the service started it ({ex.Message}), and the backup shows no new restore. It was not sent again.",
                    backupId,
                    ex)
                {
                    RecommendedAction = $"Run Get-ClusterBackupJob -BackupId {backupId} to check before restoring again.",
                };
            }
            catch (BackupServiceException ex)
            {
                throw ex.About(backupId);
            }
        }

        public async Task<IReadOnlyList<ClusterBackupJob>> GetJobsAsync(string backupId, string? clusterId, CancellationToken cancellationToken) =>
            (await GetBackupAsync(backupId, null, cancellationToken).ConfigureAwait(false)).Restores;

        public async Task<ClusterBackupJob> GetJobAsync(string jobId, string? backupId, string? clusterId, CancellationToken cancellationToken)
        {
            // Restore progress lives in the backup's restores[], under the id /restore returned; without
            // the backup id every backup's restores are searched.
            var restores = backupId is null
                ? (await ListAsync(null, cancellationToken).ConfigureAwait(false)).SelectMany(b => b.Restores)
                : await GetJobsAsync(backupId, null, cancellationToken).ConfigureAwait(false);
            return restores.FirstOrDefault(r => string.Equals(r.Id, jobId, StringComparison.Ordinal))
                ?? throw new BackupServiceException(
                    BackupErrorId.JobNotFound,
                    BackupErrorKind.NotFound,
                    backupId is null ? $"No backup on {Connection.Uri} has a restore with id '{Shown.Value(jobId)}'." : $"Backup '{Shown.Value(backupId)}' has no restore with id '{Shown.Value(jobId)}'.",
                    jobId);
        }

        public string DescribeRemoval(ClusterBackup backup) => $"Delete backup (status {backup.Status}) permanently";

        public async Task RemoveBackupAsync(ClusterBackup backup, CancellationToken cancellationToken)
        {
            var backupId = backup.Id;
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

        public Task<ClusterBackupJob> ExportBackupAsync(ClusterBackup backup, ExportRequest request, CancellationToken cancellationToken) =>
            throw new BackupServiceException(BackupErrorId.NotSupported, BackupErrorKind.InvalidOperation, $"DC/OS keeps backups on the master's disk and has no export: copy them from the master (see the DC/OS backup documentation).", backup.Id);

        public Task<BackupPolicy> GetPolicyAsync(string? clusterId, CancellationToken cancellationToken) => throw NoSchedule();

        public Task<BackupPolicy> SetPolicyAsync(BackupPolicyChange change, CancellationToken cancellationToken) => throw NoSchedule();

        private BackupServiceException NoSchedule() =>
            new BackupServiceException(BackupErrorId.NotSupported, BackupErrorKind.InvalidOperation, $"The DC/OS backup service at {Connection.Uri} has no backup schedule: run New-ClusterBackup from a scheduled task instead.", Connection.Uri.AbsoluteUri);

        private async Task<IReadOnlyList<ClusterBackup>> ListAsync(string? idPrefix, CancellationToken cancellationToken)
        {
            var query = string.IsNullOrEmpty(idPrefix) ? null : new Dictionary<string, string?> { [DcosWire.PrefixQuery] = idPrefix };
            var response = await SendAsync(HttpMethod.Get, DcosWire.ListPath, null, query, cancellationToken).ConfigureAwait(false);
            return DcosResponseReader.ReadList(response.Content).Select(ToBackup).ToArray();
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
                CreatedAt = Rfc3339.Parse(info.Timestamp),
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
                StartedAt = Rfc3339.Parse(info.Timestamp),
                Items = items,
                Error = DcosStatusMapping.ErrorOf(items),
                Connection = Connection,
            };
        }
    }
}
