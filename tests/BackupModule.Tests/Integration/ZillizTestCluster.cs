using BackupModule.Emulator;
using BackupModule.Http;
using BackupModule.Model;
using BackupModule.ZillizCloud;

namespace BackupModule.Tests.Integration;

/// <summary>An emulated Zilliz Cloud control plane on 127.0.0.1:0 for one test, and connections to it with quick retries.</summary>
public sealed class ZillizTestCluster : EmulatorTestCluster
{
    public const string ClusterId = ZillizEmulatorOptions.DefaultClusterId;
    public const string ProjectId = ZillizEmulatorOptions.DefaultProjectId;

    private ZillizTestCluster(EmulatorServer server)
        : base(server)
    {
    }

    public ZillizCloudService Zilliz => Server.Zilliz;

    /// <summary>Zilliz requests that change state: what -WhatIf must never send.</summary>
    public IReadOnlyList<AuditEntry> Mutations =>
        Server.Audit.Entries.Where(e => e.Method is "POST" or "DELETE" && e.Path.StartsWith("/v2/", StringComparison.Ordinal)).ToArray();

    public IReadOnlyList<AuditEntry> Calls(string method, string pathPrefix) =>
        Server.Audit.Entries.Where(e => e.Method == method && e.Path.StartsWith(pathPrefix, StringComparison.Ordinal)).ToArray();

    public static async Task<ZillizTestCluster> StartAsync(TimeSpan? backupDuration = null, TimeSpan? restoreDuration = null, int seedBackups = 0, Action<EmulatorOptions>? configure = null)
    {
        var options = new EmulatorOptions { Urls = new[] { "http://127.0.0.1:0" } };
        options.Zilliz.BackupDuration = backupDuration ?? TimeSpan.FromMilliseconds(300);
        options.Zilliz.RestoreDuration = restoreDuration ?? TimeSpan.FromMilliseconds(300);
        options.Zilliz.SeedBackups = seedBackups;
        configure?.Invoke(options);
        return new ZillizTestCluster(await EmulatorServer.StartAsync(options));
    }

    public BackupConnection Connect(string apiKey = ZillizEmulatorOptions.DefaultApiKey, string? clusterId = ClusterId, Action<ZillizConnectionSettings>? configure = null)
    {
        var settings = new ZillizConnectionSettings(apiKey, Server.BaseUri)
        {
            ClusterId = clusterId,
            ProjectId = ProjectId,
            Http = QuickHttp(),
        };
        configure?.Invoke(settings);
        return Keep(ZillizConnection.Create(settings));
    }
}
