using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using BackupModule.Model;

namespace BackupModule.MilvusBackup
{
    /// <summary>What get_backup said about a stored backup, or that it could say nothing (the server never ran its task).</summary>
    internal sealed class StoredBackupDetails
    {
        public static readonly StoredBackupDetails Unknown = new StoredBackupDetails();

        public DateTimeOffset? CreatedAt { get; set; }

        public IReadOnlyList<BackupItem> Items { get; set; } = Array.Empty<BackupItem>();

        /// <summary>True when the details came from the task that made the backup (state 2), not only from /list.</summary>
        public bool FromTask { get; set; }
    }

    /// <summary>
    /// Per connection: the details of stored backups (a stored backup never changes, so /list plus these needs no
    /// second get_backup for it: a list of 10,000 backups reads each one's details once), and the scope of the backups
    /// this connection made (the server does not say whether a filter was used). Keyed by name and the id /list shows,
    /// so a backup deleted and made again under its name is read afresh. Bounded; thread-safe.
    /// </summary>
    internal sealed class MilvusBackupDetailCache
    {
        private const int Capacity = 20000;

        private static readonly ConditionalWeakTable<BackupConnection, MilvusBackupDetailCache> ByConnection = new ConditionalWeakTable<BackupConnection, MilvusBackupDetailCache>();

        private readonly Dictionary<string, StoredBackupDetails> _details = new Dictionary<string, StoredBackupDetails>(StringComparer.Ordinal);
        private readonly Dictionary<string, BackupScope> _scopes = new Dictionary<string, BackupScope>(StringComparer.Ordinal);

        public static MilvusBackupDetailCache Of(BackupConnection connection) => ByConnection.GetValue(connection, _ => new MilvusBackupDetailCache());

        public bool TryGet(string name, string? id, out StoredBackupDetails details)
        {
            lock (_details)
            {
                return _details.TryGetValue(Key(name, id), out details!);
            }
        }

        public void Set(string name, string? id, StoredBackupDetails details)
        {
            lock (_details)
            {
                if (_details.Count >= Capacity)
                {
                    _details.Clear();
                }

                _details[Key(name, id)] = details;
            }
        }

        public void SetScope(string name, string taskId, BackupScope scope)
        {
            lock (_details)
            {
                if (_scopes.Count >= Capacity)
                {
                    _scopes.Clear();
                }

                _scopes[Key(name, taskId)] = scope;
            }
        }

        /// <summary>The scope of a backup this connection made; Cluster for any other [?] (the server keeps no record of the filter).</summary>
        public BackupScope ScopeOf(string name, string? taskId)
        {
            lock (_details)
            {
                return _scopes.TryGetValue(Key(name, taskId), out var scope) ? scope : BackupScope.Cluster;
            }
        }

        private static string Key(string name, string? id) => name + "\n" + id;
    }
}
