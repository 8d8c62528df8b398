using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BackupModule.Dcos
{
    /// <summary>
    /// The DC/OS Enterprise backup service's wire names (docs/wire/backup-apis.md part A). These names appear
    /// nowhere else in the module.
    /// </summary>
    internal static class DcosWire
    {
        /// <summary>Admin Router's prefix for the backup service, under the master URL.</summary>
        public const string BasePath = "system/v1/backup/v1/";

        /// <summary>Admin Router's token form: <c>Authorization: token=&lt;DC/OS auth token&gt;</c>.</summary>
        public const string TokenPrefix = "token=";

        public const string CreatePath = "create";
        public const string ListPath = "list";
        public const string RestorePath = "restore";
        public const string DeletePath = "delete";
        public const string PrefixQuery = "prefix";

        /// <summary>The 2017 integration test reads every reply wrapped in this key; the Swagger shows none. Both are accepted.</summary>
        public const string Envelope = "backup_info";

        public const string StatusUnknown = "STATUS_UNKNOWN";
        public const string StatusBackingUp = "STATUS_BACKING_UP";
        public const string StatusReady = "STATUS_READY";
        public const string StatusError = "STATUS_ERROR";
        public const string StatusRestoring = "STATUS_RESTORING";

        /// <summary>The key every component_status entry has; the other keys are free text (an error, the digest guesses).</summary>
        public const string ComponentStatusKey = "status";

        /// <summary>The grant the backup service asks for, named in 403 errors.</summary>
        public const string Permission = "dcos:adminrouter:ops:system-backup full";

        /// <summary>How replies are read: component maps through <see cref="LenientComponentMapConverter"/>.</summary>
        public static readonly JsonSerializerOptions ReadOptions = new JsonSerializerOptions { Converters = { new LenientComponentMapConverter() } };

        /// <summary>How the service says another backup or restore holds the cluster-wide lock.</summary>
        public static readonly string[] BusyMarkers = { "lock is already held", "currently busy" };
    }

    /// <summary>BackupMetadata, and the restore objects found in its <c>restores</c> array.</summary>
    internal sealed class DcosBackupInfo
    {
        [JsonPropertyName("id")]
        public string? Id { get; set; }

        [JsonPropertyName("dcos_version")]
        public string? DcosVersion { get; set; }

        [JsonPropertyName("timestamp")]
        public string? Timestamp { get; set; }

        [JsonPropertyName("status")]
        public string? Status { get; set; }

        /// <summary>Component name to a string map; "status" always, other keys optional. A value that is not a string is kept as its raw JSON.</summary>
        [JsonPropertyName("component_status")]
        public Dictionary<string, Dictionary<string, string?>>? ComponentStatus { get; set; }

        /// <summary>Seen in the integration test, absent from the Swagger.</summary>
        [JsonPropertyName("restores")]
        public List<DcosBackupInfo>? Restores { get; set; }
    }

    internal sealed class DcosLabelBody
    {
        [JsonPropertyName("label")]
        public string Label { get; set; } = "";
    }

    internal sealed class DcosIdBody
    {
        [JsonPropertyName("id")]
        public string Id { get; set; } = "";
    }

    /// <summary>The error body of 400 and 500 replies.</summary>
    internal sealed class DcosErrorBody
    {
        [JsonPropertyName("errors")]
        public List<string>? Errors { get; set; }
    }
}
