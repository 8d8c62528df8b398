using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace BackupModule.Emulator;

/// <summary>
/// CreateBackupRequest as gin's ShouldBindJSON reads it (encoding/json): keys matched case-insensitively, unknown keys
/// ignored, null leaves a field at its zero value, a value of the wrong type fails the whole bind (HTTP 400).
/// </summary>
internal sealed class MilvusCreateRequest
{
    [JsonPropertyName("requestId")] public string? RequestId { get; set; }
    [JsonPropertyName("backup_name")] public string? BackupName { get; set; }
    [JsonPropertyName("collection_names")] public List<string?>? CollectionNames { get; set; }
    [JsonPropertyName("async")] public bool? Async { get; set; }
    [JsonPropertyName("db_collections")] public JsonElement? DbCollections { get; set; }
    [JsonPropertyName("force")] public bool? Force { get; set; }
    [JsonPropertyName("meta_only")] public bool? MetaOnly { get; set; }
    [JsonPropertyName("gc_pause_enable")] public bool? GcPauseEnable { get; set; }
    [JsonPropertyName("gc_pause_seconds")] public int? GcPauseSeconds { get; set; }
    [JsonPropertyName("gc_pause_address")] public string? GcPauseAddress { get; set; }
    [JsonPropertyName("rbac")] public bool? Rbac { get; set; }
    [JsonPropertyName("backup_root_path")] public string? BackupRootPath { get; set; }
    [JsonPropertyName("filter")] public Dictionary<string, MilvusCollFilterBody?>? Filter { get; set; }
    [JsonPropertyName("strategy")] public string? Strategy { get; set; }
    [JsonPropertyName("with_index_extra")] public bool? WithIndexExtra { get; set; }
    [JsonPropertyName("format")] public string? Format { get; set; }
}

internal sealed class MilvusCollFilterBody
{
    [JsonPropertyName("colls")] public List<string?>? Colls { get; set; }
}

/// <summary>RestoreBackupRequest, bound the same way.</summary>
internal sealed class MilvusRestoreRequest
{
    [JsonPropertyName("requestId")] public string? RequestId { get; set; }
    [JsonPropertyName("backup_name")] public string? BackupName { get; set; }
    [JsonPropertyName("collection_names")] public List<string?>? CollectionNames { get; set; }
    [JsonPropertyName("collection_suffix")] public string? CollectionSuffix { get; set; }
    [JsonPropertyName("collection_renames")] public Dictionary<string, string?>? CollectionRenames { get; set; }
    [JsonPropertyName("async")] public bool? Async { get; set; }
    [JsonPropertyName("bucket_name")] public string? BucketName { get; set; }
    [JsonPropertyName("path")] public string? Path { get; set; }
    [JsonPropertyName("db_collections")] public JsonElement? DbCollections { get; set; }
    [JsonPropertyName("metaOnly")] public bool? MetaOnly { get; set; }
    [JsonPropertyName("restoreIndex")] public bool? RestoreIndex { get; set; }
    [JsonPropertyName("useAutoIndex")] public bool? UseAutoIndex { get; set; }
    [JsonPropertyName("dropExistCollection")] public bool? DropExistCollection { get; set; }
    [JsonPropertyName("dropExistIndex")] public bool? DropExistIndex { get; set; }
    [JsonPropertyName("skipCreateCollection")] public bool? SkipCreateCollection { get; set; }
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("skipImportDiskQuotaCheck")] public bool? SkipImportDiskQuotaCheck { get; set; }
    [JsonPropertyName("rbac")] public bool? Rbac { get; set; }
    [JsonPropertyName("maxShardNum")] public int? MaxShardNum { get; set; }
    [JsonPropertyName("skipParams")] public JsonObject? SkipParams { get; set; }
    [JsonPropertyName("useV2Restore")] public bool? UseV2Restore { get; set; }
    [JsonPropertyName("truncateBinlogByTs")] public bool? TruncateBinlogByTs { get; set; }
    [JsonPropertyName("db_collections_after_rename")] public JsonElement? DbCollectionsAfterRename { get; set; }
    [JsonPropertyName("restorePlan")] public JsonObject? RestorePlan { get; set; }
    [JsonPropertyName("ezkMapping")] public Dictionary<string, string?>? EzkMapping { get; set; }
}

/// <summary>RestoreSecondaryRequest (a CDC standby restore), bound only to answer like the server would.</summary>
internal sealed class MilvusRestoreSecondaryRequest
{
    [JsonPropertyName("requestId")] public string? RequestId { get; set; }
    [JsonPropertyName("backup_name")] public string? BackupName { get; set; }
    [JsonPropertyName("sourceClusterID")] public string? SourceClusterId { get; set; }
    [JsonPropertyName("targetClusterID")] public string? TargetClusterId { get; set; }
    [JsonPropertyName("async")] public bool? Async { get; set; }
    [JsonPropertyName("path")] public string? Path { get; set; }
}

/// <summary>What a handler answers: a JSON body, or gin's empty 500 after a panic; and the task it started, if any.</summary>
internal sealed record MilvusAnswer(int Status, JsonNode? Body, MilvusBackupTaskRecord? Backup = null, MilvusRestoreTaskRecord? Restore = null)
{
    public static readonly MilvusAnswer Panic = new(StatusCodes.Status500InternalServerError, null);

    public static MilvusAnswer Json(JsonNode body, MilvusBackupTaskRecord? backup = null, MilvusRestoreTaskRecord? restore = null) =>
        new(StatusCodes.Status200OK, body, backup, restore);
}

/// <summary>A database's selection: the named collections, or every one (null).</summary>
internal sealed record MilvusCollectionSelection(HashSet<string>? Names);

/// <summary>The server's filters and rename rules (internal/filter, core/server/restore.go), for create and restore.</summary>
internal static partial class MilvusRestorePlan
{
    public static readonly JsonSerializerOptions BindOptions = new() { PropertyNameCaseInsensitive = true };

    /// <summary>
    /// A create's selection: filter (["*"] is every collection; an empty list none; a present "{}" nothing at all), else
    /// db_collections (an empty list is every collection), else collection_names ("db.coll" or "coll"); null backs up everything.
    /// </summary>
    public static (Dictionary<string, MilvusCollectionSelection>? Filter, string? Problem) CreateFilter(MilvusCreateRequest request)
    {
        if (request.Filter is not null)
        {
            return (request.Filter.ToDictionary(
                f => f.Key,
                f => f.Value?.Colls is [var only] && only == "*" ? new MilvusCollectionSelection(null) : new MilvusCollectionSelection(new HashSet<string>((f.Value?.Colls ?? new()).Select(c => c ?? ""), StringComparer.Ordinal)),
                StringComparer.Ordinal), null);
        }

        var (byDatabase, problem) = DbCollections(request.DbCollections);
        if (problem is not null)
        {
            return (null, "server: build option: server: build filter: server: unmarshal dbCollections: " + problem);
        }

        if (byDatabase is not null)
        {
            return (byDatabase, null);
        }

        if (request.CollectionNames is { Count: > 0 } names)
        {
            var filter = new Dictionary<string, MilvusCollectionSelection>(StringComparer.Ordinal);
            foreach (var name in names)
            {
                if (!TryParseNamespace(name ?? "", out var database, out var collection))
                {
                    return (null, $"server: build option: server: build filter: server: invalid collection name {name}");
                }

                (filter.TryGetValue(database, out var selection) ? selection : filter[database] = new MilvusCollectionSelection(new HashSet<string>(StringComparer.Ordinal))).Names!.Add(collection);
            }

            return (filter, null);
        }

        return (null, null);
    }

    /// <summary>The collections a restore makes, after its filter, its renames or suffix, and db_collections_after_rename.</summary>
    public static (IReadOnlyList<MilvusRestoreItem> Items, string? Problem) Items(StoredBackupRecord backup, MilvusRestoreRequest request)
    {
        if (request.RestorePlan is not null)
        {
            return (Array.Empty<MilvusRestoreItem>(), "restorePlan is not emulated"); // [?] the emulator's own refusal
        }

        var (filter, problem) = DbCollections(request.DbCollections);
        if (problem is not null)
        {
            return (Array.Empty<MilvusRestoreItem>(), "restore: create backup filter: restore: unmarshal dbCollections: " + problem);
        }

        if (filter is null && request.CollectionNames is { Count: > 0 } names)
        {
            filter = new Dictionary<string, MilvusCollectionSelection>(StringComparer.Ordinal);
            foreach (var name in names)
            {
                if (!TryParseNamespace(name ?? "", out var database, out var collection))
                {
                    return (Array.Empty<MilvusRestoreItem>(), $"restore: create backup filter: restore: parse namespace {name}: namespace format is invalid");
                }

                (filter.TryGetValue(database, out var selection) ? selection : filter[database] = new MilvusCollectionSelection(new HashSet<string>(StringComparer.Ordinal))).Names!.Add(collection);
            }
        }

        var renames = new Dictionary<string, (string Database, string Collection)>(StringComparer.Ordinal);
        var databaseRenames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (from, to) in request.CollectionRenames ?? new())
        {
            var rule = RuleOf(from);
            if (rule == 0 || rule != RuleOf(to ?? ""))
            {
                return (Array.Empty<MilvusRestoreItem>(), $"restore: create coll mapper: restore: create map renamer filter: invalid mapper rule, key: {from}, value: {to}"); // [?] wording
            }

            switch (rule)
            {
                case 1:
                    databaseRenames[from[..^2]] = to![..^2];
                    break;
                case 2:
                case 3:
                    TryParseNamespace(from, out var fromDatabase, out var fromCollection);
                    TryParseNamespace(to!, out var toDatabase, out var toCollection);
                    renames[fromDatabase + "." + fromCollection] = (toDatabase, toCollection);
                    break;
            }
        }

        var (after, afterProblem) = DbCollections(request.DbCollectionsAfterRename);
        if (afterProblem is not null)
        {
            return (Array.Empty<MilvusRestoreItem>(), "restore: create task filter: restore: unmarshal dbCollections: " + afterProblem);
        }

        var items = new List<MilvusRestoreItem>();
        foreach (var source in backup.Collections.Where(c => Allows(filter, c.Database, c.Name)))
        {
            var (database, collection) = renames.TryGetValue(source.Qualified, out var renamed) ? renamed
                : databaseRenames.TryGetValue(source.Database, out var newDatabase) ? (newDatabase, source.Name)
                : request.CollectionRenames is { Count: > 0 } ? (source.Database, source.Name)
                : (source.Database, source.Name + (request.CollectionSuffix ?? ""));
            if (Allows(after, database, collection))
            {
                items.Add(new MilvusRestoreItem(source, database, collection));
            }
        }

        return (items, null);
    }

    /// <summary>
    /// db_collections as the server reads it (a JSON string or an object, map db → collections; an empty list is every
    /// collection, an empty db name the default one); null when it is absent or empty.
    /// </summary>
    private static (Dictionary<string, MilvusCollectionSelection>? Filter, string? Problem) DbCollections(JsonElement? value)
    {
        var text = value switch
        {
            { ValueKind: JsonValueKind.String } s => s.GetString() ?? "",
            { ValueKind: JsonValueKind.Object or JsonValueKind.Array } other => other.GetRawText(),
            _ => "",
        };
        if (text.Length == 0)
        {
            return (null, null);
        }

        Dictionary<string, List<string>?>? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<Dictionary<string, List<string>?>>(text);
        }
        catch (JsonException ex)
        {
            return (null, ex.Message);
        }

        return ((parsed ?? new()).ToDictionary(
            p => p.Key.Length == 0 ? "default" : p.Key,
            p => p.Value is { Count: > 0 } colls ? new MilvusCollectionSelection(new HashSet<string>(colls, StringComparer.Ordinal)) : new MilvusCollectionSelection(null),
            StringComparer.Ordinal), null);
    }

    private static bool Allows(Dictionary<string, MilvusCollectionSelection>? filter, string database, string collection) =>
        filter is null || (filter.TryGetValue(database, out var selection) && (selection.Names is null || selection.Names.Contains(collection)));

    /// <summary>namespace.Parse: "db.coll", or "coll" in the default database.</summary>
    private static bool TryParseNamespace(string text, out string database, out string collection)
    {
        var parts = text.Split('.');
        (database, collection) = parts.Length switch
        {
            1 => ("default", parts[0]),
            2 => (parts[0], parts[1]),
            _ => ("", ""),
        };
        return text.Length > 0 && parts.Length <= 2;
    }

    /// <summary>The rename rules: 1 "db.*", 2 "db.coll", 3 "coll", 4 "db." (0: none).</summary>
    private static int RuleOf(string text) =>
        DatabaseWildcard().IsMatch(text) ? 1 : Qualified().IsMatch(text) ? 2 : Plain().IsMatch(text) ? 3 : DatabaseOnly().IsMatch(text) ? 4 : 0;

    [GeneratedRegex(@"^(\w+)\.\*$")]
    private static partial Regex DatabaseWildcard();

    [GeneratedRegex(@"^(\w+)\.(\w+)$")]
    private static partial Regex Qualified();

    [GeneratedRegex(@"^(\w+)$")]
    private static partial Regex Plain();

    [GeneratedRegex(@"^(\w+)\.$")]
    private static partial Regex DatabaseOnly();
}
