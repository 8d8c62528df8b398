using System.Management.Automation;
using BackupModule.Emulator;
using Xunit.Abstractions;

namespace BackupModule.EngineTests;

/// <summary>
/// 8 runspaces (ForEach-Object -Parallel) share one DC/OS and one Zilliz connection: 2,000 cmdlet calls,
/// most on DC/OS (no rate limit), a bounded part on Zilliz (its client keeps 18 requests/s per endpoint).
/// No exception but the expected busy refusals, no deadlock, no 429, and few TCP connections.
/// </summary>
public sealed class LoadTests : EngineTest
{
    private const int Workers = 8;

    // Per worker: 225 DC/OS calls and 25 Zilliz calls = 250; 8 workers = 2,000.
    private const int DcosCallsPerWorker = 225;

    private const int ZillizCallsPerWorker = 25;

    private const string Workload = """
        1..$workers | ForEach-Object -ThrottleLimit $workers -Parallel {
            $worker = $_
            Import-Module -Name $using:manifest -ErrorAction Stop
            $dcos = $using:connection; $zilliz = $using:zilliz
            $dcosId = $using:dcosId; $zillizId = $using:zillizId; $jobId = $using:jobId
            $calls = 0; $errors = [System.Collections.Generic.List[string]]::new()
            for ($i = 0; $i -lt $using:dcosCalls; $i++) {
                $calls++
                try {
                    switch ($i % 25) {
                        0 { $null = New-ClusterBackup -Label "load-$worker-$i" -Connection $dcos -Confirm:$false -ErrorAction Stop }
                        { $_ -in 1..8 } { $null = Get-ClusterBackup -Connection $dcos -ErrorAction Stop }
                        { $_ -in 9..20 } { $null = Get-ClusterBackup -Id $dcosId -Connection $dcos -ErrorAction Stop }
                        default { $null = Get-ClusterBackupJob -BackupId $dcosId -Connection $dcos -ErrorAction Stop }
                    }
                } catch { $errors.Add($_.FullyQualifiedErrorId) }
            }
            for ($i = 0; $i -lt $using:zillizCalls; $i++) {
                $calls++
                try {
                    switch ($i % 4) {
                        0 { $null = Get-ClusterBackup -Connection $zilliz -ErrorAction Stop }
                        1 { $null = Get-ClusterBackup -Id $zillizId -Connection $zilliz -ErrorAction Stop }
                        2 { $null = Get-ClusterBackupJob -Id $jobId -Connection $zilliz -ErrorAction Stop }
                        3 { $null = Get-ClusterBackupPolicy -Connection $zilliz -ErrorAction Stop }
                    }
                } catch { $errors.Add($_.FullyQualifiedErrorId) }
            }
            [pscustomobject]@{ Worker = $worker; Calls = $calls; Errors = $errors.ToArray() }
        }
        """;

    private readonly ITestOutputHelper _output;

    public LoadTests(ITestOutputHelper output)
    {
        _output = output;
    }

    protected override void Configure(EmulatorOptions options)
    {
        options.Dcos.SeedBackups = 20;
        options.Zilliz.SeedBackups = 5;
    }

    [Fact]
    public async Task Eight_runspaces_share_one_connection_for_2000_calls_without_429_deadlock_or_many_sockets()
    {
        var setup = Session.Run("""
            $zilliz = Connect-ClusterBackupService -ZillizCloud -Uri $uri -ApiKey $apiKey -ClusterId $clusterId -ProjectId $projectId -PassThru -ErrorAction Stop
            $dcosId = (Get-ClusterBackup -Connection $connection | Select-Object -First 1).Id
            $zillizId = (Get-ClusterBackup -Connection $zilliz -Status Ready | Select-Object -First 1).Id
            $jobId = (Restore-ClusterBackup -Id $zillizId -Collection medium_articles -DestinationCollectionName load_copy -Connection $zilliz -Force -ErrorAction Stop).Id
            $jobId
            """).AssertNoErrors("setting up");
        Assert.NotNull(Assert.Single(setup.Output).BaseObject);
        Harness.Emulator.Audit.Clear();

        using var ps = Session.Start(Workload, new()
        {
            ["workers"] = Workers,
            ["dcosCalls"] = DcosCallsPerWorker,
            ["zillizCalls"] = ZillizCallsPerWorker,
            ["manifest"] = ModuleHarness.ManifestPath,
        });
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var running = ps.BeginInvoke();
        // Generous: about 3 s of Zilliz calls (50 per endpoint at 18/s) and a few of DC/OS calls.
        var finished = await Task.WhenAny(Task.Factory.FromAsync(running, _ => { }), Task.Delay(TimeSpan.FromMinutes(3)));
        if (!running.IsCompleted)
        {
            ps.Stop();
            Assert.Fail("the 8 runspaces did not finish within 3 minutes (deadlock?)");
        }

        var results = ps.EndInvoke(running);
        watch.Stop();
        Assert.Empty(ps.Streams.Error);

        var calls = results.Sum(r => (int)r.Properties["Calls"].Value);
        var errors = results.SelectMany(r => (string[])r.Properties["Errors"].Value).ToArray();
        var audit = Harness.Emulator.Audit.Entries;
        var dcos = audit.Where(e => e.Path.StartsWith("/system/", StringComparison.Ordinal)).ToArray();
        var zilliz = audit.Where(e => !e.Path.StartsWith("/system/", StringComparison.Ordinal)).ToArray();
        var connections = audit.Select(e => e.ConnectionId).Distinct().Count();
        var dcosConnections = dcos.Select(e => e.ConnectionId).Distinct().Count();
        var zillizConnections = zilliz.Select(e => e.ConnectionId).Distinct().Count();
        _output.WriteLine($"{calls} cmdlet calls in {watch.Elapsed.TotalSeconds:0.0} s by {results.Count} runspaces; "
            + $"{audit.Count} HTTP requests ({dcos.Length} DC/OS, {zilliz.Length} Zilliz); "
            + $"TCP connections: {connections} ({dcosConnections} DC/OS, {zillizConnections} Zilliz); "
            + $"429s: {Harness.Emulator.Zilliz.ThrottledCount}; HTTP status >= 400: {audit.Count(e => e.StatusCode >= 400)}; "
            + $"errors: {errors.Length} ({string.Join(", ", errors.GroupBy(e => e).Select(g => $"{g.Key} x{g.Count()}"))})");

        Assert.Equal(Workers, results.Count);
        Assert.Equal(2000, calls);
        // The only refusal expected: a create while another backup holds the service's lock.
        Assert.All(errors, e => Assert.StartsWith("BackupServiceBusy,", e, StringComparison.Ordinal));
        Assert.Equal(0, Harness.Emulator.Zilliz.ThrottledCount);
        Assert.DoesNotContain(audit, e => e.StatusCode == 429);
        Assert.True(audit.Count >= calls, $"{audit.Count} requests for {calls} calls");
        Assert.DoesNotContain(audit, e => string.IsNullOrEmpty(e.ConnectionId));
        // One pool per connection object, shared by the runspaces: at most one socket per concurrent caller, plus two.
        Assert.True(dcosConnections <= Workers + 2, $"{dcosConnections} TCP connections for the DC/OS connection's {dcos.Length} requests");
        Assert.True(zillizConnections <= Workers + 2, $"{zillizConnections} TCP connections for the Zilliz connection's {zilliz.Length} requests");
    }
}
