using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BackupModule.Model;

namespace BackupModule.MilvusBackup
{
    /// <summary>milvus-backup's integer states and Unix-second times to the module's vocabulary (digest D.3); unknown integers map to Unknown.</summary>
    internal static class MilvusBackupStatusMapping
    {
        /// <summary>A task's state: 0 Pending, 1 Running, 2 Succeeded, 3 and 4 (TIMEOUT, never set) Failed.</summary>
        public static JobStatus ToJobStatus(int state)
        {
            switch (state)
            {
                case MilvusBackupWire.StateInitial: return JobStatus.Pending;
                case MilvusBackupWire.StateExecuting: return JobStatus.Running;
                case MilvusBackupWire.StateSuccess: return JobStatus.Succeeded;
                case MilvusBackupWire.StateFail:
                case MilvusBackupWire.StateTimeout:
                    return JobStatus.Failed;
                default: return JobStatus.Unknown;
            }
        }

        /// <summary>A backup seen through its task (not yet, or never, in storage).</summary>
        public static BackupStatus ToBackupStatus(int state)
        {
            switch (state)
            {
                case MilvusBackupWire.StateInitial: return BackupStatus.Pending;
                case MilvusBackupWire.StateExecuting: return BackupStatus.Creating;
                case MilvusBackupWire.StateSuccess: return BackupStatus.Ready;
                case MilvusBackupWire.StateFail:
                case MilvusBackupWire.StateTimeout:
                    return BackupStatus.Failed;
                default: return BackupStatus.Unknown;
            }
        }

        public static string RawState(int state) => state.ToString(CultureInfo.InvariantCulture);

        /// <summary>Unix seconds; null for 0 (left out) and for Go's zero time (a task that has not ended).</summary>
        public static DateTimeOffset? Time(long unixSeconds)
        {
            // 253402300799 is 9999-12-31T23:59:59Z, the last second DateTimeOffset holds.
            return unixSeconds > 0 && unixSeconds <= 253402300799 ? DateTimeOffset.FromUnixTimeSeconds(unixSeconds) : (DateTimeOffset?)null;
        }

        public static string Qualified(string? database, string? collection) =>
            (string.IsNullOrEmpty(database) ? MilvusBackupWire.DefaultDatabase : database) + "." + collection;

        /// <summary>The collections of a stored backup as "db.collection", with Milvus's load state as their status.</summary>
        public static IReadOnlyList<BackupItem> ToItems(MilvusBackupBrief brief) =>
            brief.CollectionBackups is { Count: > 0 } collections
                ? collections.Select(c => new BackupItem(Qualified(c.DbName, c.CollectionName), c.LoadState, null)).ToArray()
                : Array.Empty<BackupItem>();

        /// <summary>A restore's collections as "db.collection" (the target names), each with its state and error.</summary>
        public static IReadOnlyList<BackupItem> ToItems(MilvusRestoreTask task) =>
            task.CollectionRestoreTasks is { Count: > 0 } collections
                ? collections.Select(c => new BackupItem(Qualified(c.TargetDbName, c.TargetCollectionName), RawState(c.StateCode), string.IsNullOrEmpty(c.ErrorMessage) ? null : c.ErrorMessage)).ToArray()
                : Array.Empty<BackupItem>();
    }
}
