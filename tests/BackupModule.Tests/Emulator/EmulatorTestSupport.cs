using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using BackupModule.Emulator;
using Xunit;

namespace BackupModule.Tests.Emulator;

/// <summary>Starting in-process emulators on a free loopback port and talking to them with a raw HttpClient.</summary>
internal static class EmulatorTestSupport
{
    /// <summary>Upper bound for every poll loop; tests never assert how long anything took.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    public static Task<EmulatorServer> StartAsync(Action<EmulatorOptions>? configure = null)
    {
        var options = new EmulatorOptions { Urls = new[] { "http://127.0.0.1:0" } };
        options.Dcos.BackupDuration = TimeSpan.FromMilliseconds(300);
        options.Dcos.RestoreDuration = TimeSpan.FromMilliseconds(300);
        configure?.Invoke(options);
        return EmulatorServer.StartAsync(options);
    }

    /// <summary>A client rooted at the DC/OS API (relative paths "create", "list", ...) sending the given token.</summary>
    public static HttpClient DcosClient(EmulatorServer server, string? token = DcosEmulatorOptions.DefaultToken, TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = server.DcosBaseUri, Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        if (token is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "token=" + token);
        }

        return client;
    }

    public static HttpClient AdminClient(EmulatorServer server) =>
        new() { BaseAddress = new Uri(server.BaseUri, "_emulator/"), Timeout = TimeSpan.FromSeconds(30) };

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static HttpRequestMessage DeleteRequest(string? json) =>
        new(HttpMethod.Delete, "delete") { Content = json is null ? null : Json(json) };

    public static async Task<JsonNode> ReadJsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())
        ?? throw new InvalidOperationException("The response body was JSON null.");

    /// <summary>POST /create and return the backup object (unwrapped from backup_info).</summary>
    public static async Task<JsonObject> CreateAsync(HttpClient client, string label)
    {
        using var response = await client.PostAsync("create", Json($$"""{"label":"{{label}}"}"""));
        var body = await ReadJsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"create {label}: {(int)response.StatusCode} {body.ToJsonString()}");
        return Unwrap(body).AsObject();
    }

    /// <summary>POST /restore and return the restore object (unwrapped from backup_info).</summary>
    public static async Task<JsonObject> RestoreAsync(HttpClient client, string backupId)
    {
        using var response = await client.PostAsync("restore", Json($$"""{"id":"{{backupId}}"}"""));
        var body = await ReadJsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"restore {backupId}: {(int)response.StatusCode} {body.ToJsonString()}");
        return Unwrap(body).AsObject();
    }

    /// <summary>GET /list and return the items whatever the shape ({} / wrapped / bare).</summary>
    public static async Task<JsonArray> ListAsync(HttpClient client, string? prefix = null)
    {
        using var response = await client.GetAsync(prefix is null ? "list" : "list?prefix=" + Uri.EscapeDataString(prefix));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadJsonAsync(response);
        return body is JsonObject { Count: 0 } ? new JsonArray() : Unwrap(body).AsArray();
    }

    public static async Task<JsonObject> GetBackupAsync(HttpClient client, string id) =>
        (await ListAsync(client, id)).Single(b => (string?)b!["id"] == id)!.AsObject();

    public static string Status(JsonNode item) => (string)item["status"]!;

    public static string MarathonStatus(JsonNode item) => (string)item["component_status"]!["marathon"]!["status"]!;

    public static string? MarathonError(JsonNode item) => (string?)item["component_status"]!["marathon"]!["error"];

    public static string FirstError(JsonNode body) => (string)body["errors"]![0]!;

    /// <summary>Polls until <paramref name="probe"/> returns a value, failing the test at <see cref="Deadline"/>.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what)
        where T : class
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Gave up waiting for {what}.");
            }

            await Task.Delay(25);
        }
    }

    /// <summary>Polls GET /list until the backup's top-level status is terminal (READY or ERROR).</summary>
    public static Task<JsonObject> WaitForBackupAsync(HttpClient client, string id) =>
        EventuallyAsync(
            async () =>
            {
                var backup = await GetBackupAsync(client, id);
                return Status(backup) is "STATUS_READY" or "STATUS_ERROR" ? backup : null;
            },
            $"backup {id} to finish");

    /// <summary>Polls GET /list until the restore under the backup's restores[] is terminal.</summary>
    public static Task<JsonObject> WaitForRestoreAsync(HttpClient client, string backupId, string restoreId) =>
        EventuallyAsync(
            async () =>
            {
                var backup = await GetBackupAsync(client, backupId);
                var restore = backup["restores"]!.AsArray().Single(r => (string?)r!["id"] == restoreId)!.AsObject();
                return Status(restore) is "STATUS_READY" or "STATUS_ERROR" ? restore : null;
            },
            $"restore {restoreId} to finish");

    /// <summary>Runs the standalone emulator (copied next to the test assembly) with the same dotnet host.</summary>
    public static Process StartProcess(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "BackupModule.Emulator.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("The emulator process did not start.");
    }

    /// <summary>The next stdout line of the emulator process, failing at <see cref="Deadline"/>.</summary>
    public static async Task<string> ReadLineAsync(Process process)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        return await process.StandardOutput.ReadLineAsync(timeout.Token)
            ?? throw new InvalidOperationException("The emulator closed stdout: " + await process.StandardError.ReadToEndAsync());
    }

    private static JsonNode Unwrap(JsonNode body) =>
        body is JsonObject wrapper && wrapper.TryGetPropertyValue("backup_info", out var inner) ? inner! : body;
}
