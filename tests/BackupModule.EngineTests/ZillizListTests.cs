namespace BackupModule.EngineTests;

/// <summary>
/// Get-ClusterBackup against Zilliz Cloud: 250 seeded AUTO cluster backups (three pages) plus one manual
/// collection backup still being made; every filter, which ones the service applies, and paging that
/// stops with the pipeline.
/// </summary>
public sealed class ZillizListTests : ZillizEngineTest
{
    private string _manual = "";

    protected override int SeedBackups => 250;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Zilliz.BackupDuration = TimeSpan.FromMinutes(10);
        _manual = (string)Session.Run("(New-ClusterBackup -Collection medium_articles).Id").AssertNoErrors().Output.Single().BaseObject;
        Harness.Emulator.Audit.Clear();
    }

    [Theory]
    [InlineData("Get-ClusterBackup", 251, "clusterId=in01-emulator")]
    [InlineData("Get-ClusterBackup -ClusterId $clusterId", 251, "clusterId=in01-emulator")]
    [InlineData("Get-ClusterBackup -Scope Cluster", 250, "backupType=CLUSTER")]
    [InlineData("Get-ClusterBackup -Scope Collection", 1, "backupType=COLLECTION")]
    [InlineData("Get-ClusterBackup -CreationMethod Auto", 250, "creationMethod=AUTO")]
    [InlineData("Get-ClusterBackup -CreationMethod Manual", 1, "creationMethod=MANUAL")]
    [InlineData("Get-ClusterBackup -Status Ready", 250, "projectId=proj-emulator")]
    [InlineData("Get-ClusterBackup -Status Creating, Failed", 1, "projectId=proj-emulator")]
    [InlineData("Get-ClusterBackup -Label 'Dedicated-01_backup2?'", 10, "projectId=proj-emulator")]
    [InlineData("Get-ClusterBackup -Label 'DEDICATED-01_BACKUP7'", 1, "projectId=proj-emulator")]
    [InlineData("Get-ClusterBackup -Label 'nothing-*'", 0, "projectId=proj-emulator")]
    public void Filters_select_the_backups_and_go_to_the_service_where_it_has_them(string script, int expected, string query)
    {
        var result = Session.Run(script).AssertNoErrors();

        Assert.Equal(expected, result.Output.Count);
        Assert.All(result.Output, b => Assert.Equal("ZillizCloud", b.Properties["Backend"].Value.ToString()));
        var lists = Harness.ZillizCalls("GET", "/v2/backups");
        Assert.NotEmpty(lists);
        Assert.All(lists, l => Assert.Contains(query, l.Query, StringComparison.Ordinal));
    }

    [Fact]
    public void Filters_combine_and_the_manual_one_is_the_Creating_collection_backup()
    {
        var result = Session.Run("Get-ClusterBackup -CreationMethod Manual -Scope Collection -Status Creating").AssertNoErrors();

        var backup = Assert.Single(result.Output);
        Assert.Equal(_manual, backup.Properties["Id"].Value);
        Assert.Equal("Creating", backup.Properties["Status"].Value.ToString());
        var list = Assert.Single(Harness.ZillizCalls("GET", "/v2/backups"));
        Assert.Contains("creationMethod=MANUAL", list.Query, StringComparison.Ordinal);
        Assert.Contains("backupType=COLLECTION", list.Query, StringComparison.Ordinal);
    }

    [Fact]
    public void A_label_without_wildcards_that_matches_nothing_is_BackupNotFound()
    {
        var result = Session.Run("Get-ClusterBackup -Label no-such-backup; 'went on'");

        Assert.Equal(new[] { "BackupNotFound,BackupModule.Commands.GetClusterBackupCommand" }, result.ErrorIds);
        Assert.Equal(new[] { "went on" }, result.Strings);
    }

    [Fact]
    public void The_whole_list_reads_every_page_once()
    {
        Session.Run("$null = Get-ClusterBackup").AssertNoErrors();

        var pages = Harness.ZillizCalls("GET", "/v2/backups").Select(l => l.Query).ToArray();
        Assert.Equal(3, pages.Length);
        Assert.All(new[] { "currentPage=1", "currentPage=2", "currentPage=3" }, p => Assert.Single(pages, q => q.Contains(p, StringComparison.Ordinal)));
    }

    [Fact]
    public void Select_Object_First_3_sends_exactly_one_list_request()
    {
        var result = Session.Run("Get-ClusterBackup | Select-Object -First 3").AssertNoErrors();

        Assert.Equal(3, result.Output.Count);
        var list = Assert.Single(Harness.Emulator.Audit.Entries);
        Assert.Equal(("GET", "/v2/backups"), (list.Method, list.Path));
        Assert.Contains("currentPage=1", list.Query, StringComparison.Ordinal);
    }
}
