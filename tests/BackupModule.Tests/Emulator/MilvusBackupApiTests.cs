using System.Net;
using System.Text.Json.Nodes;
using BackupModule.Emulator;
using Xunit;
using static BackupModule.Tests.Emulator.EmulatorTestSupport;
using static BackupModule.Tests.Emulator.MilvusBackupTestSupport;

namespace BackupModule.Tests.Emulator;

/// <summary>
/// The emulated milvus-backup server answers as the real one does (docs/wire/backup-apis.md C.4a and
/// docs/wire/milvus-backup-fields.md): exact keys in Go's order, omitempty fields gone when empty, integer states, no "code" on
/// success, Unix-second times, an exact uint64 backup_timestamp, and its sharp edges.
/// </summary>
public sealed class MilvusBackupApiTests
{
    [Fact]
    public async Task The_root_and_hello_answer_text_and_any_other_path_or_method_is_gins_404_text()
    {
        await using var server = await StartMilvusAsync();
        using var client = MilvusClient(server);

        foreach (var path in new[] { "", "api/v1/hello" })
        {
            var hello = await GetAsync(client, path);
            Assert.Equal(HttpStatusCode.OK, hello.Status);
            Assert.Equal("text/plain", hello.ContentType);
            Assert.Equal("Hello, This is backup service", hello.Text);
        }

        foreach (var (method, path) in new[] { (HttpMethod.Get, "api/v1/nope"), (HttpMethod.Get, "api/v1/create"), (HttpMethod.Post, "api/v1/list"), (HttpMethod.Get, "api/v1") })
        {
            var missing = await SendAsync(client, method, path);
            Assert.Equal(HttpStatusCode.NotFound, missing.Status);
            Assert.Equal("404 page not found", missing.Text);
        }
    }

    [Fact]
    public async Task An_empty_list_is_data_alone_and_a_list_has_only_id_name_size_and_version()
    {
        await using var server = await StartMilvusAsync();
        using var client = MilvusClient(server);

        var empty = await GetAsync(client, "api/v1/list");
        Assert.Equal("""{"data":[]}""", empty.Text);

        var taskId = await StoredBackupAsync(client, "nightly_1");
        var listed = await GetAsync(client, "api/v1/list", requestId: "r-1");
        Assert.Equal(new[] { "requestId", "data" }, listed.Keys);
        var item = Assert.Single(listed.Data!.AsArray())!;
        Assert.Equal(new[] { "id", "name", "size", "milvus_version" }, KeysOf(item));
        Assert.Equal(taskId, (string)item["id"]!);
        Assert.Equal("nightly_1", (string)item["name"]!);
        Assert.True((long)item["size"]! > 0);

        AssertCode(await GetAsync(client, "api/v1/list?collection_name=x"), 400, "collection_name is deprecated");
    }

    [Fact]
    public async Task An_async_create_answers_at_once_with_the_request_id_no_code_and_null_data()
    {
        await using var server = await StartMilvusAsync();
        using var client = MilvusClient(server);

        var reply = await PostAsync(client, "api/v1/create", """{"backup_name":"b1","async":true}""", "0190f0b0-0000-7000-8000-000000000001");

        Assert.Equal("""{"requestId":"0190f0b0-0000-7000-8000-000000000001","msg":"create backup is executing asynchronously","data":null}""", reply.Text);

        // Without the header (dropped by a proxy) the server makes the task id and says it.
        var unnamed = await PostAsync(client, "api/v1/create", """{"backup_name":"b2","async":true}""");
        Assert.True(Guid.TryParse((string?)unnamed.Body["requestId"], out _), unnamed.Text);
    }

    [Fact]
    public async Task A_running_task_has_state_0_then_1_and_Gos_zero_end_time_and_a_finished_one_its_stored_backup()
    {
        await using var server = await StartMilvusAsync(o => o.BackupDuration = TimeSpan.FromSeconds(1));
        using var client = MilvusClient(server);
        var taskId = await CreateAsync(client, "b1", Guid.NewGuid().ToString());

        var running = Ok(await GetAsync(client, "api/v1/get_backup?backup_id=" + taskId))!;
        Assert.Equal(new[] { "id", "state_code", "start_time", "end_time", "progress", "name", "size", "meta_size" }, KeysOf(running));
        Assert.True((int)running["state_code"]! is 0 or 1);
        Assert.Equal(-62135596800L, (long)running["end_time"]!);
        Assert.InRange((long)running["start_time"]!, DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds());
        Assert.True((int)running["progress"]! >= 1);

        var done = await WaitBackupTaskAsync(client, taskId);
        Assert.Equal(
            new[] { "id", "state_code", "start_time", "end_time", "progress", "name", "backup_timestamp", "collection_backups", "size", "milvus_version", "database_backups", "meta_size" },
            KeysOf(done));
        Assert.Equal(2, (int)done["state_code"]!);
        Assert.Equal(100, (int)done["progress"]!);
        Assert.True((long)done["end_time"]! >= (long)done["start_time"]!);
        Assert.Equal(new[] { "analytics.events", "default.medium_articles", "default.products" }, done["collection_backups"]!.AsArray().Select(c => $"{c!["db_name"]}.{c["collection_name"]}").Order());
        Assert.All(done["collection_backups"]!.AsArray(), c => Assert.Contains("has_index", KeysOf(c)));
    }

    [Fact]
    public async Task Backup_timestamp_is_a_hybrid_timestamp_beyond_what_a_double_holds_written_exactly()
    {
        await using var server = await StartMilvusAsync(o => o.BackupDuration = TimeSpan.Zero);
        using var client = MilvusClient(server);
        var taskId = await StoredBackupAsync(client, "b1");

        var text = (await GetAsync(client, "api/v1/get_backup?backup_id=" + taskId)).Text;
        var digits = text[(text.IndexOf("\"backup_timestamp\":", StringComparison.Ordinal) + 19)..].TakeWhile(char.IsAsciiDigit).ToArray();
        var timestamp = ulong.Parse(new string(digits), System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(timestamp > (1UL << 53), $"{timestamp} fits a double");
        Assert.NotEqual(timestamp, (ulong)(double)timestamp);
        var physical = DateTimeOffset.FromUnixTimeMilliseconds((long)(timestamp >> 18));
        Assert.InRange(physical, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
    }

    [Fact]
    public async Task Get_backup_by_a_name_no_task_had_is_a_success_with_an_empty_brief()
    {
        await using var server = await StartMilvusAsync();
        using var client = MilvusClient(server);

        var reply = await GetAsync(client, "api/v1/get_backup?backup_name=never");

        Assert.Equal("""{"msg":"success","data":{"state_code":0,"progress":0,"size":0,"meta_size":0}}""", reply.Text);
        AssertCode(await GetAsync(client, "api/v1/get_backup"), 400, "empty backup name and backup id");
        AssertCode(await GetAsync(client, "api/v1/get_backup?backup_id=nope"), 3, "task not found");
        Assert.Null((await GetAsync(client, "api/v1/get_backup?backup_id=nope")).Body["data"]);
        Assert.True((await GetAsync(client, "api/v1/get_backup?backup_id=nope")).Body.ContainsKey("data"));
    }

    [Fact]
    public async Task A_name_held_by_a_task_that_did_not_fail_is_refused_async_and_panics_sync_even_after_the_backup_is_deleted()
    {
        await using var server = await StartMilvusAsync(o => o.BackupDuration = TimeSpan.Zero);
        using var client = MilvusClient(server);
        var taskId = await StoredBackupAsync(client, "held");
        Ok(await SendAsync(client, HttpMethod.Delete, "api/v1/delete?backup_name=held"));

        AssertCode(await PostAsync(client, "api/v1/create", """{"backup_name":"held","async":true}"""), 3, $"held (existing task {taskId})");
        var sync = await PostAsync(client, "api/v1/create", """{"backup_name":"held"}""");
        Assert.Equal(HttpStatusCode.InternalServerError, sync.Status);
        Assert.Equal("", sync.Text);

        // A restart forgets the task, and the name is free again.
        server.MilvusBackup.Restart();
        Ok(await PostAsync(client, "api/v1/create", """{"backup_name":"held","async":true}"""));
    }

    [Fact]
    public async Task A_name_already_in_storage_is_accepted_and_its_task_stays_at_state_0_forever()
    {
        await using var server = await StartMilvusAsync(o => o.BackupDuration = TimeSpan.Zero);
        using var client = MilvusClient(server);
        await StoredBackupAsync(client, "taken");
        server.MilvusBackup.Restart();

        var taskId = await CreateAsync(client, "taken", Guid.NewGuid().ToString());
        await Task.Delay(200);
        var brief = Ok(await GetAsync(client, "api/v1/get_backup?backup_id=" + taskId))!;

        Assert.Equal(0, (int)brief["state_code"]!);
        Assert.Equal(1, (int)brief["progress"]!);
        Assert.False(brief.AsObject().ContainsKey("errorMessage"));
        Assert.Equal(-62135596800L, (long)brief["end_time"]!);
    }

    [Fact]
    public async Task Bad_names_are_code_400_an_empty_name_panics_and_an_unbindable_body_is_gins_400()
    {
        await using var server = await StartMilvusAsync();
        using var client = MilvusClient(server);

        AssertCode(await PostAsync(client, "api/v1/create", """{"backup_name":"a b","async":true}"""), 400, "should not contain whitespace");
        AssertCode(await PostAsync(client, "api/v1/create", """{"backup_name":"1a","async":true}"""), 400, "should start with an underscore or letter");
        AssertCode(await PostAsync(client, "api/v1/create", """{"backup_name":"a-b","async":true}"""), 400, "only contain numbers, letters and underscores");
        AssertCode(await PostAsync(client, "api/v1/create", $$"""{"backup_name":"{{new string('a', 129)}}","async":true}"""), 400, "should not exceed 128");

        var empty = await PostAsync(client, "api/v1/create", """{"async":true}""");
        Assert.Equal(HttpStatusCode.InternalServerError, empty.Status);
        Assert.Equal("", empty.Text);

        foreach (var body in new[] { "not json", """{"backup_name":1}""", """{"async":"yes"}""", "" })
        {
            var bad = await PostAsync(client, "api/v1/create", body);
            Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
            Assert.Equal("""{"error":"Invalid request body"}""", bad.Text);
        }

        var badRestore = await PostAsync(client, "api/v1/restore", """{"backup_name":[]}""");
        Assert.Equal(HttpStatusCode.BadRequest, badRestore.Status);
        Assert.StartsWith("invalid request body: ", (string?)badRestore.Body["error"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filters_select_a_whole_database_named_collections_or_with_an_empty_map_nothing_and_an_unknown_database_fails_the_task()
    {
        await using var server = await StartMilvusAsync(o => o.BackupDuration = TimeSpan.Zero);
        using var client = MilvusClient(server);

        async Task<string[]> Collections(string name, string filter)
        {
            var done = await WaitBackupTaskAsync(client, await CreateAsync(client, name, Guid.NewGuid().ToString(), ",\"filter\":" + filter));
            Assert.Equal(2, (int)done["state_code"]!);
            return done["collection_backups"]?.AsArray().Select(c => $"{c!["db_name"]}.{c["collection_name"]}").Order().ToArray() ?? Array.Empty<string>();
        }

        Assert.Equal(new[] { "analytics.events" }, await Collections("whole_db", """{"analytics":{"colls":["*"]}}"""));
        Assert.Equal(new[] { "default.products" }, await Collections("one", """{"default":{"colls":["products"]}}"""));
        Assert.Empty(await Collections("nothing", "{}"));
        Assert.Empty(await Collections("empty_list", """{"default":{"colls":[]}}"""));

        var failed = await WaitBackupTaskAsync(client, await CreateAsync(client, "unknown_db", Guid.NewGuid().ToString(), ""","filter":{"nope":{"colls":["*"]}}"""));
        Assert.Equal(3, (int)failed["state_code"]!);
        Assert.Equal(0, (int)failed["progress"]!);
        Assert.Contains("filter db nope not found in milvus", (string)failed["errorMessage"]!, StringComparison.Ordinal);
        Assert.DoesNotContain("unknown_db", Ok(await GetAsync(client, "api/v1/list"))!.AsArray().Select(b => (string)b!["name"]!));
    }

    [Fact]
    public async Task A_restart_forgets_tasks_and_keeps_storage()
    {
        await using var server = await StartMilvusAsync(o => o.BackupDuration = TimeSpan.Zero);
        using var client = MilvusClient(server);
        var taskId = await StoredBackupAsync(client, "kept");
        using var admin = AdminClient(server);

        (await admin.PostAsync("milvus-backup/restart", null)).EnsureSuccessStatusCode();

        AssertCode(await GetAsync(client, "api/v1/get_backup?backup_id=" + taskId), 3, "task not found");
        Assert.Equal("""{"msg":"success","data":{"state_code":0,"progress":0,"size":0,"meta_size":0}}""", (await GetAsync(client, "api/v1/get_backup?backup_name=kept")).Text);
        Assert.Equal("kept", (string)Assert.Single(Ok(await GetAsync(client, "api/v1/list"))!.AsArray())!["name"]!);
    }

    [Fact]
    public async Task Delete_is_by_name_and_synchronous_and_a_missing_backup_is_code_3_read_backup_info()
    {
        await using var server = await StartMilvusAsync(o => o.BackupDuration = TimeSpan.Zero);
        using var client = MilvusClient(server);
        await StoredBackupAsync(client, "gone");

        var deleted = await SendAsync(client, HttpMethod.Delete, "api/v1/delete?backup_name=gone");
        Assert.Equal(new[] { "requestId", "msg" }, deleted.Keys);
        Assert.Equal("success", (string?)deleted.Body["msg"]);
        Assert.Empty(Ok(await GetAsync(client, "api/v1/list"))!.AsArray());

        AssertCode(await SendAsync(client, HttpMethod.Delete, "api/v1/delete?backup_name=gone"), 3, "delete: read backup info");
        AssertCode(await SendAsync(client, HttpMethod.Delete, "api/v1/delete"), 400, "backup name is required");
        AssertCode(await GetAsync(client, "api/v1/get_backup?backup_name=gone"), 3, "backup gone not found");
    }

    [Fact]
    public async Task A_restore_answers_its_task_at_state_0_and_runs_into_Milvus_under_the_suffix()
    {
        await using var server = await StartMilvusAsync(o => o.BackupDuration = TimeSpan.Zero);
        using var client = MilvusClient(server);
        await StoredBackupAsync(client, "b1");

        var reply = await PostAsync(client, "api/v1/restore", """{"backup_name":"b1","id":"restore_mine","async":true,"collection_names":["default.medium_articles"],"collection_suffix":"_r"}""");
        Assert.Equal(new[] { "requestId", "msg", "data" }, reply.Keys);
        Assert.Equal("restore backup is executing asynchronously", (string?)reply.Body["msg"]);
        Assert.Equal(new[] { "id", "state_code", "start_time", "end_time", "progress" }, KeysOf(reply.Data));
        Assert.Equal("restore_mine", (string)reply.Data!["id"]!);
        Assert.Equal(0, (int)reply.Data["state_code"]!);
        Assert.Equal(-62135596800L, (long)reply.Data["end_time"]!);

        var done = await WaitRestoreAsync(client, "restore_mine");
        Assert.Equal(2, (int)done["state_code"]!);
        var collection = Assert.Single(done["collection_restore_tasks"]!.AsArray())!;
        Assert.Equal(new[] { "state_code", "start_time", "end_time", "progress", "target_db_name", "target_collection_name" }, KeysOf(collection));
        Assert.Equal("medium_articles_r", (string)collection["target_collection_name"]!);
        Assert.Contains(server.MilvusBackup.Snapshot.Collections, c => c.Qualified == "default.medium_articles_r" && c.LoadState == "NotLoad");
    }

    [Fact]
    public async Task A_restore_onto_an_existing_collection_fails_its_task_unless_dropExistCollection_replaces_it()
    {
        await using var server = await StartMilvusAsync(o => o.BackupDuration = TimeSpan.Zero);
        using var client = MilvusClient(server);
        await StoredBackupAsync(client, "b1");

        Ok(await PostAsync(client, "api/v1/restore", """{"backup_name":"b1","id":"restore_onto","async":true,"collection_names":["products"]}"""));
        var refused = await WaitRestoreAsync(client, "restore_onto");
        Assert.Equal(3, (int)refused["state_code"]!);
        Assert.Equal(1, (int)refused["progress"]!);
        Assert.Equal("restore: check collection exist restore: collection already exist, database default collection products", (string)refused["errorMessage"]!);

        var before = server.MilvusBackup.Snapshot.Collections.Single(c => c.Qualified == "default.products");
        Ok(await PostAsync(client, "api/v1/restore", """{"backup_name":"b1","id":"restore_over","async":true,"collection_names":["default.products"],"dropExistCollection":true}"""));
        Assert.Equal(2, (int)(await WaitRestoreAsync(client, "restore_over"))["state_code"]!);
        var after = server.MilvusBackup.Snapshot.Collections.Single(c => c.Qualified == "default.products");
        Assert.NotEqual(before.CollectionId, after.CollectionId);
    }

    [Fact]
    public async Task Restore_checks_answer_code_400_without_a_request_id_and_unknown_ids_are_code_3()
    {
        await using var server = await StartMilvusAsync(o => o.BackupDuration = TimeSpan.Zero);
        using var client = MilvusClient(server);
        await StoredBackupAsync(client, "b1");

        var noName = await PostAsync(client, "api/v1/restore", """{"async":true}""");
        Assert.Equal(new[] { "code", "msg", "data" }, noName.Keys);
        AssertCode(noName, 400, "backup name is required");
        AssertCode(await PostAsync(client, "api/v1/restore", """{"backup_name":"nope","async":true}"""), 400, "backup nope not found");
        AssertCode(await PostAsync(client, "api/v1/restore", """{"backup_name":"b1","collection_suffix":"-x","async":true}"""), 400, "only alphanumeric characters and underscores");
        AssertCode(await PostAsync(client, "api/v1/restore", """{"backup_name":"b1","dropExistCollection":true,"skipCreateCollection":true,"async":true}"""), 400, "cannot be true at the same time");
        AssertCode(await GetAsync(client, "api/v1/get_restore"), 3, "empty restore id");
        AssertCode(await GetAsync(client, "api/v1/get_restore?id=nope"), 3, "task not found");
    }

    [Fact]
    public async Task When_Milvus_is_unreachable_new_tasks_stay_at_state_0_unrecorded()
    {
        await using var server = await StartMilvusAsync(o => o.BackupDuration = TimeSpan.Zero);
        using var client = MilvusClient(server);
        await StoredBackupAsync(client, "b1");
        using var admin = AdminClient(server);
        (await admin.PostAsync("milvus-backup/settings", Json("""{"milvusReachable":false}"""))).EnsureSuccessStatusCode();

        var taskId = await CreateAsync(client, "b2", Guid.NewGuid().ToString());
        Ok(await PostAsync(client, "api/v1/restore", """{"backup_name":"b1","id":"restore_stuck","async":true,"collection_suffix":"_s"}"""));
        await Task.Delay(100);

        Assert.Equal(0, (int)Ok(await GetAsync(client, "api/v1/get_backup?backup_id=" + taskId))!["state_code"]!);
        var restore = Ok(await GetAsync(client, "api/v1/get_restore?id=restore_stuck"))!;
        Assert.Equal(0, (int)restore["state_code"]!);
        Assert.False(restore.AsObject().ContainsKey("errorMessage"));
    }

    [Fact]
    public async Task Database_backups_carry_the_encryption_key_of_an_encrypted_database()
    {
        await using var server = await StartMilvusAsync(o => o.BackupDuration = TimeSpan.Zero);
        using var client = MilvusClient(server);
        var taskId = await StoredBackupAsync(client, "b1");

        var databases = Ok(await GetAsync(client, "api/v1/get_backup?backup_id=" + taskId))!["database_backups"]!.AsArray();

        Assert.Equal(server.MilvusBackup.EncryptionKeyOf("analytics"), (string?)databases.Single(d => (string?)d!["db_name"] == "analytics")!["ezk"]);
        Assert.False(databases.Single(d => (string?)d!["db_name"] == "default")!.AsObject().ContainsKey("ezk"));
    }

    [Fact]
    public async Task An_injected_fault_on_the_API_answers_in_gins_error_shape_and_is_audited()
    {
        await using var server = await StartMilvusAsync();
        using var client = MilvusClient(server);
        server.Faults.Add(new FaultRule { Method = "GET", PathPrefix = "/api/v1/list", StatusCode = 503, Message = "down" });

        var reply = await GetAsync(client, "api/v1/list");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, reply.Status);
        Assert.Equal("""{"error":"down"}""", reply.Text);
        var entry = Assert.Single(server.Audit.Entries);
        Assert.Equal(("GET", "/api/v1/list", 503, "none"), (entry.Method, entry.Path, entry.StatusCode, entry.Credential));
    }

    [Fact]
    public async Task A_state_file_keeps_storage_and_Milvus_but_no_task()
    {
        var folder = Directory.CreateTempSubdirectory("milvus-state-").FullName;
        try
        {
            var path = Path.Combine(folder, "state.json");
            string taskId;
            await using (var first = await StartAsync(o => { o.StateFile = path; o.MilvusBackup.BackupDuration = TimeSpan.Zero; o.MilvusBackup.RestoreDuration = TimeSpan.Zero; }))
            {
                using var client = MilvusClient(first);
                taskId = await StoredBackupAsync(client, "kept");
                Ok(await PostAsync(client, "api/v1/restore", """{"backup_name":"kept","id":"restore_1","async":true,"collection_suffix":"_r"}"""));
                await WaitRestoreAsync(client, "restore_1");
            }

            await using var second = await StartAsync(o => o.StateFile = path);
            using var again = MilvusClient(second);
            Assert.Equal(taskId, (string)Assert.Single(Ok(await GetAsync(again, "api/v1/list"))!.AsArray())!["id"]!);
            Assert.Contains(second.MilvusBackup.Snapshot.Collections, c => c.Qualified == "analytics.events_r");
            AssertCode(await GetAsync(again, "api/v1/get_backup?backup_id=" + taskId), 3, "task not found");
            AssertCode(await GetAsync(again, "api/v1/get_restore?id=restore_1"), 3, "task not found");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_command_line_takes_the_milvus_backup_options()
    {
        var options = EmulatorCommandLine.Parse(new[] { "--milvus-backup-delay-ms", "250", "--milvus-restore-delay-ms=400", "--milvus-backup-seed-backups", "3" });

        Assert.Equal(TimeSpan.FromMilliseconds(250), options.MilvusBackup.BackupDuration);
        Assert.Equal(TimeSpan.FromMilliseconds(400), options.MilvusBackup.RestoreDuration);
        Assert.Equal(3, options.MilvusBackup.SeedBackups);
        Assert.Throws<FormatException>(() => EmulatorCommandLine.Parse(new[] { "--milvus-backup-delay-ms", "-1" }));
        Assert.Contains("--milvus-restore-delay-ms", EmulatorCommandLine.Usage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_standalone_emulator_prints_a_milvus_backup_banner_line_after_the_Zilliz_one()
    {
        using var process = StartProcess("--urls", "http://127.0.0.1:0", "--milvus-backup-delay-ms", "100");
        try
        {
            var lines = new List<string>();
            for (var i = 0; i < 4; i++)
            {
                lines.Add(await ReadLineAsync(process));
            }

            var authority = lines[0]["BackupModule emulator listening on ".Length..];
            Assert.StartsWith("Zilliz Cloud API:", lines[2], StringComparison.Ordinal);
            Assert.Equal($"milvus-backup API: {authority}/api/v1  connect: {authority}  authentication: none", lines[3]);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
