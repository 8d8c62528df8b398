using System.Text.Json;

namespace BackupModule.Emulator;

/// <summary>The "dcos" section of the state file: the backup records with their start times and armed outcomes.</summary>
internal static class DcosStatePersistence
{
    private const string Section = "dcos";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static List<DcosBackupRecord> Load(EmulatorStateFile file)
    {
        var section = file.GetSection(Section);
        if (section is null)
        {
            return new();
        }

        try
        {
            return section.Deserialize<State>(Options)?.Backups ?? new();
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The '{Section}' section of the state file '{file.FullPath}' is malformed: {ex.Message} It is left as it is: repair, move or delete it.", ex);
        }
    }

    public static void Save(EmulatorStateFile file, List<DcosBackupRecord> backups) =>
        file.SaveSection(Section, JsonSerializer.SerializeToNode(new State(backups), Options)!);

    private sealed record State(List<DcosBackupRecord> Backups);
}
