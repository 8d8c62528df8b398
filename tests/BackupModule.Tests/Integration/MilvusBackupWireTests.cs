using System.Text.Json;
using System.Text.Json.Nodes;
using BackupModule.Errors;
using BackupModule.Model;
using BackupModule.Operations;

namespace BackupModule.Tests.Integration;

/// <summary>
/// What the milvus-backup client sends and what the emulator answers, seen from a recording reverse proxy between them
/// (the client's -Uri points at the proxy): every request and answer fits the server's schemas
/// (<see cref="MilvusBackupWireSchema"/>); creates and restores are asynchronous; a create carries its request_id
/// header, a restore its own id; a long list reads details with few requests in flight.
/// </summary>
public sealed class MilvusBackupWireTests : IAsyncLifetime
{
    private MilvusBackupTestCluster _cluster = null!;
    private RecordingReverseProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        _cluster = await MilvusBackupTestCluster.StartAsync(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(200));
        _proxy = await RecordingReverseProxy.StartAsync(_cluster.Server.BaseUri);
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task Every_request_and_answer_of_a_full_workload_fits_the_servers_schemas()
    {
        var connection = _cluster.Connect(_proxy.Uri);
        var host = new RecordingHost();
        var operations = host.Operations();
        var wait = TimeSpan.FromSeconds(30);

        await operations.ConnectAsync(() => connection, setDefault: false);
        await operations.NewBackupAsync(connection, new NewBackupRequest("nightly_1"), wait);
        await operations.NewBackupAsync(connection, new NewBackupRequest("nightly_2", collections: new[] { "medium_articles", "products" }), wait);
        await operations.NewBackupAsync(connection, new NewBackupRequest("nightly_3", database: "analytics"), wait);
        await operations.NewBackupAsync(connection, new NewBackupRequest(), wait);
        await operations.GetBackupsAsync(connection, BackupQuery.All, new LabelPattern("nightly*"), null);
        await operations.GetBackupAsync(connection, "nightly_1", null);
        await operations.RestoreBackupAsync(connection, "nightly_1", null, RestoreRequest.IntoExistingCluster(new[] { "medium_articles" }, null, null, null, false).Renaming("_r", false), wait);
        await operations.RestoreBackupAsync(connection, "nightly_3", null, RestoreRequest.SameCluster().OfDatabase("analytics").Renaming("_copy", false), wait);
        await operations.RestoreBackupAsync(connection, "nightly_2", null, RestoreRequest.IntoExistingCluster(new[] { "products" }, "default", null, "products_renamed", false), wait);
        await operations.RestoreBackupAsync(connection, "nightly_2", null, RestoreRequest.IntoExistingCluster(new[] { "products" }, null, null, null, false).Renaming(null, dropExisting: true), null);
        await operations.RestoreBackupAsync(connection, "nightly_1", null, RestoreRequest.IntoExistingCluster(new[] { "medium_articles" }, null, null, null, false), null);
        var started = host.Output.OfType<ClusterBackupJob>().Last();
        await operations.WaitJobAsync(connection, started.Id, started.BackupId, null, wait);
        await operations.GetJobsAsync(connection, "nightly_1", null, null);
        await operations.RemoveBackupAsync(connection, "nightly_3", null);
        await operations.GetBackupAsync(connection, "no_such_backup", null);
        await operations.RemoveBackupAsync(connection, "nightly_3", null);

        // The workload did what it meant to: the refusal and the missing backups are the only errors.
        Assert.Equal(
            new[] { BackupErrorId.DestinationCollectionExists, BackupErrorId.BackupNotFound, BackupErrorId.BackupNotFound },
            host.Errors.Select(e => e.ErrorId));
        Assert.Contains(_cluster.Milvus.Snapshot.Collections, c => c.Qualified == "default.medium_articles_r");
        Assert.Contains(_cluster.Milvus.Snapshot.Collections, c => c.Qualified == "analytics.events_copy");
        Assert.Contains(_cluster.Milvus.Snapshot.Collections, c => c.Qualified == "default.products_renamed");

        var exchanges = _proxy.Exchanges;
        Assert.Contains(exchanges, e => e.Path == "/api/v1/create");
        Assert.Contains(exchanges, e => e.Path == "/api/v1/restore");
        Assert.Contains(exchanges, e => e.Path == "/api/v1/get_restore");
        Assert.Contains(exchanges, e => e.Path == "/api/v1/delete");
        var problems = exchanges.SelectMany(Problems).ToArray();
        Assert.True(problems.Length == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task Creates_and_restores_are_asynchronous_a_create_carries_request_id_and_a_restore_its_own_id()
    {
        var connection = _cluster.Connect(_proxy.Uri);
        var host = new RecordingHost();
        var operations = host.Operations();
        await operations.NewBackupAsync(connection, new NewBackupRequest("b1"), TimeSpan.FromSeconds(30));
        await operations.NewBackupAsync(connection, new NewBackupRequest("b2", collections: new[] { "products" }), null);
        await operations.RestoreBackupAsync(connection, "b1", null, RestoreRequest.SameCluster().Renaming("_r", false), TimeSpan.FromSeconds(30));
        Assert.Empty(host.Errors);

        var creates = _proxy.Exchanges.Where(e => e.Method == "POST" && e.Path == "/api/v1/create").ToArray();
        Assert.Equal(2, creates.Length);
        foreach (var create in creates)
        {
            var body = JsonNode.Parse(create.RequestBody)!;
            Assert.True((bool)body["async"]!);
            var requestId = create.RequestHeaders["request_id"];
            Assert.True(Guid.TryParse(requestId, out _), requestId);
            Assert.Equal(requestId, (string?)JsonNode.Parse(create.ResponseBody)!["requestId"]);
            Assert.Equal('7', requestId[14]);
        }

        Assert.Equal("""{"backup_name":"b1","async":true}""", creates[0].RequestBody);
        Assert.Equal("""{"backup_name":"b2","async":true,"filter":{"default":{"colls":["products"]}}}""", creates[1].RequestBody);

        var restore = Assert.Single(_proxy.Exchanges, e => e.Method == "POST" && e.Path == "/api/v1/restore");
        var restoreBody = JsonNode.Parse(restore.RequestBody)!;
        var restoreId = (string)restoreBody["id"]!;
        Assert.StartsWith("restore_", restoreId, StringComparison.Ordinal);
        Assert.True((bool)restoreBody["async"]!);
        Assert.Equal($$"""{"backup_name":"b1","id":"{{restoreId}}","async":true,"collection_suffix":"_r"}""", restore.RequestBody);
        Assert.Equal(restoreId, (string?)JsonNode.Parse(restore.ResponseBody)!["data"]!["id"]);
        Assert.All(_proxy.Exchanges.Where(e => e.Path == "/api/v1/get_restore"), e => Assert.Equal("?id=" + restoreId, e.Query));
    }

    [Fact]
    public async Task Behind_a_proxy_that_drops_underscore_headers_the_create_is_followed_under_the_task_id_the_server_made()
    {
        _proxy.DropUnderscoreHeaders = true;
        var connection = _cluster.Connect(_proxy.Uri);
        var host = new RecordingHost();

        await host.Operations().NewBackupAsync(connection, new NewBackupRequest("via_nginx"), TimeSpan.FromSeconds(30));

        Assert.Empty(host.Errors);
        var backup = host.Single<ClusterBackup>();
        Assert.Equal(BackupStatus.Ready, backup.Status);
        var create = Assert.Single(_proxy.Exchanges, e => e.Path == "/api/v1/create");
        Assert.False(create.RequestHeaders.ContainsKey("request_id"));
        var serverId = (string)JsonNode.Parse(create.ResponseBody)!["requestId"]!;
        Assert.Equal(serverId, backup.JobId);
        Assert.Contains(_proxy.Exchanges, e => e.Path == "/api/v1/get_backup" && e.Query == "?backup_id=" + serverId);
        Assert.Single(_cluster.Mutations);
    }

    [Fact]
    public async Task A_long_list_reads_details_a_page_at_a_time_with_at_most_four_in_flight_and_once_per_connection()
    {
        _cluster.Milvus.SeedStoredBackups(200);
        var connection = _cluster.Connect(_proxy.Uri);
        var service = connection.OpenService(new RecordingHost());

        // The first backup costs one list and the first page's details only.
        await using (var backups = service.ListBackupsAsync(BackupQuery.All, default).GetAsyncEnumerator())
        {
            Assert.True(await backups.MoveNextAsync());
        }

        Assert.Single(_proxy.Exchanges, e => e.Path == "/api/v1/list");
        Assert.Equal(10, _proxy.Exchanges.Count(e => e.Path == "/api/v1/get_backup"));

        _proxy.Clear();
        var all = new List<ClusterBackup>();
        await foreach (var backup in service.ListBackupsAsync(BackupQuery.All, default))
        {
            all.Add(backup);
        }

        Assert.Equal(200, all.Count);
        Assert.All(all, b => Assert.Equal(BackupStatus.Ready, b.Status));
        Assert.Equal(190, _proxy.Exchanges.Count(e => e.Path == "/api/v1/get_backup"));
        Assert.InRange(_proxy.MaxInFlight, 1, 4);

        // Read once per connection: the next list is one request; a label reads only what it keeps.
        _proxy.Clear();
        Assert.Equal(200, await CountAsync(service, BackupQuery.All));
        Assert.Equal(new[] { "/api/v1/list" }, _proxy.Exchanges.Select(e => e.Path));

        var other = _cluster.Connect(_proxy.Uri).OpenService(new RecordingHost());
        _proxy.Clear();
        Assert.Equal(9, await CountAsync(other, BackupQuery.All.Matching(new LabelPattern("seeded_0000?"))));
        Assert.Equal(9, _proxy.Exchanges.Count(e => e.Path == "/api/v1/get_backup"));
    }

    private static async Task<int> CountAsync(IBackupService service, BackupQuery query)
    {
        var count = 0;
        await foreach (var _ in service.ListBackupsAsync(query, default))
        {
            count++;
        }

        return count;
    }

    /// <summary>The schema problems of one exchange: its request body and its answer, by route.</summary>
    private static IEnumerable<string> Problems(ProxiedExchange exchange)
    {
        var (request, answer) = (exchange.Method, exchange.Path) switch
        {
            ("POST", "/api/v1/create") => ("CreateBackupRequest", "BackupInfoResponse"),
            ("GET", "/api/v1/list") => (null, "ListBackupsResponse"),
            ("GET", "/api/v1/get_backup") => (null, "BackupInfoResponse"),
            ("DELETE", "/api/v1/delete") => (null, "DeleteBackupResponse"),
            ("POST", "/api/v1/restore") => ("RestoreBackupRequest", "RestoreBackupResponse"),
            ("GET", "/api/v1/get_restore") => (null, "RestoreBackupResponse"),
            _ => ((string?)"unknown route", (string?)null),
        };
        var where = $"{exchange.Method} {exchange.Path}{exchange.Query}: ";
        if (answer is null)
        {
            return new[] { where + "a route the client must not call" };
        }

        var problems = new List<string>();
        if (exchange.Status != 200 || exchange.ResponseContentType != "application/json")
        {
            problems.Add($"{where}HTTP {exchange.Status} {exchange.ResponseContentType}");
        }

        if (request is null && exchange.RequestBody.Length > 0)
        {
            problems.Add(where + "a body on a request that takes none");
        }

        if (request is not null)
        {
            problems.AddRange(MilvusBackupWireSchema.Check(exchange.RequestBody, request, isAnswer: false).Select(p => where + "request " + p));
        }

        problems.AddRange(MilvusBackupWireSchema.Check(exchange.ResponseBody, answer, isAnswer: true).Select(p => where + "answer " + p));
        return problems;
    }
}
