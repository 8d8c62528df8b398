namespace BackupModule.MilvusBackup
{
    /// <summary>
    /// Every name and value of the milvus-backup REST server (`milvus-backup server`, zilliztech/milvus-backup) the
    /// client sends or reads, in one place. Sources: the digest (docs/wire/backup-apis.md part C, C.4a) and the
    /// field list (docs/wire/milvus-backup-fields.md), both read from the server's source at f81df44; where the newest source
    /// differs, a comment says so. The JSON mixes snake_case and camelCase as the generated protobuf tags do, enums are
    /// integers, and a success carries no "code". [?] marks a name or value nothing confirms.
    /// </summary>
    internal static class MilvusBackupWire
    {
        /// <summary>The server's routes are under this, relative to the address the user gives (http://host:8080).</summary>
        public const string BasePath = "api/v1/";

        public const string DefaultPort = "8080";

        // Routes (relative to BasePath).
        public const string CreatePath = "create";
        public const string ListPath = "list";
        public const string GetBackupPath = "get_backup";
        public const string DeletePath = "delete";
        public const string RestorePath = "restore";
        public const string GetRestorePath = "get_restore";

        /// <summary>With an underscore, as the server reads it; becomes the create's task id. Proxies like nginx drop it by default.</summary>
        public const string RequestIdHeader = "request_id";

        // Query parameters.
        public const string BackupIdQuery = "backup_id";
        public const string BackupNameQuery = "backup_name";
        public const string RestoreIdQuery = "id";

        // Envelope (BackupInfoResponse, ListBackupsResponse, DeleteBackupResponse, RestoreBackupResponse).
        public const string RequestId = "requestId";
        public const string Code = "code";
        public const string Msg = "msg";
        public const string Data = "data";

        /// <summary>gin's own error body: HTTP 400 {"error": "..."} when a body cannot be bound.</summary>
        public const string Error = "error";

        // CreateBackupRequest.
        public const string BackupName = "backup_name";
        public const string Async = "async";
        public const string Filter = "filter";
        public const string Colls = "colls";

        /// <summary>A filter's "colls" of exactly ["*"] is every collection of the database; an empty list is none.</summary>
        public const string AllCollections = "*";

        // BackupInfoBrief.
        public const string Id = "id";
        public const string StateCode = "state_code";
        public const string ErrorMessage = "errorMessage";
        public const string StartTime = "start_time";
        public const string EndTime = "end_time";
        public const string Progress = "progress";
        public const string Name = "name";
        public const string BackupTimestamp = "backup_timestamp";
        public const string CollectionBackups = "collection_backups";
        public const string Size = "size";
        public const string MilvusVersion = "milvus_version";
        public const string DatabaseBackups = "database_backups";
        public const string MetaSize = "meta_size";
        public const string Format = "format";

        // CollectionBackupInfoBrief / DatabaseBackupInfo. (database_backups[].ezk is an encryption key: never read.)
        public const string DbName = "db_name";
        public const string CollectionName = "collection_name";
        public const string LoadState = "load_state";

        // RestoreBackupRequest.
        public const string CollectionNames = "collection_names";
        public const string CollectionSuffix = "collection_suffix";
        public const string CollectionRenames = "collection_renames";
        public const string DbCollections = "db_collections";
        public const string DropExistCollection = "dropExistCollection";

        // RestoreBackupTaskResponse.
        public const string CollectionRestoreTasks = "collection_restore_tasks";
        public const string TargetDbName = "target_db_name";
        public const string TargetCollectionName = "target_collection_name";

        // ResponseCode. The server sends only 3 and 400 (and 0 by omitting "code"); newer upstream adds 503 on create.
        public const int CodeSuccess = 0;
        public const int CodeNotSupport = 1;
        public const int CodeNoPermission = 2;
        public const int CodeFail = 3;
        public const int CodeParameterError = 400;
        public const int CodeNotFound = 404;
        public const int CodeStorageNotReady = 503;

        // BackupTaskStateCode and RestoreTaskStateCode (the same numbers).
        public const int StateInitial = 0;
        public const int StateExecuting = 1;
        public const int StateSuccess = 2;
        public const int StateFail = 3;

        /// <summary>Defined, never set by the server's code: read as a failure.</summary>
        public const int StateTimeout = 4;

        /// <summary>Go's zero time as Unix seconds: the end_time of a task that has not ended.</summary>
        public const long ZeroTimeUnixSeconds = -62135596800;

        /// <summary>Milvus's database when none is named.</summary>
        public const string DefaultDatabase = "default";

        /// <summary>The server's own restore ids start so (restore_2026_12_04_18_15_00_…); the module's do too.</summary>
        public const string RestoreIdPrefix = "restore_";

        // Message fragments the server's codes do not tell apart (every failure is code 3).
        public const string TaskNotFoundMarker = "task not found";
        public const string ReadBackupInfoMarker = "read backup info";
        public const string ExistingTaskMarker = "existing task";
        public const string CollectionExistsMarker = "collection already exist";
        public const string NotFoundMarker = "not found";
    }
}
