namespace BackupModule.EngineTests;

/// <summary>
/// Connect-ClusterBackupService infers the back end from the credential (-Token, -Credential, -ServiceAccount:
/// DC/OS; -ApiKey, -ClusterId, -ProjectId: Zilliz Cloud; milvus-backup has none and is named by -MilvusBackup), and a
/// call that names none gets BackendNotSpecified
/// before anything is sent, never a prompt for a switch. The in-process host cannot prompt: a binding that needed
/// a mandatory value would fail here with MissingMandatoryParameter, not with the module's error id.
/// </summary>
public sealed class ConnectInferenceTests : EngineTest
{
    private const string ConnectId = "BackupModule.Commands.ConnectClusterBackupServiceCommand";

    private readonly ConnectionVariables _variables = ConnectionVariables.Cleared();

    protected override bool Connect => false;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Session.Run("Disconnect-ClusterBackupService -Name *").AssertNoErrors();
        Harness.Emulator.Audit.Clear();
    }

    public override async Task DisposeAsync()
    {
        _variables.Dispose();
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
    [InlineData("Connect-ClusterBackupService -MilvusBackup -Uri $uri -PassThru", "MilvusBackup", "None")]
    [InlineData("Connect-ClusterBackupService -MilvusBackup $uri -PassThru", "MilvusBackup", "None")]
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
        Assert.StartsWith(backend switch { "DcosBackup" => "/system/v1/backup/v1/list", "MilvusBackup" => "/api/v1/list", _ => "/v2/backups" }, path, StringComparison.Ordinal);
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
        Assert.Contains("-MilvusBackup", error.Exception.Message, StringComparison.Ordinal);
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
    public void MILVUS_BACKUP_URL_connects_a_scheduled_task_to_milvus_backup_without_parameters()
    {
        Environment.SetEnvironmentVariable("MILVUS_BACKUP_URL", Harness.Uri);

        var result = Session.Run("Connect-ClusterBackupService -PassThru; Get-ClusterBackup").AssertNoErrors();

        var connection = Assert.Single(result.Output);
        Assert.Equal("MilvusBackup", connection.Properties["Backend"].Value.ToString());
        Assert.Equal("None", connection.Properties["Authentication"].Value);
        Assert.All(Harness.Emulator.Audit.Entries, e => Assert.Equal(("/api/v1/list", "none"), (e.Path, e.Credential)));
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
