using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace BackupModule.Http
{
    /// <summary>Gets a fresh token: re-reads a variable, or logs in again. Null or the same token means none.</summary>
    internal delegate Task<string?> TokenSource(ServiceHttpClient http, IHttpCallLog log, CancellationToken cancellationToken);

    /// <summary>
    /// Sends <c>Authorization: &lt;prefix&gt;&lt;token&gt;</c> (DC/OS: "token=", Zilliz Cloud: "Bearer "). The token is
    /// given, or obtained from its source before the first request (a login). After a 401 it asks its source
    /// once for a newer token (a variable rotated by the scheduler, or a new login); a 403 is never retried.
    /// Requests refused together share one renewal: the first one renews under a lock, the others find the
    /// token already newer than the one they were refused with. Every token is registered with the redactor.
    /// </summary>
    internal sealed class TokenAuthenticator : IRequestAuthenticator, IDisposable
    {
        private readonly string _prefix;
        private readonly TokenSource? _source;
        private readonly SecretRedactor _redactor;
        private readonly SemaphoreSlim _renewal = new SemaphoreSlim(1, 1);
        private volatile IssuedToken? _current;

        public TokenAuthenticator(string prefix, string token, Func<CancellationToken, Task<string?>>? refresh, SecretRedactor redactor)
            : this(prefix, token, refresh is null ? null : new TokenSource((_, _, cancellationToken) => refresh(cancellationToken)), redactor)
        {
        }

        /// <param name="token">The first token; null to get it from <paramref name="source"/> before the first request.</param>
        public TokenAuthenticator(string prefix, string? token, TokenSource? source, SecretRedactor redactor)
        {
            _prefix = prefix;
            _source = source;
            _redactor = redactor;
            if (!string.IsNullOrEmpty(token))
            {
                redactor.AddSecret(token);
                _current = new IssuedToken(token!, prefix, 1);
            }
        }

        public async Task EnsureCredentialAsync(ServiceHttpClient http, IHttpCallLog log, CancellationToken cancellationToken)
        {
            if (_current is null && !await TryRefreshAsync(0, http, log, cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidOperationException("The connection has no credential to send.");
            }
        }

        public int Apply(HttpRequestMessage request)
        {
            var current = _current;
            if (current is null)
            {
                return 0;
            }

            request.Headers.TryAddWithoutValidation("Authorization", current.Header);
            return current.Version;
        }

        public async Task<bool> TryRefreshAsync(int rejectedVersion, ServiceHttpClient http, IHttpCallLog log, CancellationToken cancellationToken)
        {
            if (_source is null)
            {
                return false;
            }

            await _renewal.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var current = _current;
                if (current is not null && current.Version != rejectedVersion)
                {
                    // Renewed by another request while this one waited: try again with that token.
                    return true;
                }

                var fresh = await _source(http, log, cancellationToken).ConfigureAwait(false);
                if (string.IsNullOrEmpty(fresh) || fresh == current?.Token)
                {
                    return false;
                }

                _redactor.AddSecret(fresh);
                _current = new IssuedToken(fresh!, _prefix, (current?.Version ?? 0) + 1);
                return true;
            }
            finally
            {
                _renewal.Release();
            }
        }

        public void Dispose() => _renewal.Dispose();

        private sealed class IssuedToken
        {
            public IssuedToken(string token, string prefix, int version)
            {
                Token = token;
                Header = prefix + token;
                Version = version;
            }

            public string Token { get; }

            /// <summary>The Authorization value, built once per token rather than once per request.</summary>
            public string Header { get; }

            public int Version { get; }
        }
    }
}
