using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using BackupModule.Emulator;
using Xunit;
using static BackupModule.Tests.Emulator.EmulatorTestSupport;

namespace BackupModule.Tests.Emulator;

public sealed class HostingTests
{
    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://*:5080")]
    [InlineData("http://+:5080")]
    [InlineData("http://[::]:0")]
    [InlineData("http://192.168.1.10:5080")]
    [InlineData("http://example.com:5080")]
    [InlineData("https://0.0.0.0:0")]
    [InlineData("ftp://127.0.0.1:0")]
    [InlineData("http://127.0.0.1:0/prefix")]
    [InlineData("not a url")]
    public async Task Non_loopback_urls_are_refused(string url)
    {
        var options = new EmulatorOptions { Urls = new[] { "http://127.0.0.1:0", url } };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => EmulatorServer.StartAsync(options));

        Assert.Contains("loopback", error.Message);
    }

    [Fact]
    public async Task Port_zero_reports_the_actual_port_and_the_dcos_base_uri()
    {
        await using var server = await StartAsync();

        Assert.Equal("127.0.0.1", server.BaseUri.Host);
        Assert.NotEqual(0, server.BaseUri.Port);
        Assert.Equal("/", server.BaseUri.AbsolutePath);
        Assert.Equal(new Uri(server.BaseUri, "system/v1/backup/v1/"), server.DcosBaseUri);
        Assert.True(server.Dcos.UsesDefaultToken);
    }

    [Fact]
    public async Task Stop_then_dispose_closes_the_port()
    {
        var server = await StartAsync();
        using var client = DcosClient(server);
        using (var before = await client.GetAsync("list"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await server.StopAsync();
        await server.DisposeAsync();

        using var fresh = DcosClient(server);
        await Assert.ThrowsAsync<HttpRequestException>(() => fresh.GetAsync("list"));
    }

    [Fact]
    public void Command_line_sets_every_option()
    {
        var options = EmulatorCommandLine.Parse(new[]
        {
            "--urls", "http://127.0.0.1:0;http://[::1]:0", "--state-file=/tmp/s.json",
            "--dcos-token", "a", "--dcos-token", "b", "--dcos-noperm-token", "c",
            "--dcos-backup-delay-ms", "250", "--dcos-restore-delay-ms=500", "--bare-shapes",
        });

        Assert.Equal(new[] { "http://127.0.0.1:0", "http://[::1]:0" }, options.Urls);
        Assert.Equal("/tmp/s.json", options.StateFile);
        Assert.Equal(new[] { "a", "b" }, options.Dcos.Tokens);
        Assert.Equal(new[] { "c" }, options.Dcos.NoPermissionTokens);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.Dcos.BackupDuration);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.Dcos.RestoreDuration);
        Assert.True(options.Dcos.BareShapes);
    }

    [Fact]
    public void Command_line_writes_the_CA_only_for_https()
    {
        var options = EmulatorCommandLine.Parse(new[] { "--urls", "https://127.0.0.1:0", "--ca-certificate-out", "ca.pem" });

        Assert.Equal(new[] { "https://127.0.0.1:0" }, options.Urls);
        Assert.Equal("ca.pem", options.Tls.CertificateAuthorityOut);
    }

    [Fact]
    public void Command_line_defaults_match_the_documented_ones()
    {
        var options = EmulatorCommandLine.Parse(Array.Empty<string>());

        Assert.Equal(new[] { "http://127.0.0.1:5080" }, options.Urls);
        Assert.Equal(new[] { DcosEmulatorOptions.DefaultToken }, options.Dcos.Tokens);
        Assert.Equal(new[] { DcosEmulatorOptions.DefaultNoPermissionToken }, options.Dcos.NoPermissionTokens);
        Assert.Null(options.StateFile);
        Assert.False(options.Dcos.BareShapes);
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--urls")]
    [InlineData("--dcos-backup-delay-ms", "soon")]
    [InlineData("--dcos-restore-delay-ms", "-5")]
    [InlineData("--dcos-token", "")]
    [InlineData("--ca-certificate-out", "ca.pem")]
    public void Command_line_rejects_bad_arguments(params string[] args)
    {
        Assert.Throws<FormatException>(() => EmulatorCommandLine.Parse(args));
    }

    [Fact]
    public async Task Standalone_process_prints_the_banner_and_serves_the_api()
    {
        using var process = StartProcess("--urls", "http://127.0.0.1:0");
        try
        {
            var listening = await ReadLineAsync(process);
            var dcos = await ReadLineAsync(process);

            var match = Regex.Match(listening, @"^BackupModule emulator listening on (http://127\.0\.0\.1:(\d+))$");
            Assert.True(match.Success, listening);
            Assert.NotEqual("0", match.Groups[2].Value);
            Assert.Equal($"DC/OS backup API: {match.Groups[1].Value}/system/v1/backup/v1  token: dcos-emulator-token", dcos);

            using var client = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, match.Groups[1].Value + "/system/v1/backup/v1/list");
            request.Headers.TryAddWithoutValidation("Authorization", "token=" + DcosEmulatorOptions.DefaultToken);
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task Standalone_process_hides_configured_tokens()
    {
        using var process = StartProcess("--urls", "http://127.0.0.1:0", "--dcos-token", "my-secret-token");
        try
        {
            await ReadLineAsync(process);
            var dcos = await ReadLineAsync(process);

            Assert.EndsWith("  token: (configured)", dcos);
            Assert.DoesNotContain("my-secret-token", dcos);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
        }
    }

    [Theory]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("http://*:5080")]
    public async Task Standalone_process_refuses_non_loopback_with_exit_code_2(string url)
    {
        using var process = StartProcess("--urls", url);
        using var timeout = new CancellationTokenSource(Deadline);

        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("loopback", await process.StandardError.ReadToEndAsync());
        Assert.Equal(string.Empty, await process.StandardOutput.ReadToEndAsync());
    }
}
