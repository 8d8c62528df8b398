namespace BackupModule.Emulator;

/// <summary>Start-up settings of the emulated milvus-backup REST server (`milvus-backup server`, routes under /api/v1).</summary>
public sealed class MilvusBackupEmulatorOptions
{
    /// <summary>How long a backup task runs (state 0 for its first tenth, then 1, then 2 or 3).</summary>
    public TimeSpan BackupDuration { get; set; } = TimeSpan.FromSeconds(3);

    public TimeSpan RestoreDuration { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How many backups a fresh storage starts with (named seeded_00001 ...), made by no task this server ran: /list shows
    /// them, get_backup?backup_name= answers an empty brief for them, as the real server does after a restart.
    /// </summary>
    public int SeedBackups { get; set; }
}
