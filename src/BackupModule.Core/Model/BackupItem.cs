namespace BackupModule.Model
{
    /// <summary>One part of a backup or operation: a DC/OS component (marathon), later a collection.</summary>
    public sealed class BackupItem
    {
        public BackupItem(string name, string? status, string? error)
        {
            Name = name;
            Status = status;
            Error = error;
        }

        public string Name { get; }

        /// <summary>The service's own status value for this item.</summary>
        public string? Status { get; }

        /// <summary>The service's error text for this item, if it reported one.</summary>
        public string? Error { get; }

        public override string ToString() => Error is null ? $"{Name}: {Status}" : $"{Name}: {Status} ({Error})";
    }
}
