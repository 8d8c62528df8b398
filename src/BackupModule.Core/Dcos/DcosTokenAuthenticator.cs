using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using BackupModule.Http;

namespace BackupModule.Dcos
{
    /// <summary>
    /// Sends <c>Authorization: token=&lt;DC/OS auth token&gt;</c>. After a 401 it asks its source once for
    /// a newer token (e.g. DCOS_ACS_TOKEN rotated by the scheduler); a 403 is never retried.
    /// </summary>
    internal sealed class DcosTokenAuthenticator : IRequestAuthenticator
    {
        private readonly Func<CancellationToken, Task<string?>>? _refresh;
        private readonly SecretRedactor _redactor;
        private volatile string _token;

        public DcosTokenAuthenticator(string token, Func<CancellationToken, Task<string?>>? refresh, SecretRedactor redactor)
        {
            _token = token;
            _refresh = refresh;
            _redactor = redactor;
            redactor.AddSecret(token);
        }

        public void Apply(HttpRequestMessage request) =>
            request.Headers.TryAddWithoutValidation("Authorization", "token=" + _token);

        public async Task<bool> TryRefreshAsync(CancellationToken cancellationToken)
        {
            if (_refresh is null)
            {
                return false;
            }

            var fresh = await _refresh(cancellationToken).ConfigureAwait(false);
            if (string.IsNullOrEmpty(fresh) || fresh == _token)
            {
                return false;
            }

            _redactor.AddSecret(fresh);
            _token = fresh!;
            return true;
        }
    }
}
