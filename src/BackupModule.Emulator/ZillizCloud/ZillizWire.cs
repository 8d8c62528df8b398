using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace BackupModule.Emulator;

/// <summary>A collection inside a database, as clusters hold it and backups list it (wire: dbCollections[].collections[]).</summary>
public sealed record ZillizCollection(string CollectionName, string Status);

/// <summary>A database and its collections (wire: an item of dbCollections).</summary>
public sealed record ZillizDatabase(string DbName, IReadOnlyList<ZillizCollection> Collections);

/// <summary>A collection as a backup shows it; the emulator keeps no collection descriptions, so "" [?].</summary>
public sealed record ZillizCollectionInfo(string CollectionName, string Description, string Status);

/// <summary>A database of a backup with its collections (the newest schema's dbCollections item).</summary>
public sealed record ZillizDatabaseInfo(string DbName, IReadOnlyList<ZillizCollectionInfo> Collections);

/// <summary>
/// A backup as describe and list show it (the newest reference's examples and schema); property names are
/// the wire names. Its collections come in one of two shapes (<see cref="ZillizCollectionsShape"/>): the
/// other property is left out. restoreNewInstancePolicies is empty for COLLECTION backups (it applies to
/// CLUSTER backups only).
/// </summary>
public sealed record ZillizBackupSnapshot(
    string ClusterId,
    string ClusterName,
    string ProjectId,
    string BackupId,
    string BackupName,
    string BackupType,
    string CreationMethod,
    string Status,
    long Size,
    string RegionId,
    string? ExpireTime,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ZillizCollectionInfo>? Collections,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ZillizDatabaseInfo>? DbCollections,
    string CreateTime,
    IReadOnlyList<string> RestoreNewInstancePolicies);

/// <summary>A job as GET /v2/jobs/{jobId} shows it (digest B.5); progress is a string on the wire.</summary>
public sealed record ZillizJobSnapshot(string JobId, string Type, string Status, string Progress, string StartTime, string? EndTime, string Reason);

/// <summary>A cluster of the emulated project with what it holds now (admin view; the backup API has no cluster route).</summary>
public sealed record ZillizClusterSnapshot(
    string ClusterId,
    string ClusterName,
    string ProjectId,
    string RegionId,
    int CuSize,
    string Status,
    IReadOnlyList<ZillizDatabase> Databases);

/// <summary>Describe Cluster (GET /v2/clusters/{id}), the fields a backup client reads.</summary>
public sealed record ZillizClusterDescription(string ClusterId, string ClusterName, string ProjectId, string RegionId, int CuSize, string Status, string ConnectAddress);

/// <summary>The data plane's answer to collections/has.</summary>
public sealed record ZillizHas(bool Has);

/// <summary>A cross-region copy of a policy: the region id, how long copies are kept, and the provider's region name.</summary>
public sealed record ZillizRegionCopy(string RegionId, int RetentionDays, string Region);

/// <summary>The automatic backup policy of a cluster (GET .../backups/policy); no copies when disabled.</summary>
public sealed record ZillizBackupPolicy(string ClusterId, string Status, string? StartTime, string? Frequency, int RetentionDays, IReadOnlyList<ZillizRegionCopy>? CrossRegionCopies = null);

/// <summary>Wire names, codes and the envelope of Zilliz Cloud REST v2 (digest B, /work/notes/zilliz-wire-contract.md).</summary>
internal static class ZillizWire
{
    public const string RequestIdHeader = "requestid";

    public const string BackupTypeCluster = "CLUSTER";
    public const string BackupTypeCollection = "COLLECTION";
    public const string Manual = "MANUAL";
    public const string Auto = "AUTO";

    public const string Creating = "CREATING";
    public const string Available = "AVAILABLE";
    public const string Deleted = "DELETED";

    public const string JobBackup = "BACKUP";
    public const string JobRestore = "RESTORE";
    public const string JobExport = "EXPORT"; // [?] the real type value of export jobs is undocumented

    public const string Pending = "PENDING";
    public const string InProgress = "IN_PROGRESS";
    public const string Successful = "SUCCESSFUL";
    public const string Failed = "FAILED";

    public const string Loaded = "LOADED";
    public const string Unloaded = "UNLOADED";

    public const string PolicyEnabled = "ENABLED";
    public const string PolicyDisabled = "DISABLED";

    // [?] Cluster states are the emulator's own: the admin view tells a restore target from a ready cluster.
    public const string ClusterRunning = "RUNNING";
    public const string ClusterRestoring = "RESTORING";

    public const string RestoreUsername = "db_admin";

    public const string VersionLatest = "LATEST";
    public const string VersionOriginal = "ORIGINAL";

    /// <summary>[?] Every CLUSTER backup offers both Milvus versions (the reference: ORIGINAL only for recent backups behind the latest GA).</summary>
    public static readonly IReadOnlyList<string> ClusterRestorePolicies = new[] { VersionLatest, VersionOriginal };

    /// <summary>camelCase like the real API; nulls are written (expireTime, endTime, policy window).</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>{"code":0,"data":...} written straight to text: a page of 100 backups is the biggest answer.</summary>
    public static string Success(object data) => "{\"code\":0,\"data\":" + JsonSerializer.Serialize(data, data.GetType(), Options) + "}";

    public static JsonObject Failure(int code, string message) => new() { ["code"] = code, ["message"] = message };

    /// <summary>ISO 8601 UTC to the second, as the documented examples ("2026-11-22T06:00:00Z").</summary>
    public static string FormatTime(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture);
}

/// <summary>
/// The body codes the emulator answers with: the published ones (21119 and the v2 table, error-codes-v2, with
/// their published texts), and for what nothing publishes (a missing backup, busy, an existing collection,
/// a malformed body) its own 98xxx codes, which mean nothing in the v1 or the v2 table [?]. No 80xxx code:
/// those are v1 codes with other meanings (80001 is "The token is illegal").
/// </summary>
internal static class ZillizCodes
{
    public const int IllegalApiKey = 21119;
    public const int BadRegionId = 96001;
    public const int BadCuSize = 96002;
    public const int BadProjectId = 96005;
    public const int BadTimestamp = 96007;
    public const int BadPageSize = 96008;
    public const int BadCurrentPage = 96009;
    public const int BadClusterName = 96010;
    public const int NoPermission = 96013; // [?] 96012-96016 and 96027 are the published permission codes
    public const int ClusterNotFound = 96018;
    public const int EmptyClusterId = 96025;
    public const int JobNotFound = 96026;
    public const int BadBackupType = 96029;
    public const int BadCreationMethod = 96030;
    public const int BadCollectionStatus = 96031;
    public const int BadPolicyFrequency = 96032;
    public const int BadPolicyStartTime = 96033;
    public const int BadRetentionDays = 96034;
    public const int BadTimeRange = 96035;
    public const int BadTargetCollectionStatus = 96037;
    public const int CreateBackupFailed = 96038;
    public const int RestoreCollectionFailed = 96039;
    public const int RestoreClusterFailed = 96040;

    public const int InvalidRequest = 98000; // [?] malformed JSON, a wrong type, a required field with no code of its own
    public const int BackupNotFound = 98001; // [?]
    public const int Busy = 98002; // [?] a manual backup of the cluster is being made
    public const int DestinationExists = 98003; // [?] restoreCollection would overwrite a collection
    public const int NotExportable = 98004; // [?] export of a backup that is not AVAILABLE
    public const int TooManyRequests = 429; // [?] the throttling code is undocumented
    public const int NotFoundRoute = 404; // [?] unknown /v2 path or method

    /// <summary>The published text of each published code the emulator sends (error-codes-v2); "%s" ones take a detail.</summary>
    private static readonly Dictionary<int, string> Published = new()
    {
        [IllegalApiKey] = "The apikey is illegal.",
        [BadRegionId] = "Invalid RegionId. Please use the ListCloudRegions API to obtain a list of supported regionIds.",
        [BadCuSize] = "Invalid cuSize. The parameter value should be positive.",
        [BadProjectId] = "Invalid projectId. The projectId should be like proj-xxxxxxxx. Please use the ListProjects API to obtain your scoped projects.",
        [BadTimestamp] = "Invalid ISO 8601 timestamp format in UTC.",
        [BadPageSize] = "The parameter value for pageSize should be between 1 and 100.",
        [BadCurrentPage] = "The parameter currentPage should have a value between 1 and the maximum value of Int.",
        [BadClusterName] = "Invalid clusterName. Cluster names can only contain alphanumeric letters and hyphens.",
        [NoPermission] = "You don't have permission for this project. Org owner or project owner is needed.",
        [ClusterNotFound] = "Cluster not found. Please use the ListClusters API to obtain your scoped clusters.",
        [EmptyClusterId] = "Empty clusterId. Please specify a clusterId.",
        [JobNotFound] = "Job not found. Please check your request parameter.",
        [BadBackupType] = "Invalid backupType.",
        [BadCreationMethod] = "Invalid backup creationMethod.",
        [BadCollectionStatus] = "Invalid backup restore policy. The value of 'collectionStatus' should be KEEP or RELEASE.",
        [BadPolicyFrequency] = "Invalid backup policy frequency.",
        [BadPolicyStartTime] = "Invalid backup policy startTime.",
        [BadRetentionDays] = "Invalid auto backup retentionDays. The value should be between 1 and 30.",
        [BadTimeRange] = "Invalid time range. Please check start and end time parameters.",
        [BadTargetCollectionStatus] = "Invalid targetCollectionStatus. The value should be LOADED or UNLOADED.",
        [CreateBackupFailed] = "Failed to create backup. %s",
        [RestoreCollectionFailed] = "Failed to restore collection backup. %s",
        [RestoreClusterFailed] = "Failed to restore cluster backup. %s",
    };

    /// <summary>
    /// An error answer (HTTP 200, as the live service sends business errors). A published code carries its
    /// published text, whose "%s" <paramref name="detail"/> fills or which it follows (the emulator's hint of
    /// what exactly was wrong [?]); the emulator's own codes carry <paramref name="detail"/> alone.
    /// </summary>
    public static ZillizApiException Error(int code, string? detail = null)
    {
        if (!Published.TryGetValue(code, out var text))
        {
            return new ZillizApiException(code, detail ?? string.Empty);
        }

        var message = text.Contains("%s", StringComparison.Ordinal) ? text.Replace("%s", detail ?? "", StringComparison.Ordinal).TrimEnd()
            : detail is null ? text
            : $"{text} {detail}";
        return new ZillizApiException(code, message);
    }
}

/// <summary>The "data" of the answers that are not a backup, job or policy (property names are the wire names).</summary>
internal sealed record ZillizCreatedBackup(string BackupId, string BackupName, string JobId);

internal sealed record ZillizDeletedBackup(string BackupId, string BackupName);

/// <summary>restoreCluster's answer: the only place the generated password ever appears.</summary>
internal sealed record ZillizRestoredCluster(string ClusterId, string Username, string Password, string JobId);

internal sealed record ZillizStartedJob(string JobId);

internal sealed record ZillizBackupPage(int Count, int CurrentPage, int PageSize, IReadOnlyList<ZillizBackupSnapshot> Backups);

internal sealed record ZillizPolicyStatus(string ClusterId, string Status);

/// <summary>The list filters; null means "any". Start and End bound createTime, both inclusive [?].</summary>
internal sealed record ZillizBackupFilter(string? ProjectId, string? ClusterId, string? CreationMethod, string? BackupType, DateTimeOffset? Start = null, DateTimeOffset? End = null);
