using System;

namespace BackupModule.Waiting
{
    /// <summary>What a poll showed about the thing waited on.</summary>
    public enum PollVerdict
    {
        KeepWaiting,
        Succeeded,
        Failed,
    }

    public enum WaitResult
    {
        Succeeded,
        Failed,
        TimedOut,
    }

    /// <summary>How a wait ended, with the last state seen (also on timeout: the caller still emits it).</summary>
    public sealed class WaitOutcome<T>
    {
        public WaitOutcome(WaitResult result, T last, TimeSpan elapsed, int polls)
        {
            Result = result;
            Last = last;
            Elapsed = elapsed;
            Polls = polls;
        }

        public WaitResult Result { get; }

        public T Last { get; }

        public TimeSpan Elapsed { get; }

        public int Polls { get; }
    }

    /// <summary>One step of a wait, for a progress bar.</summary>
    public sealed class WaitProgress<T>
    {
        public WaitProgress(T current, TimeSpan elapsed, TimeSpan timeout, TimeSpan nextPollIn)
        {
            Current = current;
            Elapsed = elapsed;
            Timeout = timeout;
            NextPollIn = nextPollIn;
        }

        public T Current { get; }

        public TimeSpan Elapsed { get; }

        public TimeSpan Timeout { get; }

        public TimeSpan NextPollIn { get; }
    }
}
