using System.Text.RegularExpressions;

namespace BackupModule.EngineTests;

/// <summary>
/// The format views as a non-interactive host prints them (Out-String -Width 80 / 120): every header
/// whole on one line, Status always there, no column squeezed to one letter per line, local times.
/// </summary>
public sealed class FormatViewTests : EngineTest
{
    // A zone far from UTC (+05:30, no DST), so local time cannot pass for UTC. .NET reads TZ on Linux
    // and macOS only; on Windows the machine's zone stays, and the test compares with that.
    private const string Zone = "Asia/Kolkata";

    private readonly string? _savedTz = Environment.GetEnvironmentVariable("TZ");

    public static TheoryData<string, int> TableCases => new()
    {
        { "Get-ClusterBackup | Out-String -Width $width", 80 },
        { "Get-ClusterBackup | Format-Table | Out-String -Width $width", 80 },
        { "Get-ClusterBackup | Format-Table | Out-String -Width $width", 120 },
        { "Get-ClusterBackup | Get-ClusterBackupJob | Out-String -Width $width", 80 },
        { "Get-ClusterBackup | Get-ClusterBackupJob | Format-Table | Out-String -Width $width", 80 },
        { "Get-ClusterBackup | Get-ClusterBackupJob | Format-Table | Out-String -Width $width", 120 },
    };

    public static TheoryData<string, int> ListCases => new()
    {
        { "Get-ClusterBackup | Format-List | Out-String -Width $width", 80 },
        { "Get-ClusterBackup | Format-List | Out-String -Width $width", 120 },
        { "Get-ClusterBackup | Get-ClusterBackupJob | Format-List | Out-String -Width $width", 80 },
        { "Get-ClusterBackup | Get-ClusterBackupJob | Format-List | Out-String -Width $width", 120 },
    };

    public override async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("TZ", Zone);
        TimeZoneInfo.ClearCachedData();
        await base.InitializeAsync();
        // The longest label DC/OS takes (25), so the ids are as long as they get.
        await Harness.CreateBackupsAsync("nightly-20261122-0300_abc", "adhoc");
        Session.Run("$null = Get-ClusterBackup | Restore-ClusterBackup -Force").AssertNoErrors();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Environment.SetEnvironmentVariable("TZ", _savedTz);
        TimeZoneInfo.ClearCachedData();
    }

    private string[] Render(string script, int width)
    {
        var text = string.Concat(Session.Run(script, new() { ["width"] = width }).AssertNoErrors().Strings);
        var lines = text.Replace("\r", "").Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToArray();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.True(l.Length <= width, $"wider than {width}: '{l}'"));
        // A squeezed column wraps its text into one- or two-letter pieces.
        Assert.All(lines, l => Assert.True(l.Trim().Length > 2, $"a column was squeezed:\n{text}"));
        return lines;
    }

    [Theory]
    [MemberData(nameof(TableCases))]
    public void Tables_fit_with_whole_headers_and_Status_on_every_row(string script, int width)
    {
        var lines = Render(script, width);
        var objects = script.Split(" | Out-String")[0].Replace(" | Format-Table", "");
        var statuses = Session.Run(objects + " | ForEach-Object { [string]$_.Status }").Strings;
        var table = RenderedTable.Parse(lines);

        Assert.NotEmpty(table.Groups);
        foreach (var group in table.Groups)
        {
            // A column narrower than its header shows the header cut ("Sourc…") or wrapped onto the dash line.
            Assert.All(group.Headers, h => Assert.DoesNotContain("…", h));
            Assert.Equal("Status", group.Headers[0]);
            // Grouped under the connection the objects were read through: its name and back end.
            Assert.Matches(@"^Connection: dcos-127\.0\.0\.1:\d+ \(DcosBackup http://127\.0\.0\.1:\d+/\)$", group.Label);
        }

        Assert.Equal(statuses.Order(), table.Rows.Select(r => r["Status"]).Order());
    }

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    public void The_backup_table_shows_local_time(int width)
    {
        var lines = Render("Get-ClusterBackup | Format-Table | Out-String -Width $width", width);
        var created = Session.Run("Get-ClusterBackup | ForEach-Object { $_.CreatedAt }").Output
            .Select(o => (DateTimeOffset)o.BaseObject).ToArray();

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(TimeSpan.FromHours(5.5), TimeZoneInfo.Local.GetUtcOffset(DateTime.UtcNow));
        }

        // The objects keep UTC; only the view shows local time.
        Assert.All(created, c => Assert.Equal(TimeSpan.Zero, c.Offset));
        Assert.DoesNotContain(lines, l => Regex.IsMatch(l, @"\d\dZ"));
        foreach (var at in created)
        {
            Assert.Contains(lines, l => l.Contains(at.ToLocalTime().ToString("yyyy-MM-dd HH:mm"), StringComparison.Ordinal));
            if (TimeZoneInfo.Local.GetUtcOffset(at) != TimeSpan.Zero)
            {
                Assert.DoesNotContain(lines, l => l.Contains(at.ToString("yyyy-MM-dd HH:mm"), StringComparison.Ordinal));
            }
        }
    }

    [Theory]
    [MemberData(nameof(ListCases))]
    public void Lists_show_every_field_on_its_own_line_with_Status(string script, int width)
    {
        var lines = Render(script, width);

        Assert.Contains(lines, l => Regex.IsMatch(l, @"^Status\s+: (Ready|Succeeded)$"));
        Assert.Contains(lines, l => Regex.IsMatch(l, @"^Id\s+: \S{10,}$"));
        Assert.All(lines, l => Assert.Matches(@"^\w+\s+:( |$)", l));
    }
}
