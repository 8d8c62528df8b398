using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BackupModule.Emulator;

/// <summary>A collection inside a database, as clusters hold it and backups list it (wire: dbCollections[].collections[]).</summary>
public sealed record ZillizCollection(string CollectionName, string Status);

/// <summary>A database and its collections (wire: an item of dbCollections).</summary>
public sealed record ZillizDatabase(string DbName, IReadOnlyList<ZillizCollection> Collections);

/// <summary>A backup as describe and list show it (digest B.4); property names are the wire names.</summary>
public sealed record ZillizBackupSnapshot(
    string BackupId,
    string BackupName,
    string ProjectId,
    string ClusterId,
    string ClusterName,
    string RegionId,
    string BackupType,
    string CreationMethod,
    string Status,
    long Size,
    string CreateTime,
    string? ExpireTime,
    IReadOnlyList<ZillizDatabase> DbCollections);

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

/// <summary>The automatic backup policy of a cluster (GET .../backups/policy).</summary>
public sealed record ZillizBackupPolicy(string ClusterId, string Status, string? StartTime, string? Frequency, int RetentionDays);

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
/// The body codes the emulator answers with. Only 21119 and 96xxx are documented; the backup-specific
/// real codes are not, so every 8xxxx code is the emulator's choice [?].
/// </summary>
internal static class ZillizCodes
{
    public const int InvalidParameter = 80000; // [?] malformed body, missing field, unknown enum value
    public const int BackupNotFound = 80001;
    public const int JobNotFound = 80002;
    public const int Busy = 80003;
    public const int DestinationExists = 80004;
    public const int ClusterNotFound = 80005;
    public const int NotRestorable = 80006;
    public const int CollectionNotFound = 80007;
    public const int BadCuSize = 96002;
    public const int BadProjectId = 96005;
    public const int BadPageSize = 96008;
    public const int BadCurrentPage = 96009;
    public const int BadClusterName = 96010;
    public const int NoPermission = 96013; // [?] 96012-96016 are documented as permission problems
    public const int BadPolicy = 96018;
    public const int IllegalApiKey = 21119;
    public const int TooManyRequests = 429; // [?] the throttling code is undocumented
    public const int NotFoundRoute = 404; // [?] unknown /v2 path or method
}

/// <summary>The "data" of the answers that are not a backup, job or policy (property names are the wire names).</summary>
internal sealed record ZillizCreatedBackup(string BackupId, string BackupName, string JobId);

internal sealed record ZillizDeletedBackup(string BackupId, string BackupName);

/// <summary>restoreCluster's answer: the only place the generated password ever appears.</summary>
internal sealed record ZillizRestoredCluster(string ClusterId, string Username, string Password, string JobId);

internal sealed record ZillizStartedJob(string JobId);

internal sealed record ZillizBackupPage(int Count, int CurrentPage, int PageSize, IReadOnlyList<ZillizBackupSnapshot> Backups);

internal sealed record ZillizPolicyStatus(string ClusterId, string Status);

/// <summary>The list filters; null means "any".</summary>
internal sealed record ZillizBackupFilter(string? ProjectId, string? ClusterId, string? CreationMethod, string? BackupType);
