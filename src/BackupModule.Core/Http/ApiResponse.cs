using System;
using System.Net.Http.Headers;

namespace BackupModule.Http
{
    /// <summary>A response whose body has been read whole.</summary>
    public sealed class ApiResponse
    {
        public ApiResponse(int statusCode, string body, TimeSpan? retryAfter, HttpResponseHeaders? headers = null)
        {
            StatusCode = statusCode;
            Body = body;
            RetryAfter = retryAfter;
            Headers = headers;
        }

        public int StatusCode { get; }

        public string Body { get; }

        /// <summary>The service's Retry-After, as a delay from now.</summary>
        public TimeSpan? RetryAfter { get; }

        public HttpResponseHeaders? Headers { get; }

        public bool IsSuccess => StatusCode >= 200 && StatusCode < 300;
    }
}
