namespace BackupModule.EngineTests;

/// <summary>
/// -Connection binds by property name: an object read through connection A goes back to A even when the
/// session default is B. Two emulators; every request is checked against their audit logs.
/// </summary>
public sealed class ConnectionBindingTests : IAsyncLifetime
{
    private ModuleHarness _a = null!;
    private ModuleHarness _b = null!;
    private ModuleSession _session = null!;
    private string _backupOnA = "";

    public async Task InitializeAsync()
    {
        _a = await ModuleHarness.StartAsync();
        _b = await ModuleHarness.StartAsync();
        _backupOnA = (await _a.CreateBackupsAsync("on-a")).Single();
        // Connected to B, the session default; A only through $a.
        _session = _b.OpenSession();
        _session.Run("$a = Connect-ClusterBackupService -Dcos -Uri $uriA -Token $token -PassThru; Connect-ClusterBackupService -Dcos -Uri $uri -Token $token",
            new() { ["uriA"] = _a.Uri }).AssertNoErrors();
        _session.Run("$fromA = Get-ClusterBackup -Connection $a -Id $idA; $jobFromA = $fromA | Restore-ClusterBackup -Force", new() { ["idA"] = _backupOnA }).AssertNoErrors();
        _a.Emulator.Audit.Clear();
        _b.Emulator.Audit.Clear();
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Theory]
    [InlineData("$fromA | Get-ClusterBackup", "GET", "list")]
    [InlineData("$fromA | Restore-ClusterBackup -Force", "POST", "restore")]
    [InlineData("$fromA | Remove-ClusterBackup -Force", "DELETE", "delete")]
    [InlineData("$fromA | Get-ClusterBackupJob", "GET", "list")]
    [InlineData("$jobFromA | Get-ClusterBackupJob", "GET", "list")]
    [InlineData("$jobFromA | Wait-ClusterBackupJob -TimeoutSec 60", "GET", "list")]
    [InlineData("[pscustomobject]@{ Label = 'to-a'; Connection = $a } | New-ClusterBackup", "POST", "create")]
    public void An_object_read_through_A_goes_back_to_A_while_the_default_is_B(string pipeline, string method, string route)
    {
        _session.Run(pipeline).AssertNoErrors();

        Assert.NotEmpty(_a.Calls(method, route));
        Assert.Empty(_b.Emulator.Audit.Entries);
    }

    [Fact]
    public void Without_a_piped_connection_the_default_B_is_used()
    {
        // The control for the theory above: the same kind of call with no Connection goes to B.
        _session.Run("[pscustomobject]@{ Label = 'to-b' } | New-ClusterBackup").AssertNoErrors();

        Assert.Single(_b.Calls("POST", "create"));
        Assert.Empty(_a.Emulator.Audit.Entries);
    }
}
