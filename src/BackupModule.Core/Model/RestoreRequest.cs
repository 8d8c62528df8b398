using System;
using System.Collections.Generic;

namespace BackupModule.Model
{
    /// <summary>Where a restore puts the data.</summary>
    public enum RestoreTarget
    {
        /// <summary>Roll the backup's own cluster back (DC/OS).</summary>
        SameCluster,

        /// <summary>Make a new cluster from a cluster backup (Zilliz Cloud).</summary>
        NewCluster,

        /// <summary>Chosen collections into an existing cluster (Zilliz Cloud).</summary>
        Collections,
    }

    /// <summary>Whether restored collections are loaded into memory (searchable) or released.</summary>
    public enum CollectionLoadState
    {
        Keep,
        Release,
    }

    /// <summary>What Restore-ClusterBackup asks for.</summary>
    public sealed class RestoreRequest
    {
        private RestoreRequest(RestoreTarget target)
        {
            Target = target;
        }

        public RestoreTarget Target { get; }

        public string? NewClusterName { get; private set; }

        public string? ProjectId { get; private set; }

        public int? CuSize { get; private set; }

        public CollectionLoadState CollectionStatus { get; private set; }

        /// <summary>The Milvus version of the new cluster; null leaves the choice to the service.</summary>
        public MilvusVersion? MilvusVersion { get; private set; }

        public IReadOnlyList<string> Collections { get; private set; } = Array.Empty<string>();

        public string? Database { get; private set; }

        public string? DestinationClusterId { get; private set; }

        public string? DestinationCollectionName { get; private set; }

        /// <summary>The database the collections go to in the destination cluster; null keeps their own.</summary>
        public string? DestinationDatabase { get; private set; }

        /// <summary>Load restored collections (searchable at once) instead of leaving them released.</summary>
        public bool Load { get; private set; }

        public static RestoreRequest SameCluster() => new RestoreRequest(RestoreTarget.SameCluster);

        public static RestoreRequest IntoNewCluster(string clusterName, string? projectId, int cuSize, CollectionLoadState collectionStatus, MilvusVersion? milvusVersion = null) =>
            new RestoreRequest(RestoreTarget.NewCluster)
            {
                NewClusterName = clusterName,
                ProjectId = projectId,
                CuSize = cuSize,
                CollectionStatus = collectionStatus,
                MilvusVersion = milvusVersion,
            };

        public static RestoreRequest IntoExistingCluster(IReadOnlyList<string> collections, string? database, string? destinationClusterId, string? destinationCollectionName, bool load, string? destinationDatabase = null) =>
            new RestoreRequest(RestoreTarget.Collections)
            {
                Collections = collections,
                Database = database,
                DestinationClusterId = destinationClusterId,
                DestinationCollectionName = destinationCollectionName,
                Load = load,
                DestinationDatabase = destinationDatabase,
            };
    }
}
