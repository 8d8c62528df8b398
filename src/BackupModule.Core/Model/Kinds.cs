namespace BackupModule.Model
{
    /// <summary>The kind of server a connection talks to.</summary>
    public enum BackendKind
    {
        DcosBackup,
        ZillizCloud,

        /// <summary>A self-hosted Milvus's milvus-backup server (its REST API, `milvus-backup server`).</summary>
        MilvusBackup,
    }

    /// <summary>What an operation does.</summary>
    public enum JobKind
    {
        Backup,
        Restore,
        Delete,
        Export,

        /// <summary>A kind of operation the module does not know.</summary>
        Other,
    }

    /// <summary>Whether a backup holds a whole cluster or chosen collections.</summary>
    public enum BackupScope
    {
        Cluster,
        Collection,
    }

    /// <summary>
    /// The Milvus version of a cluster restored from a backup (Zilliz Cloud restoreVersionPolicy): the latest
    /// compatible GA version, or the version the backup was made with.
    /// </summary>
    public enum MilvusVersion
    {
        Latest,
        Original,
    }

    /// <summary>Whether a person or a schedule made the backup.</summary>
    public enum CreationMethod
    {
        Manual,
        Auto,
    }
}
