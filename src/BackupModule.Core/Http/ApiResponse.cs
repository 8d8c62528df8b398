using System;
using System.Net.Http.Headers;
using System.Text;

namespace BackupModule.Http
{
    /// <summary>
    /// A response whose body has been read whole, as the UTF-8 bytes that came: back ends parse those
    /// directly. The text form is made only when asked for (errors, -Debug dumps).
    /// </summary>
    public sealed class ApiResponse
    {
        private string? _body;

        public ApiResponse(int statusCode, byte[] content, TimeSpan? retryAfter, HttpResponseHeaders? headers = null)
        {
            StatusCode = statusCode;
            Content = content;
            RetryAfter = retryAfter;
            Headers = headers;
        }

        public ApiResponse(int statusCode, string body, TimeSpan? retryAfter, HttpResponseHeaders? headers = null)
            : this(statusCode, Encoding.UTF8.GetBytes(body), retryAfter, headers)
        {
            _body = body;
        }

        public int StatusCode { get; }

        /// <summary>The body as received (UTF-8 JSON for every back end).</summary>
        public byte[] Content { get; }

        /// <summary>The body as text, decoded on first use.</summary>
        public string Body => _body ??= Encoding.UTF8.GetString(Content);

        /// <summary>The service's Retry-After, as a delay from now.</summary>
        public TimeSpan? RetryAfter { get; }

        public HttpResponseHeaders? Headers { get; }

        public bool IsSuccess => StatusCode >= 200 && StatusCode < 300;
    }
}
