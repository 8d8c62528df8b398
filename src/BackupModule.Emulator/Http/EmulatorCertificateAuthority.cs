using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BackupModule.Emulator;

/// <summary>
/// A throw-away certificate authority for serving https on loopback: a self-signed CA and server certificates
/// it issues. The emulator makes one at start; tests make others (a wrong CA, an expired or misnamed server
/// certificate) so every certificate failure is real TLS.
/// </summary>
public sealed class EmulatorCertificateAuthority : IDisposable
{
    private EmulatorCertificateAuthority(X509Certificate2 certificate)
    {
        Certificate = certificate;
        Pem = certificate.ExportCertificatePem() + "\n";
    }

    /// <summary>The CA certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The CA certificate as PEM: what a client passes as its CA bundle.</summary>
    public string Pem { get; }

    public static EmulatorCertificateAuthority Create(string name = "BackupModule Emulator CA")
    {
        using var key = RSA.Create(2048);
        var request = AuthorityRequest(name, key);
        var now = DateTimeOffset.UtcNow;
        // Wider than any certificate it issues (which must lie within it), expired test certificates included.
        return new EmulatorCertificateAuthority(request.CreateSelfSigned(now.AddDays(-30), now.AddDays(30)));
    }

    /// <summary>
    /// An intermediate CA issued by this one (a server sends it along with its certificate, see
    /// <see cref="EmulatorTlsOptions.ServerCertificateChain"/>); it issues server certificates like any other.
    /// </summary>
    public EmulatorCertificateAuthority IssueIntermediate(string name = "BackupModule Emulator Intermediate CA")
    {
        using var key = RSA.Create(2048);
        var request = AuthorityRequest(name, key);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        var now = DateTimeOffset.UtcNow;
        return new EmulatorCertificateAuthority(IssueWithKey(request, key, now.AddDays(-20), now.AddDays(20)));
    }

    private static CertificateRequest AuthorityRequest(string name, RSA key)
    {
        var request = new CertificateRequest($"CN={name} {Guid.NewGuid():N}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request;
    }

    /// <summary>
    /// A server certificate for the loopback names (127.0.0.1, ::1, localhost unless others are given), valid
    /// from five minutes ago for a week unless told otherwise, for server authentication unless other extended
    /// key usages are given (e.g. client authentication only, which a client must refuse); with its private key,
    /// usable by Kestrel.
    /// </summary>
    public X509Certificate2 IssueServerCertificate(
        IEnumerable<IPAddress>? addresses = null,
        IEnumerable<string>? dnsNames = null,
        DateTimeOffset? notBefore = null,
        DateTimeOffset? notAfter = null,
        IEnumerable<string>? extendedKeyUsages = null)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=BackupModule Emulator", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var address in addresses ?? new[] { IPAddress.Loopback, IPAddress.IPv6Loopback })
        {
            names.AddIpAddress(address);
        }

        foreach (var dns in dnsNames ?? new[] { "localhost" })
        {
            names.AddDnsName(dns);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        var usages = new OidCollection();
        foreach (var usage in extendedKeyUsages ?? new[] { ServerAuthentication })
        {
            usages.Add(new Oid(usage));
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        var now = DateTimeOffset.UtcNow;
        var from = notBefore ?? now.AddMinutes(-5);
        var to = notAfter ?? now.AddDays(7);
        return IssueWithKey(request, key, from, to);
    }

    /// <summary>The extended key usage id-kp-serverAuth.</summary>
    public const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    /// <summary>The extended key usage id-kp-clientAuth.</summary>
    public const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    private X509Certificate2 IssueWithKey(CertificateRequest request, RSA key, DateTimeOffset from, DateTimeOffset to)
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(Certificate, from, to, serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        // A PKCS#12 round trip gives a key SslStream can use on every OS (Windows refuses ephemeral keys).
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose() => Certificate.Dispose();
}
