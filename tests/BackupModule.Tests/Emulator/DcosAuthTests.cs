using System.Net;
using System.Text.Json;
using BackupModule.Emulator;
using Xunit;
using static BackupModule.Tests.Emulator.EmulatorTestSupport;

namespace BackupModule.Tests.Emulator;

public sealed class DcosAuthTests
{
    [Fact]
    public async Task No_token_is_401_with_the_acsjwt_challenge()
    {
        await using var server = await StartAsync();
        using var client = DcosClient(server, token: null);

        using var response = await client.PostAsync("create", Json("""{"label":"anon"}"""));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("acsjwt", Assert.Single(response.Headers.WwwAuthenticate).Scheme);

        // Admin Router's body is an HTML error page, not JSON: clients must cope.
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("401", await response.Content.ReadAsStringAsync());
        Assert.Empty(server.Dcos.Backups);
        Assert.Equal("none", Assert.Single(server.Audit.Entries).Credential);
    }

    [Theory]
    [InlineData("token=wrong-token")]
    [InlineData("dcos-emulator-token")]
    [InlineData("token=")]
    [InlineData("Basic ZGNvczpkY29z")]
    public async Task Unknown_or_malformed_token_is_401_and_logged_as_invalid(string authorization)
    {
        await using var server = await StartAsync();
        using var client = DcosClient(server, token: null);
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);

        using var response = await client.GetAsync("list");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("acsjwt", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Equal("invalid", Assert.Single(server.Audit.Entries).Credential);
    }

    [Fact]
    public async Task Token_without_the_permission_is_403_naming_the_grant()
    {
        await using var server = await StartAsync();
        using var client = DcosClient(server, DcosEmulatorOptions.DefaultNoPermissionToken);

        using var response = await client.PostAsync("create", Json("""{"label":"noperm"}"""));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("dcos:adminrouter:ops:system-backup full", await response.Content.ReadAsStringAsync());
        Assert.Empty(server.Dcos.Backups);
        Assert.Equal("no-permission", Assert.Single(server.Audit.Entries).Credential);
    }

    [Fact]
    public async Task Admin_router_authenticates_before_the_service_can_say_not_found()
    {
        await using var server = await StartAsync();
        using var client = DcosClient(server, token: null);

        using var response = await client.GetAsync("no-such-route");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Bearer_form_is_accepted_like_admin_router_does()
    {
        await using var server = await StartAsync();
        using var client = DcosClient(server, token: null);
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + DcosEmulatorOptions.DefaultToken);

        using var response = await client.GetAsync("list");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("valid", Assert.Single(server.Audit.Entries).Credential);
    }

    [Fact]
    public async Task Configured_tokens_replace_the_defaults()
    {
        await using var server = await StartAsync(o =>
        {
            o.Dcos.Tokens = new() { "custom-full" };
            o.Dcos.NoPermissionTokens = new() { "custom-none" };
        });
        using var custom = DcosClient(server, "custom-full");
        using var customNoPermission = DcosClient(server, "custom-none");
        using var defaultToken = DcosClient(server);

        using var ok = await custom.GetAsync("list");
        using var forbidden = await customNoPermission.GetAsync("list");
        using var rejected = await defaultToken.GetAsync("list");

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        Assert.False(server.Dcos.UsesDefaultToken);
    }

    [Fact]
    public async Task The_audit_log_never_holds_a_raw_token()
    {
        await using var server = await StartAsync();
        using var good = DcosClient(server);
        using var bad = DcosClient(server, "secret-looking-token");
        using var admin = AdminClient(server);

        using var first = await good.GetAsync("list?prefix=x");
        using var second = await bad.GetAsync("list");
        var overHttp = await admin.GetStringAsync("audit");
        var inProcess = JsonSerializer.Serialize(server.Audit.Entries);

        Assert.Equal(2, server.Audit.Entries.Count);
        foreach (var text in new[] { overHttp, inProcess })
        {
            Assert.DoesNotContain(DcosEmulatorOptions.DefaultToken, text);
            Assert.DoesNotContain("secret-looking-token", text);
        }
    }
}
