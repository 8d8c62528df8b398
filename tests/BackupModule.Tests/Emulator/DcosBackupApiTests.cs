using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BackupModule.Emulator;
using Xunit;
using static BackupModule.Tests.Emulator.EmulatorTestSupport;

namespace BackupModule.Tests.Emulator;

public sealed class DcosBackupApiTests
{
    private const string LockHeld = "lock is already held";

    [Fact]
    public async Task Create_starts_backing_up_and_list_shows_it_reach_ready()
    {
        await using var server = await StartAsync(o => o.Dcos.BackupDuration = TimeSpan.FromMilliseconds(4500));
        using var client = DcosClient(server);

        var created = await CreateAsync(client, "nightly");

        var id = (string)created["id"]!;
        Assert.Matches("^nightly-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", id);
        Assert.Equal("STATUS_BACKING_UP", Status(created));
        Assert.Equal("STATUS_UNKNOWN", MarathonStatus(created));
        Assert.Equal("1.13.0", (string?)created["dcos_version"]);
        Assert.Empty(created["restores"]!.AsArray());

        var listed = await GetBackupAsync(client, id);
        Assert.Equal("STATUS_BACKING_UP", Status(listed));
        Assert.Equal(created["timestamp"]!.ToJsonString(), listed["timestamp"]!.ToJsonString());

        // The marathon component moves on to BACKING_UP before the whole backup is done.
        await EventuallyAsync(
            async () =>
            {
                var backup = await GetBackupAsync(client, id);
                Assert.NotEqual("STATUS_READY", Status(backup));
                return MarathonStatus(backup) == "STATUS_BACKING_UP" ? backup : null;
            },
            "marathon to report STATUS_BACKING_UP");

        var done = await WaitForBackupAsync(client, id);
        Assert.Equal("STATUS_READY", Status(done));
        Assert.Equal("STATUS_READY", MarathonStatus(done));
        Assert.Null(MarathonError(done));
    }

    [Fact]
    public async Task Empty_list_is_the_literal_empty_object_when_wrapped()
    {
        await using var server = await StartAsync();
        using var client = DcosClient(server);

        using var response = await client.GetAsync("list");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Wrapped_shapes_put_create_restore_and_list_under_backup_info()
    {
        await using var server = await StartAsync(o => o.Dcos.BackupDuration = TimeSpan.Zero);
        using var client = DcosClient(server);

        using var create = await client.PostAsync("create", Json("""{"label":"wrapped"}"""));
        var createBody = await ReadJsonAsync(create);
        var id = (string)createBody["backup_info"]!["id"]!;
        using var list = await client.GetAsync("list");
        var listBody = await ReadJsonAsync(list);
        using var restore = await client.PostAsync("restore", Json($$"""{"id":"{{id}}"}"""));
        var restoreBody = await ReadJsonAsync(restore);

        Assert.Single(createBody.AsObject());
        Assert.Equal(id, (string?)listBody["backup_info"]![0]!["id"]);
        Assert.StartsWith("restore-", (string)restoreBody["backup_info"]!["id"]!);
    }

    [Fact]
    public async Task Bare_shapes_answer_plain_objects_and_arrays_and_can_be_switched_at_run_time()
    {
        await using var server = await StartAsync(o =>
        {
            o.Dcos.BareShapes = true;
            o.Dcos.BackupDuration = TimeSpan.Zero;
        });
        using var client = DcosClient(server);

        using var empty = await client.GetAsync("list");
        Assert.Equal("[]", await empty.Content.ReadAsStringAsync());

        using var create = await client.PostAsync("create", Json("""{"label":"bare"}"""));
        var backup = await ReadJsonAsync(create);
        Assert.StartsWith("bare-", (string)backup["id"]!);
        Assert.Null(backup["backup_info"]);

        using var list = await client.GetAsync("list");
        var items = (await ReadJsonAsync(list)).AsArray();
        Assert.Equal((string?)backup["id"], (string?)items.Single()!["id"]);

        using var restore = await client.PostAsync("restore", Json($$"""{"id":"{{backup["id"]}}"}"""));
        var restored = await ReadJsonAsync(restore);
        Assert.Equal("STATUS_RESTORING", Status(restored));

        server.Dcos.BareShapes = false;
        using var wrapped = await client.GetAsync("list");
        Assert.NotNull((await ReadJsonAsync(wrapped))["backup_info"]);
    }

    [Fact]
    public async Task List_prefix_matches_the_start_of_the_id_and_keeps_creation_order()
    {
        await using var server = await StartAsync(o => o.Dcos.BackupDuration = TimeSpan.Zero);
        using var client = DcosClient(server);
        var alpha = (string)(await CreateAsync(client, "alpha"))["id"]!;
        var alphabet = (string)(await CreateAsync(client, "alphabet"))["id"]!;
        var beta = (string)(await CreateAsync(client, "beta"))["id"]!;

        Assert.Equal(new[] { alpha, alphabet, beta }, Ids(await ListAsync(client)));
        Assert.Equal(new[] { alpha, alphabet }, Ids(await ListAsync(client, "alpha")));
        Assert.Equal(new[] { alpha }, Ids(await ListAsync(client, "alpha-")));
        Assert.Equal(new[] { beta }, Ids(await ListAsync(client, beta)));
        Assert.Empty(await ListAsync(client, "gamma"));

        // The prefix is matched against the id, not anything inside it.
        Assert.Empty(await ListAsync(client, "lpha"));
    }

    [Fact]
    public async Task Timestamps_are_rfc3339_utc_with_nine_fractional_digits()
    {
        await using var server = await StartAsync(o => o.Dcos.BackupDuration = TimeSpan.Zero);
        using var client = DcosClient(server);
        var backup = await CreateAsync(client, "stamp");
        var restore = await RestoreAsync(client, (string)backup["id"]!);

        foreach (var timestamp in new[] { (string)backup["timestamp"]!, (string)restore["timestamp"]! })
        {
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$", timestamp);

            // A client trims to 7 digits before parsing (digest A.6 item 11).
            var parsed = DateTimeOffset.Parse(timestamp[..27] + "Z", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(TimeSpan.Zero, parsed.Offset);
            Assert.InRange(parsed.Year, DateTimeOffset.UtcNow.Year - 1, DateTimeOffset.UtcNow.Year + 1);
        }
    }

    [Fact]
    public async Task Delete_takes_the_id_in_a_json_body_on_delete()
    {
        await using var server = await StartAsync(o => o.Dcos.BackupDuration = TimeSpan.Zero);
        using var client = DcosClient(server);
        var keep = (string)(await CreateAsync(client, "keep"))["id"]!;
        var drop = (string)(await CreateAsync(client, "drop"))["id"]!;

        using var response = await client.SendAsync(DeleteRequest($$"""{"id":"{{drop}}"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        Assert.Equal(new[] { keep }, Ids(await ListAsync(client)));
        Assert.Equal(new[] { keep }, server.Dcos.Backups.Select(b => b.Id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("""{"id":42}""")]
    public async Task Delete_without_a_usable_json_body_is_400(string? body)
    {
        await using var server = await StartAsync(o => o.Dcos.BackupDuration = TimeSpan.Zero);
        using var client = DcosClient(server);
        await CreateAsync(client, "survivor");

        using var response = await client.SendAsync(DeleteRequest(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty(FirstError(await ReadJsonAsync(response)));
        Assert.Single(server.Dcos.Backups);
    }

    [Fact]
    public async Task Delete_of_a_restore_id_or_an_unknown_id_is_400()
    {
        await using var server = await StartAsync(o =>
        {
            o.Dcos.BackupDuration = TimeSpan.Zero;
            o.Dcos.RestoreDuration = TimeSpan.Zero;
        });
        using var client = DcosClient(server);
        var backupId = (string)(await CreateAsync(client, "restored"))["id"]!;
        var restoreId = (string)(await RestoreAsync(client, backupId))["id"]!;

        using var restoreDelete = await client.SendAsync(DeleteRequest($$"""{"id":"{{restoreId}}"}"""));
        using var unknownDelete = await client.SendAsync(DeleteRequest("""{"id":"nope-1"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, restoreDelete.StatusCode);
        Assert.Equal($"{restoreId} is a restore id, not a backup id", FirstError(await ReadJsonAsync(restoreDelete)));
        Assert.Equal(HttpStatusCode.BadRequest, unknownDelete.StatusCode);
        Assert.Equal("backup nope-1 not found", FirstError(await ReadJsonAsync(unknownDelete)));
        Assert.Single(server.Dcos.Backups);
    }

    [Fact]
    public async Task Delete_of_a_backup_still_backing_up_is_500_lock_held()
    {
        await using var server = await StartAsync(o => o.Dcos.BackupDuration = TimeSpan.FromMinutes(5));
        using var client = DcosClient(server);
        var id = (string)(await CreateAsync(client, "busy"))["id"]!;

        using var response = await client.SendAsync(DeleteRequest($$"""{"id":"{{id}}"}"""));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains(LockHeld, FirstError(await ReadJsonAsync(response)));
        Assert.Single(server.Dcos.Backups);
    }

    [Fact]
    public async Task Restore_is_tracked_under_the_backups_restores_and_ends_ready()
    {
        await using var server = await StartAsync(o => o.Dcos.BackupDuration = TimeSpan.Zero);
        using var client = DcosClient(server);
        var backupId = (string)(await CreateAsync(client, "source"))["id"]!;

        var restore = await RestoreAsync(client, backupId);

        var restoreId = (string)restore["id"]!;
        Assert.Matches("^restore-[0-9a-f-]{36}$", restoreId);
        Assert.Equal("STATUS_RESTORING", Status(restore));
        Assert.Equal("STATUS_RESTORING", MarathonStatus(restore));
        var backup = await GetBackupAsync(client, backupId);
        Assert.Equal("STATUS_READY", Status(backup));
        Assert.Equal(restoreId, (string?)backup["restores"]![0]!["id"]);

        var done = await WaitForRestoreAsync(client, backupId, restoreId);
        Assert.Equal("STATUS_READY", Status(done));
        Assert.Equal("STATUS_READY", MarathonStatus(done));
    }

    [Fact]
    public async Task Restore_of_an_unknown_or_unfinished_backup_is_400()
    {
        await using var server = await StartAsync(o => o.Dcos.BackupDuration = TimeSpan.FromMinutes(5));
        using var client = DcosClient(server);
        var running = (string)(await CreateAsync(client, "running"))["id"]!;

        using var unknown = await client.PostAsync("restore", Json("""{"id":"ghost-1"}"""));
        using var unfinished = await client.PostAsync("restore", Json($$"""{"id":"{{running}}"}"""));
        using var noBody = await client.PostAsync("restore", Json(""));

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("backup ghost-1 not found", FirstError(await ReadJsonAsync(unknown)));
        Assert.Equal(HttpStatusCode.BadRequest, unfinished.StatusCode);
        Assert.Contains("STATUS_BACKING_UP", FirstError(await ReadJsonAsync(unfinished)));
        Assert.Equal(HttpStatusCode.BadRequest, noBody.StatusCode);
        Assert.Empty(server.Dcos.Backups.Single().Restores);
    }

    [Fact]
    public async Task Second_backup_while_one_runs_is_500_lock_held_until_it_finishes()
    {
        // Long enough that a stalled machine cannot let the first backup finish before the second is asked.
        await using var server = await StartAsync(o => o.Dcos.BackupDuration = TimeSpan.FromSeconds(3));
        using var client = DcosClient(server);
        var first = (string)(await CreateAsync(client, "first"))["id"]!;

        using var busy = await client.PostAsync("create", Json("""{"label":"bar"}"""));

        Assert.Equal(HttpStatusCode.InternalServerError, busy.StatusCode);
        Assert.Equal(
            "Could not backup bar: backup label=bar failed: backup/restore is currently busy: lock is already held",
            FirstError(await ReadJsonAsync(busy)));
        Assert.Single(server.Dcos.Backups);

        await WaitForBackupAsync(client, first);
        var second = await CreateAsync(client, "bar");
        Assert.StartsWith("bar-", (string)second["id"]!);
    }

    [Fact]
    public async Task A_running_restore_holds_the_lock_for_backups_and_restores()
    {
        await using var server = await StartAsync(o =>
        {
            o.Dcos.BackupDuration = TimeSpan.Zero;
            o.Dcos.RestoreDuration = TimeSpan.FromMinutes(5);
        });
        using var client = DcosClient(server);
        var id = (string)(await CreateAsync(client, "locked"))["id"]!;
        await RestoreAsync(client, id);

        using var restoreAgain = await client.PostAsync("restore", Json($$"""{"id":"{{id}}"}"""));
        using var create = await client.PostAsync("create", Json("""{"label":"other"}"""));

        Assert.Equal(HttpStatusCode.InternalServerError, restoreAgain.StatusCode);
        Assert.Equal(
            $"Could not restore {id}: backup/restore is currently busy: lock is already held",
            FirstError(await ReadJsonAsync(restoreAgain)));
        Assert.Equal(HttpStatusCode.InternalServerError, create.StatusCode);
        Assert.Contains(LockHeld, FirstError(await ReadJsonAsync(create)));
    }

    [Fact]
    public async Task FailNextBackup_ends_the_next_backup_in_error_with_the_text_once()
    {
        await using var server = await StartAsync();
        using var client = DcosClient(server);
        server.Dcos.FailNextBackup("marathon backup failed: disk full");

        var failed = await WaitForBackupAsync(client, (string)(await CreateAsync(client, "doomed"))["id"]!);
        var next = await WaitForBackupAsync(client, (string)(await CreateAsync(client, "fine"))["id"]!);

        Assert.Equal("STATUS_ERROR", Status(failed));
        Assert.Equal("STATUS_ERROR", MarathonStatus(failed));
        Assert.Equal("marathon backup failed: disk full", MarathonError(failed));
        Assert.Equal("STATUS_READY", Status(next));
        Assert.Null(MarathonError(next));
    }

    [Fact]
    public async Task FailNextRestore_ends_the_next_restore_in_error_with_the_text()
    {
        await using var server = await StartAsync(o => o.Dcos.BackupDuration = TimeSpan.Zero);
        using var client = DcosClient(server);
        var backupId = (string)(await CreateAsync(client, "base"))["id"]!;
        server.Dcos.FailNextRestore("marathon restore failed");

        var restoreId = (string)(await RestoreAsync(client, backupId))["id"]!;
        var failed = await WaitForRestoreAsync(client, backupId, restoreId);

        Assert.Equal("STATUS_ERROR", Status(failed));
        Assert.Equal("STATUS_ERROR", MarathonStatus(failed));
        Assert.Equal("marathon restore failed", MarathonError(failed));

        // The restore failing does not change the backup itself.
        Assert.Equal("STATUS_READY", Status(await GetBackupAsync(client, backupId)));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("abcdefghijklmnopqrstuvwxyz")]
    [InlineData("..abc")]
    [InlineData("a.bc")]
    [InlineData("-abc")]
    [InlineData("ab c")]
    [InlineData("ab/c")]
    [InlineData("abc\n")]
    [InlineData("")]
    public async Task Create_rejects_invalid_labels_with_400(string label)
    {
        await using var server = await StartAsync();
        using var client = DcosClient(server);

        using var response = await client.PostAsync("create", Json(new JsonObject { ["label"] = label }.ToJsonString()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("label", FirstError(await ReadJsonAsync(response)));
        Assert.Empty(server.Dcos.Backups);
    }

    [Theory]
    [InlineData("a_b")]
    [InlineData("__x")]
    [InlineData("AB-1.x")]
    [InlineData("abcdefghijklmnopqrstuvwxy")]
    public async Task Create_accepts_valid_labels(string label)
    {
        await using var server = await StartAsync();
        using var client = DcosClient(server);

        var backup = await CreateAsync(client, label);

        Assert.StartsWith(label + "-", (string)backup["id"]!);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("\"label\"")]
    [InlineData("""{"label":7}""")]
    [InlineData("""{"name":"abc"}""")]
    public async Task Create_without_a_usable_body_is_400(string body)
    {
        await using var server = await StartAsync();
        using var client = DcosClient(server);

        using var response = await client.PostAsync("create", Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty(FirstError(await ReadJsonAsync(response)));
        Assert.Empty(server.Dcos.Backups);
    }

    [Fact]
    public async Task Wrong_method_is_405_and_unknown_route_is_404()
    {
        await using var server = await StartAsync();
        using var client = DcosClient(server);

        using var getCreate = await client.GetAsync("create");
        using var postList = await client.PostAsync("list", Json("{}"));
        using var unknown = await client.GetAsync("show");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, getCreate.StatusCode);
        Assert.Contains("POST", getCreate.Content.Headers.Allow);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, postList.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Empty(server.Dcos.Backups);
    }

    [Fact]
    public async Task Reset_forgets_backups_and_pending_failures()
    {
        await using var server = await StartAsync(o => o.Dcos.BackupDuration = TimeSpan.Zero);
        using var client = DcosClient(server);
        await CreateAsync(client, "gone");
        server.Dcos.FailNextBackup("should be disarmed");

        server.Dcos.Reset();
        var after = await WaitForBackupAsync(client, (string)(await CreateAsync(client, "fresh"))["id"]!);

        Assert.Equal("STATUS_READY", Status(after));
        Assert.Equal(new[] { (string)after["id"]! }, Ids(await ListAsync(client)));
    }

    private static string[] Ids(JsonArray items) => items.Select(i => (string)i!["id"]!).ToArray();
}
