using System;
using BackupModule.Http;

namespace BackupModule.Model
{
    /// <summary>
    /// A connection to one back end at one address: one HttpClient, reused by every call made through it.
    /// Backups and jobs carry the connection they were read through. It never shows its credential.
    /// </summary>
    public sealed class BackupConnection : IDisposable
    {
        private readonly Func<BackupConnection, IHttpCallLog, IBackupService> _openService;

        internal BackupConnection(BackendKind backend, Uri uri, ServiceHttpClient http, Func<BackupConnection, IHttpCallLog, IBackupService> openService, string authentication, string? clusterId = null, string? projectId = null)
        {
            Backend = backend;
            Authentication = authentication;
            Uri = uri;
            Http = http;
            _openService = openService;
            ClusterId = clusterId;
            ProjectId = projectId;
            Name = DerivedName;
        }

        /// <summary>
        /// The name -Connection, Get- and Disconnect-ClusterBackupService know it by: -Name of
        /// Connect-ClusterBackupService, else <see cref="DerivedName"/>. Set when the session registers it.
        /// </summary>
        public string Name { get; internal set; }

        public BackendKind Backend { get; }

        public Uri Uri { get; }

        /// <summary>
        /// How the connection authenticates, without the secret: "Token" (cannot be renewed), "Token
        /// (DCOS_ACS_TOKEN)" (re-read after a 401), "Login &lt;uid&gt;" or "ServiceAccount &lt;uid&gt;" (log in again
        /// after a 401), "ApiKey" or "ApiKey (ZILLIZ_API_KEY)", "None" (milvus-backup takes no credential).
        /// </summary>
        public string Authentication { get; }

        /// <summary>The cluster used when a cmdlet names none (Zilliz Cloud -ClusterId; DC/OS: the master URL).</summary>
        public string? ClusterId { get; }

        /// <summary>The project used when a cmdlet names none (Zilliz Cloud).</summary>
        public string? ProjectId { get; }

        /// <summary>True while this is the session default set by Connect-ClusterBackupService.</summary>
        public bool IsDefault => ReferenceEquals(Operations.SessionConnections.Default, this);

        /// <summary>
        /// The name a connection gets without -Name. DC/OS: the back end and the master's host (with the port when
        /// it is not the scheme's default), e.g. dcos-master.example.com. Zilliz Cloud: the cluster it was given,
        /// else the project (ids unique across Zilliz Cloud, and short enough for a table), else the control
        /// plane's host: zilliz-in01-0123456789abcdef, zilliz-proj-…, zilliz-api.cloud.zilliz.com. milvus-backup: its
        /// server's host and port, milvus-backup.example.com:8080 → milvus-milvus-backup.example.com:8080. The same target
        /// gets the same name, so connecting to it again without -Name replaces the entry instead of adding one.
        /// </summary>
        internal string DerivedName
        {
            get
            {
                var host = Uri.IsDefaultPort ? Uri.Host : Uri.Host + ":" + Uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return Backend switch
                {
                    BackendKind.DcosBackup => "dcos-" + host,
                    BackendKind.ZillizCloud => "zilliz-" + (ClusterId ?? ProjectId ?? host),
                    BackendKind.MilvusBackup => "milvus-" + host,
                    _ => Backend.ToString().ToLowerInvariant() + "-" + host,
                };
            }
        }

        internal ServiceHttpClient Http { get; }

        /// <summary>The jobs started through this connection, by backup: where a service cannot list jobs, these are what it knows.</summary>
        internal JobLedger Jobs { get; } = new JobLedger();

        /// <summary>A view of the back end whose HTTP calls are reported to <paramref name="log"/>.</summary>
        public IBackupService OpenService(IHttpCallLog log) => _openService(this, log);

        public void Dispose() => Http.Dispose();

        public override string ToString() => ClusterId is null || ClusterId == Uri.AbsoluteUri ? $"{Backend} {Uri}" : $"{Backend} {Uri} {ClusterId}";
    }
}
