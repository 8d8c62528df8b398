using System.Management.Automation;
using BackupModule.Model;
using BackupModule.Operations;

namespace BackupModule.Commands
{
    /// <summary>Lists backups (filtered by label wildcard and status) or shows them by id, streaming each as it comes.</summary>
    [Cmdlet(VerbsCommon.Get, "ClusterBackup", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(ClusterBackup))]
    public sealed class GetClusterBackupCommand : ConnectedBackupCmdlet
    {
        private const string ListSet = "List";
        private const string IdSet = "Id";

        [Parameter(Position = 0, ParameterSetName = ListSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string? Label { get; set; }

        [Parameter(ParameterSetName = ListSet)]
        public BackupStatus[]? Status { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] Id { get; set; } = new string[0];

        protected override void ProcessRecord()
        {
            if (ParameterSetName == IdSet)
            {
                foreach (var id in Id)
                {
                    RunConnected((operations, connection) => operations.GetBackupAsync(connection, id));
                }

                return;
            }

            var pattern = Label is null ? null : new LabelPattern(Label);
            RunConnected((operations, connection) => operations.GetBackupsAsync(connection, pattern, Status));
        }
    }
}
