using System.Text.Json;

namespace BackupModule.Emulator;

/// <summary>
/// The "milvus-backup" section of the state file: the storage (backups) and the Milvus collections, never the tasks,
/// which a real server keeps in memory only, so a restarted emulator forgets them as the server does.
/// </summary>
internal static class MilvusBackupStatePersistence
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>The saved state, or null when the file has no such section yet.</summary>
    public static MilvusBackupState? Load(EmulatorStateFile file, string section)
    {
        var node = file.GetSection(section);
        if (node is null)
        {
            return null;
        }

        try
        {
            return node.Deserialize<MilvusBackupState>(Options) ?? throw new JsonException("the section is null");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The '{section}' section of the state file '{file.FullPath}' is malformed: {ex.Message} It is left as it is: repair, move or delete it.", ex);
        }
    }

    public static void Save(EmulatorStateFile file, string section, MilvusBackupState state) =>
        file.SaveSection(section, JsonSerializer.SerializeToNode(state, Options)!);
}
