using System;
using System.Threading;
using System.Threading.Tasks;
using BackupModule.Errors;
using BackupModule.Http;
using BackupModule.Model;

namespace BackupModule.Dcos
{
    /// <summary>What a DC/OS connection needs.</summary>
    public sealed class DcosConnectionSettings
    {
        public const string UrlVariable = "DCOS_URL";
        public const string TokenVariable = "DCOS_ACS_TOKEN";

        public DcosConnectionSettings(Uri uri, string token)
        {
            Uri = uri;
            Token = token;
        }

        /// <summary>A connection that logs in at its first request and again after a 401.</summary>
        public DcosConnectionSettings(Uri uri, DcosLogin login)
        {
            Uri = uri;
            Login = login;
        }

        /// <summary>The master's URL, e.g. https://master.example.com (the backup path is added).</summary>
        public Uri Uri { get; }

        /// <summary>A given token; null when the connection logs in (<see cref="Login"/>).</summary>
        public string? Token { get; }

        /// <summary>The user or service account the connection logs in as; null for a given token.</summary>
        public DcosLogin? Login { get; }

        /// <summary>Asked once after a 401 for a newer token; null or the same token means none.</summary>
        public Func<CancellationToken, Task<string?>>? RefreshToken { get; set; }

        /// <summary>Allows sending the token over plain http to a host that is not loopback.</summary>
        public bool AllowUnencryptedAuthentication { get; set; }

        public HttpSettings Http { get; set; } = new HttpSettings();

        /// <summary>DCOS_URL and DCOS_ACS_TOKEN, as a scheduled task sets them; null when either is missing.</summary>
        public static DcosConnectionSettings? FromEnvironment(Func<string, string?> getVariable)
        {
            var url = getVariable(UrlVariable);
            var token = getVariable(TokenVariable);
            if (string.IsNullOrWhiteSpace(url) || string.IsNullOrEmpty(token))
            {
                return null;
            }

            return new DcosConnectionSettings(ServiceAddress.Parse(url!, UrlVariable), token!)
            {
                // A rotated token in the environment is picked up after a 401.
                RefreshToken = _ => Task.FromResult(getVariable(TokenVariable)),
            };
        }
    }

    /// <summary>Makes connections to a DC/OS master's backup service.</summary>
    public static class DcosConnection
    {
        public static BackupConnection Create(DcosConnectionSettings settings)
        {
            var uri = settings.Uri;
            var login = settings.Login;
            if (login is null && string.IsNullOrEmpty(settings.Token))
            {
                throw new BackupServiceException(BackupErrorId.InvalidArgument, BackupErrorKind.InvalidArgument, "A DC/OS authentication token is required.", uri.ToString());
            }

            ServiceAddress.Check(uri, "a DC/OS master", login is null ? "token" : login.Method, settings.AllowUnencryptedAuthentication);
            var redactor = new SecretRedactor();
            var authenticator = login is null
                ? new TokenAuthenticator(DcosWire.TokenPrefix, settings.Token!, settings.RefreshToken, redactor)
                : new TokenAuthenticator(DcosWire.TokenPrefix, null, (client, log, cancellationToken) => DcosLoginClient.LoginAsync(client, uri, login, log, cancellationToken), redactor);
            var origin = login is not null ? DcosTokenOrigin.Login : settings.RefreshToken is not null ? DcosTokenOrigin.Environment : DcosTokenOrigin.Given;
            var http = new ServiceHttpClient(
                ServiceUri(uri),
                settings.Http,
                authenticator,
                new DcosErrorTranslator(origin),
                redactor);
            var authentication = origin switch
            {
                DcosTokenOrigin.Login => login!.Describe(),
                DcosTokenOrigin.Environment => $"Token ({DcosConnectionSettings.TokenVariable})",
                _ => "Token",
            };
            return new BackupConnection(BackendKind.DcosBackup, uri, http, (connection, log) => new DcosBackupService(connection, log), authentication, clusterId: uri.AbsoluteUri);
        }

        /// <summary>The master URL plus Admin Router's backup prefix, unless the user gave the full path already.</summary>
        private static Uri ServiceUri(Uri master)
        {
            var text = master.AbsoluteUri.TrimEnd('/') + "/";
            return new Uri(text.EndsWith("/" + DcosWire.BasePath, StringComparison.OrdinalIgnoreCase) ? text : text + DcosWire.BasePath);
        }
    }

    /// <summary>DCOS_URL and DCOS_ACS_TOKEN, as a scheduled task sets them.</summary>
    internal sealed class DcosEnvironmentConnector : IEnvironmentConnector
    {
        public string Variables => $"{DcosConnectionSettings.UrlVariable} and {DcosConnectionSettings.TokenVariable}";

        public string ConnectExample => "Connect-ClusterBackupService -Uri https://<master> -Token (Read-Host -AsSecureString)";

        public bool IsConfigured(Func<string, string?> getVariable) =>
            !string.IsNullOrWhiteSpace(getVariable(DcosConnectionSettings.UrlVariable)) && !string.IsNullOrEmpty(getVariable(DcosConnectionSettings.TokenVariable));

        public BackupConnection Connect(Func<string, string?> getVariable, ConnectionOptions options)
        {
            var settings = DcosConnectionSettings.FromEnvironment(getVariable)!;
            settings.Http = options.Http;
            settings.AllowUnencryptedAuthentication = options.AllowUnencryptedAuthentication;
            return DcosConnection.Create(settings);
        }
    }
}
