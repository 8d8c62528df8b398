using System.Linq;
using BackupModule.Errors;
using BackupModule.Http;

namespace BackupModule.Dcos
{
    /// <summary>DC/OS failures to module errors: "lock is already held" is a distinct busy error whatever the status.</summary>
    internal sealed class DcosErrorTranslator : IServiceErrorTranslator
    {
        private readonly DcosTokenOrigin _origin;

        public DcosErrorTranslator(DcosTokenOrigin origin = DcosTokenOrigin.Given)
        {
            _origin = origin;
        }

        public bool IsFailure(ApiResponse response) => false;

        public BackupServiceException Translate(ApiRequest request, ApiResponse response)
        {
            var messages = DcosResponseReader.ReadErrors(response.Body);
            var said = messages.Count == 0 ? $"HTTP {response.StatusCode}" : string.Join("; ", messages);
            var where = $"{request.Method} {request.Path}";
            BackupServiceException error;
            if (messages.Any(m => DcosWire.BusyMarkers.Any(marker => m.IndexOf(marker, System.StringComparison.OrdinalIgnoreCase) >= 0)))
            {
                error = new BackupServiceException(BackupErrorId.BackupServiceBusy, BackupErrorKind.Busy, "Another backup or restore is running on this cluster (the service holds one lock for both): " + said)
                {
                    RecommendedAction = "Wait for the running operation to finish (Get-ClusterBackup shows it), then try again; New-ClusterBackup -Wait waits for the lock itself.",
                };
            }
            else
            {
                switch (response.StatusCode)
                {
                    case 401:
                        error = Unauthorized(where, said);
                        break;
                    case 403:
                        error = new BackupServiceException(BackupErrorId.Forbidden, BackupErrorKind.Permission, $"The token's account may not use the backup service ({where}). It needs '{DcosWire.Permission}' or dcos:superuser.")
                        {
                            RecommendedAction = $"Grant the account {DcosWire.Permission}.",
                        };
                        break;
                    case 404:
                        error = new BackupServiceException(BackupErrorId.ServiceError, BackupErrorKind.ServiceError, $"{where} was not found on this master: is it DC/OS Enterprise 1.10 or later? {said}");
                        break;
                    case 400:
                        error = new BackupServiceException(BackupErrorId.InvalidArgument, BackupErrorKind.InvalidArgument, $"The backup service rejected {where}: {said}");
                        break;
                    case 429:
                        error = new BackupServiceException(BackupErrorId.RateLimited, BackupErrorKind.LimitsExceeded, $"The backup service is throttling requests ({where}): {said}");
                        break;
                    case 502:
                    case 503:
                    case 504:
                        error = new BackupServiceException(BackupErrorId.ServiceUnavailable, BackupErrorKind.Unavailable, $"The backup service is unavailable ({where}, HTTP {response.StatusCode}): {said}");
                        break;
                    default:
                        error = new BackupServiceException(BackupErrorId.ServiceError, BackupErrorKind.ServiceError, $"The backup service failed {where} (HTTP {response.StatusCode}): {said}");
                        break;
                }
            }

            error.ServiceMessages = messages;
            return error;
        }

        /// <summary>A 401 that renewal could not cure: what it means depends on where the token came from.</summary>
        private BackupServiceException Unauthorized(string where, string said)
        {
            const string LogIn = "Connect with -Credential (a DC/OS user) or -ServiceAccount and -PrivateKeyPath, so that the module logs in again when a token expires";
            switch (_origin)
            {
                case DcosTokenOrigin.Login:
                    return new BackupServiceException(BackupErrorId.Unauthorized, BackupErrorKind.Authentication, $"The DC/OS master refused the token its own login had just issued ({where}). {said}")
                    {
                        RecommendedAction = "Check the master's IAM and clock, then run Connect-ClusterBackupService again.",
                    };
                case DcosTokenOrigin.Environment:
                    return new BackupServiceException(BackupErrorId.Unauthorized, BackupErrorKind.Authentication, $"The DC/OS master refused the token ({where}): it is missing, expired or not valid, and {DcosConnectionSettings.TokenVariable} was read again but holds no newer one. {said}")
                    {
                        RecommendedAction = $"Put a fresh token in {DcosConnectionSettings.TokenVariable}, or {LogIn}.",
                    };
                default:
                    return new BackupServiceException(BackupErrorId.Unauthorized, BackupErrorKind.Authentication, $"The DC/OS master refused the token ({where}): it is missing, expired or not valid. A token given with -Token cannot be renewed by the module. {said}")
                    {
                        RecommendedAction = LogIn + "; or get a fresh token (dcos config show core.dcos_acs_token) and run Connect-ClusterBackupService again.",
                    };
            }
        }
    }

    /// <summary>Where a DC/OS connection's token comes from, which decides whether and how it can be renewed.</summary>
    internal enum DcosTokenOrigin
    {
        /// <summary>Given once (-Token): cannot be renewed.</summary>
        Given,

        /// <summary>DCOS_ACS_TOKEN: read again after a 401.</summary>
        Environment,

        /// <summary>Issued by a login (-Credential, -ServiceAccount): renewed by logging in again.</summary>
        Login,
    }
}
