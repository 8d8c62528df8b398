using System.Management.Automation;
using BackupModule.Operations;

namespace BackupModule.Commands
{
    /// <summary>Forgets the session default connection. Objects read through it keep it and still work.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "ClusterBackupService")]
    public sealed class DisconnectClusterBackupServiceCommand : PSCmdlet
    {
        protected override void ProcessRecord() => SessionConnections.SetDefault(null);
    }
}
