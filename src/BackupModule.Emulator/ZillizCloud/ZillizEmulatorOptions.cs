using System.Text.Json.Serialization;

namespace BackupModule.Emulator;

/// <summary>Start-up settings of the emulated Zilliz Cloud control plane (REST API v2, backup endpoints).</summary>
public sealed class ZillizEmulatorOptions
{
    /// <summary>API key with full rights on the emulated project.</summary>
    public const string DefaultApiKey = "zilliz-emulator-key";

    /// <summary>API key that authenticates but lacks the backup privilege, so the API answers 403.</summary>
    public const string DefaultNoPermissionApiKey = "zilliz-emulator-noperm"; // [?] the name is the emulator's choice

    public const string DefaultProjectId = "proj-emulator";

    public const string DefaultClusterId = "in01-emulator";

    public const string DefaultClusterName = "Dedicated-01";

    public const string DefaultRegionId = "aws-us-west-2";

    /// <summary>The documented control-plane limit: requests per second per API key per endpoint.</summary>
    public const int DefaultRequestsPerSecond = 20;

    public List<string> ApiKeys { get; set; } = new() { DefaultApiKey };

    public List<string> NoPermissionApiKeys { get; set; } = new() { DefaultNoPermissionApiKey };

    // [?] Same default as the DC/OS emulator: long enough to watch, short enough for a demo.
    public TimeSpan BackupDuration { get; set; } = TimeSpan.FromSeconds(3);

    public TimeSpan RestoreDuration { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How many AVAILABLE AUTO backups of the default cluster a fresh state starts with.</summary>
    public int SeedBackups { get; set; }

    /// <summary>Requests per second per API key per endpoint before the API answers 429.</summary>
    public int RequestsPerSecond { get; set; } = DefaultRequestsPerSecond;

    /// <summary>How backups show their collections (list items and describe).</summary>
    public ZillizCollectionsShape CollectionsShape { get; set; } = ZillizCollectionsShape.Collections;
}

/// <summary>
/// The two shapes the newest reference gives a backup's collections: its examples send a flat top-level
/// collections[] (no databases), its schema nests them as dbCollections[{dbName, collections[]}]. Which one
/// the live service sends is not settled [?]; a client has to read both.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<ZillizCollectionsShape>))]
public enum ZillizCollectionsShape
{
    /// <summary>collections[{collectionName, description, status}], as the examples (the default).</summary>
    Collections,

    /// <summary>dbCollections[{dbName, collections[...]}], as the newest schema.</summary>
    DbCollections,
}
