using System.Text.Json;
using System.Text.Json.Nodes;

namespace BackupModule.Emulator;

/// <summary>
/// The --state-file: one JSON object with a section per back end. Every save rewrites the whole file
/// through a temporary file in the same folder (flushed to disk) and a rename, so a crash never leaves a
/// half-written state behind: a kill loses at most the change being written. Nothing is written before
/// <see cref="StartWriting"/>, so a file whose sections do not load is left exactly as it was.
/// </summary>
internal sealed class EmulatorStateFile
{
    private const int FormatVersion = 1;

    private readonly object _gate = new();
    private readonly string _path;
    private readonly JsonObject _root;
    private bool _deferred = true;
    private bool _dirty;

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
        RemoveStaleTemporaryFiles(fullPath);
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
            throw new InvalidDataException($"State file '{fullPath}' is not valid JSON: {ex.Message} It is left as it is: repair, move or delete it.", ex);
        }

        throw new InvalidDataException($"State file '{fullPath}' is not a version {FormatVersion} emulator state file. It is left as it is: move or delete it, or use another --state-file.");
    }

    /// <summary>The full path of the file.</summary>
    public string FullPath => _path;

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
            if (_deferred)
            {
                _dirty = true;
                return;
            }

            Write();
        }
    }

    /// <summary>Every back end has loaded its section: from now on each save is written (and any made while loading).</summary>
    public void StartWriting()
    {
        lock (_gate)
        {
            _deferred = false;
            if (_dirty)
            {
                Write();
            }
        }
    }

    private void Write()
    {
        var directory = Path.GetDirectoryName(_path)!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, TemporaryPrefix(_path) + $"{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(stream, _root, new JsonSerializerOptions { WriteIndented = true });
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, _path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static string TemporaryPrefix(string path) => $".{Path.GetFileName(path)}.";

    /// <summary>Temporary files a killed emulator left beside the state file (never the state file itself).</summary>
    private static void RemoveStaleTemporaryFiles(string path)
    {
        var directory = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (var stale in Directory.EnumerateFiles(directory, TemporaryPrefix(path) + "*.tmp"))
        {
            try
            {
                File.Delete(stale);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Not ours to remove after all (e.g. no permission): harmless, leave it.
            }
        }
    }
}
