using System;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using BackupModule.Errors;
using BackupModule.Http;

namespace BackupModule.Dcos
{
    /// <summary>
    /// Logs in to a DC/OS master's IAM through the connection's own HttpClient (so its TLS and proxy settings
    /// apply) and returns the DC/OS authentication token it issues.
    /// </summary>
    internal static class DcosLoginClient
    {
        /// <summary>The IAM's login route, at the root of the master (outside the backup service's prefix).</summary>
        public const string LoginPath = "acs/api/v1/auth/login";

        public static async Task<string?> LoginAsync(ServiceHttpClient http, Uri master, DcosLogin login, IHttpCallLog log, CancellationToken cancellationToken)
        {
            var loginUri = new Uri(master.GetLeftPart(UriPartial.Authority) + "/" + LoginPath);
            var body = login.Body(http.Redactor, DateTimeOffset.UtcNow);

            // Retried like a read after a transient failure: a login changes nothing on the master.
            var request = new ApiRequest(HttpMethod.Post, loginUri.AbsoluteUri, body, route: LoginPath, isRead: true);
            var response = await http.SendUnauthenticatedAsync(request, new DcosLoginErrorTranslator(master, login), log, cancellationToken).ConfigureAwait(false);
            var token = ReadToken(response.Body);
            if (string.IsNullOrEmpty(token))
            {
                throw new BackupServiceException(BackupErrorId.InvalidResponse, BackupErrorKind.InvalidData, $"The DC/OS login at {loginUri} answered without a token.", master.AbsoluteUri);
            }

            http.Redactor.AddSecret(token);
            return token;
        }

        private static string? ReadToken(string body)
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                return document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("token", out var token)
                    && token.ValueKind == JsonValueKind.String
                    ? token.GetString()
                    : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// The IAM's refusals as AuthenticationFailed, about the master. DC/OS IAM error bodies are read as
    /// <c>{"title", "description", "code"}</c> (e.g. code ERR_INVALID_CREDENTIALS); the digest does not
    /// confirm that shape [?], so any other body is shown as text.
    /// </summary>
    internal sealed class DcosLoginErrorTranslator : IServiceErrorTranslator
    {
        private readonly Uri _master;
        private readonly DcosLogin _login;

        public DcosLoginErrorTranslator(Uri master, DcosLogin login)
        {
            _master = master;
            _login = login;
        }

        public bool IsFailure(ApiResponse response) => false;

        public BackupServiceException Translate(ApiRequest request, ApiResponse response)
        {
            var (said, code) = Read(response.Body);
            var target = _master.AbsoluteUri;
            switch (response.StatusCode)
            {
                case 400:
                case 401:
                case 403:
                    return new BackupServiceException(
                        BackupErrorId.AuthenticationFailed,
                        BackupErrorKind.Authentication,
                        $"The DC/OS master {target} refused the login of '{_login.Uid}' by {_login.Method} (HTTP {response.StatusCode}{(code is null ? "" : ", " + code)}): {said}",
                        target)
                    {
                        RecommendedAction = _login.Method == "password"
                            ? "Check the user name and password (Get-Credential), and that the account is a local DC/OS user."
                            : "Check the service account id and that -PrivateKeyPath is the private key of the public key stored with that account.",
                    };
                case 404:
                    return new BackupServiceException(BackupErrorId.ServiceError, BackupErrorKind.ServiceError, $"{target} has no DC/OS login ({DcosLoginClient.LoginPath} was not found): is it a DC/OS master? {said}", target);
                case 502:
                case 503:
                case 504:
                    return new BackupServiceException(BackupErrorId.ServiceUnavailable, BackupErrorKind.Unavailable, $"The DC/OS login at {target} is unavailable (HTTP {response.StatusCode}): {said}", target);
                default:
                    return new BackupServiceException(BackupErrorId.ServiceError, BackupErrorKind.ServiceError, $"The DC/OS login at {target} failed (HTTP {response.StatusCode}): {said}", target);
            }
        }

        private static (string Said, string? Code) Read(string body)
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object)
                {
                    var description = Text(root, "description") ?? Text(root, "title");
                    if (description is not null)
                    {
                        return (description, Text(root, "code"));
                    }
                }
            }
            catch (JsonException)
            {
                // Not JSON: a proxy's page; shown as text below.
            }

            var text = DcosResponseReader.Excerpt(body);
            return (text.Length == 0 ? "no details" : text, null);
        }

        private static string? Text(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
