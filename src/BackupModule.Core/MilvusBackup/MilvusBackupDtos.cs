using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace BackupModule.MilvusBackup
{
    // The wire shapes, named by MilvusBackupWire. Requests carry only fields the server defines, each optional one
    // left out when unset (as Go's omitempty would); answers are read leniently: every field may be missing.
    // Numbers are read as 64-bit integers: backup_timestamp is a hybrid TSO (~2^58) that a double cannot hold.

    /// <summary>CreateBackupRequest. Always async: a sync create dies with the HTTP call (C.4a).</summary>
    internal sealed class MilvusCreateBody
    {
        [JsonPropertyName(MilvusBackupWire.BackupName)]
        public string BackupName { get; set; } = "";

        [JsonPropertyName(MilvusBackupWire.Async)]
        public bool Async => true;

        /// <summary>Database → collections; null backs up everything. Never an empty map: that backs up nothing.</summary>
        [JsonPropertyName(MilvusBackupWire.Filter)]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public Dictionary<string, MilvusCollFilter>? Filter { get; set; }
    }

    /// <summary>CollFilter: ["*"] is the whole database.</summary>
    internal sealed class MilvusCollFilter
    {
        [JsonPropertyName(MilvusBackupWire.Colls)]
        public List<string> Colls { get; set; } = new List<string>();
    }

    /// <summary>RestoreBackupRequest. Always async, with an id of the module's own so a lost answer can be looked up, never resent.</summary>
    internal sealed class MilvusRestoreBody
    {
        [JsonPropertyName(MilvusBackupWire.BackupName)]
        public string BackupName { get; set; } = "";

        [JsonPropertyName(MilvusBackupWire.Id)]
        public string Id { get; set; } = "";

        [JsonPropertyName(MilvusBackupWire.Async)]
        public bool Async => true;

        /// <summary>"db.collection" names to restore.</summary>
        [JsonPropertyName(MilvusBackupWire.CollectionNames)]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public List<string>? CollectionNames { get; set; }

        /// <summary>Database → collections, the object form; an empty list is every collection of that database (in a restore).</summary>
        [JsonPropertyName(MilvusBackupWire.DbCollections)]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public Dictionary<string, List<string>>? DbCollections { get; set; }

        [JsonPropertyName(MilvusBackupWire.CollectionSuffix)]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? CollectionSuffix { get; set; }

        /// <summary>"db.old" → "db.new" (the server's rule 2).</summary>
        [JsonPropertyName(MilvusBackupWire.CollectionRenames)]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public Dictionary<string, string>? CollectionRenames { get; set; }

        /// <summary>True or left out.</summary>
        [JsonPropertyName(MilvusBackupWire.DropExistCollection)]
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public bool? DropExistCollection { get; set; }
    }

    /// <summary>The envelope of every JSON answer: no "code" means 0 (success).</summary>
    internal sealed class MilvusEnvelope<T>
        where T : class
    {
        [JsonPropertyName(MilvusBackupWire.RequestId)]
        public string? RequestId { get; set; }

        [JsonPropertyName(MilvusBackupWire.Code)]
        public int Code { get; set; }

        [JsonPropertyName(MilvusBackupWire.Msg)]
        public string? Msg { get; set; }

        [JsonPropertyName(MilvusBackupWire.Data)]
        public T? Data { get; set; }
    }

    /// <summary>BackupSummary, as /list gives it: only what the stored meta says.</summary>
    internal sealed class MilvusBackupSummary
    {
        /// <summary>The id of the task that made the backup (the create's request_id).</summary>
        [JsonPropertyName(MilvusBackupWire.Id)]
        public string? Id { get; set; }

        [JsonPropertyName(MilvusBackupWire.Name)]
        public string? Name { get; set; }

        [JsonPropertyName(MilvusBackupWire.Size)]
        public long Size { get; set; }

        [JsonPropertyName(MilvusBackupWire.MilvusVersion)]
        public string? MilvusVersion { get; set; }
    }

    /// <summary>What every task view has: BackupInfoBrief, RestoreBackupTaskResponse and RestoreCollectionTaskResponse.</summary>
    internal abstract class MilvusTaskFields
    {
        [JsonPropertyName(MilvusBackupWire.Id)]
        public string? Id { get; set; }

        [JsonPropertyName(MilvusBackupWire.StateCode)]
        public int StateCode { get; set; }

        [JsonPropertyName(MilvusBackupWire.ErrorMessage)]
        public string? ErrorMessage { get; set; }

        /// <summary>Unix seconds.</summary>
        [JsonPropertyName(MilvusBackupWire.StartTime)]
        public long StartTime { get; set; }

        /// <summary>Unix seconds; Go's zero time (negative) while the task runs.</summary>
        [JsonPropertyName(MilvusBackupWire.EndTime)]
        public long EndTime { get; set; }

        [JsonPropertyName(MilvusBackupWire.Progress)]
        public int Progress { get; set; }
    }

    /// <summary>BackupInfoBrief: the task (state, times, progress) and, once it succeeded, the stored backup.</summary>
    internal sealed class MilvusBackupBrief : MilvusTaskFields
    {
        [JsonPropertyName(MilvusBackupWire.Name)]
        public string? Name { get; set; }

        [JsonPropertyName(MilvusBackupWire.BackupTimestamp)]
        public ulong BackupTimestamp { get; set; }

        [JsonPropertyName(MilvusBackupWire.CollectionBackups)]
        public List<MilvusCollectionBrief>? CollectionBackups { get; set; }

        [JsonPropertyName(MilvusBackupWire.Size)]
        public long Size { get; set; }

        [JsonPropertyName(MilvusBackupWire.MilvusVersion)]
        public string? MilvusVersion { get; set; }

        /// <summary>Read for the database names only; their "ezk" (an encryption key) has no property, so it is never kept.</summary>
        [JsonPropertyName(MilvusBackupWire.DatabaseBackups)]
        public List<MilvusDatabaseBrief>? DatabaseBackups { get; set; }
    }

    internal sealed class MilvusCollectionBrief
    {
        [JsonPropertyName(MilvusBackupWire.DbName)]
        public string? DbName { get; set; }

        [JsonPropertyName(MilvusBackupWire.CollectionName)]
        public string? CollectionName { get; set; }

        [JsonPropertyName(MilvusBackupWire.Size)]
        public long Size { get; set; }

        /// <summary>Loaded, NotLoad or Loading (Milvus's words).</summary>
        [JsonPropertyName(MilvusBackupWire.LoadState)]
        public string? LoadState { get; set; }
    }

    internal sealed class MilvusDatabaseBrief
    {
        [JsonPropertyName(MilvusBackupWire.DbName)]
        public string? DbName { get; set; }
    }

    /// <summary>RestoreBackupTaskResponse.</summary>
    internal sealed class MilvusRestoreTask : MilvusTaskFields
    {
        [JsonPropertyName(MilvusBackupWire.CollectionRestoreTasks)]
        public List<MilvusCollectionRestoreTask>? CollectionRestoreTasks { get; set; }
    }

    /// <summary>RestoreCollectionTaskResponse (its "id" is never filled by the server).</summary>
    internal sealed class MilvusCollectionRestoreTask : MilvusTaskFields
    {
        [JsonPropertyName(MilvusBackupWire.TargetDbName)]
        public string? TargetDbName { get; set; }

        [JsonPropertyName(MilvusBackupWire.TargetCollectionName)]
        public string? TargetCollectionName { get; set; }
    }
}
