namespace BackupModule.Emulator;

/// <summary>Settings for one emulator instance (in-process or the standalone process).</summary>
public sealed class EmulatorOptions
{
    /// <summary>Loopback URLs to bind; port 0 asks the OS for a free port (tests use that).</summary>
    public string[] Urls { get; set; } = { "http://127.0.0.1:5080" };

    /// <summary>When set, state is loaded from and written to this JSON file so a restart keeps it.</summary>
    public string? StateFile { get; set; }

    public DcosEmulatorOptions Dcos { get; set; } = new();

    public ZillizEmulatorOptions Zilliz { get; set; } = new();
}
