using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace BackupModule.Http
{
    /// <summary>Puts a back end's credential on a request; the one place that sees it in plain text.</summary>
    public interface IRequestAuthenticator
    {
        void Apply(HttpRequestMessage request);

        /// <summary>
        /// Called once after a 401. True when a fresh credential is now in place and the request is worth
        /// one more try; the client never asks twice for the same call.
        /// </summary>
        Task<bool> TryRefreshAsync(CancellationToken cancellationToken);
    }
}
