using System.Diagnostics;

namespace BackupModule.Emulator;

/// <summary>
/// The control plane's "N requests per second per API key per endpoint" as a sliding one-second window,
/// strict enough that a client which stays under the limit in every second never sees a 429 and one
/// that bursts over it does. Rejected requests do not use up the window [?].
/// </summary>
internal sealed class ZillizRateLimiter
{
    private static readonly long Window = Stopwatch.Frequency;

    private readonly object _gate = new();
    private readonly Dictionary<(string Caller, string Endpoint), Queue<long>> _recent = new();
    private int _requestsPerSecond;
    private long _rejected;

    public ZillizRateLimiter(int requestsPerSecond)
    {
        RequestsPerSecond = requestsPerSecond;
    }

    public int RequestsPerSecond
    {
        get => Volatile.Read(ref _requestsPerSecond);
        set => Volatile.Write(ref _requestsPerSecond, value >= 1
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "The rate limit must be at least 1 request per second."));
    }

    /// <summary>How many requests were answered 429 since the start or the last reset.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <param name="caller">The API key; kept in memory only, never logged or persisted.</param>
    /// <param name="endpoint">Method and route template, e.g. "GET /v2/jobs/{jobId}".</param>
    public bool TryAcquire(string caller, string endpoint)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            if (!_recent.TryGetValue((caller, endpoint), out var times))
            {
                _recent[(caller, endpoint)] = times = new Queue<long>();
            }

            while (times.Count > 0 && now - times.Peek() >= Window)
            {
                times.Dequeue();
            }

            if (times.Count >= RequestsPerSecond)
            {
                Interlocked.Increment(ref _rejected);
                return false;
            }

            times.Enqueue(now);
            return true;
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _recent.Clear();
            Interlocked.Exchange(ref _rejected, 0);
        }
    }
}
