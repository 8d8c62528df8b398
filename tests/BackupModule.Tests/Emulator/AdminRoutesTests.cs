using System.Net;
using BackupModule.Emulator;
using Xunit;
using static BackupModule.Tests.Emulator.EmulatorTestSupport;

namespace BackupModule.Tests.Emulator;

public sealed class AdminRoutesTests
{
    [Fact]
    public async Task Audit_route_lists_api_requests_in_camel_case_and_delete_clears_it()
    {
        await using var server = await StartAsync();
        using var client = DcosClient(server);
        using var admin = AdminClient(server);
        using var listed = await client.GetAsync("list?prefix=abc");
        using var created = await client.PostAsync("create", Json("""{"label":"audited"}"""));

        var entries = (await ReadJsonAsync(await admin.GetAsync("audit"))).AsArray();

        Assert.Equal(2, entries.Count);
        var first = entries[0]!;
        Assert.Equal("GET", (string?)first["method"]);
        Assert.Equal("/system/v1/backup/v1/list", (string?)first["path"]);
        Assert.Equal("?prefix=abc", (string?)first["query"]);
        Assert.Equal(200, (int?)first["statusCode"]);
        Assert.Equal("valid", (string?)first["credential"]);
        Assert.Null(first["requestBody"]);
        Assert.Null(first["fault"]);
        Assert.NotNull(first["at"]);
        Assert.Equal("""{"label":"audited"}""", (string?)entries[1]!["requestBody"]);

        using var cleared = await admin.DeleteAsync("audit");
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Empty(server.Audit.Entries);
        Assert.Empty((await ReadJsonAsync(await admin.GetAsync("audit"))).AsArray());
    }

    [Fact]
    public async Task Fault_route_arms_a_camel_case_rule_with_delay_in_ms_and_delete_disarms()
    {
        await using var server = await StartAsync();
        using var client = DcosClient(server);
        using var admin = AdminClient(server);

        using var armed = await admin.PostAsync(
            "faults",
            Json("""{"method":"GET","pathPrefix":"/system/v1/backup/v1/list","statusCode":503,"message":"later","retryAfterSeconds":2,"delayMs":10,"times":-1}"""));
        using var faulted = await client.GetAsync("list");

        Assert.Equal(HttpStatusCode.NoContent, armed.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, faulted.StatusCode);
        Assert.Equal("later", FirstError(await ReadJsonAsync(faulted)));
        Assert.Equal(TimeSpan.FromSeconds(2), faulted.Headers.RetryAfter?.Delta);
        Assert.Equal("delay 10 ms, status 503, Retry-After 2", server.Audit.Entries.Single().Fault);

        using var disarmed = await admin.DeleteAsync("faults");
        using var ok = await client.GetAsync("list");
        Assert.Equal(HttpStatusCode.NoContent, disarmed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"statusCode\":503,\"delay\":10}")]
    [InlineData("{\"times\":0}")]
    [InlineData("{\"statusCode\":\"x\"}")]
    public async Task Fault_route_rejects_bad_rules_with_400(string body)
    {
        await using var server = await StartAsync();
        using var admin = AdminClient(server);
        using var client = DcosClient(server);

        using var response = await admin.PostAsync("faults", Json(body));
        using var list = await client.GetAsync("list");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty(FirstError(await ReadJsonAsync(response)));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    [Fact]
    public async Task Fail_next_route_arms_backup_and_restore_failures()
    {
        await using var server = await StartAsync(o => o.Dcos.BackupDuration = TimeSpan.Zero);
        using var client = DcosClient(server);
        using var admin = AdminClient(server);
        var good = (string)(await CreateAsync(client, "good"))["id"]!;

        using var armed = await admin.PostAsync("dcos/fail-next", Json("""{"backup":"backup broke","restore":"restore broke"}"""));
        var bad = await WaitForBackupAsync(client, (string)(await CreateAsync(client, "bad"))["id"]!);
        var restoreId = (string)(await RestoreAsync(client, good))["id"]!;
        var restore = await WaitForRestoreAsync(client, good, restoreId);

        Assert.Equal(HttpStatusCode.NoContent, armed.StatusCode);
        Assert.Equal("backup broke", MarathonError(bad));
        Assert.Equal("STATUS_ERROR", Status(restore));
        Assert.Equal("restore broke", MarathonError(restore));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"backup":""}""")]
    [InlineData("""{"other":"x"}""")]
    public async Task Fail_next_route_needs_an_error_text(string body)
    {
        await using var server = await StartAsync();
        using var admin = AdminClient(server);

        using var response = await admin.PostAsync("dcos/fail-next", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Settings_route_changes_durations_and_shapes_at_run_time()
    {
        await using var server = await StartAsync();
        using var client = DcosClient(server);
        using var admin = AdminClient(server);

        using var changed = await admin.PostAsync("dcos/settings", Json("""{"backupDurationMs":0,"restoreDurationMs":1500,"bareShapes":true}"""));
        using var partial = await admin.PostAsync("dcos/settings", Json("""{"backupDurationMs":250}"""));
        using var negative = await admin.PostAsync("dcos/settings", Json("""{"restoreDurationMs":-1}"""));
        using var list = await client.GetAsync("list");

        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, partial.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Equal(TimeSpan.FromMilliseconds(250), server.Dcos.BackupDuration);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), server.Dcos.RestoreDuration);
        Assert.True(server.Dcos.BareShapes);
        Assert.Equal("[]", await list.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Reset_route_clears_backups_audit_and_faults_and_is_not_audited()
    {
        await using var server = await StartAsync(o => o.Dcos.BackupDuration = TimeSpan.Zero);
        using var client = DcosClient(server);
        using var admin = AdminClient(server);
        await CreateAsync(client, "doomed");
        server.Faults.Add(new FaultRule { PathPrefix = "/system/v1/backup/v1/list", StatusCode = 500, Times = -1 });

        using var reset = await admin.PostAsync("reset", content: null);

        Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        Assert.Empty(server.Dcos.Backups);
        Assert.Empty(server.Audit.Entries);
        Assert.Empty(await ListAsync(client));
    }

    [Fact]
    public async Task Admin_routes_have_their_own_methods()
    {
        await using var server = await StartAsync();
        using var admin = AdminClient(server);

        using var wrongMethod = await admin.GetAsync("reset");
        using var unknown = await admin.GetAsync("nothing-here");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Empty(server.Audit.Entries);
    }
}
