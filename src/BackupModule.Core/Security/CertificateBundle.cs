using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BackupModule.Errors;

namespace BackupModule.Security
{
    /// <summary>
    /// The CA certificates of a PEM bundle (what <c>dcos cluster setup --ca-certs</c> takes): the cluster's own
    /// CA, trusted for one connection only. Each CERTIFICATE block becomes an X509Certificate2 from its DER bytes,
    /// which netstandard2.0 (and so Windows PowerShell) can read; other blocks are ignored.
    /// </summary>
    public sealed class CertificateBundle
    {
        private CertificateBundle(string source, X509Certificate2Collection certificates) => (Source, Certificates) = (source, certificates);

        /// <summary>Where the bundle came from (its full path), for messages.</summary>
        public string Source { get; }

        public X509Certificate2Collection Certificates { get; }

        /// <exception cref="BackupServiceException">InvalidArgument: the file cannot be read or holds no certificate.</exception>
        public static CertificateBundle Load(string path)
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
            {
                throw Invalid(path, $"The CA bundle '{path}' cannot be read: {ex.Message}", ex);
            }

            return FromPem(text, path);
        }

        /// <exception cref="BackupServiceException">InvalidArgument: the text holds no readable certificate.</exception>
        public static CertificateBundle FromPem(string pem, string source)
        {
            var certificates = new X509Certificate2Collection();
            try
            {
                foreach (var block in PemFile.Parse(pem).Where(b => b.Label == "CERTIFICATE"))
                {
                    certificates.Add(new X509Certificate2(block.Data));
                }
            }
            catch (Exception ex) when (ex is InvalidDataException || ex is CryptographicException)
            {
                throw Invalid(source, $"The CA bundle '{source}' is not a readable PEM file: {ex.Message}", ex);
            }

            if (certificates.Count == 0)
            {
                throw Invalid(source, $"The CA bundle '{source}' holds no \"-----BEGIN CERTIFICATE-----\" block.", null);
            }

            return new CertificateBundle(source, certificates);
        }

        internal bool Contains(X509Certificate2 certificate) =>
            Certificates.Cast<X509Certificate2>().Any(c => string.Equals(c.Thumbprint, certificate.Thumbprint, StringComparison.OrdinalIgnoreCase));

        private static BackupServiceException Invalid(string source, string message, Exception? inner) =>
            new BackupServiceException(BackupErrorId.InvalidArgument, BackupErrorKind.InvalidArgument, message, source, inner)
            {
                RecommendedAction = "Pass the PEM file of the cluster's CA certificate(s), e.g. the one `dcos cluster setup --ca-certs` uses.",
            };
    }
}
