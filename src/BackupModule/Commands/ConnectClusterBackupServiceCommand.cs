using System;
using System.Management.Automation;
using System.Net;
using System.Security;
using BackupModule.Dcos;
using BackupModule.Errors;
using BackupModule.Http;
using BackupModule.MilvusBackup;
using BackupModule.Model;
using BackupModule.Operations;
using BackupModule.Pipeline;
using BackupModule.Security;
using BackupModule.ZillizCloud;

namespace BackupModule.Commands
{
    /// <summary>
    /// Connects to a backup service, checks the connection with one read-only request, keeps it in the
    /// session under its name (-Name, else a derived one) and makes it the session default. Without
    /// parameters it uses the environment: DCOS_URL + DCOS_ACS_TOKEN, else ZILLIZ_API_KEY, else MILVUS_BACKUP_URL
    /// (the first one set wins). A milvus-backup server (-MilvusBackup -Uri) takes no credential. DC/OS can also
    /// log in (-Credential, -ServiceAccount) and then logs in again when its token expires. The credential comes
    /// from the parameter, else the environment variable, else the -Vault secret.
    /// The back end follows from the credential (-Token, -Credential, -ServiceAccount: DC/OS; -ApiKey: Zilliz
    /// Cloud) or from its switch; the switches stay optional where a credential says it. No set makes a
    /// back-end switch the only thing missing, so PowerShell never prompts for one: a call that names no back
    /// end lands in the ZillizCloud set, whose switch is optional, and is refused there with BackendNotSpecified
    /// unless a Zilliz-only parameter (-ClusterId, -ProjectId) says Zilliz Cloud.
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "ClusterBackupService", DefaultParameterSetName = EnvironmentSet)]
    [OutputType(typeof(BackupConnection))]
    public sealed class ConnectClusterBackupServiceCommand : BackupCmdlet
    {
        /// <summary>DC/OS with a token: -Token says the back end.</summary>
        private const string DcosTokenSet = "DcosToken";

        /// <summary>DC/OS named by -Dcos, its token from DCOS_ACS_TOKEN or a -Vault secret.</summary>
        private const string DcosSet = "Dcos";
        private const string DcosCredentialSet = "DcosCredential";
        private const string DcosServiceAccountSet = "DcosServiceAccount";

        /// <summary>Zilliz Cloud with an API key: -ApiKey says the back end.</summary>
        private const string ZillizApiKeySet = "ZillizApiKey";

        /// <summary>Zilliz Cloud, its key from ZILLIZ_API_KEY or a -Vault secret; also where a call naming no back end binds.</summary>
        private const string ZillizSet = "ZillizCloud";

        /// <summary>A milvus-backup server: -MilvusBackup and -Uri, no credential (the server has no authentication).</summary>
        private const string MilvusBackupSet = "MilvusBackup";
        private const string EnvironmentSet = "Environment";

        [Parameter(Mandatory = true, ParameterSetName = DcosSet)]
        [Parameter(ParameterSetName = DcosTokenSet)]
        [Parameter(ParameterSetName = DcosCredentialSet)]
        [Parameter(ParameterSetName = DcosServiceAccountSet)]
        public SwitchParameter Dcos { get; set; }

        [Parameter(ParameterSetName = ZillizSet)]
        [Parameter(ParameterSetName = ZillizApiKeySet)]
        public SwitchParameter ZillizCloud { get; set; }

        /// <summary>A self-hosted Milvus's milvus-backup server (`milvus-backup server`): goes with -Uri, and no credential.</summary>
        [Parameter(Mandatory = true, ParameterSetName = MilvusBackupSet)]
        public SwitchParameter MilvusBackup { get; set; }

        /// <summary>
        /// DC/OS: the master (mandatory). Zilliz Cloud: the control plane, https://api.cloud.zilliz.com by default.
        /// milvus-backup: the server, e.g. http://milvus-backup:8080, or an https reverse proxy in front of it (mandatory).
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = DcosTokenSet)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = DcosSet)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = DcosCredentialSet)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = DcosServiceAccountSet)]
        [Parameter(Position = 0, ParameterSetName = ZillizApiKeySet)]
        [Parameter(Position = 0, ParameterSetName = ZillizSet)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = MilvusBackupSet)]
        [ValidateNotNull]
        public Uri? Uri { get; set; }

        /// <summary>The DC/OS authentication token (says DC/OS without -Dcos); with -Dcos and no -Token, DCOS_ACS_TOKEN.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DcosTokenSet)]
        public SecureString? Token { get; set; }

        /// <summary>A local DC/OS user: logs in to the IAM with it at connect, and again when the token expires.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DcosCredentialSet)]
        [ValidateNotNull]
        public PSCredential? Credential { get; set; }

        /// <summary>A DC/OS service account id: logs in with a login token signed by -PrivateKeyPath, and again when the token expires.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DcosServiceAccountSet)]
        [ValidateNotNullOrEmpty]
        public string? ServiceAccount { get; set; }

        /// <summary>The service account's RSA private key (PEM, PKCS#1 or unencrypted PKCS#8), relative to the current location.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DcosServiceAccountSet)]
        [ValidateNotNullOrEmpty]
        public string? PrivateKeyPath { get; set; }

        /// <summary>A SecretManagement vault holding the credential, read when neither the parameter nor the variable gives one.</summary>
        [Parameter(ParameterSetName = DcosSet)]
        [Parameter(ParameterSetName = ZillizSet)]
        [ValidateNotNullOrEmpty]
        public string? Vault { get; set; }

        /// <summary>The secret in -Vault: a PSCredential (DC/OS login), or a SecureString/string (DC/OS token, Zilliz API key).</summary>
        [Parameter(ParameterSetName = DcosSet)]
        [Parameter(ParameterSetName = ZillizSet)]
        [ValidateNotNullOrEmpty]
        public string? SecretName { get; set; }

        /// <summary>The Zilliz Cloud API key (says Zilliz Cloud without -ZillizCloud); with -ZillizCloud and no -ApiKey, ZILLIZ_API_KEY.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ZillizApiKeySet)]
        public SecureString? ApiKey { get; set; }

        /// <summary>The Zilliz Cloud cluster cmdlets use when they name none.</summary>
        [Parameter(ParameterSetName = ZillizApiKeySet)]
        [Parameter(ParameterSetName = ZillizSet)]
        [ValidateNotNullOrEmpty]
        public string? ClusterId { get; set; }

        /// <summary>The Zilliz Cloud project cmdlets use when they name none.</summary>
        [Parameter(ParameterSetName = ZillizApiKeySet)]
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
            HttpSettings http;
            Func<BackupConnection>? connect;
            try
            {
                http = new HttpSettings
                {
                    RequestTimeout = TimeSpan.FromSeconds(RequestTimeoutSec),
                    Retry = new RetryPolicy(MaximumRetryCount + 1),
                    Transport = TransportFromParameters(),
                };
                connect = ParameterSetName switch
                {
                    DcosTokenSet or DcosSet => DcosFromParameters(http),
                    DcosCredentialSet => ConnectDcos(http, new DcosConnectionSettings(Uri!, DcosLogin.WithPassword(Credential!.UserName, Credential.Password))),
                    DcosServiceAccountSet => ConnectDcos(http, new DcosConnectionSettings(Uri!, DcosLogin.WithServiceAccount(ServiceAccount!, ReadPrivateKey()))),
                    ZillizApiKeySet => ZillizFromParameters(http),
                    ZillizSet => ZillizNamedFromParameters(http),
                    MilvusBackupSet => MilvusBackupFromParameters(http),
                    _ => null,
                };
            }
            catch (BackupServiceException error)
            {
                ThrowTerminatingError(ErrorRecords.From(error));
                return;
            }

            Run(async operations =>
            {
                var connection = await operations.ConnectAsync(connect ?? (() => FromEnvironment(http, operations.Host)), setDefault: true, Name).ConfigureAwait(false);
                if (PassThru)
                {
                    operations.Host.WriteObject(connection);
                }
            });
        }

        /// <summary>The certificate and proxy parameters.</summary>
        /// <exception cref="BackupServiceException">A bad CA bundle or contradicting switches.</exception>
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
            transport.Check();
            if (CertificateAuthorityPath is not null)
            {
                // Relative to the PowerShell location, not the process's working directory.
                transport.CertificateAuthority = CertificateBundle.Load(SessionState.Path.GetUnresolvedProviderPathFromPSPath(CertificateAuthorityPath));
            }

            if (SkipCertificateCheck)
            {
                WriteWarning($"-SkipCertificateCheck: the server's certificate is not checked for this connection, so anyone on the network path can pose as {Uri?.Host ?? "the service"}.");
            }

            return transport;
        }

        private Func<BackupConnection> DcosFromParameters(HttpSettings http)
        {
            var secret = Secret(Token, DcosConnectionSettings.TokenVariable, "-Token");
            return ConnectDcos(http, secret is PSCredential user
                ? new DcosConnectionSettings(Uri!, DcosLogin.WithPassword(user.UserName, user.Password))
                : new DcosConnectionSettings(Uri!, PlainText(secret)));
        }

        /// <summary>
        /// A DC/OS connection with this command's HTTP settings. One that logs in does so at connect (a wrong
        /// password fails here) and again after a 401.
        /// </summary>
        private Func<BackupConnection> ConnectDcos(HttpSettings http, DcosConnectionSettings settings)
        {
            settings.AllowUnencryptedAuthentication = AllowUnencryptedAuthentication.IsPresent;
            settings.Http = http;
            return () => DcosConnection.Create(settings);
        }

        /// <summary>-PrivateKeyPath, resolved against the PowerShell location (not the process's directory), as an RSA key.</summary>
        private System.Security.Cryptography.RSA ReadPrivateKey()
        {
            var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(PrivateKeyPath);
            string pem;
            try
            {
                pem = System.IO.File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException)
            {
                throw new BackupServiceException(BackupErrorId.InvalidPrivateKey, BackupErrorKind.InvalidArgument, $"The private key file '{path}' cannot be read: {ex.Message}", path, ex);
            }

            return Security.RsaPrivateKeyPem.Import(pem, path);
        }

        /// <summary>
        /// The ZillizCloud set also binds a call that names no back end (its switch is optional, so PowerShell
        /// never prompts for it): only -ZillizCloud, -ClusterId or -ProjectId say Zilliz Cloud there.
        /// </summary>
        private Func<BackupConnection> ZillizNamedFromParameters(HttpSettings http)
        {
            if (!ZillizCloud && ClusterId is null && ProjectId is null)
            {
                var target = Uri is null ? "This call" : $"-Uri {Uri}";
                throw new BackupServiceException(
                    BackupErrorId.BackendNotSpecified,
                    BackupErrorKind.InvalidArgument,
                    $"{target} does not say which back end to connect to. Give its credential or its switch: -Token, -Credential or -ServiceAccount (or -Dcos with DCOS_ACS_TOKEN) for DC/OS; -ApiKey (or -ZillizCloud with ZILLIZ_API_KEY) for Zilliz Cloud; -MilvusBackup for a milvus-backup server.",
                    Uri?.ToString());
            }

            return ZillizFromParameters(http);
        }

        private Func<BackupConnection> ZillizFromParameters(HttpSettings http)
        {
            var secret = Secret(ApiKey, ZillizConnectionSettings.ApiKeyVariable, "-ApiKey");
            if (secret is PSCredential)
            {
                throw new BackupServiceException(BackupErrorId.VaultSecretNotRead, BackupErrorKind.InvalidArgument, $"The secret '{SecretName}' in vault '{Vault}' is a PSCredential; Zilliz Cloud needs an API key (a SecureString or string secret).", Uri?.ToString());
            }

            var key = PlainText(secret);
            var settings = new ZillizConnectionSettings(key, Uri)
            {
                ClusterId = ClusterId,
                ProjectId = ProjectId,
                AllowUnencryptedAuthentication = AllowUnencryptedAuthentication.IsPresent,
                Http = http,
            };
            return () => ZillizConnection.Create(settings);
        }

        /// <summary>No credential to find: the address is all a milvus-backup connection needs.</summary>
        private Func<BackupConnection> MilvusBackupFromParameters(HttpSettings http)
        {
            var settings = new MilvusBackupConnectionSettings(Uri!) { Http = http };
            return () => MilvusBackupConnection.Create(settings);
        }

        private BackupConnection FromEnvironment(HttpSettings http, ICommandHost host) =>
            SessionConnections.FromEnvironment(Environment.GetEnvironmentVariable, new ConnectionOptions { Http = http, AllowUnencryptedAuthentication = AllowUnencryptedAuthentication.IsPresent }, host)
            ?? throw new BackupServiceException(
                BackupErrorId.NotConnected,
                BackupErrorKind.Connection,
                $"Nothing to connect to: use -Uri <master> -Token <token> (DC/OS), -ApiKey <key> (Zilliz Cloud) or -MilvusBackup -Uri <server> (milvus-backup), or set {DcosConnectionSettings.UrlVariable} and {DcosConnectionSettings.TokenVariable}, or {ZillizConnectionSettings.ApiKeyVariable}, or {MilvusBackupConnectionSettings.UrlVariable}.");

        /// <summary>
        /// The credential, in this order: the parameter, else its environment variable, else the -Vault secret
        /// (a PSCredential, SecureString or string); a terminating error when none gives one.
        /// </summary>
        private object Secret(SecureString? given, string variable, string parameter)
        {
            if (given is not null)
            {
                return given;
            }

            var fromEnvironment = Environment.GetEnvironmentVariable(variable);
            if (!string.IsNullOrEmpty(fromEnvironment))
            {
                return fromEnvironment!;
            }

            if (Vault is not null || SecretName is not null)
            {
                if (Vault is null || SecretName is null)
                {
                    throw new BackupServiceException(BackupErrorId.InvalidArgument, BackupErrorKind.InvalidArgument, "-Vault and -SecretName go together: give both.", Uri?.ToString());
                }

                return SecretVault.Read(this, Vault, SecretName, Uri?.ToString());
            }

            throw new BackupServiceException(
                BackupErrorId.InvalidArgument,
                BackupErrorKind.InvalidArgument,
                $"No credential: pass {parameter}, set {variable}, or name a SecretManagement secret with -Vault and -SecretName.",
                Uri?.ToString());
        }

        private static string PlainText(object secret) =>
            secret is SecureString secure ? new NetworkCredential(string.Empty, secure).Password : (string)secret;
    }
}
