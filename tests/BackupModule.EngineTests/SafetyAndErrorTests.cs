using Xunit.Abstractions;

namespace BackupModule.EngineTests;

/// <summary>-ErrorAction Stop, Select-Object -First (pipeline stop) and PowerShell.Stop() (Ctrl+C); -WhatIf is in DcosWhatIfTests.</summary>
public sealed class SafetyAndErrorTests : EngineTest
{
    private readonly ITestOutputHelper _output;

    public SafetyAndErrorTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Theory]
    [InlineData("Get-ClusterBackup -Id no-such-backup", "BackupNotFound,BackupModule.Commands.GetClusterBackupCommand")]
    [InlineData("Restore-ClusterBackup -Id no-such-backup -Force", "BackupNotFound,BackupModule.Commands.RestoreClusterBackupCommand")]
    [InlineData("Get-ClusterBackupJob -BackupId no-such-backup", "BackupNotFound,BackupModule.Commands.GetClusterBackupJobCommand")]
    [InlineData("Get-ClusterBackupJob -BackupId $id -Id restore-none", "JobNotFound,BackupModule.Commands.GetClusterBackupJobCommand")]
    [InlineData("Get-ClusterBackupJob -Id restore-none", "JobNotFound,BackupModule.Commands.GetClusterBackupJobCommand")]
    [InlineData("Get-ClusterBackupJob", "InvalidArgument,BackupModule.Commands.GetClusterBackupJobCommand")]
    [InlineData("Wait-ClusterBackupJob -TimeoutSec 5", "InvalidArgument,BackupModule.Commands.WaitClusterBackupJobCommand")]
    [InlineData("Wait-ClusterBackupJob -BackupId $id -Id restore-none -TimeoutSec 5", "JobNotFound,BackupModule.Commands.WaitClusterBackupJobCommand")]
    [InlineData("New-ClusterBackup -Label 'bad label'", "InvalidLabel,BackupModule.Commands.NewClusterBackupCommand")]
    public async Task ErrorAction_Stop_throws_the_stable_error_id(string command, string expected)
    {
        var id = (await Harness.CreateBackupsAsync("errors")).Single();
        var vars = new Dictionary<string, object?> { ["id"] = id };

        var caught = Session.Run($"try {{ {command} -ErrorAction Stop; 'not stopped' }} catch {{ $_.FullyQualifiedErrorId }}", vars).AssertNoErrors();
        var uncaught = Session.Run($"{command} -ErrorAction Stop", vars);

        // 'not stopped' would follow the id had the command gone on after its error.
        Assert.Equal(new[] { expected }, caught.Strings);
        Assert.Equal(new[] { expected }, uncaught.ErrorIds);
    }

    [Fact]
    public async Task Select_Object_First_1_stops_the_pipeline()
    {
        var ids = await Harness.CreateBackupsAsync("first-a", "first-b", "first-c");
        Harness.Emulator.Audit.Clear();

        var byId = Session.Run("Get-ClusterBackup -Id $ids | Select-Object -First 1", new() { ["ids"] = ids.ToArray() }).AssertNoErrors();
        var lists = Harness.Calls("GET", "list").Count;
        var listed = Session.Run("Get-ClusterBackup | Select-Object -First 1").AssertNoErrors();

        Assert.Equal(new object?[] { ids[0] }, byId.Property("Id"));
        // Stopped upstream: the other two ids were never asked for.
        Assert.Equal(1, lists);
        Assert.Single(listed.Output);
    }

    [Fact]
    public async Task Stop_during_New_ClusterBackup_Wait_returns_at_once()
    {
        Harness.Emulator.Dcos.BackupDuration = TimeSpan.FromMinutes(10);

        var took = await Session.StopWhenAsync(
            "New-ClusterBackup -Label slow-stop -Wait -TimeoutSec 600",
            () => Harness.Calls("GET", "list").Count >= 2 && Harness.Calls("POST", "create").Count >= 1);
        _output.WriteLine($"PowerShell.Stop() returned after {took.TotalMilliseconds:0} ms");

        // 1 s: what Ctrl+C should feel like; the measured time is in the test output.
        Assert.True(took < TimeSpan.FromSeconds(1), $"Stop() took {took.TotalMilliseconds:0} ms");
    }
}
