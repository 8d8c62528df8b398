using System.Text.Json;
using BackupModule.Dcos;
using BackupModule.Model;
using Xunit;

namespace BackupModule.Tests.Unit;

/// <summary>
/// docs/wire/backup-apis.md A.4: done only when the top-level status and every component are STATUS_READY;
/// STATUS_ERROR at either level is failure.
/// </summary>
public sealed class DcosStatusMappingTests
{
    private const string Unknown = "STATUS_UNKNOWN";
    private const string BackingUp = "STATUS_BACKING_UP";
    private const string Ready = "STATUS_READY";
    private const string Error = "STATUS_ERROR";
    private const string Restoring = "STATUS_RESTORING";

    /// <summary>Components as "name=STATUS" pairs separated by commas; "" for none.</summary>
    private static IReadOnlyList<BackupItem> Components(string spec) =>
        spec.Length == 0
            ? Array.Empty<BackupItem>()
            : spec.Split(',').Select(p => p.Split('=')).Select(p => new BackupItem(p[0], p[1].Length == 0 ? null : p[1], null)).ToArray();

    [Theory]
    [InlineData(Ready, "marathon=STATUS_READY", BackupStatus.Ready)]
    [InlineData(Ready, "marathon=STATUS_READY,zookeeper=STATUS_READY", BackupStatus.Ready)]
    [InlineData(Ready, "", BackupStatus.Ready)]
    [InlineData(Ready, "marathon=STATUS_BACKING_UP", BackupStatus.Creating)]
    [InlineData(Ready, "marathon=STATUS_READY,zookeeper=STATUS_BACKING_UP", BackupStatus.Creating)]
    [InlineData(Ready, "marathon=STATUS_UNKNOWN", BackupStatus.Creating)]
    [InlineData(Ready, "marathon=", BackupStatus.Creating)]
    [InlineData(Error, "marathon=STATUS_READY", BackupStatus.Failed)]
    [InlineData(Error, "", BackupStatus.Failed)]
    [InlineData(Ready, "marathon=STATUS_ERROR", BackupStatus.Failed)]
    [InlineData(Ready, "marathon=STATUS_READY,zookeeper=STATUS_ERROR", BackupStatus.Failed)]
    [InlineData(BackingUp, "marathon=STATUS_ERROR", BackupStatus.Failed)]
    [InlineData(Unknown, "marathon=STATUS_ERROR", BackupStatus.Failed)]
    [InlineData(BackingUp, "marathon=STATUS_UNKNOWN", BackupStatus.Creating)]
    [InlineData(BackingUp, "marathon=STATUS_READY", BackupStatus.Creating)]
    [InlineData(BackingUp, "", BackupStatus.Creating)]
    [InlineData(Unknown, "marathon=STATUS_UNKNOWN", BackupStatus.Pending)]
    [InlineData(Unknown, "", BackupStatus.Pending)]
    [InlineData(Restoring, "marathon=STATUS_RESTORING", BackupStatus.Restoring)]
    [InlineData(Restoring, "marathon=STATUS_READY", BackupStatus.Restoring)]
    [InlineData("STATUS_SOMETHING_NEW", "marathon=STATUS_READY", BackupStatus.Unknown)]
    [InlineData("status_ready", "marathon=STATUS_READY", BackupStatus.Unknown)]
    [InlineData("READY", "", BackupStatus.Unknown)]
    [InlineData("", "", BackupStatus.Unknown)]
    [InlineData(null, "", BackupStatus.Unknown)]
    [InlineData(null, "marathon=STATUS_READY", BackupStatus.Unknown)]
    public void ToBackupStatus(string? status, string components, BackupStatus expected)
    {
        Assert.Equal(expected, DcosStatusMapping.ToBackupStatus(status, Components(components)));
    }

    [Theory]
    [InlineData(Ready, "marathon=STATUS_READY", JobStatus.Succeeded)]
    [InlineData(Ready, "", JobStatus.Succeeded)]
    [InlineData(Ready, "marathon=STATUS_RESTORING", JobStatus.Running)]
    [InlineData(Ready, "marathon=STATUS_READY,zookeeper=STATUS_UNKNOWN", JobStatus.Running)]
    [InlineData(Restoring, "marathon=STATUS_RESTORING", JobStatus.Running)]
    [InlineData(Restoring, "marathon=STATUS_READY", JobStatus.Running)]
    [InlineData(Restoring, "", JobStatus.Running)]
    [InlineData(Error, "marathon=STATUS_READY", JobStatus.Failed)]
    [InlineData(Error, "", JobStatus.Failed)]
    [InlineData(Restoring, "marathon=STATUS_ERROR", JobStatus.Failed)]
    [InlineData(null, "marathon=STATUS_ERROR", JobStatus.Failed)]
    [InlineData(Ready, "marathon=STATUS_READY,zookeeper=STATUS_ERROR", JobStatus.Failed)]
    [InlineData(Unknown, "marathon=STATUS_UNKNOWN", JobStatus.Pending)]
    [InlineData(Unknown, "", JobStatus.Pending)]
    [InlineData(Unknown, "marathon=STATUS_RESTORING", JobStatus.Running)]
    [InlineData("STATUS_SOMETHING_NEW", "marathon=STATUS_READY", JobStatus.Unknown)]
    [InlineData(BackingUp, "marathon=STATUS_READY", JobStatus.Unknown)]
    [InlineData("restoring", "", JobStatus.Unknown)]
    public void ToRestoreStatus(string? status, string components, JobStatus expected)
    {
        Assert.Equal(expected, DcosStatusMapping.ToRestoreStatus(status, Components(components)));
    }

    [Theory]
    [InlineData(null, "marathon=STATUS_READY", JobStatus.Succeeded)]
    [InlineData("", "marathon=STATUS_READY", JobStatus.Succeeded)]
    [InlineData(null, "marathon=STATUS_READY,zookeeper=STATUS_READY", JobStatus.Succeeded)]
    [InlineData(null, "marathon=STATUS_RESTORING", JobStatus.Running)]
    [InlineData("", "marathon=STATUS_RESTORING", JobStatus.Running)]
    [InlineData(null, "marathon=STATUS_READY,zookeeper=STATUS_RESTORING", JobStatus.Running)]
    [InlineData(null, "marathon=STATUS_UNKNOWN", JobStatus.Pending)]
    [InlineData(null, "marathon=STATUS_READY,zookeeper=STATUS_UNKNOWN", JobStatus.Pending)]
    [InlineData(null, "marathon=STATUS_ERROR", JobStatus.Failed)]
    [InlineData(null, "", JobStatus.Unknown)]
    [InlineData("", "", JobStatus.Unknown)]
    public void A_restore_without_top_level_status_is_derived_from_its_components(string? status, string components, JobStatus expected)
    {
        Assert.Equal(expected, DcosStatusMapping.ToRestoreStatus(status, Components(components)));
    }

    [Fact]
    public void Every_wire_status_maps_to_a_known_backup_status()
    {
        var ready = Components("marathon=STATUS_READY");
        foreach (var wire in new[] { Unknown, BackingUp, Ready, Error, Restoring })
        {
            Assert.NotEqual(BackupStatus.Unknown, DcosStatusMapping.ToBackupStatus(wire, ready));
        }
    }

    private static Dictionary<string, Dictionary<string, string?>>? ComponentMap(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string?>>>(json, DcosWire.ReadOptions);

    [Fact]
    public void ToItems_of_null_is_empty()
    {
        Assert.Empty(DcosStatusMapping.ToItems(null));
    }

    [Fact]
    public void ToItems_carries_name_status_and_error_text_sorted_by_name()
    {
        var items = DcosStatusMapping.ToItems(ComponentMap("""
            {
              "zookeeper": { "status": "STATUS_READY" },
              "marathon": { "status": "STATUS_ERROR", "error": "marathon did not stop within 60s" }
            }
            """));

        Assert.Equal(new[] { "marathon", "zookeeper" }, items.Select(i => i.Name));
        Assert.Equal("STATUS_ERROR", items[0].Status);
        Assert.Equal("marathon did not stop within 60s", items[0].Error);
        Assert.Equal("STATUS_READY", items[1].Status);
        Assert.Null(items[1].Error);
    }

    [Fact]
    public void ToItems_takes_the_error_text_from_any_key_but_status()
    {
        var item = Assert.Single(DcosStatusMapping.ToItems(ComponentMap("""
            { "marathon": { "status": "STATUS_ERROR", "message": "zk session expired" } }
            """)));

        Assert.Equal("zk session expired", item.Error);
    }

    [Fact]
    public void ToItems_of_a_component_without_status_has_null_status()
    {
        var item = Assert.Single(DcosStatusMapping.ToItems(ComponentMap("""{ "marathon": { } }""")));

        Assert.Equal("marathon", item.Name);
        Assert.Null(item.Status);
        Assert.Null(item.Error);
    }

    [Fact]
    public void ToItems_ignores_empty_extra_values()
    {
        var item = Assert.Single(DcosStatusMapping.ToItems(ComponentMap("""{ "marathon": { "status": "STATUS_READY", "error": "" } }""")));

        Assert.Null(item.Error);
    }

    [Fact]
    public void ErrorOf_names_each_failed_component_with_its_text()
    {
        var items = new[]
        {
            new BackupItem("marathon", Error, "disk full"),
            new BackupItem("metronome", Ready, null),
            new BackupItem("zookeeper", Error, null),
        };

        var error = DcosStatusMapping.ErrorOf(items);

        Assert.NotNull(error);
        Assert.Contains("marathon: disk full", error);
        Assert.Contains("zookeeper: STATUS_ERROR", error);
        Assert.DoesNotContain("metronome", error);
    }

    [Fact]
    public void ErrorOf_is_null_when_nothing_failed()
    {
        Assert.Null(DcosStatusMapping.ErrorOf(Array.Empty<BackupItem>()));
        Assert.Null(DcosStatusMapping.ErrorOf(new[] { new BackupItem("marathon", Ready, null), new BackupItem("zk", BackingUp, null) }));
    }

    [Fact]
    public void ErrorOf_carries_the_text_read_from_the_wire()
    {
        var items = DcosStatusMapping.ToItems(ComponentMap("""
            { "marathon": { "status": "STATUS_ERROR", "error": "could not write /var/lib/dcos/backup: no space left on device" } }
            """));

        var error = DcosStatusMapping.ErrorOf(items);

        Assert.Equal("marathon: could not write /var/lib/dcos/backup: no space left on device", error);
        Assert.Equal(BackupStatus.Failed, DcosStatusMapping.ToBackupStatus(Ready, items));
        Assert.Equal(JobStatus.Failed, DcosStatusMapping.ToRestoreStatus(null, items));
    }

    [Fact]
    public void BackupItem_ToString_shows_the_error()
    {
        Assert.Equal("marathon: STATUS_ERROR (disk full)", new BackupItem("marathon", Error, "disk full").ToString());
        Assert.Equal("marathon: STATUS_READY", new BackupItem("marathon", Ready, null).ToString());
    }
}
