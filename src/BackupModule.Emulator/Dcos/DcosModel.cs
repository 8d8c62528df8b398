namespace BackupModule.Emulator;

/// <summary>Status of one component (only "marathon" exists) as the service reports it.</summary>
/// <param name="Error">Error text on STATUS_ERROR, else null; its JSON key name ("error") is undocumented [?].</param>
public sealed record DcosComponentStatus(string Status, string? Error = null);

/// <summary>A backup as the emulated service would list it at the moment the snapshot was taken.</summary>
public sealed record DcosBackupSnapshot(
    string Id,
    string Label,
    string DcosVersion,
    string Timestamp,
    string Status,
    DcosComponentStatus Marathon,
    IReadOnlyList<DcosRestoreSnapshot> Restores);

/// <summary>A restore of a backup, as listed under the backup's "restores".</summary>
public sealed record DcosRestoreSnapshot(
    string Id,
    string Timestamp,
    string Status,
    DcosComponentStatus Marathon);

/// <summary>
/// What the emulator keeps (and persists) about a backup: enough to recompute its status at any moment,
/// so that a restarted emulator carries on the same state machine.
/// </summary>
internal sealed record DcosBackupRecord(
    string Id,
    string Label,
    string DcosVersion,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    string? Error,
    List<DcosRestoreRecord> Restores);

/// <param name="Error">The armed failure text; null when the restore will succeed.</param>
internal sealed record DcosRestoreRecord(
    string Id,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    string? Error);

/// <summary>An error answer of the service: the HTTP status and the one message of {"errors":[...]}.</summary>
internal sealed class DcosApiException : Exception
{
    public DcosApiException(int statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    public int StatusCode { get; }
}
