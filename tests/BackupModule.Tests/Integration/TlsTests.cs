using System.Text.RegularExpressions;
using System.Net;
using BackupModule.Emulator;
using BackupModule.Errors;
using BackupModule.Http;
using BackupModule.Model;
using BackupModule.Security;

namespace BackupModule.Tests.Integration;

/// <summary>
/// Certificate checks per connection, over real TLS on loopback: the emulator serves https with a certificate
/// from a CA it makes at start and writes that CA's PEM to a file, which is the bundle a connection trusts.
/// </summary>
public sealed class TlsTests : IAsyncLifetime
{
    private readonly TlsFiles _files = new();
    private DcosTestCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await DcosTestCluster.StartAsync(configure: o => Https(o, _files.Path("emulator-ca.pem")));

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _files.Dispose();
    }

    private string CaPath => _cluster.Server.CertificateAuthorityPath!;

    private string Server => _cluster.Server.BaseUri.AbsoluteUri;

    /// <summary>Serves https only, with the CA written to <paramref name="caOut"/>.</summary>
    internal static void Https(EmulatorOptions options, string? caOut = null)
    {
        options.Urls = new[] { "https://127.0.0.1:0" };
        options.Tls.CertificateAuthorityOut = caOut;
    }

    internal static async Task<int> CountAsync(BackupConnection connection, RecordingHost? host = null)
    {
        var count = 0;
        await foreach (var _ in connection.OpenService(host ?? new RecordingHost()).ListBackupsAsync(BackupQuery.All, default))
        {
            count++;
        }

        return count;
    }

    private BackupConnection Connect(Action<TransportSettings> transport) =>
        _cluster.Connect(configure: s => transport(s.Http.Transport));

    private static async Task<BackupServiceException> RefusedAsync(BackupConnection connection, RecordingHost? host = null)
    {
        var error = await Assert.ThrowsAsync<BackupServiceException>(() => CountAsync(connection, host));
        Assert.Equal(BackupErrorId.CertificateNotTrusted, error.ErrorId);
        Assert.Equal(BackupErrorKind.Security, error.Kind);
        return error;
    }

    [Fact]
    public async Task The_emulators_CA_bundle_makes_its_https_certificate_trusted()
    {
        Assert.Equal("https", _cluster.Server.BaseUri.Scheme);
        Assert.Equal(Path.GetFullPath(_files.Path("emulator-ca.pem")), CaPath);
        Assert.Equal(_cluster.Server.CertificateAuthorityPem, File.ReadAllText(CaPath));

        var count = await CountAsync(Connect(t => t.CertificateAuthority = CertificateBundle.Load(CaPath)));

        Assert.Equal(0, count);
        Assert.Single(_cluster.Calls("GET", "list"));
    }

    [Fact]
    public async Task Without_a_bundle_the_certificate_is_not_trusted_and_the_error_says_why()
    {
        var error = await RefusedAsync(Connect(_ => { }));

        Assert.Equal(Server, error.Target);
        Assert.StartsWith($"The certificate of {Server} (CN=BackupModule Emulator, issuer CN=BackupModule Emulator CA ", error.Message);
        Assert.Matches(@"is not trusted: its chain ends at CN=BackupModule Emulator CA \w+, which this system does not trust \((PartialChain|UntrustedRoot)\)\.", error.Message);
        Assert.Contains("-CertificateAuthorityPath", error.RecommendedAction);
        Assert.Empty(_cluster.Server.Audit.Entries);
    }

    [Fact]
    public async Task A_bundle_of_another_CA_is_named_in_the_error()
    {
        using var other = EmulatorCertificateAuthority.Create("Some Other CA");
        var wrong = _files.Write("other-ca.pem", other.Pem);

        var error = await RefusedAsync(Connect(t => t.CertificateAuthority = CertificateBundle.Load(wrong)));

        Assert.Matches(@"its chain ends at CN=BackupModule Emulator CA \w+, which is not in " + Regex.Escape(wrong) + @" \((PartialChain|UntrustedRoot)\)\.", error.Message);
        Assert.DoesNotContain("Some Other CA", error.Message);
        Assert.Empty(_cluster.Server.Audit.Entries);
    }

    [Fact]
    public async Task SkipCertificateCheck_accepts_the_certificate()
    {
        var count = await CountAsync(Connect(t => t.SkipCertificateCheck = true));

        Assert.Equal(0, count);
        Assert.Single(_cluster.Calls("GET", "list"));
    }

    [Fact]
    public async Task A_certificate_error_is_not_retried()
    {
        var host = new RecordingHost();

        await RefusedAsync(Connect(_ => { }), host);

        // Quick retries allow four attempts of a read; a certificate problem gets one.
        var attempt = Assert.Single(host.Verbose);
        Assert.StartsWith("GET /system/v1/backup/v1/list certificate not trusted", attempt);
    }

    [Fact]
    public async Task Connections_in_one_process_keep_their_own_certificate_check()
    {
        var skipping = Connect(t => t.SkipCertificateCheck = true);
        var checking = Connect(_ => { });
        var trusting = Connect(t => t.CertificateAuthority = CertificateBundle.Load(CaPath));

        await RefusedAsync(checking);
        Assert.Equal(0, await CountAsync(skipping));
        await RefusedAsync(checking);
        Assert.Equal(0, await CountAsync(trusting));
        Assert.Equal(0, await CountAsync(skipping));

        // Nothing was relaxed process-wide: a plain HttpClient still refuses the emulator's certificate.
        using var plain = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync(_cluster.Server.DcosBaseUri + "list"));
        Assert.Equal(3, _cluster.Calls("GET", "list").Count);
    }

    [Fact]
    public async Task A_certificate_that_does_not_name_the_address_fails_naming_the_mismatch()
    {
        using var authority = EmulatorCertificateAuthority.Create();
        var bundle = _files.Write("localhost-only-ca.pem", authority.Pem);
        await using var cluster = await DcosTestCluster.StartAsync(configure: o =>
        {
            Https(o);
            o.Tls.ServerCertificate = authority.IssueServerCertificate(addresses: Array.Empty<IPAddress>(), dnsNames: new[] { "localhost" });
        });

        var byAddress = cluster.Connect(configure: s => s.Http.Transport.CertificateAuthority = CertificateBundle.Load(bundle));
        var error = await RefusedAsync(byAddress);

        Assert.Contains("is not valid for 127.0.0.1: it names ", error.Message);
        Assert.Contains("localhost", error.Message);
        Assert.Contains("(RemoteCertificateNameMismatch)", error.Message);
        Assert.Contains("host name the certificate names", error.RecommendedAction);

        // The same certificate and bundle by the name the certificate holds: only the name was wrong.
        var byName = DcosConnectionTo(new Uri($"https://localhost:{cluster.Server.BaseUri.Port}"), bundle);
        Assert.Equal(0, await CountAsync(byName));
        byName.Dispose();
    }

    [Fact]
    public async Task An_expired_certificate_fails_naming_its_validity()
    {
        using var authority = EmulatorCertificateAuthority.Create();
        var bundle = _files.Write("expired-ca.pem", authority.Pem);
        var now = DateTimeOffset.UtcNow;
        await using var cluster = await DcosTestCluster.StartAsync(configure: o =>
        {
            Https(o);
            o.Tls.ServerCertificate = authority.IssueServerCertificate(notBefore: now.AddDays(-3), notAfter: now.AddDays(-1));
        });

        var error = await RefusedAsync(cluster.Connect(configure: s => s.Http.Transport.CertificateAuthority = CertificateBundle.Load(bundle)));

        Assert.Contains("is not trusted: CN=BackupModule Emulator is valid from ", error.Message);
        Assert.Contains("(NotTimeValid)", error.Message);
    }

    [Fact]
    public async Task Zilliz_over_https_trusts_the_bundle_and_refuses_without_it()
    {
        await using var zilliz = await ZillizTestCluster.StartAsync(seedBackups: 2, configure: o => Https(o, _files.Path("zilliz-ca.pem")));
        var trusted = zilliz.Connect(configure: s => s.Http.Transport.CertificateAuthority = CertificateBundle.Load(zilliz.Server.CertificateAuthorityPath!));
        var untrusted = zilliz.Connect(configure: _ => { });

        Assert.Equal(2, await CountAsync(trusted));
        var error = await RefusedAsync(untrusted);
        Assert.Contains("which this system does not trust", error.Message);
        Assert.Equal(zilliz.Server.BaseUri.AbsoluteUri, error.Target);
    }

    [Fact]
    public void A_bundle_without_a_certificate_is_refused_when_loaded()
    {
        var empty = _files.Write("empty.pem", "no certificate here\n");

        var error = Assert.Throws<BackupServiceException>(() => CertificateBundle.Load(empty));
        var missing = Assert.Throws<BackupServiceException>(() => CertificateBundle.Load(_files.Path("missing.pem")));

        Assert.Equal(BackupErrorId.InvalidArgument, error.ErrorId);
        Assert.Contains("holds no \"-----BEGIN CERTIFICATE-----\" block", error.Message);
        Assert.Equal(BackupErrorId.InvalidArgument, missing.ErrorId);
        Assert.Contains("cannot be read", missing.Message);
    }

    private static BackupConnection DcosConnectionTo(Uri master, string bundle) =>
        Dcos.DcosConnection.Create(new Dcos.DcosConnectionSettings(master, DcosEmulatorOptions.DefaultToken)
        {
            Http = new HttpSettings { Transport = { CertificateAuthority = CertificateBundle.Load(bundle) } },
        });
}

/// <summary>A temporary folder for CA bundles, deleted afterwards.</summary>
internal sealed class TlsFiles : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("backupmodule-tls-").FullName;

    public string Path(string name) => System.IO.Path.Combine(_folder, name);

    public string Write(string name, string text)
    {
        var path = Path(name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
