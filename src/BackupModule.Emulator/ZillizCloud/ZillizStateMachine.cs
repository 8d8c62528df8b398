using System.Globalization;

namespace BackupModule.Emulator;

/// <summary>
/// Job status computed from the time elapsed since the job started, as the DC/OS emulator does: no timers,
/// deterministic, and a restarted emulator carries on where it stopped.
/// </summary>
internal static class ZillizStateMachine
{
    /// <summary>
    /// PENDING for the first tenth of the duration, then IN_PROGRESS with the progress rising with the elapsed
    /// share, then SUCCESSFUL ("100") or FAILED with the armed reason at the end of the duration.
    /// </summary>
    public static (string Status, int Progress) JobStatus(ZillizJobRecord job, DateTimeOffset now)
    {
        var elapsed = now - job.StartedAt;
        if (elapsed < job.Duration)
        {
            if (elapsed < job.Duration / 10)
            {
                return (ZillizWire.Pending, 0);
            }

            return (ZillizWire.InProgress, (int)Math.Clamp(100 * (elapsed / job.Duration), 0, 99));
        }

        // [?] A failed job keeps the progress it had reached just before it failed.
        return job.FailureReason is null
            ? (ZillizWire.Successful, 100)
            : (ZillizWire.Failed, job.Duration > TimeSpan.Zero ? 99 : 0);
    }

    public static bool IsTerminal(string jobStatus) => jobStatus is ZillizWire.Successful or ZillizWire.Failed;

    public static ZillizJobSnapshot Snapshot(ZillizJobRecord job, DateTimeOffset now)
    {
        var (status, progress) = JobStatus(job, now);
        var terminal = IsTerminal(status);
        return new ZillizJobSnapshot(
            job.Id,
            job.Type,
            status,
            progress.ToString(CultureInfo.InvariantCulture),
            ZillizWire.FormatTime(job.StartedAt),
            terminal ? ZillizWire.FormatTime(job.StartedAt + job.Duration) : null,
            status == ZillizWire.Failed ? job.FailureReason! : string.Empty);
    }

    /// <summary>DELETED wins over CREATING; a backup whose job failed is no longer kept at all.</summary>
    public static string BackupStatus(ZillizBackupRecord backup) =>
        backup.Deleted ? ZillizWire.Deleted : backup.Creating ? ZillizWire.Creating : ZillizWire.Available;

    /// <summary>The backup as the API shows it, with its collections in <paramref name="shape"/>.</summary>
    public static ZillizBackupSnapshot Snapshot(ZillizBackupRecord backup, ZillizCollectionsShape shape)
    {
        var databases = backup.DbCollections
            .Select(db => new ZillizDatabaseInfo(db.DbName, db.Collections.Select(c => new ZillizCollectionInfo(c.CollectionName, string.Empty, c.Status)).ToArray()))
            .ToArray();
        return new(
            backup.ClusterId,
            backup.ClusterName,
            backup.ProjectId,
            backup.Id,
            backup.Name,
            backup.BackupType,
            backup.CreationMethod,
            BackupStatus(backup),
            backup.Size,
            backup.RegionId,
            backup.ExpiresAt is { } expires ? ZillizWire.FormatTime(expires) : null,
            shape == ZillizCollectionsShape.Collections ? databases.SelectMany(db => db.Collections).ToArray() : null,
            shape == ZillizCollectionsShape.DbCollections ? databases : null,
            ZillizWire.FormatTime(backup.CreatedAt),
            backup.BackupType == ZillizWire.BackupTypeCluster ? ZillizWire.ClusterRestorePolicies : Array.Empty<string>());
    }

    public static ZillizClusterSnapshot Snapshot(ZillizClusterRecord cluster) => new(
        cluster.Id,
        cluster.Name,
        cluster.ProjectId,
        cluster.RegionId,
        cluster.CuSize,
        cluster.RestoreJobId is null ? ZillizWire.ClusterRunning : ZillizWire.ClusterRestoring,
        cluster.Databases.ToArray());
}
