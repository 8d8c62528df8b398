using System;
using System.Management.Automation;
using BackupModule.Model;
using BackupModule.Pipeline;

namespace BackupModule.Commands
{
    /// <summary>
    /// Starts a backup: DC/OS with -Label; Zilliz Cloud of a whole cluster, or of chosen collections with
    /// -Collection. With -Wait, waits until it is Ready (or failed, or the timeout).
    /// </summary>
    [Cmdlet(VerbsCommon.New, "ClusterBackup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ClusterBackup))]
    public sealed class NewClusterBackupCommand : ConnectedBackupCmdlet
    {
        /// <summary>DC/OS: 3-25 characters of [A-Za-z0-9_.-], the first two of [A-Za-z0-9_].</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? Label { get; set; }

        /// <summary>Zilliz Cloud: the cluster to back up; the connection's -ClusterId when omitted.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        // Not NotNullOrEmpty: a piped connection without a default cluster binds null here, meaning its own.
        [ValidateNotEmpty]
        [ArgumentCompleter(typeof(ClusterIdCompleter))]
        public string? ClusterId { get; set; }

        /// <summary>Zilliz Cloud: back up only these collections (of one database).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(CollectionCompleter))]
        public string[]? Collection { get; set; }

        /// <summary>Zilliz Cloud: the database of -Collection; "default" when omitted.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DatabaseCompleter))]
        public string? Database { get; set; }

        /// <summary>Zilliz Cloud: regions that each get a copy of the backup, kept until deleted (storage billed there).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RegionIdCompleter))]
        public string[]? CopyToRegion { get; set; }

        [Parameter]
        public SwitchParameter Wait { get; set; }

        [Parameter]
        [ValidateRange(1, 86400)]
        public int TimeoutSec { get; set; } = 600;

        protected override void ProcessRecord()
        {
            var request = new NewBackupRequest(Label, ClusterId, Collection, Database, CopyToRegion);
            RunConnected((operations, connection) => operations.NewBackupAsync(connection, request, Wait ? TimeSpan.FromSeconds(TimeoutSec) : (TimeSpan?)null));
        }
    }
}
