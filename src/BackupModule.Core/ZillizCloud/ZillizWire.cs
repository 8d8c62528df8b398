namespace BackupModule.ZillizCloud
{
    /// <summary>
    /// Every Zilliz Cloud REST v2 name the client sends or reads, in one place, so that a spelling the
    /// live API turns out to use differently is switched in one line. Sources: the digest
    /// (shared/reference/backup-apis.md part B) and the restore guide (seed 004), whose spelling wins
    /// where they disagree. [?] marks a name or value no source confirms.
    /// </summary>
    internal static class ZillizWire
    {
        public const string GlobalBaseUrl = "https://api.cloud.zilliz.com";
        public const string ChinaBaseUrl = "https://api.cloud.zilliz.com.cn";

        // Paths (relative to the base URL) and the route templates the rate limit counts.
        public const string CreatePath = "v2/clusters/{0}/backups/create";
        public const string ListPath = "v2/backups";
        public const string BackupPath = "v2/clusters/{0}/backups/{1}";
        public const string RestoreClusterPath = "v2/clusters/{0}/backups/{1}/restoreCluster";
        public const string RestoreCollectionPath = "v2/clusters/{0}/backups/{1}/restoreCollection";
        public const string PolicyPath = "v2/clusters/{0}/backups/policy";
        public const string ExportPath = "v2/clusters/{0}/backups/{1}/export";
        public const string JobPath = "v2/jobs/{0}";
        public const string ClusterPath = "v2/clusters/{0}";

        // The data plane, under a cluster's connectAddress (Milvus REST v2).
        public const string ConnectAddress = "connectAddress";
        public const string HasCollectionPath = "v2/vectordb/collections/has";
        public const string Has = "has";

        // Envelope.
        public const string Code = "code";
        public const string Message = "message";
        public const string Data = "data";
        public const string RequestIdHeader = "requestid";

        // List query.
        public const string ProjectIdQuery = "projectId";
        public const string ClusterIdQuery = "clusterId";
        public const string CreationMethodQuery = "creationMethod";
        public const string BackupTypeQuery = "backupType";
        public const string PageSizeQuery = "pageSize";
        public const string CurrentPageQuery = "currentPage";
        public const int MaxPageSize = 100;

        // Create body and result.
        public const string BackupType = "backupType";
        public const string DbCollections = "dbCollections";
        public const string DbName = "dbName";
        public const string CollectionNames = "collectionNames";
        public const string BackupId = "backupId";
        public const string BackupName = "backupName";
        public const string JobId = "jobId";

        // List page.
        public const string Count = "count";
        public const string CurrentPage = "currentPage";
        public const string PageSize = "pageSize";
        public const string Backups = "backups";

        // Backup object.
        public const string ProjectId = "projectId";
        public const string ClusterId = "clusterId";
        public const string ClusterName = "clusterName";
        public const string RegionId = "regionId";
        public const string CreationMethod = "creationMethod";
        public const string Status = "status";
        public const string Size = "size";
        public const string CreateTime = "createTime";
        public const string ExpireTime = "expireTime";
        public const string Collections = "collections";
        public const string CollectionName = "collectionName";

        // restoreCluster: the guide and the older OpenAPI say targetProjectId, one reference page says projectId [?].
        public const string TargetProjectId = "targetProjectId";
        public const string NewClusterName = "clusterName";
        public const string CuSize = "cuSize";
        public const string CollectionStatus = "collectionStatus";
        public const string UserName = "username";
        public const string Password = "password";

        // restoreCollection: the guide (seed) says dest*, the OpenAPI and a reference page say target* [?].
        public const string DestClusterId = "destClusterId";
        public const string DestCollectionName = "destCollectionName";
        public const string DestCollectionStatus = "destCollectionStatus";

        // Export (private preview, Dedicated-Enterprise; needs an S3 integration).
        public const string IntegrationId = "integrationId";
        public const string Directory = "directory";

        // Policy.
        public const string Frequency = "frequency";
        public const string StartTime = "startTime";
        public const string RetentionDays = "retentionDays";
        public const string Enabled = "enabled";

        // Job.
        public const string Type = "type";
        public const string Progress = "progress";
        public const string EndTime = "endTime";
        public const string Reason = "reason";

        // Values.
        public const string TypeCluster = "CLUSTER";
        public const string TypeCollection = "COLLECTION";
        public const string MethodManual = "MANUAL";
        public const string MethodAuto = "AUTO";
        public const string BackupCreating = "CREATING";
        public const string BackupAvailable = "AVAILABLE";
        public const string BackupDeleted = "DELETED";
        public const string JobPending = "PENDING";
        public const string JobInProgress = "IN_PROGRESS";
        public const string JobSuccessful = "SUCCESSFUL";
        public const string JobFailed = "FAILED";
        public const string JobCanceling = "CANCELING";
        public const string JobCanceled = "CANCELED"; // [?] the value after CANCELING is not documented
        public const string JobTypeBackup = "BACKUP";
        public const string JobTypeRestore = "RESTORE";
        public const string JobTypeExport = "EXPORT"; // [?] not listed
        public const string KeepLoadState = "KEEP";
        public const string ReleaseLoadState = "RELEASE";
        public const string Loaded = "LOADED";
        public const string Unloaded = "UNLOADED";
        public const string PolicyEnabled = "ENABLED";
        public const string PolicyDisabled = "DISABLED";

        // Error codes. Documented: 21119 (bad API key), 96xxx (bad parameters). The backup-specific ones
        // (not found, busy, exists) are not documented [?]: these are the emulator's, and the client
        // also matches the message text.
        public const int CodeSuccess = 0;
        public const int CodeSuccessV1 = 200;
        public const int CodeBadApiKey = 21119;
        public const int CodeBackupNotFound = 80001; // [?]
        public const int CodeJobNotFound = 80002; // [?]
        public const int CodeBackupBusy = 80003; // [?]
        public const int CodeCollectionExists = 80004; // [?]
        public const int CodeClusterNotFound = 80005; // [?]

        /// <summary>Message fragments that mark "another backup is running" until its code is known [?].</summary>
        public static readonly string[] BusyMarkers = { "in progress", "is running", "already running", "another backup" };

        public static readonly string[] NotFoundMarkers = { "not found", "not exist", "does not exist" };

        public static readonly string[] ExistsMarkers = { "already exists", "already exist" };

        /// <summary>Zilliz Cloud's documented limit is 20 requests per second per endpoint; keep a margin.</summary>
        public const int RequestsPerSecondPerEndpoint = 18;
    }
}
