using System.Globalization;

namespace BackupModule.Emulator;

/// <summary>
/// Status of backups and restores computed from the time elapsed since they started: deterministic, needs
/// no timers, and the cluster-wide lock is free exactly when nothing is running any more.
/// </summary>
internal static class DcosStateMachine
{
    public const string Unknown = "STATUS_UNKNOWN";
    public const string BackingUp = "STATUS_BACKING_UP";
    public const string Restoring = "STATUS_RESTORING";
    public const string Ready = "STATUS_READY";
    public const string Error = "STATUS_ERROR";

    /// <summary>
    /// BACKING_UP with marathon UNKNOWN (as create answers), marathon BACKING_UP after a third of the
    /// duration, then READY, or ERROR with the armed error text.
    /// </summary>
    public static (string Status, DcosComponentStatus Marathon) BackupStatus(DcosBackupRecord backup, DateTimeOffset now)
    {
        var elapsed = now - backup.StartedAt;
        if (elapsed <= TimeSpan.Zero || elapsed < backup.Duration / 3)
        {
            return (BackingUp, new DcosComponentStatus(Unknown));
        }

        if (elapsed < backup.Duration)
        {
            return (BackingUp, new DcosComponentStatus(BackingUp));
        }

        return Terminal(backup.Error);
    }

    public static (string Status, DcosComponentStatus Marathon) RestoreStatus(DcosRestoreRecord restore, DateTimeOffset now)
    {
        var elapsed = now - restore.StartedAt;
        return elapsed <= TimeSpan.Zero || elapsed < restore.Duration
            ? (Restoring, new DcosComponentStatus(Restoring))
            : Terminal(restore.Error);
    }

    public static bool IsBackingUp(DcosBackupRecord backup, DateTimeOffset now) => BackupStatus(backup, now).Status == BackingUp;

    public static bool IsRestoring(DcosRestoreRecord restore, DateTimeOffset now) => RestoreStatus(restore, now).Status == Restoring;

    /// <summary>Busy while any backup is backing up or any restore is restoring.</summary>
    public static bool IsLockHeld(IEnumerable<DcosBackupRecord> backups, DateTimeOffset now) =>
        backups.Any(b => IsBackingUp(b, now) || b.Restores.Any(r => IsRestoring(r, now)));

    /// <summary>
    /// RFC 3339 UTC with 9 fractional digits like the Go service (2019-03-18T23:16:33.265478871Z); .NET
    /// has 7 digits of ticks, so the last two are always 0.
    /// </summary>
    public static string FormatTimestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff'00Z'", CultureInfo.InvariantCulture);

    public static DcosBackupSnapshot Snapshot(DcosBackupRecord backup, DateTimeOffset now)
    {
        var (status, marathon) = BackupStatus(backup, now);
        return new DcosBackupSnapshot(
            backup.Id,
            backup.Label,
            backup.DcosVersion,
            FormatTimestamp(backup.StartedAt),
            status,
            marathon,
            backup.Restores.Select(r => Snapshot(r, now)).ToArray());
    }

    public static DcosRestoreSnapshot Snapshot(DcosRestoreRecord restore, DateTimeOffset now)
    {
        var (status, marathon) = RestoreStatus(restore, now);
        return new DcosRestoreSnapshot(restore.Id, FormatTimestamp(restore.StartedAt), status, marathon);
    }

    private static (string Status, DcosComponentStatus Marathon) Terminal(string? error) =>
        error is null ? (Ready, new DcosComponentStatus(Ready)) : (Error, new DcosComponentStatus(Error, error));
}
