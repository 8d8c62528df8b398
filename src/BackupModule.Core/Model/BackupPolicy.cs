using System;
using System.Collections.Generic;

namespace BackupModule.Model
{
    /// <summary>A cluster's automatic backup schedule. Emitted by Get-/Set-ClusterBackupPolicy.</summary>
    public sealed class BackupPolicy
    {
        public string ClusterId { get; internal set; } = "";

        public bool Enabled { get; internal set; }

        /// <summary>The service's own status value (Zilliz: ENABLED / DISABLED).</summary>
        public string? RawStatus { get; internal set; }

        /// <summary>The days backups run on; empty when disabled.</summary>
        public IReadOnlyList<DayOfWeek> DayOfWeek { get; internal set; } = Array.Empty<DayOfWeek>();

        /// <summary>Start of the backup window, UTC time of day.</summary>
        public TimeSpan? WindowStartUtc { get; internal set; }

        /// <summary>End of the backup window, UTC time of day.</summary>
        public TimeSpan? WindowEndUtc { get; internal set; }

        /// <summary>How long automatic backups are kept; 0 when disabled.</summary>
        public int RetentionDays { get; internal set; }

        public BackendKind Backend { get; internal set; }

        public BackupConnection? Connection { get; internal set; }

        public override string ToString() => ClusterId;
    }

    /// <summary>What Set-ClusterBackupPolicy asks for: a schedule, or off.</summary>
    public sealed class BackupPolicyChange
    {
        private BackupPolicyChange(string? clusterId, bool enabled)
        {
            ClusterId = clusterId;
            Enabled = enabled;
        }

        public string? ClusterId { get; }

        public bool Enabled { get; }

        public IReadOnlyList<DayOfWeek> DayOfWeek { get; private set; } = Array.Empty<DayOfWeek>();

        public TimeSpan? WindowStartUtc { get; private set; }

        public int? RetentionDays { get; private set; }

        public static BackupPolicyChange Disable(string? clusterId) => new BackupPolicyChange(clusterId, enabled: false);

        public static BackupPolicyChange Enable(string? clusterId, IReadOnlyList<DayOfWeek> days, TimeSpan windowStartUtc, int retentionDays) =>
            new BackupPolicyChange(clusterId, enabled: true)
            {
                DayOfWeek = days,
                WindowStartUtc = windowStartUtc,
                RetentionDays = retentionDays,
            };
    }
}
