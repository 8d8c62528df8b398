using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BackupModule.Emulator;
using Xunit;
using static BackupModule.Tests.Emulator.EmulatorTestSupport;

namespace BackupModule.Tests.Emulator;

/// <summary>The --state-file: restarts, and for people who use the emulator as a sandbox, atomic writes, kill -9 and corrupt files.</summary>
public sealed class StateFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("emulator-state-").FullName;

    private string StatePath => Path.Combine(_directory, "state.json");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_restarted_emulator_shows_the_same_backups_and_restores()
    {
        string before;
        string readyId, restoreId;
        await using (var first = await StartAsync(o =>
        {
            o.StateFile = StatePath;
            o.Dcos.BackupDuration = TimeSpan.Zero;
            o.Dcos.RestoreDuration = TimeSpan.Zero;
        }))
        {
            using var client = DcosClient(first);
            readyId = (string)(await CreateAsync(client, "kept"))["id"]!;
            restoreId = (string)(await RestoreAsync(client, readyId))["id"]!;
            var doomed = (string)(await CreateAsync(client, "doomed"))["id"]!;
            using var deleted = await client.SendAsync(DeleteRequest($$"""{"id":"{{doomed}}"}"""));
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
            await WaitForRestoreAsync(client, readyId, restoreId);
            before = (await ListAsync(client)).ToJsonString();
        }

        await using var second = await StartAsync(o => o.StateFile = StatePath);
        using var again = DcosClient(second);
        var after = await ListAsync(again);

        Assert.Equal(before, after.ToJsonString());
        var backup = Assert.Single(after)!;
        Assert.Equal(readyId, (string?)backup["id"]);
        Assert.Equal(restoreId, (string?)backup["restores"]![0]!["id"]);
        Assert.DoesNotContain(Directory.GetFiles(_directory), f => f != StatePath);
    }

    [Fact]
    public async Task Running_work_and_armed_failures_carry_on_after_a_restart()
    {
        string failingId;
        await using (var first = await StartAsync(o =>
        {
            o.StateFile = StatePath;
            o.Dcos.BackupDuration = TimeSpan.FromMilliseconds(600);
        }))
        {
            first.Dcos.FailNextBackup("failed across a restart");
            using var client = DcosClient(first);
            failingId = (string)(await CreateAsync(client, "carry"))["id"]!;
        }

        // A fresh default duration must not change the running backup's own schedule or outcome.
        await using var second = await StartAsync(o =>
        {
            o.StateFile = StatePath;
            o.Dcos.BackupDuration = TimeSpan.FromHours(1);
        });
        using var again = DcosClient(second);
        var done = await WaitForBackupAsync(again, failingId);

        Assert.Equal("STATUS_ERROR", Status(done));
        Assert.Equal("failed across a restart", MarathonError(done));
    }

    [Fact]
    public async Task A_restarted_emulator_still_holds_the_lock_of_a_running_restore()
    {
        string backupId;
        await using (var first = await StartAsync(o =>
        {
            o.StateFile = StatePath;
            o.Dcos.BackupDuration = TimeSpan.Zero;
            o.Dcos.RestoreDuration = TimeSpan.FromHours(1);
        }))
        {
            using var client = DcosClient(first);
            backupId = (string)(await CreateAsync(client, "long"))["id"]!;
            await RestoreAsync(client, backupId);
        }

        await using var second = await StartAsync(o => o.StateFile = StatePath);
        using var again = DcosClient(second);
        using var create = await again.PostAsync("create", Json("""{"label":"blocked"}"""));

        Assert.Equal(HttpStatusCode.InternalServerError, create.StatusCode);
        Assert.Contains("lock is already held", FirstError(await ReadJsonAsync(create)));
        Assert.Equal("STATUS_RESTORING", Assert.Single(second.Dcos.Backups.Single().Restores).Status);
    }

    [Fact]
    public async Task The_state_file_is_written_after_every_mutation()
    {
        await using var server = await StartAsync(o =>
        {
            o.StateFile = StatePath;
            o.Dcos.BackupDuration = TimeSpan.Zero;
        });
        using var client = DcosClient(server);
        Assert.False(File.Exists(StatePath));

        var id = (string)(await CreateAsync(client, "written"))["id"]!;
        Assert.Contains(id, await File.ReadAllTextAsync(StatePath));
        Assert.NotNull(JsonNode.Parse(await File.ReadAllTextAsync(StatePath)));

        server.Dcos.Reset();
        Assert.DoesNotContain(id, await File.ReadAllTextAsync(StatePath));
    }

    [Fact]
    public async Task A_corrupt_state_file_stops_the_start()
    {
        await File.WriteAllTextAsync(StatePath, "{ not json");

        await Assert.ThrowsAsync<InvalidDataException>(() => StartAsync(o => o.StateFile = StatePath));
    }

    [Fact]
    public async Task Every_write_is_a_rename_of_a_complete_file_in_the_same_folder()
    {
        await using var server = await StartAsync(o =>
        {
            o.StateFile = StatePath;
            o.Dcos.BackupDuration = TimeSpan.Zero;
        });
        var renames = new List<(string From, string To)>();
        using var watcher = new FileSystemWatcher(_directory) { IncludeSubdirectories = false };
        watcher.Renamed += (_, e) =>
        {
            lock (renames)
            {
                renames.Add((e.OldName ?? "", e.Name ?? ""));
            }
        };
        watcher.EnableRaisingEvents = true;

        // A reader that keeps opening the file while 30 changes are written: it must only ever see whole files.
        using var done = new CancellationTokenSource();
        var reads = 0;
        var reader = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                if (File.Exists(StatePath))
                {
                    var text = await File.ReadAllTextAsync(StatePath);
                    Assert.Equal(1, (int)JsonNode.Parse(text)!["version"]!);
                    reads++;
                }

                await Task.Yield();
            }
        });
        using var client = DcosClient(server);
        var ids = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            ids.Add((string)(await CreateAsync(client, $"atomic-{i:D2}"))["id"]!);
            await Task.Delay(2);
        }

        done.Cancel();
        await reader;
        await EventuallyAsync(() => Task.FromResult(Snapshot(renames).Any(r => r.To == "state.json") ? "renamed" : null), "a rename onto state.json");

        Assert.True(reads > 0, "the reader never saw the file");
        var state = await File.ReadAllTextAsync(StatePath);
        Assert.All(ids, id => Assert.Contains(id, state));
        // Renamed onto state.json from a temporary file of the same folder (the watcher sees only this folder).
        Assert.All(Snapshot(renames).Where(r => r.To == "state.json"), r => Assert.Matches(@"^\.state\.json\.[0-9a-f]{32}\.tmp$", r.From));
        Assert.Equal(new[] { StatePath }, Directory.GetFiles(_directory));
    }

    [Fact]
    public async Task A_kill_9_loses_at_most_the_change_being_made()
    {
        var acknowledged = new List<string>();
        var unacknowledged = new List<string>();
        var random = new Random(8);
        var watch = Stopwatch.StartNew();
        for (var round = 0; round < 6; round++)
        {
            using var process = StartProcess("--urls", "http://127.0.0.1:0", "--state-file", StatePath, "--dcos-backup-delay-ms", "0");
            try
            {
                var baseUri = await BaseUriAsync(process);
                using var client = ProcessClient(baseUri);
                // The state a kill left loads, and holds every acknowledged change.
                var labels = await LabelsAsync(client);
                Assert.All(acknowledged, label => Assert.Contains(label, labels));
                Assert.All(labels, label => Assert.True(acknowledged.Contains(label) || unacknowledged.Contains(label), $"unexpected backup {label}"));

                for (var i = 0; i < 2; i++)
                {
                    var label = $"kill-{round}-{i}";
                    using var created = await client.PostAsync("create", Json($$"""{"label":"{{label}}"}"""));
                    Assert.Equal(HttpStatusCode.OK, created.StatusCode);
                    acknowledged.Add(label);
                    await Task.Delay(5);
                }

                // One more change, and a SIGKILL while it is (or is about to be, or has just been) written.
                var last = $"kill-{round}-last";
                unacknowledged.Add(last);
                var pending = client.PostAsync("create", Json($$"""{"label":"{{last}}"}"""));
                await Task.Delay(random.Next(0, 12));
                process.Kill();
                await process.WaitForExitAsync(new CancellationTokenSource(Deadline).Token);
                try
                {
                    using var answered = await pending;
                    if (answered.IsSuccessStatusCode)
                    {
                        // Answered before the kill: then it was written, and must not be lost.
                        unacknowledged.Remove(last);
                        acknowledged.Add(last);
                    }
                }
                catch (HttpRequestException)
                {
                    // Killed before the answer: the change may or may not be in the file.
                }
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
            }
        }

        using (var final = StartProcess("--urls", "http://127.0.0.1:0", "--state-file", StatePath))
        {
            try
            {
                using var client = ProcessClient(await BaseUriAsync(final));
                var labels = await LabelsAsync(client);
                Assert.All(acknowledged, label => Assert.Contains(label, labels));
                Assert.All(labels, label => Assert.True(acknowledged.Contains(label) || unacknowledged.Contains(label), $"unexpected backup {label}"));
            }
            finally
            {
                final.Kill(entireProcessTree: true);
            }
        }

        Assert.InRange(acknowledged.Count, 12, 18);
        Assert.True(watch.Elapsed < TimeSpan.FromMinutes(3), $"took {watch.Elapsed}");
    }

    public static TheoryData<string, string> CorruptFiles => new()
    {
        { "garbage", "\u0001\u0002garbage\u00ff" },
        { "empty", "" },
        { "truncated", "{\n  \"version\": 1,\n  \"dcos\": {\n    \"backups\": [\n      {\n        \"id\": \"x" },
        { "wrong version", "{\"version\":2,\"dcos\":{\"backups\":[]}}" },
        { "version as text", "{\"version\":\"1\"}" },
        { "not an object", "[1,2,3]" },
        { "null", "null" },
        { "malformed dcos section", "{\"version\":1,\"dcos\":{\"backups\":\"many\"}}" },
        { "malformed zilliz section", "{\"version\":1,\"zilliz\":42}" },
    };

    [Theory]
    [MemberData(nameof(CorruptFiles))]
    public async Task A_corrupt_state_file_is_refused_with_exit_code_1_and_left_unchanged(string what, string content)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        await File.WriteAllBytesAsync(StatePath, bytes);
        var written = File.GetLastWriteTimeUtc(StatePath);

        // Seeded backups would be saved at once: they must not be, over a file that did not load.
        using var process = StartProcess("--urls", "http://127.0.0.1:0", "--state-file", StatePath, "--dcos-seed-backups", "2", "--zilliz-seed-backups", "2");
        using var timeout = new CancellationTokenSource(Deadline);
        await process.WaitForExitAsync(timeout.Token);
        var stderr = await process.StandardError.ReadToEndAsync();

        Assert.True(process.ExitCode == 1, $"{what}: exit code {process.ExitCode}, {stderr}");
        Assert.Contains("error: the emulator could not start", stderr);
        Assert.Contains("state file", stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(StatePath, stderr);
        Assert.Equal(string.Empty, await process.StandardOutput.ReadToEndAsync());
        Assert.Equal(bytes, await File.ReadAllBytesAsync(StatePath));
        Assert.Equal(written, File.GetLastWriteTimeUtc(StatePath));
        Assert.Equal(new[] { StatePath }, Directory.GetFiles(_directory));
    }

    [Fact]
    public async Task A_section_that_does_not_load_is_not_overwritten_by_the_other_back_ends_seeds()
    {
        const string Content = "{\"version\":1,\"zilliz\":{\"clusters\":\"none\"}}";
        await File.WriteAllTextAsync(StatePath, Content);

        await Assert.ThrowsAsync<InvalidDataException>(() => StartAsync(o =>
        {
            o.StateFile = StatePath;
            o.Dcos.SeedBackups = 3;
        }));

        Assert.Equal(Content, await File.ReadAllTextAsync(StatePath));
    }

    [Fact]
    public async Task Temporary_files_a_killed_emulator_left_are_removed_at_the_next_start()
    {
        var stale = Path.Combine(_directory, $".state.json.{Guid.NewGuid():N}.tmp");
        await File.WriteAllTextAsync(stale, "{\"version\":1,\"dc");
        var other = Path.Combine(_directory, "notes.tmp");
        await File.WriteAllTextAsync(other, "mine");

        await using var server = await StartAsync(o => o.StateFile = StatePath);

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(other));
    }

    private static List<(string From, string To)> Snapshot(List<(string From, string To)> renames)
    {
        lock (renames)
        {
            return renames.ToList();
        }
    }

    private static async Task<Uri> BaseUriAsync(Process process)
    {
        var banner = await ReadLineAsync(process);
        var match = Regex.Match(banner, @"listening on (http://127\.0\.0\.1:\d+)$");
        Assert.True(match.Success, banner);
        return new Uri(match.Groups[1].Value + "/system/v1/backup/v1/");
    }

    private static HttpClient ProcessClient(Uri baseUri)
    {
        var client = new HttpClient { BaseAddress = baseUri, Timeout = Deadline };
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "token=" + DcosEmulatorOptions.DefaultToken);
        return client;
    }

    private static async Task<IReadOnlyList<string>> LabelsAsync(HttpClient client) =>
        (await ListAsync(client)).Select(b => Regex.Replace((string)b!["id"]!, "-[0-9a-f-]{36}$", "")).ToArray();
}
