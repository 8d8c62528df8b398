using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace BackupModule.Http
{
    /// <summary>
    /// Sends <c>Authorization: &lt;prefix&gt;&lt;token&gt;</c> (DC/OS: "token=", Zilliz Cloud: "Bearer "). After a
    /// 401 it asks its source once for a newer token (e.g. a variable rotated by the scheduler); a 403 is
    /// never retried. The token is registered with the redactor so it is masked wherever it appears.
    /// </summary>
    internal sealed class TokenAuthenticator : IRequestAuthenticator
    {
        private readonly string _prefix;
        private readonly Func<CancellationToken, Task<string?>>? _refresh;
        private readonly SecretRedactor _redactor;
        private volatile string _token;

        public TokenAuthenticator(string prefix, string token, Func<CancellationToken, Task<string?>>? refresh, SecretRedactor redactor)
        {
            _prefix = prefix;
            _token = token;
            _refresh = refresh;
            _redactor = redactor;
            redactor.AddSecret(token);
        }

        public void Apply(HttpRequestMessage request) =>
            request.Headers.TryAddWithoutValidation("Authorization", _prefix + _token);

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
