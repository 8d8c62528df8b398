using System.Text.Json;

namespace BackupModule.Tests.Integration;

/// <summary>
/// The milvus-backup server's JSON messages, derived by hand from docs/wire/milvus-backup-fields.md (the Go
/// struct tags of core/proto/backuppb/backup.pb.go at f81df44): every field, its type, and whether Go's omitempty
/// leaves it out when it is the zero value. <see cref="Check"/> holds a body to them: no field the server does not
/// define, the right JSON type, and in an answer every always-sent field present and no omitempty field written empty.
/// </summary>
internal static class MilvusBackupWireSchema
{
    public enum Kind
    {
        String,
        Integer,
        UInt64,
        Boolean,

        /// <summary>A message (Of names it); null is Go's nil pointer.</summary>
        Message,

        /// <summary>An array of Of (a message name, or "string").</summary>
        Array,

        /// <summary>An object of string keys to Of (a message name, or "string").</summary>
        Map,

        /// <summary>Any JSON (db_collections: a string or an object).</summary>
        Any,

        /// <summary>A type the fields file only names (schema, index_infos, ...): object or array, not checked inside.</summary>
        Opaque,
    }

    public sealed record Field(string Name, Kind Kind, bool OmitEmpty, string? Of = null);

    private static Field S(string name, bool omit = true) => new(name, Kind.String, omit);

    private static Field I(string name, bool omit = true) => new(name, Kind.Integer, omit);

    private static Field U(string name) => new(name, Kind.UInt64, true);

    private static Field B(string name, bool omit = true) => new(name, Kind.Boolean, omit);

    private static Field M(string name, string of, bool omit = true) => new(name, Kind.Message, omit, of);

    private static Field A(string name, string of, bool omit = true) => new(name, Kind.Array, omit, of);

    private static Field Map(string name, string of) => new(name, Kind.Map, true, of);

    public static readonly IReadOnlyDictionary<string, Field[]> Messages = new Dictionary<string, Field[]>
    {
        ["BackupInfoResponse"] = new[] { S("requestId"), I("code"), S("msg"), M("data", "BackupInfoBrief", omit: false) },
        ["BackupInfoBrief"] = new[]
        {
            S("id"), I("state_code", omit: false), S("errorMessage"), I("start_time"), I("end_time"), I("progress", omit: false), S("name"),
            U("backup_timestamp"), A("collection_backups", "CollectionBackupInfoBrief"), I("size", omit: false), S("milvus_version"),
            M("rpc_channel_info", "RPCChannelInfo"), A("database_backups", "DatabaseBackupInfo"), I("meta_size", omit: false), S("format"),
        },
        ["CollectionBackupInfoBrief"] = new[]
        {
            S("id"), I("collection_id"), S("db_name"), S("collection_name"), new Field("schema", Kind.Opaque, true), I("shards_num"), U("backup_timestamp"),
            I("size", omit: false), B("has_index", omit: false), new Field("index_infos", Kind.Opaque, true), S("load_state"), U("backup_physical_timestamp"),
            Map("channel_checkpoints", "string"), new Field("properties", Kind.Opaque, true),
        },
        ["DatabaseBackupInfo"] = new[] { S("db_name"), I("db_id"), new Field("properties", Kind.Opaque, true), S("ezk") },
        ["RPCChannelInfo"] = new[] { S("name"), S("position") },
        ["ListBackupsResponse"] = new[] { S("requestId"), I("code"), S("msg"), A("data", "BackupSummary", omit: false) },
        ["BackupSummary"] = new[] { S("id"), S("name"), I("size", omit: false), S("milvus_version") },
        ["DeleteBackupResponse"] = new[] { S("requestId"), I("code"), S("msg") },
        ["RestoreBackupResponse"] = new[] { S("requestId"), I("code"), S("msg"), M("data", "RestoreBackupTaskResponse", omit: false) },
        ["RestoreBackupTaskResponse"] = new[]
        {
            S("id"), I("state_code", omit: false), S("errorMessage"), I("start_time"), I("end_time"), I("progress", omit: false),
            A("collection_restore_tasks", "RestoreCollectionTaskResponse"),
        },
        ["RestoreCollectionTaskResponse"] = new[]
        {
            S("id"), I("state_code", omit: false), S("errorMessage"), I("start_time"), I("end_time"), I("progress", omit: false),
            S("target_db_name"), S("target_collection_name"),
        },
        ["CreateBackupRequest"] = new[]
        {
            S("requestId"), S("backup_name"), A("collection_names", "string"), B("async"), new Field("db_collections", Kind.Any, true), B("force"), B("meta_only"),
            B("gc_pause_enable"), I("gc_pause_seconds"), S("gc_pause_address"), B("rbac"), S("backup_root_path"), Map("filter", "CollFilter"), S("strategy"),
            B("with_index_extra"), S("format"),
        },
        ["CollFilter"] = new[] { A("colls", "string") },
        ["RestoreBackupRequest"] = new[]
        {
            S("requestId"), S("backup_name"), A("collection_names", "string"), S("collection_suffix"), Map("collection_renames", "string"), B("async"),
            S("bucket_name"), S("path"), new Field("db_collections", Kind.Any, true), B("metaOnly"), B("restoreIndex"), B("useAutoIndex"),
            B("dropExistCollection"), B("dropExistIndex"), B("skipCreateCollection"), S("id"), B("skipImportDiskQuotaCheck"), B("rbac"), I("maxShardNum"),
            M("skipParams", "SkipParams"), B("useV2Restore"), B("truncateBinlogByTs"), new Field("db_collections_after_rename", Kind.Any, true),
            M("restorePlan", "RestorePlan"), Map("ezkMapping", "string"),
        },
        ["SkipParams"] = new[] { A("collectionProperties", "string"), A("fieldIndexParams", "string"), A("fieldTypeParams", "string"), A("indexParams", "string") },
        ["RestorePlan"] = new[] { A("mapping", "RestoreMapping"), Map("filter", "CollFilter") },
        ["RestoreMapping"] = new[] { S("source"), S("target"), B("withProp"), A("colls", "RestoreCollectionMapping") },
        ["RestoreCollectionMapping"] = new[] { S("source"), S("target"), M("override", "RestoreCollectionOverride") },
        ["RestoreCollectionOverride"] = new[] { I("shardNum"), S("description") },
    };

    /// <summary>
    /// What is wrong with <paramref name="json"/> as <paramref name="message"/>; empty when it fits. An answer
    /// (<paramref name="isAnswer"/>) must also write every always-sent field and no omitempty field at its zero value.
    /// </summary>
    public static IReadOnlyList<string> Check(string json, string message, bool isAnswer)
    {
        var problems = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(json);
            CheckMessage(document.RootElement, message, message, isAnswer, problems);
        }
        catch (JsonException ex)
        {
            problems.Add($"{message}: not JSON ({ex.Message})");
        }

        return problems;
    }

    private static void CheckMessage(JsonElement value, string message, string path, bool isAnswer, List<string> problems)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{path}: {value.ValueKind}, not an object ({message})");
            return;
        }

        var fields = Messages[message].ToDictionary(f => f.Name, StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            if (!fields.TryGetValue(property.Name, out var field))
            {
                problems.Add($"{path}.{property.Name}: not a field of {message}");
                continue;
            }

            CheckValue(property.Value, field.Kind, field.Of, $"{path}.{property.Name}", isAnswer, problems);
            if (isAnswer && field.OmitEmpty && IsZero(property.Value, field.Kind))
            {
                problems.Add($"{path}.{property.Name}: omitempty, yet written as {property.Value.GetRawText()}");
            }
        }

        if (isAnswer)
        {
            foreach (var field in fields.Values.Where(f => !f.OmitEmpty && !value.TryGetProperty(f.Name, out _)))
            {
                problems.Add($"{path}.{field.Name}: always sent, yet missing");
            }
        }
    }

    private static void CheckValue(JsonElement value, Kind kind, string? of, string path, bool isAnswer, List<string> problems)
    {
        bool Fits() => kind switch
        {
            Kind.String => value.ValueKind == JsonValueKind.String,
            Kind.Integer => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
            Kind.UInt64 => value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out _),
            Kind.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            Kind.Message => value.ValueKind is JsonValueKind.Object or JsonValueKind.Null,
            Kind.Array => value.ValueKind is JsonValueKind.Array or JsonValueKind.Null,
            Kind.Map => value.ValueKind is JsonValueKind.Object or JsonValueKind.Null,
            Kind.Opaque => value.ValueKind is JsonValueKind.Object or JsonValueKind.Array,
            _ => true,
        };

        if (!Fits())
        {
            problems.Add($"{path}: {value.GetRawText()} is not {kind}{(of is null ? "" : " of " + of)}");
            return;
        }

        switch (kind)
        {
            case Kind.Message when value.ValueKind == JsonValueKind.Object:
                CheckMessage(value, of!, path, isAnswer, problems);
                break;
            case Kind.Array when value.ValueKind == JsonValueKind.Array:
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    CheckElement(item, of!, $"{path}[{i++}]", isAnswer, problems);
                }

                break;
            case Kind.Map when value.ValueKind == JsonValueKind.Object:
                foreach (var entry in value.EnumerateObject())
                {
                    CheckElement(entry.Value, of!, $"{path}[{entry.Name}]", isAnswer, problems);
                }

                break;
        }
    }

    private static void CheckElement(JsonElement item, string of, string path, bool isAnswer, List<string> problems)
    {
        if (of == "string")
        {
            CheckValue(item, Kind.String, null, path, isAnswer, problems);
        }
        else
        {
            CheckValue(item, Kind.Message, of, path, isAnswer, problems);
        }
    }

    /// <summary>Go's omitempty zero: false, 0, "", an empty array or map, a nil pointer (an empty message is not zero).</summary>
    private static bool IsZero(JsonElement value, Kind kind) => value.ValueKind switch
    {
        JsonValueKind.Null => true,
        JsonValueKind.False => true,
        JsonValueKind.String => value.GetString()!.Length == 0,
        JsonValueKind.Number => value.GetRawText() == "0",
        JsonValueKind.Array => value.GetArrayLength() == 0,
        JsonValueKind.Object => kind == Kind.Map && !value.EnumerateObject().Any(),
        _ => false,
    };
}
