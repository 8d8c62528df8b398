using System.Net;
using BackupModule.Errors;
using BackupModule.Security;

namespace BackupModule.Tests.Integration;

/// <summary>-Proxy / -ProxyCredential / -NoProxy per connection, through a real forward proxy on loopback.</summary>
/// <remarks>
/// The default (the system proxy, HTTP(S)_PROXY) is read once per process by .NET, so it is proven in a child
/// pwsh by the Pester suite (pester/Tls.Tests.ps1), not here.
/// </remarks>
public sealed class ProxyTests : IAsyncLifetime
{
    private DcosTestCluster _http = null!;
    private DcosTestCluster _https = null!;
    private readonly TlsFiles _files = new();

    public async Task InitializeAsync()
    {
        _http = await DcosTestCluster.StartAsync();
        _https = await DcosTestCluster.StartAsync(configure: o => TlsTests.Https(o, _files.Path("ca.pem")));
    }

    public async Task DisposeAsync()
    {
        await _http.DisposeAsync();
        await _https.DisposeAsync();
        _files.Dispose();
    }

    [Fact]
    public async Task Proxy_carries_http_requests_to_a_loopback_service()
    {
        using var proxy = new LoopbackForwardProxy();

        var count = await TlsTests.CountAsync(_http.Connect(configure: s => s.Http.Transport.Proxy = proxy.Uri));

        Assert.Equal(0, count);
        Assert.Equal(new[] { $"GET {_http.Server.DcosBaseUri}list 200" }, proxy.Requests);
        Assert.Single(_http.Calls("GET", "list"));
    }

    [Fact]
    public async Task Proxy_tunnels_https_with_CONNECT_and_the_certificate_is_still_checked()
    {
        using var proxy = new LoopbackForwardProxy();
        var authority = _https.Server.BaseUri.Authority;

        var count = await TlsTests.CountAsync(_https.Connect(configure: s =>
        {
            s.Http.Transport.Proxy = proxy.Uri;
            s.Http.Transport.CertificateAuthority = CertificateBundle.Load(_https.Server.CertificateAuthorityPath!);
        }));
        var error = await Assert.ThrowsAsync<BackupServiceException>(() => TlsTests.CountAsync(_https.Connect(configure: s => s.Http.Transport.Proxy = proxy.Uri)));

        Assert.Equal(0, count);
        Assert.Equal(BackupErrorId.CertificateNotTrusted, error.ErrorId);
        // One tunnel each: the refused certificate was not tried again through a second tunnel.
        Assert.Equal(new[] { $"CONNECT {authority} 200", $"CONNECT {authority} 200" }, proxy.Requests);
        Assert.Single(_https.Calls("GET", "list"));
    }

    [Fact]
    public async Task ProxyCredential_answers_the_proxys_407()
    {
        using var proxy = new LoopbackForwardProxy(new NetworkCredential("proxy-user", "proxy-pass-4711"));

        var count = await TlsTests.CountAsync(_https.Connect(configure: s =>
        {
            s.Http.Transport.Proxy = proxy.Uri;
            s.Http.Transport.ProxyCredential = new NetworkCredential("proxy-user", "proxy-pass-4711");
            s.Http.Transport.CertificateAuthority = CertificateBundle.Load(_https.Server.CertificateAuthorityPath!);
        }));

        Assert.Equal(0, count);
        Assert.Equal(1, proxy.Forwarded);
        Assert.Contains(proxy.Requests, r => r.EndsWith(" 407", StringComparison.Ordinal));
        Assert.Single(_https.Calls("GET", "list"));
    }

    [Fact]
    public async Task Without_the_ProxyCredential_the_proxy_lets_nothing_through()
    {
        using var proxy = new LoopbackForwardProxy(new NetworkCredential("proxy-user", "proxy-pass-4711"));

        var error = await Assert.ThrowsAsync<BackupServiceException>(() => TlsTests.CountAsync(_http.Connect(configure: s => s.Http.Transport.Proxy = proxy.Uri)));

        Assert.NotEqual(BackupErrorId.CertificateNotTrusted, error.ErrorId);
        Assert.Equal(407, error.StatusCode);
        Assert.Equal(0, proxy.Forwarded);
        Assert.Empty(_http.Calls("GET", "list"));
    }

    [Fact]
    public async Task A_wrong_ProxyCredential_is_refused_and_its_password_is_never_shown()
    {
        using var proxy = new LoopbackForwardProxy(new NetworkCredential("proxy-user", "proxy-pass-4711"));
        var host = new RecordingHost();

        await Assert.ThrowsAsync<BackupServiceException>(() => TlsTests.CountAsync(
            _http.Connect(configure: s =>
            {
                s.Http.Transport.Proxy = proxy.Uri;
                s.Http.Transport.ProxyCredential = new NetworkCredential("proxy-user", "wrong-secret-0815");
            }),
            host));

        Assert.Equal(0, proxy.Forwarded);
        Assert.NotEmpty(host.AllText);
        var basic = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("proxy-user:wrong-secret-0815"));
        Assert.Contains(host.Debug, dump => dump.Contains("407", StringComparison.Ordinal));
        Assert.DoesNotContain(host.AllText, text => text.Contains("wrong-secret-0815", StringComparison.Ordinal) || text.Contains(basic, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://proxy-user:url-secret-4711@{0}/", false)]
    [InlineData("http://proxy-user:url-secret-4711@{0}/", true)]
    [InlineData("https://proxy-user:url-secret-4711@{0}/", false)]
    public void A_password_in_the_Proxy_URL_is_refused_and_never_shown(string proxyFormat, bool noProxy)
    {
        using var proxy = new LoopbackForwardProxy();
        var withPassword = new Uri(string.Format(System.Globalization.CultureInfo.InvariantCulture, proxyFormat, proxy.Uri.Authority));

        var error = Assert.Throws<BackupServiceException>(() => _http.Connect(configure: s =>
        {
            s.Http.Transport.Proxy = withPassword;
            s.Http.Transport.NoProxy = noProxy;
        }));

        Assert.Equal(BackupErrorId.InvalidArgument, error.ErrorId);
        Assert.Equal(withPassword.GetLeftPart(UriPartial.Scheme) + proxy.Uri.Authority + "/", error.Target);
        foreach (var text in new[] { error.Message, error.Target?.ToString(), error.RecommendedAction, error.ToString() })
        {
            Assert.DoesNotContain("url-secret-4711", text ?? string.Empty, StringComparison.Ordinal);
            Assert.DoesNotContain("proxy-user", text ?? string.Empty, StringComparison.Ordinal);
        }

        Assert.Empty(proxy.Requests);
    }

    [Fact]
    public void A_user_name_in_the_Proxy_URL_is_refused_pointing_at_ProxyCredential()
    {
        using var proxy = new LoopbackForwardProxy();

        var error = Assert.Throws<BackupServiceException>(() => _http.Connect(configure: s => s.Http.Transport.Proxy = new Uri($"http://proxy-user:url-secret-4711@{proxy.Uri.Authority}/")));

        Assert.Equal(BackupErrorId.InvalidArgument, error.ErrorId);
        Assert.Contains("-ProxyCredential", error.Message, StringComparison.Ordinal);
        Assert.Empty(proxy.Requests);
        Assert.Empty(_http.Server.Audit.Entries);
    }

    [Fact]
    public void NoProxy_with_a_proxy_is_refused_before_any_request()
    {
        using var proxy = new LoopbackForwardProxy();

        var error = Assert.Throws<BackupServiceException>(() => _http.Connect(configure: s =>
        {
            s.Http.Transport.Proxy = proxy.Uri;
            s.Http.Transport.NoProxy = true;
        }));

        Assert.Equal(BackupErrorId.InvalidArgument, error.ErrorId);
        Assert.Contains("-NoProxy", error.Message);
        Assert.Empty(proxy.Requests);
        Assert.Empty(_http.Server.Audit.Entries);
    }
}
