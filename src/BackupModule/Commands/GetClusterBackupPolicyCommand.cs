using System.Management.Automation;
using BackupModule.Model;
using BackupModule.Pipeline;

namespace BackupModule.Commands
{
    /// <summary>Shows a cluster's automatic backup schedule (Zilliz Cloud).</summary>
    [Cmdlet(VerbsCommon.Get, "ClusterBackupPolicy")]
    [OutputType(typeof(BackupPolicy))]
    public sealed class GetClusterBackupPolicyCommand : ConnectedBackupCmdlet
    {
        /// <summary>The cluster; the connection's -ClusterId when omitted.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        // Not NotNullOrEmpty: a piped connection without a default cluster binds null here, meaning its own.
        [ValidateNotEmpty]
        [ArgumentCompleter(typeof(ClusterIdCompleter))]
        public string? ClusterId { get; set; }

        protected override void ProcessRecord() =>
            RunConnected((operations, connection) => operations.GetPolicyAsync(connection, ClusterId));
    }
}
