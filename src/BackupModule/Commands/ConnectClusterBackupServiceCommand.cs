using System;
using System.Management.Automation;
using System.Net;
using System.Security;
using BackupModule.Dcos;
using BackupModule.Errors;
using BackupModule.Http;
using BackupModule.Model;
using BackupModule.Operations;
using BackupModule.Pipeline;
using BackupModule.ZillizCloud;

namespace BackupModule.Commands
{
    /// <summary>
    /// Connects to a backup service, checks the connection with one read-only request, keeps it in the
    /// session under its name (-Name, else a derived one) and makes it the session default. Without parameters it uses the environment: DCOS_URL + DCOS_ACS_TOKEN, else
    /// ZILLIZ_API_KEY (DC/OS wins when both are set).
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "ClusterBackupService", DefaultParameterSetName = EnvironmentSet)]
    [OutputType(typeof(BackupConnection))]
    public sealed class ConnectClusterBackupServiceCommand : BackupCmdlet
    {
        private const string DcosSet = "Dcos";
        private const string ZillizSet = "ZillizCloud";
        private const string EnvironmentSet = "Environment";

        [Parameter(Mandatory = true, ParameterSetName = DcosSet)]
        public SwitchParameter Dcos { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ZillizSet)]
        public SwitchParameter ZillizCloud { get; set; }

        /// <summary>DC/OS: the master (mandatory). Zilliz Cloud: the control plane, https://api.cloud.zilliz.com by default.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = DcosSet)]
        [Parameter(Position = 0, ParameterSetName = ZillizSet)]
        [ValidateNotNull]
        public Uri? Uri { get; set; }

        /// <summary>The DC/OS authentication token; DCOS_ACS_TOKEN when omitted.</summary>
        [Parameter(ParameterSetName = DcosSet)]
        public SecureString? Token { get; set; }

        /// <summary>The Zilliz Cloud API key; ZILLIZ_API_KEY when omitted.</summary>
        [Parameter(ParameterSetName = ZillizSet)]
        public SecureString? ApiKey { get; set; }

        /// <summary>The Zilliz Cloud cluster cmdlets use when they name none.</summary>
        [Parameter(ParameterSetName = ZillizSet)]
        [ValidateNotNullOrEmpty]
        public string? ClusterId { get; set; }

        /// <summary>The Zilliz Cloud project cmdlets use when they name none.</summary>
        [Parameter(ParameterSetName = ZillizSet)]
        [ValidateNotNullOrEmpty]
        public string? ProjectId { get; set; }

        /// <summary>
        /// The name this session knows the connection by (-Connection prod, Get-/Disconnect-ClusterBackupService);
        /// without it, one derived from the back end, host and cluster. An existing entry of that name is replaced
        /// (not disposed: objects read through it still use it).
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

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
            var http = new HttpSettings
            {
                RequestTimeout = TimeSpan.FromSeconds(RequestTimeoutSec),
                Retry = new RetryPolicy(MaximumRetryCount + 1),
            };
            Func<BackupConnection>? connect = ParameterSetName switch
            {
                DcosSet => DcosFromParameters(http),
                ZillizSet => ZillizFromParameters(http),
                _ => null,
            };
            Run(async operations =>
            {
                var connection = await operations.ConnectAsync(connect ?? (() => FromEnvironment(http, operations.Host)), setDefault: true, Name).ConfigureAwait(false);
                if (PassThru)
                {
                    operations.Host.WriteObject(connection);
                }
            });
        }

        private Func<BackupConnection> DcosFromParameters(HttpSettings http)
        {
            var token = Secret(Token, DcosConnectionSettings.TokenVariable, "-Token");
            var settings = new DcosConnectionSettings(Uri!, token)
            {
                AllowUnencryptedAuthentication = AllowUnencryptedAuthentication.IsPresent,
                Http = http,
            };
            return () => DcosConnection.Create(settings);
        }

        private Func<BackupConnection> ZillizFromParameters(HttpSettings http)
        {
            var key = Secret(ApiKey, ZillizConnectionSettings.ApiKeyVariable, "-ApiKey");
            var settings = new ZillizConnectionSettings(key, Uri)
            {
                ClusterId = ClusterId,
                ProjectId = ProjectId,
                AllowUnencryptedAuthentication = AllowUnencryptedAuthentication.IsPresent,
                Http = http,
            };
            return () => ZillizConnection.Create(settings);
        }

        private BackupConnection FromEnvironment(HttpSettings http, ICommandHost host) =>
            SessionConnections.FromEnvironment(Environment.GetEnvironmentVariable, new ConnectionOptions { Http = http, AllowUnencryptedAuthentication = AllowUnencryptedAuthentication.IsPresent }, host)
            ?? throw new BackupServiceException(
                BackupErrorId.NotConnected,
                BackupErrorKind.Connection,
                $"Nothing to connect to: use -Dcos -Uri <master> -Token <token> or -ZillizCloud -ApiKey <key>, or set {DcosConnectionSettings.UrlVariable} and {DcosConnectionSettings.TokenVariable}, or {ZillizConnectionSettings.ApiKeyVariable}.");

        /// <summary>The secret parameter in clear text for the core, else its environment variable; a terminating error when neither is set.</summary>
        private string Secret(SecureString? given, string variable, string parameter)
        {
            var value = given is null ? Environment.GetEnvironmentVariable(variable) : new NetworkCredential(string.Empty, given).Password;
            if (string.IsNullOrEmpty(value))
            {
                ThrowTerminatingError(ErrorRecords.From(new BackupServiceException(
                    BackupErrorId.InvalidArgument,
                    BackupErrorKind.InvalidArgument,
                    $"No credential: pass {parameter} or set {variable}.",
                    Uri?.ToString())));
            }

            return value!;
        }
    }
}
