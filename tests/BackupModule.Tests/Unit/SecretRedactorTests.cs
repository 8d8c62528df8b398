using BackupModule.Http;
using Xunit;

namespace BackupModule.Tests.Unit;

/// <summary>No token, API key or password may reach a log line, a -Debug dump or an error message.</summary>
public sealed class SecretRedactorTests
{
    private const string Canary = "eyJhbGciOiJSUzI1NiJ9.CANARY-7f3a9b.c2lnbmF0dXJl";

    [Fact]
    public void A_known_secret_is_masked_at_every_occurrence()
    {
        var redactor = new SecretRedactor();
        redactor.AddSecret(Canary);

        var text = $"Authorization: token={Canary}\nbody: {{\"x\":\"{Canary}\"}} url=https://m/?t={Canary}{Canary}";
        var redacted = redactor.Redact(text);

        Assert.DoesNotContain(Canary, redacted);
        Assert.DoesNotContain("CANARY", redacted);
        Assert.Equal(
            "Authorization: token=***\nbody: {\"x\":\"***\"} url=https://m/?t=******",
            redacted);
    }

    [Fact]
    public void Several_secrets_are_all_masked()
    {
        var redactor = new SecretRedactor();
        redactor.AddSecret("first-secret");
        redactor.AddSecret("second-secret");

        var redacted = redactor.Redact("a first-secret b second-secret c");

        Assert.Equal("a *** b *** c", redacted);
    }

    [Fact]
    public void A_secret_containing_another_is_masked_whole()
    {
        var redactor = new SecretRedactor();
        redactor.AddSecret("abcd");
        redactor.AddSecret("abcdefgh");

        Assert.Equal("x *** y ***", redactor.Redact("x abcdefgh y abcd"));
    }

    [Fact]
    public void Adding_the_same_secret_twice_is_harmless()
    {
        var redactor = new SecretRedactor();
        redactor.AddSecret("s3cr3t-value");
        redactor.AddSecret("s3cr3t-value");

        Assert.Equal("[***]", redactor.Redact("[s3cr3t-value]"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("ab")]
    [InlineData("abc")]
    public void Short_secrets_are_ignored(string? secret)
    {
        var redactor = new SecretRedactor();
        redactor.AddSecret(secret);

        Assert.Equal("abc abcabc ab a", redactor.Redact("abc abcabc ab a"));
    }

    [Fact]
    public void A_four_character_secret_is_masked()
    {
        var redactor = new SecretRedactor();
        redactor.AddSecret("wxyz");

        Assert.Equal("*** and ***", redactor.Redact("wxyz and wxyz"));
    }

    [Fact]
    public void Text_without_secrets_is_unchanged()
    {
        var redactor = new SecretRedactor();
        redactor.AddSecret(Canary);
        const string text = "GET system/v1/backup/v1/list -> 200 (12 ms) {\"backup_info\":[{\"id\":\"a-1\",\"status\":\"STATUS_READY\"}]}";

        Assert.Equal(text, redactor.Redact(text));
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    public void Null_and_empty_become_empty(string? text, string expected)
    {
        Assert.Equal(expected, new SecretRedactor().Redact(text));
    }

    [Theory]
    [InlineData("{\"password\":\"hunter22\"}", "{\"password\":\"***\"}")]
    [InlineData("{\"token\":\"abc.def.ghi\"}", "{\"token\":\"***\"}")]
    [InlineData("{\"apiKey\":\"k-123\"}", "{\"apiKey\":\"***\"}")]
    [InlineData("{\"api_key\":\"k-123\"}", "{\"api_key\":\"***\"}")]
    [InlineData("{\"secret\":\"x\"}", "{\"secret\":\"***\"}")]
    [InlineData("{\"authorization\":\"token=x\"}", "{\"authorization\":\"***\"}")]
    [InlineData("{\"PASSWORD\":\"Hunter2\"}", "{\"PASSWORD\":\"***\"}")]
    [InlineData("{\"ApiKey\":\"k\"}", "{\"ApiKey\":\"***\"}")]
    [InlineData("{\"token\" :  \"spaced\"}", "{\"token\" :  \"***\"}")]
    [InlineData("{\"token\":\"\"}", "{\"token\":\"***\"}")]
    [InlineData("{\"token\":\"with \\\"escaped\\\" quotes\"}", "{\"token\":\"***\"}")]
    [InlineData("{\"token\":\"back\\\\slash\",\"user\":\"bob\"}", "{\"token\":\"***\",\"user\":\"bob\"}")]
    public void Secret_json_fields_are_masked(string json, string expected)
    {
        Assert.Equal(expected, new SecretRedactor().Redact(json));
    }

    [Fact]
    public void Secret_fields_are_masked_and_others_kept_in_one_body()
    {
        const string json = """{"clusterId":"in01-abc","username":"db_admin","password":"P@ssw0rd!","jobId":"job-1","token":"t0k","apiKey":"key-9","label":"nightly"}""";

        var redacted = new SecretRedactor().Redact(json);

        Assert.Equal("""{"clusterId":"in01-abc","username":"db_admin","password":"***","jobId":"job-1","token":"***","apiKey":"***","label":"nightly"}""", redacted);
        Assert.DoesNotContain("P@ssw0rd!", redacted);
        Assert.DoesNotContain("t0k", redacted);
        Assert.DoesNotContain("key-9", redacted);
    }

    [Fact]
    public void Nested_secret_fields_are_masked()
    {
        const string json = """{"data":{"clusterId":"c","password":"nested-pass"},"items":[{"token":"tok-1"},{"token":"tok-2"}]}""";

        var redacted = new SecretRedactor().Redact(json);

        Assert.DoesNotContain("nested-pass", redacted);
        Assert.DoesNotContain("tok-1", redacted);
        Assert.DoesNotContain("tok-2", redacted);
        Assert.Contains("\"clusterId\":\"c\"", redacted);
    }

    [Fact]
    public void Fields_that_only_contain_a_secret_word_are_kept()
    {
        const string json = """{"token_type":"bearer","passwordPolicy":"strong","mytoken":"v"}""";

        Assert.Equal(json, new SecretRedactor().Redact(json));
    }

    [Theory]
    [InlineData("token=abc", "token=***")]
    [InlineData("token=eyJhbGciOiJSUzI1NiJ9.e30.sig", "token=***")]
    [InlineData("Bearer xyz", "Bearer ***")]
    [InlineData("Bearer eyJhbGciOiJSUzI1NiJ9.e30.sig==", "Bearer ***")]
    [InlineData("Basic dXNlcjpwYXNz", "Basic ***")]
    [InlineData("Basic dXNlcjpwYXNzd29yZA==", "Basic ***")]
    [InlineData("token=abc def", "token=***")]
    [InlineData("justasecret", "***")]
    [InlineData("", "***")]
    [InlineData("=abc", "***")]
    public void RedactAuthorization_keeps_the_scheme_only(string header, string expected)
    {
        Assert.Equal(expected, SecretRedactor.RedactAuthorization(header));
    }

    [Theory]
    [InlineData("Authorization", true)]
    [InlineData("authorization", true)]
    [InlineData("Cookie", true)]
    [InlineData("Set-Cookie", true)]
    [InlineData("Accept", false)]
    [InlineData("Content-Type", false)]
    [InlineData("X-Request-Id", false)]
    public void IsSecretHeader(string name, bool expected)
    {
        Assert.Equal(expected, SecretRedactor.IsSecretHeader(name));
    }

    [Fact]
    public void Header_lines_redact_secret_headers_only()
    {
        var headers = new[]
        {
            new KeyValuePair<string, IEnumerable<string>>("Accept", new[] { "application/json" }),
            new KeyValuePair<string, IEnumerable<string>>("Authorization", new[] { "token=" + Canary }),
            new KeyValuePair<string, IEnumerable<string>>("Cookie", new[] { "dcos-acs-auth-cookie=" + Canary }),
        };

        var lines = SecretRedactor.Lines(headers).ToArray();

        Assert.Equal(new[] { "Accept: application/json", "Authorization: token=***", "Cookie: dcos-acs-auth-cookie=***" }, lines);
        Assert.All(lines, l => Assert.DoesNotContain(Canary, l));
    }

    [Fact]
    public void The_mask_is_three_stars()
    {
        Assert.Equal("***", SecretRedactor.Mask);
    }
}
