namespace BackupModule.Model
{
    /// <summary>What Export-ClusterBackup asks for: where the backup's files go.</summary>
    public sealed class ExportRequest
    {
        public ExportRequest(string integrationId, string? directory)
        {
            IntegrationId = integrationId;
            Directory = directory;
        }

        /// <summary>The storage integration the files go to (Zilliz Cloud: integ-..., an S3 bucket set up in the console).</summary>
        public string IntegrationId { get; }

        /// <summary>A folder in that storage; the service's default when null.</summary>
        public string? Directory { get; }

        public override string ToString() => Directory is null ? IntegrationId : $"{IntegrationId}/{Directory}";
    }
}
