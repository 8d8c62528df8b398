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

namespace BackupModule.ZillizCloud
{
    /// <summary>Zilliz Cloud (managed Milvus) backups through the REST v2 control plane, behind the module's cmdlets.</summary>
    internal sealed class ZillizBackupService : IBackupService
    {
        private const string DefaultDatabase = "default";

        private readonly ServiceHttpClient _http;
        private readonly IHttpCallLog _log;

        public ZillizBackupService(BackupConnection connection, IHttpCallLog log)
        {
            Connection = connection;
            _http = connection.Http;
            _log = log;
        }

        public BackupConnection Connection { get; }

        public void ValidateNewBackup(NewBackupRequest request)
        {
            if (request.Label is not null)
            {
                throw new BackupServiceException(BackupErrorId.NotSupported, BackupErrorKind.InvalidArgument, "Zilliz Cloud names backups itself (e.g. Dedicated-01_backup3): -Label is for DC/OS.", request.Label);
            }

            ZillizNames.CheckId(ClusterIdFor(request.ClusterId), "ClusterId");
            if (request.Database is not null)
            {
                ZillizNames.CheckDatabase(request.Database);
                if (request.Collections.Count == 0)
                {
                    throw new BackupServiceException(BackupErrorId.InvalidArgument, BackupErrorKind.InvalidArgument, "-Database goes with -Collection: a cluster backup holds every database.", request.Database);
                }
            }

            foreach (var collection in request.Collections)
            {
                ZillizNames.CheckCollection(collection, "Collection");
            }

            ZillizNames.CheckRegions(request.CopyToRegions, "CopyToRegion");
        }

        public async Task<string?> FindBlockingOperationAsync(NewBackupRequest request, CancellationToken cancellationToken)
        {
            // One manual backup at a time per cluster; manual ones are few, so this stays one short list.
            var creating = await FindCreatingManualAsync(ClusterIdFor(request.ClusterId), null, cancellationToken).ConfigureAwait(false);
            return creating is null ? null : $"manual backup {creating.Id} ({creating.Label}) of cluster {creating.ClusterId} is still being made";
        }

        public async Task<ClusterBackup> CreateBackupAsync(NewBackupRequest request, CancellationToken cancellationToken)
        {
            ValidateNewBackup(request);
            var clusterId = ClusterIdFor(request.ClusterId);
            var body = new ZillizCreateBody();
            if (request.Collections.Count > 0)
            {
                body.BackupType = ZillizWire.TypeCollection;
                body.DbCollections = new List<ZillizDbCollectionNames>
                {
                    new ZillizDbCollectionNames { DbName = request.Database ?? DefaultDatabase, CollectionNames = request.Collections.ToList() },
                };
            }

            if (request.CopyToRegions.Count > 0)
            {
                body.CrossRegionCopies = request.CopyToRegions.Select(region => new ZillizRegionCopy { RegionId = region }).ToList();
            }

            var asked = DateTimeOffset.UtcNow;
            ZillizCreated created;
            try
            {
                created = await SendAsync<ZillizCreated>(HttpMethod.Post, ZillizWire.CreatePath, JsonSerializer.Serialize(body), null, cancellationToken, clusterId).ConfigureAwait(false);
            }
            catch (BackupServiceException ex) when (ex.MutationOutcomeUnknown)
            {
                // No idempotency key exists: look for the backup the lost call may have started before anyone sends it again.
                var inFlight = await FindCreatingManualAsync(clusterId, asked - TimeSpan.FromMinutes(2), cancellationToken).ConfigureAwait(false);
                if (inFlight is not null)
                {
                    return inFlight;
                }

                throw new BackupServiceException(
                    BackupErrorId.CreateOutcomeUnknown,
                    BackupErrorKind.OutcomeUnknown,
                    $"The request to back up cluster {clusterId} failed in a way that does not tell whether Zilliz Cloud started it ({ex.Message}), and no manual backup of it is being made. It was not sent again.",
                    clusterId,
                    ex)
                {
                    RecommendedAction = $"Run Get-ClusterBackup -ClusterId {clusterId} -CreationMethod Manual to check, then back up again if it is not there.",
                };
            }

            var backupId = created.BackupId ?? throw new BackupServiceException(BackupErrorId.InvalidResponse, BackupErrorKind.InvalidData, "Zilliz Cloud started a backup but did not say its id.", clusterId);
            if (created.JobId is not null)
            {
                Connection.Jobs.Record(backupId, created.JobId);
            }

            ClusterBackup backup;
            try
            {
                backup = await GetBackupAsync(backupId, clusterId, cancellationToken).ConfigureAwait(false);
            }
            catch (BackupServiceException ex) when (ex.ErrorId != BackupErrorId.Unauthorized)
            {
                // The backup exists; a failed look at it must not read as a failed create.
                if (_log.WantsDump)
                {
                    _log.OnDump($"Backup {backupId} started, but describing it failed: {ex.Message}");
                }

                backup = new ClusterBackup
                {
                    Id = backupId,
                    Label = created.BackupName ?? backupId,
                    Status = BackupStatus.Creating,
                    RawStatus = ZillizWire.BackupCreating,
                    Backend = BackendKind.ZillizCloud,
                    ClusterId = clusterId,
                    ProjectId = Connection.ProjectId,
                    Scope = request.Collections.Count > 0 ? BackupScope.Collection : BackupScope.Cluster,
                    CreationMethod = CreationMethod.Manual,
                    Connection = Connection,
                };
            }

            backup.JobId = created.JobId;
            return backup;
        }

        public async IAsyncEnumerable<IReadOnlyList<ClusterBackup>> ListBackupPagesAsync(BackupQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            var clusterId = query.ClusterId ?? Connection.ClusterId;
            ZillizNames.CheckOptionalId(clusterId, "ClusterId");
            var seen = 0;
            var items = new Dictionary<(string?, string?, string?), BackupItem>();
            for (var page = 1; ; page++)
            {
                var parameters = new Dictionary<string, string?>
                {
                    [ZillizWire.ProjectIdQuery] = Connection.ProjectId,
                    [ZillizWire.ClusterIdQuery] = clusterId,
                    [ZillizWire.CreationMethodQuery] = query.CreationMethod is CreationMethod method ? ZillizStatusMapping.ToWire(method) : null,
                    [ZillizWire.BackupTypeQuery] = query.Scope is BackupScope scope ? ZillizStatusMapping.ToBackupType(scope) : null,
                    // Whole seconds, widened outwards: query.Matches applies the exact bounds to what comes back.
                    [ZillizWire.StartQuery] = query.CreatedAfter is DateTimeOffset after ? ZillizStatusMapping.ToWireTime(after) : null,
                    [ZillizWire.EndQuery] = query.CreatedBefore is DateTimeOffset before ? ZillizStatusMapping.ToWireTime(before.AddTicks(TimeSpan.TicksPerSecond - 1)) : null,
                    [ZillizWire.PageSizeQuery] = ZillizWire.MaxPageSize.ToString(CultureInfo.InvariantCulture),
                    [ZillizWire.CurrentPageQuery] = page.ToString(CultureInfo.InvariantCulture),
                };
                var data = await SendAsync<ZillizBackupPage>(HttpMethod.Get, ZillizWire.ListPath, null, parameters, cancellationToken).ConfigureAwait(false);
                var backups = data.Backups ?? new List<ZillizBackupInfo>();
                var matching = new List<ClusterBackup>(backups.Count);
                foreach (var info in backups)
                {
                    var backup = ToBackup(info, items);
                    if (query.Matches(backup))
                    {
                        matching.Add(backup);
                    }
                }

                yield return matching;

                // Whether count is the grand total or the page's is not documented [?]: a short page ends the list either way.
                seen += backups.Count;
                if (backups.Count < ZillizWire.MaxPageSize || (data.Count is int total && total > backups.Count && seen >= total))
                {
                    yield break;
                }
            }
        }

        public async Task<ClusterBackup> GetBackupAsync(string backupId, string? clusterId, CancellationToken cancellationToken)
        {
            ZillizNames.CheckId(backupId, "Id");
            var cluster = clusterId ?? Connection.ClusterId;
            if (cluster is null)
            {
                // Describe is scoped by cluster: without one, find the backup in the list.
                await foreach (var backup in this.ListBackupsAsync(new BackupQuery(), cancellationToken).ConfigureAwait(false))
                {
                    if (backup.Id == backupId)
                    {
                        return backup;
                    }
                }

                throw NotFound(backupId);
            }

            try
            {
                var info = await SendAsync<ZillizBackupInfo>(HttpMethod.Get, ZillizWire.BackupPath, null, null, cancellationToken, cluster, backupId).ConfigureAwait(false);
                return ToBackup(info);
            }
            catch (BackupServiceException ex) when (ex.ErrorId == BackupErrorId.BackupNotFound)
            {
                throw NotFound(backupId, ex);
            }
        }

        public void ValidateRestore(ClusterBackup backup, RestoreRequest request)
        {
            request.RefuseCollectionNaming("Zilliz Cloud", backup.Id);
            switch (request.Target)
            {
                case RestoreTarget.NewCluster:
                    if (backup.Scope != BackupScope.Cluster)
                    {
                        throw new BackupServiceException(BackupErrorId.InvalidArgument, BackupErrorKind.InvalidArgument, $"Backup {backup.Id} holds chosen collections, not a whole cluster: restore them with -Collection.", backup.Id);
                    }

                    ZillizNames.CheckClusterName(request.NewClusterName!);
                    ZillizNames.CheckId(ProjectFor(backup, request), "ProjectId");
                    if (request.CuSize is not int cu || cu < ZillizNames.MinCuSize || cu > ZillizNames.MaxCuSize)
                    {
                        throw new BackupServiceException(BackupErrorId.InvalidArgument, BackupErrorKind.InvalidArgument, $"-CuSize must be {ZillizNames.MinCuSize} to {ZillizNames.MaxCuSize}.", backup.Id);
                    }

                    // An empty list says nothing (an older service, or a backup read from the list): the service decides.
                    if (request.MilvusVersion is MilvusVersion version && backup.MilvusVersions.Count > 0 && !backup.MilvusVersions.Contains(version))
                    {
                        throw new BackupServiceException(
                            BackupErrorId.InvalidArgument,
                            BackupErrorKind.InvalidArgument,
                            $"Backup {backup.Id} can be restored with -MilvusVersion {string.Join(" or ", backup.MilvusVersions)} only, not {version}: the original version is offered only for recent backups whose version is behind the latest GA one.",
                            backup.Id);
                    }

                    break;
                case RestoreTarget.Collections:
                    if (request.Collections.Count == 0)
                    {
                        throw new BackupServiceException(BackupErrorId.InvalidArgument, BackupErrorKind.InvalidArgument, "Name the collections to restore with -Collection.", backup.Id);
                    }

                    if (request.DestinationCollectionName is not null && request.Collections.Count > 1)
                    {
                        throw new BackupServiceException(BackupErrorId.InvalidArgument, BackupErrorKind.InvalidArgument, "-DestinationCollectionName renames one collection: restore one -Collection at a time with it.", backup.Id);
                    }

                    foreach (var collection in request.Collections)
                    {
                        ZillizNames.CheckCollection(collection, "Collection");
                        DatabaseOf(backup, collection, request.Database);
                    }

                    if (request.DestinationCollectionName is not null)
                    {
                        ZillizNames.CheckCollection(request.DestinationCollectionName, "DestinationCollectionName");
                    }

                    if (request.DestinationDatabase is not null)
                    {
                        ZillizNames.CheckDatabase(request.DestinationDatabase, "DestinationDatabase");
                    }

                    ZillizNames.CheckOptionalId(request.DestinationClusterId, "DestinationClusterId");
                    break;
                default:
                    throw new BackupServiceException(
                        BackupErrorId.NotSupported,
                        BackupErrorKind.InvalidArgument,
                        $"Zilliz Cloud does not roll a cluster back in place: restore backup {backup.Id} into a new cluster (-NewClusterName -CuSize) or restore chosen collections (-Collection).",
                        backup.Id);
            }
        }

        public async Task<string?> CheckRestoreAsync(ClusterBackup backup, RestoreRequest request, CancellationToken cancellationToken)
        {
            if (request.Target != RestoreTarget.Collections)
            {
                return null;
            }

            // The control plane cannot list a cluster's collections: ask the destination cluster's own
            // endpoint, with the same key, whether each destination name is taken.
            var destination = ClusterIdFor(request.DestinationClusterId ?? backup.ClusterId);
            try
            {
                var cluster = await SendAsync<ZillizClusterInfo>(HttpMethod.Get, ZillizWire.ClusterPath, null, null, cancellationToken, destination).ConfigureAwait(false);
                if (!Uri.TryCreate(cluster.ConnectAddress, UriKind.Absolute, out var endpoint))
                {
                    return $"Cluster {destination} has no endpoint to check its collections: Zilliz Cloud itself will refuse to overwrite one.";
                }

                // The key goes to the cluster's endpoint only over https (or to loopback, as the emulator serves it).
                ServiceAddress.Check(endpoint, $"cluster {destination}", "API key", allowUnencryptedAuthentication: false);
                var has = new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + ZillizWire.HasCollectionPath);
                foreach (var collection in request.Collections)
                {
                    var database = DestinationDatabaseOf(backup, collection, request);
                    var name = request.DestinationCollectionName ?? collection;
                    var body = JsonSerializer.Serialize(new ZillizHasCollectionBody { DbName = database, CollectionName = name });
                    var answer = await SendCoreAsync<ZillizHasCollection>(new ApiRequest(HttpMethod.Post, has.AbsoluteUri, body, route: ZillizWire.HasCollectionPath, isRead: true), cancellationToken).ConfigureAwait(false);
                    if (answer.Has)
                    {
                        throw new BackupServiceException(
                            BackupErrorId.DestinationCollectionExists,
                            BackupErrorKind.InvalidOperation,
                            $"Cluster {destination} already has collection '{name}' in database '{database}'; a restore never overwrites one. Nothing was sent.",
                            backup.Id)
                        {
                            RecommendedAction = "Pass -DestinationCollectionName with a new name, or drop the existing collection first.",
                        };
                    }
                }

                return null;
            }
            // A destination that does not exist stops the restore here, before anything is sent (and under -WhatIf).
            catch (BackupServiceException ex) when (ex.ErrorId != BackupErrorId.DestinationCollectionExists && ex.ErrorId != BackupErrorId.ClusterNotFound && ex.Kind != BackupErrorKind.Authentication)
            {
                return $"Could not check whether cluster {destination} already has the collections ({ex.Message}); Zilliz Cloud itself will refuse to overwrite one.";
            }
        }

        public string DescribeRestore(ClusterBackup backup, RestoreRequest request)
        {
            if (request.Target == RestoreTarget.NewCluster)
            {
                return $"Create a new cluster '{request.NewClusterName}' ({request.CuSize} CU, billed from now) in project {ProjectFor(backup, request)} "
                    + $"from backup {backup.Label} made {Made(backup)}, {DescribeVersion(backup, request.MilvusVersion)}; "
                    + $"collections {(request.CollectionStatus == CollectionLoadState.Keep ? "keep their load state" : "are released")}, and db_admin gets a new one-time password";
            }

            var destination = request.DestinationClusterId ?? backup.ClusterId;
            var what = string.Join(", ", request.Collections.Select(c => request.DestinationCollectionName is null ? c : $"{c} as {request.DestinationCollectionName}"));
            var into = request.DestinationDatabase is null ? $"cluster {destination}" : $"database '{request.DestinationDatabase}' of cluster {destination}";
            return $"Restore collection(s) {what} from backup {backup.Label} made {Made(backup)} into {into} "
                + (request.Load ? "(loaded: they take memory of the cluster's CUs at once)" : "(not loaded)");
        }

        public async Task<IReadOnlyList<ClusterBackupJob>> RestoreBackupAsync(ClusterBackup backup, RestoreRequest request, CancellationToken cancellationToken)
        {
            ValidateRestore(backup, request);
            var sourceCluster = ClusterIdFor(backup.ClusterId);
            if (request.Target == RestoreTarget.NewCluster)
            {
                var project = ProjectFor(backup, request);
                var body = new ZillizRestoreClusterBody
                {
                    ProjectId = project,
                    TargetProjectId = project,
                    ClusterName = request.NewClusterName!,
                    CuSize = request.CuSize!.Value,
                    CollectionStatus = request.CollectionStatus == CollectionLoadState.Keep ? ZillizWire.KeepLoadState : ZillizWire.ReleaseLoadState,
                    RestoreVersionPolicy = request.MilvusVersion is MilvusVersion version ? ZillizStatusMapping.ToWire(version) : null,
                };
                var restored = await SendRestoreAsync<ZillizRestoredCluster>(ZillizWire.RestoreClusterPath, body, backup, $"new cluster '{request.NewClusterName}'", cancellationToken).ConfigureAwait(false);
                var job = await StartedJobAsync(JobKind.Restore, restored.JobId, backup, restored.ClusterId, cancellationToken).ConfigureAwait(false);
                if (!string.IsNullOrEmpty(restored.Password))
                {
                    // Shown once by the service: kept only inside the job, masked everywhere else from now on.
                    _http.Redactor.AddSecret(restored.Password);
                    job.NewClusterCredential = new OneTimeCredential(restored.UserName ?? "db_admin", restored.Password!);
                }

                return new[] { job };
            }

            var destinationCluster = request.DestinationClusterId ?? sourceCluster;
            var jobs = new List<ClusterBackupJob>();
            foreach (var collection in request.Collections)
            {
                // The service takes one collection per request; each is its own job.
                var body = new ZillizRestoreCollectionBody
                {
                    DestClusterId = destinationCluster,
                    DbCollections = new List<ZillizRestoreGroup>
                    {
                        new ZillizRestoreGroup
                        {
                            DbName = DatabaseOf(backup, collection, request.Database),
                            DestDbName = request.DestinationDatabase,
                            Collections = new List<ZillizRestoreCollection>
                            {
                                new ZillizRestoreCollection
                                {
                                    CollectionName = collection,
                                    DestCollectionName = request.DestinationCollectionName ?? collection,
                                    DestCollectionStatus = request.Load ? ZillizWire.Loaded : ZillizWire.Unloaded,
                                },
                            },
                        },
                    },
                };
                var target = $"{destinationCluster}/{DestinationDatabaseOf(backup, collection, request)}.{request.DestinationCollectionName ?? collection}";
                var started = await SendRestoreAsync<ZillizJobRef>(ZillizWire.RestoreCollectionPath, body, backup, target, cancellationToken).ConfigureAwait(false);
                jobs.Add(await StartedJobAsync(JobKind.Restore, started.JobId, backup, target, cancellationToken).ConfigureAwait(false));
            }

            return jobs;
        }

        public async Task<IReadOnlyList<ClusterBackupJob>> GetJobsAsync(string backupId, string? clusterId, CancellationToken cancellationToken)
        {
            // There is no "list jobs" endpoint: these are the jobs this connection started for the backup.
            var jobs = new List<ClusterBackupJob>();
            foreach (var jobId in Connection.Jobs.For(backupId))
            {
                jobs.Add(await GetJobAsync(jobId, backupId, clusterId, cancellationToken).ConfigureAwait(false));
            }

            return jobs;
        }

        public async Task<ClusterBackupJob> GetJobAsync(string jobId, string? backupId, string? clusterId, CancellationToken cancellationToken)
        {
            ZillizNames.CheckId(jobId, "Id");
            try
            {
                var info = await SendAsync<ZillizJobInfo>(HttpMethod.Get, ZillizWire.JobPath, null, null, cancellationToken, jobId).ConfigureAwait(false);
                var job = ToJob(info, backupId ?? Connection.Jobs.BackupOf(jobId));

                // A job this connection started keeps what only the start knew (Wait-ClusterBackupJob reads it by id).
                return Connection.Jobs.Started(jobId) is ClusterBackupJob started ? job.KeepingFactsOf(started) : job;
            }
            catch (BackupServiceException ex) when (ex.ErrorId == BackupErrorId.BackupNotFound || ex.ErrorId == BackupErrorId.JobNotFound)
            {
                throw new BackupServiceException(BackupErrorId.JobNotFound, BackupErrorKind.NotFound, $"Zilliz Cloud has no job '{jobId}': {ex.Message}", jobId, ex)
                    .KeepingServiceFactsOf(ex);
            }
        }

        public string DescribeRemoval(ClusterBackup backup) =>
            backup.CreationMethod == CreationMethod.Manual
                ? $"Delete manual backup {backup.Label} of cluster {backup.ClusterId} permanently: manual backups are kept until deleted, and a deleted one cannot be recovered"
                : $"Delete automatic backup {backup.Label} of cluster {backup.ClusterId}" + (backup.ExpiresAt is DateTimeOffset expires ? $" (it would expire on {expires:u})" : "");

        public async Task RemoveBackupAsync(ClusterBackup backup, CancellationToken cancellationToken)
        {
            var clusterId = ClusterIdFor(backup.ClusterId);
            await SendAsync<object>(HttpMethod.Delete, ZillizWire.BackupPath, null, null, cancellationToken, clusterId, backup.Id).ConfigureAwait(false);
        }

        public async Task<ClusterBackupJob> ExportBackupAsync(ClusterBackup backup, ExportRequest request, CancellationToken cancellationToken)
        {
            ZillizNames.CheckId(request.IntegrationId, "IntegrationId");
            var body = JsonSerializer.Serialize(new ZillizExportBody { IntegrationId = request.IntegrationId, Directory = request.Directory });
            ZillizJobRef started;
            try
            {
                started = await SendAsync<ZillizJobRef>(HttpMethod.Post, ZillizWire.ExportPath, body, null, cancellationToken, ClusterIdFor(backup.ClusterId), backup.Id).ConfigureAwait(false);
            }
            catch (BackupServiceException ex) when (ex.MutationOutcomeUnknown)
            {
                // As with restores: no idempotency key and no list of jobs, so never resent; an unreadable
                // answer says as little about what the service did as a lost one.
                throw new BackupServiceException(BackupErrorId.CreateOutcomeUnknown, BackupErrorKind.OutcomeUnknown, $"The request to export backup {backup.Id} failed in a way that does not tell whether Zilliz Cloud started it ({ex.Message}). It was not sent again.", backup.Id, ex)
                {
                    RecommendedAction = "Check the project's Job Center in the Zilliz Cloud console before exporting again.",
                };
            }

            return await StartedJobAsync(JobKind.Export, started.JobId, backup, request.ToString(), cancellationToken).ConfigureAwait(false);
        }

        public async Task<BackupPolicy> GetPolicyAsync(string? clusterId, CancellationToken cancellationToken)
        {
            var cluster = ClusterIdFor(clusterId);
            ZillizNames.CheckId(cluster, "ClusterId");
            var info = await SendAsync<ZillizPolicyInfo>(HttpMethod.Get, ZillizWire.PolicyPath, null, null, cancellationToken, cluster).ConfigureAwait(false);
            var (start, end) = ZillizStatusMapping.ParseWindow(info.StartTime);
            return new BackupPolicy
            {
                ClusterId = info.ClusterId ?? cluster,
                Enabled = string.Equals(info.Status, ZillizWire.PolicyEnabled, StringComparison.OrdinalIgnoreCase),
                RawStatus = info.Status,
                DayOfWeek = ZillizStatusMapping.FromFrequency(info.Frequency),
                WindowStartUtc = start,
                WindowEndUtc = end,
                RetentionDays = info.RetentionDays ?? 0,
                CrossRegionCopies = (info.CrossRegionCopies ?? new List<ZillizRegionCopy>())
                    .Where(c => !string.IsNullOrEmpty(c.RegionId))
                    .Select(c => new CrossRegionCopy(c.RegionId!, c.RetentionDays ?? 0, c.Region))
                    .ToArray(),
                Backend = BackendKind.ZillizCloud,
                Connection = Connection,
            };
        }

        public async Task<BackupPolicy> SetPolicyAsync(BackupPolicyChange change, CancellationToken cancellationToken)
        {
            var cluster = ClusterIdFor(change.ClusterId);
            ZillizNames.CheckId(cluster, "ClusterId");
            var body = new ZillizPolicyBody { Enabled = change.Enabled };
            if (change.Enabled)
            {
                if (change.DayOfWeek.Count == 0)
                {
                    throw new BackupServiceException(BackupErrorId.InvalidArgument, BackupErrorKind.InvalidArgument, "Name at least one day with -DayOfWeek.", cluster);
                }

                if (change.RetentionDays is not int days || days < ZillizNames.MinRetentionDays || days > ZillizNames.MaxRetentionDays)
                {
                    throw new BackupServiceException(BackupErrorId.InvalidArgument, BackupErrorKind.InvalidArgument, $"-RetentionDays must be {ZillizNames.MinRetentionDays} to {ZillizNames.MaxRetentionDays}.", cluster);
                }

                if (change.WindowStartUtc is not TimeSpan start || start < TimeSpan.Zero || start >= TimeSpan.FromDays(1) || start.Seconds != 0 || start.Milliseconds != 0)
                {
                    throw new BackupServiceException(BackupErrorId.InvalidArgument, BackupErrorKind.InvalidArgument, "-WindowStartUtc must be a time of day in hours and minutes (e.g. 02:00); the window lasts two hours.", cluster);
                }

                body.Frequency = ZillizStatusMapping.ToFrequency(change.DayOfWeek);
                body.StartTime = ZillizStatusMapping.ToWindow(start);
                body.RetentionDays = days;
                if (change.CopyRetentionDays is int copyDays && (change.CopyToRegions is null || copyDays < ZillizNames.MinRetentionDays || copyDays > ZillizNames.MaxRetentionDays))
                {
                    throw new BackupServiceException(BackupErrorId.InvalidArgument, BackupErrorKind.InvalidArgument, $"-CopyRetentionDays ({ZillizNames.MinRetentionDays} to {ZillizNames.MaxRetentionDays}) goes with -CopyToRegion.", cluster);
                }

                if (change.CrossRegionCopies is IReadOnlyList<CrossRegionCopy> copies)
                {
                    ZillizNames.CheckRegions(change.CopyToRegions!, "CopyToRegion");
                    body.CrossRegionCopies = copies.Select(c => new ZillizRegionCopy { RegionId = c.RegionId, RetentionDays = c.RetentionDays }).ToList();
                }
            }

            await SendAsync<object>(HttpMethod.Post, ZillizWire.PolicyPath, JsonSerializer.Serialize(body), null, cancellationToken, cluster).ConfigureAwait(false);
            return await GetPolicyAsync(cluster, cancellationToken).ConfigureAwait(false);
        }

        private string ClusterIdFor(string? given) =>
            given ?? Connection.ClusterId ?? throw new BackupServiceException(
                BackupErrorId.InvalidArgument,
                BackupErrorKind.InvalidArgument,
                "Which cluster? Pass -ClusterId, or connect with Connect-ClusterBackupService -ZillizCloud -ClusterId (or set ZILLIZ_CLUSTER_ID).")
            {
                RecommendedAction = "Find cluster ids (in01-...) in the Zilliz Cloud console, or with Get-ClusterBackup | Select-Object ClusterId -Unique.",
            };

        private string ProjectFor(ClusterBackup backup, RestoreRequest request) =>
            request.ProjectId ?? Connection.ProjectId ?? backup.ProjectId ?? throw new BackupServiceException(
                BackupErrorId.InvalidArgument,
                BackupErrorKind.InvalidArgument,
                "Which project should own the new cluster? Pass -ProjectId (proj-...).",
                backup.Id);

        /// <summary>
        /// The database a collection is restored from: the one named, else the one the backup holds it in;
        /// null when neither says (a backup described in the flat shape names no databases: the service picks).
        /// </summary>
        private static string? DatabaseOf(ClusterBackup backup, string collection, string? database)
        {
            if (backup.Items.Count == 0)
            {
                return database;
            }

            // "db.collection" from the grouped shape; a bare name (flat shape) is in a database not named.
            var holders = backup.Items
                .Select(i => i.Name.LastIndexOf('.') is var dot && dot > 0 ? (Db: i.Name.Substring(0, dot), Name: i.Name.Substring(dot + 1)) : (Db: (string?)null, Name: i.Name))
                .Where(i => i.Name == collection && (database is null || i.Db is null || i.Db == database))
                .Select(i => i.Db)
                .Distinct()
                .ToArray();
            var named = holders.Where(d => d is not null).ToArray();
            if (holders.Length > 0 && (database is not null || named.Length <= 1))
            {
                return database ?? named.FirstOrDefault();
            }

            throw new BackupServiceException(
                BackupErrorId.InvalidArgument,
                BackupErrorKind.InvalidArgument,
                holders.Length == 0
                    ? $"Backup {backup.Id} holds no collection '{collection}'" + (database is null ? "" : $" in database '{database}'") + $": it holds {string.Join(", ", backup.Items.Select(i => i.Name))}."
                    : $"Backup {backup.Id} holds '{collection}' in databases {string.Join(", ", named)}: choose one with -Database.",
                collection);
        }

        /// <summary>Where a restored collection goes: -DestinationDatabase, else its own database, else Milvus's "default".</summary>
        private static string DestinationDatabaseOf(ClusterBackup backup, string collection, RestoreRequest request) =>
            request.DestinationDatabase ?? DatabaseOf(backup, collection, request.Database) ?? DefaultDatabase;

        /// <summary>The Milvus version part of a new-cluster restore's prompt: what each choice means for the clients.</summary>
        private static string DescribeVersion(ClusterBackup backup, MilvusVersion? version)
        {
            switch (version)
            {
                case MilvusVersion.Latest:
                    return "on the latest compatible GA Milvus version (it may be newer than the backup's: check your SDKs)";
                case MilvusVersion.Original:
                    return "on the backup's own Milvus version (behind the latest GA one, so an upgrade is still ahead)";
                default:
                    return backup.MilvusVersions.Count > 1
                        ? $"on the Milvus version Zilliz Cloud picks (the backup offers {string.Join(" or ", backup.MilvusVersions)}: see -MilvusVersion)"
                        : "on the Milvus version Zilliz Cloud picks";
            }
        }

        private async Task<ClusterBackup?> FindCreatingManualAsync(string clusterId, DateTimeOffset? since, CancellationToken cancellationToken)
        {
            await foreach (var backup in this.ListBackupsAsync(new BackupQuery(clusterId: clusterId, creationMethod: CreationMethod.Manual), cancellationToken).ConfigureAwait(false))
            {
                if (backup.Status == BackupStatus.Creating && (since is null || backup.CreatedAt is null || backup.CreatedAt >= since))
                {
                    return backup;
                }
            }

            return null;
        }

        private async Task<T> SendRestoreAsync<T>(string pathFormat, object body, ClusterBackup backup, string target, CancellationToken cancellationToken)
            where T : class
        {
            try
            {
                return await SendAsync<T>(HttpMethod.Post, pathFormat, JsonSerializer.Serialize(body, body.GetType()), null, cancellationToken, ClusterIdFor(backup.ClusterId), backup.Id).ConfigureAwait(false);
            }
            catch (BackupServiceException ex) when (ex.MutationOutcomeUnknown)
            {
                // No idempotency key and no list of jobs: a restore whose outcome is unknown is never resent.
                throw new BackupServiceException(
                    BackupErrorId.RestoreOutcomeUnknown,
                    BackupErrorKind.OutcomeUnknown,
                    $"The request to restore backup {backup.Id} into {target} failed in a way that does not tell whether Zilliz Cloud started it ({ex.Message}). It was not sent again.",
                    backup.Id,
                    ex)
                {
                    RecommendedAction = "Check the project's Job Center in the Zilliz Cloud console (or the target cluster) before restoring again.",
                };
            }
        }

        /// <summary>The job a restore or export started, read once for its status; the starting call's facts are kept on it.</summary>
        private async Task<ClusterBackupJob> StartedJobAsync(JobKind kind, string? jobId, ClusterBackup backup, string? target, CancellationToken cancellationToken)
        {
            if (jobId is null)
            {
                throw new BackupServiceException(BackupErrorId.InvalidResponse, BackupErrorKind.InvalidData, $"Zilliz Cloud accepted the request for backup {backup.Id} but did not say its job id.", backup.Id);
            }

            Connection.Jobs.Record(backup.Id, jobId);
            ClusterBackupJob job;
            try
            {
                job = await GetJobAsync(jobId, backup.Id, backup.ClusterId, cancellationToken).ConfigureAwait(false);
            }
            catch (BackupServiceException ex) when (ex.ErrorId != BackupErrorId.Unauthorized)
            {
                if (_log.WantsDump)
                {
                    _log.OnDump($"Job {jobId} started, but reading it failed: {ex.Message}");
                }

                job = new ClusterBackupJob { Id = jobId, Kind = kind, BackupId = backup.Id, Status = JobStatus.Pending, RawStatus = ZillizWire.JobPending, Connection = Connection };
            }

            job.Target = target;

            // The same object: the one-time credential the caller adds to it next is remembered too.
            Connection.Jobs.Remember(job);
            return job;
        }

        private Task<T> SendAsync<T>(HttpMethod method, string pathFormat, string? body, IReadOnlyDictionary<string, string?>? query, CancellationToken cancellationToken, params string[] ids)
            where T : class
        {
            var path = string.Format(CultureInfo.InvariantCulture, pathFormat, ids.Select(Uri.EscapeDataString).Cast<object>().ToArray());
            return SendCoreAsync<T>(new ApiRequest(method, path, body, query, route: pathFormat), cancellationToken);
        }

        private async Task<T> SendCoreAsync<T>(ApiRequest request, CancellationToken cancellationToken)
            where T : class
        {
            var response = await _http.SendAsync(request, _log, cancellationToken).ConfigureAwait(false);
            return ZillizResponseReader.ReadData<T>(response.Content, $"{request.Method} {request.Path}");
        }

        private BackupServiceException NotFound(string backupId, BackupServiceException? inner = null) =>
            new BackupServiceException(BackupErrorId.BackupNotFound, BackupErrorKind.NotFound, $"No backup with id '{Shown.Value(backupId)}' exists" + (Connection.ClusterId is null ? "." : $" for cluster {Connection.ClusterId}.") + (inner is null ? "" : $" {inner.Message}"), backupId, inner)
            {
                RecommendedAction = "Run Get-ClusterBackup to see the backups; pass -ClusterId when the backup belongs to another cluster.",
            }.KeepingServiceFactsOf(inner);

        private static string Made(ClusterBackup backup) => backup.CreatedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "at an unknown time";

        private ClusterBackup ToBackup(ZillizBackupInfo info, Dictionary<(string?, string?, string?), BackupItem>? sharedItems = null) => new ClusterBackup
        {
            Id = info.BackupId ?? "",
            Label = info.BackupName ?? info.BackupId ?? "",
            Status = ZillizStatusMapping.ToBackupStatus(info.Status),
            RawStatus = info.Status,
            Backend = BackendKind.ZillizCloud,
            ClusterId = info.ClusterId,
            ProjectId = info.ProjectId,
            Scope = ZillizStatusMapping.ToScope(info.BackupType),
            CreationMethod = ZillizStatusMapping.ToCreationMethod(info.CreationMethod),
            CreatedAt = ZillizStatusMapping.ParseTime(info.CreateTime),
            ExpiresAt = ZillizStatusMapping.ParseTime(info.ExpireTime),
            SizeBytes = info.Size,
            Items = ZillizStatusMapping.ToItems(info, sharedItems),
            MilvusVersions = ZillizStatusMapping.ToMilvusVersions(info.RestoreNewInstancePolicies),
            RegionId = info.RegionId,
            Connection = Connection,
        };

        private ClusterBackupJob ToJob(ZillizJobInfo info, string? backupId)
        {
            var status = ZillizStatusMapping.ToJobStatus(info.Status);
            return new ClusterBackupJob
            {
                Id = info.JobId ?? "",
                Kind = ZillizStatusMapping.ToJobKind(info.Type),
                BackupId = backupId ?? "",
                Status = status,
                RawStatus = info.Status,
                Progress = ZillizResponseReader.ReadInt(info.Progress),
                StartedAt = ZillizStatusMapping.ParseTime(info.StartTime),
                EndedAt = ZillizStatusMapping.ParseTime(info.EndTime),
                Error = string.IsNullOrEmpty(info.Reason) ? null : info.Reason,
                Connection = Connection,
            };
        }
    }
}
