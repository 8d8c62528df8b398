using System.Management.Automation;
using System.Net;
using BackupModule.Emulator;
using BackupModule.Tests.Integration;

namespace BackupModule.EngineTests;

/// <summary>
/// Connect-ClusterBackupService's certificate and proxy parameters in the real engine, against the emulator
/// serving https with the CA it made at start (its PEM written into a temporary folder).
/// </summary>
public sealed class TlsEngineTests : EngineTest
{
    private const string ConnectId = "BackupModule.Commands.ConnectClusterBackupServiceCommand";

    private readonly string _folder = Directory.CreateTempSubdirectory("backupmodule-tls-engine-").FullName;

    protected override bool Connect => false;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        // The session default is one per process: forget the one an earlier test left.
        Session.Run("Disconnect-ClusterBackupService").AssertNoErrors();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    protected override void Configure(EmulatorOptions options)
    {
        options.Urls = new[] { "https://127.0.0.1:0" };
        options.Tls.CertificateAuthorityOut = Path.Combine(_folder, "cluster-ca.pem");
        options.Dcos.SeedBackups = 2;
    }

    private ScriptResult InFolder(string script) =>
        Session.Run("Set-Location -LiteralPath $folder; " + script, new() { ["folder"] = _folder });

    [Fact]
    public void A_relative_CertificateAuthorityPath_is_read_from_the_PowerShell_location()
    {
        Assert.StartsWith("https://", Harness.Uri, StringComparison.Ordinal);

        var result = InFolder("Connect-ClusterBackupService -Dcos -Uri $uri -Token $token -CertificateAuthorityPath ./cluster-ca.pem; Get-ClusterBackup").AssertNoErrors();

        Assert.Equal(2, result.Output.Count);
        Assert.Empty(result.Warnings);
        Assert.Equal(2, Harness.Calls("GET", "list").Count);
    }

    [Fact]
    public void A_wrong_CA_is_CertificateNotTrusted_a_SecurityError_about_the_URI()
    {
        using var other = EmulatorCertificateAuthority.Create("Some Other CA");
        File.WriteAllText(Path.Combine(_folder, "other-ca.pem"), other.Pem);

        var result = InFolder("Connect-ClusterBackupService -Dcos -Uri $uri -Token $token -CertificateAuthorityPath other-ca.pem");
        var fromGet = Session.Run("Get-ClusterBackup");

        var error = Assert.Single(result.Errors);
        Assert.Equal("CertificateNotTrusted," + ConnectId, error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.SecurityError, error.CategoryInfo.Category);
        Assert.Equal(Harness.Uri + "/", error.TargetObject);
        Assert.Contains("which is not in " + Path.Combine(_folder, "other-ca.pem"), error.Exception.Message);
        Assert.Contains("-SkipCertificateCheck", error.ErrorDetails.RecommendedAction);
        // The failed connection did not become the default.
        Assert.Equal(new[] { "NotConnected,BackupModule.Commands.GetClusterBackupCommand" }, fromGet.ErrorIds);
        Assert.Empty(Harness.Emulator.Audit.Entries);
    }

    [Fact]
    public void SkipCertificateCheck_warns_once_and_works()
    {
        var result = Session.Run("Connect-ClusterBackupService -Dcos -Uri $uri -Token $token -SkipCertificateCheck; Get-ClusterBackup; Get-ClusterBackup").AssertNoErrors();
        var strict = Session.Run("Connect-ClusterBackupService -Dcos -Uri $uri -Token $token");

        var warning = Assert.Single(result.Warnings);
        Assert.Contains("-SkipCertificateCheck", warning.Message, StringComparison.Ordinal);
        Assert.Equal(4, result.Output.Count);
        // The next connection of the same session checks certificates again.
        Assert.Equal(new[] { "CertificateNotTrusted," + ConnectId }, strict.ErrorIds);
    }

    [Fact]
    public void A_CA_file_without_a_certificate_stops_before_any_request()
    {
        File.WriteAllText(Path.Combine(_folder, "not-a-ca.pem"), "just text\n");

        var empty = InFolder("Connect-ClusterBackupService -Dcos -Uri $uri -Token $token -CertificateAuthorityPath not-a-ca.pem");
        var missing = InFolder("Connect-ClusterBackupService -Dcos -Uri $uri -Token $token -CertificateAuthorityPath missing.pem");
        // A terminating error: try/catch sees it without -ErrorAction Stop.
        var caught = InFolder("try { Connect-ClusterBackupService -Dcos -Uri $uri -Token $token -CertificateAuthorityPath missing.pem; 'went on' } catch { 'caught' }");

        Assert.Equal(new[] { "InvalidArgument," + ConnectId }, empty.ErrorIds);
        Assert.Contains("holds no", empty.Errors[0].Exception.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { "InvalidArgument," + ConnectId }, missing.ErrorIds);
        Assert.Equal(Path.Combine(_folder, "missing.pem"), missing.Errors[0].TargetObject);
        Assert.Equal(new[] { "caught" }, caught.Strings);
        Assert.Empty(Harness.Emulator.Audit.Entries);
    }

    [Fact]
    public void The_environment_connection_honours_the_CA_bundle_too()
    {
        var saved = (Url: Environment.GetEnvironmentVariable("DCOS_URL"), Token: Environment.GetEnvironmentVariable("DCOS_ACS_TOKEN"));
        Environment.SetEnvironmentVariable("DCOS_URL", Harness.Uri);
        Environment.SetEnvironmentVariable("DCOS_ACS_TOKEN", ModuleHarness.Token);
        try
        {
            var withoutBundle = Session.Run("Connect-ClusterBackupService");
            var trusted = InFolder("Connect-ClusterBackupService -CertificateAuthorityPath cluster-ca.pem; Get-ClusterBackup").AssertNoErrors();

            Assert.Equal(new[] { "CertificateNotTrusted," + ConnectId }, withoutBundle.ErrorIds);
            Assert.Equal(2, trusted.Output.Count);
        }
        finally
        {
            Environment.SetEnvironmentVariable("DCOS_URL", saved.Url);
            Environment.SetEnvironmentVariable("DCOS_ACS_TOKEN", saved.Token);
        }
    }

    [Fact]
    public void Proxy_and_ProxyCredential_go_through_the_proxy_and_NoProxy_conflicts_with_Proxy()
    {
        using var proxy = new LoopbackForwardProxy(new NetworkCredential("proxy-user", "proxy-pass-4711"));
        var variables = new Dictionary<string, object?> { ["proxy"] = proxy.Uri, ["folder"] = _folder };

        var through = Session.Run(
            "Set-Location -LiteralPath $folder; $cred = [pscredential]::new('proxy-user', (ConvertTo-SecureString 'proxy-pass-4711' -AsPlainText -Force)); "
            + "Connect-ClusterBackupService -Dcos -Uri $uri -Token $token -CertificateAuthorityPath cluster-ca.pem -Proxy $proxy -ProxyCredential $cred; Get-ClusterBackup",
            variables).AssertNoErrors();
        var conflict = Session.Run("Connect-ClusterBackupService -Dcos -Uri $uri -Token $token -Proxy $proxy -NoProxy", variables);

        Assert.Equal(2, through.Output.Count);
        Assert.Equal(2, Harness.Calls("GET", "list").Count);
        // Both requests went through tunnels of the proxy (kept alive, so one or two), after a 407 without credentials.
        var forwarded = proxy.Forwarded;
        Assert.InRange(forwarded, 1, 2);
        Assert.All(proxy.Requests, r => Assert.StartsWith("CONNECT " + new Uri(Harness.Uri).Authority + " ", r, StringComparison.Ordinal));
        Assert.Contains(proxy.Requests, r => r.EndsWith(" 407", StringComparison.Ordinal));
        Assert.Equal(new[] { "InvalidArgument," + ConnectId }, conflict.ErrorIds);
        Assert.Contains("-NoProxy", conflict.Errors[0].Exception.Message, StringComparison.Ordinal);
        Assert.Equal(forwarded, proxy.Forwarded);
    }

    [Fact]
    public void A_password_in_the_Proxy_URL_is_refused_and_appears_in_no_error()
    {
        using var proxy = new LoopbackForwardProxy();
        var variables = new Dictionary<string, object?> { ["proxy"] = $"http://proxy-user:url-secret-4711@{proxy.Uri.Authority}/" };

        var result = Session.Run("Connect-ClusterBackupService -Dcos -Uri $uri -Token $token -Proxy $proxy; $Error | Out-String", variables);

        var error = Assert.Single(result.Errors);
        Assert.Equal("InvalidArgument," + ConnectId, error.FullyQualifiedErrorId);
        Assert.Equal(proxy.Uri.AbsoluteUri, error.TargetObject);
        Assert.Contains("-ProxyCredential", error.Exception.Message, StringComparison.Ordinal);
        var shown = string.Join("\n", result.Strings.Append(error.ToString()).Append(error.Exception.ToString()).Append(error.ErrorDetails?.RecommendedAction ?? string.Empty));
        Assert.Contains("-ProxyCredential", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("url-secret-4711", shown, StringComparison.Ordinal);
        Assert.Empty(proxy.Requests);
        Assert.Empty(Harness.Emulator.Audit.Entries);
    }
}
