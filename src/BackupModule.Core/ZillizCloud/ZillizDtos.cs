using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BackupModule.ZillizCloud
{
    // The wire shapes, named by ZillizWire. Every field is optional on read: the service's docs disagree
    // between versions, and a missing field must not fail a whole list.
    internal sealed class ZillizEnvelope<T>
        where T : class
    {
        [JsonPropertyName(ZillizWire.Code)]
        public JsonElement Code { get; set; }

        [JsonPropertyName(ZillizWire.Message)]
        public string? Message { get; set; }

        [JsonPropertyName(ZillizWire.Data)]
        public T? Data { get; set; }
    }

    internal sealed class ZillizCreateBody
    {
        [JsonPropertyName(ZillizWire.BackupType)]
        public string BackupType { get; set; } = ZillizWire.TypeCluster;

        [JsonPropertyName(ZillizWire.DbCollections)]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public List<ZillizDbCollectionNames>? DbCollections { get; set; }

        /// <summary>Newest reference only; sent only when the user asks for copies, so other requests fit the older schema too.</summary>
        [JsonPropertyName(ZillizWire.CrossRegionCopies)]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public List<ZillizRegionCopy>? CrossRegionCopies { get; set; }
    }

    /// <summary>A cross-region copy: create sends {regionId}; the policy adds retentionDays and reads back region.</summary>
    internal sealed class ZillizRegionCopy
    {
        [JsonPropertyName(ZillizWire.RegionId)]
        public string? RegionId { get; set; }

        [JsonPropertyName(ZillizWire.RetentionDays)]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public int? RetentionDays { get; set; }

        [JsonPropertyName(ZillizWire.Region)]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? Region { get; set; }
    }

    internal sealed class ZillizDbCollectionNames
    {
        [JsonPropertyName(ZillizWire.DbName)]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? DbName { get; set; }

        [JsonPropertyName(ZillizWire.CollectionNames)]
        public List<string> CollectionNames { get; set; } = new List<string>();
    }

    internal sealed class ZillizCreated
    {
        [JsonPropertyName(ZillizWire.BackupId)]
        public string? BackupId { get; set; }

        [JsonPropertyName(ZillizWire.BackupName)]
        public string? BackupName { get; set; }

        [JsonPropertyName(ZillizWire.JobId)]
        public string? JobId { get; set; }
    }

    internal sealed class ZillizBackupPage
    {
        [JsonPropertyName(ZillizWire.Count)]
        public int? Count { get; set; }

        [JsonPropertyName(ZillizWire.CurrentPage)]
        public int? CurrentPage { get; set; }

        [JsonPropertyName(ZillizWire.PageSize)]
        public int? PageSize { get; set; }

        [JsonPropertyName(ZillizWire.Backups)]
        public List<ZillizBackupInfo>? Backups { get; set; }
    }

    internal sealed class ZillizBackupInfo
    {
        [JsonPropertyName(ZillizWire.BackupId)]
        public string? BackupId { get; set; }

        [JsonPropertyName(ZillizWire.BackupName)]
        public string? BackupName { get; set; }

        [JsonPropertyName(ZillizWire.ProjectId)]
        public string? ProjectId { get; set; }

        [JsonPropertyName(ZillizWire.ClusterId)]
        public string? ClusterId { get; set; }

        [JsonPropertyName(ZillizWire.ClusterName)]
        public string? ClusterName { get; set; }

        [JsonPropertyName(ZillizWire.RegionId)]
        public string? RegionId { get; set; }

        [JsonPropertyName(ZillizWire.BackupType)]
        public string? BackupType { get; set; }

        [JsonPropertyName(ZillizWire.CreationMethod)]
        public string? CreationMethod { get; set; }

        [JsonPropertyName(ZillizWire.Status)]
        public string? Status { get; set; }

        [JsonPropertyName(ZillizWire.Size)]
        public long? Size { get; set; }

        [JsonPropertyName(ZillizWire.CreateTime)]
        public string? CreateTime { get; set; }

        [JsonPropertyName(ZillizWire.ExpireTime)]
        public string? ExpireTime { get; set; }

        /// <summary>Newer shape: collections grouped by database.</summary>
        [JsonPropertyName(ZillizWire.DbCollections)]
        public List<ZillizDbCollections>? DbCollections { get; set; }

        /// <summary>Older shape, still the one in the newest reference's examples: a flat list without databases.</summary>
        [JsonPropertyName(ZillizWire.Collections)]
        public List<ZillizCollectionInfo>? Collections { get; set; }

        /// <summary>CLUSTER backups: "LATEST", "ORIGINAL" (newest reference).</summary>
        [JsonPropertyName(ZillizWire.RestoreNewInstancePolicies)]
        public List<string>? RestoreNewInstancePolicies { get; set; }
    }

    internal sealed class ZillizDbCollections
    {
        [JsonPropertyName(ZillizWire.DbName)]
        public string? DbName { get; set; }

        [JsonPropertyName(ZillizWire.Collections)]
        public List<ZillizCollectionInfo>? Collections { get; set; }
    }

    internal sealed class ZillizCollectionInfo
    {
        [JsonPropertyName(ZillizWire.CollectionName)]
        public string? CollectionName { get; set; }

        [JsonPropertyName(ZillizWire.Status)]
        public string? Status { get; set; }
    }

    internal sealed class ZillizRestoreClusterBody
    {
        /// <summary>The same project under both names (see ZillizWire.RestoreProjectId).</summary>
        [JsonPropertyName(ZillizWire.RestoreProjectId)]
        public string? ProjectId { get; set; }

        [JsonPropertyName(ZillizWire.TargetProjectId)]
        public string? TargetProjectId { get; set; }

        [JsonPropertyName(ZillizWire.NewClusterName)]
        public string ClusterName { get; set; } = "";

        [JsonPropertyName(ZillizWire.CuSize)]
        public int CuSize { get; set; }

        [JsonPropertyName(ZillizWire.CollectionStatus)]
        public string CollectionStatus { get; set; } = ZillizWire.KeepLoadState;

        /// <summary>Newest reference only; sent only when the user chooses, so the body fits the older schema otherwise.</summary>
        [JsonPropertyName(ZillizWire.RestoreVersionPolicy)]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? RestoreVersionPolicy { get; set; }
    }

    internal sealed class ZillizRestoredCluster
    {
        [JsonPropertyName(ZillizWire.ClusterId)]
        public string? ClusterId { get; set; }

        [JsonPropertyName(ZillizWire.UserName)]
        public string? UserName { get; set; }

        [JsonPropertyName(ZillizWire.Password)]
        public string? Password { get; set; }

        [JsonPropertyName(ZillizWire.JobId)]
        public string? JobId { get; set; }
    }

    internal sealed class ZillizRestoreCollectionBody
    {
        [JsonPropertyName(ZillizWire.DestClusterId)]
        public string DestClusterId { get; set; } = "";

        [JsonPropertyName(ZillizWire.DbCollections)]
        public List<ZillizRestoreGroup> DbCollections { get; set; } = new List<ZillizRestoreGroup>();
    }

    internal sealed class ZillizRestoreGroup
    {
        /// <summary>The source database (newest reference); sent when the user or the backup names it, else the service picks.</summary>
        [JsonPropertyName(ZillizWire.DbName)]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? DbName { get; set; }

        /// <summary>The destination database (newest reference); the source database when omitted.</summary>
        [JsonPropertyName(ZillizWire.DestDbName)]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? DestDbName { get; set; }

        [JsonPropertyName(ZillizWire.Collections)]
        public List<ZillizRestoreCollection> Collections { get; set; } = new List<ZillizRestoreCollection>();
    }

    internal sealed class ZillizRestoreCollection
    {
        [JsonPropertyName(ZillizWire.CollectionName)]
        public string CollectionName { get; set; } = "";

        [JsonPropertyName(ZillizWire.DestCollectionName)]
        public string DestCollectionName { get; set; } = "";

        [JsonPropertyName(ZillizWire.DestCollectionStatus)]
        public string DestCollectionStatus { get; set; } = ZillizWire.Unloaded;
    }

    internal sealed class ZillizJobRef
    {
        [JsonPropertyName(ZillizWire.JobId)]
        public string? JobId { get; set; }
    }

    internal sealed class ZillizJobInfo
    {
        [JsonPropertyName(ZillizWire.JobId)]
        public string? JobId { get; set; }

        [JsonPropertyName(ZillizWire.Type)]
        public string? Type { get; set; }

        [JsonPropertyName(ZillizWire.Status)]
        public string? Status { get; set; }

        /// <summary>A string ("100") in the docs; a number is read too.</summary>
        [JsonPropertyName(ZillizWire.Progress)]
        public JsonElement Progress { get; set; }

        [JsonPropertyName(ZillizWire.StartTime)]
        public string? StartTime { get; set; }

        [JsonPropertyName(ZillizWire.EndTime)]
        public string? EndTime { get; set; }

        [JsonPropertyName(ZillizWire.Reason)]
        public string? Reason { get; set; }
    }

    internal sealed class ZillizPolicyInfo
    {
        [JsonPropertyName(ZillizWire.ClusterId)]
        public string? ClusterId { get; set; }

        [JsonPropertyName(ZillizWire.Status)]
        public string? Status { get; set; }

        [JsonPropertyName(ZillizWire.StartTime)]
        public string? StartTime { get; set; }

        [JsonPropertyName(ZillizWire.Frequency)]
        public string? Frequency { get; set; }

        [JsonPropertyName(ZillizWire.RetentionDays)]
        public int? RetentionDays { get; set; }

        [JsonPropertyName(ZillizWire.CrossRegionCopies)]
        public List<ZillizRegionCopy>? CrossRegionCopies { get; set; }
    }

    internal sealed class ZillizPolicyBody
    {
        [JsonPropertyName(ZillizWire.Frequency)]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? Frequency { get; set; }

        [JsonPropertyName(ZillizWire.StartTime)]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? StartTime { get; set; }

        [JsonPropertyName(ZillizWire.RetentionDays)]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public int? RetentionDays { get; set; }

        [JsonPropertyName(ZillizWire.Enabled)]
        public bool Enabled { get; set; }

        [JsonPropertyName(ZillizWire.CrossRegionCopies)]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public List<ZillizRegionCopy>? CrossRegionCopies { get; set; }
    }

    internal sealed class ZillizClusterInfo
    {
        [JsonPropertyName(ZillizWire.ClusterId)]
        public string? ClusterId { get; set; }

        [JsonPropertyName(ZillizWire.ConnectAddress)]
        public string? ConnectAddress { get; set; }
    }

    internal sealed class ZillizHasCollectionBody
    {
        [JsonPropertyName(ZillizWire.DbName)]
        public string DbName { get; set; } = "";

        [JsonPropertyName(ZillizWire.CollectionName)]
        public string CollectionName { get; set; } = "";
    }

    internal sealed class ZillizHasCollection
    {
        [JsonPropertyName(ZillizWire.Has)]
        public bool Has { get; set; }
    }

    internal sealed class ZillizExportBody
    {
        [JsonPropertyName(ZillizWire.IntegrationId)]
        public string IntegrationId { get; set; } = "";

        [JsonPropertyName(ZillizWire.Directory)]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? Directory { get; set; }
    }
}
