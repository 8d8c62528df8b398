using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using BackupModule.Errors;

namespace BackupModule.Http
{
    /// <summary>
    /// The HttpClientHandler of one connection, built from its <see cref="TransportSettings"/>, and the check of
    /// the server's certificate behind it. Everything is per handler: HttpClientHandler's
    /// ServerCertificateCustomValidationCallback (.NET Framework 4.7.1+ and .NET Core alike), never
    /// ServicePointManager, so two connections in one session never affect each other.
    /// </summary>
    /// <remarks>
    /// SslStream's exception says only that "the remote certificate is invalid"; the callback records why, on the
    /// request it was called for (HttpRequestMessage.Properties) and on the handler (for runtimes that pass
    /// another message object), and <see cref="ServiceHttpClient"/> turns that into a CertificateNotTrusted error.
    /// .NET Framework pitfalls, from its documentation rather than a run here: the chain it hands the callback is
    /// built by Windows (CAPI), which may fetch missing issuers over the network (AIA) and checks revocation
    /// online by default, so the rebuilt chain below turns revocation off; a bundle root that is also in the
    /// Windows root store never reaches the callback as an error at all; and ExtraStore with
    /// AllowUnknownCertificateAuthority is the only "trust this CA" there (X509ChainPolicy.CustomTrustStore is
    /// .NET 5+ and not in netstandard2.0), hence the thumbprint comparison of the chain's root.
    /// </remarks>
    internal sealed class ConnectionTransport
    {
        private const string ProblemKey = "BackupModule.CertificateProblem";

        private readonly TransportSettings _settings;
        private BackupServiceException? _lastProblem;

        public ConnectionTransport(TransportSettings settings)
        {
            settings.Check();
            _settings = settings;
        }

        public HttpClientHandler CreateHandler()
        {
            var handler = new HttpClientHandler
            {
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                ServerCertificateCustomValidationCallback = Validate,
            };
            ICredentials? proxyCredentials = _settings.ProxyCredential ?? (_settings.ProxyUseDefaultCredentials ? CredentialCache.DefaultCredentials : null);
            if (_settings.NoProxy)
            {
                handler.UseProxy = false;
            }
            else if (_settings.Proxy is Uri proxy)
            {
                handler.UseProxy = true;
                handler.Proxy = new AlwaysProxy(proxy) { Credentials = proxyCredentials };
            }
            else if (proxyCredentials is not null)
            {
                // The system proxy (HttpClientHandler's default), answered with these credentials.
                handler.DefaultProxyCredentials = proxyCredentials;
            }

            return handler;
        }

        /// <summary>
        /// Why the server's certificate was refused for this request, if <paramref name="failure"/> is a TLS
        /// authentication failure (a reset, a refused connection or a DNS failure never is); clears what it returns.
        /// </summary>
        /// <remarks>
        /// The handler-wide problem may come from a connection attempt of an earlier request (one that timed out
        /// while the handshake went on), hence the check of the failure itself.
        /// </remarks>
        public BackupServiceException? TakeProblem(HttpRequestMessage message, Exception failure)
        {
            if (!IsAuthenticationFailure(failure))
            {
                return null;
            }

            var fromHandler = Interlocked.Exchange(ref _lastProblem, null);
            return message.Properties.TryGetValue(ProblemKey, out var value) && value is BackupServiceException problem ? problem : fromHandler;
        }

        /// <summary>.NET: HttpRequestException ← AuthenticationException; .NET Framework: HttpRequestException ← WebException ← AuthenticationException.</summary>
        private static bool IsAuthenticationFailure(Exception failure)
        {
            for (Exception? inner = failure; inner is not null; inner = inner.InnerException)
            {
                if (inner is AuthenticationException)
                {
                    return true;
                }
            }

            return false;
        }

        private bool Validate(HttpRequestMessage message, X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors)
        {
            if (errors == SslPolicyErrors.None || _settings.SkipCertificateCheck)
            {
                return true;
            }

            var problem = Diagnose(message.RequestUri, certificate, chain, errors);
            if (problem is null)
            {
                return true;
            }

            message.Properties[ProblemKey] = problem;
            Volatile.Write(ref _lastProblem, problem);
            return false;
        }

        /// <summary>Null when the certificate is acceptable after all (its chain ends at a root of the CA bundle).</summary>
        private BackupServiceException? Diagnose(Uri? requestUri, X509Certificate2? certificate, X509Chain? sent, SslPolicyErrors errors)
        {
            var server = requestUri is null ? "the server" : requestUri.GetLeftPart(UriPartial.Authority) + "/";
            if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
            {
                return Refused(server, $"The server {server} sent no certificate (RemoteCertificateNotAvailable).", TryAgainAdvice);
            }

            var about = $"The certificate of {server} ({certificate.Subject}, issuer {certificate.Issuer})";
            if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                return Refused(
                    server,
                    $"{about} is not valid for {requestUri?.Host}: it names {NamesOf(certificate)} (RemoteCertificateNameMismatch).",
                    "Connect with a host name the certificate names, or pass -SkipCertificateCheck to not check at all.");
            }

            var bundle = _settings.CertificateAuthority;
            using var rebuilt = new X509Chain();
            rebuilt.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            rebuilt.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
            // For a server (the check SslStream makes): a certificate only for client authentication fails as NotValidForUsage.
            rebuilt.ChainPolicy.ApplicationPolicy.Add(new Oid(ServerAuthentication));
            if (bundle is not null)
            {
                rebuilt.ChainPolicy.ExtraStore.AddRange(bundle.Certificates);
            }

            // The intermediates the server sent (the chain SslStream built from them), as links only: the chain is
            // accepted below only when it ends at a certificate of the bundle, never at one the server sent.
            foreach (var element in sent?.ChainElements.Cast<X509ChainElement>().Skip(1) ?? Enumerable.Empty<X509ChainElement>())
            {
                rebuilt.ChainPolicy.ExtraStore.Add(element.Certificate);
            }

            rebuilt.Build(certificate);
            var elements = rebuilt.ChainElements.Cast<X509ChainElement>().ToArray();
            var root = elements.Length > 0 ? elements[elements.Length - 1].Certificate : certificate;
            var flags = rebuilt.ChainStatus.Select(s => s.Status)
                .Concat(elements.SelectMany(e => e.ChainElementStatus.Select(s => s.Status)))
                .Where(s => s != X509ChainStatusFlags.NoError && !Untrusted(s))
                .Distinct()
                .ToArray();

            if (flags.Contains(X509ChainStatusFlags.NotTimeValid))
            {
                var expired = elements.Select(e => e.Certificate).FirstOrDefault(c => c.NotAfter < DateTime.Now || c.NotBefore > DateTime.Now) ?? certificate;
                return Refused(
                    server,
                    $"{about} is not trusted: {expired.Subject} is valid from {expired.NotBefore.ToUniversalTime():u} to {expired.NotAfter.ToUniversalTime():u} only (NotTimeValid).",
                    "Renew the cluster's certificate, or pass -SkipCertificateCheck to not check at all.");
            }

            if (flags.Length > 0)
            {
                var reasons = rebuilt.ChainStatus.Where(s => !Untrusted(s.Status)).Select(s => s.StatusInformation.Trim());
                return Refused(server, $"{about} is not trusted: {string.Join("; ", reasons)} ({string.Join(", ", flags)}).", TryAgainAdvice);
            }

            // A chain cut short (PartialChain: the issuer's certificate is nowhere to be found) ends at that issuer's name.
            var partial = rebuilt.ChainStatus.Any(s => s.Status == X509ChainStatusFlags.PartialChain);
            if (!partial && bundle is not null && bundle.Contains(root))
            {
                return null;
            }

            var end = partial ? root.Issuer : root.Subject;
            var notIn = bundle is null ? "which this system does not trust" : $"which is not in {bundle.Source}";
            var status = partial ? nameof(X509ChainStatusFlags.PartialChain) : nameof(X509ChainStatusFlags.UntrustedRoot);
            return Refused(server, $"{about} is not trusted: its chain ends at {end}, {notIn} ({status}).", TryAgainAdvice);
        }

        /// <summary>The statuses that say only "no trusted root": the bundle may still supply one.</summary>
        private static bool Untrusted(X509ChainStatusFlags status) =>
            status == X509ChainStatusFlags.UntrustedRoot || status == X509ChainStatusFlags.PartialChain;

        /// <summary>Not retried by <see cref="ServiceHttpClient"/>: a certificate does not become trusted by asking again.</summary>
        private static BackupServiceException Refused(string server, string message, string advice) =>
            new BackupServiceException(BackupErrorId.CertificateNotTrusted, BackupErrorKind.Security, message + " " + advice, server)
            {
                RecommendedAction = advice,
            };

        /// <summary>The extended key usage id-kp-serverAuth.</summary>
        private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

        private const string TryAgainAdvice = "Pass -CertificateAuthorityPath with the cluster's CA bundle, or -SkipCertificateCheck to not check at all.";

        /// <summary>The subject alternative names (or the subject when there are none), as the certificate holds them.</summary>
        private static string NamesOf(X509Certificate2 certificate)
        {
            var san = certificate.Extensions.Cast<X509Extension>().FirstOrDefault(e => e.Oid?.Value == "2.5.29.17");
            return san is null ? certificate.Subject : san.Format(false);
        }

        /// <summary>
        /// The proxy the user named, for every destination. Found on .NET 10 (pwsh 7.6): WebProxy with
        /// BypassProxyOnLocal false and HttpEnvironmentProxy (HTTP(S)_PROXY) do not bypass 127.0.0.1; .NET
        /// Framework's WebProxy is documented to always bypass loopback. This one never bypasses, the same on both.
        /// </summary>
        private sealed class AlwaysProxy : IWebProxy
        {
            private readonly Uri _address;

            public AlwaysProxy(Uri address)
            {
                _address = address;
            }

            public ICredentials? Credentials { get; set; }

            public Uri GetProxy(Uri destination) => _address;

            public bool IsBypassed(Uri host) => false;
        }
    }
}
