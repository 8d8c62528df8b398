namespace BackupModule.Errors
{
    /// <summary>The stable ErrorIds of the module. Scripts match on these; never rename one.</summary>
    public static class BackupErrorId
    {
        public const string BackupNotFound = nameof(BackupNotFound);
        public const string BackupNotReady = nameof(BackupNotReady);
        public const string JobNotFound = nameof(JobNotFound);

        /// <summary>The service knows no such cluster (Zilliz Cloud code 96018); the target is the cluster id.</summary>
        public const string ClusterNotFound = nameof(ClusterNotFound);
        public const string BackupServiceBusy = nameof(BackupServiceBusy);
        public const string Unauthorized = nameof(Unauthorized);
        public const string Forbidden = nameof(Forbidden);
        public const string InvalidLabel = nameof(InvalidLabel);
        public const string InvalidArgument = nameof(InvalidArgument);
        public const string RateLimited = nameof(RateLimited);
        public const string ServiceUnavailable = nameof(ServiceUnavailable);
        public const string ServiceError = nameof(ServiceError);
        public const string InvalidResponse = nameof(InvalidResponse);
        public const string ConnectionFailed = nameof(ConnectionFailed);
        public const string RequestTimedOut = nameof(RequestTimedOut);
        public const string CreateOutcomeUnknown = nameof(CreateOutcomeUnknown);
        public const string WaitTimedOut = nameof(WaitTimedOut);
        public const string OperationFailed = nameof(OperationFailed);
        public const string NotConnected = nameof(NotConnected);
        public const string ConnectionNotFound = nameof(ConnectionNotFound);
        public const string UnencryptedAuthentication = nameof(UnencryptedAuthentication);
        public const string NotSupported = nameof(NotSupported);
        public const string DestinationCollectionExists = nameof(DestinationCollectionExists);
        public const string RestoreOutcomeUnknown = nameof(RestoreOutcomeUnknown);
        public const string AuthenticationFailed = nameof(AuthenticationFailed);
        public const string InvalidPrivateKey = nameof(InvalidPrivateKey);
        public const string SecretManagementNotAvailable = nameof(SecretManagementNotAvailable);
        public const string VaultSecretNotRead = nameof(VaultSecretNotRead);
        public const string CertificateNotTrusted = nameof(CertificateNotTrusted);
        public const string BackendNotSpecified = nameof(BackendNotSpecified);
        public const string BackupExists = nameof(BackupExists);
    }
}
