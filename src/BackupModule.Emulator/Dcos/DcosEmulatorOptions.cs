namespace BackupModule.Emulator;

/// <summary>Start-up settings of the emulated DC/OS Enterprise backup service.</summary>
public sealed class DcosEmulatorOptions
{
    /// <summary>Token with the dcos:adminrouter:ops:system-backup full grant.</summary>
    public const string DefaultToken = "dcos-emulator-token";

    /// <summary>Token that authenticates but lacks the grant, so Admin Router answers 403.</summary>
    public const string DefaultNoPermissionToken = "dcos-emulator-noperm";

    public List<string> Tokens { get; set; } = new() { DefaultToken };

    public List<string> NoPermissionTokens { get; set; } = new() { DefaultNoPermissionToken };

    public TimeSpan BackupDuration { get; set; } = TimeSpan.FromSeconds(3);

    public TimeSpan RestoreDuration { get; set; } = TimeSpan.FromSeconds(3);

    public string DcosVersion { get; set; } = "1.13.0";

    /// <summary>READY backups ("seed-NNNNN-uuid") made at start when the state holds none, for paging and benchmarks.</summary>
    public int SeedBackups { get; set; }

    /// <summary>
    /// false: wrapped <c>{"backup_info": ...}</c> as the real service answered in the 2017 integration test;
    /// true: the bare object/array the Swagger describes.
    /// </summary>
    public bool BareShapes { get; set; }
}
