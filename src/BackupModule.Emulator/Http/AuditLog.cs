namespace BackupModule.Emulator;

/// <summary>One request as the emulator saw and answered it.</summary>
/// <param name="Query">The raw query string including its leading '?', or "" when there was none.</param>
/// <param name="StatusCode">What the client was sent; 0 when the connection was aborted instead.</param>
/// <param name="RequestBody">The body as sent, with the values of "password" and "token" fields (a login's) masked as "***".</param>
/// <param name="Credential">"none", "valid", "no-permission" or "invalid"; the token itself is never kept.</param>
/// <param name="Fault">Description of the injected fault, or null.</param>
/// <param name="ConnectionId">Kestrel's id of the TCP connection the request came on (HttpContext.Connection.Id):
/// how many connections a client opened.</param>
public sealed record AuditEntry(
    DateTimeOffset At,
    string Method,
    string Path,
    string Query,
    string? RequestBody,
    int StatusCode,
    string Credential,
    string? Fault,
    string ConnectionId = "");

/// <summary>Thread-safe record of the API requests (admin routes are not recorded).</summary>
public sealed class AuditLog
{
    // A long-running standalone emulator must not grow without bound; tests never get near this.
    internal const int Capacity = 10_000;

    private readonly object _gate = new();
    private readonly List<AuditEntry> _entries = new();

    /// <summary>A snapshot, oldest first.</summary>
    public IReadOnlyList<AuditEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return _entries.ToArray();
            }
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    internal void Add(AuditEntry entry)
    {
        lock (_gate)
        {
            if (_entries.Count == Capacity)
            {
                _entries.RemoveAt(0);
            }

            _entries.Add(entry);
        }
    }
}
