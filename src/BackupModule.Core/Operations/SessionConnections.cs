using System;
using System.Linq;
using System.Threading;
using BackupModule.Errors;
using BackupModule.Model;

namespace BackupModule.Operations
{
    /// <summary>
    /// The session default connection, and how a cmdlet finds its connection: -Connection, else the
    /// default, else the first back end whose environment variables are set (for scheduled tasks), else
    /// a NotConnected error.
    /// </summary>
    public static class SessionConnections
    {
        private static BackupConnection? _default;

        public static BackupConnection? Default => Volatile.Read(ref _default);

        /// <summary>
        /// Makes <paramref name="connection"/> the default. The one it replaces is forgotten, not disposed:
        /// backups and jobs read through it still carry it and must keep working when piped later.
        /// </summary>
        public static void SetDefault(BackupConnection? connection) => Volatile.Write(ref _default, connection);

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
            SetDefault(connection);
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
    }
}
