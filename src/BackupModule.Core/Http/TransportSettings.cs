using System;
using System.Net;
using BackupModule.Errors;
using BackupModule.Security;

namespace BackupModule.Http
{
    /// <summary>
    /// How one connection reaches its service: which server certificates it accepts and which proxy it uses.
    /// Each connection builds its own handler from these; nothing is ever set process-wide (no ServicePointManager).
    /// The default checks certificates against the system's roots and uses the system proxy.
    /// </summary>
    public sealed class TransportSettings
    {
        /// <summary>Accepts any server certificate (like curl -k). For test clusters only.</summary>
        public bool SkipCertificateCheck { get; set; }

        /// <summary>
        /// CA certificates trusted in addition to the system's roots (added, not instead of them: a certificate
        /// the system trusts is still accepted — friendlier than the DC/OS CLI's --ca-certs, whose requests-based
        /// check trusts the bundle only).
        /// </summary>
        public CertificateBundle? CertificateAuthority { get; set; }

        /// <summary>A proxy for every request of the connection, loopback destinations included.</summary>
        public Uri? Proxy { get; set; }

        /// <summary>Answers the proxy's 407 (the given proxy's, else the system proxy's).</summary>
        public NetworkCredential? ProxyCredential { get; set; }

        /// <summary>Answers the proxy's 407 with the credentials of the user running the session (Windows).</summary>
        public bool ProxyUseDefaultCredentials { get; set; }

        /// <summary>Connects directly, ignoring the system proxy and HTTP(S)_PROXY.</summary>
        public bool NoProxy { get; set; }

        /// <exception cref="BackupServiceException">InvalidArgument: settings that contradict each other.</exception>
        internal void Check()
        {
            if (Proxy is not null && Proxy.IsAbsoluteUri && Proxy.UserInfo.Length > 0)
            {
                throw Invalid(
                    $"The proxy '{ProxyShown}' is given with a user name or password in its URL: put the credential in -ProxyCredential instead.",
                    "Pass -Proxy without user information and -ProxyCredential (Get-Credential) for the proxy's user name and password.");
            }

            if (NoProxy && (Proxy is not null || ProxyCredential is not null || ProxyUseDefaultCredentials))
            {
                throw Invalid("-NoProxy connects directly: it cannot be combined with -Proxy, -ProxyCredential or -ProxyUseDefaultCredentials.");
            }

            if (ProxyCredential is not null && ProxyUseDefaultCredentials)
            {
                throw Invalid("Pass either -ProxyCredential or -ProxyUseDefaultCredentials, not both.");
            }

            if (Proxy is not null && (!Proxy.IsAbsoluteUri || Proxy.Scheme != Uri.UriSchemeHttp))
            {
                // SocketsHttpHandler speaks http (and socks) to a proxy; .NET Framework only http.
                throw Invalid($"The proxy '{ProxyShown}' must be an http:// URL (https:// services are still reached through it, tunnelled).");
            }
        }

        /// <summary>Every refusal is about the proxy settings, so each names the proxy (as shown) as its target.</summary>
        private BackupServiceException Invalid(string message, string? recommendedAction = null) =>
            new BackupServiceException(BackupErrorId.InvalidArgument, BackupErrorKind.InvalidArgument, message, ProxyShown)
            {
                RecommendedAction = recommendedAction,
            };

        /// <summary>
        /// The proxy URL for messages and error targets: never with its user information (a password may be in it).
        /// Text without a host (e.g. "user:password@proxy", read as a URL of scheme "user") is not quoted at all.
        /// </summary>
        private string? ProxyShown =>
            Proxy is null ? null
            : Proxy.IsAbsoluteUri && Proxy.Host.Length > 0 ? Proxy.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.UserInfo, UriFormat.UriEscaped)
            : "(not an http://host:port URL)";
    }
}
