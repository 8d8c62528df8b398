using System.Net;
using System.Text.Json.Nodes;
using BackupModule.Emulator;
using Xunit;
using static BackupModule.Tests.Emulator.EmulatorTestSupport;

namespace BackupModule.Tests.Emulator;

/// <summary>One answer of the emulated milvus-backup server: status, content type, the text, and the JSON object when it is one.</summary>
internal sealed record MilvusReply(HttpStatusCode Status, string? ContentType, string Text)
{
    public JsonObject Body => JsonNode.Parse(Text) as JsonObject ?? throw new InvalidOperationException("Not a JSON object: " + Text);

    public JsonNode? Data => Body["data"];

    /// <summary>The top-level keys in the order the server wrote them.</summary>
    public string[] Keys => Body.Select(p => p.Key).ToArray();
}

/// <summary>Talking to the milvus-backup emulator over loopback with a raw HttpClient.</summary>
internal static class MilvusBackupTestSupport
{
    /// <summary>An emulator whose milvus-backup tasks take 300 ms unless <paramref name="configure"/> says otherwise.</summary>
    public static Task<EmulatorServer> StartMilvusAsync(Action<MilvusBackupEmulatorOptions>? configure = null) =>
        StartAsync(o =>
        {
            o.MilvusBackup.BackupDuration = TimeSpan.FromMilliseconds(300);
            o.MilvusBackup.RestoreDuration = TimeSpan.FromMilliseconds(300);
            configure?.Invoke(o.MilvusBackup);
        });

    /// <summary>A client rooted at the emulator (paths "api/v1/...", and "" for the root).</summary>
    public static HttpClient MilvusClient(EmulatorServer server) => new() { BaseAddress = server.BaseUri, Timeout = TimeSpan.FromSeconds(30) };

    public static async Task<MilvusReply> SendAsync(HttpClient client, HttpMethod method, string path, string? json = null, string? requestId = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = json is null ? null : Json(json) };
        if (requestId is not null)
        {
            request.Headers.TryAddWithoutValidation("request_id", requestId);
        }

        using var response = await client.SendAsync(request);
        return new MilvusReply(response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    public static Task<MilvusReply> GetAsync(HttpClient client, string path, string? requestId = null) => SendAsync(client, HttpMethod.Get, path, null, requestId);

    public static Task<MilvusReply> PostAsync(HttpClient client, string path, string json, string? requestId = null) => SendAsync(client, HttpMethod.Post, path, json, requestId);

    /// <summary>The data of a success: HTTP 200, no "code" key at all (Go omits a zero code), else the test fails with the body.</summary>
    public static JsonNode? Ok(MilvusReply reply)
    {
        Assert.True(reply.Status == HttpStatusCode.OK && !reply.Body.ContainsKey("code"), $"{(int)reply.Status} {reply.Text}");
        return reply.Data;
    }

    /// <summary>A business error: HTTP 200 with the code and a message containing <paramref name="messagePart"/>.</summary>
    public static void AssertCode(MilvusReply reply, int code, string messagePart)
    {
        Assert.True(reply.Status == HttpStatusCode.OK && (int?)reply.Body["code"] == code, $"expected code {code}: {(int)reply.Status} {reply.Text}");
        Assert.Contains(messagePart, (string?)reply.Body["msg"] ?? "", StringComparison.Ordinal);
    }

    /// <summary>POST create (async) under <paramref name="taskId"/>; returns the task id the server answered with.</summary>
    public static async Task<string> CreateAsync(HttpClient client, string name, string taskId, string extra = "")
    {
        var reply = await PostAsync(client, "api/v1/create", $$"""{"backup_name":"{{name}}","async":true{{extra}}}""", taskId);
        Ok(reply);
        return (string)reply.Body["requestId"]!;
    }

    /// <summary>Polls get_backup?backup_id= until the task's state is 2 or 3; returns that brief.</summary>
    public static Task<JsonObject> WaitBackupTaskAsync(HttpClient client, string taskId) => WaitTaskAsync(client, "api/v1/get_backup?backup_id=" + taskId);

    /// <summary>Polls get_restore?id= until the restore's state is 2 or 3; returns that task.</summary>
    public static Task<JsonObject> WaitRestoreAsync(HttpClient client, string restoreId) => WaitTaskAsync(client, "api/v1/get_restore?id=" + restoreId);

    private static Task<JsonObject> WaitTaskAsync(HttpClient client, string path) =>
        EventuallyAsync(
            async () =>
            {
                var task = Ok(await GetAsync(client, path))!.AsObject();
                return (int)task["state_code"]! is 2 or 3 ? task : null;
            },
            path + " to end");

    /// <summary>A backup of every collection, finished: its name is in storage.</summary>
    public static async Task<string> StoredBackupAsync(HttpClient client, string name, string extra = "")
    {
        var taskId = await CreateAsync(client, name, Guid.NewGuid().ToString(), extra);
        Assert.Equal(2, (int)(await WaitBackupTaskAsync(client, taskId))["state_code"]!);
        return taskId;
    }

    public static string[] KeysOf(JsonNode? node) => node!.AsObject().Select(p => p.Key).ToArray();
}
