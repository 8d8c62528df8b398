using System;
using System.Collections.Generic;
using System.Linq;

namespace BackupModule.Model
{
    /// <summary>
    /// Job ids a connection started, by backup id, and the jobs as they were started (what only the starting
    /// call knew: target, one-time credential); bounded, thread-safe (runspaces share connections).
    /// </summary>
    internal sealed class JobLedger
    {
        private const int Capacity = 1000;

        private readonly LinkedList<Entry> _entries = new LinkedList<Entry>();

        public void Record(string backupId, string jobId)
        {
            lock (_entries)
            {
                _entries.AddLast(new Entry(backupId, jobId));
                if (_entries.Count > Capacity)
                {
                    _entries.RemoveFirst();
                }
            }
        }

        /// <summary>Keeps the job as started (recorded first), so a later reading of it by id gets its facts back.</summary>
        public void Remember(ClusterBackupJob started)
        {
            lock (_entries)
            {
                foreach (var entry in _entries.Where(e => e.JobId == started.Id))
                {
                    entry.Started = started;
                }
            }
        }

        public IReadOnlyList<string> For(string backupId)
        {
            lock (_entries)
            {
                return _entries.Where(e => e.BackupId == backupId).Select(e => e.JobId).ToArray();
            }
        }

        /// <summary>Every job id recorded, newest last, with its backup id.</summary>
        public IReadOnlyList<(string JobId, string BackupId)> All()
        {
            lock (_entries)
            {
                return _entries.Select(e => (e.JobId, e.BackupId)).ToArray();
            }
        }

        public string? BackupOf(string jobId)
        {
            lock (_entries)
            {
                return _entries.Where(e => e.JobId == jobId).Select(e => e.BackupId).LastOrDefault();
            }
        }

        public ClusterBackupJob? Started(string jobId)
        {
            lock (_entries)
            {
                return _entries.Where(e => e.JobId == jobId).Select(e => e.Started).LastOrDefault(s => s is not null);
            }
        }

        private sealed class Entry
        {
            public Entry(string backupId, string jobId)
            {
                BackupId = backupId;
                JobId = jobId;
            }

            public string BackupId { get; }

            public string JobId { get; }

            public ClusterBackupJob? Started { get; set; }
        }
    }
}
