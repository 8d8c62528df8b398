using System.Diagnostics;
using System.Management.Automation;
using BackupModule.Emulator;

namespace BackupModule.EngineTests;

/// <summary>What TabExpansion2 offered for an input line, how long it took, and the script's streams.</summary>
public sealed record Completion(IReadOnlyList<string> Texts, IReadOnlyList<string> ToolTips, TimeSpan Took, ScriptResult Result);

internal static class CompletionRunner
{
    /// <summary>Tab completion at the end of <paramref name="input"/>, as the console does it.</summary>
    public static Completion Complete(this ModuleSession session, string input)
    {
        var watch = Stopwatch.StartNew();
        var result = session.Run("(TabExpansion2 -inputScript $completionInput -cursorColumn $completionInput.Length).CompletionMatches", new() { ["completionInput"] = input });
        watch.Stop();
        var matches = result.Output.Select(o => (CompletionResult)o.BaseObject).ToArray();
        return new Completion(matches.Select(m => m.CompletionText).ToArray(), matches.Select(m => m.ToolTip).ToArray(), watch.Elapsed, result);
    }

    /// <summary>
    /// Completes <paramref name="input"/> after <paramref name="fault"/> is armed (the engine warmed first with a
    /// value list that needs no request): asserts it gave up within 1.5 s with nothing offered and no error or warning.
    /// </summary>
    public static void AssertGivesUpQuickly(this ModuleSession session, ModuleHarness harness, FaultRule fault, string input)
    {
        session.Complete("Get-ClusterBackup -Status ").Result.AssertNoErrors();
        harness.Emulator.Faults.Add(fault);

        var completion = session.Complete(input);

        Assert.True(completion.Took < TimeSpan.FromSeconds(1.5), $"took {completion.Took}");
        Assert.Empty(completion.Texts);
        Assert.Empty(completion.Result.Errors);
        Assert.Empty(completion.Result.Warnings);
    }
}

/// <summary>
/// Tab completion against DC/OS: backup ids (with status and time in the tooltip), labels,
/// cluster ids, prefix filtering, the connection typed with -Connection, the 30 s cache, and a
/// slow service: completion gives up within about a second, silently.
/// </summary>
public sealed class CompletionTests : EngineTest
{
    [Fact]
    public async Task Backup_ids_complete_with_their_status_and_time()
    {
        var ids = await Harness.CreateBackupsAsync("alpha", "beta");

        var completion = Session.Complete("Get-ClusterBackup -Id ");

        completion.Result.AssertNoErrors();
        Assert.Equal(ids.OrderBy(i => i, StringComparer.OrdinalIgnoreCase), completion.Texts);
        Assert.All(completion.ToolTips, t => Assert.Contains("created", t));
        Assert.Contains(completion.ToolTips, t => t.StartsWith("alpha: Ready", StringComparison.Ordinal));
        foreach (var command in new[] { "Restore-ClusterBackup -Id ", "Remove-ClusterBackup -Id ", "Export-ClusterBackup -Id ", "Get-ClusterBackupJob -BackupId ", "Wait-ClusterBackupJob -BackupId " })
        {
            Assert.Equal(completion.Texts, Session.Complete(command).Texts);
        }
    }

    [Fact]
    public async Task Labels_complete_filtered_by_the_typed_prefix()
    {
        await Harness.CreateBackupsAsync("alpha", "beta", "bravo");

        Assert.Equal(new[] { "alpha", "beta", "bravo" }, Session.Complete("Get-ClusterBackup -Label ").Texts);
        Assert.Equal(new[] { "beta", "bravo" }, Session.Complete("Get-ClusterBackup -Label b").Texts);
        Assert.Equal(new[] { "bravo" }, Session.Complete("Get-ClusterBackup -Label b*vo").Texts);
        Assert.Equal(new[] { "alpha" }, Session.Complete("Get-ClusterBackup -Label 'alp").Texts);
        Assert.Empty(Session.Complete("Get-ClusterBackup -Label zz").Texts);
    }

    [Fact]
    public async Task Cluster_ids_complete_from_the_backups_and_the_connection()
    {
        await Harness.CreateBackupsAsync("one");

        var texts = Session.Complete("Get-ClusterBackup -ClusterId ").Texts;

        var master = Assert.Single(texts);
        Assert.StartsWith(Harness.Uri, master, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_completion_within_the_window_sends_no_request()
    {
        await Harness.CreateBackupsAsync("cached");
        Harness.Emulator.Audit.Clear();

        var first = Session.Complete("Get-ClusterBackup -Id ");
        var second = Session.Complete("Remove-ClusterBackup -Id ");
        var labels = Session.Complete("Get-ClusterBackup -Label c");

        Assert.Single(first.Texts);
        Assert.Equal(first.Texts, second.Texts);
        Assert.Equal(new[] { "cached" }, labels.Texts);
        Assert.Single(Harness.Calls("GET", "list"));
    }

    [Fact]
    public async Task The_connection_typed_with_Connection_wins_over_the_session_default()
    {
        var ids = await Harness.CreateBackupsAsync("dcos-only");
        // Another runspace connects to Zilliz Cloud: the process-wide default is now that connection.
        Harness.OpenSession(connect: true, Backend.Zilliz);

        var typed = Session.Complete("Get-ClusterBackup -Connection $connection -Id ");
        var byDefault = Session.Complete("Get-ClusterBackup -Id ");

        Assert.Equal(ids, typed.Texts);
        Assert.DoesNotContain(ids[0], byDefault.Texts);
    }

    [Fact]
    public async Task A_slow_service_ends_completion_within_a_second_without_an_error()
    {
        await Harness.CreateBackupsAsync("slow");

        Session.AssertGivesUpQuickly(Harness, new FaultRule { Method = "GET", PathPrefix = "/system/v1/backup/v1/list", Delay = TimeSpan.FromSeconds(5) }, "Get-ClusterBackup -Id ");

        // Nothing was cached from the failed lookup: once the service answers, the ids come.
        Harness.Emulator.Faults.Clear();
        Assert.Single(Session.Complete("Get-ClusterBackup -Id ").Texts);
    }

    [Fact]
    public void A_stopped_service_ends_completion_quickly_without_an_error()
    {
        Session.AssertGivesUpQuickly(Harness, new FaultRule { Method = "*", PathPrefix = "/", Abort = true, Times = -1 }, "Get-ClusterBackup -Label ");
    }
}

/// <summary>
/// Tab completion against Zilliz Cloud: ids, cluster ids, databases and collections from the backups' items,
/// job ids from the connection's ledger, and a slow list route.
/// </summary>
public sealed class ZillizCompletionTests : ZillizEngineTest
{
    // Databases come from backups described by database (the newest schema's dbCollections).
    protected override void Configure(EmulatorOptions options)
    {
        base.Configure(options);
        options.Zilliz.CollectionsShape = ZillizCollectionsShape.DbCollections;
    }

    [Fact]
    public void Backup_ids_and_names_complete()
    {
        var ids = Session.Run("Get-ClusterBackup | ForEach-Object Id").AssertNoErrors().Strings;

        var completion = Session.Complete("Restore-ClusterBackup -Id ");

        completion.Result.AssertNoErrors();
        Assert.Equal(ids.OrderBy(i => i, StringComparer.OrdinalIgnoreCase), completion.Texts);
        Assert.All(completion.ToolTips, t => Assert.Contains("Ready, created", t));
        Assert.Equal(2, Session.Complete("Get-ClusterBackup -Label ").Texts.Count);
    }

    [Fact]
    public void Cluster_ids_complete_from_the_connection_and_the_backups()
    {
        Assert.Equal(new[] { ClusterId }, Session.Complete("Get-ClusterBackup -ClusterId ").Texts);
        Assert.Equal(new[] { ClusterId }, Session.Complete("Restore-ClusterBackup -Id x -Collection a -DestinationClusterId in0").Texts);
        Assert.Empty(Session.Complete("Get-ClusterBackup -ClusterId zz").Texts);
    }

    [Fact]
    public void Databases_and_collections_complete_from_the_backups_items()
    {
        var items = CollectionsOf(ClusterId);
        var databases = items.Select(i => i[..i.IndexOf('.')]).Distinct().OrderBy(d => d, StringComparer.OrdinalIgnoreCase).ToArray();
        var collections = items.Select(i => i[(i.IndexOf('.') + 1)..]).Distinct().OrderBy(c => c, StringComparer.OrdinalIgnoreCase).ToArray();

        Assert.Equal(databases, Session.Complete("Restore-ClusterBackup -Database ").Texts);
        Assert.Equal(databases, Session.Complete($"Restore-ClusterBackup -Id {ReadyBackupId()} -Database ").Texts);
        Assert.Equal(databases, Session.Complete("New-ClusterBackup -Database ").Texts);
        Assert.Equal(collections, Session.Complete("Restore-ClusterBackup -Id x -Database default -Collection ").Texts.Union(Session.Complete("Restore-ClusterBackup -Database analytics -Collection ").Texts).Order(StringComparer.OrdinalIgnoreCase));
        Assert.Equal(collections, Session.Complete("New-ClusterBackup -Collection ").Texts);
        Assert.Contains("medium_articles", collections);
        Assert.Equal(new[] { "medium_articles" }, Session.Complete("New-ClusterBackup -Collection med").Texts);
    }

    [Fact]
    public void Regions_and_destination_databases_complete_from_the_backups()
    {
        Assert.Equal(new[] { "aws-us-west-2" }, Session.Complete("New-ClusterBackup -CopyToRegion ").Texts);
        Assert.Equal(new[] { "aws-us-west-2" }, Session.Complete("Set-ClusterBackupPolicy -DayOfWeek Monday -WindowStartUtc 02:00 -RetentionDays 7 -CopyToRegion aws").Texts);
        Assert.Contains("region of 2 backup(s)", Assert.Single(Session.Complete("New-ClusterBackup -CopyToRegion ").ToolTips));
        Assert.Empty(Session.Complete("New-ClusterBackup -CopyToRegion gcp").Texts);
        Assert.Equal(new[] { "analytics", "default" }, Session.Complete("Restore-ClusterBackup -Id x -Collection a -DestinationDatabase ").Texts);
    }

    [Fact]
    public void Job_ids_complete_from_the_connections_ledger()
    {
        var job = Session.Run("Get-ClusterBackup -Status Ready | Select-Object -First 1 | Restore-ClusterBackup -Collection medium_articles -DestinationCollectionName completion_copy -Force")
            .AssertNoErrors().Output.Single();
        var jobId = (string)job.Properties["Id"].Value;

        Assert.Contains(jobId, Session.Complete("Get-ClusterBackupJob -Id ").Texts);
        Assert.Contains(jobId, Session.Complete("Wait-ClusterBackupJob -Id job-").Texts);
        Assert.DoesNotContain(jobId, Session.Complete("Wait-ClusterBackupJob -Id zz").Texts);
    }

    [Fact]
    public void A_slow_list_ends_completion_within_a_second_without_an_error()
    {
        Session.AssertGivesUpQuickly(Harness, new FaultRule { Method = "GET", PathPrefix = "/v2/backups", Delay = TimeSpan.FromSeconds(5) }, "New-ClusterBackup -Collection ");
    }
}
