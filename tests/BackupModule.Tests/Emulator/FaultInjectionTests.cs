using System.Net;
using BackupModule.Emulator;
using Xunit;
using static BackupModule.Tests.Emulator.EmulatorTestSupport;

namespace BackupModule.Tests.Emulator;

public sealed class FaultInjectionTests
{
    private const string CreatePath = "/system/v1/backup/v1/create";
    private const string ListPath = "/system/v1/backup/v1/list";

    [Fact]
    public async Task Status_fault_answers_instead_of_the_service_with_retry_after_and_is_audited()
    {
        await using var server = await StartAsync();
        using var client = DcosClient(server);
        server.Faults.Add(new FaultRule
        {
            Method = "POST",
            PathPrefix = CreatePath,
            StatusCode = 503,
            Message = "maintenance",
            RetryAfterSeconds = 7,
        });

        using var faulted = await client.PostAsync("create", Json("""{"label":"later"}"""));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, faulted.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), faulted.Headers.RetryAfter?.Delta);
        Assert.Equal("maintenance", FirstError(await ReadJsonAsync(faulted)));
        Assert.Empty(server.Dcos.Backups);

        // Times = 1: the next request reaches the service.
        await CreateAsync(client, "later");
        Assert.Single(server.Dcos.Backups);

        var entries = server.Audit.Entries;
        Assert.Equal(2, entries.Count);
        Assert.Equal(503, entries[0].StatusCode);
        Assert.Contains("status 503", entries[0].Fault);
        Assert.Equal("""{"label":"later"}""", entries[0].RequestBody);
        Assert.Equal(200, entries[1].StatusCode);
        Assert.Null(entries[1].Fault);
    }

    [Fact]
    public async Task Delay_fault_holds_the_answer_and_ends_when_the_client_gives_up()
    {
        await using var server = await StartAsync();
        server.Faults.Add(new FaultRule { PathPrefix = ListPath, Delay = TimeSpan.FromSeconds(30) });
        using var impatient = DcosClient(server, timeout: TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => impatient.GetAsync("list"));

        // The client gave up long before the delay ended; the emulator logs that nothing was sent.
        var entry = await EventuallyAsync(async () =>
        {
            await Task.Yield();
            return server.Audit.Entries.SingleOrDefault();
        }, "the abandoned request to be audited");
        Assert.Equal(0, entry.StatusCode);
        Assert.Contains("delay", entry.Fault);
    }

    [Fact]
    public async Task Short_delay_fault_still_lets_the_real_answer_through()
    {
        await using var server = await StartAsync();
        server.Faults.Add(new FaultRule { PathPrefix = ListPath, Delay = TimeSpan.FromMilliseconds(50), RetryAfterSeconds = 3 });
        using var client = DcosClient(server);

        using var response = await client.GetAsync("list");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        Assert.Equal(TimeSpan.FromSeconds(3), response.Headers.RetryAfter?.Delta);
        Assert.Equal("delay 50 ms, Retry-After 3", Assert.Single(server.Audit.Entries).Fault);
    }

    [Fact]
    public async Task Abort_fault_drops_the_connection_without_running_the_handler()
    {
        await using var server = await StartAsync();
        server.Faults.Add(new FaultRule { Method = "POST", PathPrefix = CreatePath, Abort = true });
        using var client = DcosClient(server);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync("create", Json("""{"label":"dropped"}""")));

        Assert.Empty(server.Dcos.Backups);
        var entry = Assert.Single(server.Audit.Entries);
        Assert.Equal(0, entry.StatusCode);
        Assert.Equal("abort", entry.Fault);
    }

    [Fact]
    public async Task Truncated_body_promises_the_full_length_and_delivers_half()
    {
        await using var server = await StartAsync(o => o.Dcos.BackupDuration = TimeSpan.Zero);
        using var client = DcosClient(server);
        await CreateAsync(client, "payload");
        using var intact = await client.GetAsync("list");
        var fullLength = (await intact.Content.ReadAsByteArrayAsync()).Length;
        server.Faults.Add(new FaultRule { Method = "GET", PathPrefix = ListPath, TruncateBody = true });

        using var truncated = await client.GetAsync("list", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, truncated.StatusCode);
        Assert.Equal(fullLength, truncated.Content.Headers.ContentLength);
        await Assert.ThrowsAnyAsync<Exception>(() => truncated.Content.ReadAsByteArrayAsync());
        var entry = server.Audit.Entries[^1];
        Assert.Equal(0, entry.StatusCode);
        Assert.Equal("truncated body", entry.Fault);
    }

    [Fact]
    public async Task After_handler_status_fault_lets_the_state_change_happen()
    {
        await using var server = await StartAsync();
        server.Faults.Add(new FaultRule { Method = "POST", PathPrefix = CreatePath, AfterHandler = true, StatusCode = 502, Message = "bad gateway" });
        using var client = DcosClient(server);

        using var response = await client.PostAsync("create", Json("""{"label":"ghost"}"""));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("bad gateway", FirstError(await ReadJsonAsync(response)));

        // The client saw a failure, yet the backup was created: it must list before retrying.
        Assert.StartsWith("ghost-", Assert.Single(await ListAsync(client, "ghost-"))!["id"]!.GetValue<string>());
        Assert.Equal("after handler: status 502", server.Audit.Entries[0].Fault);
    }

    [Fact]
    public async Task Body_fault_sends_the_given_body_and_content_type_with_status_200_by_default()
    {
        await using var server = await StartAsync();
        using var client = DcosClient(server);
        server.Faults.Add(new FaultRule { Method = "GET", PathPrefix = ListPath, Body = "{not json" });
        server.Faults.Add(new FaultRule { Method = "POST", PathPrefix = CreatePath, AfterHandler = true, StatusCode = 502, Body = "<html><body>Bad Gateway</body></html>", ContentType = "text/html" });

        using var invalid = await client.GetAsync("list");
        using var html = await client.PostAsync("create", Json("""{"label":"behind-proxy"}"""));

        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        Assert.Equal("application/json", invalid.Content.Headers.ContentType?.MediaType);
        Assert.Equal("{not json", await invalid.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadGateway, html.StatusCode);
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Bad Gateway", await html.Content.ReadAsStringAsync());
        Assert.Single(server.Dcos.Backups);
        Assert.Equal("body 9 chars (application/json)", server.Audit.Entries[0].Fault);
        Assert.Equal("after handler: status 502, body 37 chars (text/html)", server.Audit.Entries[1].Fault);
    }

    [Fact]
    public async Task After_handler_abort_drops_the_answer_of_a_completed_create()
    {
        await using var server = await StartAsync();
        server.Faults.Add(new FaultRule { Method = "POST", PathPrefix = CreatePath, AfterHandler = true, Abort = true });
        using var client = DcosClient(server);

        await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync("create", Json("""{"label":"silent"}""")));

        Assert.Equal("silent", Assert.Single(server.Dcos.Backups).Label);
        var entry = server.Audit.Entries[0];
        Assert.Equal(0, entry.StatusCode);
        Assert.Equal("after handler: abort", entry.Fault);
    }

    [Fact]
    public async Task Rules_match_method_and_path_prefix_and_count_their_hits()
    {
        await using var server = await StartAsync();
        server.Faults.Add(new FaultRule { Method = "GET", PathPrefix = ListPath, StatusCode = 500, Times = 2 });
        using var client = DcosClient(server);

        using var post = await client.PostAsync("create", Json("""{"label":"unaffected"}"""));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await client.GetAsync("list");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(new[] { HttpStatusCode.InternalServerError, HttpStatusCode.InternalServerError, HttpStatusCode.OK }, statuses);
    }

    [Fact]
    public async Task Forever_rules_hit_until_cleared_and_apply_before_auth()
    {
        await using var server = await StartAsync();
        server.Faults.Add(new FaultRule { StatusCode = 429, Times = -1 });
        using var anonymous = DcosClient(server, token: null);

        for (var i = 0; i < 3; i++)
        {
            using var response = await anonymous.GetAsync("list");
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        }

        server.Faults.Clear();
        using var after = await anonymous.GetAsync("list");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Faults_never_touch_the_admin_routes()
    {
        await using var server = await StartAsync();
        server.Faults.Add(new FaultRule { Abort = true, Times = -1 });
        using var admin = AdminClient(server);

        using var response = await admin.GetAsync("audit");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(server.Audit.Entries);
    }

    [Theory]
    [InlineData(0, null, "/")]
    [InlineData(-2, null, "/")]
    [InlineData(1, 99, "/")]
    [InlineData(1, null, "system")]
    public void Invalid_rules_are_refused(int times, int? status, string prefix)
    {
        var faults = new FaultInjector();

        Assert.ThrowsAny<ArgumentException>(() => faults.Add(new FaultRule { Times = times, StatusCode = status, PathPrefix = prefix }));
    }

    [Fact]
    public async Task Changing_a_rule_after_adding_it_has_no_effect()
    {
        await using var server = await StartAsync();
        var rule = new FaultRule { PathPrefix = ListPath, StatusCode = 418 };
        server.Faults.Add(rule);
        rule.StatusCode = 500;
        using var client = DcosClient(server);

        using var response = await client.GetAsync("list");

        Assert.Equal((HttpStatusCode)418, response.StatusCode);
    }
}
