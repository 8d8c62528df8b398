namespace BackupModule.Model
{
    /// <summary>One status vocabulary for backups of every back end; the service's own value is kept in RawStatus.</summary>
    public enum BackupStatus
    {
        Pending,
        Creating,
        Ready,
        Restoring,
        Deleting,
        Deleted,
        Failed,
        Unknown,
    }
}
