using BackupModule.Emulator;
using BackupModule.MilvusBackup;
using BackupModule.Model;

namespace BackupModule.Tests.Integration;

/// <summary>An emulated milvus-backup server on 127.0.0.1:0 for one test, and connections to it (or to a proxy in front of it) with quick retries.</summary>
public sealed class MilvusBackupTestCluster : EmulatorTestCluster
{
    private MilvusBackupTestCluster(EmulatorServer server)
        : base(server)
    {
    }

    public MilvusBackupServer Milvus => Server.MilvusBackup;

    /// <summary>The requests that change state (POST and DELETE under /api/v1): what -WhatIf must never send.</summary>
    public IReadOnlyList<AuditEntry> Mutations =>
        Server.Audit.Entries.Where(e => e.Method is "POST" or "DELETE" && e.Path.StartsWith("/api/v1/", StringComparison.Ordinal)).ToArray();

    public IReadOnlyList<AuditEntry> Calls(string method, string path) =>
        Server.Audit.Entries.Where(e => e.Method == method && e.Path == path).ToArray();

    public static async Task<MilvusBackupTestCluster> StartAsync(TimeSpan? backupDuration = null, TimeSpan? restoreDuration = null, Action<EmulatorOptions>? configure = null)
    {
        var options = new EmulatorOptions { Urls = new[] { "http://127.0.0.1:0" } };
        options.MilvusBackup.BackupDuration = backupDuration ?? TimeSpan.FromMilliseconds(300);
        options.MilvusBackup.RestoreDuration = restoreDuration ?? TimeSpan.FromMilliseconds(300);
        configure?.Invoke(options);
        return new MilvusBackupTestCluster(await EmulatorServer.StartAsync(options));
    }

    /// <summary>A connection to the emulator, or to <paramref name="via"/> (a proxy in front of it).</summary>
    public BackupConnection Connect(Uri? via = null, Action<MilvusBackupConnectionSettings>? configure = null)
    {
        var settings = new MilvusBackupConnectionSettings(via ?? Server.BaseUri) { Http = QuickHttp() };
        configure?.Invoke(settings);
        return Keep(MilvusBackupConnection.Create(settings));
    }
}
