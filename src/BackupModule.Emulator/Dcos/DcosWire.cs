using System.Text.Json.Nodes;

namespace BackupModule.Emulator;

/// <summary>The JSON the DC/OS backup service sends (digest A.3).</summary>
internal static class DcosWire
{
    /// <summary>Wrapper key the real service used in the 2017 integration test; absent from the Swagger.</summary>
    private const string WrapperKey = "backup_info";

    public static JsonObject Backup(DcosBackupSnapshot backup) => new()
    {
        ["id"] = backup.Id,
        ["dcos_version"] = backup.DcosVersion,
        ["timestamp"] = backup.Timestamp,
        ["status"] = backup.Status,
        ["component_status"] = Components(backup.Marathon),
        ["restores"] = new JsonArray(backup.Restores.Select(r => (JsonNode)Restore(r)).ToArray()),
    };

    public static JsonObject Restore(DcosRestoreSnapshot restore) => new()
    {
        ["id"] = restore.Id,
        ["status"] = restore.Status,
        ["timestamp"] = restore.Timestamp,
        ["component_status"] = Components(restore.Marathon),
    };

    /// <summary>Answer of create and restore: {"backup_info": item}, or the bare item.</summary>
    public static JsonNode Single(JsonObject item, bool bare) => bare ? item : new JsonObject { [WrapperKey] = item };

    /// <summary>Answer of list: {"backup_info": [...]} and the literal {} when empty, or a bare array.</summary>
    public static JsonNode List(IReadOnlyList<DcosBackupSnapshot> backups, bool bare)
    {
        var items = new JsonArray(backups.Select(b => (JsonNode)Backup(b)).ToArray());
        if (bare)
        {
            return items;
        }

        return backups.Count == 0 ? new JsonObject() : new JsonObject { [WrapperKey] = items };
    }

    private static JsonObject Components(DcosComponentStatus marathon)
    {
        var component = new JsonObject { ["status"] = marathon.Status };
        if (marathon.Error is not null)
        {
            // The key for the error text is undocumented; the spec only allows extra string values [?].
            component["error"] = marathon.Error;
        }

        return new JsonObject { ["marathon"] = component };
    }
}
