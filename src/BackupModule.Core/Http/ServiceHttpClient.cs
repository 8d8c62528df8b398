using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using BackupModule.Errors;

namespace BackupModule.Http
{
    /// <summary>
    /// The shared HTTP core: one HttpClient per connection, reused by every call and pipeline item.
    /// Adds the back end's credential, enforces a per-request timeout, retries reads (never mutations)
    /// on transient failures, reports every attempt to the log hook, and turns failures into
    /// <see cref="BackupServiceException"/>s with secrets removed.
    /// </summary>
    public sealed class ServiceHttpClient : IDisposable
    {
        private readonly HttpClient _http;
        private readonly IRequestAuthenticator _authenticator;
        private readonly IServiceErrorTranslator _translator;
        private readonly EndpointThrottle? _throttle;
        private readonly ConnectionTransport _transport;

        public ServiceHttpClient(
            Uri baseUri,
            HttpSettings settings,
            IRequestAuthenticator authenticator,
            IServiceErrorTranslator translator,
            SecretRedactor redactor,
            HttpMessageHandler? handler = null)
        {
            BaseUri = baseUri.AbsoluteUri.EndsWith("/", StringComparison.Ordinal) ? baseUri : new Uri(baseUri.AbsoluteUri + "/");
            Settings = settings;
            Redactor = redactor;
            _authenticator = authenticator;
            _translator = translator;
            _throttle = settings.RequestsPerSecondPerEndpoint is int limit ? new EndpointThrottle(limit) : null;
            _transport = new ConnectionTransport(settings.Transport);
            redactor.AddSecret(settings.Transport.ProxyCredential?.Password);
            _http = new HttpClient(handler ?? _transport.CreateHandler())
            {
                // The per-request timeout below is linked to the caller's token; HttpClient's own would
                // not tell a timeout from a cancellation on .NET Framework.
                Timeout = Timeout.InfiniteTimeSpan,
            };
            _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("BackupModule", typeof(ServiceHttpClient).Assembly.GetName().Version?.ToString(3) ?? "0"));
        }

        public Uri BaseUri { get; }

        public HttpSettings Settings { get; }

        public SecretRedactor Redactor { get; }

        /// <summary>Sends a request and returns a successful response, or throws a <see cref="BackupServiceException"/>.</summary>
        public Task<ApiResponse> SendAsync(ApiRequest request, IHttpCallLog log, CancellationToken cancellationToken) =>
            SendAsync(request, authenticated: true, _translator, log, cancellationToken);

        /// <summary>
        /// Sends a request without the connection's credential (a login, to an absolute URI of the same service),
        /// through this connection's HttpClient so that its TLS and proxy settings apply; failures are read by
        /// <paramref name="translator"/>. Logged and dumped (redacted) like every other call.
        /// </summary>
        internal Task<ApiResponse> SendUnauthenticatedAsync(ApiRequest request, IServiceErrorTranslator translator, IHttpCallLog log, CancellationToken cancellationToken) =>
            SendAsync(request, authenticated: false, translator, log, cancellationToken);

        private async Task<ApiResponse> SendAsync(ApiRequest request, bool authenticated, IServiceErrorTranslator translator, IHttpCallLog log, CancellationToken cancellationToken)
        {
            var retry = Settings.Retry;
            var refreshedCredential = false;
            for (var attempt = 1; ; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (authenticated)
                {
                    await _authenticator.EnsureCredentialAsync(this, log, cancellationToken).ConfigureAwait(false);
                }

                using var turn = _throttle is null ? null : await _throttle.WaitTurnAsync(request.Endpoint, cancellationToken).ConfigureAwait(false);
                var stopwatch = Stopwatch.StartNew();
                using var message = BuildMessage(request);
                var credentialVersion = authenticated ? _authenticator.Apply(message) : 0;
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(Settings.RequestTimeout);
                ApiResponse response;
                try
                {
                    using var httpResponse = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                    response = await ReadAsync(httpResponse, timeout.Token).ConfigureAwait(false);
                    turn?.Dispose();
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    var server = Server(message);
                    var failure = new BackupServiceException(
                        BackupErrorId.RequestTimedOut,
                        BackupErrorKind.Timeout,
                        $"{server} gave no answer to {request.Method} {message.RequestUri!.AbsolutePath} within {Settings.RequestTimeout.TotalSeconds:0.#} s{Attempts(attempt)}.",
                        server)
                    {
                        OutcomeUnknown = !request.IsRead,
                        RecommendedAction = "Check that the service is reachable, or raise -RequestTimeoutSec on Connect-ClusterBackupService.",
                    };
                    await DelayRetryOrThrowAsync(failure, request, message, attempt, "timed out", stopwatch, log, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                catch (HttpRequestException ex) when (_transport.TakeProblem(message, ex) is { } certificateNotTrusted)
                {
                    // Not retried: a certificate does not become trusted by asking again.
                    Report(log, message, null, stopwatch.ElapsedMilliseconds, attempt, "certificate not trusted");
                    throw certificateNotTrusted;
                }
                catch (Exception ex) when (ex is HttpRequestException || ex is IOException)
                {
                    var notSent = WasNeverSent(ex);
                    var server = Server(message);
                    var failure = new BackupServiceException(
                        BackupErrorId.ConnectionFailed,
                        BackupErrorKind.Connection,
                        $"Cannot reach {server} ({request.Method} {message.RequestUri!.AbsolutePath}{Attempts(attempt)}): {Redactor.Redact(Innermost(ex).Message)}",
                        server,
                        ex)
                    {
                        OutcomeUnknown = !request.IsRead && !notSent,
                        RecommendedAction = "Check the URI and the network path to the service.",
                    };
                    await DelayRetryOrThrowAsync(failure, request, message, attempt, "network error", stopwatch, log, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var elapsed = stopwatch.ElapsedMilliseconds;
                if (log.WantsDump)
                {
                    Dump(message, request, response, elapsed, log);
                }

                if (response.IsSuccess && !translator.IsFailure(response))
                {
                    Report(log, message, response.StatusCode, elapsed, attempt);
                    return response;
                }

                if (response.StatusCode == 401 && authenticated && !refreshedCredential)
                {
                    refreshedCredential = true;
                    if (await _authenticator.TryRefreshAsync(credentialVersion, this, log, cancellationToken).ConfigureAwait(false))
                    {
                        // A 401 means the request was refused before it did anything, so even a mutation may go again, once.
                        Report(log, message, 401, elapsed, attempt, retryDelay: TimeSpan.Zero);
                        continue;
                    }
                }

                // A 429 refuses a request before it does anything, so a mutation may go again too; other
                // statuses say nothing of what a mutation did.
                if ((request.IsRead || response.StatusCode == 429) && RetryPolicy.IsRetryableStatus(response.StatusCode) && attempt < retry.MaxAttempts)
                {
                    var delay = retry.DelayBefore(attempt, response.RetryAfter);
                    Report(log, message, response.StatusCode, elapsed, attempt, retryDelay: delay);
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                Report(log, message, response.StatusCode, elapsed, attempt);
                var redacted = new ApiResponse(response.StatusCode, Redactor.Redact(response.Body), response.RetryAfter, response.Headers);
                var error = translator.Translate(request, redacted);
                error.StatusCode = response.StatusCode;
                // A gateway error on a mutation says nothing of whether the service acted on it.
                error.OutcomeUnknown |= !request.IsRead && (response.StatusCode == 502 || response.StatusCode == 504);
                throw error;
            }
        }

        public void Dispose()
        {
            _http.Dispose();
            (_authenticator as IDisposable)?.Dispose();
        }

        /// <summary>After a timeout or a network error: waits before the next attempt of a read, else throws <paramref name="failure"/>.</summary>
        private async Task DelayRetryOrThrowAsync(
            BackupServiceException failure, ApiRequest request, HttpRequestMessage message, int attempt, string failureName, Stopwatch stopwatch, IHttpCallLog log, CancellationToken cancellationToken)
        {
            var retry = request.IsRead && attempt < Settings.Retry.MaxAttempts;
            var delay = retry ? Settings.Retry.DelayBefore(attempt, null) : (TimeSpan?)null;
            Report(log, message, null, stopwatch.ElapsedMilliseconds, attempt, failureName, delay);
            if (delay is not TimeSpan wait)
            {
                throw failure;
            }

            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// The address a network failure is about, as the user wrote it (scheme, host, port): the error's target and
        /// the start of its message, so "Connection refused" says where. A proxy URL's user info never appears here.
        /// </summary>
        private static string Server(HttpRequestMessage message) => message.RequestUri!.GetLeftPart(UriPartial.Authority) + "/";

        /// <summary>", 4 attempts" for a read that was retried before it failed; nothing for one attempt.</summary>
        private static string Attempts(int attempt) =>
            attempt > 1 ? $", {attempt} attempts" : string.Empty;

        private static void Report(IHttpCallLog log, HttpRequestMessage message, int? statusCode, long elapsedMilliseconds, int attempt, string? failure = null, TimeSpan? retryDelay = null)
        {
            if (log.WantsCalls)
            {
                log.OnCall(new HttpCallRecord(message.Method.Method, message.RequestUri!.PathAndQuery, statusCode, elapsedMilliseconds, attempt, failure, retryDelay));
            }
        }

        private HttpRequestMessage BuildMessage(ApiRequest request)
        {
            var message = new HttpRequestMessage(request.Method, new Uri(BaseUri, request.PathAndQuery));
            if (request.JsonBody is not null)
            {
                // Also on DELETE: DC/OS's /delete takes its id in a JSON body.
                message.Content = new StringContent(request.JsonBody, Encoding.UTF8, "application/json");
            }

            foreach (var header in request.Headers ?? Enumerable.Empty<KeyValuePair<string, string>>())
            {
                message.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            return message;
        }

        /// <summary>
        /// Reads the body once, into an array of its announced length where there is one (no growing
        /// buffer, no second copy). A body shorter than announced is an IOException, like a dropped
        /// connection: the read is retried, a mutation is reported as of unknown outcome.
        /// </summary>
        private static async Task<ApiResponse> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            byte[] content;
            if (response.Content is null)
            {
                content = Array.Empty<byte>();
            }
            else if (response.Content.Headers.ContentLength is long length && length <= int.MaxValue)
            {
                content = new byte[length];
                using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                var read = 0;
                while (read < content.Length)
                {
                    var got = await stream.ReadAsync(content, read, content.Length - read, cancellationToken).ConfigureAwait(false);
                    if (got == 0)
                    {
                        throw new IOException($"The response ended after {read} of {length} bytes.");
                    }

                    read += got;
                }
            }
            else
            {
                // Chunked: gather in pooled buffers, then keep one array of the exact size.
                using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
                var read = 0;
                try
                {
                    while (true)
                    {
                        if (read == buffer.Length)
                        {
                            var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                            Buffer.BlockCopy(buffer, 0, larger, 0, read);
                            ArrayPool<byte>.Shared.Return(buffer);
                            buffer = larger;
                        }

                        var got = await stream.ReadAsync(buffer, read, buffer.Length - read, cancellationToken).ConfigureAwait(false);
                        if (got == 0)
                        {
                            break;
                        }

                        read += got;
                    }

                    content = new byte[read];
                    Buffer.BlockCopy(buffer, 0, content, 0, read);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }

            return new ApiResponse((int)response.StatusCode, content, RetryAfterOf(response), response.Headers);
        }

        private static TimeSpan? RetryAfterOf(HttpResponseMessage response)
        {
            var header = response.Headers.RetryAfter;
            if (header?.Delta is TimeSpan delta)
            {
                return delta;
            }

            if (header?.Date is DateTimeOffset date)
            {
                var wait = date - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }

            return null;
        }

        private void Dump(HttpRequestMessage message, ApiRequest request, ApiResponse response, long elapsed, IHttpCallLog log)
        {
            var text = new StringBuilder();
            text.Append("> ").Append(message.Method.Method).Append(' ').Append(message.RequestUri).AppendLine();
            foreach (var line in SecretRedactor.Lines(message.Headers))
            {
                text.Append("> ").AppendLine(line);
            }

            if (request.JsonBody is not null)
            {
                text.Append("> ").AppendLine(request.JsonBody);
            }

            text.Append("< ").Append(response.StatusCode).Append(" (").Append(elapsed).AppendLine(" ms)");
            var body = response.Body.Length > Settings.DumpBodyLimit
                ? response.Body.Substring(0, Settings.DumpBodyLimit) + $"... ({response.Body.Length} chars)"
                : response.Body;
            text.Append("< ").Append(body);
            log.OnDump(Redactor.Redact(text.ToString()));
        }

        private static bool WasNeverSent(Exception ex)
        {
            for (var e = ex; e is not null; e = e.InnerException)
            {
                if (e is SocketException socket)
                {
                    return socket.SocketErrorCode == SocketError.ConnectionRefused
                        || socket.SocketErrorCode == SocketError.HostNotFound
                        || socket.SocketErrorCode == SocketError.NetworkUnreachable
                        || socket.SocketErrorCode == SocketError.HostUnreachable;
                }
            }

            return false;
        }

        private static Exception Innermost(Exception ex)
        {
            var e = ex;
            while (e.InnerException is not null)
            {
                e = e.InnerException;
            }

            return e;
        }
    }
}
