namespace BackupModule.Model
{
    /// <summary>Status of an operation (restore, and later backup/export jobs) across back ends.</summary>
    public enum JobStatus
    {
        Pending,
        Running,
        Succeeded,
        Failed,
        Canceling,
        Canceled,
        Unknown,
    }
}
