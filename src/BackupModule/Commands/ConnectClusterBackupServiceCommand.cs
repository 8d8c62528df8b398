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
using BackupModule.Security;
using BackupModule.ZillizCloud;

namespace BackupModule.Commands
{
    /// <summary>
    /// Connects to a backup service, checks the connection with one read-only request, and makes it the
    /// session default. Without parameters it uses the environment: DCOS_URL + DCOS_ACS_TOKEN, else
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

        /// <summary>Accepts any server certificate, for this connection only (warns once).</summary>
        [Parameter]
        public SwitchParameter SkipCertificateCheck { get; set; }

        /// <summary>A PEM bundle of the cluster's CA certificate(s), trusted besides the system's roots (as dcos cluster setup --ca-certs).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? CertificateAuthorityPath { get; set; }

        /// <summary>An http:// proxy for this connection, instead of the system proxy.</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri? Proxy { get; set; }

        /// <summary>Answers the proxy's 407 (the -Proxy one, else the system proxy).</summary>
        [Parameter]
        [ValidateNotNull]
        [Credential]
        public PSCredential? ProxyCredential { get; set; }

        /// <summary>Answers the proxy's 407 with the session user's own credentials.</summary>
        [Parameter]
        public SwitchParameter ProxyUseDefaultCredentials { get; set; }

        /// <summary>Connects directly: no system proxy, no HTTP(S)_PROXY.</summary>
        [Parameter]
        public SwitchParameter NoProxy { get; set; }

        protected override void ProcessRecord()
        {
            var http = new HttpSettings
            {
                RequestTimeout = TimeSpan.FromSeconds(RequestTimeoutSec),
                Retry = new RetryPolicy(MaximumRetryCount + 1),
                Transport = TransportFromParameters(),
            };
            Func<BackupConnection>? connect = ParameterSetName switch
            {
                DcosSet => DcosFromParameters(http),
                ZillizSet => ZillizFromParameters(http),
                _ => null,
            };
            Run(async operations =>
            {
                var connection = await operations.ConnectAsync(connect ?? (() => FromEnvironment(http, operations.Host)), setDefault: true).ConfigureAwait(false);
                if (PassThru)
                {
                    operations.Host.WriteObject(connection);
                }
            });
        }

        /// <summary>The certificate and proxy parameters; a terminating error for a bad CA bundle or contradicting switches.</summary>
        private TransportSettings TransportFromParameters()
        {
            var transport = new TransportSettings
            {
                SkipCertificateCheck = SkipCertificateCheck.IsPresent,
                Proxy = Proxy,
                ProxyCredential = ProxyCredential?.GetNetworkCredential(),
                ProxyUseDefaultCredentials = ProxyUseDefaultCredentials.IsPresent,
                NoProxy = NoProxy.IsPresent,
            };
            try
            {
                transport.Check();
                if (CertificateAuthorityPath is not null)
                {
                    // Relative to the PowerShell location, not the process's working directory.
                    transport.CertificateAuthority = CertificateBundle.Load(SessionState.Path.GetUnresolvedProviderPathFromPSPath(CertificateAuthorityPath));
                }
            }
            catch (BackupServiceException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex));
            }

            if (SkipCertificateCheck)
            {
                WriteWarning($"-SkipCertificateCheck: the server's certificate is not checked for this connection, so anyone on the network path can pose as {Uri?.Host ?? "the service"}.");
            }

            return transport;
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
