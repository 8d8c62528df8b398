using System;
using BackupModule.Errors;
using BackupModule.Http;
using BackupModule.Model;

namespace BackupModule.MilvusBackup
{
    /// <summary>What a connection to a milvus-backup server needs: its address. The server has no authentication.</summary>
    public sealed class MilvusBackupConnectionSettings
    {
        public const string UrlVariable = "MILVUS_BACKUP_URL";

        public MilvusBackupConnectionSettings(Uri uri)
        {
            Uri = uri;
        }

        /// <summary>The server, e.g. http://milvus-backup:8080 (the module adds /api/v1), or an https reverse proxy in front of it.</summary>
        public Uri Uri { get; }

        public HttpSettings Http { get; set; } = new HttpSettings();

        /// <summary>MILVUS_BACKUP_URL, as a scheduled task sets it; null when it is not set.</summary>
        public static MilvusBackupConnectionSettings? FromEnvironment(Func<string, string?> getVariable)
        {
            var url = getVariable(UrlVariable);
            return string.IsNullOrWhiteSpace(url) ? null : new MilvusBackupConnectionSettings(ServiceAddress.Parse(url!, UrlVariable));
        }
    }

    /// <summary>Makes connections to a milvus-backup REST server (`milvus-backup server`).</summary>
    public static class MilvusBackupConnection
    {
        public static BackupConnection Create(MilvusBackupConnectionSettings settings)
        {
            var uri = settings.Uri;

            // No credential goes to the server, so plain http to another host exposes none: only the URL's form is checked.
            ServiceAddress.Check(uri, "a milvus-backup server", "credential", allowUnencryptedAuthentication: true);
            var http = new ServiceHttpClient(ServiceUri(uri), settings.Http, NoCredentialAuthenticator.Instance, new MilvusBackupErrorTranslator(), new SecretRedactor());
            return new BackupConnection(BackendKind.MilvusBackup, uri, http, (connection, log) => new MilvusBackupService(connection, log), "None", clusterId: uri.AbsoluteUri);
        }

        /// <summary>The server's address plus /api/v1, unless the user gave the full path already.</summary>
        private static Uri ServiceUri(Uri server)
        {
            var text = server.AbsoluteUri.TrimEnd('/') + "/";
            return new Uri(text.EndsWith("/" + MilvusBackupWire.BasePath, StringComparison.OrdinalIgnoreCase) ? text : text + MilvusBackupWire.BasePath);
        }
    }

    /// <summary>MILVUS_BACKUP_URL, as a scheduled task sets it; tried after DC/OS and Zilliz Cloud.</summary>
    internal sealed class MilvusBackupEnvironmentConnector : IEnvironmentConnector
    {
        public string Variables => MilvusBackupConnectionSettings.UrlVariable;

        public string ConnectExample => "Connect-ClusterBackupService -MilvusBackup -Uri http://<host>:8080";

        public bool IsConfigured(Func<string, string?> getVariable) => !string.IsNullOrWhiteSpace(getVariable(MilvusBackupConnectionSettings.UrlVariable));

        public BackupConnection Connect(Func<string, string?> getVariable, ConnectionOptions options)
        {
            var settings = MilvusBackupConnectionSettings.FromEnvironment(getVariable)!;
            settings.Http = options.Http;
            return MilvusBackupConnection.Create(settings);
        }
    }
}
