using System.Globalization;

namespace BackupModule.Emulator;

/// <summary>One fault to inject into matching requests; see <see cref="FaultInjector"/>.</summary>
public sealed class FaultRule
{
    /// <summary>"GET", "POST", "DELETE", ... or "*" for any method.</summary>
    public string Method { get; set; } = "*";

    /// <summary>Ordinal prefix of the request path, e.g. "/system/v1/backup/v1/create".</summary>
    public string PathPrefix { get; set; } = "/";

    /// <summary>
    /// Answer with this status and Message in the API's error shape: {"errors":[Message]} for DC/OS,
    /// {"code":status,"message":Message} for Zilliz (after the handler when <see cref="AfterHandler"/>).
    /// </summary>
    public int? StatusCode { get; set; }

    public string Message { get; set; } = "injected fault";

    /// <summary>
    /// Answer with exactly this body (status <see cref="StatusCode"/>, 200 when unset) instead of the API's
    /// error shape: an invalid JSON body, a proxy's HTML page, or a Zilliz {"code":80001,...} on HTTP 200.
    /// </summary>
    public string? Body { get; set; }

    /// <summary>The Content-Type of <see cref="Body"/>; application/json when unset.</summary>
    public string? ContentType { get; set; }

    /// <summary>Adds a Retry-After header (delta-seconds).</summary>
    public int? RetryAfterSeconds { get; set; }

    /// <summary>Wait this long first; the wait ends early when the client gives up.</summary>
    public TimeSpan? Delay { get; set; }

    /// <summary>Abort the TCP connection instead of answering.</summary>
    public bool Abort { get; set; }

    /// <summary>Run the real handler, announce the full Content-Length, send half the bytes, then abort.</summary>
    public bool TruncateBody { get; set; }

    /// <summary>Run the real handler first (its state changes happen), then apply Delay/StatusCode/Body/Abort.</summary>
    public bool AfterHandler { get; set; }

    /// <summary>How many matching requests the rule hits; -1 means forever.</summary>
    public int Times { get; set; } = 1;

    internal FaultRule Clone() => (FaultRule)MemberwiseClone();

    /// <summary>The text the audit log keeps for a request this rule hit.</summary>
    internal string Describe()
    {
        var parts = new List<string>();
        if (Delay is { } delay)
        {
            parts.Add($"delay {delay.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms");
        }

        if (Abort)
        {
            parts.Add("abort");
        }

        if (StatusCode is { } status)
        {
            parts.Add($"status {status.ToString(CultureInfo.InvariantCulture)}");
        }

        if (Body is not null)
        {
            parts.Add($"body {Body.Length.ToString(CultureInfo.InvariantCulture)} chars ({ContentType ?? "application/json"})");
        }

        if (RetryAfterSeconds is { } retryAfter)
        {
            parts.Add($"Retry-After {retryAfter.ToString(CultureInfo.InvariantCulture)}");
        }

        if (TruncateBody)
        {
            parts.Add("truncated body");
        }

        var what = parts.Count == 0 ? "no-op" : string.Join(", ", parts);
        return AfterHandler ? "after handler: " + what : what;
    }

    internal void Validate()
    {
        if (string.IsNullOrEmpty(Method))
        {
            throw new ArgumentException("Method must be an HTTP method or \"*\".", nameof(Method));
        }

        if (string.IsNullOrEmpty(PathPrefix) || PathPrefix[0] != '/')
        {
            throw new ArgumentException("PathPrefix must start with '/'.", nameof(PathPrefix));
        }

        if (StatusCode is < 100 or > 599)
        {
            throw new ArgumentOutOfRangeException(nameof(StatusCode), StatusCode, "StatusCode must be 100-599.");
        }

        if (RetryAfterSeconds is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryAfterSeconds), RetryAfterSeconds, "RetryAfterSeconds must not be negative.");
        }

        if (Delay is { } delay && delay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Delay), delay, "Delay must not be negative.");
        }

        if (Times == 0 || Times < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(Times), Times, "Times must be positive, or -1 for forever.");
        }
    }
}

/// <summary>Thread-safe set of armed fault rules; the first armed rule that matches a request hits it.</summary>
public sealed class FaultInjector
{
    private readonly object _gate = new();
    private readonly List<FaultRule> _rules = new();

    /// <summary>Arms a copy of <paramref name="rule"/>, so later changes to the caller's object do not leak in.</summary>
    public void Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        rule.Validate();
        lock (_gate)
        {
            _rules.Add(rule.Clone());
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    /// <summary>How many rules are still armed: a rule of <see cref="FaultRule.Times"/> 1 is gone once a request hit it.</summary>
    public int ArmedCount
    {
        get
        {
            lock (_gate)
            {
                return _rules.Count;
            }
        }
    }

    /// <summary>Finds the first matching rule and uses up one of its hits; returns a copy or null.</summary>
    internal FaultRule? TryTake(string method, string path)
    {
        lock (_gate)
        {
            var index = _rules.FindIndex(r =>
                (r.Method == "*" || string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase))
                && path.StartsWith(r.PathPrefix, StringComparison.Ordinal));
            if (index < 0)
            {
                return null;
            }

            var rule = _rules[index];
            if (rule.Times > 0 && --rule.Times == 0)
            {
                _rules.RemoveAt(index);
            }

            return rule.Clone();
        }
    }
}
