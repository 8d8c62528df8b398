using System.Text.Json.Serialization;

namespace BackupModule.Emulator;

/// <summary>A cluster of the emulated project; a restore target is created empty and filled when its job succeeds.</summary>
internal sealed class ZillizClusterRecord
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string ProjectId { get; init; }

    public required string RegionId { get; init; }

    public required int CuSize { get; init; }

    public List<ZillizDatabase> Databases { get; set; } = new();

    /// <summary>The restoreCluster job that is filling this new cluster; null once it has settled.</summary>
    public string? RestoreJobId { get; set; }
}

/// <summary>What the emulator keeps (and persists) about a backup; its status follows from the flags its job settles.</summary>
internal sealed record ZillizBackupRecord
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string ProjectId { get; init; }

    public required string ClusterId { get; init; }

    public required string ClusterName { get; init; }

    public required string RegionId { get; init; }

    public required string BackupType { get; init; }

    public required string CreationMethod { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>What the cluster held when the backup started (the named collections only for a COLLECTION backup).</summary>
    public required IReadOnlyList<ZillizDatabase> DbCollections { get; init; }

    /// <summary>The creating job; null for seeded backups.</summary>
    public string? JobId { get; init; }

    public bool Creating { get; set; }

    public bool Deleted { get; set; }

    public long Size { get; set; }
}

/// <summary>
/// A job with enough to recompute its status at any moment (start, duration, armed failure) and the effect
/// it has once it ends, so that a restarted emulator carries on the same state machine.
/// </summary>
internal sealed record ZillizJobRecord
{
    public required string Id { get; init; }

    public required string Type { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required TimeSpan Duration { get; init; }

    /// <summary>The armed failure reason; null when the job will succeed.</summary>
    public string? FailureReason { get; init; }

    /// <summary>The backup created, restored from or exported.</summary>
    public required string BackupId { get; init; }

    /// <summary>Restore jobs: the cluster that receives <see cref="RestoredDatabases"/>.</summary>
    public string? TargetClusterId { get; init; }

    /// <summary>Restore jobs: the target was created by this restoreCluster and goes away if it fails [?].</summary>
    public bool CreatesCluster { get; init; }

    public IReadOnlyList<ZillizDatabase>? RestoredDatabases { get; init; }

    /// <summary>The job's end has been applied to backups and clusters.</summary>
    public bool Settled { get; set; }
}

/// <summary>
/// All emulated Zilliz state, with id indexes rebuilt after loading so that lookups stay O(1) with
/// thousands of seeded backups. Lists keep creation order (the backup list is shown newest first).
/// </summary>
internal sealed class ZillizState
{
    public List<ZillizClusterRecord> Clusters { get; init; } = new();

    public List<ZillizBackupRecord> Backups { get; init; } = new();

    public List<ZillizJobRecord> Jobs { get; init; } = new();

    public Dictionary<string, ZillizBackupPolicy> Policies { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Per cluster: the number of the last backup name handed out ("Dedicated-01_backup7").</summary>
    public Dictionary<string, int> BackupCounters { get; init; } = new(StringComparer.Ordinal);

    [JsonIgnore]
    public Dictionary<string, ZillizClusterRecord> ClustersById { get; } = new(StringComparer.Ordinal);

    [JsonIgnore]
    public Dictionary<string, ZillizBackupRecord> BackupsById { get; } = new(StringComparer.Ordinal);

    [JsonIgnore]
    public Dictionary<string, ZillizJobRecord> JobsById { get; } = new(StringComparer.Ordinal);

    /// <summary>Jobs not yet settled; settling only ever looks at these.</summary>
    [JsonIgnore]
    public List<ZillizJobRecord> Unsettled { get; } = new();

    public ZillizState Indexed()
    {
        ClustersById.Clear();
        BackupsById.Clear();
        JobsById.Clear();
        Unsettled.Clear();
        Clusters.ForEach(c => ClustersById.Add(c.Id, c));
        Backups.ForEach(b => BackupsById.Add(b.Id, b));
        Jobs.ForEach(j => JobsById.Add(j.Id, j));
        Unsettled.AddRange(Jobs.Where(j => !j.Settled));
        return this;
    }

    public void Add(ZillizClusterRecord cluster)
    {
        Clusters.Add(cluster);
        ClustersById.Add(cluster.Id, cluster);
    }

    public void Add(ZillizBackupRecord backup)
    {
        Backups.Add(backup);
        BackupsById.Add(backup.Id, backup);
    }

    public void Add(ZillizJobRecord job)
    {
        Jobs.Add(job);
        JobsById.Add(job.Id, job);
        Unsettled.Add(job);
    }

    public void Remove(ZillizClusterRecord cluster)
    {
        Clusters.Remove(cluster);
        ClustersById.Remove(cluster.Id);
    }

    public void Remove(ZillizBackupRecord backup)
    {
        Backups.Remove(backup);
        BackupsById.Remove(backup.Id);
    }

    public int NextBackupNumber(string clusterId) =>
        BackupCounters[clusterId] = BackupCounters.GetValueOrDefault(clusterId) + 1;
}

/// <summary>An error answer: the body code and message, and the HTTP status (200 for most, as the real API does).</summary>
internal sealed class ZillizApiException : Exception
{
    public ZillizApiException(int code, string message, int statusCode = StatusCodes.Status200OK)
        : base(message)
    {
        Code = code;
        StatusCode = statusCode;
    }

    public int Code { get; }

    public int StatusCode { get; }
}

/// <summary>One group of a COLLECTION backup request: collections of one database.</summary>
internal sealed record ZillizCollectionSelection(string DbName, IReadOnlyList<string> CollectionNames);

/// <summary>
/// One collection of a restoreCollection request, with where it goes in the destination cluster: a null
/// <see cref="DbName"/> is looked up in the backup, a null <see cref="DestDbName"/> is the source database.
/// </summary>
internal sealed record ZillizCollectionRestore(string? DbName, string CollectionName, string? DestDbName, string DestCollectionName, string DestCollectionStatus);

/// <summary>The body of restoreCluster, already checked for types; the project came as projectId or targetProjectId.</summary>
internal sealed record ZillizClusterRestore(string ProjectId, string ClusterName, int CuSize, string CollectionStatus, string? RestoreVersionPolicy);

/// <summary>A cross-region copy of a policy update as sent; a missing retentionDays is the policy's own [?].</summary>
internal sealed record ZillizRegionCopyRequest(string? RegionId, int? RetentionDays);

/// <summary>The body of a policy update, already checked for types.</summary>
internal sealed record ZillizPolicyUpdate(string? Frequency, string? StartTime, int? RetentionDays, bool Enabled, IReadOnlyList<ZillizRegionCopyRequest>? CrossRegionCopies);
