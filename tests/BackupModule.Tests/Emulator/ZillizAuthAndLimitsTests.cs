using System.Net;
using System.Text.Json.Nodes;
using BackupModule.Emulator;
using Xunit;
using static BackupModule.Tests.Emulator.EmulatorTestSupport;
using static BackupModule.Tests.Emulator.ZillizTestSupport;

namespace BackupModule.Tests.Emulator;

public sealed class ZillizAuthAndLimitsTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-key")]
    [InlineData("Basic emlsbGl6LWVtdWxhdG9yLWtleQ==")]
    [InlineData("token=zilliz-emulator-key")]
    [InlineData("Bearer dcos-emulator-token")]
    public async Task A_missing_or_bad_key_gets_401_with_code_21119(string? authorization)
    {
        await using var server = await StartZillizAsync();
        using var client = ZillizClient(server, apiKey: null);
        if (authorization is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        var answer = await GetAsync(client, "v2/backups");
        var unknownPath = await GetAsync(client, "v2/nothing/here");

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Equal(21119, answer.Code);
        Assert.Equal("The apikey is illegal.", answer.Message);
        Assert.False(string.IsNullOrEmpty(answer.RequestId));
        Assert.Equal(HttpStatusCode.Unauthorized, unknownPath.Status);
        var expected = authorization is null ? "none" : "invalid";
        Assert.All(server.Audit.Entries, e => Assert.Equal(expected, e.Credential));
    }

    [Fact]
    public async Task The_no_permission_key_gets_96013_on_http_200_and_configured_keys_replace_the_default()
    {
        await using var server = await StartZillizAsync(o =>
        {
            o.ApiKeys = new() { "key-a", "key-b" };
            o.NoPermissionApiKeys = new() { "read-only" };
        });
        using var a = ZillizClient(server, "key-a");
        using var b = ZillizClient(server, "key-b");
        using var readOnly = ZillizClient(server, "read-only");
        using var old = ZillizClient(server);

        var forbidden = await GetAsync(readOnly, "v2/backups");

        Ok(await GetAsync(a, "v2/backups"));
        Ok(await GetAsync(b, $"v2/clusters/{Cluster}/backups/policy"));
        AssertError(forbidden, 96013, "You don't have permission for this project.");
        var badKey = await GetAsync(old, "v2/backups");
        Assert.Equal(HttpStatusCode.Unauthorized, badKey.Status);
        Assert.Equal(21119, badKey.Code);
        Assert.Equal("The apikey is illegal.", badKey.Message);
        Assert.False(server.Zilliz.UsesDefaultApiKey);
        Assert.Equal(new[] { "no-permission", "valid", "valid", "invalid" }, server.Audit.Entries.Select(e => e.Credential));
        var audit = string.Join("\n", server.Audit.Entries.Select(e => e.ToString()));
        Assert.DoesNotContain("key-a", audit);
        Assert.DoesNotContain("read-only", audit);
    }

    [Fact]
    public async Task Every_answer_has_a_fresh_requestid_and_unknown_paths_and_methods_are_refused()
    {
        await using var server = await StartZillizAsync();
        using var client = ZillizClient(server);

        var answers = new[]
        {
            await GetAsync(client, "v2/backups"),
            await GetAsync(client, "v2/jobs/job-x"),
            await GetAsync(client, "v2/unknown"),
            await SendAsync(client, HttpMethod.Put, "v2/backups"),
        };

        Assert.All(answers, a => Assert.Matches("^[0-9a-f-]{36}$", a.RequestId!));
        Assert.Equal(answers.Length, answers.Select(a => a.RequestId).Distinct().Count());
        Assert.Equal(HttpStatusCode.NotFound, answers[2].Status);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, answers[3].Status);
        Assert.NotEqual(0, answers[3].Code);
    }

    [Fact]
    public async Task Over_the_rate_limit_a_key_gets_429_with_retry_after_per_endpoint_and_the_admin_route_counts_them()
    {
        await using var server = await StartZillizAsync(o => o.RequestsPerSecond = 3);
        using var client = ZillizClient(server);
        using var admin = AdminClient(server);

        var burst = new List<ZillizAnswer>();
        for (var i = 0; i < 5; i++)
        {
            burst.Add(await GetAsync(client, "v2/jobs/job-" + i));
        }

        // Another endpoint, and the same endpoint with another key, have budgets of their own.
        var otherEndpoint = await GetAsync(client, "v2/backups");
        var rate = await ReadJsonAsync(await admin.GetAsync("zilliz/rate-limit"));

        Assert.Equal(3, burst.Count(a => a.Status == HttpStatusCode.OK));
        var throttled = burst.Where(a => a.Status == HttpStatusCode.TooManyRequests).ToArray();
        Assert.Equal(2, throttled.Length);
        Assert.All(throttled, a =>
        {
            Assert.Equal(429, a.Code);
            Assert.Equal(TimeSpan.FromSeconds(1), a.RetryAfter);
            Assert.NotNull(a.RequestId);
        });
        Assert.Equal(HttpStatusCode.OK, otherEndpoint.Status);
        Assert.Equal(3, (int)rate["requestsPerSecond"]!);
        Assert.Equal(2, (long)rate["throttledCount"]!);
        Assert.Equal(2, server.Zilliz.ThrottledCount);
        Assert.Equal(2, server.Audit.Entries.Count(e => e.StatusCode == 429));
    }

    [Fact]
    public async Task The_rate_limit_frees_up_after_a_second_and_can_be_raised_through_the_admin_route()
    {
        await using var server = await StartZillizAsync(o => o.RequestsPerSecond = 1);
        using var client = ZillizClient(server);
        using var admin = AdminClient(server);

        Ok(await GetAsync(client, "v2/backups"));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await GetAsync(client, "v2/backups")).Status);
        await Task.Delay(TimeSpan.FromMilliseconds(1100));
        Ok(await GetAsync(client, "v2/backups"));

        using var raised = await admin.PostAsync("zilliz/settings", Json("""{"requestsPerSecond":50}"""));
        using var bad = await admin.PostAsync("zilliz/settings", Json("""{"requestsPerSecond":0}"""));
        for (var i = 0; i < 10; i++)
        {
            Ok(await GetAsync(client, "v2/backups"));
        }

        Assert.Equal(HttpStatusCode.NoContent, raised.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(50, server.Zilliz.RequestsPerSecond);
        Assert.Equal(1, server.Zilliz.ThrottledCount);
    }

    [Fact]
    public async Task A_sequential_client_under_the_default_limit_is_never_throttled()
    {
        await using var server = await StartZillizAsync();
        using var client = ZillizClient(server);

        // 19 calls can never exceed 20 in any one-second window, however fast the machine.
        for (var i = 0; i < 19; i++)
        {
            Ok(await GetAsync(client, "v2/backups"));
        }

        Assert.Equal(0, server.Zilliz.ThrottledCount);
    }

    [Fact]
    public async Task Injected_faults_on_v2_paths_answer_in_the_zilliz_shape_and_are_audited()
    {
        await using var server = await StartZillizAsync();
        using var client = ZillizClient(server);
        server.Faults.Add(new FaultRule { Method = "GET", PathPrefix = "/v2/backups", StatusCode = 503, Message = "maintenance", RetryAfterSeconds = 5 });

        var faulted = await GetAsync(client, "v2/backups?pageSize=5");
        var next = await GetAsync(client, "v2/backups");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, faulted.Status);
        Assert.Equal(503, faulted.Code);
        Assert.Equal("maintenance", faulted.Message);
        Assert.Equal(TimeSpan.FromSeconds(5), faulted.RetryAfter);
        Assert.NotNull(faulted.RequestId);
        Assert.Equal(HttpStatusCode.OK, next.Status);
        var entry = server.Audit.Entries[0];
        Assert.Equal("/v2/backups", entry.Path);
        Assert.Equal("?pageSize=5", entry.Query);
        Assert.Equal("valid", entry.Credential);
        Assert.Equal(503, entry.StatusCode);
        Assert.Equal("status 503, Retry-After 5", entry.Fault);
    }

    [Fact]
    public async Task A_fault_after_the_handler_keeps_the_state_change_and_the_zilliz_shape()
    {
        await using var server = await StartZillizAsync();
        using var client = ZillizClient(server);
        server.Faults.Add(new FaultRule { Method = "POST", PathPrefix = "/v2/clusters/", StatusCode = 502, AfterHandler = true });

        var faulted = await PostAsync(client, $"v2/clusters/{Cluster}/backups/create", """{"backupType":"CLUSTER"}""");
        var list = Ok(await GetAsync(client, "v2/backups?creationMethod=MANUAL"));

        Assert.Equal(HttpStatusCode.BadGateway, faulted.Status);
        Assert.Equal(502, faulted.Code);
        Assert.NotNull(faulted.RequestId);
        Assert.Equal(1, (int)list["count"]!);
        Assert.Equal("""{"backupType":"CLUSTER"}""", server.Audit.Entries[0].RequestBody);
    }
}
