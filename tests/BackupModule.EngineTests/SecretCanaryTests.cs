using System.Management.Automation;
using System.Text.RegularExpressions;
using BackupModule.Emulator;
using Xunit.Abstractions;

namespace BackupModule.EngineTests;

/// <summary>
/// Canary secrets: a DC/OS token and a Zilliz API key that occur nowhere else, and the one-time password of a
/// Zilliz restore into a new cluster. A full workload runs with every stream on and inside Start-Transcript;
/// then every place a user or a log could see is searched for the canaries: none may hold one.
/// </summary>
public sealed class SecretCanaryTests : IAsyncLifetime
{
    private static readonly string DcosCanary = "dcos-canary-" + Guid.NewGuid().ToString("N");

    private static readonly string ZillizCanary = "zilliz-canary-" + Guid.NewGuid().ToString("N");

    private const string Streams =
        "$DebugPreference = 'Continue'; $VerbosePreference = 'Continue'; $WarningPreference = 'Continue'; $InformationPreference = 'Continue'; $ErrorActionPreference = 'Continue'; ";

    // Every emitted object goes to the output and, through "ForEach-Object { $emitted.Add($_); $_ }", into
    // $emitted (for ToString and ConvertTo-Json afterwards).
    // The end of both workloads: the environment (both back ends configured: a warning), a remove, a list.
    private const string Tail = """
        Write-Information "workload done"
        # Both back ends configured in the environment: a warning, and the secrets read from there.
        # (-Debug alone turns a warning into a prompt, which a host without UI refuses: -WarningAction Continue.)
        $env:DCOS_URL = $uri; $env:DCOS_ACS_TOKEN = $dcosCanary
        $env:ZILLIZ_CLOUD_URI = $uri; $env:ZILLIZ_API_KEY = $zillizCanary; $env:ZILLIZ_CLUSTER_ID = $clusterId; $env:ZILLIZ_PROJECT_ID = $projectId
        Connect-ClusterBackupService -PassThru -Verbose -Debug -WarningAction Continue | ForEach-Object { $emitted.Add($_); $_ }
        Get-ClusterBackup -Verbose -Debug -WarningAction Continue | Select-Object -First 1 | ForEach-Object { $emitted.Add($_); $_ }
        Disconnect-ClusterBackupService -Verbose -Debug
        Get-ClusterBackup -Verbose -Debug -WarningAction Continue | Select-Object -First 1 | ForEach-Object { $emitted.Add($_); $_ }
        $backup | Remove-ClusterBackup -Force -Verbose -Debug -WarningAction Continue
        Get-ClusterBackup -Verbose -Debug -WarningAction Continue | ForEach-Object { $emitted.Add($_); $_ }
        Stop-Transcript
        """;

    private const string DcosWorkload = Streams + """
        $emitted = [System.Collections.Generic.List[object]]::new()
        Start-Transcript -Path $transcript -Force
        $secure = ConvertTo-SecureString $canary -AsPlainText -Force
        $connection = Connect-ClusterBackupService -Dcos -Uri $uri -Token $secure -PassThru -Verbose -Debug
        $connection | ForEach-Object { $emitted.Add($_); $_ }
        $backup = New-ClusterBackup -Label canary-one -Wait -TimeoutSec 60 -Verbose -Debug
        $backup | ForEach-Object { $emitted.Add($_); $_ }
        Get-ClusterBackup -Verbose -Debug | ForEach-Object { $emitted.Add($_); $_ }
        Get-ClusterBackup -Id $backup.Id -Verbose -Debug | ForEach-Object { $emitted.Add($_); $_ }
        $restore = Restore-ClusterBackup -Id $backup.Id -Wait -TimeoutSec 60 -Force -Verbose -Debug
        $restore | ForEach-Object { $emitted.Add($_); $_ }
        Get-ClusterBackup -Id $backup.Id | Restore-ClusterBackup -Force -Wait -TimeoutSec 60 -Verbose -Debug | ForEach-Object { $emitted.Add($_); $_ }
        Restore-ClusterBackup -Id $backup.Id -NewClusterName other -CuSize 1 -Force -Verbose -Debug | ForEach-Object { $emitted.Add($_); $_ }
        Restore-ClusterBackup -Id $backup.Id -Collection c1 -Force -Verbose -Debug | ForEach-Object { $emitted.Add($_); $_ }
        Get-ClusterBackupJob -BackupId $backup.Id -Verbose -Debug | ForEach-Object { $emitted.Add($_); $_ }
        Wait-ClusterBackupJob -BackupId $backup.Id -Id $restore.Id -TimeoutSec 60 -Verbose -Debug | ForEach-Object { $emitted.Add($_); $_ }
        Get-ClusterBackupPolicy -Verbose -Debug | ForEach-Object { $emitted.Add($_); $_ }
        Set-ClusterBackupPolicy -Disable -Verbose -Debug | ForEach-Object { $emitted.Add($_); $_ }
        Get-ClusterBackup -Id no-such-backup -Verbose -Debug
        New-ClusterBackup -Label 'bad label' -Verbose -Debug
        Get-ClusterBackupJob -BackupId $backup.Id -Id restore-none -Verbose -Debug
        Get-ClusterBackup -Verbose -Debug -ErrorAction Continue
        try { Get-ClusterBackup -Verbose -Debug -ErrorAction Stop } catch { $caught = $_ }

        """ + Tail;

    private const string ZillizWorkload = Streams + """
        $emitted = [System.Collections.Generic.List[object]]::new()
        Start-Transcript -Path $transcript -Force
        $secure = ConvertTo-SecureString $canary -AsPlainText -Force
        $connection = Connect-ClusterBackupService -ZillizCloud -Uri $uri -ApiKey $secure -ClusterId $clusterId -ProjectId $projectId -PassThru -Verbose -Debug
        $connection | ForEach-Object { $emitted.Add($_); $_ }
        $backup = New-ClusterBackup -Wait -TimeoutSec 60 -Verbose -Debug
        $backup | ForEach-Object { $emitted.Add($_); $_ }
        Get-ClusterBackup -Verbose -Debug | ForEach-Object { $emitted.Add($_); $_ }
        Get-ClusterBackup -Id $backup.Id -Verbose -Debug | ForEach-Object { $emitted.Add($_); $_ }
        $job = Restore-ClusterBackup -Id $backup.Id -NewClusterName canary-01 -CuSize 1 -ProjectId $projectId -Wait -TimeoutSec 60 -Force -Verbose -Debug
        $job | ForEach-Object { $emitted.Add($_); $_ }
        $job.Credential | ForEach-Object { $emitted.Add($_); $_ }
        Restore-ClusterBackup -Id $backup.Id -Collection medium_articles -DestinationCollectionName canary_copy -Wait -TimeoutSec 60 -Force -Verbose -Debug | ForEach-Object { $emitted.Add($_); $_ }
        Restore-ClusterBackup -Id $backup.Id -Force -Verbose -Debug | ForEach-Object { $emitted.Add($_); $_ }
        Get-ClusterBackupJob -Id $job.Id -Verbose -Debug | ForEach-Object { $emitted.Add($_); $_ }
        $job | Wait-ClusterBackupJob -TimeoutSec 60 -Verbose -Debug | ForEach-Object { $emitted.Add($_); $_ }
        Set-ClusterBackupPolicy -DayOfWeek Monday -WindowStartUtc 02:00 -RetentionDays 7 -PassThru -Verbose -Debug | ForEach-Object { $emitted.Add($_); $_ }
        Get-ClusterBackupPolicy -Verbose -Debug | ForEach-Object { $emitted.Add($_); $_ }
        Get-ClusterBackup -Id backup-0000000000000000 -Verbose -Debug
        Get-ClusterBackupJob -Id job-0000000000000000 -Verbose -Debug
        Get-ClusterBackupPolicy -ClusterId in01-nosuchcluster -Verbose -Debug
        Get-ClusterBackup -Verbose -Debug -ErrorAction Continue
        try { Get-ClusterBackup -Verbose -Debug -ErrorAction Stop } catch { $caught = $_ }

        """ + Tail;

    // milvus-backup takes no credential; its secret is the encryption key (ezk) of an encrypted database, which every
    // backup of that database carries in database_backups[].ezk.
    private const string MilvusWorkload = Streams + """
        $emitted = [System.Collections.Generic.List[object]]::new()
        Start-Transcript -Path $transcript -Force
        $connection = Connect-ClusterBackupService -MilvusBackup -Uri $uri -PassThru -Verbose -Debug
        $connection | ForEach-Object { $emitted.Add($_); $_ }
        $backup = New-ClusterBackup -Label canary_db -Database analytics -Wait -TimeoutSec 60 -Verbose -Debug
        $backup | ForEach-Object { $emitted.Add($_); $_ }
        New-ClusterBackup -Label canary_all -Wait -TimeoutSec 60 -Verbose -Debug | ForEach-Object { $emitted.Add($_); $_ }
        Get-ClusterBackup -Verbose -Debug | ForEach-Object { $emitted.Add($_); $_ }
        Get-ClusterBackup -Id canary_db -Verbose -Debug | ForEach-Object { $emitted.Add($_); $_ }
        Restore-ClusterBackup -Id canary_db -Suffix _c -Wait -TimeoutSec 60 -Force -Verbose -Debug | ForEach-Object { $emitted.Add($_); $_ }
        Get-ClusterBackupJob -BackupId canary_db -Verbose -Debug | ForEach-Object { $emitted.Add($_); $_ }
        Get-ClusterBackupPolicy -Verbose -Debug
        Get-ClusterBackup -Id no_such_backup -Verbose -Debug
        New-ClusterBackup -Label 'bad label' -Verbose -Debug
        Get-ClusterBackup -Verbose -Debug -ErrorAction Continue
        try { Get-ClusterBackup -Verbose -Debug -ErrorAction Stop } catch { $caught = $_ }

        """ + Tail;

    // Everything the emitted objects and the errors show when rendered, converted or asked for their text.
    private const string Renderings = """
        $emitted | Out-String -Width 300
        $emitted | Format-List * | Out-String -Width 300
        $emitted | Format-Table * | Out-String -Width 300
        foreach ($o in $emitted) { $o.ToString(); "$o"; $o | ConvertTo-Json -Depth 5 -WarningAction SilentlyContinue }
        $connection | Format-List * -Force | Out-String -Width 300
        $connection | ConvertTo-Json -Depth 5 -WarningAction SilentlyContinue
        """;

    private const string ErrorTexts = """
        foreach ($e in @($Error) + @($caught)) {
            if ($e -is [System.Management.Automation.ErrorRecord]) {
                $e.ToString(); $e.Exception.Message; $e.Exception.ToString(); "$($e.ErrorDetails)"; "$($e.ErrorDetails.RecommendedAction)"
                "$($e.TargetObject)"; $e.ScriptStackTrace; $e.FullyQualifiedErrorId; $e | Format-List * -Force | Out-String -Width 300
                $e.Exception | Format-List * -Force | Out-String -Width 300
            } else { "$e" }
        }
        """;

    private readonly ITestOutputHelper _output;
    private ModuleHarness _harness = null!;
    private string _transcript = null!;

    public SecretCanaryTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public async Task InitializeAsync()
    {
        _harness = await ModuleHarness.StartAsync(options =>
        {
            options.Dcos.Tokens.Add(DcosCanary);
            options.Zilliz.ApiKeys.Add(ZillizCanary);
            options.Zilliz.SeedBackups = 2;
        });
        _transcript = Path.Combine(Path.GetTempPath(), $"canary-{Guid.NewGuid():N}.txt");
    }

    public async Task DisposeAsync()
    {
        foreach (var variable in new[] { "DCOS_URL", "DCOS_ACS_TOKEN", "ZILLIZ_CLOUD_URI", "ZILLIZ_API_KEY", "ZILLIZ_CLUSTER_ID", "ZILLIZ_PROJECT_ID" })
        {
            Environment.SetEnvironmentVariable(variable, null);
        }

        await _harness.DisposeAsync();
        File.Delete(_transcript);
    }

    [Fact]
    public void The_DCOS_token_shows_nowhere()
    {
        var places = RunWorkload(DcosWorkload, DcosCanary, out _);

        AssertNoCanary(places, DcosCanary, ZillizCanary);
    }

    [Fact]
    public void The_Zilliz_API_key_and_the_one_time_restore_password_show_nowhere()
    {
        var places = RunWorkload(ZillizWorkload, ZillizCanary, out var session);
        // Read only to search for it: the password of the restore into a new cluster.
        var password = (string)session.Run("$job.Credential.GetNetworkCredential().Password").AssertNoErrors().Output.Single().BaseObject;
        Assert.True(password.Length >= 8, "the one-time password is missing");
        Assert.Equal("canary-01", _harness.Emulator.Zilliz.Clusters.Single(c => c.ClusterId == (string)session.Run("$job.Target").Output.Single().BaseObject).ClusterName);

        AssertNoCanary(places, ZillizCanary, DcosCanary, password);
    }

    [Fact]
    public void The_milvus_backup_encryption_key_shows_nowhere()
    {
        var key = _harness.Emulator.MilvusBackup.EncryptionKeyOf("analytics")!;

        var places = RunWorkload(MilvusWorkload, key, out _);

        // It went over the wire (the server sends it), and was masked before anything showed it.
        Assert.Contains(places.SelectMany(p => p.Value), t => t.Contains("\"ezk\":\"***\"", StringComparison.Ordinal));
        AssertNoCanary(places, key, DcosCanary, ZillizCanary);
    }

    private Dictionary<string, List<string>> RunWorkload(string workload, string canary, out ModuleSession session)
    {
        session = _harness.OpenSession(connect: false);
        // Retries and a 5xx answer: the client logs them; the secret must not come with them.
        _harness.Emulator.Faults.Add(new FaultRule { Method = "GET", PathPrefix = "/", StatusCode = 503, Message = "canary fault", Times = 1 });
        var run = session.Run(workload, new()
        {
            ["canary"] = canary,
            ["dcosCanary"] = DcosCanary,
            ["zillizCanary"] = ZillizCanary,
            ["transcript"] = _transcript,
            ["uri"] = _harness.Uri,
            ["clusterId"] = ModuleHarness.ZillizClusterId,
            ["projectId"] = ModuleHarness.ZillizProjectId,
        });
        // After the workload: no more need for the plain-text copy in the session.
        session.Run("Remove-Variable canary, dcosCanary, zillizCanary");
        var renderings = session.Run(Renderings).AssertNoErrors("rendering");
        var errorTexts = session.Run(ErrorTexts).AssertNoErrors("error texts");

        // The workload really ran, with every stream carrying something.
        Assert.True(run.Output.Count >= 8, $"only {run.Output.Count} objects: " + string.Join(" | ", run.Errors));
        Assert.NotEmpty(run.Verbose);
        Assert.NotEmpty(run.Debug);
        Assert.NotEmpty(run.Errors);
        // The errors are the ones the workload asked for, nothing else.
        Assert.All(run.ErrorIds, id => Assert.Matches("^(NotSupported|BackupNotFound|InvalidLabel|JobNotFound|InvalidArgument|ClusterNotFound),", id));
        Assert.NotEmpty(run.Information);
        Assert.Contains(run.Warnings, w => w.Message.Contains("are set", StringComparison.Ordinal));
        Assert.Contains(run.Output, o => o.BaseObject.GetType().Name == "BackupConnection");
        Assert.Contains(run.Output, o => o.BaseObject.GetType().Name == "ClusterBackupJob");
        Assert.Contains(run.Output, o => o.BaseObject.GetType().Name == "ClusterBackup");
        Assert.Contains(_harness.Emulator.Audit.Entries, e => e.Credential == "valid");
        Assert.True(File.Exists(_transcript), "no transcript was written");

        _output.WriteLine("errors: " + string.Join(Environment.NewLine, run.Errors.Select(e => e.FullyQualifiedErrorId + ": " + e)));
        // Teeth: restores ran to the end, and the places a secret would sit (the Authorization header in
        // -Debug, in the transcript too) are there, masked.
        Assert.Contains(run.Output, o => o.BaseObject.GetType().Name == "ClusterBackupJob" && $"{o.Properties["Kind"].Value}" == "Restore" && $"{o.Properties["Status"].Value}" == "Succeeded");
        Assert.Contains(run.Debug, d => d.Message.Contains("Authorization: ", StringComparison.Ordinal) && d.Message.Contains("***", StringComparison.Ordinal));
        Assert.Contains("Authorization: ", File.ReadAllText(_transcript), StringComparison.Ordinal);
        return new Dictionary<string, List<string>>
        {
            ["output (Out-String)"] = renderings.Strings.Take(3).Concat(run.Output.Select(o => o.ToString())).ToList(),
            ["verbose"] = run.Verbose.Select(v => v.Message).ToList(),
            ["debug"] = run.Debug.Select(d => d.Message).ToList(),
            ["warning"] = run.Warnings.Select(w => w.Message).ToList(),
            ["error stream"] = run.StreamTexts.Take(run.Errors.Count * 6).ToList(),
            ["$Error + ErrorRecord/Exception/ErrorDetails"] = errorTexts.Strings.ToList(),
            ["information"] = run.Information.Select(i => $"{i.MessageData} {i.Source} {string.Join(",", i.Tags)}").ToList(),
            ["progress"] = run.Progress.Select(p => $"{p.Activity} {p.StatusDescription} {p.CurrentOperation}").ToList(),
            ["transcript file"] = new() { File.ReadAllText(_transcript) },
            ["ToString + ConvertTo-Json of emitted objects"] = renderings.Strings.Skip(3).ToList(),
            ["emulator audit log"] = _harness.Emulator.Audit.Entries.Select(e => $"{e.Method} {e.Path}{e.Query} {e.RequestBody} {e.Credential} {e.Fault}").ToList(),
        };
    }

    private void AssertNoCanary(Dictionary<string, List<string>> places, params string[] canaries)
    {
        var leaks = new List<string>();
        foreach (var (place, texts) in places)
        {
            var chars = texts.Sum(t => t.Length);
            var counts = canaries.Select(c => texts.Sum(t => Regex.Matches(t, Regex.Escape(c)).Count)).ToArray();
            _output.WriteLine($"{place}: {texts.Count} texts, {chars} chars searched; occurrences: {string.Join(", ", counts)}");
            if (counts.Any(n => n > 0))
            {
                leaks.Add(place + ": " + string.Join(" | ", texts.Where(t => canaries.Any(c => t.Contains(c, StringComparison.Ordinal))).Take(3)));
            }
        }

        Assert.True(leaks.Count == 0, "canary found in: " + string.Join(Environment.NewLine, leaks));
    }
}
