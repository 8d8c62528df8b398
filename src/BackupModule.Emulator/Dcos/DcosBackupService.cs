using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;

namespace BackupModule.Emulator;

/// <summary>
/// The emulated DC/OS Enterprise backup service (dcos-backup behind Admin Router): its backups, restores,
/// cluster-wide lock, and the controls tests use to steer it.
/// </summary>
public sealed partial class DcosBackupService : IEmulatedBackend, IJobControls
{
    /// <summary>Base path of the backup API, without a trailing slash.</summary>
    public const string ApiPath = "/system/v1/backup/v1";

    /// <summary>Admin Router's location for the service: everything under it needs the auth token.</summary>
    internal const string AdminRouterLocation = "/system/v1/backup";

    internal const string Permission = "dcos:adminrouter:ops:system-backup full";

    private const string BusyMessage = "backup/restore is currently busy: lock is already held";

    private readonly object _gate = new();
    private readonly List<DcosBackupRecord> _backups;
    private readonly CredentialSet _credentials;
    private readonly DcosIam _iam;
    private readonly EmulatorStateFile? _stateFile;
    private TimeSpan _backupDuration;
    private TimeSpan _restoreDuration;
    private bool _bareShapes;
    private string? _nextBackupError;
    private string? _nextRestoreError;

    internal DcosBackupService(DcosEmulatorOptions options, EmulatorStateFile? stateFile)
    {
        ArgumentNullException.ThrowIfNull(options);
        _credentials = new CredentialSet(options.Tokens, options.NoPermissionTokens, DcosEmulatorOptions.DefaultToken, ExtractToken);
        _iam = new DcosIam(options);
        BackupDuration = options.BackupDuration;
        RestoreDuration = options.RestoreDuration;
        _bareShapes = options.BareShapes;
        DcosVersion = options.DcosVersion;
        _stateFile = stateFile;
        ArgumentOutOfRangeException.ThrowIfNegative(options.SeedBackups);
        _backups = stateFile is null ? new() : DcosStatePersistence.Load(stateFile);
        if (_backups.Count == 0 && options.SeedBackups > 0)
        {
            // Finished backups a minute apart, oldest first, as the list would have them.
            var start = DateTimeOffset.UtcNow.AddMinutes(-options.SeedBackups);
            for (var i = 0; i < options.SeedBackups; i++)
            {
                _backups.Add(new DcosBackupRecord($"seed-{i:D5}-{Guid.NewGuid():D}", $"seed-{i:D5}", DcosVersion, start.AddMinutes(i), TimeSpan.Zero, null, new()));
            }

            Save();
        }
    }

    public string DcosVersion { get; }

    /// <summary>True when the only accepted full-permission token is the documented default one.</summary>
    public bool UsesDefaultToken => _credentials.UsesDefault;

    /// <summary>How long new backups take; backups already started keep their own duration.</summary>
    public TimeSpan BackupDuration
    {
        get { lock (_gate) { return _backupDuration; } }
        set { lock (_gate) { _backupDuration = NotNegative(value); } }
    }

    /// <summary>How long new restores take; restores already started keep their own duration.</summary>
    public TimeSpan RestoreDuration
    {
        get { lock (_gate) { return _restoreDuration; } }
        set { lock (_gate) { _restoreDuration = NotNegative(value); } }
    }

    /// <summary>Answer with the Swagger's bare shapes instead of the observed {"backup_info": ...} wrapping.</summary>
    public bool BareShapes
    {
        get { lock (_gate) { return _bareShapes; } }
        set { lock (_gate) { _bareShapes = value; } }
    }

    /// <summary>All backups as the list route would show them now, oldest first.</summary>
    public IReadOnlyList<DcosBackupSnapshot> Backups => List(prefix: null);

    string IEmulatedBackend.Name => "dcos";

    IReadOnlyList<PathString> IEmulatedBackend.ApiBasePaths { get; } = new PathString[] { AdminRouterLocation, DcosIam.Location };

    /// <summary>True when the IAM's only user is the DC/OS docs' default bootstrapuser/deleteme.</summary>
    public bool UsesDefaultUser => _iam.UsesDefaultUser;

    /// <summary>How long tokens the IAM login issues from now on stay valid (five days unless set).</summary>
    public TimeSpan TokenLifetime
    {
        get => _iam.TokenLifetime;
        set => _iam.TokenLifetime = value;
    }

    /// <summary>The IAM login accepts service login tokens for <paramref name="uid"/> signed with the private key of <paramref name="publicKeyPem"/>.</summary>
    public void AddServiceAccount(string uid, string publicKeyPem) => _iam.AddServiceAccount(uid, publicKeyPem);

    /// <summary>Every token the IAM login issued so far expires now: the next request with one gets 401.</summary>
    public void ExpireIssuedTokens() => _iam.ExpireIssuedTokens();

    internal DcosIam Iam => _iam;

    /// <summary>The next backup ends in STATUS_ERROR with this text instead of STATUS_READY.</summary>
    public void FailNextBackup(string error)
    {
        ArgumentException.ThrowIfNullOrEmpty(error);
        lock (_gate)
        {
            _nextBackupError = error;
        }
    }

    /// <summary>The next restore ends in STATUS_ERROR with this text instead of STATUS_READY.</summary>
    public void FailNextRestore(string error)
    {
        ArgumentException.ThrowIfNullOrEmpty(error);
        lock (_gate)
        {
            _nextRestoreError = error;
        }
    }

    /// <summary>Forgets every backup and restore and disarms pending failures; settings stay.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _backups.Clear();
            _nextBackupError = null;
            _nextRestoreError = null;
            Save();
        }
    }

    /// <summary>POST /create.</summary>
    internal DcosBackupSnapshot Create(string label)
    {
        ValidateLabel(label);
        lock (_gate)
        {
            var now = DateTimeOffset.UtcNow;
            if (DcosStateMachine.IsLockHeld(_backups, now))
            {
                // Observed verbatim in the 2017 integration test.
                throw new DcosApiException(
                    StatusCodes.Status500InternalServerError,
                    $"Could not backup {label}: backup label={label} failed: {BusyMessage}");
            }

            var backup = new DcosBackupRecord($"{label}-{Guid.NewGuid():D}", label, DcosVersion, now, _backupDuration, _nextBackupError, new());
            _nextBackupError = null;
            _backups.Add(backup);
            Save();
            return DcosStateMachine.Snapshot(backup, now);
        }
    }

    /// <summary>GET /list: the prefix matches the start of the backup id.</summary>
    internal IReadOnlyList<DcosBackupSnapshot> List(string? prefix)
    {
        lock (_gate)
        {
            var now = DateTimeOffset.UtcNow;
            return _backups
                .Where(b => string.IsNullOrEmpty(prefix) || b.Id.StartsWith(prefix, StringComparison.Ordinal))
                .OrderBy(b => b.StartedAt)
                .Select(b => DcosStateMachine.Snapshot(b, now))
                .ToArray();
        }
    }

    /// <summary>POST /restore: starts a restore tracked under the backup's "restores".</summary>
    internal DcosRestoreSnapshot Restore(string id)
    {
        lock (_gate)
        {
            var now = DateTimeOffset.UtcNow;
            var backup = FindBackup(id);
            var (status, _) = DcosStateMachine.BackupStatus(backup, now);
            if (status != DcosStateMachine.Ready)
            {
                // Wording undocumented [?].
                throw new DcosApiException(StatusCodes.Status400BadRequest, $"backup {id} is not ready to be restored: {status}");
            }

            if (DcosStateMachine.IsLockHeld(_backups, now))
            {
                throw new DcosApiException(StatusCodes.Status500InternalServerError, $"Could not restore {id}: {BusyMessage}");
            }

            // The restore id format is undocumented [?].
            var restore = new DcosRestoreRecord($"restore-{Guid.NewGuid():D}", now, _restoreDuration, _nextRestoreError);
            _nextRestoreError = null;
            backup.Restores.Add(restore);
            Save();
            return DcosStateMachine.Snapshot(restore, now);
        }
    }

    /// <summary>DELETE /delete.</summary>
    internal void Delete(string id)
    {
        lock (_gate)
        {
            if (_backups.Any(b => b.Restores.Any(r => r.Id == id)))
            {
                throw new DcosApiException(StatusCodes.Status400BadRequest, $"{id} is a restore id, not a backup id");
            }

            var now = DateTimeOffset.UtcNow;
            var backup = FindBackup(id);

            // Only the backup's own running work blocks its deletion; whether a delete also takes the
            // cluster-wide lock is undocumented [?].
            if (DcosStateMachine.IsBackingUp(backup, now) || backup.Restores.Any(r => DcosStateMachine.IsRestoring(r, now)))
            {
                throw new DcosApiException(StatusCodes.Status500InternalServerError, $"Could not delete {id}: {BusyMessage}");
            }

            _backups.Remove(backup);
            Save();
        }
    }

    CredentialKind IEmulatedBackend.ClassifyCredential(HttpRequest request) => ClassifyCredential(request);

    /// <summary>Admin Router's reading of the request's token: a configured one, or one the IAM login issued and has not expired.</summary>
    internal CredentialKind ClassifyCredential(HttpRequest request)
    {
        var kind = _credentials.Classify(request);
        return kind == CredentialKind.Invalid && ExtractToken(request.Headers.Authorization.ToString()) is { } token && _iam.IsValid(token)
            ? CredentialKind.Valid
            : kind;
    }

    void IEmulatedBackend.MapApiRoutes(IEndpointRouteBuilder routes) => DcosRoutes.Map(routes, this);

    void IEmulatedBackend.MapAdminRoutes(IEndpointRouteBuilder admin) => DcosAdminRoutes.Map(admin, this);

    Task IEmulatedBackend.WriteFaultAsync(HttpContext context, int statusCode, string message) =>
        HttpJson.WriteErrorsAsync(context, statusCode, message);

    /// <summary>
    /// Admin Router (auth/common.lua) takes the token from <c>string.find(header, "token=(.+)")</c> and,
    /// failing that, from <c>"Bearer (.+)"</c>; both are unanchored Lua patterns, mirrored here.
    /// </summary>
    internal static string? ExtractToken(string header)
    {
        foreach (var marker in new[] { "token=", "Bearer " })
        {
            var at = header.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0 && at + marker.Length < header.Length)
            {
                return header[(at + marker.Length)..];
            }
        }

        return null;
    }

    // The Swagger pattern of labels and ids (stricter than the docs' "must not start with '..'"), with
    // \z instead of $ because .NET's $ also matches before a final newline.
    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_][A-Za-z0-9_.-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex LabelPattern();

    private static void ValidateLabel(string label)
    {
        // Wording of both messages undocumented [?].
        if (label.Length is < 3 or > 25)
        {
            throw new DcosApiException(StatusCodes.Status400BadRequest, $"invalid label \"{label}\": must be between 3 and 25 characters long");
        }

        if (!LabelPattern().IsMatch(label))
        {
            throw new DcosApiException(
                StatusCodes.Status400BadRequest,
                $"invalid label \"{label}\": only [A-Za-z0-9_.-] are allowed and the first two characters must be [A-Za-z0-9_]");
        }
    }

    private static TimeSpan NotNegative(TimeSpan value) =>
        value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "A duration cannot be negative.");

    private DcosBackupRecord FindBackup(string id) =>
        _backups.FirstOrDefault(b => b.Id == id)
        ?? throw new DcosApiException(StatusCodes.Status400BadRequest, $"backup {id} not found"); // wording undocumented [?]

    private void Save()
    {
        if (_stateFile is not null)
        {
            DcosStatePersistence.Save(_stateFile, _backups);
        }
    }
}
