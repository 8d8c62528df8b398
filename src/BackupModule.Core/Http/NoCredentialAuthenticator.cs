using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace BackupModule.Http
{
    /// <summary>
    /// For a service that takes no credential (milvus-backup's REST server): nothing is put on a request, and a
    /// 401 (from a reverse proxy in front of it) is never answered with a renewal.
    /// </summary>
    public sealed class NoCredentialAuthenticator : IRequestAuthenticator
    {
        public static readonly NoCredentialAuthenticator Instance = new NoCredentialAuthenticator();

        private NoCredentialAuthenticator()
        {
        }

        public Task EnsureCredentialAsync(ServiceHttpClient http, IHttpCallLog log, CancellationToken cancellationToken) => Task.CompletedTask;

        public int Apply(HttpRequestMessage request) => 0;

        public Task<bool> TryRefreshAsync(int rejectedVersion, ServiceHttpClient http, IHttpCallLog log, CancellationToken cancellationToken) => Task.FromResult(false);
    }
}
