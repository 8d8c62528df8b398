using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BackupModule.Model;

namespace BackupModule.ZillizCloud
{
    /// <summary>Zilliz Cloud's values to the module's vocabulary (digest D.3); unknown values map to Unknown, the raw one is kept.</summary>
    internal static class ZillizStatusMapping
    {
        public static BackupStatus ToBackupStatus(string? status)
        {
            switch (status?.ToUpperInvariant())
            {
                case ZillizWire.BackupCreating: return BackupStatus.Creating;
                case ZillizWire.BackupAvailable: return BackupStatus.Ready;
                case ZillizWire.BackupDeleted: return BackupStatus.Deleted;
                default: return BackupStatus.Unknown;
            }
        }

        public static JobStatus ToJobStatus(string? status)
        {
            switch (status?.ToUpperInvariant())
            {
                case ZillizWire.JobPending: return JobStatus.Pending;
                case ZillizWire.JobInProgress: return JobStatus.Running;
                case ZillizWire.JobSuccessful: return JobStatus.Succeeded;
                case ZillizWire.JobFailed: return JobStatus.Failed;
                case ZillizWire.JobCanceling: return JobStatus.Canceling;
                case ZillizWire.JobCanceled:
                case "CANCELLED":
                    return JobStatus.Canceled;
                default: return JobStatus.Unknown;
            }
        }

        public static JobKind ToJobKind(string? type)
        {
            switch (type?.ToUpperInvariant())
            {
                case ZillizWire.JobTypeBackup: return JobKind.Backup;
                case ZillizWire.JobTypeRestore: return JobKind.Restore;
                case ZillizWire.JobTypeExport: return JobKind.Export;
                default: return JobKind.Other;
            }
        }

        public static BackupScope ToScope(string? backupType) =>
            string.Equals(backupType, ZillizWire.TypeCollection, StringComparison.OrdinalIgnoreCase) ? BackupScope.Collection : BackupScope.Cluster;

        public static string ToBackupType(BackupScope scope) => scope == BackupScope.Collection ? ZillizWire.TypeCollection : ZillizWire.TypeCluster;

        public static CreationMethod ToCreationMethod(string? method) =>
            string.Equals(method, ZillizWire.MethodAuto, StringComparison.OrdinalIgnoreCase) ? CreationMethod.Auto : CreationMethod.Manual;

        public static string ToWire(CreationMethod method) => method == CreationMethod.Auto ? ZillizWire.MethodAuto : ZillizWire.MethodManual;

        public static string ToWire(MilvusVersion version) => version == MilvusVersion.Original ? ZillizWire.VersionOriginal : ZillizWire.VersionLatest;

        /// <summary>restoreNewInstancePolicies as versions; a value the module does not know is left out.</summary>
        public static IReadOnlyList<MilvusVersion> ToMilvusVersions(IEnumerable<string>? policies) =>
            (policies ?? Enumerable.Empty<string>())
                .Select(p => p?.ToUpperInvariant())
                .Where(p => p == ZillizWire.VersionLatest || p == ZillizWire.VersionOriginal)
                .Select(p => p == ZillizWire.VersionOriginal ? MilvusVersion.Original : MilvusVersion.Latest)
                .Distinct()
                .ToArray();

        /// <summary>ISO 8601 UTC to the second, as the API writes times ("2024-07-30T16:49:50Z").</summary>
        public static string ToWireTime(DateTimeOffset time) =>
            time.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture);

        /// <summary>ISO 8601 UTC ("2026-11-22T06:00:00Z"); null for missing or unreadable values.</summary>
        public static DateTimeOffset? ParseTime(string? value) => Rfc3339.Parse(value)?.ToUniversalTime();

        /// <summary>
        /// Collections as items named "db.collection", in either the grouped or the older flat shape.
        /// Items are immutable, so a list shares them through <paramref name="seen"/>: most backups of a
        /// cluster hold the same collections.
        /// </summary>
        public static IReadOnlyList<BackupItem> ToItems(ZillizBackupInfo info, Dictionary<(string?, string?, string?), BackupItem>? seen = null)
        {
            var items = new List<BackupItem>();
            if (info.DbCollections is not null)
            {
                foreach (var db in info.DbCollections)
                {
                    foreach (var collection in db.Collections ?? new List<ZillizCollectionInfo>())
                    {
                        items.Add(Item(db.DbName, collection, seen));
                    }
                }
            }
            else if (info.Collections is not null)
            {
                foreach (var collection in info.Collections)
                {
                    items.Add(Item(null, collection, seen));
                }
            }

            return items.Count == 0 ? Array.Empty<BackupItem>() : items.ToArray();
        }

        private static BackupItem Item(string? database, ZillizCollectionInfo collection, Dictionary<(string?, string?, string?), BackupItem>? seen)
        {
            var key = (database, collection.CollectionName, collection.Status);
            if (seen is not null && seen.TryGetValue(key, out var known))
            {
                return known;
            }

            var item = new BackupItem(Qualified(database, collection.CollectionName), collection.Status, null);
            if (seen is not null)
            {
                seen[key] = item;
            }

            return item;
        }

        /// <summary>Weekdays as Zilliz numbers them: 1 = Monday ... 7 = Sunday.</summary>
        public static string ToFrequency(IEnumerable<DayOfWeek> days) =>
            string.Join(",", days.Select(d => d == DayOfWeek.Sunday ? 7 : (int)d).Distinct().OrderBy(n => n).Select(n => n.ToString(CultureInfo.InvariantCulture)));

        public static IReadOnlyList<DayOfWeek> FromFrequency(string? frequency) =>
            (frequency ?? "").Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries)
                .Select(p => int.TryParse(p.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0)
                .Where(n => n >= 1 && n <= 7)
                .Select(n => n == 7 ? DayOfWeek.Sunday : (DayOfWeek)n)
                .ToArray();

        /// <summary>"HH:mm-HH:mm" (UTC); nulls when absent or malformed.</summary>
        public static (TimeSpan? Start, TimeSpan? End) ParseWindow(string? window)
        {
            var parts = (window ?? "").Split('-');
            return parts.Length == 2 && TryTime(parts[0], out var start) && TryTime(parts[1], out var end) ? (start, end) : (null, null);
        }

        public static string ToWindow(TimeSpan start) => $"{Hhmm(start)}-{Hhmm(start + TimeSpan.FromHours(2))}";

        private static string Hhmm(TimeSpan time)
        {
            var wrapped = TimeSpan.FromMinutes(((int)time.TotalMinutes % (24 * 60) + (24 * 60)) % (24 * 60));
            return wrapped.Hours.ToString("00", CultureInfo.InvariantCulture) + ":" + wrapped.Minutes.ToString("00", CultureInfo.InvariantCulture);
        }

        private static bool TryTime(string text, out TimeSpan time) =>
            TimeSpan.TryParseExact(text.Trim(), @"hh\:mm", CultureInfo.InvariantCulture, out time);

        private static string Qualified(string? database, string? collection) =>
            string.IsNullOrEmpty(database) ? collection ?? "" : $"{database}.{collection}";
    }
}
