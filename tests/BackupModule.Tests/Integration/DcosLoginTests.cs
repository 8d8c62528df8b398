using System.Net.Http.Json;
using System.Security;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using BackupModule.Dcos;
using BackupModule.Emulator;
using BackupModule.Errors;
using BackupModule.Model;
using BackupModule.Operations;
using BackupModule.Security;

namespace BackupModule.Tests.Integration;

/// <summary>
/// DC/OS logins over loopback HTTP against the emulated IAM: by password and by service account (an RS256 login
/// token the emulator verifies with the account's public key), a refused login at connect, renewal after the
/// issued token expires (one login per 401 episode, shared by concurrent requests), a plain token that cannot be
/// renewed, and no secret in the verbose or debug text.
/// </summary>
public sealed class DcosLoginTests : IAsyncLifetime
{
    private const string ServiceAccountId = "backup-svc";

    /// <summary>Every RS256 JWT this module writes starts with this (base64url of {"alg":"RS256","typ":"JWT"}).</summary>
    private const string JwtHeaderCanary = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9";

    /// <summary>Every token the emulated IAM issues starts with this.</summary>
    private const string IssuedTokenCanary = "dcos-emulator-issued-";

    private static readonly string PasswordCanary = "pw-canary-" + Guid.NewGuid().ToString("N");

    private readonly RSA _serviceKey = RSA.Create(2048);
    private DcosTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _cluster = await DcosTestCluster.StartAsync(configure: options =>
        {
            options.Dcos.Users["backup-user"] = PasswordCanary;
            options.Dcos.ServiceAccounts[ServiceAccountId] = _serviceKey.ExportSubjectPublicKeyInfoPem();
        });
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _serviceKey.Dispose();
    }

    [Fact]
    public async Task A_password_login_happens_at_connect_and_its_token_reaches_the_backup_API()
    {
        var host = new RecordingHost();
        var operations = new ClusterBackupOperations(host, default);

        var connection = await operations.ConnectAsync(() => _cluster.Connect(DcosLogin.WithPassword(DcosEmulatorOptions.DefaultUser, Secure(DcosEmulatorOptions.DefaultPassword))), setDefault: false);

        var entries = _cluster.Server.Audit.Entries;
        Assert.Equal(new[] { ("POST", DcosTestCluster.DcosLoginPath, 200), ("GET", "/system/v1/backup/v1/list", 200) }, entries.Select(e => (e.Method, e.Path, e.StatusCode)));
        Assert.Equal("valid", entries[1].Credential);

        // The audit keeps the login without the password.
        Assert.Contains("\"uid\":\"bootstrapuser\"", entries[0].RequestBody);
        Assert.DoesNotContain(DcosEmulatorOptions.DefaultPassword, entries[0].RequestBody);
        Assert.Contains(host.Verbose, line => line.Contains("POST /acs/api/v1/auth/login", StringComparison.Ordinal));
        Assert.Equal(BackendKind.DcosBackup, connection.Backend);
        connection.Dispose();
    }

    [Theory]
    [InlineData("pkcs1")]
    [InlineData("pkcs8")]
    public async Task A_service_account_logs_in_with_a_login_token_signed_by_its_private_key(string form)
    {
        var pem = form == "pkcs1" ? _serviceKey.ExportRSAPrivateKeyPem() : _serviceKey.ExportPkcs8PrivateKeyPem();
        Assert.Contains(form == "pkcs1" ? "BEGIN RSA PRIVATE KEY" : "BEGIN PRIVATE KEY", pem);
        var operations = new ClusterBackupOperations(new RecordingHost(), default);

        using var connection = await operations.ConnectAsync(() => _cluster.Connect(DcosLogin.WithServiceAccount(ServiceAccountId, RsaPrivateKeyPem.Import(pem, "key.pem"))), setDefault: false);

        var login = Assert.Single(_cluster.Logins);
        Assert.Equal(200, login.StatusCode);
        Assert.Contains("\"uid\":\"backup-svc\"", login.RequestBody);
        Assert.Contains("\"token\":\"***\"", login.RequestBody);
        Assert.Equal(200, _cluster.Calls("GET", "list").Single().StatusCode);
    }

    [Fact]
    public async Task A_service_account_with_another_key_is_refused_with_AuthenticationFailed()
    {
        using var otherKey = RSA.Create(2048);
        var operations = new ClusterBackupOperations(new RecordingHost(), default);

        var refused = await Assert.ThrowsAsync<BackupServiceException>(() =>
            operations.ConnectAsync(() => _cluster.Connect(DcosLogin.WithServiceAccount(ServiceAccountId, RsaPrivateKeyPem.Import(otherKey.ExportRSAPrivateKeyPem(), "other.pem"))), setDefault: false));

        Assert.Equal(BackupErrorId.AuthenticationFailed, refused.ErrorId);
        Assert.Empty(_cluster.Calls("GET", "list"));
    }

    [Fact]
    public async Task A_wrong_password_fails_the_connect_with_AuthenticationFailed_about_the_master()
    {
        var operations = new ClusterBackupOperations(new RecordingHost(), default);

        var refused = await Assert.ThrowsAsync<BackupServiceException>(() =>
            operations.ConnectAsync(() => _cluster.Connect(DcosLogin.WithPassword(DcosEmulatorOptions.DefaultUser, Secure("not-the-password"))), setDefault: false));

        Assert.Equal(BackupErrorId.AuthenticationFailed, refused.ErrorId);
        Assert.Equal(BackupErrorKind.Authentication, refused.Kind);
        Assert.Equal(_cluster.MasterUri.AbsoluteUri, refused.Target);
        Assert.Contains("bootstrapuser", refused.Message);
        Assert.Contains("ERR_INVALID_CREDENTIALS", refused.Message);
        Assert.DoesNotContain("not-the-password", refused.ToString());
        Assert.Equal(401, Assert.Single(_cluster.Logins).StatusCode);
        Assert.Empty(_cluster.Calls("GET", "list"));
    }

    [Fact]
    public async Task An_expired_token_is_renewed_by_exactly_one_login_per_401_episode()
    {
        var host = new RecordingHost();
        var operations = new ClusterBackupOperations(host, default);
        using var connection = await operations.ConnectAsync(() => _cluster.Connect(DcosLogin.WithPassword("backup-user", Secure(PasswordCanary))), setDefault: false);

        for (var episode = 1; episode <= 2; episode++)
        {
            _cluster.Server.Audit.Clear();
            _cluster.Server.Dcos.ExpireIssuedTokens();

            await operations.GetBackupsAsync(connection, BackupQuery.All, null, null);

            Assert.Empty(host.Errors);
            Assert.Equal(
                new[] { ("GET", "/system/v1/backup/v1/list", 401), ("POST", DcosTestCluster.DcosLoginPath, 200), ("GET", "/system/v1/backup/v1/list", 200) },
                _cluster.Server.Audit.Entries.Select(e => (e.Method, e.Path, e.StatusCode)));
        }

        // A token that still works is not renewed.
        _cluster.Server.Audit.Clear();
        await operations.GetBackupsAsync(connection, BackupQuery.All, null, null);
        Assert.Empty(_cluster.Logins);
    }

    [Fact]
    public async Task Requests_refused_together_share_one_login()
    {
        var operations = new ClusterBackupOperations(new RecordingHost(), default);
        using var connection = await operations.ConnectAsync(() => _cluster.Connect(DcosLogin.WithPassword("backup-user", Secure(PasswordCanary))), setDefault: false);
        _cluster.Server.Audit.Clear();
        _cluster.Server.Dcos.ExpireIssuedTokens();

        // The login takes a while, so every request is refused before the new token exists.
        _cluster.Server.Faults.Add(new FaultRule { Method = "POST", PathPrefix = DcosTestCluster.DcosLoginPath, Delay = TimeSpan.FromMilliseconds(500) });
        var hosts = Enumerable.Range(0, 6).Select(_ => new RecordingHost()).ToArray();
        await Task.WhenAll(hosts.Select(h => new ClusterBackupOperations(h, default).GetBackupsAsync(connection, BackupQuery.All, null, null)));

        Assert.All(hosts, h => Assert.Empty(h.Errors));
        Assert.Single(_cluster.Logins);
        var lists = _cluster.Calls("GET", "list");
        Assert.True(lists.Count(e => e.StatusCode == 401) >= 2, "the requests were not refused together: " + string.Join(", ", lists.Select(e => e.StatusCode)));
        Assert.Equal(hosts.Length, lists.Count(e => e.StatusCode == 200));
    }

    [Fact]
    public async Task A_plain_token_that_expires_fails_with_Unauthorized_saying_it_cannot_be_renewed()
    {
        // A token the IAM issued, given to the module as a plain token (as -Token does).
        using var client = new HttpClient { BaseAddress = _cluster.MasterUri };
        using var answer = await client.PostAsJsonAsync(DcosTestCluster.DcosLoginPath.TrimStart('/'), new { uid = "backup-user", password = PasswordCanary });
        var issued = (string)JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["token"]!;
        var connection = _cluster.Connect(issued);
        var host = new RecordingHost();
        var operations = new ClusterBackupOperations(host, default);
        await operations.GetBackupsAsync(connection, BackupQuery.All, null, null);
        Assert.Empty(host.Errors);
        _cluster.Server.Audit.Clear();

        _cluster.Server.Dcos.ExpireIssuedTokens();
        await operations.GetBackupsAsync(connection, BackupQuery.All, null, null);

        var error = host.SingleError();
        Assert.Equal(BackupErrorId.Unauthorized, error.ErrorId);
        Assert.Contains("cannot be renewed", error.Message);
        Assert.Contains("-Credential", error.RecommendedAction);
        Assert.Contains("-ServiceAccount", error.RecommendedAction);
        Assert.Empty(_cluster.Logins);
        Assert.Equal(401, Assert.Single(_cluster.Server.Audit.Entries).StatusCode);
        Assert.DoesNotContain(issued, string.Join("\n", host.AllText));
    }

    [Fact]
    public async Task No_password_private_key_login_token_or_issued_token_shows_in_verbose_debug_or_errors()
    {
        var host = new RecordingHost();
        var operations = new ClusterBackupOperations(host, default);
        using var byPassword = await operations.ConnectAsync(() => _cluster.Connect(DcosLogin.WithPassword("backup-user", Secure(PasswordCanary))), setDefault: false);
        var privateKeyPem = _serviceKey.ExportPkcs8PrivateKeyPem();
        using var byKey = await operations.ConnectAsync(() => _cluster.Connect(DcosLogin.WithServiceAccount(ServiceAccountId, RsaPrivateKeyPem.Import(privateKeyPem, "key.pem"))), setDefault: false);
        foreach (var connection in new[] { byPassword, byKey })
        {
            _cluster.Server.Dcos.ExpireIssuedTokens();
            await operations.GetBackupsAsync(connection, BackupQuery.All, null, null);
        }

        // A login the IAM refuses, and one whose answer echoes the body back.
        await Assert.ThrowsAsync<BackupServiceException>(() => operations.ConnectAsync(() => _cluster.Connect(DcosLogin.WithPassword("backup-user", Secure(PasswordCanary + "x"))), setDefault: false));
        _cluster.Server.Faults.Add(new FaultRule { Method = "POST", PathPrefix = DcosTestCluster.DcosLoginPath, StatusCode = 500, Message = "login failed for password " + PasswordCanary });
        var echoed = await Assert.ThrowsAsync<BackupServiceException>(() => operations.ConnectAsync(() => _cluster.Connect(DcosLogin.WithPassword("backup-user", Secure(PasswordCanary))), setDefault: false));

        Assert.Empty(host.Errors);
        Assert.Equal(6, _cluster.Logins.Count);
        Assert.Contains(host.Debug, dump => dump.Contains("/acs/api/v1/auth/login", StringComparison.Ordinal) && dump.Contains("\"password\":\"***\"", StringComparison.Ordinal));
        Assert.Contains(host.Debug, dump => dump.Contains("/acs/api/v1/auth/login", StringComparison.Ordinal) && dump.Contains("\"token\":\"***\"", StringComparison.Ordinal));
        var keyBody = string.Concat(privateKeyPem.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal))).Trim();
        var everything = host.AllText.Concat(new[] { echoed.ToString(), string.Join("\n", echoed.ServiceMessages) }).ToArray();
        foreach (var canary in new[] { PasswordCanary, JwtHeaderCanary, IssuedTokenCanary, keyBody.Substring(0, 64), keyBody.Substring(keyBody.Length - 64) })
        {
            Assert.All(everything, text => Assert.DoesNotContain(canary, text));
        }
    }

    private static SecureString Secure(string text)
    {
        var secure = new SecureString();
        foreach (var c in text)
        {
            secure.AppendChar(c);
        }

        secure.MakeReadOnly();
        return secure;
    }
}
