using System.Net;
using System.Text.Json.Nodes;
using BackupModule.Emulator;
using Xunit;
using static BackupModule.Tests.Emulator.EmulatorTestSupport;

namespace BackupModule.Tests.Emulator;

/// <summary>One answer of the emulated Zilliz API: HTTP status, the envelope and the headers tests look at.</summary>
internal sealed record ZillizAnswer(HttpStatusCode Status, JsonObject Body, string? RequestId, TimeSpan? RetryAfter)
{
    public int Code => (int)Body["code"]!;

    public string? Message => (string?)Body["message"];

    public JsonNode Data => Body["data"] ?? throw new InvalidOperationException("No data in " + Body.ToJsonString());
}

/// <summary>Talking to the Zilliz Cloud emulator over loopback with a raw HttpClient.</summary>
internal static class ZillizTestSupport
{
    public const string Cluster = ZillizEmulatorOptions.DefaultClusterId;

    public const string Project = ZillizEmulatorOptions.DefaultProjectId;

    /// <summary>An emulator whose Zilliz jobs take 300 ms unless <paramref name="configure"/> says otherwise.</summary>
    public static Task<EmulatorServer> StartZillizAsync(Action<ZillizEmulatorOptions>? configure = null) =>
        StartAsync(o =>
        {
            o.Zilliz.BackupDuration = TimeSpan.FromMilliseconds(300);
            o.Zilliz.RestoreDuration = TimeSpan.FromMilliseconds(300);
            configure?.Invoke(o.Zilliz);
        });

    /// <summary>A client rooted at the emulator (paths "v2/...") sending the API key as a Bearer token.</summary>
    public static HttpClient ZillizClient(EmulatorServer server, string? apiKey = ZillizEmulatorOptions.DefaultApiKey)
    {
        var client = new HttpClient { BaseAddress = server.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + apiKey);
        }

        return client;
    }

    public static Task<ZillizAnswer> GetAsync(HttpClient client, string path) => SendAsync(client, HttpMethod.Get, path);

    public static Task<ZillizAnswer> PostAsync(HttpClient client, string path, string json) => SendAsync(client, HttpMethod.Post, path, json);

    public static async Task<ZillizAnswer> SendAsync(HttpClient client, HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = json is null ? null : Json(json) };
        using var response = await client.SendAsync(request);
        var body = (await ReadJsonAsync(response)).AsObject();
        var requestId = response.Headers.TryGetValues("requestid", out var ids) ? ids.Single() : null;
        return new ZillizAnswer(response.StatusCode, body, requestId, response.Headers.RetryAfter?.Delta);
    }

    /// <summary>The data of a successful answer: HTTP 200 and code 0, else the test fails with the body.</summary>
    public static JsonNode Ok(ZillizAnswer answer)
    {
        Assert.True(answer.Status == HttpStatusCode.OK && answer.Code == 0, $"{(int)answer.Status} {answer.Body.ToJsonString()}");
        return answer.Data;
    }

    /// <summary>Asserts an error answer on HTTP 200 with the code, as the real API sends most errors.</summary>
    public static void AssertError(ZillizAnswer answer, int code, string? messagePart = null)
    {
        Assert.True(answer.Status == HttpStatusCode.OK && answer.Code == code, $"expected code {code}: {(int)answer.Status} {answer.Body.ToJsonString()}");
        Assert.Null(answer.Body["data"]);
        Assert.False(string.IsNullOrEmpty(answer.Message));
        if (messagePart is not null)
        {
            Assert.Contains(messagePart, answer.Message);
        }
    }

    public static async Task<JsonNode> CreateBackupAsync(HttpClient client, string body = """{"backupType":"CLUSTER"}""", string cluster = Cluster) =>
        Ok(await PostAsync(client, $"v2/clusters/{cluster}/backups/create", body));

    public static async Task<JsonNode> DescribeAsync(HttpClient client, string backupId, string cluster = Cluster) =>
        Ok(await GetAsync(client, $"v2/clusters/{cluster}/backups/{backupId}"));

    /// <summary>
    /// Polls GET /v2/jobs/{jobId} every 100 ms (half the rate limit, as a client must) until SUCCESSFUL or FAILED;
    /// returns every job body seen, the last one terminal.
    /// </summary>
    public static async Task<List<JsonNode>> WaitForJobAsync(HttpClient client, string jobId)
    {
        var seen = new List<JsonNode>();
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var job = Ok(await GetAsync(client, "v2/jobs/" + jobId));
            seen.Add(job);
            if ((string?)job["status"] is "SUCCESSFUL" or "FAILED")
            {
                return seen;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Gave up waiting for job {jobId} to finish.");
            await Task.Delay(100);
        }
    }

    /// <summary>Creates a CLUSTER backup and waits until it is AVAILABLE; returns its id.</summary>
    public static async Task<string> AvailableBackupAsync(HttpClient client, string body = """{"backupType":"CLUSTER"}""")
    {
        var created = await CreateBackupAsync(client, body);
        var job = (await WaitForJobAsync(client, (string)created["jobId"]!)).Last();
        Assert.Equal("SUCCESSFUL", (string?)job["status"]);
        return (string)created["backupId"]!;
    }

    public static ZillizClusterSnapshot ClusterNamed(EmulatorServer server, string clusterId) =>
        server.Zilliz.Clusters.Single(c => c.ClusterId == clusterId);

    public static ZillizCollection? FindCollection(ZillizClusterSnapshot cluster, string dbName, string collectionName) =>
        cluster.Databases.SingleOrDefault(d => d.DbName == dbName)?.Collections.SingleOrDefault(c => c.CollectionName == collectionName);
}
