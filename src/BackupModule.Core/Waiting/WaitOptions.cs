using System;

namespace BackupModule.Waiting
{
    /// <summary>How long and how often to poll. Every wait has a timeout.</summary>
    public sealed class WaitOptions
    {
        public WaitOptions(TimeSpan timeout)
        {
            if (timeout <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(timeout), "A wait needs a positive timeout.");
            }

            Timeout = timeout;
        }

        public TimeSpan Timeout { get; }

        /// <summary>The first pause; each next one is <see cref="Growth"/> times longer, up to <see cref="MaxInterval"/>.</summary>
        public TimeSpan InitialInterval { get; set; } = TimeSpan.FromSeconds(1);

        public TimeSpan MaxInterval { get; set; } = TimeSpan.FromSeconds(15);

        public double Growth { get; set; } = 1.5;

        public TimeSpan IntervalAfter(TimeSpan previous)
        {
            var next = TimeSpan.FromMilliseconds(previous.TotalMilliseconds * Growth);
            return next < MaxInterval ? next : MaxInterval;
        }
    }
}
