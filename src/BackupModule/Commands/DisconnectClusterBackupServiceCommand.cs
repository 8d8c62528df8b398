using System.Management.Automation;
using BackupModule.Operations;
using BackupModule.Pipeline;

namespace BackupModule.Commands
{
    /// <summary>
    /// Takes connections out of this session: those named by -Name (wildcards), or without -Name the session
    /// default. Forgetting the default promotes no other connection. Nothing is disposed and nothing remote
    /// changes: objects read through a forgotten connection keep it and still work.
    /// </summary>
    [Cmdlet(VerbsCommunications.Disconnect, "ClusterBackupService")]
    public sealed class DisconnectClusterBackupServiceCommand : PSCmdlet
    {
        /// <summary>Names or wildcard patterns (case-insensitive); bound by property name from Get-ClusterBackupService.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ConnectionNameCompleter))]
        public string[]? Name { get; set; }

        protected override void ProcessRecord()
        {
            if (Name is null)
            {
                var current = SessionConnections.RemoveDefault();
                WriteVerbose(current is null ? "There was no session default to forget." : $"Forgot the session default '{current.Name}' ({current}).");
                return;
            }

            var chosen = SessionConnections.Select(Name, error => WriteError(ErrorRecords.From(error)));
            SessionConnections.Remove(chosen);
            foreach (var connection in chosen)
            {
                WriteVerbose($"Forgot the connection '{connection.Name}' ({connection}).");
            }
        }
    }
}
