using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace BackupModule.Http
{
    /// <summary>Puts a back end's credential on a request; the one place that sees it in plain text.</summary>
    public interface IRequestAuthenticator
    {
        /// <summary>
        /// Before a request: obtains the first credential where the connection logs in rather than being given
        /// one. Throws (e.g. AuthenticationFailed) when it cannot.
        /// </summary>
        Task EnsureCredentialAsync(ServiceHttpClient http, IHttpCallLog log, CancellationToken cancellationToken);

        /// <summary>Puts the current credential on the request and returns its version, for <see cref="TryRefreshAsync"/>.</summary>
        int Apply(HttpRequestMessage request);

        /// <summary>
        /// Called once after a 401 with the version the refused request carried. True when a fresh credential
        /// is now in place and the request is worth one more try; the client never asks twice for the same call.
        /// When several requests are refused together, one renewal serves them all.
        /// </summary>
        Task<bool> TryRefreshAsync(int rejectedVersion, ServiceHttpClient http, IHttpCallLog log, CancellationToken cancellationToken);
    }
}
