namespace BackupModule.EngineTests;

/// <summary>
/// Connect-ClusterBackupService -ZillizCloud (parameters), the Environment set from ZILLIZ_* (and DC/OS
/// winning over it with a warning), and a wrong API key: Unauthorized, and the key in no stream.
/// The variables are process-wide: each test starts with all six unset and puts them back after.
/// </summary>
public sealed class ZillizConnectTests : ZillizEngineTest
{
    private const string ConnectId = "BackupModule.Commands.ConnectClusterBackupServiceCommand";

    private readonly ConnectionVariables _variables = ConnectionVariables.Cleared();

    protected override bool Connect => false;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // The session default is one per process: forget the one an earlier test left.
        Session.Run("Disconnect-ClusterBackupService").AssertNoErrors();
        Harness.Emulator.Audit.Clear();
    }

    public override async Task DisposeAsync()
    {
        _variables.Dispose();
        await base.DisposeAsync();
    }

    private void SetZillizVariables(string apiKey = ModuleHarness.ZillizApiKey) => ConnectionVariables.Set(new Dictionary<string, string?>
    {
        ["ZILLIZ_API_KEY"] = apiKey,
        ["ZILLIZ_CLOUD_URI"] = Harness.Uri,
        ["ZILLIZ_CLUSTER_ID"] = ClusterId,
        ["ZILLIZ_PROJECT_ID"] = ModuleHarness.ZillizProjectId,
    });

    private static void AssertZillizConnection(ScriptResult result)
    {
        var connection = Assert.Single(result.Output);
        Assert.Equal("ZillizCloud", connection.Properties["Backend"].Value.ToString());
        Assert.Equal(ClusterId, connection.Properties["ClusterId"].Value);
        Assert.Equal(ModuleHarness.ZillizProjectId, connection.Properties["ProjectId"].Value);
        Assert.True((bool)connection.Properties["IsDefault"].Value);
    }

    [Fact]
    public void Parameters_connect_with_one_read_scoped_to_the_cluster_and_project()
    {
        var result = Session.Run("Connect-ClusterBackupService -ZillizCloud -Uri $uri -ApiKey $apiKey -ClusterId $clusterId -ProjectId $projectId -PassThru").AssertNoErrors();

        AssertZillizConnection(result);
        var read = Assert.Single(Harness.Emulator.Audit.Entries);
        Assert.Equal(("GET", "/v2/backups", "valid", 200), (read.Method, read.Path, read.Credential, read.StatusCode));
        Assert.Contains("projectId=proj-emulator", read.Query, StringComparison.Ordinal);
        Assert.Contains("clusterId=in01-emulator", read.Query, StringComparison.Ordinal);
        // The other cmdlets use it: the seeded backups come back as Zilliz backups.
        Assert.All(Session.Run("Get-ClusterBackup").AssertNoErrors().Property("Backend"), b => Assert.Equal("ZillizCloud", b?.ToString()));
    }

    [Fact]
    public void The_Environment_set_connects_from_the_ZILLIZ_variables_and_cmdlets_fall_back_to_them()
    {
        SetZillizVariables();

        var connected = Session.Run("Connect-ClusterBackupService -PassThru").AssertNoErrors();
        AssertZillizConnection(connected);
        var fallback = Session.Run("Disconnect-ClusterBackupService; Get-ClusterBackup; (Get-ClusterBackup)[0].Connection.IsDefault").AssertNoErrors();

        Assert.Empty(connected.Warnings);
        Assert.Equal(SeedBackups + 1, fallback.Output.Count);
        Assert.True((bool)fallback.Output[^1].BaseObject);
        Assert.All(Harness.Emulator.Audit.Entries, e => Assert.Equal(("/v2/backups", "valid"), (e.Path, e.Credential)));
    }

    [Fact]
    public void With_both_DCOS_and_ZILLIZ_variables_set_DCOS_wins_with_a_warning()
    {
        SetZillizVariables();
        ConnectionVariables.Set(new Dictionary<string, string?> { ["DCOS_URL"] = Harness.Uri, ["DCOS_ACS_TOKEN"] = ModuleHarness.Token });

        var result = Session.Run("Connect-ClusterBackupService -PassThru").AssertNoErrors();

        Assert.Equal("DcosBackup", Assert.Single(result.Output).Properties["Backend"].Value.ToString());
        var warning = Assert.Single(result.Warnings).Message;
        Assert.Contains("DCOS_URL", warning, StringComparison.Ordinal);
        Assert.Contains("ZILLIZ_API_KEY", warning, StringComparison.Ordinal);
        Assert.Equal(new[] { "/system/v1/backup/v1/list" }, Harness.Emulator.Audit.Entries.Select(e => e.Path));
    }

    [Fact]
    public void A_wrong_API_key_is_Unauthorized_and_never_appears_in_any_stream()
    {
        var canary = "zilliz-canary-" + Guid.NewGuid().ToString("N");
        const string Render = "$_ | Format-List * -Force | Out-String -Width 200; $_.Exception | Format-List * -Force | Out-String -Width 200";

        var caught = Session.Run(
            "$DebugPreference = 'Continue'; $bad = ConvertTo-SecureString $k -AsPlainText -Force; "
            + $"try {{ Connect-ClusterBackupService -ZillizCloud -Uri $uri -ApiKey $bad -ClusterId $clusterId -Verbose -Debug -ErrorAction Stop; 'not stopped' }} catch {{ $_.FullyQualifiedErrorId; {Render} }}",
            Vars(("k", canary))).AssertNoErrors();
        var uncaught = Session.Run("Connect-ClusterBackupService -ZillizCloud -Uri $uri -ApiKey $bad -ErrorAction Stop");
        SetZillizVariables(canary);
        var fromEnvironment = Session.Run("$DebugPreference = 'Continue'; Get-ClusterBackup -Verbose -Debug");

        Assert.Equal("Unauthorized," + ConnectId, caught.Strings[0]);
        Assert.Equal(new[] { "Unauthorized," + ConnectId }, uncaught.ErrorIds);
        Assert.Equal(new[] { "Unauthorized,BackupModule.Commands.GetClusterBackupCommand" }, fromEnvironment.ErrorIds);
        // The streams were on: the requests and their 401s are there, without the key.
        Assert.Contains(caught.Verbose, v => v.Message.Contains("401", StringComparison.Ordinal));
        Assert.NotEmpty(caught.Debug);
        Assert.All(Harness.Emulator.Audit.Entries, e => Assert.Equal(("invalid", 401), (e.Credential, e.StatusCode)));
        foreach (var text in caught.Strings.Concat(caught.StreamTexts).Concat(uncaught.StreamTexts).Concat(fromEnvironment.StreamTexts))
        {
            Assert.DoesNotContain(canary, text, StringComparison.Ordinal);
        }
    }
}
