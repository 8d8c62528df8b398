using System.Text.Json;

namespace BackupModule.Emulator;

/// <summary>
/// The "zilliz" section of the state file: clusters, backups (tombstones included), jobs with their start
/// times and armed outcomes, policies and name counters. Restore passwords are never part of the state.
/// </summary>
internal static class ZillizStatePersistence
{
    private const string Section = "zilliz";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>The saved state, or null when the file has no Zilliz section yet.</summary>
    public static ZillizState? Load(EmulatorStateFile file)
    {
        var section = file.GetSection(Section);
        if (section is null)
        {
            return null;
        }

        try
        {
            return (section.Deserialize<ZillizState>(Options) ?? throw new JsonException("the section is null")).Indexed();
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            // ArgumentException: a duplicate id while indexing.
            throw new InvalidDataException($"The '{Section}' section of the state file '{file.FullPath}' is malformed: {ex.Message} It is left as it is: repair, move or delete it.", ex);
        }
    }

    public static void Save(EmulatorStateFile file, ZillizState state) =>
        file.SaveSection(Section, JsonSerializer.SerializeToNode(state, Options)!);
}
