using System;
using System.Collections.Generic;
using System.Linq;

namespace BackupModule.Model
{
    /// <summary>Job ids a connection started, by backup id; bounded, thread-safe (runspaces share connections).</summary>
    internal sealed class JobLedger
    {
        private const int Capacity = 1000;

        private readonly LinkedList<KeyValuePair<string, string>> _entries = new LinkedList<KeyValuePair<string, string>>();

        public void Record(string backupId, string jobId)
        {
            lock (_entries)
            {
                _entries.AddLast(new KeyValuePair<string, string>(backupId, jobId));
                if (_entries.Count > Capacity)
                {
                    _entries.RemoveFirst();
                }
            }
        }

        public IReadOnlyList<string> For(string backupId)
        {
            lock (_entries)
            {
                return _entries.Where(e => e.Key == backupId).Select(e => e.Value).ToArray();
            }
        }

        public string? BackupOf(string jobId)
        {
            lock (_entries)
            {
                return _entries.Where(e => e.Value == jobId).Select(e => e.Key).LastOrDefault();
            }
        }
    }
}
