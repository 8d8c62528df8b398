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
