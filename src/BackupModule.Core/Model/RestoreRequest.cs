using System;
using System.Collections.Generic;
using BackupModule.Errors;

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

        /// <summary>milvus-backup: appended to every restored collection's name (collection_suffix), so it lands beside the original.</summary>
        public string? Suffix { get; private set; }

        /// <summary>milvus-backup: drop a collection of the target name first (dropExistCollection); its data is destroyed.</summary>
        public bool DropExisting { get; private set; }

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

        /// <summary>The restore under new names (-Suffix) and/or over existing collections (-DropExisting), where the back end can.</summary>
        public RestoreRequest Renaming(string? suffix, bool dropExisting)
        {
            Suffix = suffix;
            DropExisting = dropExisting;
            return this;
        }

        /// <summary>A whole-backup restore limited to one database (-Database without -Collection), where the back end can.</summary>
        public RestoreRequest OfDatabase(string? database)
        {
            if (Target == RestoreTarget.SameCluster)
            {
                Database = database;
            }

            return this;
        }

        /// <summary>
        /// For a back end that names restored collections itself: NotSupported (before any request) when the request
        /// uses -Suffix, -DropExisting or -Database without -Collection, which only milvus-backup has.
        /// </summary>
        internal void RefuseCollectionNaming(string service, object target)
        {
            var given = new List<string>();
            if (Suffix is not null)
            {
                given.Add("-Suffix");
            }

            if (DropExisting)
            {
                given.Add("-DropExisting");
            }

            if (Target == RestoreTarget.SameCluster && Database is not null)
            {
                given.Add("-Database without -Collection");
            }

            if (given.Count > 0)
            {
                throw new BackupServiceException(
                    BackupErrorId.NotSupported,
                    BackupErrorKind.InvalidArgument,
                    $"{service} cannot do what {string.Join(" and ", given)} ask{(given.Count == 1 ? "s" : "")}: those are for a milvus-backup server.",
                    target);
            }
        }
    }
}
