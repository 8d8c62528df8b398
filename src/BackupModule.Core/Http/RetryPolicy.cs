using System;

namespace BackupModule.Http
{
    /// <summary>
    /// How reads are retried: capped exponential backoff with jitter, honouring Retry-After, bounded in
    /// attempts. Mutations are never retried by this policy.
    /// </summary>
    public sealed class RetryPolicy
    {
        private readonly Random _random;

        public RetryPolicy(int maxAttempts = 4, TimeSpan? baseDelay = null, TimeSpan? maxDelay = null, TimeSpan? maxRetryAfter = null, int? seed = null)
        {
            if (maxAttempts < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(maxAttempts), "At least one attempt is needed.");
            }

            MaxAttempts = maxAttempts;
            BaseDelay = baseDelay ?? TimeSpan.FromSeconds(1);
            MaxDelay = maxDelay ?? TimeSpan.FromSeconds(30);
            MaxRetryAfter = maxRetryAfter ?? TimeSpan.FromMinutes(2);
            _random = seed is int s ? new Random(s) : new Random();
        }

        public static RetryPolicy Default { get; } = new RetryPolicy();

        /// <summary>All attempts, the first one included.</summary>
        public int MaxAttempts { get; }

        public TimeSpan BaseDelay { get; }

        public TimeSpan MaxDelay { get; }

        /// <summary>A Retry-After longer than this is cut to it, so one answer cannot stall a script for hours.</summary>
        public TimeSpan MaxRetryAfter { get; }

        public static bool IsRetryableStatus(int statusCode) =>
            statusCode == 429 || statusCode == 502 || statusCode == 503 || statusCode == 504;

        /// <summary>The wait before attempt <paramref name="failedAttempt"/> + 1.</summary>
        public TimeSpan DelayBefore(int failedAttempt, TimeSpan? retryAfter)
        {
            if (retryAfter is TimeSpan asked && asked > TimeSpan.Zero)
            {
                return asked < MaxRetryAfter ? asked : MaxRetryAfter;
            }

            var exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, failedAttempt - 1));
            var capped = Math.Min(exponential, MaxDelay.TotalMilliseconds);
            double factor;
            lock (_random)
            {
                // "Equal jitter": half fixed, half random, so clients that failed together spread out.
                factor = 0.5 + (_random.NextDouble() / 2);
            }

            return TimeSpan.FromMilliseconds(capped * factor);
        }
    }
}
