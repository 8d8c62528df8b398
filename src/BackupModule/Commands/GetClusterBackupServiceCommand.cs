using System.Management.Automation;
using BackupModule.Model;
using BackupModule.Operations;
using BackupModule.Pipeline;

namespace BackupModule.Commands
{
    /// <summary>
    /// Lists this session's connections (Connect-ClusterBackupService -Name), by name; none shows a secret.
    /// Pipe them to another cmdlet to run it once per connection: <c>Get-ClusterBackupService | Get-ClusterBackup</c>.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ClusterBackupService", DefaultParameterSetName = NameSet)]
    [OutputType(typeof(BackupConnection))]
    public sealed class GetClusterBackupServiceCommand : PSCmdlet
    {
        private const string NameSet = "Name";
        private const string DefaultSet = "Default";

        /// <summary>Names or wildcard patterns (case-insensitive); all connections when omitted.</summary>
        [Parameter(Position = 0, ParameterSetName = NameSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ConnectionNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Only the session default (nothing when there is none).</summary>
        [Parameter(Mandatory = true, ParameterSetName = DefaultSet)]
        public SwitchParameter Default { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == DefaultSet)
            {
                if (SessionConnections.Default is BackupConnection current)
                {
                    WriteObject(current);
                }

                return;
            }

            var connections = Name is null
                ? SessionConnections.List()
                : SessionConnections.Select(Name, error => WriteError(ErrorRecords.From(error)));
            foreach (var connection in connections)
            {
                WriteObject(connection);
            }
        }
    }
}
