using System.Net;
using System.Security.Cryptography;
using BackupModule.Emulator;
using Xunit;
using static BackupModule.Tests.Emulator.EmulatorTestSupport;

namespace BackupModule.Tests.Emulator;

/// <summary>The emulated DC/OS IAM login: what it accepts, the tokens it issues and how they expire, its refusals and options.</summary>
public sealed class DcosIamTests
{
    private const string LoginPath = "acs/api/v1/auth/login";

    [Fact]
    public async Task The_default_user_gets_a_token_the_backup_API_accepts_until_it_expires()
    {
        await using var server = await StartAsync();
        using var anonymous = DcosClient(server, token: null);

        using var login = await anonymous.PostAsync(new Uri(server.BaseUri, LoginPath), Json("""{"uid":"bootstrapuser","password":"deleteme"}"""));
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = (string)(await ReadJsonAsync(login))["token"]!;
        using var client = DcosClient(server, token);

        using var before = await client.GetAsync("list");
        server.Dcos.ExpireIssuedTokens();
        using var after = await client.GetAsync("list");

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal(new[] { "none", "valid", "invalid" }, server.Audit.Entries.Select(e => e.Credential));
        Assert.Equal("""{"uid":"bootstrapuser","password":"***"}""", server.Audit.Entries[0].RequestBody);
    }

    [Fact]
    public async Task Tokens_live_as_long_as_the_admin_settings_say_and_expire_tokens_ends_them_at_once()
    {
        await using var server = await StartAsync();
        using var admin = AdminClient(server);
        using var set = await admin.PostAsync("/_emulator/dcos/settings", Json("""{"tokenLifetimeMs":300}"""));
        Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        Assert.Equal(TimeSpan.FromMilliseconds(300), server.Dcos.TokenLifetime);
        using var client = DcosClient(server, await LoginAsync(server));

        using var fresh = await client.GetAsync("list");
        await Task.Delay(600);
        using var stale = await client.GetAsync("list");

        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);

        using var set2 = await admin.PostAsync("/_emulator/dcos/settings", Json("""{"tokenLifetimeMs":600000}"""));
        using var renewed = DcosClient(server, await LoginAsync(server));
        using var stillGood = await renewed.GetAsync("list");
        using var expire = await admin.PostAsync("/_emulator/dcos/expire-tokens", null);
        using var expired = await renewed.GetAsync("list");
        using var configured = await DcosClient(server).GetAsync("list");

        Assert.Equal(HttpStatusCode.OK, stillGood.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, expire.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal(HttpStatusCode.OK, configured.StatusCode);
    }

    [Theory]
    [InlineData("""{"uid":"bootstrapuser","password":"wrong"}""", 401, "ERR_INVALID_CREDENTIALS")]
    [InlineData("""{"uid":"nobody","password":"deleteme"}""", 401, "ERR_INVALID_CREDENTIALS")]
    [InlineData("""{"uid":"backup-svc","token":"not.a.jwt"}""", 401, "ERR_INVALID_CREDENTIALS")]
    [InlineData("""{"uid":"bootstrapuser"}""", 400, "ERR_INVALID_DATA")]
    public async Task Refused_logins_answer_in_the_IAM_error_shape(string body, int status, string code)
    {
        await using var server = await StartAsync();
        using var anonymous = DcosClient(server, token: null);

        using var response = await anonymous.PostAsync(new Uri(server.BaseUri, LoginPath), Json(body));
        var answer = await ReadJsonAsync(response);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(code, (string)answer["code"]!);
        Assert.False(string.IsNullOrEmpty((string?)answer["description"]));
        Assert.Null(answer["token"]);
    }

    [Fact]
    public void The_command_line_sets_users_service_accounts_and_the_token_lifetime()
    {
        using var key = RSA.Create(2048);
        var publicKey = Path.GetTempFileName();
        File.WriteAllText(publicKey, key.ExportSubjectPublicKeyInfoPem());
        try
        {
            var options = EmulatorCommandLine.Parse(new[] { "--dcos-user", "ops:s3cret:with-colon", "--dcos-service-account", "svc:" + publicKey, "--dcos-token-lifetime-ms=1500" });

            Assert.Equal(new Dictionary<string, string> { ["ops"] = "s3cret:with-colon" }, options.Dcos.Users);
            Assert.Contains("BEGIN PUBLIC KEY", options.Dcos.ServiceAccounts["svc"]);
            Assert.Equal(TimeSpan.FromMilliseconds(1500), options.Dcos.TokenLifetime);
            Assert.Equal(DcosEmulatorOptions.DefaultPassword, EmulatorCommandLine.Parse(Array.Empty<string>()).Dcos.Users[DcosEmulatorOptions.DefaultUser]);
            Assert.Throws<FormatException>(() => EmulatorCommandLine.Parse(new[] { "--dcos-user", "no-colon" }));
            Assert.Throws<FormatException>(() => EmulatorCommandLine.Parse(new[] { "--dcos-service-account", "svc:/no/such/file.pem" }));
        }
        finally
        {
            File.Delete(publicKey);
        }
    }

    private static async Task<string> LoginAsync(EmulatorServer server)
    {
        using var anonymous = DcosClient(server, token: null);
        using var login = await anonymous.PostAsync(new Uri(server.BaseUri, LoginPath), Json("""{"uid":"bootstrapuser","password":"deleteme"}"""));
        return (string)(await ReadJsonAsync(login))["token"]!;
    }
}
