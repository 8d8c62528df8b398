using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace BackupModule.Emulator;

/// <summary>A running emulator: Kestrel on loopback with the audit and fault middleware in front of the back ends.</summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _stopped;
    private int _disposed;

    private EmulatorServer(WebApplication app, IReadOnlyList<Uri> addresses, AuditLog audit, FaultInjector faults, DcosBackupService dcos, ZillizCloudService zilliz, MilvusBackupServer milvusBackup, ServedCertificate? tls)
    {
        CertificateAuthorityPem = tls?.AuthorityPem;
        CertificateAuthorityPath = tls?.AuthorityPath;
        ServerCertificate = tls?.Certificate;
        _app = app;
        Addresses = addresses;
        BaseUri = addresses[0];
        DcosBaseUri = new Uri(BaseUri, DcosBackupService.ApiPath.TrimStart('/') + "/");
        Audit = audit;
        Faults = faults;
        Dcos = dcos;
        Zilliz = zilliz;
        MilvusBackup = milvusBackup;
        MilvusBackupBaseUri = new Uri(BaseUri, MilvusBackupServer.ApiPath.TrimStart('/') + "/");
    }

    /// <summary>The first address listened on, with the actual port and a trailing slash; the Zilliz API is at its /v2/.</summary>
    public Uri BaseUri { get; }

    /// <summary>Every address listened on (one per URL, or two for localhost).</summary>
    public IReadOnlyList<Uri> Addresses { get; }

    /// <summary><see cref="BaseUri"/> + "system/v1/backup/v1/".</summary>
    public Uri DcosBaseUri { get; }

    public AuditLog Audit { get; }

    public FaultInjector Faults { get; }

    public DcosBackupService Dcos { get; }

    public ZillizCloudService Zilliz { get; }

    /// <summary>The emulated milvus-backup server; its API is at <see cref="MilvusBackupBaseUri"/>, and its text root at <see cref="BaseUri"/>.</summary>
    public MilvusBackupServer MilvusBackup { get; }

    /// <summary><see cref="BaseUri"/> + "api/v1/".</summary>
    public Uri MilvusBackupBaseUri { get; }

    /// <summary>The PEM of the CA that issued the https certificate (a client's CA bundle); null when serving http only.</summary>
    public string? CertificateAuthorityPem { get; }

    /// <summary>Where that PEM was written (<see cref="EmulatorTlsOptions.CertificateAuthorityOut"/>), or null.</summary>
    public string? CertificateAuthorityPath { get; }

    /// <summary>The certificate served on https:// URLs, or null.</summary>
    public X509Certificate2? ServerCertificate { get; }

    /// <exception cref="ArgumentException">A URL is not a loopback http(s) URL.</exception>
    /// <exception cref="InvalidDataException">The state file exists but cannot be read.</exception>
    public static async Task<EmulatorServer> StartAsync(EmulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        LoopbackGuard.ValidateUrls(options.Urls);

        var stateFile = options.StateFile is null ? null : EmulatorStateFile.Open(options.StateFile);
        var audit = new AuditLog();
        var faults = new FaultInjector();
        var dcos = new DcosBackupService(options.Dcos, stateFile);
        var zilliz = new ZillizCloudService(options.Zilliz, stateFile);
        var milvusBackup = new MilvusBackupServer(options.MilvusBackup, stateFile);
        // Every section loaded: only now may a save rewrite the file (a malformed section leaves it untouched).
        stateFile?.StartWriting();
        IEmulatedBackend[] backends = { dcos, zilliz, milvusBackup };

        // The empty builder reads no appsettings or ASPNETCORE_* variables, so nothing can re-bind
        // Kestrel to a non-loopback address behind our back.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls(options.Urls);
        var tls = ServedCertificate.For(options);
        if (tls is not null)
        {
            builder.WebHost.UseKestrelHttpsConfiguration().ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
            {
                https.ServerCertificate = tls.Certificate;
                https.ServerCertificateChain = options.Tls.ServerCertificateChain;
            }));
        }

        builder.Services.AddRoutingCore();
        // Warnings only, and on stderr, so that stdout carries nothing but the banner scripts parse.
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);

        // A delay fault may hold a request; do not wait the default 30 s for it on shutdown.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));

        // Signals belong to Program (and tests host many servers in one process).
        builder.Services.AddSingleton<IHostLifetime, PassiveHostLifetime>();

        var app = builder.Build();
        app.Use(next => new AuditMiddleware(next, audit, request => ClassifyCredential(backends, request)).InvokeAsync);
        app.Use(next => new FaultMiddleware(next, faults, (context, status, message) =>
            FindOwner(backends, context.Request) is { } owner
                ? owner.WriteFaultAsync(context, status, message)
                : HttpJson.WriteErrorsAsync(context, status, message)).InvokeAsync);
        app.UseRouting();
        AdminRoutes.Map(app, audit, faults, backends);
        foreach (var backend in backends)
        {
            backend.MapApiRoutes(app);
        }

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses
            .Select(a => new Uri(a.EndsWith('/') ? a : a + "/"))
            .ToArray();
        return new EmulatorServer(app, addresses, audit, faults, dcos, zilliz, milvusBackup, tls);
    }

    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _app.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>
    /// The back end whose API path a request is on judges its credential; elsewhere (unknown paths) the most
    /// favourable judgement is kept, so a stray call with a good token is not logged as "invalid".
    /// </summary>
    private static CredentialKind ClassifyCredential(IReadOnlyList<IEmulatedBackend> backends, HttpRequest request)
    {
        var owner = FindOwner(backends, request);
        if (owner is not null)
        {
            return owner.ClassifyCredential(request);
        }

        var kinds = backends.Select(b => b.ClassifyCredential(request)).ToArray();
        foreach (var best in new[] { CredentialKind.Valid, CredentialKind.NoPermission, CredentialKind.Invalid })
        {
            if (kinds.Contains(best))
            {
                return best;
            }
        }

        return CredentialKind.None;
    }

    /// <summary>The back end whose API path the request is on, or null.</summary>
    private static IEmulatedBackend? FindOwner(IReadOnlyList<IEmulatedBackend> backends, HttpRequest request) =>
        backends.FirstOrDefault(b => b.ApiBasePaths.Any(path => request.Path.StartsWithSegments(path, StringComparison.Ordinal)));

    /// <summary>The https certificate and the PEM of its CA (written where the options say).</summary>
    private sealed record ServedCertificate(X509Certificate2 Certificate, string? AuthorityPem, string? AuthorityPath)
    {
        public static ServedCertificate? For(EmulatorOptions options)
        {
            if (!options.Urls.Any(u => u.StartsWith("https:", StringComparison.OrdinalIgnoreCase)))
            {
                return null;
            }

            var certificate = options.Tls.ServerCertificate;
            var pem = options.Tls.CertificateAuthorityPem;
            if (certificate is null)
            {
                using var authority = EmulatorCertificateAuthority.Create();
                certificate = authority.IssueServerCertificate();
                pem = authority.Pem;
            }

            var path = options.Tls.CertificateAuthorityOut is { } target && pem is not null ? Path.GetFullPath(target) : null;
            if (path is not null)
            {
                // A folder of its own (out/demo) may not exist yet.
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, pem);
            }

            return new ServedCertificate(certificate, pem, path);
        }
    }

    /// <summary>A host lifetime that neither hooks Ctrl+C nor prints start-up banners.</summary>
    private sealed class PassiveHostLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
