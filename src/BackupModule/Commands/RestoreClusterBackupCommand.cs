using System;
using System.Management.Automation;
using BackupModule.Model;
using BackupModule.Pipeline;

namespace BackupModule.Commands
{
    /// <summary>
    /// Restores a backup (ConfirmImpact High): DC/OS rolls its cluster's Marathon state back; Zilliz Cloud
    /// restores a whole cluster into a new one (-NewClusterName) or chosen collections into an existing
    /// cluster (-Collection), never overwriting a collection; a milvus-backup server restores every collection
    /// (or -Database's, or -Collection's) into its Milvus, beside the originals with -Suffix, or over them with
    /// -DropExisting.
    /// </summary>
    [Cmdlet(VerbsData.Restore, "ClusterBackup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = SameClusterSet)]
    [OutputType(typeof(ClusterBackupJob))]
    public sealed class RestoreClusterBackupCommand : ExistingBackupCmdlet
    {
        private const string SameClusterSet = "SameCluster";
        private const string NewClusterSet = "NewCluster";
        private const string CollectionSet = "Collection";

        /// <summary>Zilliz Cloud: restore the whole cluster into a new cluster of this name.</summary>
        [Parameter(Mandatory = true, ParameterSetName = NewClusterSet)]
        [ValidateNotNullOrEmpty]
        public string NewClusterName { get; set; } = "";

        /// <summary>Zilliz Cloud: the project of the new cluster; the connection's, else the backup's, when omitted.</summary>
        [Parameter(ParameterSetName = NewClusterSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? ProjectId { get; set; }

        /// <summary>Zilliz Cloud: compute units of the new cluster (1-1024).</summary>
        [Parameter(Mandatory = true, ParameterSetName = NewClusterSet)]
        [ValidateRange(1, 1024)]
        public int CuSize { get; set; }

        /// <summary>Zilliz Cloud: Keep each collection's load state, or Release them all.</summary>
        [Parameter(ParameterSetName = NewClusterSet)]
        public CollectionLoadState CollectionStatus { get; set; } = CollectionLoadState.Keep;

        /// <summary>Zilliz Cloud: the new cluster's Milvus version, Latest or Original; the backup's MilvusVersions says which it offers.</summary>
        [Parameter(ParameterSetName = NewClusterSet)]
        public MilvusVersion? MilvusVersion { get; set; }

        /// <summary>Zilliz Cloud: the collections to restore into an existing cluster (one job each).</summary>
        [Parameter(Mandatory = true, ParameterSetName = CollectionSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(CollectionCompleter))]
        public string[] Collection { get; set; } = new string[0];

        /// <summary>
        /// The database the collections are in, where the backup holds one name in several. milvus-backup without
        /// -Collection: restore only this database's collections.
        /// </summary>
        [Parameter(ParameterSetName = CollectionSet)]
        [Parameter(ParameterSetName = SameClusterSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DatabaseCompleter))]
        public string? Database { get; set; }

        /// <summary>Zilliz Cloud: the cluster to restore into; the backup's own when omitted.</summary>
        [Parameter(ParameterSetName = CollectionSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ClusterIdCompleter))]
        public string? DestinationClusterId { get; set; }

        /// <summary>Zilliz Cloud: a new name for the restored collection (one -Collection only). An existing collection is never overwritten.</summary>
        [Parameter(ParameterSetName = CollectionSet)]
        [ValidateNotNullOrEmpty]
        public string? DestinationCollectionName { get; set; }

        /// <summary>Zilliz Cloud: the database of the destination cluster to restore into; the collection's own when omitted.</summary>
        [Parameter(ParameterSetName = CollectionSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(DatabaseCompleter))]
        public string? DestinationDatabase { get; set; }

        /// <summary>Zilliz Cloud: load the restored collections so they can be searched at once.</summary>
        [Parameter(ParameterSetName = CollectionSet)]
        public SwitchParameter Load { get; set; }

        /// <summary>milvus-backup: appended to each restored collection's name (e.g. _r), so it lands beside the original.</summary>
        [Parameter(ParameterSetName = SameClusterSet)]
        [Parameter(ParameterSetName = CollectionSet)]
        [ValidateNotNullOrEmpty]
        public string? Suffix { get; set; }

        /// <summary>milvus-backup: drop an existing collection of a restored name first; its data is destroyed.</summary>
        [Parameter(ParameterSetName = SameClusterSet)]
        [Parameter(ParameterSetName = CollectionSet)]
        public SwitchParameter DropExisting { get; set; }

        [Parameter]
        public SwitchParameter Wait { get; set; }

        [Parameter]
        [ValidateRange(1, 86400)]
        public int TimeoutSec { get; set; } = 600;

        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override bool SkipConfirmation => Force.IsPresent;

        protected override void ProcessRecord()
        {
            var request = ParameterSetName switch
            {
                NewClusterSet => RestoreRequest.IntoNewCluster(NewClusterName, ProjectId, CuSize, CollectionStatus, MilvusVersion),
                CollectionSet => RestoreRequest.IntoExistingCluster(Collection, Database, DestinationClusterId, DestinationCollectionName, Load.IsPresent, DestinationDatabase).Renaming(Suffix, DropExisting.IsPresent),
                _ => RestoreRequest.SameCluster().OfDatabase(Database).Renaming(Suffix, DropExisting.IsPresent),
            };
            RunConnected((operations, connection) => operations.RestoreBackupAsync(connection, Id, ClusterId, request, Wait ? TimeSpan.FromSeconds(TimeoutSec) : (TimeSpan?)null));
        }
    }
}
