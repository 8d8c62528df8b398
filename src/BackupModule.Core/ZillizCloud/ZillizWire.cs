namespace BackupModule.ZillizCloud
{
    /// <summary>
    /// Every Zilliz Cloud REST v2 name the client sends or reads, in one place, so that a spelling the
    /// live API turns out to use differently is switched in one line. Sources: the digest
    /// (docs/wire/backup-apis.md part B), the zh-CN restore guide and the newest reference
    /// (zilliztech/zdoc content/en/reference/api/restful/restful/v2, "Z-new"), which wins where they
    /// disagree. [?] marks a name or value no source confirms.
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

        // Time filters of the newest reference (the older page called them startTime/endTime, which the
        // module never sends). ISO 8601 UTC, as every time of the API [?]: the page gives no format.
        public const string StartQuery = "start";
        public const string EndQuery = "end";
        public const int MaxPageSize = 100;

        // Create body and result.
        public const string BackupType = "backupType";
        public const string DbCollections = "dbCollections";
        public const string DbName = "dbName";
        public const string CollectionNames = "collectionNames";
        public const string BackupId = "backupId";
        public const string BackupName = "backupName";
        public const string JobId = "jobId";

        // Cross-region copies (Z-new): create takes [{regionId}], the policy [{regionId, retentionDays}] and
        // reads back [{regionId, retentionDays, region}].
        public const string CrossRegionCopies = "crossRegionCopies";
        public const string Region = "region";

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

        /// <summary>The Milvus versions a restore of this CLUSTER backup into a new cluster may choose (Z-new).</summary>
        public const string RestoreNewInstancePolicies = "restoreNewInstancePolicies";

        // restoreCluster sends the project under both spellings, with the same value: the newest reference
        // requires projectId, while the tutorials (the newest English one too) and the older reference send
        // targetProjectId. Which one the live service reads is not settled [?]; a JSON reader ignores the
        // name it does not know, so both go until a live answer says which (then drop the other here).
        public const string RestoreProjectId = "projectId";
        public const string TargetProjectId = "targetProjectId";
        public const string RestoreVersionPolicy = "restoreVersionPolicy";
        public const string NewClusterName = "clusterName";
        public const string CuSize = "cuSize";
        public const string CollectionStatus = "collectionStatus";
        public const string UserName = "username";
        public const string Password = "password";

        // restoreCollection: the guide says dest*, the OpenAPI and a reference page say target* [?].
        public const string DestClusterId = "destClusterId";
        public const string DestCollectionName = "destCollectionName";
        public const string DestCollectionStatus = "destCollectionStatus";
        public const string DestDbName = "destDbName";

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
        public const string VersionLatest = "LATEST";
        public const string VersionOriginal = "ORIGINAL";

        // Error codes, as published: 21119 (every page's failure example), the v2 table 96000-96040
        // (error-codes-v2, complete) and, from the v1 table, only 80001/80002 (a bad token): the live service
        // still answers a bad credential with them (recorded by the Terraform provider: HTTP 401, code 80001).
        // No other 80xxx code means anything here. ZillizErrorTranslator gives each its ErrorId.
        public const int CodeSuccess = 0;
        public const int CodeSuccessV1 = 200;
        public const int CodeBadApiKey = 21119;
        public const int CodeTokenIllegalV1 = 80001;
        public const int CodeTokenInvalidV1 = 80002;
        public const int CodeFirstV2 = 96000;
        public const int CodeFirstNoPermission = 96012;
        public const int CodeLastNoPermission = 96016;
        public const int CodeClusterNotFound = 96018;
        public const int CodeFirstPlanLimit = 96019;
        public const int CodeLastPlanLimit = 96022;
        public const int CodeMetricsFailed = 96024;
        public const int CodeJobNotFound = 96026;
        public const int CodeNoKeyScope = 96027;
        public const int CodeEnterpriseOnly = 96028;
        public const int CodeCreateBackupFailed = 96038;
        public const int CodeLastV2 = 96040;

        // Nothing is published for "backup not found", "a backup is running" or "collection exists" [?]: an
        // answer whose code is in neither table is matched by its text, on the routes it can be about.

        /// <summary>Message fragments that mark "another backup is running" until its code is known [?].</summary>
        public static readonly string[] BusyMarkers = { "in progress", "is running", "already running", "another backup" };

        public static readonly string[] NotFoundMarkers = { "not found", "not exist", "does not exist" };

        public static readonly string[] ExistsMarkers = { "already exists", "already exist" };

        /// <summary>Zilliz Cloud's documented limit is 20 requests per second per endpoint; keep a margin.</summary>
        public const int RequestsPerSecondPerEndpoint = 18;
    }
}
