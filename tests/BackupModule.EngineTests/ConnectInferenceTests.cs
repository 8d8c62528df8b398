namespace BackupModule.EngineTests;

/// <summary>
/// Connect-ClusterBackupService infers the back end from the credential (-Token, -Credential, -ServiceAccount:
/// DC/OS; -ApiKey, -ClusterId, -ProjectId: Zilliz Cloud), and a call that names none gets BackendNotSpecified
/// before anything is sent, never a prompt for a switch. The in-process host cannot prompt: a binding that needed
/// a mandatory value would fail here with MissingMandatoryParameter, not with the module's error id.
/// </summary>
public sealed class ConnectInferenceTests : EngineTest
{
    private const string ConnectId = "BackupModule.Commands.ConnectClusterBackupServiceCommand";

    private static readonly string[] Variables = { "DCOS_URL", "DCOS_ACS_TOKEN", "ZILLIZ_API_KEY", "ZILLIZ_CLOUD_URI", "ZILLIZ_CLUSTER_ID", "ZILLIZ_PROJECT_ID" };

    private readonly Dictionary<string, string?> _saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);

    protected override bool Connect => false;

    public override async Task InitializeAsync()
    {
        foreach (var name in Variables)
        {
            Environment.SetEnvironmentVariable(name, null);
        }

        await base.InitializeAsync();
        Session.Run("Disconnect-ClusterBackupService -Name *").AssertNoErrors();
        Harness.Emulator.Audit.Clear();
    }

    public override async Task DisposeAsync()
    {
        foreach (var (name, value) in _saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        await base.DisposeAsync();
    }

    [Theory]
    [InlineData("Connect-ClusterBackupService -Uri $uri -Token $token -PassThru", "DcosBackup", "Token")]
    [InlineData("Connect-ClusterBackupService $uri -Token $token -PassThru", "DcosBackup", "Token")]
    [InlineData("Connect-ClusterBackupService -Uri $uri -Credential $user -PassThru", "DcosBackup", "Login bootstrapuser")]
    [InlineData("Connect-ClusterBackupService -Uri $uri -ApiKey $apiKey -PassThru", "ZillizCloud", "ApiKey")]
    [InlineData("Connect-ClusterBackupService -Uri $uri -ApiKey $apiKey -ClusterId $clusterId -PassThru", "ZillizCloud", "ApiKey")]
    [InlineData("Connect-ClusterBackupService -Dcos -Uri $uri -Token $token -PassThru", "DcosBackup", "Token")]
    [InlineData("Connect-ClusterBackupService -ZillizCloud -Uri $uri -ApiKey $apiKey -PassThru", "ZillizCloud", "ApiKey")]
    public void The_credential_says_the_back_end_without_a_switch(string command, string backend, string authentication)
    {
        var result = Session.Run(
            "$user = [pscredential]::new('bootstrapuser', (ConvertTo-SecureString 'deleteme' -AsPlainText -Force)); " + command,
            new() { ["clusterId"] = ModuleHarness.ZillizClusterId }).AssertNoErrors();

        var connection = Assert.Single(result.Output);
        Assert.Equal(backend, connection.Properties["Backend"].Value.ToString());
        Assert.Equal(authentication, connection.Properties["Authentication"].Value);
        Assert.True((bool)connection.Properties["IsDefault"].Value);

        // The one read that checks the connection went to that back end's API.
        var path = Assert.Single(Harness.Emulator.Audit.Entries, e => e.Method == "GET").Path;
        Assert.StartsWith(backend == "DcosBackup" ? "/system/v1/backup/v1/list" : "/v2/backups", path, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Connect-ClusterBackupService -Uri $uri")]
    [InlineData("Connect-ClusterBackupService $uri -Name prod")]
    [InlineData("Connect-ClusterBackupService -Uri $uri -Vault v -SecretName s")]
    [InlineData("Connect-ClusterBackupService -Uri $uri -SkipCertificateCheck -RequestTimeoutSec 5")]
    public void A_call_naming_no_back_end_is_refused_without_a_prompt_and_sends_nothing(string command)
    {
        var result = Session.Run(command);

        var error = Assert.Single(result.Errors);
        Assert.Equal("BackendNotSpecified," + ConnectId, error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal(Harness.Uri + "/", error.TargetObject);
        Assert.Contains("-Token", error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("-ApiKey", error.Exception.Message, StringComparison.Ordinal);
        Assert.Empty(Harness.Emulator.Audit.Entries);
        Assert.Empty(Session.Run("Get-ClusterBackupService").AssertNoErrors().Output);
    }

    [Fact]
    public void ClusterId_says_Zilliz_Cloud_and_takes_the_key_from_ZILLIZ_API_KEY()
    {
        Environment.SetEnvironmentVariable("ZILLIZ_API_KEY", ModuleHarness.ZillizApiKey);

        var result = Session.Run("Connect-ClusterBackupService -Uri $uri -ClusterId $clusterId -PassThru", new() { ["clusterId"] = ModuleHarness.ZillizClusterId }).AssertNoErrors();

        var connection = Assert.Single(result.Output);
        Assert.Equal("ZillizCloud", connection.Properties["Backend"].Value.ToString());
        Assert.Equal(ModuleHarness.ZillizClusterId, connection.Properties["ClusterId"].Value);
    }

    [Fact]
    public void A_credential_of_each_back_end_together_is_a_binding_error_not_a_prompt()
    {
        var result = Session.Run("Connect-ClusterBackupService -Uri $uri -Token $token -ApiKey $apiKey");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("AmbiguousParameterSet,", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Empty(Harness.Emulator.Audit.Entries);
    }
}
