using BackupModule.Emulator;

namespace BackupModule.EngineTests;

/// <summary>
/// Base for the Zilliz Cloud engine tests: a fresh emulator whose Zilliz jobs take
/// <see cref="ModuleHarness.ZillizDuration"/>, with <see cref="SeedBackups"/> Ready AUTO cluster backups of
/// in01-emulator, and a session connected with -ZillizCloud (-ClusterId in01-emulator -ProjectId proj-emulator).
/// </summary>
public abstract class ZillizEngineTest : EngineTest
{
    protected const string ClusterId = ModuleHarness.ZillizClusterId;

    protected override Backend Backend => Backend.Zilliz;

    /// <summary>Ready (AVAILABLE) automatic backups the emulator starts with; the newest is listed first.</summary>
    protected virtual int SeedBackups => 2;

    protected ZillizCloudService Zilliz => Harness.Emulator.Zilliz;

    protected override void Configure(EmulatorOptions options) => options.Zilliz.SeedBackups = SeedBackups;

    /// <summary>The collections of a cluster in the emulator, as "db.collection".</summary>
    protected IReadOnlyList<string> CollectionsOf(string clusterId) =>
        Zilliz.Clusters.Single(c => c.ClusterId == clusterId).Databases
            .SelectMany(d => d.Collections.Select(c => d.DbName + "." + c.CollectionName))
            .ToArray();

    /// <summary>The id of the newest Ready seeded backup (what Get-ClusterBackup lists first).</summary>
    protected string ReadyBackupId() =>
        (string)Session.Run("Get-ClusterBackup -Status Ready | Select-Object -First 1 -ExpandProperty Id").AssertNoErrors().Output.Single().BaseObject;
}
