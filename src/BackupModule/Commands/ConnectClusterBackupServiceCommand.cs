using System;
using System.Management.Automation;
using System.Net;
using System.Security;
using BackupModule.Dcos;
using BackupModule.Errors;
using BackupModule.Http;
using BackupModule.Pipeline;
using BackupModule.Model;

namespace BackupModule.Commands
{
    /// <summary>
    /// Connects to a backup service, checks the connection with one read-only request, and makes it the
    /// session default. Without parameters it uses DCOS_URL and DCOS_ACS_TOKEN (scheduled tasks).
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "ClusterBackupService", DefaultParameterSetName = EnvironmentSet)]
    [OutputType(typeof(BackupConnection))]
    public sealed class ConnectClusterBackupServiceCommand : BackupCmdlet
    {
        private const string DcosSet = "Dcos";
        private const string EnvironmentSet = "Environment";

        [Parameter(Mandatory = true, ParameterSetName = DcosSet)]
        public SwitchParameter Dcos { get; set; }

        /// <summary>The DC/OS master, e.g. https://master.example.com.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = DcosSet)]
        [ValidateNotNull]
        public Uri? Uri { get; set; }

        /// <summary>The DC/OS authentication token; DCOS_ACS_TOKEN when omitted.</summary>
        [Parameter(ParameterSetName = DcosSet)]
        public SecureString? Token { get; set; }

        [Parameter]
        public SwitchParameter AllowUnencryptedAuthentication { get; set; }

        [Parameter]
        [ValidateRange(1, 3600)]
        public int RequestTimeoutSec { get; set; } = 30;

        /// <summary>Retries of a failed read; mutations are never retried.</summary>
        [Parameter]
        [ValidateRange(0, 10)]
        public int MaximumRetryCount { get; set; } = 3;

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var settings = ParameterSetName == DcosSet ? FromParameters() : FromEnvironment();
            settings.AllowUnencryptedAuthentication = AllowUnencryptedAuthentication.IsPresent;
            settings.Http = new HttpSettings
            {
                RequestTimeout = TimeSpan.FromSeconds(RequestTimeoutSec),
                Retry = new RetryPolicy(MaximumRetryCount + 1),
            };
            Run(async operations =>
            {
                var connection = await operations.ConnectAsync(() => DcosConnection.Create(settings), setDefault: true).ConfigureAwait(false);
                if (PassThru)
                {
                    operations.Host.WriteObject(connection);
                }
            });
        }

        private DcosConnectionSettings FromParameters()
        {
            var token = Token is null ? Environment.GetEnvironmentVariable(DcosConnectionSettings.TokenVariable) : new NetworkCredential(string.Empty, Token).Password;
            if (string.IsNullOrEmpty(token))
            {
                ThrowTerminatingError(ErrorRecords.From(new BackupServiceException(
                    BackupErrorId.InvalidArgument,
                    BackupErrorKind.InvalidArgument,
                    $"No token: pass -Token or set {DcosConnectionSettings.TokenVariable}.",
                    Uri?.ToString())));
            }

            return new DcosConnectionSettings(Uri!, token!);
        }

        private DcosConnectionSettings FromEnvironment()
        {
            DcosConnectionSettings? settings = null;
            try
            {
                settings = DcosConnectionSettings.FromEnvironment(Environment.GetEnvironmentVariable);
            }
            catch (BackupServiceException error)
            {
                ThrowTerminatingError(ErrorRecords.From(error));
            }

            if (settings is null)
            {
                ThrowTerminatingError(ErrorRecords.From(new BackupServiceException(
                    BackupErrorId.NotConnected,
                    BackupErrorKind.Connection,
                    $"Set {DcosConnectionSettings.UrlVariable} and {DcosConnectionSettings.TokenVariable}, or use -Dcos -Uri <master> -Token <token>.")));
            }

            return settings!;
        }
    }
}
