using Xunit;
using static BackupModule.Tests.Emulator.ZillizTestSupport;

namespace BackupModule.Tests.Emulator;

public sealed class ZillizPolicyTests
{
    private const string PolicyPath = $"v2/clusters/{Cluster}/backups/policy";

    [Fact]
    public async Task A_cluster_starts_disabled_then_an_update_enables_it_and_disabling_clears_it()
    {
        await using var server = await StartZillizAsync();
        using var client = ZillizClient(server);

        var initial = Ok(await GetAsync(client, PolicyPath));
        var set = Ok(await PostAsync(client, PolicyPath, """{"frequency":"1,3,5","startTime":"02:00-04:00","retentionDays":7,"enabled":true}"""));
        var enabled = Ok(await GetAsync(client, PolicyPath));
        var disabledAnswer = Ok(await PostAsync(client, PolicyPath, """{"enabled":false}"""));
        var disabled = Ok(await GetAsync(client, PolicyPath));

        const string Disabled = """{"clusterId":"in01-emulator","status":"DISABLED","startTime":null,"frequency":null,"retentionDays":0,"crossRegionCopies":[]}""";
        Assert.Equal(Disabled, initial.ToJsonString());
        Assert.Equal("""{"clusterId":"in01-emulator","status":"ENABLED"}""", set.ToJsonString());
        Assert.Equal("""{"clusterId":"in01-emulator","status":"ENABLED","startTime":"02:00-04:00","frequency":"1,3,5","retentionDays":7,"crossRegionCopies":[]}""", enabled.ToJsonString());
        Assert.Equal("DISABLED", (string?)disabledAnswer["status"]);
        Assert.Equal(Disabled, disabled.ToJsonString());
    }

    [Theory]
    [InlineData("""{"frequency":"7","startTime":"23:00-01:00","retentionDays":30,"enabled":true}""")]
    [InlineData("""{"frequency":"1,2,3,4,5,6,7","startTime":"00:00-02:00","retentionDays":1,"enabled":true}""")]
    public async Task Valid_policies_are_accepted(string body)
    {
        await using var server = await StartZillizAsync();
        using var client = ZillizClient(server);

        Assert.Equal("ENABLED", (string?)Ok(await PostAsync(client, PolicyPath, body))["status"]);
        Assert.Equal("ENABLED", (string?)Ok(await GetAsync(client, PolicyPath))["status"]);
    }

    [Theory]
    [InlineData("""{"frequency":"0,1","startTime":"02:00-04:00","retentionDays":7,"enabled":true}""", 96032, "frequency")]
    [InlineData("""{"frequency":"8","startTime":"02:00-04:00","retentionDays":7,"enabled":true}""", 96032, "frequency")]
    [InlineData("""{"frequency":"1,1","startTime":"02:00-04:00","retentionDays":7,"enabled":true}""", 96032, "frequency")]
    [InlineData("""{"frequency":"","startTime":"02:00-04:00","retentionDays":7,"enabled":true}""", 96032, "frequency")]
    [InlineData("""{"startTime":"02:00-04:00","retentionDays":7,"enabled":true}""", 96032, "frequency")]
    [InlineData("""{"frequency":"1","startTime":"02:00-03:00","retentionDays":7,"enabled":true}""", 96033, "startTime")]
    [InlineData("""{"frequency":"1","startTime":"2:00-4:00","retentionDays":7,"enabled":true}""", 96033, "startTime")]
    [InlineData("""{"frequency":"1","startTime":"24:00-02:00","retentionDays":7,"enabled":true}""", 96033, "startTime")]
    [InlineData("""{"frequency":"1","retentionDays":7,"enabled":true}""", 96033, "startTime")]
    [InlineData("""{"frequency":"1","startTime":"02:00-04:00","retentionDays":0,"enabled":true}""", 96034, "retentionDays")]
    [InlineData("""{"frequency":"1","startTime":"02:00-04:00","retentionDays":31,"enabled":true}""", 96034, "retentionDays")]
    [InlineData("""{"frequency":"1","startTime":"02:00-04:00","enabled":true}""", 96034, "retentionDays")]
    [InlineData("""{"frequency":"1","startTime":"02:00-04:00","retentionDays":"7","enabled":true}""", 96034, "retentionDays")]
    [InlineData("""{"frequency":"1","startTime":"02:00-04:00","retentionDays":7,"enabled":true,"crossRegionCopies":[{"regionId":"Not A Region","retentionDays":7}]}""", 96001, "RegionId")]
    [InlineData("""{"frequency":"1","startTime":"02:00-04:00","retentionDays":7,"enabled":true,"crossRegionCopies":[{"retentionDays":7}]}""", 96001, "RegionId")]
    [InlineData("""{"frequency":"1","startTime":"02:00-04:00","retentionDays":7,"enabled":true,"crossRegionCopies":[{"regionId":"aws-us-east-1","retentionDays":31}]}""", 96034, "retentionDays")]
    [InlineData("""{"frequency":"1","startTime":"02:00-04:00","retentionDays":7,"enabled":"yes"}""", 98000, "enabled")]
    [InlineData("""{"frequency":"1","startTime":"02:00-04:00","retentionDays":7}""", 98000, "enabled")]
    public async Task Bad_policy_values_are_refused_with_the_published_codes_and_change_nothing(string body, int code, string field)
    {
        await using var server = await StartZillizAsync();
        using var client = ZillizClient(server);

        AssertError(await PostAsync(client, PolicyPath, body), code, field);
        Assert.Equal("DISABLED", (string?)Ok(await GetAsync(client, PolicyPath))["status"]);
    }

    [Fact]
    public async Task Cross_region_copies_are_kept_with_their_region_name_until_replaced_and_go_with_a_disabled_policy()
    {
        await using var server = await StartZillizAsync();
        using var client = ZillizClient(server);

        Ok(await PostAsync(client, PolicyPath, """{"frequency":"1,2,3,5","startTime":"02:00-04:00","retentionDays":7,"enabled":true,"crossRegionCopies":[{"regionId":"aws-us-east-1","retentionDays":3},{"regionId":"ali-cn-hangzhou"}]}"""));
        var withCopies = Ok(await GetAsync(client, PolicyPath));
        Ok(await PostAsync(client, PolicyPath, """{"frequency":"1","startTime":"04:00-06:00","retentionDays":5,"enabled":true}"""));
        var kept = Ok(await GetAsync(client, PolicyPath));
        Ok(await PostAsync(client, PolicyPath, """{"frequency":"1","startTime":"04:00-06:00","retentionDays":5,"enabled":true,"crossRegionCopies":[]}"""));
        var removed = Ok(await GetAsync(client, PolicyPath));

        // A copy without its own retention keeps backups as long as the policy does [?].
        Assert.Equal("""[{"regionId":"aws-us-east-1","retentionDays":3,"region":"us-east-1"},{"regionId":"ali-cn-hangzhou","retentionDays":7,"region":"cn-hangzhou"}]""", withCopies["crossRegionCopies"]!.ToJsonString());
        Assert.Equal(withCopies["crossRegionCopies"]!.ToJsonString(), kept["crossRegionCopies"]!.ToJsonString());
        Assert.Equal("[]", removed["crossRegionCopies"]!.ToJsonString());
    }

    [Fact]
    public async Task Policies_of_unknown_clusters_are_not_found()
    {
        await using var server = await StartZillizAsync();
        using var client = ZillizClient(server);

        AssertError(await GetAsync(client, "v2/clusters/in01-nowhere/backups/policy"), 96018, "Cluster not found.");
        AssertError(await PostAsync(client, "v2/clusters/in01-nowhere/backups/policy", """{"enabled":false}"""), 96018, "Cluster not found.");
    }
}
