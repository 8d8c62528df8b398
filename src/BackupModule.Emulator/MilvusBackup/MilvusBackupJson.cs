using System.Globalization;
using System.Text.Json.Nodes;

namespace BackupModule.Emulator;

/// <summary>
/// The server's answers as Go's encoding/json writes the generated protobuf structs: fields in declaration order, a
/// field tagged omitempty left out when it is 0, false, "" or empty, the others always written
/// (docs/wire/milvus-backup-fields.md). Integers are exact (uint64 backup_timestamp included), enums are numbers.
/// </summary>
internal static class MilvusBackupJson
{
    public const string Hello = "Hello, This is backup service";
    public const string NotFoundText = "404 page not found";
    public const string NotLoad = "NotLoad";
    public const string Loaded = "Loaded";

    public const int CodeFail = 3;
    public const int CodeParameterError = 400;

    public const int StateInitial = 0;
    public const int StateExecuting = 1;
    public const int StateSuccess = 2;
    public const int StateFail = 3;

    /// <summary>Go's zero time.Time as Unix seconds: what end_time says while a task runs.</summary>
    public const long ZeroTime = -62135596800;

    /// <summary>An envelope: requestId, code and msg omitted when empty; data written when the type has it (null included).</summary>
    public static JsonObject Envelope(string? requestId, int code, string? msg, bool hasData = false, JsonNode? data = null)
    {
        var body = new JsonObject();
        Optional(body, "requestId", requestId);
        Optional(body, "code", code);
        Optional(body, "msg", msg);
        if (hasData)
        {
            body["data"] = data;
        }

        return body;
    }

    /// <summary>BackupInfoBrief of a task (and of its stored backup once it succeeded); an empty one for a task the server never ran.</summary>
    public static JsonObject Brief(MilvusBackupTaskRecord? task, MilvusTaskView? view, StoredBackupRecord? stored)
    {
        var brief = new JsonObject();
        Optional(brief, "id", task?.Id);
        brief["state_code"] = view?.State ?? 0;
        Optional(brief, "errorMessage", view?.ErrorMessage);
        Optional(brief, "start_time", task?.StartedAt.ToUnixTimeSeconds() ?? 0);
        Optional(brief, "end_time", task is null ? 0 : EndTime(view?.EndedAt));
        brief["progress"] = view?.Progress ?? 0;
        Optional(brief, "name", stored?.Name ?? task?.Name);
        Optional(brief, "backup_timestamp", stored?.BackupTimestamp ?? 0UL);
        if (stored is { Collections.Count: > 0 })
        {
            brief["collection_backups"] = new JsonArray(stored.Collections.Select(c => (JsonNode)CollectionBrief(c, stored.BackupTimestamp)).ToArray());
        }

        brief["size"] = stored?.Size ?? 0L;
        Optional(brief, "milvus_version", stored?.MilvusVersion);
        if (stored is { Databases.Count: > 0 })
        {
            brief["database_backups"] = new JsonArray(stored.Databases.Select(d => (JsonNode)DatabaseInfo(d)).ToArray());
        }

        brief["meta_size"] = stored?.MetaSize ?? 0L;
        return brief;
    }

    /// <summary>BackupSummary, as /list gives it.</summary>
    public static JsonObject Summary(StoredBackupRecord stored)
    {
        var summary = new JsonObject();
        Optional(summary, "id", stored.Id);
        Optional(summary, "name", stored.Name);
        summary["size"] = stored.Size;
        Optional(summary, "milvus_version", stored.MilvusVersion);
        return summary;
    }

    /// <summary>RestoreBackupTaskResponse.</summary>
    public static JsonObject RestoreTask(MilvusRestoreTaskRecord task, MilvusTaskView view)
    {
        var body = new JsonObject();
        Optional(body, "id", task.Id);
        body["state_code"] = view.State;
        Optional(body, "errorMessage", view.ErrorMessage);
        Optional(body, "start_time", task.StartedAt.ToUnixTimeSeconds());
        Optional(body, "end_time", EndTime(view.EndedAt));
        body["progress"] = view.Progress;

        // The collection tasks exist once the task runs them; their own "id" is never filled by the server.
        if (view.State != StateInitial && !task.FailsAtOnce && task.Items.Count > 0)
        {
            body["collection_restore_tasks"] = new JsonArray(task.Items.Select(item =>
            {
                var collection = new JsonObject { ["state_code"] = view.State };
                Optional(collection, "errorMessage", view.ErrorMessage);
                Optional(collection, "start_time", task.StartedAt.ToUnixTimeSeconds());
                Optional(collection, "end_time", EndTime(view.EndedAt));
                collection["progress"] = view.Progress;
                Optional(collection, "target_db_name", item.TargetDatabase);
                Optional(collection, "target_collection_name", item.TargetName);
                return (JsonNode)collection;
            }).ToArray());
        }

        return body;
    }

    /// <summary>gin's error body: {"error": "..."}.</summary>
    public static JsonObject GinError(string message) => new() { ["error"] = message };

    /// <summary>A Milvus hybrid timestamp (TSO) of an instant: physical ms &lt;&lt; 18, plus a logical counter.</summary>
    public static ulong HybridTimestamp(DateTimeOffset at, int logical) => ((ulong)at.ToUnixTimeMilliseconds() << 18) | (uint)(logical & 0x3FFFF);

    public static string Unix(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static long EndTime(DateTimeOffset? endedAt) => endedAt?.ToUnixTimeSeconds() ?? ZeroTime;

    private static JsonObject CollectionBrief(MilvusCollectionRecord collection, ulong backupTimestamp)
    {
        var brief = new JsonObject();
        Optional(brief, "collection_id", collection.CollectionId);
        Optional(brief, "db_name", collection.Database);
        Optional(brief, "collection_name", collection.Name);
        Optional(brief, "shards_num", collection.ShardsNum);
        Optional(brief, "backup_timestamp", backupTimestamp);
        brief["size"] = collection.Size;
        brief["has_index"] = collection.HasIndex;
        Optional(brief, "load_state", collection.LoadState);
        return brief;
    }

    private static JsonObject DatabaseInfo(MilvusDatabaseRecord database)
    {
        var info = new JsonObject();
        Optional(info, "db_name", database.Name);
        Optional(info, "db_id", database.DatabaseId);
        Optional(info, "ezk", database.EncryptionKey);
        return info;
    }

    private static void Optional(JsonObject body, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            body[name] = value;
        }
    }

    private static void Optional(JsonObject body, string name, long value)
    {
        if (value != 0)
        {
            body[name] = value;
        }
    }

    private static void Optional(JsonObject body, string name, ulong value)
    {
        if (value != 0)
        {
            body[name] = value;
        }
    }
}
