using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using BackupModule.Emulator;
using BackupModule.Errors;
using BackupModule.Http;
using BackupModule.Model;
using BackupModule.Operations;
using BackupModule.Tests.Integration;
using BackupModule.Waiting;

namespace BackupModule.Tests.FaultMatrix;

public enum Backend
{
    Dcos,
    Zilliz,
    Milvus,
}

public enum Op
{
    Connect,
    Create,
    List,
    Get,
    Restore,
    RestoreNewCluster,
    RestoreCollections,
    Remove,
    JobGet,
    JobWait,
    PolicyGet,
    PolicySet,
}

public enum Fault
{
    /// <summary>429 with Retry-After, once.</summary>
    RateLimited,
    Status500,
    /// <summary>502 after the service acted (the gateway lost its answer), once.</summary>
    Status502,
    /// <summary>503 before the service saw the request, once.</summary>
    Status503,
    /// <summary>504 after the service acted, once.</summary>
    Status504,
    /// <summary>Connection reset after the service acted, before any answer, once.</summary>
    Reset,
    /// <summary>The service acted but the answer never comes (2 s against a 300 ms request timeout), once.</summary>
    NeverAnswered,
    /// <summary>The service acted; half of its body arrives, once.</summary>
    Truncated,
    /// <summary>The service acted; HTTP 200 with a body that is not JSON, once.</summary>
    InvalidJson,
    /// <summary>A proxy's HTML 502 page (text/html) before the service, every time.</summary>
    HtmlPage,
    /// <summary>The connection's credential has expired (real 401s); the refresh gives the valid one.</summary>
    Expired401Refreshed,
    /// <summary>The credential has expired; the refresh gives another the service rejects too (never a loop).</summary>
    Expired401RefreshFails,
    Forbidden403,
    NotFound404,
    /// <summary>Real: a backup is already being made (DC/OS lock; Zilliz one manual backup at a time).</summary>
    Busy,
    /// <summary>Zilliz {"code":80001,...} (v1 "The token is illegal", as the live service still sends it) on HTTP 200, once.</summary>
    ZillizCode,
    /// <summary>No fault (an operation the back end does not have).</summary>
    None,
}

/// <summary>
/// The fault matrix: every operation of every back end against every fault kind, over loopback against the
/// in-process emulator. Each cell checks what the user sees (the object, or an error with its ErrorId)
/// and, from the emulator's audit log, how many mutations reached the service: never a duplicate, and a
/// create or restore whose outcome is unknown is looked for, never sent again.
/// </summary>
public sealed class FaultMatrixTests : IClassFixture<FaultMatrixReport>
{
    private const string Ok = "ok";

    private static readonly Fault[] Columns =
    {
        Fault.RateLimited, Fault.Status500, Fault.Status502, Fault.Status503, Fault.Status504, Fault.Reset, Fault.NeverAnswered,
        Fault.Truncated, Fault.InvalidJson, Fault.HtmlPage, Fault.Expired401Refreshed, Fault.Expired401RefreshFails, Fault.Forbidden403,
        Fault.NotFound404, Fault.Busy, Fault.ZillizCode,
    };

    // Each cell: the outcome ("ok" or the ErrorId) and, after a colon, how many mutations reached the
    // service's handler; "-" is a cell that does not exist (no busy rule for reads, no Zilliz code on DC/OS).
    //
    //                                       429   500             502                    503                   504                    reset                  never                  truncated              invalid JSON           HTML page                401r  401 fails       403          404               busy                 Zilliz code 80001
    private static readonly (Backend Backend, Op Op, string Row)[] Grid =
    {
        (Backend.Dcos, Op.Connect,              "ok:0  ServiceError:0  ok:0                   ok:0                  ok:0                   ok:0                   ok:0                   ok:0                   InvalidResponse:0      ServiceUnavailable:0     ok:0  Unauthorized:0  Forbidden:0  ServiceError:0    -                    -"),
        (Backend.Dcos, Op.Create,               "ok:1  ServiceError:0  ok:1                   ServiceUnavailable:0  ok:1                   ok:1                   ok:1                   ok:1                   ok:1                   CreateOutcomeUnknown:0   ok:1  Unauthorized:0  Forbidden:0  ServiceError:0    BackupServiceBusy:1  -"),
        (Backend.Dcos, Op.List,                 "ok:0  ServiceError:0  ok:0                   ok:0                  ok:0                   ok:0                   ok:0                   ok:0                   InvalidResponse:0      ServiceUnavailable:0     ok:0  Unauthorized:0  Forbidden:0  ServiceError:0    -                    -"),
        (Backend.Dcos, Op.Get,                  "ok:0  ServiceError:0  ok:0                   ok:0                  ok:0                   ok:0                   ok:0                   ok:0                   InvalidResponse:0      ServiceUnavailable:0     ok:0  Unauthorized:0  Forbidden:0  ServiceError:0    -                    -"),
        (Backend.Dcos, Op.Restore,              "ok:1  ServiceError:0  ok:1                   ServiceUnavailable:0  ok:1                   ok:1                   ok:1                   ok:1                   ok:1                   RestoreOutcomeUnknown:0  ok:1  Unauthorized:0  Forbidden:0  ServiceError:0    BackupServiceBusy:1  -"),
        (Backend.Dcos, Op.Remove,               "ok:1  ServiceError:0  ServiceUnavailable:1   ServiceUnavailable:0  ServiceUnavailable:1   ConnectionFailed:1     RequestTimedOut:1      ConnectionFailed:1     ok:1                   ServiceUnavailable:0     ok:1  Unauthorized:0  Forbidden:0  ServiceError:0    -                    -"),
        (Backend.Dcos, Op.JobGet,               "ok:0  ServiceError:0  ok:0                   ok:0                  ok:0                   ok:0                   ok:0                   ok:0                   InvalidResponse:0      ServiceUnavailable:0     ok:0  Unauthorized:0  Forbidden:0  ServiceError:0    -                    -"),
        (Backend.Dcos, Op.JobWait,              "ok:0  ServiceError:0  ok:0                   ok:0                  ok:0                   ok:0                   ok:0                   ok:0                   InvalidResponse:0      ServiceUnavailable:0     ok:0  Unauthorized:0  Forbidden:0  ServiceError:0    -                    -"),
        (Backend.Zilliz, Op.Connect,            "ok:0  ServiceError:0  ok:0                   ok:0                  ok:0                   ok:0                   ok:0                   ok:0                   InvalidResponse:0      ServiceUnavailable:0     ok:0  Unauthorized:0  Forbidden:0  ServiceError:0    -                    Unauthorized:0"),
        (Backend.Zilliz, Op.Create,             "ok:1  ServiceError:0  ok:1                   ServiceUnavailable:0  ok:1                   ok:1                   ok:1                   ok:1                   ok:1                   CreateOutcomeUnknown:0   ok:1  Unauthorized:0  Forbidden:0  ServiceError:0    BackupServiceBusy:1  Unauthorized:0"),
        (Backend.Zilliz, Op.List,               "ok:0  ServiceError:0  ok:0                   ok:0                  ok:0                   ok:0                   ok:0                   ok:0                   InvalidResponse:0      ServiceUnavailable:0     ok:0  Unauthorized:0  Forbidden:0  ServiceError:0    -                    Unauthorized:0"),
        (Backend.Zilliz, Op.Get,                "ok:0  ServiceError:0  ok:0                   ok:0                  ok:0                   ok:0                   ok:0                   ok:0                   InvalidResponse:0      ServiceUnavailable:0     ok:0  Unauthorized:0  Forbidden:0  BackupNotFound:0  -                    Unauthorized:0"),
        (Backend.Zilliz, Op.RestoreNewCluster,  "ok:1  ServiceError:0  RestoreOutcomeUnknown:1 ServiceUnavailable:0 RestoreOutcomeUnknown:1 RestoreOutcomeUnknown:1 RestoreOutcomeUnknown:1 RestoreOutcomeUnknown:1 RestoreOutcomeUnknown:1 RestoreOutcomeUnknown:0 ok:1  Unauthorized:0  Forbidden:0  BackupNotFound:0  -                    Unauthorized:0"),
        (Backend.Zilliz, Op.RestoreCollections, "ok:1  ServiceError:0  RestoreOutcomeUnknown:1 ServiceUnavailable:0 RestoreOutcomeUnknown:1 RestoreOutcomeUnknown:1 RestoreOutcomeUnknown:1 RestoreOutcomeUnknown:1 RestoreOutcomeUnknown:1 RestoreOutcomeUnknown:0 ok:1  Unauthorized:0  Forbidden:0  BackupNotFound:0  -                    Unauthorized:0"),
        (Backend.Zilliz, Op.Remove,             "ok:1  ServiceError:0  ServiceUnavailable:1   ServiceUnavailable:0  ServiceUnavailable:1   ConnectionFailed:1     RequestTimedOut:1      ConnectionFailed:1     InvalidResponse:1      ServiceUnavailable:0     ok:1  Unauthorized:0  Forbidden:0  BackupNotFound:0  -                    Unauthorized:0"),
        (Backend.Zilliz, Op.JobGet,             "ok:0  ServiceError:0  ok:0                   ok:0                  ok:0                   ok:0                   ok:0                   ok:0                   InvalidResponse:0      ServiceUnavailable:0     ok:0  Unauthorized:0  Forbidden:0  JobNotFound:0     -                    Unauthorized:0"),
        (Backend.Zilliz, Op.JobWait,            "ok:0  ServiceError:0  ok:0                   ok:0                  ok:0                   ok:0                   ok:0                   ok:0                   InvalidResponse:0      ServiceUnavailable:0     ok:0  Unauthorized:0  Forbidden:0  JobNotFound:0     -                    Unauthorized:0"),
        (Backend.Zilliz, Op.PolicyGet,          "ok:0  ServiceError:0  ok:0                   ok:0                  ok:0                   ok:0                   ok:0                   ok:0                   InvalidResponse:0      ServiceUnavailable:0     ok:0  Unauthorized:0  Forbidden:0  ServiceError:0    -                    Unauthorized:0"),
        (Backend.Zilliz, Op.PolicySet,          "ok:1  ServiceError:0  ServiceUnavailable:1   ServiceUnavailable:0  ServiceUnavailable:1   ConnectionFailed:1     RequestTimedOut:1      ConnectionFailed:1     InvalidResponse:1      ServiceUnavailable:0     ok:1  Unauthorized:0  Forbidden:0  ServiceError:0    -                    Unauthorized:0"),

        // milvus-backup takes no credential (no 401 cells), has no lock (no busy cell) and no Zilliz codes. A create
        // or restore whose answer is lost is looked up under the module's own id (request_id, restore id): found,
        // it is the outcome, and nothing is sent again; not found (a gateway that never passed it on), it is unknown.
        (Backend.Milvus, Op.Connect,            "ok:0  ServiceError:0  ok:0                   ok:0                  ok:0                   ok:0                   ok:0                   ok:0                   InvalidResponse:0      ServiceUnavailable:0     -     -               Forbidden:0  ServiceError:0    -                    -"),
        (Backend.Milvus, Op.Create,             "ok:1  ServiceError:0  ok:1                   ServiceUnavailable:0  ok:1                   ok:1                   ok:1                   ok:1                   ok:1                   CreateOutcomeUnknown:0   -     -               Forbidden:0  ServiceError:0    -                    -"),
        (Backend.Milvus, Op.List,               "ok:0  ServiceError:0  ok:0                   ok:0                  ok:0                   ok:0                   ok:0                   ok:0                   InvalidResponse:0      ServiceUnavailable:0     -     -               Forbidden:0  ServiceError:0    -                    -"),
        (Backend.Milvus, Op.Get,                "ok:0  ServiceError:0  ok:0                   ok:0                  ok:0                   ok:0                   ok:0                   ok:0                   InvalidResponse:0      ServiceUnavailable:0     -     -               Forbidden:0  ServiceError:0    -                    -"),
        (Backend.Milvus, Op.Restore,            "ok:1  ServiceError:0  ok:1                   ServiceUnavailable:0  ok:1                   ok:1                   ok:1                   ok:1                   ok:1                   RestoreOutcomeUnknown:0  -     -               Forbidden:0  ServiceError:0    -                    -"),
        (Backend.Milvus, Op.Remove,             "ok:1  ServiceError:0  ServiceUnavailable:1   ServiceUnavailable:0  ServiceUnavailable:1   ConnectionFailed:1     RequestTimedOut:1      ConnectionFailed:1     ok:1                   ServiceUnavailable:0     -     -               Forbidden:0  ServiceError:0    -                    -"),
        (Backend.Milvus, Op.JobGet,             "ok:0  ServiceError:0  ok:0                   ok:0                  ok:0                   ok:0                   ok:0                   ok:0                   InvalidResponse:0      ServiceUnavailable:0     -     -               Forbidden:0  ServiceError:0    -                    -"),
        (Backend.Milvus, Op.JobWait,            "ok:0  ServiceError:0  ok:0                   ok:0                  ok:0                   ok:0                   ok:0                   ok:0                   InvalidResponse:0      ServiceUnavailable:0     -     -               Forbidden:0  ServiceError:0    -                    -"),
    };

    private readonly FaultMatrixReport _report;

    public FaultMatrixTests(FaultMatrixReport report)
    {
        _report = report;
    }

    /// <summary>One row per cell: back end, operation, fault, expected outcome, expected mutations that reached the handler.</summary>
    public static IEnumerable<object[]> Cells()
    {
        foreach (var (backend, op, row) in Grid)
        {
            var expectations = row.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (expectations.Length != Columns.Length)
            {
                throw new InvalidOperationException($"{backend} {op}: {expectations.Length} cells for {Columns.Length} columns.");
            }

            for (var i = 0; i < Columns.Length; i++)
            {
                if (expectations[i] == "-")
                {
                    continue;
                }

                var parts = expectations[i].Split(':');
                yield return new object[] { backend, op, Columns[i], parts[0], int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) };
            }
        }

        // DC/OS and milvus-backup have no backup schedule: one row each.
        yield return new object[] { Backend.Dcos, Op.PolicyGet, Fault.None, BackupErrorId.NotSupported, 0 };
        yield return new object[] { Backend.Milvus, Op.PolicyGet, Fault.None, BackupErrorId.NotSupported, 0 };
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Cell(Backend backend, Op op, Fault fault, string expected, int expectedMutations)
    {
        var watch = Stopwatch.StartNew();
        string outcome = "?";
        var handled = -1;
        var sent = -1;
        var passed = false;
        try
        {
            await using var world = await World.StartAsync(backend, fault);
            var target = await world.ArrangeAsync(op, fault);
            world.Server.Audit.Clear();
            world.Arm(op, fault, target);

            var host = new RecordingHost();
            var acting = Stopwatch.StartNew();
            outcome = await world.ActAsync(op, fault, target, host).WaitAsync(TimeSpan.FromSeconds(30));
            var waited = acting.Elapsed;
            await world.SettleAsync(fault);

            var mutations = world.Mutations();
            sent = mutations.Count;
            handled = mutations.Count(ReachedHandler);

            Assert.Equal(expected, outcome);
            Assert.Equal(expectedMutations, handled);

            // Only a definite refusal (429, 401 before the service) lets a mutation go again; nothing else is resent.
            var mayResend = fault is Fault.RateLimited or Fault.Expired401Refreshed or Fault.Expired401RefreshFails;
            Assert.True(sent <= (IsMutation(op) ? (mayResend ? 2 : 1) : 0), $"{sent} mutation request(s) sent");

            // The retry after a 429 waited for Retry-After (1 s, capped at 100 ms by the connection's policy).
            Assert.True(fault != Fault.RateLimited || outcome != Ok || waited >= TimeSpan.FromMilliseconds(80), $"retried after {waited.TotalMilliseconds:0} ms");
            passed = true;
        }
        finally
        {
            _report.Add(new FaultMatrixReport.Line($"{backend} {op} / {fault}", $"{expected}:{expectedMutations}", $"{outcome}:{handled}", sent, watch.Elapsed, passed));
        }
    }

    /// <summary>
    /// A mutation the service's handler saw with a valid credential (none for milvus-backup, which takes none; a busy
    /// refusal included): no fault, or one
    /// applied after the handler (or a truncated answer).
    /// </summary>
    private static bool ReachedHandler(AuditEntry e) =>
        (e.Credential == "valid" || (e.Credential == "none" && e.Path.StartsWith("/api/v1/", StringComparison.Ordinal))) && (e.Fault is null || e.Fault.StartsWith("after handler", StringComparison.Ordinal) || e.Fault == "truncated body");

    private static bool IsMutation(Op op) => op is Op.Create or Op.Restore or Op.RestoreNewCluster or Op.RestoreCollections or Op.Remove or Op.PolicySet;

    /// <summary>One emulator, one back end, the setup a cell needs, and the operation under a fault.</summary>
    private sealed class World : IAsyncDisposable
    {
        private const string ExpiredCredential = "expired-credential";
        private const string ZillizCluster = ZillizTestCluster.ClusterId;

        private readonly Backend _backend;
        private readonly EmulatorTestCluster _cluster;
        private readonly BackupConnection _setup;

        private World(Backend backend, EmulatorTestCluster cluster, BackupConnection setup)
        {
            _backend = backend;
            _cluster = cluster;
            _setup = setup;
        }

        public EmulatorServer Server => _cluster.Server;

        public static async Task<World> StartAsync(Backend backend, Fault fault)
        {
            // Backups made while arranging are ready at once; see ArrangeAsync for the ones that must stay in progress.
            var restoreDuration = TimeSpan.FromMilliseconds(50);
            if (backend == Backend.Dcos)
            {
                var dcos = await DcosTestCluster.StartAsync(TimeSpan.Zero, restoreDuration);
                return new World(backend, dcos, dcos.Connect());
            }

            if (backend == Backend.Milvus)
            {
                var milvus = await MilvusBackupTestCluster.StartAsync(TimeSpan.Zero, restoreDuration);
                return new World(backend, milvus, milvus.Connect());
            }

            var zilliz = await ZillizTestCluster.StartAsync(TimeSpan.Zero, restoreDuration);
            return new World(backend, zilliz, zilliz.Connect());
        }

        public IReadOnlyList<AuditEntry> Mutations() => _cluster switch
        {
            DcosTestCluster dcos => dcos.Mutations,
            MilvusBackupTestCluster milvus => milvus.Mutations,
            _ => ((ZillizTestCluster)_cluster).Mutations,
        };

        /// <summary>What the operation works on, made without faults: a ready backup, a job, a backup in progress.</summary>
        public async Task<Target> ArrangeAsync(Op op, Fault fault)
        {
            var service = _setup.OpenService(new RecordingHost());
            if (op == Op.Create)
            {
                // As with a real service, a new backup takes a while: one whose answer was lost is found in progress.
                SlowBackups();
                if (fault == Fault.Busy)
                {
                    await service.CreateBackupAsync(NewBackupFor("fm-holder"), default);
                }

                return new Target(null, null);
            }

            if (op is Op.Connect or Op.PolicyGet or Op.PolicySet)
            {
                return new Target(null, null);
            }

            var backup = await service.CreateBackupAsync(NewBackupFor("fm-ready"), default);
            await EmulatorTestCluster.Eventually(() => ReadyAsync(service, backup.Id).GetAwaiter().GetResult(), "backup " + backup.Id + " ready");
            if (fault == Fault.Busy)
            {
                // The lock is held by another backup in progress.
                SlowBackups();
                await service.CreateBackupAsync(NewBackupFor("fm-holder"), default);
            }

            string? jobId = null;
            if (op is Op.JobGet or Op.JobWait)
            {
                jobId = _backend == Backend.Dcos
                    ? (await service.RestoreBackupAsync(await service.GetBackupAsync(backup.Id, null, default), RestoreRequest.SameCluster(), default))[0].Id
                    : backup.JobId;
            }

            return new Target(backup.Id, jobId);
        }

        /// <summary>Waits (bounded) until a request held by a delay fault has been recorded.</summary>
        public Task SettleAsync(Fault fault) =>
            fault == Fault.NeverAnswered
                ? EmulatorTestCluster.Eventually(() => Server.Audit.Entries.Any(e => e.Fault?.Contains("delay", StringComparison.Ordinal) == true), "the held request is recorded")
                : Task.CompletedTask;

        public void Arm(Op op, Fault fault, Target target)
        {
            if (fault is Fault.Busy or Fault.None or Fault.Expired401Refreshed or Fault.Expired401RefreshFails)
            {
                return;
            }

            var (method, path) = KeyRequest(op, target);
            var rule = new FaultRule { Method = method, PathPrefix = path, Times = 1 };
            switch (fault)
            {
                case Fault.RateLimited:
                    rule.StatusCode = 429;
                    rule.RetryAfterSeconds = 1;
                    break;
                case Fault.Status500:
                    rule.StatusCode = 500;
                    break;
                case Fault.Status502:
                    rule.StatusCode = 502;
                    rule.AfterHandler = true;
                    break;
                case Fault.Status503:
                    rule.StatusCode = 503;
                    break;
                case Fault.Status504:
                    rule.StatusCode = 504;
                    rule.AfterHandler = true;
                    break;
                case Fault.Reset:
                    rule.Abort = true;
                    rule.AfterHandler = true;
                    break;
                case Fault.NeverAnswered:
                    rule.Delay = TimeSpan.FromSeconds(2);
                    rule.AfterHandler = true;
                    break;
                case Fault.Truncated:
                    rule.TruncateBody = true;
                    break;
                case Fault.InvalidJson:
                    rule.Body = "{\"data\": {\"backupId\": ";
                    rule.AfterHandler = true;
                    break;
                case Fault.HtmlPage:
                    rule.StatusCode = 502;
                    rule.Body = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";
                    rule.ContentType = "text/html";
                    rule.Times = -1;
                    break;
                case Fault.Forbidden403:
                    rule.StatusCode = 403;
                    break;
                case Fault.NotFound404:
                    rule.StatusCode = 404;
                    break;
                case Fault.ZillizCode:
                    rule.Body = "{\"code\":80001,\"message\":\"Invalid token: Your token is not valid. Please double-check your request parameters and ensure that you have provided a valid token.\"}";
                    break;
            }

            Server.Faults.Add(rule);
        }

        /// <summary>Runs the operation as its cmdlet would; "ok" or the ErrorId of the error the user sees.</summary>
        public async Task<string> ActAsync(Op op, Fault fault, Target target, RecordingHost host)
        {
            var operations = new ClusterBackupOperations(host, default)
            {
                WaitPolicy = timeout => new WaitOptions(timeout) { InitialInterval = TimeSpan.FromMilliseconds(25), MaxInterval = TimeSpan.FromMilliseconds(100) },
            };
            var clusterId = _backend == Backend.Zilliz ? ZillizCluster : null;
            if (op == Op.Connect)
            {
                try
                {
                    await operations.ConnectAsync(() => Connect(fault), setDefault: false);
                    return Ok;
                }
                catch (BackupServiceException ex)
                {
                    return ex.ErrorId;
                }
            }

            var connection = Connect(fault);
            Type? produces;
            string? id = null;
            switch (op)
            {
                case Op.Create:
                    await operations.NewBackupAsync(connection, NewBackupFor("fm-new"), null);
                    produces = typeof(ClusterBackup);
                    break;
                case Op.List:
                    await operations.GetBackupsAsync(connection, BackupQuery.All, null, null);
                    produces = typeof(ClusterBackup);
                    id = target.BackupId;
                    break;
                case Op.Get:
                    await operations.GetBackupAsync(connection, target.BackupId!, clusterId);
                    produces = typeof(ClusterBackup);
                    id = target.BackupId;
                    break;
                case Op.Restore:
                    // milvus-backup: the whole backup beside the originals (under their own names it would be refused).
                    await operations.RestoreBackupAsync(connection, target.BackupId!, clusterId, _backend == Backend.Milvus ? RestoreRequest.SameCluster().Renaming("_fm", false) : RestoreRequest.SameCluster(), null);
                    produces = typeof(ClusterBackupJob);
                    break;
                case Op.RestoreNewCluster:
                    await operations.RestoreBackupAsync(connection, target.BackupId!, clusterId, RestoreRequest.IntoNewCluster("fm-restored", null, 1, CollectionLoadState.Keep), null);
                    produces = typeof(ClusterBackupJob);
                    break;
                case Op.RestoreCollections:
                    await operations.RestoreBackupAsync(connection, target.BackupId!, clusterId, RestoreRequest.IntoExistingCluster(new[] { "medium_articles" }, null, null, "fm_medium_articles", load: false), null);
                    produces = typeof(ClusterBackupJob);
                    break;
                case Op.Remove:
                    await operations.RemoveBackupAsync(connection, target.BackupId!, clusterId);
                    produces = null;
                    break;
                case Op.JobGet:
                    await operations.GetJobsAsync(connection, target.BackupId, clusterId, target.JobId);
                    produces = typeof(ClusterBackupJob);
                    id = target.JobId;
                    break;
                case Op.JobWait:
                    await operations.WaitJobAsync(connection, target.JobId!, target.BackupId, clusterId, TimeSpan.FromSeconds(10));
                    produces = typeof(ClusterBackupJob);
                    id = target.JobId;
                    break;
                case Op.PolicyGet:
                    await operations.GetPolicyAsync(connection, clusterId);
                    produces = typeof(BackupPolicy);
                    break;
                case Op.PolicySet:
                    await operations.SetPolicyAsync(connection, BackupPolicyChange.Disable(clusterId), passThru: true);
                    produces = typeof(BackupPolicy);
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(op), op, null);
            }

            if (host.Errors.Count > 0)
            {
                return host.SingleError().ErrorId;
            }

            // Retried and succeeded: the object the operation promises (the one asked for, where it names one).
            var output = host.Output.Where(o => produces is not null && produces.IsInstanceOfType(o)).ToArray();
            if (produces is not null && output.Length == 0)
            {
                return "no output";
            }

            if (id is not null && !output.Any(o => o is ClusterBackup b ? b.Id == id : o is ClusterBackupJob j && j.Id == id))
            {
                return "wrong output";
            }

            return Ok;
        }

        public ValueTask DisposeAsync() => _cluster.DisposeAsync();

        private static async Task<bool> ReadyAsync(IBackupService service, string backupId) =>
            (await service.GetBackupAsync(backupId, service.Connection.Backend == BackendKind.ZillizCloud ? ZillizCluster : null, default)).Status == BackupStatus.Ready;

        private void SlowBackups()
        {
            if (_cluster is DcosTestCluster dcos)
            {
                dcos.Server.Dcos.BackupDuration = TimeSpan.FromMinutes(10);
            }
            else if (_cluster is MilvusBackupTestCluster milvus)
            {
                milvus.Milvus.BackupDuration = TimeSpan.FromMinutes(10);
            }
            else
            {
                _cluster.Server.Zilliz.BackupDuration = TimeSpan.FromMinutes(10);
            }
        }

        /// <summary>
        /// The connection under test: quick retries, a short request timeout where the answer never comes, and in
        /// the 401 cells an expired credential whose refresh gives the valid one (or another the service rejects).
        /// </summary>
        private BackupConnection Connect(Fault fault)
        {
            var http = new HttpSettings
            {
                RequestTimeout = fault == Fault.NeverAnswered ? TimeSpan.FromMilliseconds(300) : TimeSpan.FromSeconds(10),
                Retry = new RetryPolicy(4, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50), maxRetryAfter: TimeSpan.FromMilliseconds(100), seed: 7),
            };
            var expired = fault is Fault.Expired401Refreshed or Fault.Expired401RefreshFails;
            var credential = expired ? ExpiredCredential : Valid;
            Func<CancellationToken, Task<string?>> refresh = _ => Task.FromResult<string?>(fault == Fault.Expired401RefreshFails ? ExpiredCredential + "-too" : Valid);
            return _cluster switch
            {
                DcosTestCluster dcos => dcos.Connect(credential, s => { s.Http = http; s.RefreshToken = refresh; }),
                ZillizTestCluster zilliz => zilliz.Connect(credential, configure: s => { s.Http = http; s.RefreshApiKey = refresh; }),
                MilvusBackupTestCluster milvus => milvus.Connect(configure: s => s.Http = http),
                _ => throw new InvalidOperationException(),
            };
        }

        private string Valid => _backend == Backend.Dcos ? DcosEmulatorOptions.DefaultToken : ZillizEmulatorOptions.DefaultApiKey;

        /// <summary>DC/OS needs a label; Zilliz Cloud names backups itself; milvus-backup takes the label as the name (no '-' there).</summary>
        private NewBackupRequest NewBackupFor(string label) => _backend switch
        {
            Backend.Dcos => new NewBackupRequest(label),
            Backend.Milvus => new NewBackupRequest(label.Replace('-', '_')),
            _ => new NewBackupRequest(),
        };

        /// <summary>The one request of the operation the fault is aimed at.</summary>
        private (string Method, string Path) KeyRequest(Op op, Target target)
        {
            if (_backend == Backend.Dcos)
            {
                const string api = DcosBackupService.ApiPath;
                return op switch
                {
                    Op.Create => ("POST", api + "/create"),
                    Op.Restore => ("POST", api + "/restore"),
                    Op.Remove => ("DELETE", api + "/delete"),
                    _ => ("GET", api + "/list"),
                };
            }

            if (_backend == Backend.Milvus)
            {
                const string api = MilvusBackupServer.ApiPath;
                return op switch
                {
                    Op.Connect or Op.List => ("GET", api + "/list"),
                    Op.Create => ("POST", api + "/create"),
                    Op.Restore => ("POST", api + "/restore"),
                    Op.Remove => ("DELETE", api + "/delete"),
                    Op.Get or Op.JobGet or Op.JobWait => ("GET", api + "/get_backup"),
                    _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
                };
            }

            var backups = $"/v2/clusters/{ZillizCluster}/backups";
            return op switch
            {
                Op.Connect or Op.List => ("GET", "/v2/backups"),
                Op.Create => ("POST", backups + "/create"),
                Op.Get => ("GET", $"{backups}/{target.BackupId}"),
                Op.RestoreNewCluster => ("POST", $"{backups}/{target.BackupId}/restoreCluster"),
                Op.RestoreCollections => ("POST", $"{backups}/{target.BackupId}/restoreCollection"),
                Op.Remove => ("DELETE", $"{backups}/{target.BackupId}"),
                Op.JobGet or Op.JobWait => ("GET", "/v2/jobs/"),
                Op.PolicyGet => ("GET", backups + "/policy"),
                Op.PolicySet => ("POST", backups + "/policy"),
                _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
            };
        }
    }

    private sealed record Target(string? BackupId, string? JobId);
}

/// <summary>Collects every cell's result and writes out/ci/fault-matrix.txt (the table CI prints) when the class is done.</summary>
public sealed class FaultMatrixReport : IDisposable
{
    private readonly ConcurrentQueue<Line> _lines = new();
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    public void Add(Line line) => _lines.Enqueue(line);

    public void Dispose()
    {
        var lines = _lines.OrderBy(l => l.Cell, StringComparer.Ordinal).ToArray();
        if (lines.Length == 0)
        {
            return;
        }

        var text = new StringBuilder();
        text.AppendLine($"{"cell",-52} {"expected",-28} {"outcome",-28} {"sent",4} {"ms",6}  pass");
        foreach (var line in lines)
        {
            text.AppendLine($"{line.Cell,-52} {line.Expected,-28} {line.Outcome,-28} {line.Sent,4} {(int)line.Elapsed.TotalMilliseconds,6}  {(line.Passed ? "yes" : "NO")}");
        }

        var passed = lines.Count(l => l.Passed);
        text.AppendLine($"(outcome:N = the result and the mutations that reached the service; sent = mutation requests sent; {_watch.Elapsed.TotalSeconds:0.0} s)");
        text.AppendLine($"Fault matrix: {lines.Length} cells, {passed} passed, {lines.Length - passed} failed");
        var folder = Path.Combine(RepoPaths.Root, "out", "ci");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "fault-matrix.txt"), text.ToString());
    }

    public sealed record Line(string Cell, string Expected, string Outcome, int Sent, TimeSpan Elapsed, bool Passed);
}
