using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace BackupModule.Http
{
    /// <summary>
    /// Keeps a connection under a service's per-endpoint request rate (Zilliz Cloud: 20 per second), so
    /// the service never has to refuse it. A request holds its slot while in flight and for one second
    /// after it completes: since it reached the service before it completed, no more than <c>limit</c>
    /// requests can reach the service in any one-second window, however late connection set-up or
    /// queuing delays them. Shared by every runspace that uses the connection.
    /// </summary>
    internal sealed class EndpointThrottle
    {
        private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
        private static readonly TimeSpan InFlightPoll = TimeSpan.FromMilliseconds(20);

        private readonly int _limit;
        private readonly Dictionary<string, List<Slot>> _slots = new Dictionary<string, List<Slot>>(StringComparer.Ordinal);
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public EndpointThrottle(int limit)
        {
            if (limit < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(limit), "At least one request per second is needed.");
            }

            _limit = limit;
        }

        /// <summary>Waits until a request to <paramref name="endpoint"/> may start; dispose the result when it has completed.</summary>
        public async Task<IDisposable> WaitTurnAsync(string endpoint, CancellationToken cancellationToken)
        {
            while (true)
            {
                TimeSpan wait;
                lock (_slots)
                {
                    if (!_slots.TryGetValue(endpoint, out var slots))
                    {
                        slots = new List<Slot>(_limit);
                        _slots.Add(endpoint, slots);
                    }

                    var now = _clock.Elapsed;
                    slots.RemoveAll(s => s.CompletedAt is TimeSpan done && now - done >= Window);
                    if (slots.Count < _limit)
                    {
                        var slot = new Slot(this);
                        slots.Add(slot);
                        return slot;
                    }

                    var soonest = TimeSpan.MaxValue;
                    foreach (var s in slots)
                    {
                        if (s.CompletedAt is TimeSpan done && done + Window - now < soonest)
                        {
                            soonest = done + Window - now;
                        }
                    }

                    // All in flight: look again shortly; else the first completed slot frees first.
                    wait = soonest == TimeSpan.MaxValue ? InFlightPoll : soonest;
                }

                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), cancellationToken).ConfigureAwait(false);
            }
        }

        private sealed class Slot : IDisposable
        {
            private readonly EndpointThrottle _owner;

            public Slot(EndpointThrottle owner)
            {
                _owner = owner;
            }

            /// <summary>Null while the request is in flight.</summary>
            public TimeSpan? CompletedAt { get; private set; }

            public void Dispose()
            {
                lock (_owner._slots)
                {
                    CompletedAt ??= _owner._clock.Elapsed;
                }
            }
        }
    }
}
