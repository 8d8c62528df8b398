namespace BackupModule.Emulator;

/// <summary>The run-time controls every back end with backup and restore jobs offers tests (admin /fail-next and /settings).</summary>
internal interface IJobControls
{
    TimeSpan BackupDuration { get; set; }

    TimeSpan RestoreDuration { get; set; }

    void FailNextBackup(string reason);

    void FailNextRestore(string reason);
}
