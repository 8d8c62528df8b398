using System;
using System.Globalization;

namespace BackupModule.Http
{
    /// <summary>What one HTTP attempt did, already redacted; the cmdlets turn it into a -Verbose line.</summary>
    public sealed class HttpCallRecord
    {
        public HttpCallRecord(string method, string path, int? statusCode, long elapsedMilliseconds, int attempt, string? failure, TimeSpan? retryDelay)
        {
            Method = method;
            Path = path;
            StatusCode = statusCode;
            ElapsedMilliseconds = elapsedMilliseconds;
            Attempt = attempt;
            Failure = failure;
            RetryDelay = retryDelay;
        }

        public string Method { get; }

        /// <summary>Absolute path and query of the request URI.</summary>
        public string Path { get; }

        /// <summary>Null when no response came back (timeout, network failure).</summary>
        public int? StatusCode { get; }

        public long ElapsedMilliseconds { get; }

        public int Attempt { get; }

        public string? Failure { get; }

        /// <summary>Set when the client will try again after this delay.</summary>
        public TimeSpan? RetryDelay { get; }

        public string ToVerboseLine()
        {
            var status = StatusCode?.ToString(CultureInfo.InvariantCulture) ?? Failure ?? "no response";
            var line = $"{Method} {Path} {status} ({ElapsedMilliseconds} ms)";
            if (Attempt > 1)
            {
                line += $" attempt {Attempt}";
            }

            if (RetryDelay is TimeSpan delay)
            {
                line += $"; retrying in {delay.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s";
            }

            return line;
        }
    }
}
