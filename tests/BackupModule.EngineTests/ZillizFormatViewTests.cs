using System.Text.RegularExpressions;

namespace BackupModule.EngineTests;

/// <summary>
/// The default views of Zilliz backups and jobs at Out-String -Width 80 (a non-interactive host): every line
/// fits, no column is squeezed to a letter per line, and Status is there for every object.
/// </summary>
public sealed class ZillizFormatViewTests : ZillizEngineTest
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Zilliz.BackupDuration = TimeSpan.FromMinutes(10);
        Session.Run(
            "$null = New-ClusterBackup -Collection medium_articles; "
            + "$jobs = @(Get-ClusterBackup -Status Ready | Select-Object -First 1 | Restore-ClusterBackup -Collection products -DestinationCollectionName products_view -Force) + "
            + "@(Get-ClusterBackup -Status Ready | Select-Object -First 1 | Restore-ClusterBackup -NewClusterName view-01 -CuSize 1 -Force)").AssertNoErrors();
    }

    public static TheoryData<string, string> Cases => new()
    {
        { "Get-ClusterBackup", "table" },
        { "Get-ClusterBackup | Format-Table", "table" },
        { "Get-ClusterBackup | Format-List", "list" },
        { "$jobs", "table" },
        { "$jobs | Format-Table", "table" },
        { "$jobs | Format-List", "list" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Views_fit_80_columns_with_Status_for_every_object(string objects, string shape)
    {
        var statuses = Session.Run(objects.Split(" | ")[0] + " | ForEach-Object { [string]$_.Status }").AssertNoErrors().Strings;
        var text = string.Concat(Session.Run(objects + " | Out-String -Width 80").AssertNoErrors().Strings);
        var lines = text.Replace("\r", "").Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToArray();

        // Two seeded and one manual backup; a collection restore and a new-cluster restore.
        Assert.Equal(objects.StartsWith("$jobs", StringComparison.Ordinal) ? 2 : 3, statuses.Count);
        Assert.All(lines, l => Assert.True(l.Length <= 80, $"wider than 80: '{l}'"));
        // A squeezed column wraps its text into one- or two-letter pieces.
        Assert.All(lines, l => Assert.True(l.Trim().Length > 2, $"a column was squeezed:\n{text}"));
        if (shape == "table")
        {
            var table = RenderedTable.Parse(lines);
            Assert.All(table.Groups, g => Assert.Equal("Status", g.Headers[0]));
            Assert.All(table.Groups, g => Assert.StartsWith("Connection: zilliz-in01-emulator (ZillizCloud in01-emulator)", g.Label, StringComparison.Ordinal));
            Assert.Equal(statuses.Order(), table.Rows.Select(r => r["Status"]).Order());
        }
        else
        {
            Assert.Equal(statuses.Order(), lines.Where(l => Regex.IsMatch(l, @"^Status\s+:")).Select(l => l.Split(':', 2)[1].Trim()).Order());
            Assert.Equal(statuses.Count, lines.Count(l => Regex.IsMatch(l, @"^Id\s+: \S{10,}$")));
        }
    }
}
