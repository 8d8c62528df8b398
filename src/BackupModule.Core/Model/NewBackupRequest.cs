using System;
using System.Collections.Generic;
using BackupModule.Operations;

namespace BackupModule.Model
{
    /// <summary>What New-ClusterBackup asks for; each back end uses the parts it knows and rejects the rest.</summary>
    public sealed class NewBackupRequest
    {
        public NewBackupRequest(string? label = null, string? clusterId = null, IReadOnlyList<string>? collections = null, string? database = null, IReadOnlyList<string>? copyToRegions = null)
        {
            Label = label;
            ClusterId = clusterId;
            Collections = collections ?? Array.Empty<string>();
            Database = database;
            CopyToRegions = copyToRegions ?? Array.Empty<string>();
        }

        /// <summary>DC/OS: the label the backup id starts with.</summary>
        public string? Label { get; }

        /// <summary>The cluster to back up, where a connection reaches several (Zilliz Cloud).</summary>
        public string? ClusterId { get; }

        /// <summary>Collections to back up; empty means the whole cluster.</summary>
        public IReadOnlyList<string> Collections { get; }

        public string? Database { get; }

        /// <summary>Zilliz Cloud: regions that each get a copy of the backup, kept until deleted (cross-region copies).</summary>
        public IReadOnlyList<string> CopyToRegions { get; }

        /// <summary>What the request is about, for error targets and prompts.</summary>
        public string Subject => Label ?? (Collections.Count > 0 ? string.Join(",", Collections) : ClusterId ?? "backup");
    }

    /// <summary>What a list asks the service for; what the service cannot filter on is filtered by the operations layer.</summary>
    public sealed class BackupQuery
    {
        public static readonly BackupQuery All = new BackupQuery();

        public BackupQuery(string? idPrefix = null, string? clusterId = null, BackupScope? scope = null, CreationMethod? creationMethod = null, DateTimeOffset? createdAfter = null, DateTimeOffset? createdBefore = null)
        {
            IdPrefix = idPrefix;
            ClusterId = clusterId;
            Scope = scope;
            CreationMethod = creationMethod;
            CreatedAfter = createdAfter;
            CreatedBefore = createdBefore;
        }

        public string? IdPrefix { get; }

        public string? ClusterId { get; }

        public BackupScope? Scope { get; }

        public CreationMethod? CreationMethod { get; }

        /// <summary>Only backups created at or after this time (a backup without a creation time never matches a time filter).</summary>
        public DateTimeOffset? CreatedAfter { get; }

        /// <summary>Only backups created before this time.</summary>
        public DateTimeOffset? CreatedBefore { get; }

        /// <summary>
        /// The -Label pattern the caller filters by afterwards, as a hint: a back end that must read each backup's
        /// details separately (milvus-backup) reads only those of the backups it matches.
        /// </summary>
        public LabelPattern? Label { get; private set; }

        /// <summary>This query with <see cref="Label"/> set (a copy: <see cref="All"/> is shared).</summary>
        public BackupQuery Matching(LabelPattern? label)
        {
            var copy = (BackupQuery)MemberwiseClone();
            copy.Label = label;
            return copy;
        }

        /// <summary>
        /// Applied to every answer, also where the service filtered already: DC/OS has no filters but the id
        /// prefix, and a service's own time filter may round or bound differently.
        /// </summary>
        public bool Matches(ClusterBackup backup) =>
            (IdPrefix is null || backup.Id.StartsWith(IdPrefix, StringComparison.Ordinal))
            && (ClusterId is null || string.Equals(backup.ClusterId, ClusterId, StringComparison.OrdinalIgnoreCase))
            && (Scope is null || backup.Scope == Scope)
            && (CreationMethod is null || backup.CreationMethod == CreationMethod)
            && (CreatedAfter is null || (backup.CreatedAt is DateTimeOffset created && created >= CreatedAfter))
            && (CreatedBefore is null || (backup.CreatedAt is DateTimeOffset made && made < CreatedBefore));
    }
}
