using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace BackupModule.Http
{
    /// <summary>
    /// Keeps a connection under a service's per-endpoint request rate (Zilliz Cloud: 20 per second), so
    /// the service never has to refuse it: at most <c>limit</c> requests start in any one-second window
    /// per endpoint. Shared by every runspace that uses the connection.
    /// </summary>
    internal sealed class EndpointThrottle
    {
        private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

        private readonly int _limit;
        private readonly Dictionary<string, Queue<TimeSpan>> _starts = new Dictionary<string, Queue<TimeSpan>>(StringComparer.Ordinal);
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public EndpointThrottle(int limit)
        {
            if (limit < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(limit), "At least one request per second is needed.");
            }

            _limit = limit;
        }

        /// <summary>Waits until a request to <paramref name="endpoint"/> may start, and counts it.</summary>
        public async Task WaitTurnAsync(string endpoint, CancellationToken cancellationToken)
        {
            while (true)
            {
                TimeSpan wait;
                lock (_starts)
                {
                    if (!_starts.TryGetValue(endpoint, out var starts))
                    {
                        starts = new Queue<TimeSpan>(_limit);
                        _starts.Add(endpoint, starts);
                    }

                    var now = _clock.Elapsed;
                    while (starts.Count > 0 && now - starts.Peek() >= Window)
                    {
                        starts.Dequeue();
                    }

                    if (starts.Count < _limit)
                    {
                        starts.Enqueue(now);
                        return;
                    }

                    wait = starts.Peek() + Window - now;
                }

                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
