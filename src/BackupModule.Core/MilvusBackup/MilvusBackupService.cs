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

namespace BackupModule.MilvusBackup
{
    /// <summary>
    /// A self-hosted Milvus's milvus-backup REST server behind the module's cmdlets. Backups are keyed by name; creates
    /// and restores always run asynchronously under ids the module makes (a create's request_id header, a restore's
    /// "id"), so an answer lost on the way is looked up by that id and never sent again. The server keeps its tasks in
    /// memory only: /list (its storage) says which backups exist, get_backup and get_restore how a task is going, and a
    /// task it forgot after a restart is reported as such, never as a success.
    /// </summary>
    internal sealed class MilvusBackupService : IBackupService
    {
        /// <summary>Backups per page of a list; the first page is small so that a look at the first few is quick.</summary>
        private const int FirstPageSize = 10;
        private const int PageSize = 50;

        /// <summary>get_backup reads in flight at once while a page's details are read: a long list is never a request storm.</summary>
        private const int DetailReadsAtOnce = 4;

        private readonly ServiceHttpClient _http;
        private readonly IHttpCallLog _log;
        private readonly MilvusBackupDetailCache _details;

        public MilvusBackupService(BackupConnection connection, IHttpCallLog log)
        {
            Connection = connection;
            _http = connection.Http;
            _log = log;
            _details = MilvusBackupDetailCache.Of(connection);
        }

        public BackupConnection Connection { get; }

        private string Server => Connection.Uri.AbsoluteUri;

        public void ValidateNewBackup(NewBackupRequest request)
        {
            if (request.CopyToRegions.Count > 0)
            {
                throw new BackupServiceException(BackupErrorId.NotSupported, BackupErrorKind.InvalidArgument, "A milvus-backup backup stays in the object storage the server is configured with: -CopyToRegion is for Zilliz Cloud.", request.Subject);
            }

            if (request.Label is not null)
            {
                MilvusBackupNames.BackupName.Validate(request.Label);
            }

            CheckThisServer(request.ClusterId, request.Subject);
            if (request.Database is not null)
            {
                MilvusBackupNames.CheckDatabase(request.Database);
            }

            foreach (var collection in request.Collections)
            {
                MilvusBackupNames.CheckCollection(collection, "Collection");
            }
        }

        /// <summary>
        /// The server checks a name against its storage only after it has answered, and then leaves the task at state 0
        /// forever (C.4a): a name already in /list is refused here, before anything is sent (also under -WhatIf).
        /// </summary>
        public async Task<string?> FindBlockingOperationAsync(NewBackupRequest request, CancellationToken cancellationToken)
        {
            if (request.Label is not null)
            {
                var stored = await ListSummariesAsync(cancellationToken).ConfigureAwait(false);
                RefuseTakenName(request.Label, stored);
            }

            // The server runs backups side by side: nothing else is in the way.
            return null;
        }

        public async Task<ClusterBackup> CreateBackupAsync(NewBackupRequest request, CancellationToken cancellationToken)
        {
            ValidateNewBackup(request);

            // Listed again, right before the POST: the prompt may have waited since FindBlockingOperationAsync looked,
            // and a generated name must miss every stored one.
            var stored = await ListSummariesAsync(cancellationToken).ConfigureAwait(false);
            var name = request.Label ?? MilvusBackupNames.Generated(DateTimeOffset.UtcNow, new HashSet<string>(stored.Select(s => s.Name ?? ""), StringComparer.Ordinal));
            RefuseTakenName(name, stored);

            var taskId = MilvusBackupNames.NewTaskId();
            var filter = FilterFor(request);
            var body = JsonSerializer.Serialize(new MilvusCreateBody { BackupName = name, Filter = filter });
            var asked = DateTimeOffset.UtcNow;
            try
            {
                var answer = await SendAsync(HttpMethod.Post, MilvusBackupWire.CreatePath, body, null, cancellationToken, new Dictionary<string, string> { [MilvusBackupWire.RequestIdHeader] = taskId }).ConfigureAwait(false);
                var echoed = MilvusBackupResponseReader.ReadEnvelope<object>(answer.Content, "POST create").RequestId;
                if (!string.IsNullOrEmpty(echoed) && echoed != taskId)
                {
                    // The request_id header did not arrive (nginx drops underscore headers by default): the server made
                    // its own task id and says it; follow that one.
                    if (_log.WantsDump)
                    {
                        _log.OnDump($"The server answered with task id {echoed}, not the request_id {taskId} the module sent: something between them dropped the header.");
                    }

                    taskId = echoed!;
                }
            }
            catch (BackupServiceException ex) when (ex.MutationOutcomeUnknown)
            {
                // Never resent: look the task up by the id the module gave it (then by name, in case the header was dropped).
                taskId = await FindStartedBackupTaskAsync(taskId, name, asked, cancellationToken).ConfigureAwait(false)
                    ?? throw new BackupServiceException(
                        BackupErrorId.CreateOutcomeUnknown,
                        BackupErrorKind.OutcomeUnknown,
                        $"The request to create backup '{name}' failed in a way that does not tell whether milvus-backup started it ({ex.Message}), and the server knows no task for it. It was not sent again.",
                        name,
                        ex)
                    {
                        RecommendedAction = $"Run Get-ClusterBackup -Label {name} in a while to check (a backup shows once it is finished), then create it again if it is not there.",
                    };
            }
            catch (BackupServiceException ex)
            {
                throw ex.About(name);
            }

            _details.SetScope(name, taskId, filter is null ? BackupScope.Cluster : BackupScope.Collection);
            Connection.Jobs.Record(name, taskId);
            Connection.Jobs.Remember(new ClusterBackupJob { Id = taskId, Kind = JobKind.Backup, BackupId = name, Target = Server, Connection = Connection });

            try
            {
                return FromTask(await GetBriefAsync(MilvusBackupWire.BackupIdQuery, taskId, cancellationToken).ConfigureAwait(false), name, taskId);
            }
            catch (BackupServiceException ex) when (ex.Kind != BackupErrorKind.Authentication)
            {
                // The backup was started; a failed look at its task must not read as a failed create.
                if (_log.WantsDump)
                {
                    _log.OnDump($"Backup {name} started as task {taskId}, but reading the task failed: {ex.Message}");
                }

                return new ClusterBackup
                {
                    Id = name,
                    Label = name,
                    Status = BackupStatus.Pending,
                    RawStatus = MilvusBackupStatusMapping.RawState(MilvusBackupWire.StateInitial),
                    Backend = BackendKind.MilvusBackup,
                    ClusterId = Server,
                    Scope = _details.ScopeOf(name, taskId),
                    CreationMethod = CreationMethod.Manual,
                    CreatedAt = MilvusBackupNames.CreatedAtOf(taskId) ?? asked,
                    JobId = taskId,
                    Connection = Connection,
                };
            }
        }

        /// <summary>
        /// /list (one body: every finished backup, in the storage's order), then each backup's details from get_backup, a
        /// page at a time with at most <see cref="DetailReadsAtOnce"/> reads in flight, and only for the backups the query
        /// (and its -Label hint) keeps. A stored backup's details are read once per connection.
        /// </summary>
        public async IAsyncEnumerable<IReadOnlyList<ClusterBackup>> ListBackupPagesAsync(BackupQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            if (!IsThisServer(query.ClusterId) || query.CreationMethod == CreationMethod.Auto)
            {
                // One server per connection, and no schedule: nothing else to list.
                yield break;
            }

            var wanted = (await ListSummariesAsync(cancellationToken).ConfigureAwait(false))
                .Where(s => !string.IsNullOrEmpty(s.Name)
                    && (query.IdPrefix is null || s.Name!.StartsWith(query.IdPrefix, StringComparison.Ordinal))
                    && (query.Label is null || query.Label.IsMatch(s.Name)))
                .ToArray();
            using var gate = new SemaphoreSlim(DetailReadsAtOnce, DetailReadsAtOnce);
            for (var start = 0; start < wanted.Length;)
            {
                var size = Math.Min(start == 0 ? FirstPageSize : PageSize, wanted.Length - start);
                var page = new ArraySegment<MilvusBackupSummary>(wanted, start, size).Select(s => DescribeStoredAsync(s, gate, cancellationToken)).ToArray();
                start += size;
                var backups = await Task.WhenAll(page).ConfigureAwait(false);
                yield return backups.Where(b => b is not null && query.Matches(b)).Select(b => b!).ToArray();
            }
        }

        public async Task<ClusterBackup> GetBackupAsync(string backupId, string? clusterId, CancellationToken cancellationToken)
        {
            MilvusBackupNames.CheckLookup(backupId, "Id");
            CheckThisServer(clusterId, backupId);
            MilvusBackupBrief brief;
            try
            {
                brief = await GetBriefAsync(MilvusBackupWire.BackupNameQuery, backupId, cancellationToken).ConfigureAwait(false);
            }
            catch (BackupServiceException ex) when (ex.ErrorId == BackupErrorId.BackupNotFound)
            {
                // The task that made it succeeded, but its backup is gone from storage (deleted).
                throw NotFound(backupId, ex);
            }

            if (brief.Name == backupId && brief.StateCode == MilvusBackupWire.StateSuccess)
            {
                var details = DetailsFrom(brief);
                _details.Set(backupId, brief.Id, details);
                return Stored(new MilvusBackupSummary { Id = brief.Id, Name = backupId, Size = brief.Size, MilvusVersion = brief.MilvusVersion }, details);
            }

            // Storage decides whether it exists: a task the server never ran (an empty answer), or one of that name that
            // is still running or failed, says nothing about a stored backup of that name.
            var summary = (await ListSummariesAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(s => s.Name == backupId);
            if (summary is not null)
            {
                return Stored(summary, _details.TryGet(backupId, summary.Id, out var known) ? known : null);
            }

            if (brief.Name == backupId)
            {
                return FromTask(brief, backupId, brief.Id);
            }

            throw NotFound(backupId, null);
        }

        public void ValidateRestore(ClusterBackup backup, RestoreRequest request)
        {
            if (request.Target == RestoreTarget.NewCluster)
            {
                throw new BackupServiceException(BackupErrorId.NotSupported, BackupErrorKind.InvalidArgument, "A milvus-backup server restores into the Milvus it serves: -NewClusterName, -CuSize and -ProjectId are for Zilliz Cloud. Restore beside the originals with -Suffix instead.", backup.Id);
            }

            if (request.DestinationClusterId is not null || request.Load)
            {
                throw new BackupServiceException(BackupErrorId.NotSupported, BackupErrorKind.InvalidArgument, "-DestinationClusterId and -Load are for Zilliz Cloud: a milvus-backup server restores into its own Milvus and has no load option.", backup.Id);
            }

            if (request.Suffix is not null)
            {
                MilvusBackupNames.CheckSuffix(request.Suffix);
            }

            if (request.DestinationCollectionName is not null)
            {
                if (request.Collections.Count != 1)
                {
                    throw new BackupServiceException(BackupErrorId.InvalidArgument, BackupErrorKind.InvalidArgument, "-DestinationCollectionName renames one collection: name exactly one -Collection.", backup.Id);
                }

                if (request.Suffix is not null)
                {
                    throw new BackupServiceException(BackupErrorId.InvalidArgument, BackupErrorKind.InvalidArgument, "Give -Suffix or -DestinationCollectionName, not both: the server would rename and ignore the suffix.", backup.Id);
                }

                MilvusBackupNames.CheckCollection(request.DestinationCollectionName, "DestinationCollectionName");
            }

            if (request.DestinationDatabase is not null)
            {
                MilvusBackupNames.CheckDatabase(request.DestinationDatabase);
            }

            if (request.Database is not null)
            {
                MilvusBackupNames.CheckDatabase(request.Database);
                if (request.Target == RestoreTarget.SameCluster && backup.Items.Count > 0 && !backup.Items.Any(i => DatabaseOf(i.Name) == request.Database))
                {
                    throw new BackupServiceException(BackupErrorId.InvalidArgument, BackupErrorKind.InvalidArgument, $"Backup {backup.Id} holds no collection of database '{request.Database}': it holds {string.Join(", ", backup.Items.Select(i => i.Name))}.", request.Database);
                }
            }

            foreach (var collection in request.Collections)
            {
                MilvusBackupNames.CheckCollection(collection, "Collection");
                SourceOf(backup, collection, request.Database);
            }

            foreach (var (_, target) in Targets(backup, request))
            {
                if (target.Length - target.IndexOf('.') - 1 > MilvusBackupNames.MaxCollectionNameLength)
                {
                    throw new BackupServiceException(BackupErrorId.InvalidArgument, BackupErrorKind.InvalidArgument, $"The restored name '{Shown.Value(target)}' would be longer than Milvus allows ({MilvusBackupNames.MaxCollectionNameLength}): use a shorter -Suffix.", backup.Id);
                }
            }
        }

        /// <summary>
        /// milvus-backup cannot show which collections Milvus has [?], so an overwrite cannot be ruled out before the
        /// prompt: a restore under the original names without -DropExisting gets a warning; the server's refusal
        /// ("collection already exist") comes back as DestinationCollectionExists.
        /// </summary>
        public Task<string?> CheckRestoreAsync(ClusterBackup backup, RestoreRequest request, CancellationToken cancellationToken)
        {
            if (request.DropExisting || request.Suffix is not null || request.DestinationCollectionName is not null || request.DestinationDatabase is not null)
            {
                return Task.FromResult<string?>(null);
            }

            var targets = Targets(backup, request).Select(t => t.Target).ToArray();
            var what = targets.Length == 0 ? "a collection of the backup" : string.Join(", ", targets);
            return Task.FromResult<string?>(
                $"milvus-backup cannot show which collections Milvus already has, so this was not checked: if Milvus has {what}, the restore fails (DestinationCollectionExists). "
                + "-Suffix or -DestinationCollectionName restore beside it; -DropExisting replaces it.");
        }

        public string DescribeRestore(ClusterBackup backup, RestoreRequest request)
        {
            var targets = Targets(backup, request);
            var what = targets.Count == 0
                ? (request.Database is null ? "every collection" : $"every collection of database {request.Database}") + (request.Suffix is null ? "" : $" (names ending in {request.Suffix})")
                : string.Join(", ", targets.Select(t => t.Source == t.Target ? t.Source : $"{t.Source} as {t.Target}"));
            var made = backup.CreatedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "at an unknown time";
            var text = $"Restore {what} from backup {backup.Label} made {made} into the Milvus behind {Server}";
            return request.DropExisting
                ? text + ". -DropExisting: an existing collection of a restored name is DROPPED first, and its data is destroyed"
                : text;
        }

        public async Task<IReadOnlyList<ClusterBackupJob>> RestoreBackupAsync(ClusterBackup backup, RestoreRequest request, CancellationToken cancellationToken)
        {
            ValidateRestore(backup, request);
            var restoreId = MilvusBackupNames.NewRestoreId();
            var body = RestoreBodyFor(backup, request, restoreId);
            var targets = Targets(backup, request);
            var target = targets.Count == 0 ? Server : string.Join(", ", targets.Select(t => t.Target));
            MilvusRestoreTask? started;
            try
            {
                var answer = await SendAsync(HttpMethod.Post, MilvusBackupWire.RestorePath, JsonSerializer.Serialize(body), null, cancellationToken).ConfigureAwait(false);
                started = MilvusBackupResponseReader.ReadEnvelope<MilvusRestoreTask>(answer.Content, "POST restore").Data;
            }
            catch (BackupServiceException ex) when (ex.MutationOutcomeUnknown)
            {
                // The restore has the module's own id: whether the server started it can be asked, and it is never resent.
                started = await FindStartedRestoreAsync(restoreId, cancellationToken).ConfigureAwait(false)
                    ?? throw new BackupServiceException(
                        BackupErrorId.RestoreOutcomeUnknown,
                        BackupErrorKind.OutcomeUnknown,
                        $"The request to restore backup {backup.Id} failed in a way that does not tell whether milvus-backup started it ({ex.Message}), and the server knows no restore {restoreId}. It was not sent again.",
                        backup.Id,
                        ex)
                    {
                        RecommendedAction = $"Run Get-ClusterBackupJob -Id {restoreId} in a moment to check, and look at Milvus's collections before restoring again.",
                    };
            }
            catch (BackupServiceException ex)
            {
                throw ex.About(backup.Id);
            }

            Connection.Jobs.Record(backup.Id, restoreId);
            var job = ToRestoreJob(started ?? new MilvusRestoreTask { Id = restoreId }, restoreId, backup.Id);
            job.Target = target;
            Connection.Jobs.Remember(job);

            // The server checks the target names only once the task runs: read it once, so a refusal that came at once
            // ("collection already exist") is an error now rather than a job that failed later.
            try
            {
                job = await GetJobAsync(restoreId, backup.Id, null, cancellationToken).ConfigureAwait(false);
            }
            catch (BackupServiceException ex) when (ex.Kind != BackupErrorKind.OutcomeUnknown)
            {
                if (_log.WantsDump)
                {
                    _log.OnDump($"Restore {restoreId} started, but reading it failed: {ex.Message}");
                }
            }

            if (job.Failure is { ErrorId: BackupErrorId.DestinationCollectionExists } exists)
            {
                throw exists;
            }

            return new[] { job };
        }

        public async Task<IReadOnlyList<ClusterBackupJob>> GetJobsAsync(string backupId, string? clusterId, CancellationToken cancellationToken)
        {
            // The server lists no tasks: these are the ones this connection started for the backup.
            var jobs = new List<ClusterBackupJob>();
            foreach (var jobId in Connection.Jobs.For(backupId).Distinct())
            {
                jobs.Add(await GetJobAsync(jobId, backupId, clusterId, cancellationToken).ConfigureAwait(false));
            }

            return jobs;
        }

        public async Task<ClusterBackupJob> GetJobAsync(string jobId, string? backupId, string? clusterId, CancellationToken cancellationToken)
        {
            MilvusBackupNames.CheckLookup(jobId, "Id");
            var started = Connection.Jobs.Started(jobId);
            var seenAs = Connection.Jobs.BackupOf(jobId);
            var backupName = backupId ?? seenAs;
            var isRestore = started?.Kind == JobKind.Restore || (started is null && jobId.StartsWith(MilvusBackupWire.RestoreIdPrefix, StringComparison.Ordinal));
            ClusterBackupJob job;
            try
            {
                if (isRestore)
                {
                    job = ToRestoreJob(await GetRestoreTaskAsync(jobId, cancellationToken).ConfigureAwait(false), jobId, backupName);
                }
                else
                {
                    job = ToBackupJob(await GetBriefAsync(MilvusBackupWire.BackupIdQuery, jobId, cancellationToken).ConfigureAwait(false), jobId, backupName);
                }
            }
            catch (BackupServiceException ex) when (ex.ErrorId == BackupErrorId.JobNotFound)
            {
                if (seenAs is null)
                {
                    throw new BackupServiceException(BackupErrorId.JobNotFound, BackupErrorKind.NotFound, $"milvus-backup has no task '{Shown.Value(jobId)}': {ex.Message}", jobId, ex);
                }

                // Seen before (this connection started or read it): the server forgot it, so it restarted.
                job = isRestore ? throw ForgottenRestore(jobId, backupName ?? seenAs, ex) : await ForgottenBackupAsync(jobId, backupName ?? seenAs, ex, cancellationToken).ConfigureAwait(false);
            }

            if (seenAs is null)
            {
                // Seen now: should the server forget it later, that is a restart, not an unknown id.
                Connection.Jobs.Record(job.BackupId, jobId);
            }

            return started is null ? job : job.KeepingFactsOf(started);
        }

        public string DescribeRemoval(ClusterBackup backup) =>
            $"Delete backup {backup.Label} ({(backup.Items.Count == 0 ? "its collections" : string.Join(", ", backup.Items.Select(i => i.Name)))}) from milvus-backup's storage permanently: a deleted backup cannot be recovered";

        public async Task RemoveBackupAsync(ClusterBackup backup, CancellationToken cancellationToken)
        {
            try
            {
                // Synchronous on the server; its answer carries nothing but the outcome.
                await SendAsync(HttpMethod.Delete, MilvusBackupWire.DeletePath, null, new Dictionary<string, string?> { [MilvusBackupWire.BackupNameQuery] = backup.Id }, cancellationToken).ConfigureAwait(false);
            }
            catch (BackupServiceException ex) when (ex.ErrorId == BackupErrorId.BackupNotFound)
            {
                throw NotFound(backup.Id, ex);
            }
            catch (BackupServiceException ex)
            {
                throw ex.About(backup.Id);
            }
        }

        public Task<ClusterBackupJob> ExportBackupAsync(ClusterBackup backup, ExportRequest request, CancellationToken cancellationToken) =>
            throw new BackupServiceException(
                BackupErrorId.NotSupported,
                BackupErrorKind.InvalidOperation,
                $"A milvus-backup backup is already files in the object storage the server is configured with (backup.yaml: minio bucket and backupRootPath): copy backup {backup.Id}'s folder with that storage's own tools.",
                backup.Id);

        public Task<BackupPolicy> GetPolicyAsync(string? clusterId, CancellationToken cancellationToken) => throw NoSchedule();

        public Task<BackupPolicy> SetPolicyAsync(BackupPolicyChange change, CancellationToken cancellationToken) => throw NoSchedule();

        private BackupServiceException NoSchedule() =>
            new BackupServiceException(BackupErrorId.NotSupported, BackupErrorKind.InvalidOperation, $"The milvus-backup server at {Server} has no backup schedule: run New-ClusterBackup from a scheduled task instead (with {MilvusBackupConnectionSettings.UrlVariable} set).", Server);

        private static Dictionary<string, MilvusCollFilter>? FilterFor(NewBackupRequest request)
        {
            if (request.Collections.Count == 0 && request.Database is null)
            {
                return null;
            }

            // A whole database is ["*"]: an empty list would back up none of its collections.
            var collections = request.Collections.Count == 0 ? new List<string> { MilvusBackupWire.AllCollections } : request.Collections.Distinct(StringComparer.Ordinal).ToList();
            return new Dictionary<string, MilvusCollFilter>(StringComparer.Ordinal)
            {
                [request.Database ?? MilvusBackupWire.DefaultDatabase] = new MilvusCollFilter { Colls = collections },
            };
        }

        private static MilvusRestoreBody RestoreBodyFor(ClusterBackup backup, RestoreRequest request, string restoreId)
        {
            var body = new MilvusRestoreBody
            {
                BackupName = backup.Id,
                Id = restoreId,
                CollectionSuffix = request.Suffix,
                DropExistCollection = request.DropExisting ? true : (bool?)null,
            };
            if (request.Target == RestoreTarget.Collections)
            {
                body.CollectionNames = request.Collections.Select(c => SourceOf(backup, c, request.Database)).Distinct(StringComparer.Ordinal).ToList();
                if (request.DestinationCollectionName is not null || request.DestinationDatabase is not null)
                {
                    // Renames ("db.coll" → "db.new", the server's rule 2) win over a suffix there, so the suffix goes into them.
                    body.CollectionRenames = Targets(backup, request).ToDictionary(t => t.Source, t => t.Target, StringComparer.Ordinal);
                    body.CollectionSuffix = null;
                }
            }
            else if (request.Database is not null)
            {
                // An empty list in a restore's db_collections is every collection of that database.
                body.DbCollections = new Dictionary<string, List<string>>(StringComparer.Ordinal) { [request.Database] = new List<string>() };
            }

            return body;
        }

        /// <summary>Source and target "db.collection" names of a restore, where the backup's collections are known.</summary>
        private static IReadOnlyList<(string Source, string Target)> Targets(ClusterBackup backup, RestoreRequest request)
        {
            var sources = request.Target == RestoreTarget.Collections
                ? request.Collections.Select(c => SourceOf(backup, c, request.Database)).Distinct(StringComparer.Ordinal)
                : backup.Items.Select(i => i.Name).Where(n => request.Database is null || DatabaseOf(n) == request.Database);
            return sources
                .Select(s => (s, (request.DestinationDatabase ?? DatabaseOf(s)) + "." + (request.DestinationCollectionName ?? s.Substring(s.IndexOf('.') + 1) + request.Suffix)))
                .ToArray();
        }

        /// <summary>The "db.collection" a -Collection names: in -Database when given, else the one database of the backup that holds it.</summary>
        private static string SourceOf(ClusterBackup backup, string collection, string? database)
        {
            if (database is not null || backup.Items.Count == 0)
            {
                var qualified = (database ?? MilvusBackupWire.DefaultDatabase) + "." + collection;
                if (backup.Items.Count > 0 && !backup.Items.Any(i => i.Name == qualified))
                {
                    throw NotInBackup(backup, collection, database);
                }

                return qualified;
            }

            var holders = backup.Items.Where(i => i.Name.Substring(i.Name.IndexOf('.') + 1) == collection).Select(i => i.Name).ToArray();
            return holders.Length switch
            {
                1 => holders[0],
                0 => throw NotInBackup(backup, collection, null),
                _ => throw new BackupServiceException(BackupErrorId.InvalidArgument, BackupErrorKind.InvalidArgument, $"Backup {backup.Id} holds '{collection}' in several databases ({string.Join(", ", holders)}): choose one with -Database.", collection),
            };
        }

        private static BackupServiceException NotInBackup(ClusterBackup backup, string collection, string? database) =>
            new BackupServiceException(
                BackupErrorId.InvalidArgument,
                BackupErrorKind.InvalidArgument,
                $"Backup {backup.Id} holds no collection '{collection}'" + (database is null ? "" : $" in database '{database}'") + $": it holds {string.Join(", ", backup.Items.Select(i => i.Name))}.",
                collection);

        private static string DatabaseOf(string qualified) => qualified.Substring(0, Math.Max(0, qualified.IndexOf('.')));

        private void RefuseTakenName(string name, IReadOnlyList<MilvusBackupSummary> stored)
        {
            if (stored.Any(s => s.Name == name))
            {
                throw new BackupServiceException(
                    BackupErrorId.BackupExists,
                    BackupErrorKind.ResourceExists,
                    $"A backup named '{name}' is already in milvus-backup's storage at {Server}; nothing was sent. (The server would accept the request and then leave its task at state 0 forever.)",
                    name)
                {
                    RecommendedAction = $"Choose another -Label, or remove the old backup first (Remove-ClusterBackup -Id {name}).",
                };
            }
        }

        private void CheckThisServer(string? clusterId, object target)
        {
            if (!IsThisServer(clusterId))
            {
                throw new BackupServiceException(BackupErrorId.InvalidArgument, BackupErrorKind.InvalidArgument, $"-ClusterId '{Shown.Value(clusterId)}' is not this milvus-backup server ({Server}): a connection reaches one server only.", target);
            }
        }

        private bool IsThisServer(string? clusterId) =>
            clusterId is null || string.Equals(clusterId.TrimEnd('/'), Server.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

        private async Task<IReadOnlyList<MilvusBackupSummary>> ListSummariesAsync(CancellationToken cancellationToken)
        {
            var answer = await SendAsync(HttpMethod.Get, MilvusBackupWire.ListPath, null, null, cancellationToken).ConfigureAwait(false);
            return MilvusBackupResponseReader.ReadEnvelope<List<MilvusBackupSummary>>(answer.Content, "GET list").Data ?? new List<MilvusBackupSummary>();
        }

        private async Task<MilvusBackupBrief> GetBriefAsync(string query, string value, CancellationToken cancellationToken)
        {
            var answer = await SendAsync(HttpMethod.Get, MilvusBackupWire.GetBackupPath, null, new Dictionary<string, string?> { [query] = value }, cancellationToken).ConfigureAwait(false);
            return MilvusBackupResponseReader.ReadData<MilvusBackupBrief>(answer.Content, "GET get_backup");
        }

        /// <summary>A listed backup with its details: from the cache, else one get_backup (waiting its turn at <paramref name="gate"/>); null when it was deleted meanwhile.</summary>
        private async Task<ClusterBackup?> DescribeStoredAsync(MilvusBackupSummary summary, SemaphoreSlim gate, CancellationToken cancellationToken)
        {
            var name = summary.Name!;
            if (_details.TryGet(name, summary.Id, out var cached))
            {
                return Stored(summary, cached);
            }

            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var brief = await GetBriefAsync(MilvusBackupWire.BackupNameQuery, name, cancellationToken).ConfigureAwait(false);

                // Trusted only from the task that made this very backup: a later, refused create of the same name (left at
                // state 0) or another process's task says nothing about it.
                var madeIt = brief.StateCode == MilvusBackupWire.StateSuccess && brief.Name == name && (string.IsNullOrEmpty(summary.Id) || string.IsNullOrEmpty(brief.Id) || brief.Id == summary.Id);
                var details = madeIt ? DetailsFrom(brief) : StoredBackupDetails.Unknown;
                _details.Set(name, summary.Id, details);
                return Stored(summary, details);
            }
            catch (BackupServiceException ex) when (ex.ErrorId == BackupErrorId.BackupNotFound)
            {
                return null;
            }
            catch (BackupServiceException ex) when (ex.Kind != BackupErrorKind.Authentication)
            {
                // The backup is in storage; its details could not be read now (not kept, so the next list tries again).
                if (_log.WantsDump)
                {
                    _log.OnDump($"Backup {name} is listed, but reading its details failed: {ex.Message}");
                }

                return Stored(summary, null);
            }
            finally
            {
                gate.Release();
            }
        }

        private static StoredBackupDetails DetailsFrom(MilvusBackupBrief brief) => new StoredBackupDetails
        {
            CreatedAt = MilvusBackupStatusMapping.Time(brief.StartTime),
            Items = MilvusBackupStatusMapping.ToItems(brief),
            FromTask = true,
        };

        /// <summary>A backup in storage: Ready, whatever the server's tasks say.</summary>
        private ClusterBackup Stored(MilvusBackupSummary summary, StoredBackupDetails? details)
        {
            var name = summary.Name ?? "";
            return new ClusterBackup
            {
                Id = name,
                Label = name,
                Status = BackupStatus.Ready,
                RawStatus = details?.FromTask == true ? MilvusBackupStatusMapping.RawState(MilvusBackupWire.StateSuccess) : null,
                Backend = BackendKind.MilvusBackup,
                ClusterId = Server,
                Scope = _details.ScopeOf(name, summary.Id),
                CreationMethod = CreationMethod.Manual,

                // The task's start; else the time in the module's own task id (a version 7 UUID) once the server forgot the task.
                CreatedAt = details?.CreatedAt ?? MilvusBackupNames.CreatedAtOf(summary.Id),
                SizeBytes = summary.Size,
                SourceVersion = string.IsNullOrEmpty(summary.MilvusVersion) ? null : summary.MilvusVersion,
                Items = details?.Items ?? Array.Empty<BackupItem>(),
                JobId = string.IsNullOrEmpty(summary.Id) ? null : summary.Id,
                Connection = Connection,
            };
        }

        /// <summary>A backup seen through its task (running, failed, or not yet in storage).</summary>
        private ClusterBackup FromTask(MilvusBackupBrief brief, string name, string? taskId)
        {
            var id = string.IsNullOrEmpty(brief.Id) ? taskId : brief.Id;
            return new ClusterBackup
            {
                Id = name,
                Label = name,
                Status = MilvusBackupStatusMapping.ToBackupStatus(brief.StateCode),
                RawStatus = MilvusBackupStatusMapping.RawState(brief.StateCode),
                Backend = BackendKind.MilvusBackup,
                ClusterId = Server,
                Scope = _details.ScopeOf(name, id),
                CreationMethod = CreationMethod.Manual,
                CreatedAt = MilvusBackupStatusMapping.Time(brief.StartTime) ?? MilvusBackupNames.CreatedAtOf(id),
                SizeBytes = brief.StateCode == MilvusBackupWire.StateSuccess ? brief.Size : (long?)null,
                SourceVersion = string.IsNullOrEmpty(brief.MilvusVersion) ? null : brief.MilvusVersion,
                Items = MilvusBackupStatusMapping.ToItems(brief),
                Error = string.IsNullOrEmpty(brief.ErrorMessage) ? null : brief.ErrorMessage,
                JobId = id,
                Connection = Connection,
            };
        }

        private ClusterBackupJob ToBackupJob(MilvusBackupBrief brief, string jobId, string? backupName) =>
            ToJob(brief, JobKind.Backup, jobId, string.IsNullOrEmpty(brief.Name) ? backupName : brief.Name, Server, MilvusBackupStatusMapping.ToItems(brief));

        private ClusterBackupJob ToRestoreJob(MilvusRestoreTask task, string jobId, string? backupName) =>
            ToJob(task, JobKind.Restore, jobId, backupName, null, MilvusBackupStatusMapping.ToItems(task));

        private ClusterBackupJob ToJob(MilvusTaskFields task, JobKind kind, string jobId, string? backupName, string? target, IReadOnlyList<BackupItem> items)
        {
            var job = new ClusterBackupJob
            {
                Id = string.IsNullOrEmpty(task.Id) ? jobId : task.Id!,
                Kind = kind,
                BackupId = backupName ?? "",
                Target = target,
                Status = MilvusBackupStatusMapping.ToJobStatus(task.StateCode),
                RawStatus = MilvusBackupStatusMapping.RawState(task.StateCode),
                Progress = task.Progress,
                StartedAt = MilvusBackupStatusMapping.Time(task.StartTime),
                EndedAt = MilvusBackupStatusMapping.Time(task.EndTime),
                Error = string.IsNullOrEmpty(task.ErrorMessage) ? null : task.ErrorMessage,
                Items = items,
                Connection = Connection,
            };
            Explain(job);
            return job;
        }

        /// <summary>What a wait should say about this state: a refusal the module knows, or the warning for state 0.</summary>
        private static void Explain(ClusterBackupJob job)
        {
            if (job.Status == JobStatus.Failed && job.Error is { } error && error.IndexOf(MilvusBackupWire.CollectionExistsMarker, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                job.Failure = new BackupServiceException(
                    BackupErrorId.DestinationCollectionExists,
                    BackupErrorKind.InvalidOperation,
                    $"milvus-backup did not restore backup {job.BackupId}: Milvus already has a collection of a restored name, and a restore never overwrites one unless told to ({error}). "
                    + "Restore beside it with -Suffix (e.g. -Suffix _restored) or -DestinationCollectionName, or replace it with -DropExisting (its data is destroyed).",
                    job.BackupId.Length == 0 ? job.Id : job.BackupId)
                {
                    RecommendedAction = "Run Restore-ClusterBackup again with -Suffix, -DestinationCollectionName or -DropExisting.",
                };
            }

            if (job.RawStatus == MilvusBackupStatusMapping.RawState(MilvusBackupWire.StateInitial))
            {
                job.WarningOnTimeout =
                    $"milvus-backup's task {job.Id} never left state 0 (INITIAL). The server may have failed before starting it: it records no failure when its own checks or its connection to Milvus or the object storage fail at start (a backup name already in storage, Milvus unreachable), and the task stays at 0 forever. See the server's log.";
            }
        }

        /// <summary>A backup task the server no longer knows: its backup in storage means it finished; else nobody can say.</summary>
        private async Task<ClusterBackupJob> ForgottenBackupAsync(string jobId, string backupName, BackupServiceException forgotten, CancellationToken cancellationToken)
        {
            var summary = (await ListSummariesAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(s => s.Name == backupName);
            if (summary is null)
            {
                throw new BackupServiceException(
                    BackupErrorId.CreateOutcomeUnknown,
                    BackupErrorKind.OutcomeUnknown,
                    $"milvus-backup no longer knows task {jobId} of backup {backupName} (it restarted: tasks live in its memory), and the backup is not in its storage: it most likely ended with the server. It was not sent again.",
                    backupName,
                    forgotten)
                {
                    RecommendedAction = $"Check with Get-ClusterBackup -Label {backupName}; back up again under that name if it is not there.",
                };
            }

            // /list shows only backups whose meta was written, which is their last step: this one is complete.
            return new ClusterBackupJob
            {
                Id = jobId,
                Kind = JobKind.Backup,
                BackupId = backupName,
                Target = Server,
                Status = JobStatus.Succeeded,
                RawStatus = null,
                StartedAt = MilvusBackupNames.CreatedAtOf(summary.Id ?? jobId),
                Connection = Connection,
            };
        }

        private static BackupServiceException ForgottenRestore(string jobId, string backupName, BackupServiceException forgotten) =>
            new BackupServiceException(
                BackupErrorId.RestoreOutcomeUnknown,
                BackupErrorKind.OutcomeUnknown,
                $"milvus-backup no longer knows restore {jobId} of backup {backupName} (it restarted: tasks live in its memory). Whether the restore finished is unknown; it was not sent again.",
                jobId,
                forgotten)
            {
                RecommendedAction = "Look at Milvus's collections (e.g. with the Milvus CLI or Attu) before restoring again; use -Suffix or -DropExisting if a partial copy is in the way.",
            };

        private async Task<string?> FindStartedBackupTaskAsync(string taskId, string name, DateTimeOffset asked, CancellationToken cancellationToken)
        {
            try
            {
                var byId = await GetBriefAsync(MilvusBackupWire.BackupIdQuery, taskId, cancellationToken).ConfigureAwait(false);
                return string.IsNullOrEmpty(byId.Id) ? taskId : byId.Id;
            }
            catch (BackupServiceException ex) when (ex.ErrorId == BackupErrorId.JobNotFound)
            {
                // Not under the module's id: the header may have been dropped on the way, so look by name.
            }
            catch (BackupServiceException)
            {
                return null;
            }

            try
            {
                var byName = await GetBriefAsync(MilvusBackupWire.BackupNameQuery, name, cancellationToken).ConfigureAwait(false);
                var startedSinceAsked = MilvusBackupStatusMapping.Time(byName.StartTime) is DateTimeOffset start && start >= asked - TimeSpan.FromMinutes(1);
                return byName.Name == name && !string.IsNullOrEmpty(byName.Id) && startedSinceAsked ? byName.Id : null;
            }
            catch (BackupServiceException)
            {
                return null;
            }
        }

        private async Task<MilvusRestoreTask?> FindStartedRestoreAsync(string restoreId, CancellationToken cancellationToken)
        {
            try
            {
                return await GetRestoreTaskAsync(restoreId, cancellationToken).ConfigureAwait(false);
            }
            catch (BackupServiceException)
            {
                return null;
            }
        }

        private async Task<MilvusRestoreTask> GetRestoreTaskAsync(string restoreId, CancellationToken cancellationToken)
        {
            var answer = await SendAsync(HttpMethod.Get, MilvusBackupWire.GetRestorePath, null, new Dictionary<string, string?> { [MilvusBackupWire.RestoreIdQuery] = restoreId }, cancellationToken).ConfigureAwait(false);
            return MilvusBackupResponseReader.ReadData<MilvusRestoreTask>(answer.Content, "GET get_restore");
        }

        private BackupServiceException NotFound(string backupId, BackupServiceException? inner) =>
            new BackupServiceException(BackupErrorId.BackupNotFound, BackupErrorKind.NotFound, $"No backup named '{Shown.Value(backupId)}' is in milvus-backup's storage at {Server}." + (inner is null ? "" : $" {inner.Message}"), backupId, inner)
            {
                RecommendedAction = "Run Get-ClusterBackup to see the backups (a backup shows once it is finished).",
            }.KeepingServiceFactsOf(inner);

        private Task<ApiResponse> SendAsync(HttpMethod method, string path, string? body, IReadOnlyDictionary<string, string?>? query, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? headers = null) =>
            _http.SendAsync(new ApiRequest(method, path, body, query, headers: headers), _log, cancellationToken);
    }
}
