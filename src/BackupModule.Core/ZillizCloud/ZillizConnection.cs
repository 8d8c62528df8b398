using System;
using System.Threading;
using System.Threading.Tasks;
using BackupModule.Errors;
using BackupModule.Http;
using BackupModule.Model;

namespace BackupModule.ZillizCloud
{
    /// <summary>What a Zilliz Cloud connection needs.</summary>
    public sealed class ZillizConnectionSettings
    {
        public const string ApiKeyVariable = "ZILLIZ_API_KEY";
        public const string UriVariable = "ZILLIZ_CLOUD_URI";
        public const string ClusterIdVariable = "ZILLIZ_CLUSTER_ID";
        public const string ProjectIdVariable = "ZILLIZ_PROJECT_ID";

        public ZillizConnectionSettings(string apiKey, Uri? uri = null)
        {
            ApiKey = apiKey;
            Uri = uri ?? new Uri(GlobalUri);
        }

        /// <summary>The global control plane; <see cref="ChinaUri"/> for the China site. Never guessed from a region.</summary>
        public static string GlobalUri => ZillizWire.GlobalBaseUrl;

        public static string ChinaUri => ZillizWire.ChinaBaseUrl;

        public Uri Uri { get; }

        public string ApiKey { get; }

        /// <summary>The cluster cmdlets use when they name none (in01-...).</summary>
        public string? ClusterId { get; set; }

        /// <summary>The project cmdlets use when they name none (proj-...).</summary>
        public string? ProjectId { get; set; }

        /// <summary>Asked once after a 401 for a newer key; null or the same key means none.</summary>
        public Func<CancellationToken, Task<string?>>? RefreshApiKey { get; set; }

        public bool AllowUnencryptedAuthentication { get; set; }

        public HttpSettings Http { get; set; } = new HttpSettings();

        /// <summary>ZILLIZ_API_KEY (+ ZILLIZ_CLOUD_URI, ZILLIZ_CLUSTER_ID, ZILLIZ_PROJECT_ID); null without a key.</summary>
        public static ZillizConnectionSettings? FromEnvironment(Func<string, string?> getVariable)
        {
            var key = getVariable(ApiKeyVariable);
            if (string.IsNullOrEmpty(key))
            {
                return null;
            }

            var uri = getVariable(UriVariable);
            return new ZillizConnectionSettings(key!, string.IsNullOrWhiteSpace(uri) ? null : ServiceAddress.Parse(uri!, UriVariable))
            {
                ClusterId = NullIfBlank(getVariable(ClusterIdVariable)),
                ProjectId = NullIfBlank(getVariable(ProjectIdVariable)),
                RefreshApiKey = _ => Task.FromResult(getVariable(ApiKeyVariable)),
            };
        }

        private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
    }

    /// <summary>Makes connections to the Zilliz Cloud control plane (REST v2).</summary>
    public static class ZillizConnection
    {
        public static BackupConnection Create(ZillizConnectionSettings settings)
        {
            var uri = settings.Uri;
            if (string.IsNullOrEmpty(settings.ApiKey))
            {
                throw new BackupServiceException(BackupErrorId.InvalidArgument, BackupErrorKind.InvalidArgument, "A Zilliz Cloud API key is required.", uri.ToString());
            }

            ServiceAddress.Check(uri, "the Zilliz Cloud control plane", "API key", settings.AllowUnencryptedAuthentication);
            ZillizNames.CheckOptionalId(settings.ClusterId, "ClusterId");
            ZillizNames.CheckOptionalId(settings.ProjectId, "ProjectId");

            // Stay under the documented per-endpoint limit unless the caller chose another.
            settings.Http.RequestsPerSecondPerEndpoint ??= ZillizWire.RequestsPerSecondPerEndpoint;
            var redactor = new SecretRedactor();
            var http = new ServiceHttpClient(
                uri,
                settings.Http,
                new TokenAuthenticator("Bearer ", settings.ApiKey, settings.RefreshApiKey, redactor),
                new ZillizErrorTranslator(),
                redactor);
            var authentication = settings.RefreshApiKey is null ? "ApiKey" : $"ApiKey ({ZillizConnectionSettings.ApiKeyVariable})";
            return new BackupConnection(BackendKind.ZillizCloud, uri, http, (connection, log) => new ZillizBackupService(connection, log), authentication, settings.ClusterId, settings.ProjectId);
        }
    }

    /// <summary>ZILLIZ_API_KEY and its companions, as a scheduled task sets them.</summary>
    internal sealed class ZillizEnvironmentConnector : IEnvironmentConnector
    {
        public string Variables => ZillizConnectionSettings.ApiKeyVariable;

        public string ConnectExample => "Connect-ClusterBackupService -ApiKey (Read-Host -AsSecureString) -ClusterId <in01-...>";

        public bool IsConfigured(Func<string, string?> getVariable) => !string.IsNullOrEmpty(getVariable(ZillizConnectionSettings.ApiKeyVariable));

        public BackupConnection Connect(Func<string, string?> getVariable, ConnectionOptions options)
        {
            var settings = ZillizConnectionSettings.FromEnvironment(getVariable)!;
            settings.Http = options.Http;
            settings.AllowUnencryptedAuthentication = options.AllowUnencryptedAuthentication;
            return ZillizConnection.Create(settings);
        }
    }
}
