namespace BackupModule.Errors
{
    /// <summary>
    /// What went wrong, in words that map one-to-one onto PowerShell's ErrorCategory (the module does
    /// the mapping, so the core needs no PowerShell reference).
    /// </summary>
    public enum BackupErrorKind
    {
        NotFound,
        Busy,
        Authentication,
        Permission,
        InvalidArgument,
        InvalidOperation,
        LimitsExceeded,
        Unavailable,
        ServiceError,
        InvalidData,
        Connection,
        Timeout,
        OperationFailed,
        OutcomeUnknown,
        Security,

        /// <summary>What would be made exists already (a backup name that is taken).</summary>
        ResourceExists,
    }
}
