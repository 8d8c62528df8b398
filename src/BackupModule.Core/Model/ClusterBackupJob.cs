using System;
using System.Collections.Generic;
using BackupModule.Errors;

namespace BackupModule.Model
{
    /// <summary>A running or finished operation, e.g. a restore. Emitted by Restore-ClusterBackup.</summary>
    public sealed class ClusterBackupJob
    {
        public string Id { get; internal set; } = "";

        public JobKind Kind { get; internal set; }

        public string BackupId { get; internal set; } = "";

        /// <summary>What the operation acts on: for a DC/OS restore, the cluster it restores.</summary>
        public string? Target { get; internal set; }

        public JobStatus Status { get; internal set; }

        public string? RawStatus { get; internal set; }

        /// <summary>Percent complete, where the service reports it (DC/OS does not).</summary>
        public int? Progress { get; internal set; }

        public DateTimeOffset? StartedAt { get; internal set; }

        public DateTimeOffset? EndedAt { get; internal set; }

        public string? Error { get; internal set; }

        public IReadOnlyList<BackupItem> Items { get; internal set; } = Array.Empty<BackupItem>();

        public BackupConnection? Connection { get; internal set; }

        /// <summary>
        /// The one-time login of a cluster a restore made (Zilliz Cloud's db_admin password). Internal: the
        /// module shows it only as a PSCredential, so no formatter, serializer or log ever sees it in clear.
        /// </summary>
        internal OneTimeCredential? NewClusterCredential { get; set; }

        /// <summary>
        /// For a failed job, the module's error that says why (e.g. DestinationCollectionExists), where the back end
        /// recognises the failure; a wait reports it instead of the generic OperationFailed.
        /// </summary>
        internal BackupServiceException? Failure { get; set; }

        /// <summary>What a wait that times out in this state should warn about (milvus-backup: a task stuck at state 0).</summary>
        internal string? WarningOnTimeout { get; set; }

        public override string ToString() => Id;

        /// <summary>A newer reading of the same job, with what only the starting call knew (backup, target, credential) kept.</summary>
        internal ClusterBackupJob KeepingFactsOf(ClusterBackupJob started)
        {
            if (BackupId.Length == 0)
            {
                BackupId = started.BackupId;
            }

            Target ??= started.Target;
            NewClusterCredential ??= started.NewClusterCredential;
            return this;
        }
    }
}
