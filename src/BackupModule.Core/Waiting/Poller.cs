using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using BackupModule.Errors;

namespace BackupModule.Waiting
{
    /// <summary>
    /// Polls until a terminal state, the timeout, or cancellation, pausing about 1 s at first and growing
    /// to 15 s. Transient read failures (already retried by the HTTP core) do not end the wait; any other
    /// error does. Cancellation ends it at once, mid-pause or mid-request.
    /// </summary>
    public static class Poller
    {
        public static async Task<WaitOutcome<T>> WaitAsync<T>(
            T current,
            Func<CancellationToken, Task<T>> poll,
            Func<T, PollVerdict> judge,
            WaitOptions options,
            Action<WaitProgress<T>>? onProgress,
            Action<BackupServiceException>? onTransientError,
            CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            var interval = options.InitialInterval;
            var polls = 0;
            while (true)
            {
                var verdict = judge(current);
                if (verdict != PollVerdict.KeepWaiting)
                {
                    return new WaitOutcome<T>(verdict == PollVerdict.Succeeded ? WaitResult.Succeeded : WaitResult.Failed, current, clock.Elapsed, polls);
                }

                var remaining = options.Timeout - clock.Elapsed;
                if (remaining <= TimeSpan.Zero)
                {
                    return new WaitOutcome<T>(WaitResult.TimedOut, current, clock.Elapsed, polls);
                }

                var pause = interval < remaining ? interval : remaining;
                onProgress?.Invoke(new WaitProgress<T>(current, clock.Elapsed, options.Timeout, pause));
                await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
                interval = options.IntervalAfter(interval);
                polls++;
                try
                {
                    current = await poll(cancellationToken).ConfigureAwait(false);
                }
                catch (BackupServiceException ex) when (IsTransient(ex))
                {
                    onTransientError?.Invoke(ex);
                }
            }
        }

        public static bool IsTransient(BackupServiceException error) =>
            error.Kind == BackupErrorKind.Unavailable
            || error.Kind == BackupErrorKind.LimitsExceeded
            || error.Kind == BackupErrorKind.Connection
            || error.Kind == BackupErrorKind.Timeout;
    }
}
