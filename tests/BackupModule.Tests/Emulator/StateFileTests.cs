using System.Net;
using System.Text.Json.Nodes;
using BackupModule.Emulator;
using Xunit;
using static BackupModule.Tests.Emulator.EmulatorTestSupport;

namespace BackupModule.Tests.Emulator;

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
}
