namespace BackupModule.Emulator;

/// <summary>Start-up settings of the emulated DC/OS Enterprise backup service.</summary>
public sealed class DcosEmulatorOptions
{
    /// <summary>Token with the dcos:adminrouter:ops:system-backup full grant.</summary>
    public const string DefaultToken = "dcos-emulator-token";

    /// <summary>Token that authenticates but lacks the grant, so Admin Router answers 403.</summary>
    public const string DefaultNoPermissionToken = "dcos-emulator-noperm";

    /// <summary>The DC/OS docs' default superuser of a fresh Enterprise cluster (uid and password).</summary>
    public const string DefaultUser = "bootstrapuser";

    public const string DefaultPassword = "deleteme";

    public List<string> Tokens { get; set; } = new() { DefaultToken };

    /// <summary>Local users the IAM login accepts: uid to password.</summary>
    public Dictionary<string, string> Users { get; set; } = new() { [DefaultUser] = DefaultPassword };

    /// <summary>Service accounts the IAM login accepts: uid to public key PEM ("PUBLIC KEY").</summary>
    public Dictionary<string, string> ServiceAccounts { get; set; } = new();

    /// <summary>How long a token issued by the login stays valid: five days, as DC/OS's.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromDays(5);

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
