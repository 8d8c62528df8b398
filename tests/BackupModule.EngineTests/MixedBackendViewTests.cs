using BackupModule.Emulator;

namespace BackupModule.EngineTests;

/// <summary>
/// The default backup table of a list that mixes DC/OS, Zilliz Cloud and milvus-backup (Get-ClusterBackupService
/// | Get-ClusterBackup), as a non-interactive host prints it: at 120 columns every row shows its whole id and its
/// status, under the name and back end of its connection; at 80 no line is wider and the label (or Zilliz
/// name) shows, with the scope and the created time.
/// </summary>
public sealed class MixedBackendViewTests : EngineTest
{
    // Up to 22 characters a label shows whole at both widths, and its DC/OS id (label, '-', uuid: 59) at 120.
    private static readonly string[] DcosLabels = { "nightly-20261204", "adhoc", "weekly-2026-w49-full", "nightly-20261204-0300a" };

    protected override bool Connect => false;

    protected override void Configure(EmulatorOptions options) => options.Zilliz.SeedBackups = 2;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Harness.CreateBackupsAsync(DcosLabels);
        // The session's connections are one per process: forget those of earlier tests, then connect to both back ends.
        Session.Run(
            "Disconnect-ClusterBackupService -Name *; "
            + "Connect-ClusterBackupService -Uri $uri -Token $token; "
            + "Connect-ClusterBackupService -Uri $uri -ApiKey $apiKey -ClusterId $clusterId -ProjectId $projectId; "
            + "$null = New-ClusterBackup -Collection medium_articles -Wait -TimeoutSec 60; "
            // milvus-backup: a name the module makes (backup_yyyyMMdd_HHmmss, 22 characters) and a collection backup.
            + "Connect-ClusterBackupService -MilvusBackup -Uri $uri; "
            + "$null = New-ClusterBackup -Wait -TimeoutSec 60; "
            + "$null = New-ClusterBackup -Label nightly_20261204 -Collection medium_articles -Wait -TimeoutSec 60").AssertNoErrors();
    }

    private sealed record Expected(string Id, string Label, string Status, string Scope, string Connection, string Backend, DateTimeOffset Created);

    private IReadOnlyList<Expected> Backups() =>
        Session.Run("Get-ClusterBackupService | Get-ClusterBackup").AssertNoErrors().Output
            .Select(b => new Expected(
                (string)b.Properties["Id"].Value,
                (string)b.Properties["Label"].Value,
                b.Properties["Status"].Value.ToString()!,
                b.Properties["Scope"].Value.ToString()!,
                (string)((System.Management.Automation.PSObject)System.Management.Automation.PSObject.AsPSObject(b.Properties["Connection"].Value)).Properties["Name"].Value,
                b.Properties["Backend"].Value.ToString()!,
                (DateTimeOffset)b.Properties["CreatedAt"].Value))
            .ToArray();

    private RenderedTable Render(int width)
    {
        var text = string.Concat(Session.Run("Get-ClusterBackupService | Get-ClusterBackup | Out-String -Width $width", new() { ["width"] = width }).AssertNoErrors().Strings);
        var lines = text.Replace("\r", "").Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToArray();
        Assert.All(lines, l => Assert.True(l.Length <= width, $"wider than {width}: '{l}'\n{text}"));
        return RenderedTable.Parse(lines);
    }

    [Fact]
    public void The_list_holds_both_back_ends_and_the_longest_id_this_test_covers()
    {
        var backups = Backups();

        Assert.Equal(new[] { "DcosBackup", "MilvusBackup", "ZillizCloud" }, backups.Select(b => b.Backend).Distinct().Order());
        Assert.Equal(DcosLabels.Length + 3 + 2, backups.Count);
        Assert.Contains(backups, b => b.Backend == "MilvusBackup" && b.Label.Length == 22);
        Assert.Contains(backups, b => b.Scope == "Collection");
        Assert.Equal(59, backups.Max(b => b.Id.Length));
    }

    [Fact]
    public void At_120_columns_every_row_shows_its_whole_id_status_and_connection()
    {
        var backups = Backups();
        var table = Render(120);

        Assert.Equal(backups.Count, table.Rows.Count());
        foreach (var backup in backups)
        {
            var row = Assert.Single(table.Rows, r => r["Id"] == backup.Id);
            Assert.Equal(backup.Status, row["Status"]);
            Assert.Equal(backup.Scope, row["Scope"]);
            Assert.Equal(backup.Created.ToLocalTime().ToString("yyyy-MM-dd HH:mm"), row["Created"]);
            Assert.StartsWith($"Connection: {backup.Connection} ({backup.Backend} ", row.Group.Label, StringComparison.Ordinal);
        }

        // One group per connection, in the order Get-ClusterBackupService lists them.
        Assert.Equal(3, table.Groups.Count);
    }

    [Fact]
    public void At_80_columns_no_line_is_wider_and_every_label_shows()
    {
        var backups = Backups();
        var table = Render(80);

        Assert.Equal(backups.Count, table.Rows.Count());
        foreach (var backup in backups)
        {
            // The id is cut at 80 columns: a row is found by the start of its id.
            var row = Assert.Single(table.Rows, r => backup.Id.StartsWith(r["Id"].TrimEnd('…'), StringComparison.Ordinal) && r["Label"].TrimEnd('…').Length > 0 && backup.Label.StartsWith(r["Label"].TrimEnd('…'), StringComparison.Ordinal));
            Assert.Equal(backup.Status, row["Status"]);
            Assert.Equal(backup.Scope, row["Scope"]);
            Assert.StartsWith($"Connection: {backup.Connection} ({backup.Backend} ", row.Group.Label, StringComparison.Ordinal);
            Assert.Equal(backup.Label, row["Label"]);
        }
    }

    [Fact]
    public void Format_List_shows_every_id_whole_with_its_connection()
    {
        var backups = Backups();
        var text = string.Concat(Session.Run("Get-ClusterBackupService | Get-ClusterBackup | Format-List | Out-String -Width 80").AssertNoErrors().Strings);
        var lines = text.Replace("\r", "").Split('\n').Select(l => l.TrimEnd()).ToArray();

        foreach (var backup in backups)
        {
            Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^Id\s+: " + System.Text.RegularExpressions.Regex.Escape(backup.Id) + "$"));
        }

        Assert.Equal(backups.Count, lines.Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^Connection\s+: (dcos|zilliz|milvus)-")));
    }
}
