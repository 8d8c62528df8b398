using BackupModule.Errors;
using BackupModule.Model;

namespace BackupModule.Tests.Integration;

/// <summary>Every endpoint in both reply shapes the service is known to use: wrapped (integration test) and bare (Swagger).</summary>
public sealed class WireShapeTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_endpoint_works_in_both_reply_shapes(bool bare)
    {
        await using var cluster = await DcosTestCluster.StartAsync(bareShapes: bare);
        var service = cluster.Connect().OpenService(new RecordingHost());

        Assert.Empty(await Collect(service.ListBackupsAsync(BackupQuery.All, default)));

        var created = await service.CreateBackupAsync(new NewBackupRequest("shape-test"), default);
        Assert.Equal(BackupStatus.Creating, created.Status);
        Assert.Equal("STATUS_BACKING_UP", created.RawStatus);
        Assert.NotNull(created.CreatedAt);
        Assert.InRange(created.CreatedAt!.Value, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
        Assert.Equal("1.13.0", created.SourceVersion);

        await DcosTestCluster.Eventually(() => service.GetBackupAsync(created.Id, null, default).GetAwaiter().GetResult().Status == BackupStatus.Ready, "backup ready");

        var job = Assert.Single(await service.RestoreBackupAsync(await service.GetBackupAsync(created.Id, null, default), RestoreRequest.SameCluster(), default));
        Assert.Equal(JobKind.Restore, job.Kind);
        Assert.Equal(created.Id, job.BackupId);
        Assert.NotEqual(created.Id, job.Id);
        Assert.Equal(job.Id, Assert.Single(await service.GetJobsAsync(created.Id, null, default)).Id);
        await DcosTestCluster.Eventually(() => service.GetJobAsync(job.Id, created.Id, null, default).GetAwaiter().GetResult().Status == JobStatus.Succeeded, "restore done");

        var restoreIdAsBackup = await Assert.ThrowsAsync<BackupServiceException>(() => service.RemoveBackupAsync(new ClusterBackup { Id = job.Id }, default));
        Assert.Equal(BackupErrorId.InvalidArgument, restoreIdAsBackup.ErrorId);
        Assert.Equal(400, restoreIdAsBackup.StatusCode);
        Assert.Equal(job.Id, restoreIdAsBackup.Target);

        await service.RemoveBackupAsync(created, default);
        var gone = await Assert.ThrowsAsync<BackupServiceException>(() => service.GetBackupAsync(created.Id, null, default));
        Assert.Equal(BackupErrorId.BackupNotFound, gone.ErrorId);
        Assert.Equal(created.Id, gone.Target);
    }

    private static async Task<List<ClusterBackup>> Collect(IAsyncEnumerable<ClusterBackup> backups)
    {
        var list = new List<ClusterBackup>();
        await foreach (var backup in backups)
        {
            list.Add(backup);
        }

        return list;
    }
}
