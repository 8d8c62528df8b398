namespace BackupModule.EngineTests;

/// <summary>Get-/Set-ClusterBackupPolicy in the engine: a round trip, -Disable, parameter validation, and DC/OS refusing.</summary>
public sealed class ZillizPolicyTests : ZillizEngineTest
{
    private const string PolicyPath = "/v2/clusters/in01-emulator/backups/policy";

    [Fact]
    public void A_schedule_set_is_the_schedule_read_back()
    {
        var set = Session.Run("Set-ClusterBackupPolicy -DayOfWeek Monday, Wednesday, Sunday -WindowStartUtc 02:00 -RetentionDays 7 -PassThru").AssertNoErrors();
        var got = Session.Run("Get-ClusterBackup | Select-Object -First 1 | Get-ClusterBackupPolicy").AssertNoErrors();
        var days = Session.Run("(Get-ClusterBackupPolicy -ClusterId $clusterId).DayOfWeek | ForEach-Object { [string]$_ }").AssertNoErrors().Strings;

        foreach (var policy in new[] { Assert.Single(set.Output), Assert.Single(got.Output) })
        {
            Assert.Equal("BackupModule.Model.BackupPolicy", policy.BaseObject.GetType().FullName);
            Assert.Equal(ClusterId, policy.Properties["ClusterId"].Value);
            Assert.True((bool)policy.Properties["Enabled"].Value);
            Assert.Equal(TimeSpan.FromHours(2), policy.Properties["WindowStartUtc"].Value);
            Assert.Equal(TimeSpan.FromHours(4), policy.Properties["WindowEndUtc"].Value);
            Assert.Equal(7, policy.Properties["RetentionDays"].Value);
        }

        Assert.Equal(new[] { "Monday", "Wednesday", "Sunday" }.Order(), days.Order());
        var post = Assert.Single(Harness.ZillizCalls("POST", PolicyPath));
        Assert.Contains("\"frequency\":\"1,3,7\"", post.RequestBody, StringComparison.Ordinal);
        Assert.Contains("\"startTime\":\"02:00-04:00\"", post.RequestBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Disable_turns_it_off()
    {
        Session.Run("Set-ClusterBackupPolicy -DayOfWeek Friday -WindowStartUtc 23:00 -RetentionDays 30").AssertNoErrors();

        var disabled = Session.Run("Set-ClusterBackupPolicy -Disable -PassThru; Get-ClusterBackupPolicy").AssertNoErrors();

        Assert.Equal(2, disabled.Output.Count);
        Assert.All(disabled.Output, p => Assert.False((bool)p.Properties["Enabled"].Value));
        Assert.All(disabled.Output, p => Assert.Equal(0, p.Properties["RetentionDays"].Value));
        Assert.Equal(2, Harness.ZillizCalls("POST", PolicyPath).Count);
    }

    [Theory]
    [InlineData("Set-ClusterBackupPolicy -DayOfWeek Monday -WindowStartUtc 02:00 -RetentionDays 31", "ParameterArgumentValidationError,BackupModule.Commands.SetClusterBackupPolicyCommand")]
    [InlineData("Set-ClusterBackupPolicy -DayOfWeek Monday -WindowStartUtc 02:00 -RetentionDays 0", "ParameterArgumentValidationError,BackupModule.Commands.SetClusterBackupPolicyCommand")]
    [InlineData("Set-ClusterBackupPolicy -DayOfWeek Monday -WindowStartUtc 02:30:15 -RetentionDays 3", "InvalidArgument,BackupModule.Commands.SetClusterBackupPolicyCommand")]
    [InlineData("Set-ClusterBackupPolicy -DayOfWeek Monday -Disable", "AmbiguousParameterSet,BackupModule.Commands.SetClusterBackupPolicyCommand")]
    [InlineData("Get-ClusterBackupPolicy -ClusterId in01-nosuchcluster", "ClusterNotFound,BackupModule.Commands.GetClusterBackupPolicyCommand")]
    public void Bad_input_stops_with_a_stable_id_and_changes_nothing(string command, string expected)
    {
        var result = Session.Run($"try {{ {command} -ErrorAction Stop; 'not stopped' }} catch {{ $_.FullyQualifiedErrorId }}").AssertNoErrors();

        Assert.Equal(new[] { expected }, result.Strings);
        Assert.Empty(Harness.ZillizMutations);
    }

    [Fact]
    public void Against_DCOS_both_are_NotSupported()
    {
        var dcos = Harness.OpenSession(connect: true, Backend.Dcos);

        var got = dcos.Run("Get-ClusterBackupPolicy");
        var set = dcos.Run("Set-ClusterBackupPolicy -Disable");

        Assert.Equal(new[] { "NotSupported,BackupModule.Commands.GetClusterBackupPolicyCommand" }, got.ErrorIds);
        Assert.Equal(new[] { "NotSupported,BackupModule.Commands.SetClusterBackupPolicyCommand" }, set.ErrorIds);
        Assert.DoesNotContain(Harness.Emulator.Audit.Entries, e => e.Method != "GET");
    }
}
