using BackupModule.Http;
using BackupModule.Waiting;
using Xunit;

namespace BackupModule.Tests.Unit;

/// <summary>Capped exponential backoff with equal jitter, Retry-After honoured and capped, bounded attempts.</summary>
public sealed class RetryPolicyTests
{
    [Fact]
    public void Defaults_are_four_attempts_one_second_base_and_caps()
    {
        var policy = new RetryPolicy();

        Assert.Equal(4, policy.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(1), policy.BaseDelay);
        Assert.True(policy.MaxDelay >= policy.BaseDelay);
        Assert.True(policy.MaxRetryAfter > TimeSpan.Zero);
        Assert.Equal(4, RetryPolicy.Default.MaxAttempts);
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 1)]
    [InlineData(3, 7)]
    [InlineData(2, 119)]
    public void Retry_after_is_honoured_exactly(int failedAttempt, int seconds)
    {
        var policy = new RetryPolicy(maxAttempts: 4, baseDelay: TimeSpan.FromMilliseconds(100), maxDelay: TimeSpan.FromSeconds(1), maxRetryAfter: TimeSpan.FromMinutes(2), seed: 1);
        var asked = TimeSpan.FromSeconds(seconds) + TimeSpan.FromMilliseconds(250);

        Assert.Equal(asked, policy.DelayBefore(failedAttempt, asked));
    }

    [Fact]
    public void Retry_after_is_honoured_even_above_max_delay()
    {
        var policy = new RetryPolicy(baseDelay: TimeSpan.FromMilliseconds(100), maxDelay: TimeSpan.FromSeconds(1), maxRetryAfter: TimeSpan.FromMinutes(2), seed: 1);

        Assert.Equal(TimeSpan.FromSeconds(45), policy.DelayBefore(1, TimeSpan.FromSeconds(45)));
    }

    [Theory]
    [InlineData(121)]
    [InlineData(3600)]
    [InlineData(86400 * 7)]
    public void Retry_after_is_capped_at_MaxRetryAfter(int seconds)
    {
        var policy = new RetryPolicy(maxRetryAfter: TimeSpan.FromMinutes(2), seed: 1);

        Assert.Equal(TimeSpan.FromMinutes(2), policy.DelayBefore(1, TimeSpan.FromSeconds(seconds)));
    }

    [Fact]
    public void Retry_after_equal_to_the_cap_is_kept()
    {
        var policy = new RetryPolicy(maxRetryAfter: TimeSpan.FromSeconds(5), seed: 1);

        Assert.Equal(TimeSpan.FromSeconds(5), policy.DelayBefore(2, TimeSpan.FromSeconds(5)));
        Assert.Equal(TimeSpan.FromSeconds(5), policy.DelayBefore(2, TimeSpan.FromSeconds(6)));
    }

    [Fact]
    public void Default_MaxRetryAfter_caps_an_hour_long_retry_after()
    {
        var policy = new RetryPolicy(seed: 3);

        Assert.Equal(policy.MaxRetryAfter, policy.DelayBefore(1, TimeSpan.FromHours(1)));
        Assert.True(policy.MaxRetryAfter < TimeSpan.FromHours(1));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Zero_or_negative_retry_after_falls_back_to_backoff(int retryAfterMs)
    {
        var policy = new RetryPolicy(baseDelay: TimeSpan.FromMilliseconds(400), maxDelay: TimeSpan.FromSeconds(10), seed: 7);

        var delay = policy.DelayBefore(1, TimeSpan.FromMilliseconds(retryAfterMs));

        Assert.InRange(delay.TotalMilliseconds, 200, 400);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(42)]
    [InlineData(12345)]
    public void Backoff_grows_exponentially_within_half_to_full_of_base_times_two_to_the_n_minus_one(int seed)
    {
        var baseDelay = TimeSpan.FromMilliseconds(100);
        var maxDelay = TimeSpan.FromSeconds(60);
        var policy = new RetryPolicy(maxAttempts: 10, baseDelay: baseDelay, maxDelay: maxDelay, seed: seed);

        for (var attempt = 1; attempt <= 9; attempt++)
        {
            var nominal = baseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);

            var delay = policy.DelayBefore(attempt, null);

            Assert.InRange(delay.TotalMilliseconds, nominal * 0.5, nominal);
        }
    }

    [Fact]
    public void Backoff_ranges_of_successive_attempts_do_not_shrink()
    {
        var policy = new RetryPolicy(baseDelay: TimeSpan.FromMilliseconds(100), maxDelay: TimeSpan.FromSeconds(60), seed: 9);

        // Attempt n lies in [0.5, 1) x 100 x 2^(n-1): the lowest of attempt n+1 is the (excluded) highest of attempt n.
        var previous = 0.0;
        for (var attempt = 1; attempt <= 8; attempt++)
        {
            var delay = policy.DelayBefore(attempt, null).TotalMilliseconds;
            Assert.True(delay >= previous, $"attempt {attempt}: {delay} ms after {previous} ms");
            Assert.True(delay >= 50 * Math.Pow(2, attempt - 1) - 0.001, $"attempt {attempt}: {delay} ms");
            previous = delay;
        }
    }

    [Theory]
    [InlineData(6)]
    [InlineData(10)]
    [InlineData(30)]
    [InlineData(1000)]
    [InlineData(int.MaxValue)]
    public void Backoff_is_capped_at_MaxDelay(int attempt)
    {
        var maxDelay = TimeSpan.FromSeconds(2);
        var policy = new RetryPolicy(baseDelay: TimeSpan.FromMilliseconds(500), maxDelay: maxDelay, seed: 5);

        var delay = policy.DelayBefore(attempt, null);

        Assert.InRange(delay, TimeSpan.FromTicks(maxDelay.Ticks / 2), maxDelay);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Attempt_numbers_below_one_use_the_base_delay(int attempt)
    {
        var policy = new RetryPolicy(baseDelay: TimeSpan.FromMilliseconds(800), maxDelay: TimeSpan.FromSeconds(30), seed: 5);

        Assert.InRange(policy.DelayBefore(attempt, null).TotalMilliseconds, 400, 800);
    }

    [Fact]
    public void The_same_seed_gives_the_same_delays()
    {
        var a = new RetryPolicy(baseDelay: TimeSpan.FromMilliseconds(100), maxDelay: TimeSpan.FromSeconds(10), seed: 42);
        var b = new RetryPolicy(baseDelay: TimeSpan.FromMilliseconds(100), maxDelay: TimeSpan.FromSeconds(10), seed: 42);

        var first = Enumerable.Range(1, 8).Select(n => a.DelayBefore(n, null)).ToArray();
        var second = Enumerable.Range(1, 8).Select(n => b.DelayBefore(n, null)).ToArray();

        Assert.Equal(first, second);
    }

    [Fact]
    public void Jitter_spreads_delays_of_the_same_attempt()
    {
        var policy = new RetryPolicy(baseDelay: TimeSpan.FromSeconds(1), maxDelay: TimeSpan.FromSeconds(30), seed: 11);

        var delays = Enumerable.Range(0, 50).Select(_ => policy.DelayBefore(3, null)).ToArray();

        Assert.True(delays.Distinct().Count() > 10, "50 delays of attempt 3 should not be (nearly) all the same");
        Assert.All(delays, d => Assert.InRange(d.TotalMilliseconds, 2000, 4000));
    }

    [Theory]
    [InlineData(429, true)]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(504, true)]
    [InlineData(200, false)]
    [InlineData(201, false)]
    [InlineData(204, false)]
    [InlineData(301, false)]
    [InlineData(304, false)]
    [InlineData(400, false)]
    [InlineData(401, false)]
    [InlineData(403, false)]
    [InlineData(404, false)]
    [InlineData(408, false)]
    [InlineData(409, false)]
    [InlineData(425, false)]
    [InlineData(500, false)]
    [InlineData(501, false)]
    [InlineData(505, false)]
    [InlineData(511, false)]
    [InlineData(0, false)]
    [InlineData(-1, false)]
    public void IsRetryableStatus(int status, bool expected)
    {
        Assert.Equal(expected, RetryPolicy.IsRetryableStatus(status));
    }

    [Fact]
    public void Only_429_502_503_504_are_retryable_in_the_whole_range()
    {
        var retryable = Enumerable.Range(100, 500).Where(RetryPolicy.IsRetryableStatus).ToArray();

        Assert.Equal(new[] { 429, 502, 503, 504 }, retryable);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void Fewer_than_one_attempt_throws(int maxAttempts)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(maxAttempts));

        Assert.Equal("maxAttempts", error.ParamName);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(11)]
    public void One_or_more_attempts_are_kept(int maxAttempts)
    {
        Assert.Equal(maxAttempts, new RetryPolicy(maxAttempts).MaxAttempts);
    }

    [Fact]
    public void HttpSettings_default_to_the_default_policy_and_a_timeout()
    {
        var settings = new HttpSettings();

        Assert.Same(RetryPolicy.Default, settings.Retry);
        Assert.True(settings.RequestTimeout > TimeSpan.Zero);
    }
}

/// <summary>The -Wait poll interval: about 1 s, growing by half each time, up to 15 s.</summary>
public sealed class WaitOptionsTests
{
    [Fact]
    public void Defaults_are_one_second_growing_by_half_to_fifteen()
    {
        var options = new WaitOptions(TimeSpan.FromMinutes(10));

        Assert.Equal(TimeSpan.FromMinutes(10), options.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(1), options.InitialInterval);
        Assert.Equal(TimeSpan.FromSeconds(15), options.MaxInterval);
        Assert.Equal(1.5, options.Growth);
    }

    [Fact]
    public void IntervalAfter_grows_from_one_second_to_fifteen_and_stays()
    {
        var options = new WaitOptions(TimeSpan.FromMinutes(10));
        var expected = new[] { 1000.0, 1500, 2250, 3375, 5062.5, 7593.75, 11390.625, 15000, 15000, 15000 };

        var actual = new List<double>();
        var interval = options.InitialInterval;
        foreach (var _ in expected)
        {
            actual.Add(interval.TotalMilliseconds);
            interval = options.IntervalAfter(interval);
        }

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void IntervalAfter_honours_custom_growth_and_cap()
    {
        var options = new WaitOptions(TimeSpan.FromSeconds(5))
        {
            InitialInterval = TimeSpan.FromMilliseconds(10),
            MaxInterval = TimeSpan.FromMilliseconds(35),
            Growth = 2,
        };

        Assert.Equal(TimeSpan.FromMilliseconds(20), options.IntervalAfter(TimeSpan.FromMilliseconds(10)));
        Assert.Equal(TimeSpan.FromMilliseconds(35), options.IntervalAfter(TimeSpan.FromMilliseconds(20)));
        Assert.Equal(TimeSpan.FromMilliseconds(35), options.IntervalAfter(TimeSpan.FromMilliseconds(35)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(-60000)]
    public void A_non_positive_timeout_throws(int milliseconds)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new WaitOptions(TimeSpan.FromMilliseconds(milliseconds)));

        Assert.Equal("timeout", error.ParamName);
    }

    [Fact]
    public void The_smallest_positive_timeout_is_accepted()
    {
        Assert.Equal(TimeSpan.FromTicks(1), new WaitOptions(TimeSpan.FromTicks(1)).Timeout);
    }
}
