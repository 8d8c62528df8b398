using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using BackupModule.Emulator;

// The module keeps its session default connection in a static (one per process), and several tests
// switch it: run the engine tests one at a time. `dotnet test` still runs this assembly beside the others.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace BackupModule.EngineTests;

/// <summary>The back end a session connects to.</summary>
public enum Backend
{
    Dcos,
    Zilliz,
    MilvusBackup,
}

/// <summary>
/// One in-process emulator on 127.0.0.1:0 plus runspaces that import the built module
/// (out/BackupModule/BackupModule.psd1) and connect to it. Reusable by any engine test.
/// </summary>
public sealed class ModuleHarness : IAsyncDisposable
{
    public const string Token = DcosEmulatorOptions.DefaultToken;

    public const string ZillizApiKey = ZillizEmulatorOptions.DefaultApiKey;

    public const string ZillizClusterId = ZillizEmulatorOptions.DefaultClusterId;

    public const string ZillizProjectId = ZillizEmulatorOptions.DefaultProjectId;

    /// <summary>How long Zilliz and milvus-backup backups and restores take unless a test needs them slower: done by the first poll (1 s).</summary>
    public static readonly TimeSpan ZillizDuration = TimeSpan.FromMilliseconds(300);

    private readonly List<ModuleSession> _sessions = new();

    private ModuleHarness(EmulatorServer emulator)
    {
        Emulator = emulator;
    }

    public EmulatorServer Emulator { get; }

    /// <summary>The master URL to connect to (no trailing slash, as a user would type it).</summary>
    public string Uri => Emulator.BaseUri.GetLeftPart(UriPartial.Authority);

    /// <summary>The requests that change state (POST and DELETE on the backup API): what -WhatIf must never send.</summary>
    public IReadOnlyList<AuditEntry> Mutations =>
        Emulator.Audit.Entries.Where(e => e.Method is "POST" or "DELETE" && e.Path.StartsWith("/system/", StringComparison.Ordinal)).ToArray();

    public IReadOnlyList<AuditEntry> Calls(string method, string route) =>
        Emulator.Audit.Entries.Where(e => e.Method == method && e.Path == "/system/v1/backup/v1/" + route).ToArray();

    /// <summary>
    /// The Zilliz requests that change state: POST and DELETE under /v2/. The restore pre-check's POST to
    /// /cluster-endpoints/{id}/v2/vectordb/collections/has is a read, and is not under /v2/.
    /// </summary>
    public IReadOnlyList<AuditEntry> ZillizMutations =>
        Emulator.Audit.Entries.Where(e => e.Method is "POST" or "DELETE" && e.Path.StartsWith("/v2/", StringComparison.Ordinal)).ToArray();

    /// <summary>Zilliz requests by method and path: exact, or a prefix when <paramref name="path"/> ends with '/'.</summary>
    public IReadOnlyList<AuditEntry> ZillizCalls(string method, string path) =>
        Emulator.Audit.Entries.Where(e => e.Method == method && (path.EndsWith('/') ? e.Path.StartsWith(path, StringComparison.Ordinal) : e.Path == path)).ToArray();

    /// <summary>The milvus-backup requests that change state: POST and DELETE under /api/v1/.</summary>
    public IReadOnlyList<AuditEntry> MilvusMutations =>
        Emulator.Audit.Entries.Where(e => e.Method is "POST" or "DELETE" && e.Path.StartsWith("/api/v1/", StringComparison.Ordinal)).ToArray();

    /// <summary>milvus-backup requests by method and route (e.g. "create", "get_backup").</summary>
    public IReadOnlyList<AuditEntry> MilvusCalls(string method, string route) =>
        Emulator.Audit.Entries.Where(e => e.Method == method && e.Path == "/api/v1/" + route).ToArray();

    /// <summary>The built module; `dotnet build`/`dotnet test` of the solution lays it out before these tests run.</summary>
    public static string ManifestPath { get; } = FindManifest();

    /// <summary>
    /// Starts an emulator whose backups and restores finish as soon as they are read again (duration 0),
    /// so tests need no -Wait; <paramref name="configure"/> changes that.
    /// </summary>
    public static async Task<ModuleHarness> StartAsync(Action<EmulatorOptions>? configure = null)
    {
        var options = new EmulatorOptions { Urls = new[] { "http://127.0.0.1:0" } };
        options.Dcos.BackupDuration = TimeSpan.Zero;
        options.Dcos.RestoreDuration = TimeSpan.Zero;
        options.Zilliz.BackupDuration = ZillizDuration;
        options.Zilliz.RestoreDuration = ZillizDuration;
        options.MilvusBackup.BackupDuration = ZillizDuration;
        options.MilvusBackup.RestoreDuration = ZillizDuration;
        configure?.Invoke(options);
        return new ModuleHarness(await EmulatorServer.StartAsync(options));
    }

    /// <summary>
    /// A runspace with the module imported and, when <paramref name="connect"/>, connected to this
    /// emulator's <paramref name="backend"/>: the connection is the session default and in <c>$connection</c>.
    /// Set either way: <c>$uri</c>, <c>$token</c> (DC/OS, a SecureString), <c>$apiKey</c> (Zilliz, a
    /// SecureString), <c>$clusterId</c> and <c>$projectId</c> (the emulator's Zilliz cluster and project).
    /// </summary>
    public ModuleSession OpenSession(bool connect = true, Backend backend = Backend.Dcos)
    {
        var session = new ModuleSession();
        _sessions.Add(session);
        session.Run(
            "Import-Module -Name $manifest -ErrorAction Stop; $token = ConvertTo-SecureString $tokenText -AsPlainText -Force; $apiKey = ConvertTo-SecureString $apiKeyText -AsPlainText -Force",
            new()
            {
                ["manifest"] = ManifestPath,
                ["tokenText"] = Token,
                ["apiKeyText"] = ZillizApiKey,
                ["uri"] = Uri,
                ["clusterId"] = ZillizClusterId,
                ["projectId"] = ZillizProjectId,
            }).AssertNoErrors("importing the module");
        if (connect)
        {
            session.Run(backend switch
            {
                Backend.Zilliz => "$connection = Connect-ClusterBackupService -ZillizCloud -Uri $uri -ApiKey $apiKey -ClusterId $clusterId -ProjectId $projectId -PassThru -ErrorAction Stop",
                Backend.MilvusBackup => "$connection = Connect-ClusterBackupService -MilvusBackup -Uri $uri -PassThru -ErrorAction Stop",
                _ => "$connection = Connect-ClusterBackupService -Dcos -Uri $uri -Token $token -PassThru -ErrorAction Stop",
            }).AssertNoErrors("connecting");
        }

        return session;
    }

    /// <summary>Makes backups through the service's API (not the module), ready at once; returns their ids.</summary>
    public async Task<IReadOnlyList<string>> CreateBackupsAsync(params string[] labels)
    {
        using var client = new HttpClient { BaseAddress = Emulator.DcosBaseUri };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "token=" + Token);
        var ids = new List<string>();
        foreach (var label in labels)
        {
            using var response = await client.PostAsync("create", new StringContent($$"""{"label":"{{label}}"}""", System.Text.Encoding.UTF8, "application/json"));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"create {label}: {(int)response.StatusCode} {body}");
            var node = System.Text.Json.Nodes.JsonNode.Parse(body)!;
            ids.Add((string)(node["backup_info"] ?? node)["id"]!);
            // The service holds one lock: let this backup finish (duration 0) before the next create.
            await Task.Delay(5);
        }

        return ids;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var session in _sessions)
        {
            session.Dispose();
        }

        await Emulator.DisposeAsync();
    }

    private static string FindManifest()
    {
        var manifest = Path.Combine(BackupModule.Tests.RepoPaths.LayoutDir, "BackupModule.psd1");
        return File.Exists(manifest)
            ? manifest
            : throw new InvalidOperationException($"{manifest} is missing: build the solution (dotnet build BackupModule.sln) first.");
    }
}

/// <summary>A runspace of its own (InitialSessionState.CreateDefault2) in which scripts run one after another.</summary>
public sealed class ModuleSession : IDisposable
{
    private readonly Runspace _runspace;

    public ModuleSession()
    {
        _runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        _runspace.Open();
    }

    /// <summary>Runs a script with the given variables set in the session first; never throws for the script's errors.</summary>
    public ScriptResult Run(string script, Dictionary<string, object?>? variables = null)
    {
        using var ps = Start(script, variables);
        Collection<PSObject> output;
        ErrorRecord? terminating = null;
        try
        {
            output = ps.Invoke();
        }
        catch (RuntimeException ex)
        {
            // A terminating error that escaped the script (e.g. -ErrorAction Stop outside try/catch).
            output = new Collection<PSObject>();
            terminating = ex.ErrorRecord;
        }

        return ScriptResult.From(ps, output, terminating);
    }

    /// <summary>A PowerShell on this runspace with the script added, not yet invoked (for BeginInvoke/Stop).</summary>
    public PowerShell Start(string script, Dictionary<string, object?>? variables = null)
    {
        foreach (var (name, value) in variables ?? new())
        {
            _runspace.SessionStateProxy.SetVariable(name, value);
        }

        var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        return ps;
    }

    /// <summary>
    /// Starts <paramref name="script"/>, waits (up to 30 s) until <paramref name="started"/> says it is under
    /// way, then presses Ctrl+C (PowerShell.Stop()): asserts it stopped cleanly and returns how long Stop() took.
    /// </summary>
    public async Task<TimeSpan> StopWhenAsync(string script, Func<bool> started, Dictionary<string, object?>? variables = null)
    {
        using var ps = Start(script, variables);
        var running = ps.BeginInvoke();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!started())
        {
            Assert.True(DateTime.UtcNow < deadline, $"'{script}' never got under way.");
            await Task.Delay(20);
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        ps.Stop();
        watch.Stop();

        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        Assert.True(running.IsCompleted);
        Assert.Empty(ps.Streams.Error);
        return watch.Elapsed;
    }

    public void Dispose() => _runspace.Dispose();
}

/// <summary>What a script emitted, and copies of its error, warning, information, verbose, debug and progress streams.</summary>
public sealed class ScriptResult
{
    private ScriptResult(IReadOnlyList<PSObject> output, IReadOnlyList<ErrorRecord> errors, PSDataStreams streams)
    {
        Output = output;
        Errors = errors;
        Warnings = streams.Warning.ToArray();
        Information = streams.Information.ToArray();
        Verbose = streams.Verbose.ToArray();
        Debug = streams.Debug.ToArray();
        Progress = streams.Progress.ToArray();
    }

    public IReadOnlyList<PSObject> Output { get; }

    /// <summary>ps.Streams.Error, plus the terminating error when one escaped the script (not ps.HadErrors).</summary>
    public IReadOnlyList<ErrorRecord> Errors { get; }

    public IReadOnlyList<WarningRecord> Warnings { get; }

    public IReadOnlyList<InformationRecord> Information { get; }

    public IReadOnlyList<VerboseRecord> Verbose { get; }

    public IReadOnlyList<DebugRecord> Debug { get; }

    public IReadOnlyList<ProgressRecord> Progress { get; }

    /// <summary>The output as strings (Out-String results, ids, ...).</summary>
    public IReadOnlyList<string> Strings => Output.Select(o => o?.BaseObject?.ToString() ?? "").ToArray();

    /// <summary>Everything the streams other than the output carried, as text (errors with their exceptions, targets and details).</summary>
    public IReadOnlyList<string> StreamTexts =>
        Errors.SelectMany(e => new[] { e.ToString(), e.FullyQualifiedErrorId, e.Exception.ToString(), $"{e.TargetObject}", $"{e.ErrorDetails?.Message} {e.ErrorDetails?.RecommendedAction}", e.CategoryInfo.ToString() })
            .Concat(Warnings.Select(w => w.Message))
            .Concat(Information.Select(i => $"{i.MessageData}"))
            .Concat(Verbose.Select(v => v.Message))
            .Concat(Debug.Select(d => d.Message))
            .Concat(Progress.Select(p => $"{p.Activity} {p.StatusDescription} {p.CurrentOperation}"))
            .ToArray();

    /// <summary>A property of each output object, read through PowerShell's adapter.</summary>
    public IReadOnlyList<object?> Property(string name) => Output.Select(o => o.Properties[name]?.Value).ToArray();

    public IReadOnlyList<string> ErrorIds => Errors.Select(e => e.FullyQualifiedErrorId).ToArray();

    public ScriptResult AssertNoErrors(string what = "the script")
    {
        Assert.True(Errors.Count == 0, $"{what}: {string.Join(" | ", Errors.Select(e => e.FullyQualifiedErrorId + ": " + e))}");
        return this;
    }

    internal static ScriptResult From(PowerShell ps, Collection<PSObject> output, ErrorRecord? terminating)
    {
        var errors = ps.Streams.Error.ToList();
        if (terminating is not null)
        {
            errors.Add(terminating);
        }

        return new ScriptResult(output.ToArray(), errors, ps.Streams);
    }
}

/// <summary>Base for engine tests: a fresh emulator and a session on it (connected unless told) for each test.</summary>
public abstract class EngineTest : IAsyncLifetime
{
    protected ModuleHarness Harness { get; private set; } = null!;

    protected ModuleSession Session { get; private set; } = null!;

    protected virtual bool Connect => true;

    /// <summary>The back end <see cref="Session"/> connects to.</summary>
    protected virtual Backend Backend => Backend.Dcos;

    public virtual async Task InitializeAsync()
    {
        Harness = await ModuleHarness.StartAsync(Configure);
        Session = Harness.OpenSession(Connect, Backend);
    }

    /// <summary>Script variables for <see cref="ModuleSession.Run"/>.</summary>
    protected static Dictionary<string, object?> Vars(params (string Name, object? Value)[] values) =>
        values.ToDictionary(v => v.Name, v => v.Value);

    /// <summary>Changes the emulator's start-up options (seeded backups, durations) before it starts.</summary>
    protected virtual void Configure(EmulatorOptions options)
    {
    }

    public virtual async Task DisposeAsync() => await Harness.DisposeAsync();
}
