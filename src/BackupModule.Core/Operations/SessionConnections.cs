using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using BackupModule.Errors;
using BackupModule.Model;

namespace BackupModule.Operations
{
    /// <summary>
    /// This session's connections by name, the session default, and how a cmdlet finds its connection:
    /// -Connection, else the default, else the first back end whose environment variables are set (for
    /// scheduled tasks), else a NotConnected error.
    /// </summary>
    /// <remarks>
    /// One registry per process, like the default before it: runspaces in one process (ForEach-Object
    /// -Parallel, runspace pools, a host's several tabs) share names and the default. Keying it per runspace
    /// would need the PowerShell runspace in the core, and -Parallel blocks could no longer say
    /// -Connection prod. Names compare case-insensitively, as PowerShell does.
    /// </remarks>
    public static class SessionConnections
    {
        private static readonly char[] WildcardCharacters = { '*', '?', '[', ']', '`' };
        private static readonly object Gate = new object();
        private static readonly Dictionary<string, BackupConnection> Named = new Dictionary<string, BackupConnection>(StringComparer.OrdinalIgnoreCase);
        private static BackupConnection? _default;

        public static BackupConnection? Default => Volatile.Read(ref _default);

        /// <summary>
        /// Makes <paramref name="connection"/> the default. The one it replaces is forgotten, not disposed:
        /// backups and jobs read through it still carry it and must keep working when piped later.
        /// </summary>
        public static void SetDefault(BackupConnection? connection) => Volatile.Write(ref _default, connection);

        /// <summary>
        /// Adds <paramref name="connection"/> under <paramref name="name"/> (its derived name when null, see
        /// <see cref="BackupConnection.DerivedName"/>), replacing any connection of that name, and makes it the
        /// default when asked. The replaced connection is not disposed (objects read through it still carry it);
        /// it is returned, or null.
        /// </summary>
        public static BackupConnection? Register(BackupConnection connection, string? name = null, bool makeDefault = false)
        {
            var chosen = name is null ? connection.DerivedName : CheckName(name);
            lock (Gate)
            {
                // A connection has one name: registering it again under another moves it.
                Unregister(connection);
                Named.TryGetValue(chosen, out var replaced);
                connection.Name = chosen;
                Named[chosen] = connection;
                if (makeDefault || (replaced is not null && ReferenceEquals(Default, replaced)))
                {
                    // A reconnect under the default's name keeps that name the default.
                    SetDefault(connection);
                }

                return ReferenceEquals(replaced, connection) ? null : replaced;
            }
        }

        /// <summary>The connection registered as <paramref name="name"/> (case-insensitive), or null.</summary>
        public static BackupConnection? Find(string name)
        {
            lock (Gate)
            {
                return Named.TryGetValue(name, out var connection) ? connection : null;
            }
        }

        /// <summary>The connection registered as <paramref name="name"/>; ConnectionNotFound when there is none.</summary>
        public static BackupConnection Get(string name) => Find(name) ?? throw NotFound(name);

        /// <summary>This session's connections whose names match <paramref name="pattern"/> (all when null), by name.</summary>
        public static IReadOnlyList<BackupConnection> List(LabelPattern? pattern = null)
        {
            lock (Gate)
            {
                return Named.Values
                    .Where(c => pattern is null || pattern.IsMatch(c.Name))
                    .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
                    .ToArray();
            }
        }

        /// <summary>
        /// The connections each of <paramref name="names"/> matches (wildcards allowed), each once, by name. A name
        /// without wildcards that matches none is reported to <paramref name="notFound"/> as ConnectionNotFound;
        /// a pattern that matches none is not an error (as with Get-Process -Name).
        /// </summary>
        public static IReadOnlyList<BackupConnection> Select(IEnumerable<string> names, Action<BackupServiceException> notFound)
        {
            var chosen = new List<BackupConnection>();
            foreach (var name in names)
            {
                var pattern = new LabelPattern(name);
                var matches = List(pattern);
                if (matches.Count == 0 && !pattern.HasWildcards)
                {
                    notFound(NotFound(name));
                }

                chosen.AddRange(matches.Where(m => !chosen.Contains(m)));
            }

            return chosen.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToArray();
        }

        /// <summary>
        /// Takes <paramref name="connections"/> out of the registry (those still registered), and the default too
        /// when it is one of them: no other connection becomes the default, so a command meant for one cluster
        /// cannot go to another. Not disposed, for the reason <see cref="SetDefault"/> gives.
        /// </summary>
        public static void Remove(IEnumerable<BackupConnection> connections)
        {
            lock (Gate)
            {
                foreach (var connection in connections)
                {
                    Forget(connection);
                }
            }
        }

        /// <summary>Forgets the default, and takes it out of the registry; returns it, or null when there was none.</summary>
        public static BackupConnection? RemoveDefault()
        {
            lock (Gate)
            {
                var current = Default;
                if (current is not null)
                {
                    Forget(current);
                }

                SetDefault(null);
                return current;
            }
        }

        /// <summary>A name as given to -Name: not blank, and without wildcard characters (so -Name patterns stay unambiguous).</summary>
        public static string CheckName(string name)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Trim().Length != name.Length || name.IndexOfAny(WildcardCharacters) >= 0)
            {
                throw new BackupServiceException(
                    BackupErrorId.InvalidArgument,
                    BackupErrorKind.InvalidArgument,
                    $"'{name}' cannot name a connection: use letters, digits and punctuation other than * ? [ ] `, with no space at either end.",
                    name);
            }

            return name;
        }

        /// <summary>The error for a name no connection of this session has.</summary>
        public static BackupServiceException NotFound(string name) =>
            new BackupServiceException(
                BackupErrorId.ConnectionNotFound,
                BackupErrorKind.NotFound,
                string.Format(CultureInfo.InvariantCulture, "No connection named '{0}' in this session. Get-ClusterBackupService lists them; Connect-ClusterBackupService -Name {0} makes one.", name),
                name)
            {
                RecommendedAction = "Run Get-ClusterBackupService to see this session's connection names.",
            };

        public static BackupConnection Resolve(BackupConnection? given, Func<string, string?> getVariable, ICommandHost host)
        {
            if (given is not null)
            {
                return given;
            }

            var current = Default;
            if (current is not null)
            {
                return current;
            }

            var connection = FromEnvironment(getVariable, new ConnectionOptions(), host)
                ?? throw new BackupServiceException(
                    BackupErrorId.NotConnected,
                    BackupErrorKind.Connection,
                    "No connection: run Connect-ClusterBackupService, pass -Connection, or set "
                    + string.Join(", or ", BackendCatalog.EnvironmentConnectors.Select(c => c.Variables)) + ".")
                {
                    RecommendedAction = string.Join(", or ", BackendCatalog.EnvironmentConnectors.Select(c => c.ConnectExample)),
                };
            // Listed by Get-ClusterBackupService under its derived name, like a Connect without -Name.
            Register(connection, makeDefault: true);
            return connection;
        }

        /// <summary>A connection from the first back end whose variables are set; null when none is.</summary>
        public static BackupConnection? FromEnvironment(Func<string, string?> getVariable, ConnectionOptions options, ICommandHost host)
        {
            var configured = BackendCatalog.EnvironmentConnectors.Where(c => c.IsConfigured(getVariable)).ToArray();
            if (configured.Length == 0)
            {
                return null;
            }

            if (configured.Length > 1)
            {
                host.WriteWarning($"Both {string.Join(" and ", configured.Select(c => c.Variables))} are set; using {configured[0].Variables}. Pass -Connection or run Connect-ClusterBackupService to choose.");
            }

            var connection = configured[0].Connect(getVariable, options);
            host.WriteVerbose($"Connected to {connection.Uri} from {configured[0].Variables}.");
            return connection;
        }

        /// <summary>Out of the registry, and no longer the default. Called under <see cref="Gate"/>.</summary>
        private static void Forget(BackupConnection connection)
        {
            Unregister(connection);
            if (ReferenceEquals(Default, connection))
            {
                SetDefault(null);
            }
        }

        /// <summary>Out of the registry when it is still the entry of its name (another may have replaced it). Called under <see cref="Gate"/>.</summary>
        private static void Unregister(BackupConnection connection)
        {
            if (Named.TryGetValue(connection.Name, out var registered) && ReferenceEquals(registered, connection))
            {
                Named.Remove(connection.Name);
            }
        }
    }
}
