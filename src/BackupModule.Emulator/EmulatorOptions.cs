using System.Security.Cryptography.X509Certificates;

namespace BackupModule.Emulator;

/// <summary>Settings for one emulator instance (in-process or the standalone process).</summary>
public sealed class EmulatorOptions
{
    /// <summary>Loopback URLs to bind (http or https); port 0 asks the OS for a free port (tests use that).</summary>
    public string[] Urls { get; set; } = { "http://127.0.0.1:5080" };

    /// <summary>When set, state is loaded from and written to this JSON file so a restart keeps it.</summary>
    public string? StateFile { get; set; }

    public DcosEmulatorOptions Dcos { get; set; } = new();

    public ZillizEmulatorOptions Zilliz { get; set; } = new();

    public MilvusBackupEmulatorOptions MilvusBackup { get; set; } = new();

    public EmulatorTlsOptions Tls { get; set; } = new();
}

/// <summary>How https:// URLs are served.</summary>
public sealed class EmulatorTlsOptions
{
    /// <summary>
    /// The certificate (with its private key) served on https:// URLs. Null: the emulator makes a CA at start
    /// and a certificate from it for 127.0.0.1, ::1 and localhost.
    /// </summary>
    public X509Certificate2? ServerCertificate { get; set; }

    /// <summary>
    /// Intermediate CA certificates sent along with <see cref="ServerCertificate"/> (root → intermediate → server
    /// certificate, the client trusting the root only). Null: the server certificate alone.
    /// </summary>
    public X509Certificate2Collection? ServerCertificateChain { get; set; }

    /// <summary>The PEM of the CA behind <see cref="ServerCertificate"/>, when the caller gives one (shown as the server's CA).</summary>
    public string? CertificateAuthorityPem { get; set; }

    /// <summary>Where to write the CA certificate as PEM (the client's CA bundle); nothing is written when null.</summary>
    public string? CertificateAuthorityOut { get; set; }
}
