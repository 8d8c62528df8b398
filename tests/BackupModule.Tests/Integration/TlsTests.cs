using System.Text.RegularExpressions;
using System.Net;
using System.Security.Cryptography.X509Certificates;
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
    public async Task A_certificate_of_the_bundles_CA_not_for_server_authentication_is_refused()
    {
        using var authority = EmulatorCertificateAuthority.Create();
        var bundle = _files.Write("client-auth-ca.pem", authority.Pem);
        // Kestrel will not serve a certificate without server authentication, so a bare TLS server does.
        using var clientAuthOnly = authority.IssueServerCertificate(extendedKeyUsages: new[] { EmulatorCertificateAuthority.ClientAuthentication });
        await using var server = new HandshakeOnlyTlsServer(clientAuthOnly);

        var error = await RefusedAsync(DcosConnectionTo(server.Uri, bundle));
        var closed = await server.FirstConnection.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(server.Uri.AbsoluteUri, error.Target);
        Assert.StartsWith($"The certificate of {server.Uri.AbsoluteUri} (CN=BackupModule Emulator, issuer {authority.Certificate.Subject}) is not trusted: ", error.Message);
        Assert.Contains("(NotValidForUsage)", error.Message);
        // The client sent no request over it.
        Assert.NotNull(closed);
    }

    [Fact]
    public async Task A_chain_through_the_intermediate_the_server_sends_ends_at_the_bundles_root()
    {
        using var root = EmulatorCertificateAuthority.Create("Test Root CA");
        using var intermediate = root.IssueIntermediate("Test Intermediate CA");
        using var otherRoot = EmulatorCertificateAuthority.Create("Other Root CA");
        var rootBundle = _files.Write("root-ca.pem", root.Pem);
        var otherBundle = _files.Write("other-root-ca.pem", otherRoot.Pem);
        var intermediateOnly = _files.Write("intermediate-ca.pem", intermediate.Pem);
        await using var cluster = await DcosTestCluster.StartAsync(configure: o =>
        {
            Https(o);
            o.Tls.ServerCertificate = intermediate.IssueServerCertificate();
            o.Tls.ServerCertificateChain = new X509Certificate2Collection(X509CertificateLoader.LoadCertificate(intermediate.Certificate.RawData));
        });
        BackupConnection Trusting(string path) => cluster.Connect(configure: s => s.Http.Transport.CertificateAuthority = CertificateBundle.Load(path));

        var count = await CountAsync(Trusting(rootBundle));
        var otherRootError = await RefusedAsync(Trusting(otherBundle));
        var intermediateError = await RefusedAsync(Trusting(intermediateOnly));

        Assert.Equal(0, count);
        Assert.Single(cluster.Calls("GET", "list"));
        // The intermediate the server sent leads to a root that is not in the bundle.
        Assert.Contains($"is not trusted: its chain ends at {root.Certificate.Subject}, which is not in {otherBundle} (PartialChain).", otherRootError.Message);
        // The bundle must hold the root: an intermediate in it is not a trust anchor.
        Assert.Contains($"its chain ends at {root.Certificate.Subject}, which is not in {intermediateOnly} (PartialChain).", intermediateError.Message);
    }

    [Fact]
    public void A_self_signed_certificate_the_server_sends_along_is_no_trust_anchor()
    {
        // A .NET server never sends a self-signed certificate besides its own (SslStreamCertificateContext drops
        // the chain's root), so this is what SslStream hands the handler's callback when another server (e.g.
        // openssl s_server -cert_chain) does: the chain built with what the server sent.
        using var root = EmulatorCertificateAuthority.Create("Test Root CA");
        using var intermediate = root.IssueIntermediate("Test Intermediate CA");
        using var attacker = EmulatorCertificateAuthority.Create("Attacker CA");
        var bundle = CertificateBundle.Load(_files.Write("root-ca.pem", root.Pem));
        using var handler = new ConnectionTransport(new TransportSettings { CertificateAuthority = bundle }).CreateHandler();
        var server = new Uri("https://127.0.0.1:8443/system/v1/backup/v1/list");

        bool Accepts(EmulatorCertificateAuthority issuer)
        {
            using var leaf = issuer.IssueServerCertificate();
            using var sent = new X509Chain();
            sent.ChainPolicy.ExtraStore.Add(X509CertificateLoader.LoadCertificate(issuer.Certificate.RawData));
            sent.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            Assert.False(sent.Build(leaf));
            Assert.Equal(2, sent.ChainElements.Count);
            using var message = new HttpRequestMessage(HttpMethod.Get, server);
            return handler.ServerCertificateCustomValidationCallback!(message, leaf, sent, System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors);
        }

        Assert.True(Accepts(intermediate));
        Assert.False(Accepts(attacker));
    }

    [Fact]
    public async Task A_certificate_problem_is_not_reported_for_a_later_failure_of_another_kind()
    {
        using var authority = EmulatorCertificateAuthority.Create();
        using var certificate = authority.IssueServerCertificate();
        var release = new TaskCompletionSource();
        // Answers the TLS handshake late: the client's request has timed out by then, its connection attempt
        // has not, and the certificate check still runs (and refuses) for the request that is gone.
        await using var server = new HandshakeOnlyTlsServer(certificate, release.Task);
        var port = server.Uri.Port;
        using var connection = Dcos.DcosConnection.Create(new Dcos.DcosConnectionSettings(server.Uri, DcosEmulatorOptions.DefaultToken)
        {
            Http = new HttpSettings { RequestTimeout = TimeSpan.FromMilliseconds(300), Retry = new RetryPolicy(maxAttempts: 1) },
        });

        var timedOut = await Assert.ThrowsAsync<BackupServiceException>(() => CountAsync(connection));
        release.SetResult();
        var serverSaw = await server.FirstConnection.WaitAsync(TimeSpan.FromSeconds(20));
        server.StopListening();
        var refused = await Assert.ThrowsAsync<BackupServiceException>(() => CountAsync(connection));

        Assert.Equal(BackupErrorId.RequestTimedOut, timedOut.ErrorId);
        // The handshake was made and the client closed the connection (refusing the certificate) without a request...
        Assert.NotNull(serverSaw);
        // ...and the next request's refused connection is reported as what it is, not as that certificate.
        Assert.Equal(BackupErrorId.ConnectionFailed, refused.ErrorId);
        Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), refused.Message + refused.InnerException);
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

/// <summary>
/// A bare TLS server on 127.0.0.1 that makes the handshake with a given certificate and then waits for the client
/// to close: enough to see what a client thinks of a certificate (Kestrel refuses to serve some, e.g. one for
/// client authentication only). It answers no HTTP: a client that accepted the certificate would hang and time out.
/// </summary>
internal sealed class HandshakeOnlyTlsServer : IAsyncDisposable
{
    private readonly System.Net.Sockets.TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();

    /// <param name="hold">The handshake starts only when this completes (null: at once).</param>
    public HandshakeOnlyTlsServer(X509Certificate2 certificate, Task? hold = null)
    {
        _listener.Start();
        Uri = new Uri($"https://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        FirstConnection = Task.Run<Exception?>(async () =>
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = CloseLaterConnectionsAsync();
            await (hold ?? Task.CompletedTask).WaitAsync(_stop.Token);
            using var tls = new System.Net.Security.SslStream(client.GetStream());
            return await Record.ExceptionAsync(async () =>
            {
                await tls.AuthenticateAsServerAsync(certificate).WaitAsync(_stop.Token);
                // TLS 1.3: the client checks the certificate after the server's part of the handshake is done.
                // A request instead (the certificate accepted) ends this with null, and the connection is closed.
                await tls.ReadExactlyAsync(new byte[1], _stop.Token);
            });
        });
    }

    public Uri Uri { get; }

    /// <summary>How the first connection ended for the server: an exception when the client closed it, null when it sent a request.</summary>
    public Task<Exception?> FirstConnection { get; }

    /// <summary>From now on connections to <see cref="Uri"/> are refused.</summary>
    public void StopListening() => _listener.Stop();

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _stop.CancelAsync();
        await Record.ExceptionAsync(() => FirstConnection);
        _stop.Dispose();
    }

    /// <summary>Retries of a client that took the certificate fail fast rather than hang.</summary>
    private async Task CloseLaterConnectionsAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var _ = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException || ex is System.Net.Sockets.SocketException || ex is ObjectDisposedException)
            {
                return;
            }
        }
    }
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
