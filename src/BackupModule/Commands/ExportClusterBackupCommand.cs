using System;
using System.Management.Automation;
using BackupModule.Model;

namespace BackupModule.Commands
{
    /// <summary>
    /// Copies a Ready backup's files to the user's own object storage (Zilliz Cloud: an S3 integration
    /// set up in the console; a private-preview feature of Dedicated-Enterprise clusters). With -Wait,
    /// follows the export job to its end.
    /// </summary>
    [Cmdlet(VerbsData.Export, "ClusterBackup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ClusterBackupJob))]
    public sealed class ExportClusterBackupCommand : ExistingBackupCmdlet
    {
        /// <summary>The storage integration to copy to (integ-...).</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string IntegrationId { get; set; } = "";

        /// <summary>A folder in that storage; the service's default when omitted.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Directory { get; set; }

        [Parameter]
        public SwitchParameter Wait { get; set; }

        [Parameter]
        [ValidateRange(1, 86400)]
        public int TimeoutSec { get; set; } = 600;

        protected override void ProcessRecord()
        {
            var request = new ExportRequest(IntegrationId, Directory);
            RunConnected((operations, connection) => operations.ExportBackupAsync(connection, Id, ClusterId, request, Wait ? TimeSpan.FromSeconds(TimeoutSec) : (TimeSpan?)null));
        }
    }
}
