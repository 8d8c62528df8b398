using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;

namespace BackupModule.Emulator;

/// <summary>
/// The emulated Zilliz Cloud control plane (REST API v2): one project with Dedicated clusters, their
/// backups, restore/export jobs and backup policies, the per-key rate limit, and the controls tests use.
/// </summary>
public sealed partial class ZillizCloudService : IEmulatedBackend, IJobControls
{
    /// <summary>Every Zilliz path starts with this; the API sits at the emulator's root.</summary>
    public const string ApiPath = "/v2";

    /// <summary>Where the emulator serves each cluster's data plane: connectAddress = host + this + "/" + cluster id. [?] real ones are per-cluster hosts.</summary>
    public const string ClusterEndpointPath = "/cluster-endpoints";

    // [?] A collection named without its database is in Milvus's default one.
    private const string DefaultDatabase = "default";

    // [?] Backup sizes are made up: a fixed amount per collection, so that they are non-zero and repeatable.
    private const long BytesPerCollection = 64L * 1024 * 1024;

    // [?] How long seeded AUTO backups are said to be kept (the documented maximum retention).
    private static readonly TimeSpan AutoBackupRetention = TimeSpan.FromDays(30);

    private readonly object _gate = new();
    private readonly CredentialSet _credentials;
    private readonly ZillizRateLimiter _rateLimiter;
    private readonly EmulatorStateFile? _stateFile;
    private readonly int _seedBackups;
    private ZillizState _state;
    private TimeSpan _backupDuration;
    private TimeSpan _restoreDuration;
    private string? _nextBackupFailure;
    private string? _nextRestoreFailure;
    private ZillizCollectionsShape _collectionsShape;

    internal ZillizCloudService(ZillizEmulatorOptions options, EmulatorStateFile? stateFile)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.SeedBackups);
        _credentials = new CredentialSet(options.ApiKeys, options.NoPermissionApiKeys, ZillizEmulatorOptions.DefaultApiKey, CredentialSet.ExtractBearer);
        _rateLimiter = new ZillizRateLimiter(options.RequestsPerSecond);
        BackupDuration = options.BackupDuration;
        RestoreDuration = options.RestoreDuration;
        CollectionsShape = options.CollectionsShape;
        _seedBackups = options.SeedBackups;
        _stateFile = stateFile;

        var saved = stateFile is null ? null : ZillizStatePersistence.Load(stateFile);
        _state = saved ?? InitialState(_seedBackups, DateTimeOffset.UtcNow);
        if (saved is null && _seedBackups > 0)
        {
            // Written at once so that a restart shows the same seeded backups, not new ones [?].
            Save();
        }
    }

    /// <summary>True when the only accepted full-permission API key is the documented default one.</summary>
    public bool UsesDefaultApiKey => _credentials.UsesDefault;

    /// <summary>How long new backup and export jobs take; running jobs keep their own duration.</summary>
    public TimeSpan BackupDuration
    {
        get => ReadUnderGate(ref _backupDuration);
        set => WriteUnderGate(ref _backupDuration, NotNegative(value));
    }

    /// <summary>How long new restore jobs take; running jobs keep their own duration.</summary>
    public TimeSpan RestoreDuration
    {
        get => ReadUnderGate(ref _restoreDuration);
        set => WriteUnderGate(ref _restoreDuration, NotNegative(value));
    }

    /// <summary>How backups show their collections from now on (list and describe).</summary>
    public ZillizCollectionsShape CollectionsShape
    {
        get => ReadUnderGate(ref _collectionsShape);
        set => WriteUnderGate(ref _collectionsShape, Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Not a collections shape."));
    }

    /// <summary>Requests per second per API key per endpoint before a 429.</summary>
    public int RequestsPerSecond
    {
        get => _rateLimiter.RequestsPerSecond;
        set => _rateLimiter.RequestsPerSecond = value;
    }

    /// <summary>How many 429 answers the rate limit gave since the start or the last reset.</summary>
    public long ThrottledCount => _rateLimiter.Rejected;

    /// <summary>Every cluster of the project with its databases and collections as they are now.</summary>
    public IReadOnlyList<ZillizClusterSnapshot> Clusters
    {
        get
        {
            lock (_gate)
            {
                Settle(DateTimeOffset.UtcNow);
                return _state.Clusters.Select(ZillizStateMachine.Snapshot).ToArray();
            }
        }
    }

    string IEmulatedBackend.Name => "zilliz";

    IReadOnlyList<PathString> IEmulatedBackend.ApiBasePaths { get; } = new PathString[] { ApiPath };

    /// <summary>The next backup job ends FAILED with this reason (its backup disappears).</summary>
    public void FailNextBackup(string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        WriteUnderGate(ref _nextBackupFailure, reason);
    }

    /// <summary>The next restore job (cluster or collection) ends FAILED with this reason.</summary>
    public void FailNextRestore(string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        WriteUnderGate(ref _nextRestoreFailure, reason);
    }

    /// <summary>
    /// Back to the start-up state: the default cluster, the configured seed backups, no jobs, disabled
    /// policies, no armed failures and a fresh rate-limit window and 429 count; durations and limits stay.
    /// </summary>
    public void Reset()
    {
        lock (_gate)
        {
            _state = InitialState(_seedBackups, DateTimeOffset.UtcNow);
            _nextBackupFailure = null;
            _nextRestoreFailure = null;
            _rateLimiter.Reset();
            Save();
        }
    }

    CredentialKind IEmulatedBackend.ClassifyCredential(HttpRequest request) => _credentials.Classify(request);

    void IEmulatedBackend.MapApiRoutes(IEndpointRouteBuilder routes) => ZillizRoutes.Map(routes, this);

    void IEmulatedBackend.MapAdminRoutes(IEndpointRouteBuilder admin) => ZillizAdminRoutes.Map(admin, this);

    Task IEmulatedBackend.WriteFaultAsync(HttpContext context, int statusCode, string message) =>
        ZillizRoutes.WriteFailureAsync(context, statusCode, statusCode, message);

    internal CredentialKind ClassifyCredential(HttpRequest request, out string? apiKey) => _credentials.Classify(request, out apiKey);

    internal bool TryAcquireRate(string apiKey, string endpoint) => _rateLimiter.TryAcquire(apiKey, endpoint);

    /// <summary>
    /// POST /v2/clusters/{clusterId}/backups/create. Cross-region copies are checked for well-formed region
    /// ids and otherwise not modelled: where the copies show up is not documented [?].
    /// </summary>
    internal ZillizCreatedBackup CreateBackup(string clusterId, string backupType, IReadOnlyList<ZillizCollectionSelection>? selections, IReadOnlyList<string>? copyRegions)
    {
        foreach (var region in copyRegions ?? Array.Empty<string>())
        {
            ValidateRegion(region);
        }

        lock (_gate)
        {
            var now = Settle(DateTimeOffset.UtcNow);
            var cluster = FindCluster(clusterId);
            var contents = backupType switch
            {
                ZillizWire.BackupTypeCluster => cluster.Databases.ToArray(),
                ZillizWire.BackupTypeCollection => SelectCollections(cluster, selections),
                _ => throw ZillizCodes.Error(ZillizCodes.BadBackupType, $"backupType must be {ZillizWire.BackupTypeCluster} or {ZillizWire.BackupTypeCollection}."),
            };

            // Only manual backups are created through the API, so any running backup job is a manual one.
            if (_state.Unsettled.Any(j => j.Type == ZillizWire.JobBackup && _state.BackupsById[j.BackupId].ClusterId == clusterId))
            {
                throw ZillizCodes.Error(ZillizCodes.Busy, $"Another manual backup is in progress for cluster {clusterId}.");
            }

            var backup = NewBackup(_state, cluster, backupType, ZillizWire.Manual, now, contents) with
            {
                JobId = NewId("job-", 20),
                Creating = true,
            };
            _state.Add(backup);
            _state.Add(NewJob(backup.JobId, ZillizWire.JobBackup, now, _backupDuration, TakeArmed(ref _nextBackupFailure), backup.Id));
            Save();
            return new ZillizCreatedBackup(backup.Id, backup.Name, backup.JobId);
        }
    }

    /// <summary>GET /v2/backups: AVAILABLE and CREATING backups, newest first [?], one page and the grand total.</summary>
    internal ZillizBackupPage ListBackups(ZillizBackupFilter filter, int pageSize, int currentPage)
    {
        lock (_gate)
        {
            Settle(DateTimeOffset.UtcNow);
            if (filter.ProjectId is { } projectId && projectId != ZillizEmulatorOptions.DefaultProjectId)
            {
                throw ZillizCodes.Error(ZillizCodes.BadProjectId, $"Project {projectId} not found.");
            }

            // [?] A cluster filter naming no cluster of the project is "Cluster not found", as every other route answers.
            if (filter.ClusterId is { } clusterId)
            {
                FindCluster(clusterId);
            }

            // One pass, snapshotting only the page: paging through thousands of backups stays linear.
            var skip = (long)(currentPage - 1) * pageSize;
            var count = 0;
            var page = new List<ZillizBackupSnapshot>(Math.Min(pageSize, _state.Backups.Count));
            for (var i = _state.Backups.Count - 1; i >= 0; i--)
            {
                var backup = _state.Backups[i];
                if (backup.Deleted
                    || (filter.ClusterId is not null && backup.ClusterId != filter.ClusterId)
                    || (filter.CreationMethod is not null && backup.CreationMethod != filter.CreationMethod)
                    || (filter.BackupType is not null && backup.BackupType != filter.BackupType)
                    || (filter.Start is { } start && backup.CreatedAt < start)
                    || (filter.End is { } end && backup.CreatedAt > end))
                {
                    continue;
                }

                if (count >= skip && page.Count < pageSize)
                {
                    page.Add(ZillizStateMachine.Snapshot(backup, _collectionsShape));
                }

                count++;
            }

            return new ZillizBackupPage(count, currentPage, pageSize, page);
        }
    }

    /// <summary>GET /v2/clusters/{clusterId}/backups/{backupId}; a deleted backup shows as DELETED.</summary>
    internal ZillizBackupSnapshot DescribeBackup(string clusterId, string backupId)
    {
        lock (_gate)
        {
            Settle(DateTimeOffset.UtcNow);
            return ZillizStateMachine.Snapshot(FindBackup(clusterId, backupId), _collectionsShape);
        }
    }

    /// <summary>DELETE /v2/clusters/{clusterId}/backups/{backupId}: leaves a DELETED tombstone.</summary>
    internal ZillizDeletedBackup DeleteBackup(string clusterId, string backupId)
    {
        lock (_gate)
        {
            Settle(DateTimeOffset.UtcNow);
            var backup = FindBackup(clusterId, backupId);
            if (backup.Deleted)
            {
                throw BackupNotFound(backupId); // [?] a second delete finds nothing to delete
            }

            if (backup.Creating)
            {
                // [?] The real answer is undocumented; "busy" tells the client to wait for the job.
                throw ZillizCodes.Error(ZillizCodes.Busy, $"Backup {backupId} is in progress (still being created) and cannot be deleted yet.");
            }

            backup.Deleted = true;
            Save();
            return new ZillizDeletedBackup(backup.Id, backup.Name);
        }
    }

    /// <summary>POST .../restoreCluster: a new cluster, filled when the job succeeds, and its one-time password.</summary>
    internal ZillizRestoredCluster RestoreCluster(string clusterId, string backupId, ZillizClusterRestore request)
    {
        if (request.ProjectId != ZillizEmulatorOptions.DefaultProjectId)
        {
            throw ZillizCodes.Error(ZillizCodes.BadProjectId, $"Project {request.ProjectId} not found.");
        }

        if (!ClusterNamePattern().IsMatch(request.ClusterName))
        {
            throw ZillizCodes.Error(ZillizCodes.BadClusterName, "The clusterName must be 1 to 64 letters, digits or hyphens.");
        }

        // The newest reference allows 1 to 1024 (the older pages said 256).
        if (request.CuSize is < 1 or > 1024)
        {
            throw ZillizCodes.Error(ZillizCodes.BadCuSize, "The cuSize must be between 1 and 1024.");
        }

        // The contract: KEEP restores collections LOADED, RELEASE restores them UNLOADED.
        var collectionStatus = request.CollectionStatus switch
        {
            "KEEP" => ZillizWire.Loaded,
            "RELEASE" => ZillizWire.Unloaded,
            _ => throw ZillizCodes.Error(ZillizCodes.BadCollectionStatus),
        };

        lock (_gate)
        {
            var now = Settle(DateTimeOffset.UtcNow);
            var backup = FindRestorableBackup(clusterId, backupId, ZillizCodes.RestoreClusterFailed);
            if (backup.BackupType != ZillizWire.BackupTypeCluster)
            {
                throw ZillizCodes.Error(ZillizCodes.RestoreClusterFailed, $"Backup {backupId} is a {backup.BackupType} backup; only a CLUSTER backup restores a whole cluster.");
            }

            if (request.RestoreVersionPolicy is { } version && !ZillizWire.ClusterRestorePolicies.Contains(version))
            {
                throw ZillizCodes.Error(ZillizCodes.RestoreClusterFailed, $"restoreVersionPolicy must be one of {string.Join(", ", ZillizWire.ClusterRestorePolicies)} for backup {backupId}.");
            }

            var jobId = NewId("job-", 20);
            var cluster = new ZillizClusterRecord
            {
                Id = NewId("in01-", 16),
                Name = request.ClusterName,
                ProjectId = request.ProjectId,
                RegionId = backup.RegionId, // restores stay in the backup's region
                CuSize = request.CuSize,
                RestoreJobId = jobId,
            };
            var restored = backup.DbCollections
                .Select(db => new ZillizDatabase(db.DbName, db.Collections.Select(c => c with { Status = collectionStatus }).ToArray()))
                .ToArray();
            _state.Add(cluster);
            _state.Add(NewJob(jobId, ZillizWire.JobRestore, now, _restoreDuration, TakeArmed(ref _nextRestoreFailure), backup.Id) with
            {
                TargetClusterId = cluster.Id,
                CreatesCluster = true,
                RestoredDatabases = restored,
            });
            Save();
            return new ZillizRestoredCluster(cluster.Id, ZillizWire.RestoreUsername, NewPassword(), jobId);
        }
    }

    /// <summary>
    /// POST .../restoreCollection into an existing cluster. Every destination is checked before anything
    /// starts; no collections named means all of the backup's, UNLOADED under their own names.
    /// </summary>
    internal ZillizStartedJob RestoreCollections(string clusterId, string backupId, string destClusterId, IReadOnlyList<ZillizCollectionRestore>? requested)
    {
        lock (_gate)
        {
            var now = Settle(DateTimeOffset.UtcNow);
            var backup = FindRestorableBackup(clusterId, backupId, ZillizCodes.RestoreCollectionFailed);
            var destination = FindCluster(destClusterId);
            var items = (requested ?? backup.DbCollections
                .SelectMany(db => db.Collections.Select(c => new ZillizCollectionRestore(db.DbName, c.CollectionName, null, c.CollectionName, ZillizWire.Unloaded)))
                .ToArray())
                .Select(item => item.DbName is null ? item with { DbName = HolderOf(backup, item.CollectionName) } : item)
                .ToArray();

            var seen = new HashSet<(string, string)>();
            foreach (var item in items)
            {
                var source = item.DbName!;
                if (!Contains(backup.DbCollections, source, item.CollectionName))
                {
                    throw ZillizCodes.Error(ZillizCodes.RestoreCollectionFailed, $"Collection {item.CollectionName} not found in database {source} of backup {backupId}.");
                }

                // A running restore that will create the same collection counts as existing.
                var target = item.DestDbName ?? source;
                if (!seen.Add((target, item.DestCollectionName))
                    || Contains(destination.Databases, target, item.DestCollectionName)
                    || _state.Unsettled.Any(j => j.TargetClusterId == destClusterId && Contains(j.RestoredDatabases!, target, item.DestCollectionName)))
                {
                    throw ZillizCodes.Error(
                        ZillizCodes.DestinationExists,
                        $"Collection {item.DestCollectionName} already exists in database {target} of cluster {destClusterId}.");
                }
            }

            // [?] A destination database the cluster lacks is created (Merge), as the console's restore does not say otherwise.
            var restored = items
                .GroupBy(i => i.DestDbName ?? i.DbName!, StringComparer.Ordinal)
                .Select(g => new ZillizDatabase(g.Key, g.Select(i => new ZillizCollection(i.DestCollectionName, i.DestCollectionStatus)).ToArray()))
                .ToArray();
            var job = NewJob(NewId("job-", 20), ZillizWire.JobRestore, now, _restoreDuration, TakeArmed(ref _nextRestoreFailure), backup.Id) with
            {
                TargetClusterId = destClusterId,
                RestoredDatabases = restored,
            };
            _state.Add(job);
            Save();
            return new ZillizStartedJob(job.Id);
        }
    }

    /// <summary>POST .../export: a job of type EXPORT; only AVAILABLE backups can be exported.</summary>
    internal ZillizStartedJob Export(string clusterId, string backupId)
    {
        lock (_gate)
        {
            var now = Settle(DateTimeOffset.UtcNow);
            var backup = FindRestorableBackup(clusterId, backupId, ZillizCodes.NotExportable);

            // [?] Exports take the backup duration and are never armed to fail.
            var job = NewJob(NewId("job-", 20), ZillizWire.JobExport, now, _backupDuration, failureReason: null, backup.Id);
            _state.Add(job);
            Save();
            return new ZillizStartedJob(job.Id);
        }
    }

    /// <summary>GET /v2/jobs/{jobId}.</summary>
    internal ZillizJobSnapshot DescribeJob(string jobId)
    {
        lock (_gate)
        {
            var now = Settle(DateTimeOffset.UtcNow);
            return _state.JobsById.TryGetValue(jobId, out var job)
                ? ZillizStateMachine.Snapshot(job, now)
                : throw ZillizCodes.Error(ZillizCodes.JobNotFound);
        }
    }

    /// <summary>GET .../backups/policy; a cluster never configured has a DISABLED policy [?].</summary>
    internal ZillizBackupPolicy GetPolicy(string clusterId)
    {
        lock (_gate)
        {
            FindCluster(clusterId);
            var policy = _state.Policies.GetValueOrDefault(clusterId) ?? DisabledPolicy(clusterId);

            // A state file from before copies existed has none.
            return policy.CrossRegionCopies is null ? policy with { CrossRegionCopies = Array.Empty<ZillizRegionCopy>() } : policy;
        }
    }

    /// <summary>
    /// POST .../backups/policy; disabling forgets the window, the days, the retention and the copies. An update
    /// without crossRegionCopies keeps the copies the policy had [?]; an empty list removes them.
    /// </summary>
    internal ZillizPolicyStatus SetPolicy(string clusterId, ZillizPolicyUpdate update)
    {
        var copies = update.CrossRegionCopies?
            .Select(copy =>
            {
                var region = ValidateRegion(copy.RegionId);
                return new ZillizRegionCopy(region, ValidateRetention(copy.RetentionDays ?? update.RetentionDays), RegionName(region));
            })
            .ToArray();
        var policy = update.Enabled
            ? new ZillizBackupPolicy(
                clusterId,
                ZillizWire.PolicyEnabled,
                ValidateWindow(update.StartTime),
                ValidateFrequency(update.Frequency),
                ValidateRetention(update.RetentionDays),
                copies)
            : DisabledPolicy(clusterId);
        lock (_gate)
        {
            FindCluster(clusterId);
            if (policy.CrossRegionCopies is null)
            {
                policy = policy with { CrossRegionCopies = _state.Policies.GetValueOrDefault(clusterId)?.CrossRegionCopies ?? Array.Empty<ZillizRegionCopy>() };
            }

            _state.Policies[clusterId] = policy;
            Save();
            return new ZillizPolicyStatus(clusterId, policy.Status);
        }
    }

    private static ZillizState InitialState(int seedBackups, DateTimeOffset now)
    {
        var state = new ZillizState();
        var cluster = new ZillizClusterRecord
        {
            Id = ZillizEmulatorOptions.DefaultClusterId,
            Name = ZillizEmulatorOptions.DefaultClusterName,
            ProjectId = ZillizEmulatorOptions.DefaultProjectId,
            RegionId = ZillizEmulatorOptions.DefaultRegionId,
            CuSize = 1,
            Databases = new()
            {
                new("default", new ZillizCollection[] { new("medium_articles", ZillizWire.Loaded), new("products", ZillizWire.Loaded) }),
                new("analytics", new ZillizCollection[] { new("events", ZillizWire.Loaded) }),
            },
        };
        state.Add(cluster);

        // Distinct createTimes a minute apart, the newest a minute ago; all share one contents list.
        var contents = cluster.Databases.ToArray();
        var newest = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        for (var i = 0; i < seedBackups; i++)
        {
            var createdAt = newest - TimeSpan.FromMinutes(seedBackups - i);
            state.Add(NewBackup(state, cluster, ZillizWire.BackupTypeCluster, ZillizWire.Auto, createdAt, contents) with
            {
                ExpiresAt = createdAt + AutoBackupRetention,
                Size = SizeOf(contents),
            });
        }

        return state;
    }

    /// <summary>Applies the end of every job that has ended by <paramref name="now"/>; returns <paramref name="now"/>.</summary>
    private DateTimeOffset Settle(DateTimeOffset now)
    {
        var settled = false;
        for (var i = _state.Unsettled.Count - 1; i >= 0; i--)
        {
            var job = _state.Unsettled[i];
            var (status, _) = ZillizStateMachine.JobStatus(job, now);
            if (!ZillizStateMachine.IsTerminal(status))
            {
                continue;
            }

            Apply(job, succeeded: status == ZillizWire.Successful);
            job.Settled = true;
            _state.Unsettled.RemoveAt(i);
            settled = true;
        }

        if (settled)
        {
            Save();
        }

        return now;
    }

    private void Apply(ZillizJobRecord job, bool succeeded)
    {
        if (job.Type == ZillizWire.JobBackup && _state.BackupsById.TryGetValue(job.BackupId, out var backup))
        {
            if (succeeded)
            {
                backup.Creating = false;
                backup.Size = SizeOf(backup.DbCollections);
            }
            else
            {
                _state.Remove(backup);
            }
        }

        if (job.Type == ZillizWire.JobRestore && _state.ClustersById.TryGetValue(job.TargetClusterId!, out var cluster))
        {
            if (succeeded)
            {
                cluster.Databases = Merge(cluster.Databases, job.RestoredDatabases!);
                cluster.RestoreJobId = null;
            }
            else if (job.CreatesCluster)
            {
                _state.Remove(cluster); // [?] a failed restoreCluster leaves no cluster behind
            }
        }
    }

    private static List<ZillizDatabase> Merge(List<ZillizDatabase> databases, IReadOnlyList<ZillizDatabase> added)
    {
        var merged = databases.ToList();
        foreach (var database in added)
        {
            var at = merged.FindIndex(d => d.DbName == database.DbName);
            if (at < 0)
            {
                merged.Add(database); // [?] a database missing in the destination is created
            }
            else
            {
                merged[at] = merged[at] with { Collections = merged[at].Collections.Concat(database.Collections).ToArray() };
            }
        }

        return merged;
    }

    private static ZillizDatabase[] SelectCollections(ZillizClusterRecord cluster, IReadOnlyList<ZillizCollectionSelection>? selections)
    {
        if (selections is null || selections.Count == 0 || selections.Any(s => s.CollectionNames.Count == 0))
        {
            throw ZillizCodes.Error(ZillizCodes.CreateBackupFailed, "A COLLECTION backup needs dbCollections with at least one collection name.");
        }

        return selections
            .GroupBy(s => s.DbName, StringComparer.Ordinal)
            .Select(group =>
            {
                var database = cluster.Databases.FirstOrDefault(d => d.DbName == group.Key);
                var collections = group.SelectMany(s => s.CollectionNames).Distinct(StringComparer.Ordinal).Select(name =>
                    database?.Collections.FirstOrDefault(c => c.CollectionName == name)
                    ?? throw ZillizCodes.Error(ZillizCodes.CreateBackupFailed, $"Collection {name} not found in database {group.Key} of cluster {cluster.Id}."));
                return new ZillizDatabase(group.Key, collections.ToArray());
            })
            .ToArray();
    }

    private static bool Contains(IReadOnlyList<ZillizDatabase> databases, string dbName, string collectionName) =>
        databases.Any(d => d.DbName == dbName && d.Collections.Any(c => c.CollectionName == collectionName));

    private static long SizeOf(IReadOnlyList<ZillizDatabase> databases) => databases.Sum(d => d.Collections.Count) * BytesPerCollection;

    /// <summary>A backup of the cluster named as the real service names them ("Dedicated-01_backup3").</summary>
    private static ZillizBackupRecord NewBackup(
        ZillizState state, ZillizClusterRecord cluster, string backupType, string creationMethod, DateTimeOffset createdAt, IReadOnlyList<ZillizDatabase> contents) => new()
    {
        Id = NewId("backup-", 16),
        Name = $"{cluster.Name}_backup{state.NextBackupNumber(cluster.Id)}",
        ProjectId = cluster.ProjectId,
        ClusterId = cluster.Id,
        ClusterName = cluster.Name,
        RegionId = cluster.RegionId,
        BackupType = backupType,
        CreationMethod = creationMethod,
        CreatedAt = createdAt,
        DbCollections = contents,
    };

    private static ZillizJobRecord NewJob(string id, string type, DateTimeOffset now, TimeSpan duration, string? failureReason, string backupId) => new()
    {
        Id = id,
        Type = type,
        StartedAt = now,
        Duration = duration,
        FailureReason = failureReason,
        BackupId = backupId,
    };

    private static ZillizBackupPolicy DisabledPolicy(string clusterId) => new(clusterId, ZillizWire.PolicyDisabled, null, null, 0, Array.Empty<ZillizRegionCopy>());

    private static int ValidateRetention(int? days) =>
        days is >= 1 and <= 30 ? days.Value : throw ZillizCodes.Error(ZillizCodes.BadRetentionDays);

    /// <summary>A region id as the API writes them: provider, then the provider's region ("aws-us-west-2") [?] no list is checked.</summary>
    private static string ValidateRegion(string? regionId) =>
        regionId is not null && RegionPattern().IsMatch(regionId) ? regionId : throw ZillizCodes.Error(ZillizCodes.BadRegionId, $"'{regionId}' is not a region id.");

    /// <summary>The provider's own name of a region: the id without its provider ("aws-us-west-2" is "us-west-2"), as the policy example shows.</summary>
    private static string RegionName(string regionId) => regionId[(regionId.IndexOf('-') + 1)..];

    /// <summary>With no dbName the service finds the backup's database holding the collection; "default" when none or several do [?].</summary>
    private static string HolderOf(ZillizBackupRecord backup, string collectionName)
    {
        var holders = backup.DbCollections.Where(d => d.Collections.Any(c => c.CollectionName == collectionName)).ToArray();
        return holders.Length == 1 ? holders[0].DbName : DefaultDatabase;
    }

    /// <summary>"HH:mm-HH:mm", a window of exactly two hours (it may run over midnight).</summary>
    private static string ValidateWindow(string? window)
    {
        var match = window is null ? null : WindowPattern().Match(window);
        if (match is not { Success: true })
        {
            throw ZillizCodes.Error(ZillizCodes.BadPolicyStartTime, "startTime must be a two-hour UTC window \"HH:mm-HH:mm\".");
        }

        int Minutes(int group) => (int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) * 60)
            + int.Parse(match.Groups[group + 1].Value, CultureInfo.InvariantCulture);
        var length = (Minutes(3) - Minutes(1) + (24 * 60)) % (24 * 60);
        return length == 120 ? window! : throw ZillizCodes.Error(ZillizCodes.BadPolicyStartTime, "startTime must be a window of exactly two hours, e.g. \"02:00-04:00\".");
    }

    /// <summary>Comma-separated distinct weekdays 1 (Monday) to 7 (Sunday).</summary>
    private static string ValidateFrequency(string? frequency)
    {
        var days = frequency?.Split(',', StringSplitOptions.TrimEntries) ?? Array.Empty<string>();
        var valid = days.Length > 0
            && days.All(d => d.Length == 1 && d[0] is >= '1' and <= '7')
            && days.Distinct(StringComparer.Ordinal).Count() == days.Length;
        return valid ? string.Join(',', days) : throw ZillizCodes.Error(ZillizCodes.BadPolicyFrequency, "frequency must be distinct weekdays 1 (Monday) to 7 (Sunday), e.g. \"1,3,5\".");
    }

    private static ZillizApiException BackupNotFound(string backupId) => ZillizCodes.Error(ZillizCodes.BackupNotFound, $"Backup {backupId} not found.");

    /// <summary>Ids like the real ones: a prefix and random lowercase hex [?] (the lengths are the emulator's).</summary>
    private static string NewId(string prefix, int hexDigits) => prefix + RandomNumberGenerator.GetHexString(hexDigits, lowercase: true);

    /// <summary>A one-time db_admin password: 20 characters with upper, lower, digit and symbol [?].</summary>
    private static string NewPassword()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower = "abcdefghijkmnpqrstuvwxyz", digits = "23456789", symbols = "!#%*+-=?@^_";
        while (true)
        {
            var password = RandomNumberGenerator.GetString(upper + lower + digits + symbols, 20);
            if (new[] { upper, lower, digits, symbols }.All(set => password.AsSpan().IndexOfAny(set) >= 0))
            {
                return password;
            }
        }
    }

    private static string? TakeArmed(ref string? armed)
    {
        var taken = armed;
        armed = null;
        return taken;
    }

    private static TimeSpan NotNegative(TimeSpan value) =>
        value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A duration cannot be negative.");

    [GeneratedRegex(@"^[A-Za-z0-9-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ClusterNamePattern();

    [GeneratedRegex(@"^([01][0-9]|2[0-3]):([0-5][0-9])-([01][0-9]|2[0-3]):([0-5][0-9])\z", RegexOptions.CultureInvariant)]
    private static partial Regex WindowPattern();

    [GeneratedRegex(@"^[a-z][a-z0-9]*(-[a-z0-9]+)+\z", RegexOptions.CultureInvariant)]
    private static partial Regex RegionPattern();

    private T ReadUnderGate<T>(ref T field)
    {
        lock (_gate)
        {
            return field;
        }
    }

    private void WriteUnderGate<T>(ref T field, T value)
    {
        lock (_gate)
        {
            field = value;
        }
    }

    private ZillizClusterRecord FindCluster(string clusterId) =>
        _state.ClustersById.GetValueOrDefault(clusterId)
        ?? throw ZillizCodes.Error(ZillizCodes.ClusterNotFound);

    /// <summary>GET /v2/clusters/{id}: the fields of Describe Cluster a backup client uses.</summary>
    internal ZillizClusterDescription DescribeCluster(string clusterId, string connectAddress)
    {
        lock (_gate)
        {
            Settle(DateTimeOffset.UtcNow);
            var cluster = FindCluster(clusterId);
            return new ZillizClusterDescription(cluster.Id, cluster.Name, cluster.ProjectId, cluster.RegionId, cluster.CuSize, cluster.RestoreJobId is null ? "RUNNING" : "RESTORING", connectAddress);
        }
    }

    /// <summary>The data plane's POST /v2/vectordb/collections/has; a collection a running restore will create counts.</summary>
    internal ZillizHas HasCollection(string clusterId, string dbName, string collectionName)
    {
        lock (_gate)
        {
            Settle(DateTimeOffset.UtcNow);
            var cluster = FindCluster(clusterId);
            var has = Contains(cluster.Databases, dbName, collectionName)
                || _state.Unsettled.Any(j => j.TargetClusterId == clusterId && j.RestoredDatabases is not null && Contains(j.RestoredDatabases, dbName, collectionName));
            return new ZillizHas(has);
        }
    }

    /// <summary>The cluster must exist and the backup must be one of that cluster's (else "not found").</summary>
    private ZillizBackupRecord FindBackup(string clusterId, string backupId)
    {
        FindCluster(clusterId);
        return _state.BackupsById.TryGetValue(backupId, out var backup) && backup.ClusterId == clusterId
            ? backup
            : throw BackupNotFound(backupId);
    }

    /// <summary>An AVAILABLE backup of the cluster; any other status is refused with <paramref name="failureCode"/> (the operation's "failed to ..." code).</summary>
    private ZillizBackupRecord FindRestorableBackup(string clusterId, string backupId, int failureCode)
    {
        var backup = FindBackup(clusterId, backupId);
        var status = ZillizStateMachine.BackupStatus(backup);
        return status == ZillizWire.Available
            ? backup
            : throw ZillizCodes.Error(failureCode, $"Backup {backupId} is {status}; only an AVAILABLE backup can be used.");
    }

    private void Save()
    {
        if (_stateFile is not null)
        {
            ZillizStatePersistence.Save(_stateFile, _state);
        }
    }
}
