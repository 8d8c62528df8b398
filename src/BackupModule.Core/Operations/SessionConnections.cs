using System;
using System.Threading;
using BackupModule.Dcos;
using BackupModule.Errors;
using BackupModule.Model;

namespace BackupModule.Operations
{
    /// <summary>
    /// The session default connection, and how a cmdlet finds its connection: -Connection, else the
    /// default, else DCOS_URL + DCOS_ACS_TOKEN (for scheduled tasks), else a NotConnected error.
    /// </summary>
    public static class SessionConnections
    {
        private static BackupConnection? _default;

        public static BackupConnection? Default => Volatile.Read(ref _default);

        /// <summary>Makes <paramref name="connection"/> the default; the one it replaces is disposed.</summary>
        public static void SetDefault(BackupConnection? connection)
        {
            var previous = Interlocked.Exchange(ref _default, connection);
            if (previous is not null && !ReferenceEquals(previous, connection))
            {
                previous.Dispose();
            }
        }

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

            var settings = DcosConnectionSettings.FromEnvironment(getVariable)
                ?? throw new BackupServiceException(
                    BackupErrorId.NotConnected,
                    BackupErrorKind.Connection,
                    $"No connection: run Connect-ClusterBackupService, pass -Connection, or set {DcosConnectionSettings.UrlVariable} and {DcosConnectionSettings.TokenVariable}.")
                {
                    RecommendedAction = "Connect-ClusterBackupService -Dcos -Uri https://<master> -Token (Read-Host -AsSecureString)",
                };
            var connection = DcosConnection.Create(settings);
            host.WriteVerbose($"Connected to {connection.Uri} from {DcosConnectionSettings.UrlVariable} and {DcosConnectionSettings.TokenVariable}.");
            SetDefault(connection);
            return connection;
        }
    }
}
