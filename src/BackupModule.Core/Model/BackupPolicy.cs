using System;
using System.Collections.Generic;
using System.Linq;

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

        /// <summary>Regions each automatic backup is also copied to, with how long the copy is kept.</summary>
        public IReadOnlyList<CrossRegionCopy> CrossRegionCopies { get; internal set; } = Array.Empty<CrossRegionCopy>();

        public BackendKind Backend { get; internal set; }

        public BackupConnection? Connection { get; internal set; }

        public override string ToString() => ClusterId;
    }

    /// <summary>A copy of each automatic backup in another cloud region (Zilliz Cloud crossRegionCopies).</summary>
    public sealed class CrossRegionCopy
    {
        public CrossRegionCopy(string regionId, int retentionDays, string? region = null)
        {
            RegionId = regionId;
            RetentionDays = retentionDays;
            Region = region;
        }

        /// <summary>The cloud region id, e.g. aws-us-east-1.</summary>
        public string RegionId { get; }

        /// <summary>How long each copy is kept, in days.</summary>
        public int RetentionDays { get; }

        /// <summary>The provider's own name of the region (us-east-1), where the service says.</summary>
        public string? Region { get; }

        public override string ToString() => $"{RegionId} ({RetentionDays} d)";
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

        /// <summary>Regions each automatic backup is copied to; null leaves them to the service (not sent), empty removes them.</summary>
        public IReadOnlyList<string>? CopyToRegions { get; private set; }

        /// <summary>How long each cross-region copy is kept; null means as long as the backups themselves.</summary>
        public int? CopyRetentionDays { get; private set; }

        /// <summary>The copies asked for, each kept <see cref="CopyRetentionDays"/> (else <see cref="RetentionDays"/>) days.</summary>
        public IReadOnlyList<CrossRegionCopy>? CrossRegionCopies =>
            CopyToRegions?.Select(region => new CrossRegionCopy(region, CopyRetentionDays ?? RetentionDays ?? 0)).ToArray();

        public static BackupPolicyChange Disable(string? clusterId) => new BackupPolicyChange(clusterId, enabled: false);

        public static BackupPolicyChange Enable(string? clusterId, IReadOnlyList<DayOfWeek> days, TimeSpan windowStartUtc, int retentionDays, IReadOnlyList<string>? copyToRegions = null, int? copyRetentionDays = null) =>
            new BackupPolicyChange(clusterId, enabled: true)
            {
                DayOfWeek = days,
                WindowStartUtc = windowStartUtc,
                RetentionDays = retentionDays,
                CopyToRegions = copyToRegions,
                CopyRetentionDays = copyRetentionDays,
            };
    }
}
