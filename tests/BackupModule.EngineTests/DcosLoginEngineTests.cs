using System.Security.Cryptography;
using BackupModule.Emulator;

namespace BackupModule.EngineTests;

/// <summary>
/// Connect-ClusterBackupService -Dcos with -Credential, -ServiceAccount -PrivateKeyPath and -Vault in the real
/// engine, against the emulated IAM: the login at connect, renewal after the issued token expires, the key path
/// resolved from the PowerShell location, and SecretManagement through a stand-in module (the real
/// Microsoft.PowerShell.SecretManagement is not installed here) or without it.
/// </summary>
public sealed class DcosLoginEngineTests : EngineTest
{
    private const string ConnectId = "BackupModule.Commands.ConnectClusterBackupServiceCommand";
    private const string ServiceAccountId = "backup-svc";
    private const string LoginPath = "/acs/api/v1/auth/login";
    private const string ListPath = "/system/v1/backup/v1/list";

    // The stand-in answers Get-Secret -Vault test-vault for three names, as SecretManagement would.
    private const string StandInModule = """
        function Get-Secret {
            [CmdletBinding()]
            param([string] $Name, [string] $Vault)
            if ($Vault -ne 'test-vault') { Write-Error "Unable to find a registered vault named '$Vault'."; return }
            switch ($Name) {
                'dcos-user' { [pscredential]::new('bootstrapuser', (ConvertTo-SecureString 'deleteme' -AsPlainText -Force)) }
                'dcos-token' { ConvertTo-SecureString 'dcos-emulator-token' -AsPlainText -Force }
                'a-hashtable' { @{ token = 'x' } }
                default { Write-Error "The secret $Name was not found." }
            }
        }
        Export-ModuleMember -Function Get-Secret
        """;

    private readonly RSA _serviceKey = RSA.Create(2048);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "login-" + Guid.NewGuid().ToString("N"));
    private readonly ConnectionVariables _variables = ConnectionVariables.Cleared();

    protected override bool Connect => false;

    public override async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        await base.InitializeAsync();
        Session.Run("Disconnect-ClusterBackupService").AssertNoErrors();
        Harness.Emulator.Audit.Clear();
    }

    public override async Task DisposeAsync()
    {
        _variables.Dispose();
        await base.DisposeAsync();
        _serviceKey.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    protected override void Configure(EmulatorOptions options)
    {
        options.Dcos.ServiceAccounts[ServiceAccountId] = _serviceKey.ExportSubjectPublicKeyInfoPem();
        // A directory user's uid holds '@': a Windows-style split would log in as "bob".
        options.Dcos.Users["bob@corp.example"] = "bobs-password";
        options.Dcos.Users["bob"] = "bobs-password";
    }

    [Fact]
    public void Credential_logs_in_with_the_whole_user_name_even_with_an_at_sign()
    {
        Session.Run("Connect-ClusterBackupService -Dcos -Uri $uri -Credential ([pscredential]::new('bob@corp.example', (ConvertTo-SecureString 'bobs-password' -AsPlainText -Force)))").AssertNoErrors();

        var login = Harness.Emulator.Audit.Entries.First(e => e.Path == LoginPath);
        Assert.Contains("\"uid\":\"bob@corp.example\"", login.RequestBody, StringComparison.Ordinal);
        Assert.Equal("Login bob@corp.example", Session.Run("(Get-ClusterBackupService -Default).Authentication").AssertNoErrors().Strings.Single());
    }

    private IReadOnlyList<(string Method, string Path, int Status)> Audit() =>
        Harness.Emulator.Audit.Entries.Select(e => (e.Method, e.Path, e.StatusCode)).ToArray();

    [Fact]
    public async Task Credential_logs_in_at_connect_and_Get_ClusterBackup_renews_after_the_token_expires()
    {
        await Harness.CreateBackupsAsync("nightly");
        Harness.Emulator.Audit.Clear();

        Session.Run("$cred = [pscredential]::new('bootstrapuser', (ConvertTo-SecureString 'deleteme' -AsPlainText -Force)); Connect-ClusterBackupService -Dcos -Uri $uri -Credential $cred").AssertNoErrors("connecting");
        Assert.Equal(new[] { ("POST", LoginPath, 200), ("GET", ListPath, 200) }, Audit());

        for (var episode = 1; episode <= 2; episode++)
        {
            Harness.Emulator.Audit.Clear();
            Harness.Emulator.Dcos.ExpireIssuedTokens();

            var listed = Session.Run("Get-ClusterBackup -Verbose").AssertNoErrors("listing after expiry");

            Assert.Equal("nightly", Assert.Single(listed.Property("Label")));
            Assert.Equal(new[] { ("GET", ListPath, 401), ("POST", LoginPath, 200), ("GET", ListPath, 200) }, Audit());
            Assert.Contains(listed.Verbose, v => v.Message.Contains("POST " + LoginPath, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_wrong_password_stops_the_connect_with_AuthenticationFailed_about_the_master()
    {
        var result = Session.Run("$cred = [pscredential]::new('bootstrapuser', (ConvertTo-SecureString 'wrong-password' -AsPlainText -Force)); Connect-ClusterBackupService -Dcos -Uri $uri -Credential $cred -Debug");

        var error = Assert.Single(result.Errors);
        Assert.Equal("AuthenticationFailed," + ConnectId, error.FullyQualifiedErrorId);
        Assert.Equal(Harness.Uri + "/", error.TargetObject?.ToString());
        Assert.Empty(result.Output);
        Assert.All(result.StreamTexts, text => Assert.DoesNotContain("wrong-password", text));
        Assert.Equal(new[] { ("POST", LoginPath, 401) }, Audit());
    }

    [Theory]
    [InlineData("pkcs1")]
    [InlineData("pkcs8")]
    public void ServiceAccount_reads_a_relative_PrivateKeyPath_from_the_PowerShell_location(string form)
    {
        var keyFolder = Directory.CreateDirectory(Path.Combine(_folder, "keys")).FullName;
        File.WriteAllText(Path.Combine(keyFolder, "svc.pem"), form == "pkcs1" ? _serviceKey.ExportRSAPrivateKeyPem() : _serviceKey.ExportPkcs8PrivateKeyPem());
        Assert.NotEqual(Path.GetFullPath(keyFolder), Path.GetFullPath(Environment.CurrentDirectory));

        var result = Session.Run(
            "Push-Location -LiteralPath $folder; try { Connect-ClusterBackupService -Dcos -Uri $uri -ServiceAccount backup-svc -PrivateKeyPath keys/svc.pem -PassThru } finally { Pop-Location }",
            new() { ["folder"] = _folder }).AssertNoErrors("connecting as the service account");

        Assert.Equal("DcosBackup", Assert.Single(result.Output).Properties["Backend"].Value.ToString());
        Assert.Equal("ServiceAccount backup-svc", result.Output[0].Properties["Authentication"].Value);
        Assert.Equal(new[] { ("POST", LoginPath, 200), ("GET", ListPath, 200) }, Audit());
    }

    [Fact]
    public void Get_ClusterBackupService_tells_how_each_connection_authenticates_and_whether_it_can_renew()
    {
        Environment.SetEnvironmentVariable("DCOS_URL", Harness.Emulator.BaseUri.AbsoluteUri);
        Environment.SetEnvironmentVariable("DCOS_ACS_TOKEN", ModuleHarness.Token);
        var result = Session.Run(
            """
            $cred = [pscredential]::new('bootstrapuser', (ConvertTo-SecureString 'deleteme' -AsPlainText -Force))
            Connect-ClusterBackupService -Name by-login -Dcos -Uri $uri -Credential $cred
            Connect-ClusterBackupService -Name by-token -Dcos -Uri $uri -Token (ConvertTo-SecureString $token -AsPlainText -Force)
            Connect-ClusterBackupService -Name by-environment
            Get-ClusterBackupService -Name by-* | Sort-Object Name | ForEach-Object { '{0}={1}' -f $_.Name, $_.Authentication }
            (Get-ClusterBackupService -Name by-login | Format-Table | Out-String -Width 120)
            """,
            new() { ["token"] = ModuleHarness.Token }).AssertNoErrors();

        Assert.Equal(
            new[] { "by-environment=Token (DCOS_ACS_TOKEN)", "by-login=Login bootstrapuser", "by-token=Token" },
            result.Strings.Take(3));
        Assert.Contains("Login bootstrapuser", result.Strings[3], StringComparison.Ordinal);
        Assert.DoesNotContain("deleteme", string.Join("\n", result.Strings), StringComparison.Ordinal);
    }

    [Fact]
    public void An_encrypted_private_key_is_refused_with_InvalidPrivateKey_before_any_request()
    {
        var path = Path.Combine(_folder, "encrypted.pem");
        File.WriteAllText(path, _serviceKey.ExportEncryptedPkcs8PrivateKeyPem("passphrase", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000)));

        var result = Session.Run("Connect-ClusterBackupService -Dcos -Uri $uri -ServiceAccount backup-svc -PrivateKeyPath $path", new() { ["path"] = path });

        Assert.Equal(new[] { "InvalidPrivateKey," + ConnectId }, result.ErrorIds);
        Assert.Contains("encrypted", result.Errors[0].Exception.Message, StringComparison.Ordinal);
        Assert.Empty(Audit());
    }

    [Fact]
    public void Vault_secrets_through_a_SecretManagement_stand_in_log_in_or_give_the_token()
    {
        var modules = WriteStandInModule();

        var byCredential = Session.Run(WithModulePath(modules, "Connect-ClusterBackupService -Dcos -Uri $uri -Vault test-vault -SecretName dcos-user")).AssertNoErrors("the PSCredential secret");
        var loggedIn = Audit();
        Harness.Emulator.Audit.Clear();
        var byToken = Session.Run(WithModulePath(modules, "Connect-ClusterBackupService -Dcos -Uri $uri -Vault test-vault -SecretName dcos-token")).AssertNoErrors("the SecureString secret");
        var withToken = Harness.Emulator.Audit.Entries;
        Harness.Emulator.Audit.Clear();
        var missing = Session.Run(WithModulePath(modules, "Connect-ClusterBackupService -Dcos -Uri $uri -Vault test-vault -SecretName no-such-secret"));
        var wrongType = Session.Run(WithModulePath(modules, "Connect-ClusterBackupService -Dcos -Uri $uri -Vault test-vault -SecretName a-hashtable"));

        Assert.Equal(new[] { ("POST", LoginPath, 200), ("GET", ListPath, 200) }, loggedIn);
        var read = Assert.Single(withToken);
        Assert.Equal((ListPath, "valid", 200), (read.Path, read.Credential, read.StatusCode));
        Assert.Equal(new[] { "VaultSecretNotRead," + ConnectId }, missing.ErrorIds);
        Assert.Contains("no-such-secret", missing.Errors[0].Exception.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { "VaultSecretNotRead," + ConnectId }, wrongType.ErrorIds);
        Assert.Empty(Audit());
    }

    [Fact]
    public void The_environment_variable_wins_over_the_vault()
    {
        var modules = WriteStandInModule();
        Environment.SetEnvironmentVariable("DCOS_ACS_TOKEN", ModuleHarness.Token);

        Session.Run(WithModulePath(modules, "Connect-ClusterBackupService -Dcos -Uri $uri -Vault test-vault -SecretName dcos-user")).AssertNoErrors();

        Assert.Equal(new[] { ("GET", ListPath, 200) }, Audit());
    }

    [Fact]
    public void Vault_without_the_SecretManagement_module_is_SecretManagementNotAvailable()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_folder, "no-modules")).FullName;

        var result = Session.Run(WithModulePath(empty, "Connect-ClusterBackupService -Dcos -Uri $uri -Vault test-vault -SecretName dcos-user", replace: true));

        var error = Assert.Single(result.Errors);
        Assert.Equal("SecretManagementNotAvailable," + ConnectId, error.FullyQualifiedErrorId);
        Assert.Contains("Microsoft.PowerShell.SecretManagement", error.ErrorDetails?.RecommendedAction ?? "", StringComparison.Ordinal);
        Assert.Empty(Audit());
    }

    /// <summary>A module folder holding a stand-in Microsoft.PowerShell.SecretManagement with Get-Secret.</summary>
    private string WriteStandInModule()
    {
        var modules = Path.Combine(_folder, "modules");
        var module = Directory.CreateDirectory(Path.Combine(modules, "Microsoft.PowerShell.SecretManagement")).FullName;
        File.WriteAllText(Path.Combine(module, "Microsoft.PowerShell.SecretManagement.psm1"), StandInModule);
        return modules;
    }

    /// <summary>Runs <paramref name="script"/> with <paramref name="folder"/> first on (or, with <paramref name="replace"/>, as) PSModulePath, then puts it back.</summary>
    private static string WithModulePath(string folder, string script, bool replace = false) =>
        $"$savedModulePath = $env:PSModulePath; $env:PSModulePath = '{folder}'" + (replace ? "" : " + [IO.Path]::PathSeparator + $env:PSModulePath")
        + $"; try {{ {script} }} finally {{ $env:PSModulePath = $savedModulePath; Remove-Module Microsoft.PowerShell.SecretManagement -ErrorAction Ignore }}";
}
