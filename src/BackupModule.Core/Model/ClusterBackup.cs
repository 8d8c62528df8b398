using System;
using System.Collections.Generic;

namespace BackupModule.Model
{
    /// <summary>A backup, the same type for every back end. Emitted by New-/Get-ClusterBackup.</summary>
    public sealed class ClusterBackup
    {
        public string Id { get; internal set; } = "";

        /// <summary>The label given at creation (DC/OS), or the backup name (Zilliz Cloud).</summary>
        public string Label { get; internal set; } = "";

        public BackupStatus Status { get; internal set; }

        /// <summary>The status exactly as the service sent it.</summary>
        public string? RawStatus { get; internal set; }

        public BackendKind Backend { get; internal set; }

        /// <summary>The cluster the backup belongs to: for DC/OS the master URL it was read from.</summary>
        public string? ClusterId { get; internal set; }

        /// <summary>The project the cluster belongs to, where the service has projects (Zilliz Cloud).</summary>
        public string? ProjectId { get; internal set; }

        public BackupScope Scope { get; internal set; }

        public CreationMethod CreationMethod { get; internal set; }

        public DateTimeOffset? CreatedAt { get; internal set; }

        public long? SizeBytes { get; internal set; }

        public DateTimeOffset? ExpiresAt { get; internal set; }

        /// <summary>The version of the software that made the backup (DC/OS: dcos_version).</summary>
        public string? SourceVersion { get; internal set; }

        public IReadOnlyList<BackupItem> Items { get; internal set; } = Array.Empty<BackupItem>();

        /// <summary>
        /// Zilliz Cloud: the Milvus versions a restore of this cluster backup into a new cluster may choose
        /// (Restore-ClusterBackup -MilvusVersion); empty when the service names none.
        /// </summary>
        public IReadOnlyList<MilvusVersion> MilvusVersions { get; internal set; } = Array.Empty<MilvusVersion>();

        /// <summary>The cloud region the backup is kept in, where the service says (Zilliz Cloud: aws-us-west-2).</summary>
        public string? RegionId { get; internal set; }

        public string? Error { get; internal set; }

        /// <summary>The operation creating the backup, where the service names one.</summary>
        public string? JobId { get; internal set; }

        /// <summary>Restores made from this backup (DC/OS keeps them on the backup).</summary>
        public IReadOnlyList<ClusterBackupJob> Restores { get; internal set; } = Array.Empty<ClusterBackupJob>();

        /// <summary>The connection the backup was read through, so a pipeline goes back to the same cluster.</summary>
        public BackupConnection? Connection { get; internal set; }

        public override string ToString() => Id;

        /// <summary>A newer reading of the same backup, keeping the job id only the creating call knew.</summary>
        internal ClusterBackup KeepingJobOf(ClusterBackup started)
        {
            JobId ??= started.JobId;
            return this;
        }
    }
}
