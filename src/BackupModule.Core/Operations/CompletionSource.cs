using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using BackupModule.Http;
using BackupModule.Model;

namespace BackupModule.Operations
{
    /// <summary>What a parameter's tab completion offers.</summary>
    public enum CompletionKind
    {
        BackupId,
        Label,
        ClusterId,
        Collection,
        Database,
        JobId,

        /// <summary>Cloud region ids the connection's backups are kept in (Zilliz Cloud cross-region copies).</summary>
        RegionId,
    }

    /// <summary>One completion: the text to insert (quoted when needed), what the list shows, and a tooltip.</summary>
    public sealed class CompletionCandidate
    {
        public CompletionCandidate(string value, string toolTip)
        {
            Value = value;
            CompletionText = CompletionSource.Quote(value);
            ToolTip = string.IsNullOrEmpty(toolTip) ? value : toolTip;
        }

        /// <summary>The value itself, unquoted (what the list shows).</summary>
        public string Value { get; }

        /// <summary>The value as typed on the command line: single-quoted when it holds spaces or other special characters.</summary>
        public string CompletionText { get; }

        public string ToolTip { get; }
    }

    /// <summary>
    /// Tab completion values from the backups of a connection: ids, labels, cluster ids, Zilliz databases and
    /// collections, and job ids. The connection is the one given (-Connection typed on the line) or the session
    /// default, never one made from the environment. A lookup is bounded (<see cref="LookupTimeout"/>) and its
    /// result kept for <see cref="CacheLifetime"/> per connection; a failure or a slow service yields what
    /// arrived in time, or nothing: completion never throws.
    /// </summary>
    public static class CompletionSource
    {
        private static readonly ConditionalWeakTable<BackupConnection, CacheEntry> Cache = new ConditionalWeakTable<BackupConnection, CacheEntry>();

        /// <summary>How long a connection's backup list is reused for completion.</summary>
        public static TimeSpan CacheLifetime { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>How long one lookup may take; the list call is cancelled then.</summary>
        public static TimeSpan LookupTimeout { get; set; } = TimeSpan.FromSeconds(1);

        /// <summary>
        /// The candidates of <paramref name="kind"/> matching <paramref name="wordToComplete"/> (a prefix, wildcards
        /// allowed), sorted. <paramref name="bound"/> reads parameters already typed (ClusterId, Database, Id)
        /// to narrow the list; it may be null.
        /// </summary>
        public static IReadOnlyList<CompletionCandidate> Complete(BackupConnection? given, CompletionKind kind, string? wordToComplete, Func<string, string?>? bound = null)
        {
            try
            {
                var connection = given ?? SessionConnections.Default;
                if (connection is null)
                {
                    return Array.Empty<CompletionCandidate>();
                }

                var pattern = PatternFor(wordToComplete);
                var backups = BackupsOf(connection);
                return Candidates(connection, kind, backups, bound ?? (_ => null))
                    .Where(c => pattern.IsMatch(c.Value))
                    .GroupBy(c => c.Value, StringComparer.Ordinal)
                    .Select(g => g.First())
                    .OrderBy(c => c.Value, StringComparer.OrdinalIgnoreCase)
                    .ToArray();
            }
            catch (Exception)
            {
                // Completion is a keystroke: it must never surface an error.
                return Array.Empty<CompletionCandidate>();
            }
        }

        /// <summary>This session's connection names matching <paramref name="wordToComplete"/> (a prefix, wildcards allowed); the tooltip says where each goes.</summary>
        public static IReadOnlyList<CompletionCandidate> ConnectionNames(string? wordToComplete)
        {
            try
            {
                return SessionConnections.List(PatternFor(wordToComplete))
                    .Select(c => new CompletionCandidate(c.Name, c.IsDefault ? $"{c} (the default)" : c.ToString()))
                    .ToArray();
            }
            catch (Exception)
            {
                return Array.Empty<CompletionCandidate>();
            }
        }

        /// <summary>A value as it must be typed: single-quoted (quotes doubled) when it holds anything PowerShell would split or expand.</summary>
        public static string Quote(string value)
        {
            if (value.Length > 0 && value.All(c => char.IsLetterOrDigit(c) || c is '-' || c is '_' || c is '.' || c is ':' || c is '/'))
            {
                return value;
            }

            return "'" + value.Replace("'", "''") + "'";
        }

        private static LabelPattern PatternFor(string? wordToComplete)
        {
            var word = (wordToComplete ?? "").Trim();
            if (word.Length > 0 && (word[0] == '\'' || word[0] == '"'))
            {
                word = word.Substring(1);
                if (word.Length > 0 && word[word.Length - 1] == wordToComplete!.Trim()[0])
                {
                    word = word.Substring(0, word.Length - 1);
                }

                word = word.Replace("''", "'");
            }

            return new LabelPattern(word.EndsWith("*", StringComparison.Ordinal) ? word : word + "*");
        }

        private static IEnumerable<CompletionCandidate> Candidates(BackupConnection connection, CompletionKind kind, IReadOnlyList<ClusterBackup> backups, Func<string, string?> bound)
        {
            switch (kind)
            {
                case CompletionKind.BackupId:
                    var cluster = bound("ClusterId");
                    return backups
                        .Where(b => cluster is null || string.Equals(b.ClusterId, cluster, StringComparison.OrdinalIgnoreCase))
                        .Select(b => new CompletionCandidate(b.Id, Describe(b, withLabel: true)));
                case CompletionKind.Label:
                    return backups.Where(b => !string.IsNullOrEmpty(b.Label)).Select(b => new CompletionCandidate(b.Label, $"{b.Id}: {Describe(b, withLabel: false)}"));
                case CompletionKind.ClusterId:
                    // Counted once: a list holds thousands of backups of a few clusters, and this runs per keystroke.
                    var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
                    foreach (var backup in backups)
                    {
                        if (!string.IsNullOrEmpty(backup.ClusterId))
                        {
                            counts[backup.ClusterId!] = counts.TryGetValue(backup.ClusterId!, out var n) ? n + 1 : 1;
                        }
                    }

                    var ids = backups.Where(b => !string.IsNullOrEmpty(b.ClusterId)).Select(b => b.ClusterId!);
                    if (!string.IsNullOrEmpty(connection.ClusterId))
                    {
                        ids = new[] { connection.ClusterId! }.Concat(ids);
                    }

                    return ids.Distinct(StringComparer.Ordinal).Select(id => new CompletionCandidate(
                        id,
                        string.Equals(id, connection.ClusterId, StringComparison.OrdinalIgnoreCase)
                            ? $"{id} (the connection's cluster)"
                            : $"{id}: {(counts.TryGetValue(id, out var count) ? count : 0)} backup(s)"));
                case CompletionKind.Database:
                    return ItemsOf(backups, bound).Where(i => i.Database is not null).Select(i => new CompletionCandidate(i.Database!, $"database {i.Database} (backup {i.BackupId})"));
                case CompletionKind.Collection:
                    var database = bound("Database");
                    return ItemsOf(backups, bound)
                        .Where(i => database is null || string.Equals(i.Database ?? "default", database, StringComparison.Ordinal))
                        .Select(i => new CompletionCandidate(i.Collection, $"{i.Qualified} (backup {i.BackupId})"));
                case CompletionKind.JobId:
                    return JobsOf(connection, backups, bound("BackupId"));
                case CompletionKind.RegionId:
                    // The control plane lists no regions for backups: offer those the project's backups are kept in.
                    return backups
                        .Where(b => !string.IsNullOrEmpty(b.RegionId))
                        .GroupBy(b => b.RegionId!, StringComparer.Ordinal)
                        .Select(g => new CompletionCandidate(g.Key, $"{g.Key}: region of {g.Count()} backup(s)"));
                default:
                    return Array.Empty<CompletionCandidate>();
            }
        }

        private static string Describe(ClusterBackup backup, bool withLabel)
        {
            var created = backup.CreatedAt is DateTimeOffset at ? at.ToString("u", CultureInfo.InvariantCulture) : "unknown time";
            var text = $"{backup.Status}, created {created}";
            return withLabel && !string.IsNullOrEmpty(backup.Label) ? $"{backup.Label}: {text}" : text;
        }

        private static IEnumerable<(string? Database, string Collection, string Qualified, string BackupId)> ItemsOf(IReadOnlyList<ClusterBackup> backups, Func<string, string?> bound)
        {
            // The back ends whose items are collections ("db.collection"); DC/OS's are components.
            var withCollections = backups.Where(b => b.Backend == BackendKind.ZillizCloud || b.Backend == BackendKind.MilvusBackup).ToArray();
            var id = bound("Id");
            var chosen = withCollections.Where(b => b.Id == id).ToArray();
            // An -Id already typed narrows to that backup's items; one not (yet) known narrows nothing.
            foreach (var backup in chosen.Length > 0 ? chosen : withCollections)
            {
                foreach (var item in backup.Items)
                {
                    if (string.IsNullOrEmpty(item.Name))
                    {
                        continue;
                    }

                    var dot = item.Name.IndexOf('.');
                    yield return dot > 0
                        ? (item.Name.Substring(0, dot), item.Name.Substring(dot + 1), item.Name, backup.Id)
                        : (null, item.Name, item.Name, backup.Id);
                }
            }
        }

        private static IEnumerable<CompletionCandidate> JobsOf(BackupConnection connection, IReadOnlyList<ClusterBackup> backups, string? backupId)
        {
            var mine = backupId is null ? backups : backups.Where(b => b.Id == backupId).ToArray();
            foreach (var (jobId, ofBackup) in connection.Jobs.All())
            {
                if (backupId is null || ofBackup == backupId)
                {
                    yield return new CompletionCandidate(jobId, $"started in this session, backup {ofBackup}");
                }
            }

            foreach (var backup in mine)
            {
                if (!string.IsNullOrEmpty(backup.JobId))
                {
                    yield return new CompletionCandidate(backup.JobId!, $"created backup {backup.Id} ({backup.Status})");
                }

                foreach (var restore in backup.Restores)
                {
                    if (!string.IsNullOrEmpty(restore.Id))
                    {
                        yield return new CompletionCandidate(restore.Id, $"restore of backup {backup.Id} ({restore.Status})");
                    }
                }
            }
        }

        /// <summary>The connection's backups: cached when fresh, else read for at most <see cref="LookupTimeout"/>.</summary>
        private static IReadOnlyList<ClusterBackup> BackupsOf(BackupConnection connection)
        {
            var entry = Cache.GetValue(connection, _ => new CacheEntry());
            lock (entry)
            {
                if (entry.Backups is not null && DateTime.UtcNow - entry.ReadAt < CacheLifetime)
                {
                    return entry.Backups;
                }
            }

            var collected = new List<ClusterBackup>();
            var complete = false;
            using (var cts = new CancellationTokenSource(LookupTimeout))
            {
                var read = Task.Run(async () =>
                {
                    var service = connection.OpenService(NullHttpCallLog.Instance);
                    await foreach (var page in service.ListBackupPagesAsync(BackupQuery.All, cts.Token).ConfigureAwait(false))
                    {
                        lock (collected)
                        {
                            collected.AddRange(page);
                        }
                    }
                });
                try
                {
                    // The token ends the call; the wait is bounded too, in case a layer ignores it.
                    complete = read.Wait(LookupTimeout + TimeSpan.FromMilliseconds(100)) && read.Status == TaskStatus.RanToCompletion;
                }
                catch (AggregateException)
                {
                    complete = false;
                }
                finally
                {
                    cts.Cancel();
                    _ = read.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                }
            }

            ClusterBackup[] result;
            lock (collected)
            {
                result = collected.ToArray();
            }

            if (complete)
            {
                lock (entry)
                {
                    entry.Backups = result;
                    entry.ReadAt = DateTime.UtcNow;
                }
            }

            return result;
        }

        private sealed class CacheEntry
        {
            public IReadOnlyList<ClusterBackup>? Backups { get; set; }

            public DateTime ReadAt { get; set; }
        }
    }
}
