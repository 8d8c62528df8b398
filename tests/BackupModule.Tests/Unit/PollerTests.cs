using BackupModule.Errors;
using BackupModule.Waiting;
using Xunit;

namespace BackupModule.Tests.Unit;

/// <summary>
/// The -Wait loop with in-memory poll functions. Intervals are tiny and timeouts generous; nothing here
/// asserts how long anything took.
/// </summary>
public sealed class PollerTests
{
    /// <summary>A state the poll functions hand out: a number and a verdict.</summary>
    private sealed record State(int Step, PollVerdict Verdict);

    private static WaitOptions Quick(TimeSpan? timeout = null) => new(timeout ?? TimeSpan.FromSeconds(60))
    {
        InitialInterval = TimeSpan.FromMilliseconds(10),
        MaxInterval = TimeSpan.FromMilliseconds(20),
    };

    private static readonly State Start = new(0, PollVerdict.KeepWaiting);

    private static PollVerdict Judge(State s) => s.Verdict;

    [Fact]
    public async Task Succeeds_when_a_poll_shows_success()
    {
        var calls = 0;
        Task<State> Poll(CancellationToken ct)
        {
            calls++;
            return Task.FromResult(new State(calls, calls >= 3 ? PollVerdict.Succeeded : PollVerdict.KeepWaiting));
        }

        var outcome = await Poller.WaitAsync(Start, Poll, Judge, Quick(), null, null, CancellationToken.None);

        Assert.Equal(WaitResult.Succeeded, outcome.Result);
        Assert.Equal(3, outcome.Last.Step);
        Assert.Equal(3, outcome.Polls);
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task Fails_when_a_poll_shows_failure()
    {
        var calls = 0;
        Task<State> Poll(CancellationToken ct)
        {
            calls++;
            return Task.FromResult(new State(calls, calls == 2 ? PollVerdict.Failed : PollVerdict.KeepWaiting));
        }

        var outcome = await Poller.WaitAsync(Start, Poll, Judge, Quick(), null, null, CancellationToken.None);

        Assert.Equal(WaitResult.Failed, outcome.Result);
        Assert.Equal(2, outcome.Last.Step);
        Assert.Equal(PollVerdict.Failed, outcome.Last.Verdict);
        Assert.Equal(2, calls);
    }

    [Theory]
    [InlineData(PollVerdict.Succeeded, WaitResult.Succeeded)]
    [InlineData(PollVerdict.Failed, WaitResult.Failed)]
    public async Task A_state_that_is_already_terminal_is_not_polled(PollVerdict verdict, WaitResult expected)
    {
        var calls = 0;
        var first = new State(0, verdict);

        var outcome = await Poller.WaitAsync(
            first,
            ct =>
            {
                calls++;
                return Task.FromResult(Start);
            },
            Judge,
            Quick(),
            null,
            null,
            CancellationToken.None);

        Assert.Equal(expected, outcome.Result);
        Assert.Same(first, outcome.Last);
        Assert.Equal(0, outcome.Polls);
        Assert.Equal(0, calls);
    }

    [Fact]
    public async Task Times_out_with_the_last_value_seen()
    {
        var calls = 0;
        Task<State> Poll(CancellationToken ct)
        {
            calls++;
            return Task.FromResult(new State(calls, PollVerdict.KeepWaiting));
        }

        var outcome = await Poller.WaitAsync(Start, Poll, Judge, Quick(TimeSpan.FromMilliseconds(150)), null, null, CancellationToken.None);

        Assert.Equal(WaitResult.TimedOut, outcome.Result);
        Assert.Equal(calls, outcome.Last.Step);
        Assert.Equal(calls, outcome.Polls);
        Assert.Equal(PollVerdict.KeepWaiting, outcome.Last.Verdict);
    }

    [Fact]
    public async Task Times_out_with_the_first_value_when_every_poll_failed_transiently()
    {
        var errors = new List<BackupServiceException>();

        var outcome = await Poller.WaitAsync<State>(
            Start,
            ct => throw new BackupServiceException(BackupErrorId.ServiceUnavailable, BackupErrorKind.Unavailable, "503"),
            Judge,
            Quick(TimeSpan.FromMilliseconds(150)),
            null,
            errors.Add,
            CancellationToken.None);

        Assert.Equal(WaitResult.TimedOut, outcome.Result);
        Assert.Same(Start, outcome.Last);
        Assert.Equal(outcome.Polls, errors.Count);
    }

    [Theory]
    [InlineData(BackupErrorKind.Unavailable)]
    [InlineData(BackupErrorKind.Connection)]
    [InlineData(BackupErrorKind.Timeout)]
    [InlineData(BackupErrorKind.LimitsExceeded)]
    public async Task Transient_errors_keep_the_wait_going_and_are_reported(BackupErrorKind kind)
    {
        var calls = 0;
        var reported = new List<BackupServiceException>();
        Task<State> Poll(CancellationToken ct)
        {
            calls++;
            if (calls <= 2)
            {
                throw new BackupServiceException("Transient" + calls, kind, $"transient failure {calls}");
            }

            return Task.FromResult(new State(calls, PollVerdict.Succeeded));
        }

        var outcome = await Poller.WaitAsync(Start, Poll, Judge, Quick(), null, reported.Add, CancellationToken.None);

        Assert.Equal(WaitResult.Succeeded, outcome.Result);
        Assert.Equal(3, outcome.Last.Step);
        Assert.Equal(3, outcome.Polls);
        Assert.Equal(new[] { "Transient1", "Transient2" }, reported.Select(e => e.ErrorId));
        Assert.All(reported, e => Assert.Equal(kind, e.Kind));
    }

    [Fact]
    public async Task Transient_errors_without_a_handler_still_keep_the_wait_going()
    {
        var calls = 0;
        Task<State> Poll(CancellationToken ct)
        {
            calls++;
            return calls == 1
                ? Task.FromException<State>(new BackupServiceException(BackupErrorId.RateLimited, BackupErrorKind.LimitsExceeded, "429"))
                : Task.FromResult(new State(calls, PollVerdict.Succeeded));
        }

        var outcome = await Poller.WaitAsync(Start, Poll, Judge, Quick(), null, null, CancellationToken.None);

        Assert.Equal(WaitResult.Succeeded, outcome.Result);
        Assert.Equal(2, calls);
    }

    [Theory]
    [InlineData(BackupErrorKind.NotFound)]
    [InlineData(BackupErrorKind.Authentication)]
    [InlineData(BackupErrorKind.Permission)]
    [InlineData(BackupErrorKind.InvalidData)]
    [InlineData(BackupErrorKind.ServiceError)]
    [InlineData(BackupErrorKind.InvalidArgument)]
    [InlineData(BackupErrorKind.OutcomeUnknown)]
    public async Task Non_transient_errors_end_the_wait(BackupErrorKind kind)
    {
        var calls = 0;
        var reported = new List<BackupServiceException>();
        var thrown = new BackupServiceException(BackupErrorId.BackupNotFound, kind, "gone", "abc-1");
        Task<State> Poll(CancellationToken ct)
        {
            calls++;
            return calls == 1 ? Task.FromResult(new State(1, PollVerdict.KeepWaiting)) : throw thrown;
        }

        var error = await Assert.ThrowsAsync<BackupServiceException>(
            () => Poller.WaitAsync(Start, Poll, Judge, Quick(), null, reported.Add, CancellationToken.None));

        Assert.Same(thrown, error);
        Assert.Equal(2, calls);
        Assert.Empty(reported);
    }

    [Fact]
    public async Task Other_exceptions_end_the_wait()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => Poller.WaitAsync<State>(Start, ct => throw new InvalidOperationException("bug"), Judge, Quick(), null, null, CancellationToken.None));

        Assert.Equal("bug", error.Message);
    }

    [Theory]
    [InlineData(BackupErrorKind.Unavailable, true)]
    [InlineData(BackupErrorKind.Connection, true)]
    [InlineData(BackupErrorKind.Timeout, true)]
    [InlineData(BackupErrorKind.LimitsExceeded, true)]
    [InlineData(BackupErrorKind.NotFound, false)]
    [InlineData(BackupErrorKind.Busy, false)]
    [InlineData(BackupErrorKind.Authentication, false)]
    [InlineData(BackupErrorKind.Permission, false)]
    [InlineData(BackupErrorKind.InvalidArgument, false)]
    [InlineData(BackupErrorKind.InvalidOperation, false)]
    [InlineData(BackupErrorKind.ServiceError, false)]
    [InlineData(BackupErrorKind.InvalidData, false)]
    [InlineData(BackupErrorKind.OperationFailed, false)]
    [InlineData(BackupErrorKind.OutcomeUnknown, false)]
    [InlineData(BackupErrorKind.Security, false)]
    public void IsTransient(BackupErrorKind kind, bool expected)
    {
        Assert.Equal(expected, Poller.IsTransient(new BackupServiceException("X", kind, "m")));
    }

    [Fact]
    public void IsTransient_covers_every_kind()
    {
        var transient = Enum.GetValues<BackupErrorKind>().Where(k => Poller.IsTransient(new BackupServiceException("X", k, "m"))).ToHashSet();

        Assert.Equal(
            new HashSet<BackupErrorKind> { BackupErrorKind.Unavailable, BackupErrorKind.Connection, BackupErrorKind.Timeout, BackupErrorKind.LimitsExceeded },
            transient);
    }

    [Fact]
    public async Task Cancellation_during_a_pause_throws()
    {
        using var cancellation = new CancellationTokenSource();
        var calls = 0;
        Task<State> Poll(CancellationToken ct)
        {
            calls++;
            if (calls == 2)
            {
                cancellation.Cancel();
            }

            return Task.FromResult(new State(calls, PollVerdict.KeepWaiting));
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Poller.WaitAsync(Start, Poll, Judge, Quick(), null, null, cancellation.Token));

        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task Cancellation_during_a_poll_throws()
    {
        using var cancellation = new CancellationTokenSource();
        var pollStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tokenSeen = CancellationToken.None;
        async Task<State> Poll(CancellationToken ct)
        {
            tokenSeen = ct;
            pollStarted.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return new State(1, PollVerdict.Succeeded);
        }

        var wait = Poller.WaitAsync(Start, Poll, Judge, Quick(), null, null, cancellation.Token);
        await pollStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        Assert.Equal(cancellation.Token, tokenSeen);
    }

    [Fact]
    public async Task An_already_cancelled_token_throws_without_polling()
    {
        var calls = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Poller.WaitAsync(
                Start,
                ct =>
                {
                    calls++;
                    return Task.FromResult(Start);
                },
                Judge,
                Quick(),
                null,
                null,
                new CancellationToken(canceled: true)));

        Assert.Equal(0, calls);
    }

    [Fact]
    public async Task Cancellation_wins_over_a_transient_error()
    {
        using var cancellation = new CancellationTokenSource();
        Task<State> Poll(CancellationToken ct)
        {
            cancellation.Cancel();
            throw new BackupServiceException(BackupErrorId.ServiceUnavailable, BackupErrorKind.Unavailable, "503");
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Poller.WaitAsync(Start, Poll, Judge, Quick(), null, null, cancellation.Token));
    }

    [Fact]
    public async Task Progress_is_reported_before_each_poll_with_growing_pauses()
    {
        var progress = new List<WaitProgress<State>>();
        var calls = 0;
        Task<State> Poll(CancellationToken ct)
        {
            calls++;
            return Task.FromResult(new State(calls, calls >= 4 ? PollVerdict.Succeeded : PollVerdict.KeepWaiting));
        }

        var options = Quick(TimeSpan.FromMinutes(5));
        var outcome = await Poller.WaitAsync(Start, Poll, Judge, options, progress.Add, null, CancellationToken.None);

        Assert.Equal(WaitResult.Succeeded, outcome.Result);
        Assert.Equal(4, progress.Count);
        Assert.Equal(new[] { 0, 1, 2, 3 }, progress.Select(p => p.Current.Step));
        Assert.All(progress, p => Assert.Equal(TimeSpan.FromMinutes(5), p.Timeout));

        // 10 ms, x1.5 = 15 ms, then capped at MaxInterval 20 ms: the pause grows and is bounded.
        Assert.Equal(
            new[] { TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(15), TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(20) },
            progress.Select(p => p.NextPollIn));
    }

    [Fact]
    public async Task A_pause_never_exceeds_the_timeout()
    {
        var progress = new List<WaitProgress<State>>();
        var options = new WaitOptions(TimeSpan.FromMilliseconds(100)) { InitialInterval = TimeSpan.FromSeconds(30), MaxInterval = TimeSpan.FromSeconds(30) };

        var outcome = await Poller.WaitAsync(Start, ct => Task.FromResult(Start), Judge, options, progress.Add, null, CancellationToken.None);

        Assert.Equal(WaitResult.TimedOut, outcome.Result);
        Assert.All(progress, p => Assert.True(p.NextPollIn <= options.Timeout, $"pause {p.NextPollIn} > timeout"));
    }

    [Fact]
    public async Task Judge_sees_every_polled_value()
    {
        var judged = new List<int>();
        var calls = 0;

        await Poller.WaitAsync(
            Start,
            ct => Task.FromResult(new State(++calls, calls >= 3 ? PollVerdict.Succeeded : PollVerdict.KeepWaiting)),
            s =>
            {
                judged.Add(s.Step);
                return s.Verdict;
            },
            Quick(),
            null,
            null,
            CancellationToken.None);

        Assert.Equal(new[] { 0, 1, 2, 3 }, judged);
    }
}
