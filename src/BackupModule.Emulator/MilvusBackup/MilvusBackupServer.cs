using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;

namespace BackupModule.Emulator;

/// <summary>
/// The emulated milvus-backup REST server and the Milvus behind it: databases default (medium_articles, products) and
/// analytics (events). Backups live in its "storage" (kept across <see cref="Restart"/> and in the state file); tasks
/// live in its memory and a restart forgets them. Its sharp edges are kept (C.4a): a create answers success before it
/// checks the name against storage, and a task whose start fails (a name in storage, Milvus unreachable) stays at state
/// 0 forever; the name of a task that did not fail is refused until a restart; a sync create on such a name panics.
/// </summary>
public sealed class MilvusBackupServer : IEmulatedBackend, IJobControls
{
    /// <summary>Every API route is under this.</summary>
    public const string ApiPath = "/api/v1";

    /// <summary>The version of the emulated Milvus, as milvus_version shows it.</summary>
    public const string MilvusVersion = "v2.5.4";

    private const string Section = "milvus-backup";

    private readonly object _gate = new();
    private readonly EmulatorStateFile? _stateFile;
    private readonly int _seedBackups;
    private readonly Dictionary<string, MilvusBackupTaskRecord> _backupTasks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _backupTaskByName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MilvusRestoreTaskRecord> _restoreTasks = new(StringComparer.Ordinal);
    private MilvusBackupState _state;
    private TimeSpan _backupDuration;
    private TimeSpan _restoreDuration;
    private bool _milvusReachable = true;
    private string? _nextBackupFailure;
    private string? _nextRestoreFailure;
    private int _logicalClock;
    private long _nextCollectionId = 449_000_000_000_000_001;

    internal MilvusBackupServer(MilvusBackupEmulatorOptions options, EmulatorStateFile? stateFile)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.SeedBackups);
        BackupDuration = options.BackupDuration;
        RestoreDuration = options.RestoreDuration;
        _seedBackups = options.SeedBackups;
        _stateFile = stateFile;
        var saved = stateFile is null ? null : MilvusBackupStatePersistence.Load(stateFile, Section);
        _state = saved ?? InitialState(_seedBackups);
        if (saved is null && _seedBackups > 0)
        {
            // Written at once so that a restart shows the same seeded backups (and the same encryption key), not new ones.
            Save();
        }
    }

    /// <summary>How long new backup tasks take.</summary>
    public TimeSpan BackupDuration
    {
        get { lock (_gate) { return _backupDuration; } }
        set { lock (_gate) { _backupDuration = value < TimeSpan.Zero ? throw new ArgumentOutOfRangeException(nameof(value)) : value; } }
    }

    /// <summary>How long new restore tasks take.</summary>
    public TimeSpan RestoreDuration
    {
        get { lock (_gate) { return _restoreDuration; } }
        set { lock (_gate) { _restoreDuration = value < TimeSpan.Zero ? throw new ArgumentOutOfRangeException(nameof(value)) : value; } }
    }

    /// <summary>False: the server cannot reach Milvus, so new tasks fail at start, unrecorded, and stay at state 0.</summary>
    public bool MilvusReachable
    {
        get { lock (_gate) { return _milvusReachable; } }
        set { lock (_gate) { _milvusReachable = value; } }
    }

    /// <summary>The Milvus collections and the names in storage, as they are now.</summary>
    public MilvusSnapshot Snapshot
    {
        get
        {
            lock (_gate)
            {
                Settle(DateTimeOffset.UtcNow);
                return new MilvusSnapshot(_state.Collections.ToArray(), _state.Storage.Select(b => b.Name).ToArray());
            }
        }
    }

    string IEmulatedBackend.Name => Section;

    IReadOnlyList<PathString> IEmulatedBackend.ApiBasePaths { get; } = new PathString[] { ApiPath };

    /// <summary>The encryption key (ezk) of a database, which its backups carry: tests look for it where it must never be.</summary>
    public string? EncryptionKeyOf(string database)
    {
        lock (_gate)
        {
            return _state.Databases.FirstOrDefault(d => d.Name == database)?.EncryptionKey;
        }
    }

    public void FailNextBackup(string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        lock (_gate)
        {
            _nextBackupFailure = reason;
        }
    }

    public void FailNextRestore(string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        lock (_gate)
        {
            _nextRestoreFailure = reason;
        }
    }

    /// <summary>What a process restart does: every task is forgotten (those whose time was up have ended first); storage and Milvus stay.</summary>
    public void Restart()
    {
        lock (_gate)
        {
            Settle(DateTimeOffset.UtcNow);
            _backupTasks.Clear();
            _backupTaskByName.Clear();
            _restoreTasks.Clear();
        }
    }

    /// <summary>Back to the start-up state: the initial Milvus, the seeded storage, no tasks, no armed failures, Milvus reachable.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _backupTasks.Clear();
            _backupTaskByName.Clear();
            _restoreTasks.Clear();
            _nextBackupFailure = null;
            _nextRestoreFailure = null;
            _milvusReachable = true;
            _state = InitialState(_seedBackups);
            Save();
        }
    }

    /// <summary>Puts <paramref name="count"/> backups of every collection into storage, made by no task of this server (as after a restart).</summary>
    public void SeedStoredBackups(int count, string prefix = "seeded_")
    {
        lock (_gate)
        {
            AddSeeded(_state, count, prefix);
            Save();
        }
    }

    CredentialKind IEmulatedBackend.ClassifyCredential(HttpRequest request) => CredentialKind.None;

    void IEmulatedBackend.MapApiRoutes(IEndpointRouteBuilder routes) => MilvusBackupRoutes.Map(routes, this);

    void IEmulatedBackend.MapAdminRoutes(IEndpointRouteBuilder admin) => MilvusBackupAdminRoutes.Map(admin, this);

    Task IEmulatedBackend.WriteFaultAsync(HttpContext context, int statusCode, string message) =>
        HttpJson.WriteAsync(context, statusCode, MilvusBackupJson.GinError(message));

    /// <summary>POST /create after the body was bound: the checks the server makes before it answers, and the task.</summary>
    internal MilvusAnswer Create(MilvusCreateRequest request, string requestId)
    {
        var name = request.BackupName ?? "";
        if (name.Length == 0)
        {
            // ValidateName reads []rune(name)[0]: an index out of range, which gin's recovery turns into an empty 500.
            return MilvusAnswer.Panic;
        }

        if (BackupNameProblem(name) is { } problem)
        {
            return MilvusAnswer.Json(MilvusBackupJson.Envelope(requestId, MilvusBackupJson.CodeParameterError, problem, hasData: true));
        }

        var (filter, filterError) = MilvusRestorePlan.CreateFilter(request);
        if ((OptionProblem(request) ?? filterError) is { } optionProblem)
        {
            return MilvusAnswer.Json(MilvusBackupJson.Envelope(requestId, MilvusBackupJson.CodeFail, optionProblem, hasData: true));
        }

        lock (_gate)
        {
            var now = Settle(DateTimeOffset.UtcNow);
            if (_backupTaskByName.TryGetValue(name, out var holderId) && _backupTasks.TryGetValue(holderId, out var holder)
                && View(holder, now).State != MilvusBackupJson.StateFail)
            {
                // taskmgr refuses the name; a sync create then runs a nil task and panics.
                return request.Async == true
                    ? MilvusAnswer.Json(MilvusBackupJson.Envelope(requestId, MilvusBackupJson.CodeFail, $"{name} (existing task {holderId})", hasData: true))
                    : MilvusAnswer.Panic;
            }

            var (collections, databases, filterProblem) = Select(filter);
            var neverStarts = !_milvusReachable || _state.Storage.Any(b => b.Name == name);
            var task = new MilvusBackupTaskRecord
            {
                Id = requestId,
                Name = name,
                StartedAt = now,
                Duration = _backupDuration,
                Collections = collections,
                Databases = databases,
                NeverStarts = neverStarts,
                Failure = filterProblem ?? (neverStarts ? null : Interlocked.Exchange(ref _nextBackupFailure, null)),
                FailsAtOnce = filterProblem is not null,
            };
            _backupTasks[task.Id] = task;
            _backupTaskByName[name] = task.Id;
            return MilvusAnswer.Json(MilvusBackupJson.Envelope(requestId, 0, "create backup is executing asynchronously", hasData: true), task);
        }
    }

    /// <summary>The end of a sync create: success, or the failure the task recorded (none when it never started).</summary>
    internal JsonObject SyncCreateResult(MilvusBackupTaskRecord task, string requestId)
    {
        lock (_gate)
        {
            var view = View(task, Settle(DateTimeOffset.UtcNow));
            return view.State == MilvusBackupJson.StateSuccess
                ? MilvusBackupJson.Envelope(null, 0, "success", hasData: true)
                : MilvusBackupJson.Envelope(requestId, MilvusBackupJson.CodeFail, view.ErrorMessage ?? $"backup: backup with name {task.Name} already exist", hasData: true);
        }
    }

    /// <summary>A sync create's HTTP call ended early: the task runs under that call's context and is canceled with it.</summary>
    internal void CancelSyncCreate(MilvusBackupTaskRecord task)
    {
        lock (_gate)
        {
            task.CanceledAt ??= DateTimeOffset.UtcNow;
        }
    }

    /// <summary>GET /list: every stored backup, in the storage's (name) order.</summary>
    internal JsonObject List(string? requestId, string? collectionName)
    {
        if (!string.IsNullOrEmpty(collectionName))
        {
            return MilvusBackupJson.Envelope(requestId, MilvusBackupJson.CodeParameterError, "collection_name is deprecated", hasData: true);
        }

        lock (_gate)
        {
            Settle(DateTimeOffset.UtcNow);
            var summaries = new JsonArray();
            foreach (var stored in _state.Storage)
            {
                summaries.Add(MilvusBackupJson.Summary(stored));
            }

            // The list answer has no msg.
            return MilvusBackupJson.Envelope(requestId, 0, null, hasData: true, summaries);
        }
    }

    /// <summary>GET /get_backup by task id, else by name (an empty brief for a name no task of this process had).</summary>
    internal JsonObject GetBackup(string? requestId, string? backupId, string? backupName)
    {
        if (string.IsNullOrEmpty(backupId) && string.IsNullOrEmpty(backupName))
        {
            return MilvusBackupJson.Envelope(requestId, MilvusBackupJson.CodeParameterError, "server: empty backup name and backup id, please set a backup name or id", hasData: true);
        }

        lock (_gate)
        {
            var now = Settle(DateTimeOffset.UtcNow);
            MilvusBackupTaskRecord? task;
            string where;
            if (!string.IsNullOrEmpty(backupId))
            {
                where = "server: get backup by id ";
                if (!_backupTasks.TryGetValue(backupId, out task))
                {
                    return MilvusBackupJson.Envelope(requestId, MilvusBackupJson.CodeFail, where + "server: get backup task task not found", hasData: true);
                }
            }
            else
            {
                where = "server: get backup by name ";
                task = _backupTaskByName.TryGetValue(backupName!, out var id) ? _backupTasks[id] : null;
            }

            var view = task is null ? (MilvusTaskView?)null : View(task, now);
            StoredBackupRecord? stored = null;
            if (view?.State == MilvusBackupJson.StateSuccess)
            {
                stored = _state.Storage.FirstOrDefault(b => b.Name == task!.Name);
                if (stored is null)
                {
                    return MilvusBackupJson.Envelope(requestId, MilvusBackupJson.CodeFail, where + (backupId is { Length: > 0 } ? "server: read backup meta " : "server: get backup by name ") + $"server: backup {task!.Name} not found", hasData: true);
                }
            }

            return MilvusBackupJson.Envelope(requestId, 0, "success", hasData: true, MilvusBackupJson.Brief(task, view, stored));
        }
    }

    /// <summary>DELETE /delete?backup_name=: synchronous; a name not in storage is code 3 "delete: read backup info".</summary>
    internal JsonObject Delete(string requestId, string? backupName)
    {
        if (string.IsNullOrEmpty(backupName))
        {
            return MilvusBackupJson.Envelope(requestId, MilvusBackupJson.CodeParameterError, "backup name is required");
        }

        lock (_gate)
        {
            Settle(DateTimeOffset.UtcNow);
            var index = _state.Storage.FindIndex(b => b.Name == backupName);
            if (index < 0)
            {
                // [?] The wrapped storage error's wording depends on the object store.
                return MilvusBackupJson.Envelope(requestId, MilvusBackupJson.CodeFail, $"delete: read backup info: meta: read backup meta meta: read level meta storage: read object backup/{backupName}/meta/backup_meta.json: The specified key does not exist.");
            }

            // The task that made it keeps holding the name until a restart.
            _state.Storage.RemoveAt(index);
            Save();
            return MilvusBackupJson.Envelope(requestId, 0, "success");
        }
    }

    /// <summary>POST /restore after the body was bound.</summary>
    internal MilvusAnswer Restore(MilvusRestoreRequest request)
    {
        var requestId = string.IsNullOrEmpty(request.RequestId) ? Guid.NewGuid().ToString() : request.RequestId!;
        var restoreId = string.IsNullOrEmpty(request.Id)
            ? "restore_" + DateTimeOffset.UtcNow.ToString("yyyy_MM_dd_HH_mm_ss_", System.Globalization.CultureInfo.InvariantCulture) + (DateTimeOffset.UtcNow.Ticks % TimeSpan.TicksPerSecond * 100)
            : request.Id!;
        if (RestoreProblem(request) is { } problem)
        {
            // The validation answer carries no requestId.
            return MilvusAnswer.Json(MilvusBackupJson.Envelope(null, MilvusBackupJson.CodeParameterError, problem, hasData: true));
        }

        lock (_gate)
        {
            var now = Settle(DateTimeOffset.UtcNow);
            var backup = _state.Storage.FirstOrDefault(b => b.Name == request.BackupName);
            if (backup is null)
            {
                return MilvusAnswer.Json(MilvusBackupJson.Envelope(null, MilvusBackupJson.CodeParameterError, $"backup {request.BackupName} not found", hasData: true));
            }

            var (items, planProblem) = MilvusRestorePlan.Items(backup, request);
            if (planProblem is not null)
            {
                return MilvusAnswer.Json(MilvusBackupJson.Envelope(null, MilvusBackupJson.CodeFail, "server: create restore plan: " + planProblem, hasData: true));
            }

            var atOnce = _milvusReachable ? CheckTargets(items, request) : null;
            var task = new MilvusRestoreTaskRecord
            {
                Id = restoreId,
                BackupName = backup.Name,
                StartedAt = now,
                Duration = _restoreDuration,
                Items = items,
                DropExisting = request.DropExistCollection == true,
                NeverStarts = !_milvusReachable,
                Failure = atOnce ?? (_milvusReachable ? Interlocked.Exchange(ref _nextRestoreFailure, null) : null),
                FailsAtOnce = atOnce is not null,
            };
            _restoreTasks[restoreId] = task;

            // The answer shows the task as it was handed over: not started yet.
            var handedOver = new MilvusTaskView(MilvusBackupJson.StateInitial, 1, null, null);
            return MilvusAnswer.Json(MilvusBackupJson.Envelope(requestId, 0, "restore backup is executing asynchronously", hasData: true, MilvusBackupJson.RestoreTask(task, handedOver)), restore: task);
        }
    }

    /// <summary>The end of a sync restore (it runs on, whatever happens to the HTTP call).</summary>
    internal JsonObject SyncRestoreResult(MilvusRestoreTaskRecord task, string? requestId)
    {
        lock (_gate)
        {
            var view = View(task, Settle(DateTimeOffset.UtcNow));
            return view.State == MilvusBackupJson.StateSuccess
                ? MilvusBackupJson.Envelope(requestId, 0, "success", hasData: true, MilvusBackupJson.RestoreTask(task, view))
                : MilvusBackupJson.Envelope(null, MilvusBackupJson.CodeFail, "restore: execute " + view.ErrorMessage, hasData: true);
        }
    }

    /// <summary>GET /get_restore?id=.</summary>
    internal JsonObject GetRestore(string? requestId, string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return MilvusBackupJson.Envelope(requestId, MilvusBackupJson.CodeFail, "empty restore id", hasData: true);
        }

        lock (_gate)
        {
            var now = Settle(DateTimeOffset.UtcNow);
            return _restoreTasks.TryGetValue(id, out var task)
                ? MilvusBackupJson.Envelope(requestId, 0, "success", hasData: true, MilvusBackupJson.RestoreTask(task, View(task, now)))
                : MilvusBackupJson.Envelope(requestId, MilvusBackupJson.CodeFail, "task not found", hasData: true);
        }
    }

    internal MilvusTaskView ViewNow(MilvusBackupTaskRecord task)
    {
        lock (_gate)
        {
            return View(task, Settle(DateTimeOffset.UtcNow));
        }
    }

    internal MilvusTaskView ViewNow(MilvusRestoreTaskRecord task)
    {
        lock (_gate)
        {
            return View(task, Settle(DateTimeOffset.UtcNow));
        }
    }

    /// <summary>
    /// A task's state at <paramref name="now"/>: 0 for the first tenth of its duration (forever when it never started),
    /// then 1 with the progress rising, then 2 (100) or 3. A failed backup's progress is 0; a failed restore keeps the
    /// last value it had (at least 1).
    /// </summary>
    private static MilvusTaskView View(MilvusBackupTaskRecord task, DateTimeOffset now)
    {
        if (task.CanceledAt is { } canceled && now >= canceled)
        {
            return new MilvusTaskView(MilvusBackupJson.StateFail, 0, "backup: get milvus version: context canceled", canceled);
        }

        return View(task, failedProgress: 0, now);
    }

    private static MilvusTaskView View(MilvusRestoreTaskRecord task, DateTimeOffset now) =>
        View(task, failedProgress: task.Duration > TimeSpan.Zero && !task.FailsAtOnce ? 99 : 1, now);

    private static MilvusTaskView View(MilvusTaskRecord task, int failedProgress, DateTimeOffset now)
    {
        if (task.NeverStarts)
        {
            return new MilvusTaskView(MilvusBackupJson.StateInitial, 1, null, null);
        }

        if (task.FailsAtOnce)
        {
            return new MilvusTaskView(MilvusBackupJson.StateFail, failedProgress, task.Failure, task.StartedAt);
        }

        var elapsed = now - task.StartedAt;
        if (elapsed < task.Duration)
        {
            return elapsed < task.Duration / 10
                ? new MilvusTaskView(MilvusBackupJson.StateInitial, 1, null, null)
                : new MilvusTaskView(MilvusBackupJson.StateExecuting, (int)Math.Clamp(100 * (elapsed / task.Duration), 1, 99), null, null);
        }

        var end = task.StartedAt + task.Duration;
        return task.Failure is null
            ? new MilvusTaskView(MilvusBackupJson.StateSuccess, 100, null, end)
            : new MilvusTaskView(MilvusBackupJson.StateFail, failedProgress, task.Failure, end);
    }

    /// <summary>Applies the end of every task whose time is up: a backup is written to storage, a restore fills Milvus.</summary>
    private DateTimeOffset Settle(DateTimeOffset now)
    {
        var changed = false;
        foreach (var task in _backupTasks.Values.Where(t => !t.Settled))
        {
            var view = View(task, now);
            if (view.State is MilvusBackupJson.StateSuccess or MilvusBackupJson.StateFail)
            {
                task.Settled = true;
                if (view.State == MilvusBackupJson.StateSuccess)
                {
                    _state.Storage.Add(new StoredBackupRecord
                    {
                        Id = task.Id,
                        Name = task.Name,
                        BackupTimestamp = MilvusBackupJson.HybridTimestamp(task.StartedAt, ++_logicalClock),
                        MilvusVersion = MilvusVersion,
                        Collections = task.Collections,
                        Databases = task.Databases,
                    });
                    _state.Storage.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
                    changed = true;
                }
            }
        }

        foreach (var task in _restoreTasks.Values.Where(t => !t.Settled))
        {
            var view = View(task, now);
            if (view.State is MilvusBackupJson.StateSuccess or MilvusBackupJson.StateFail)
            {
                task.Settled = true;
                if (view.State == MilvusBackupJson.StateSuccess)
                {
                    Apply(task);
                    changed = true;
                }
            }
        }

        if (changed)
        {
            Save();
        }

        return now;
    }

    /// <summary>A restore's collections arrive in Milvus (unloaded), replacing those it was told to drop; a missing database is made.</summary>
    private void Apply(MilvusRestoreTaskRecord task)
    {
        foreach (var item in task.Items)
        {
            _state.Collections.RemoveAll(c => c.Database == item.TargetDatabase && c.Name == item.TargetName);
            if (!_state.Databases.Any(d => d.Name == item.TargetDatabase))
            {
                _state.Databases.Add(new MilvusDatabaseRecord(item.TargetDatabase, _state.Databases.Count + 1, null));
            }

            _state.Collections.Add(item.Source with
            {
                Database = item.TargetDatabase,
                Name = item.TargetName,
                CollectionId = _nextCollectionId++,
                LoadState = MilvusBackupJson.NotLoad,
            });
        }
    }

    /// <summary>The restore task's check of its targets, which fails it at once: a target that exists (or that a running restore makes) without dropExistCollection.</summary>
    private string? CheckTargets(IReadOnlyList<MilvusRestoreItem> items, MilvusRestoreRequest request)
    {
        var skipCreate = request.SkipCreateCollection == true;
        foreach (var item in items)
        {
            var exists = _state.Collections.Any(c => c.Database == item.TargetDatabase && c.Name == item.TargetName)
                || _restoreTasks.Values.Any(t => !t.Settled && !t.FailsAtOnce && !t.NeverStarts && t.Items.Any(i => i.Target == item.Target));
            if (!exists && skipCreate)
            {
                return $"restore: check collection exist restore: collection not exist, database {item.TargetDatabase} collection {item.TargetName}";
            }

            if (exists && !skipCreate && request.DropExistCollection != true)
            {
                return $"restore: check collection exist restore: collection already exist, database {item.TargetDatabase} collection {item.TargetName}";
            }
        }

        return null;
    }

    /// <summary>What a create's filter (else db_collections, else collection_names) selects, or the error its task fails with at once.</summary>
    private (IReadOnlyList<MilvusCollectionRecord> Collections, IReadOnlyList<MilvusDatabaseRecord> Databases, string? Problem) Select(Dictionary<string, MilvusCollectionSelection>? filter)
    {
        if (filter is null)
        {
            return (_state.Collections.ToArray(), _state.Databases.ToArray(), null);
        }

        foreach (var (database, selection) in filter)
        {
            if (!_state.Databases.Any(d => d.Name == database))
            {
                return (Array.Empty<MilvusCollectionRecord>(), Array.Empty<MilvusDatabaseRecord>(), $"backup: list db and collection: backup: filter db and ns: backup: filter db {database} not found in milvus");
            }

            foreach (var collection in selection.Names ?? Enumerable.Empty<string>())
            {
                if (!_state.Collections.Any(c => c.Database == database && c.Name == collection))
                {
                    return (Array.Empty<MilvusCollectionRecord>(), Array.Empty<MilvusDatabaseRecord>(), $"backup: list db and collection: backup: filter db and ns: backup: filter collection {collection} not found in milvus");
                }
            }
        }

        var collections = _state.Collections.Where(c => filter.TryGetValue(c.Database, out var s) && (s.Names is null || s.Names.Contains(c.Name))).ToArray();
        var databases = _state.Databases.Where(d => filter.ContainsKey(d.Name)).ToArray();
        return (collections, databases, null);
    }

    /// <summary>The server's ValidateName, after the empty name (which panics).</summary>
    private static string? BackupNameProblem(string name)
    {
        if (name.Any(char.IsWhiteSpace))
        {
            return "backup name should not contain whitespace";
        }

        if (System.Text.Encoding.UTF8.GetByteCount(name) > 128)
        {
            return "backup name length should not exceed 128";
        }

        if (name[0] != '_' && !IsAsciiLetter(name[0]))
        {
            return "backup name should start with an underscore or letter";
        }

        return name.All(c => c == '_' || IsAsciiLetter(c) || char.IsAsciiDigit(c)) ? null : "backup name should only contain numbers, letters and underscores";
    }

    /// <summary>strategy and format, checked when the server builds the task's options (code 3).</summary>
    private static string? OptionProblem(MilvusCreateRequest request)
    {
        if (!string.IsNullOrEmpty(request.Strategy) && request.Strategy is not ("meta_only" or "skip_flush" or "bulk_flush" or "serial_flush"))
        {
            // [?] The wording of the strategy parser's error.
            return $"server: build option: server: build strategy: backup: invalid strategy {request.Strategy}" + (request.Strategy == "snapshot" ? ", use format=snapshot instead" : "");
        }

        if (!string.IsNullOrEmpty(request.Format) && request.Format is not ("auto" or "binlog" or "snapshot"))
        {
            return $"server: build option: invalid format {request.Format}"; // [?]
        }

        return null;
    }

    /// <summary>The restore handler's validate(): code 400, answered without a requestId.</summary>
    private static string? RestoreProblem(MilvusRestoreRequest request)
    {
        if (string.IsNullOrEmpty(request.BackupName))
        {
            return "backup name is required";
        }

        if (request.RestorePlan is not null && !string.IsNullOrEmpty(request.CollectionSuffix))
        {
            return "restore plan and collection suffix cannot be set at the same time";
        }

        if (request.RestorePlan is not null && request.CollectionRenames is { Count: > 0 })
        {
            return "restore plan and collection renames cannot be set at the same time";
        }

        if (!string.IsNullOrEmpty(request.CollectionSuffix) && !request.CollectionSuffix.All(c => c == '_' || IsAsciiLetter(c) || char.IsAsciiDigit(c)))
        {
            return "only alphanumeric characters and underscores are allowed in collection suffix";
        }

        if (request.DropExistCollection == true && request.SkipCreateCollection == true)
        {
            return "drop_exist_collection and skip_create_collection cannot be true at the same time";
        }

        return null;
    }

    private static bool IsAsciiLetter(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z');

    private static MilvusBackupState InitialState(int seedBackups)
    {
        const long MiB = 1024 * 1024;
        var state = new MilvusBackupState();
        state.Databases.Add(new MilvusDatabaseRecord("default", 1, null));

        // [?] An encryption zone key (ezk) as Milvus 2.6 keeps one per encrypted database: a secret in every backup of it.
        state.Databases.Add(new MilvusDatabaseRecord("analytics", 2, "ezk-" + RandomNumberGenerator.GetHexString(40, lowercase: true)));
        state.Collections.Add(new MilvusCollectionRecord { Database = "default", Name = "medium_articles", CollectionId = 449_000_000_000_000_101, Size = 48 * MiB, ShardsNum = 2, LoadState = MilvusBackupJson.Loaded });
        state.Collections.Add(new MilvusCollectionRecord { Database = "default", Name = "products", CollectionId = 449_000_000_000_000_102, Size = 12 * MiB, LoadState = MilvusBackupJson.Loaded });
        state.Collections.Add(new MilvusCollectionRecord { Database = "analytics", Name = "events", CollectionId = 449_000_000_000_000_103, Size = 96 * MiB, HasIndex = false });
        AddSeeded(state, seedBackups, "seeded_");
        return state;
    }

    private static void AddSeeded(MilvusBackupState state, int count, string prefix)
    {
        var at = DateTimeOffset.UtcNow - TimeSpan.FromDays(1);
        var start = state.Storage.Count;
        for (var i = 1; i <= count; i++)
        {
            state.Storage.Add(new StoredBackupRecord
            {
                // Made by another process (the CLI, or before a restart): a random id, no task here.
                Id = Guid.NewGuid().ToString(),
                Name = prefix + (start + i).ToString("D5", System.Globalization.CultureInfo.InvariantCulture),
                BackupTimestamp = MilvusBackupJson.HybridTimestamp(at.AddMinutes(i), i),
                MilvusVersion = MilvusVersion,
                Collections = state.Collections.ToArray(),
                Databases = state.Databases.ToArray(),
            });
        }

        state.Storage.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
    }

    private void Save()
    {
        if (_stateFile is not null)
        {
            MilvusBackupStatePersistence.Save(_stateFile, Section, _state);
        }
    }
}
