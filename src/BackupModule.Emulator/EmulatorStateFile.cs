using System.Text.Json;
using System.Text.Json.Nodes;

namespace BackupModule.Emulator;

/// <summary>
/// The --state-file: one JSON object with a section per back end. Every save rewrites the whole file
/// through a temporary file and a rename, so a crash never leaves a half-written state behind.
/// </summary>
internal sealed class EmulatorStateFile
{
    private const int FormatVersion = 1;

    private readonly object _gate = new();
    private readonly string _path;
    private readonly JsonObject _root;

    private EmulatorStateFile(string path, JsonObject root)
    {
        _path = path;
        _root = root;
    }

    /// <summary>Loads the file when it exists; a missing file is an empty state.</summary>
    /// <exception cref="InvalidDataException">The file exists but is not an emulator state file.</exception>
    public static EmulatorStateFile Open(string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            return new EmulatorStateFile(fullPath, new JsonObject { ["version"] = FormatVersion });
        }

        try
        {
            if (JsonNode.Parse(File.ReadAllText(fullPath)) is JsonObject root
                && root["version"] is JsonValue version && version.TryGetValue<int>(out var v) && v == FormatVersion)
            {
                return new EmulatorStateFile(fullPath, root);
            }
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"State file '{fullPath}' is not valid JSON: {ex.Message}", ex);
        }

        throw new InvalidDataException($"State file '{fullPath}' is not a version {FormatVersion} emulator state file.");
    }

    /// <summary>A copy of the section, or null when the file has none.</summary>
    public JsonNode? GetSection(string name)
    {
        lock (_gate)
        {
            return _root[name]?.DeepClone();
        }
    }

    public void SaveSection(string name, JsonNode section)
    {
        lock (_gate)
        {
            _root[name] = section.DeepClone();
            var directory = Path.GetDirectoryName(_path)!;
            Directory.CreateDirectory(directory);
            var temp = Path.Combine(directory, $".{Path.GetFileName(_path)}.{Guid.NewGuid():N}.tmp");
            try
            {
                File.WriteAllText(temp, _root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                File.Move(temp, _path, overwrite: true);
            }
            finally
            {
                File.Delete(temp);
            }
        }
    }
}
