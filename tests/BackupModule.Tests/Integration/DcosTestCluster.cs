using BackupModule.Dcos;
using BackupModule.Emulator;
using BackupModule.Http;
using BackupModule.Model;

namespace BackupModule.Tests.Integration;

/// <summary>An emulated DC/OS master on 127.0.0.1:0 for one test, and connections to it with quick retries.</summary>
public sealed class DcosTestCluster : EmulatorTestCluster
{
    private DcosTestCluster(EmulatorServer server)
        : base(server)
    {
    }

    public Uri MasterUri => Server.BaseUri;

    /// <summary>The requests that change state: what -WhatIf must never send.</summary>
    public IReadOnlyList<AuditEntry> Mutations =>
        Server.Audit.Entries.Where(e => e.Method is "POST" or "DELETE" && e.Path.StartsWith("/system/", StringComparison.Ordinal)).ToArray();

    public IReadOnlyList<AuditEntry> Calls(string method, string route) =>
        Server.Audit.Entries.Where(e => e.Method == method && e.Path == "/system/v1/backup/v1/" + route).ToArray();

    /// <summary>The IAM login calls the emulator saw, oldest first.</summary>
    public IReadOnlyList<AuditEntry> Logins =>
        Server.Audit.Entries.Where(e => e.Method == "POST" && e.Path == DcosLoginPath).ToArray();

    public const string DcosLoginPath = "/acs/api/v1/auth/login";

    public static async Task<DcosTestCluster> StartAsync(TimeSpan? backupDuration = null, TimeSpan? restoreDuration = null, bool bareShapes = false, Action<EmulatorOptions>? configure = null)
    {
        var options = new EmulatorOptions { Urls = new[] { "http://127.0.0.1:0" } };
        options.Dcos.BackupDuration = backupDuration ?? TimeSpan.FromMilliseconds(300);
        options.Dcos.RestoreDuration = restoreDuration ?? TimeSpan.FromMilliseconds(300);
        options.Dcos.BareShapes = bareShapes;
        configure?.Invoke(options);
        return new DcosTestCluster(await EmulatorServer.StartAsync(options));
    }

    /// <summary>A connection that logs in (at its first request, and after a 401).</summary>
    public BackupConnection Connect(DcosLogin login) =>
        Keep(DcosConnection.Create(new DcosConnectionSettings(MasterUri, login) { Http = QuickHttp() }));

    public BackupConnection Connect(string token = DcosEmulatorOptions.DefaultToken, Action<DcosConnectionSettings>? configure = null)
    {
        var settings = new DcosConnectionSettings(MasterUri, token)
        {
            Http = QuickHttp(),
        };
        configure?.Invoke(settings);
        return Keep(DcosConnection.Create(settings));
    }
}
