using System.Management.Automation;

namespace BackupModule.EngineTests;

/// <summary>
/// Named connections in the real engine: two DC/OS emulators connected as -Name a and -Name b, and Zilliz
/// Cloud on the first emulator as z (without -ClusterId, so it lists every cluster of its project). Each
/// test starts from an empty registry; every request is checked against the emulators' audit logs.
/// </summary>
public sealed class NamedConnectionTests : IAsyncLifetime
{
    // Secrets no other test uses, so finding one in a rendering can only mean this module printed it.
    private const string TokenA = "names-canary-token-a-7f3e";
    private const string TokenB = "names-canary-token-b-91c4";
    private const string ApiKeyZ = "names-canary-zilliz-key-5d20";

    private ModuleHarness _a = null!;
    private ModuleHarness _b = null!;
    private ModuleSession _session = null!;
    private string _backupOnA = "";
    private string _backupOnB = "";

    public async Task InitializeAsync()
    {
        _a = await ModuleHarness.StartAsync(options =>
        {
            options.Dcos.Tokens.Add(TokenA);
            options.Zilliz.ApiKeys.Add(ApiKeyZ);
            options.Zilliz.SeedBackups = 2;
        });
        _b = await ModuleHarness.StartAsync(options => options.Dcos.Tokens.Add(TokenB));
        _backupOnA = (await _a.CreateBackupsAsync("on-a")).Single();
        _backupOnB = (await _b.CreateBackupsAsync("on-b")).Single();
        _session = _a.OpenSession(connect: false);
        _session.Run(
            """
            # The registry is one per process: drop what earlier tests left.
            Disconnect-ClusterBackupService -Name *
            $secureA = ConvertTo-SecureString $tokenA -AsPlainText -Force
            $secureB = ConvertTo-SecureString $tokenB -AsPlainText -Force
            $secureZ = ConvertTo-SecureString $apiKeyZ -AsPlainText -Force
            $oldA = Connect-ClusterBackupService -Name a -Dcos -Uri $uriA -Token $secureA -PassThru
            Connect-ClusterBackupService -Name b -Dcos -Uri $uriB -Token $secureB
            Connect-ClusterBackupService -Name z -ZillizCloud -Uri $uriA -ApiKey $secureZ -ProjectId $projectId
            """,
            new() { ["tokenA"] = TokenA, ["tokenB"] = TokenB, ["apiKeyZ"] = ApiKeyZ, ["uriA"] = _a.Uri, ["uriB"] = _b.Uri }).AssertNoErrors("connecting a, b and z");
        _a.Emulator.Audit.Clear();
        _b.Emulator.Audit.Clear();
    }

    public async Task DisposeAsync()
    {
        _session.Run("Disconnect-ClusterBackupService -Name *");
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    private IReadOnlyList<string> Names(string script = "Get-ClusterBackupService") =>
        _session.Run(script + " | ForEach-Object Name").AssertNoErrors().Strings;

    /// <summary>The module's exception inside a binder error, read through PowerShell's adapter (this assembly does not load the module's).</summary>
    private static (string? ErrorId, string? Target) Inner(ErrorRecord error)
    {
        for (Exception? e = error.Exception; e is not null; e = e.InnerException)
        {
            if (e.GetType().FullName == "BackupModule.Errors.BackupServiceException")
            {
                var adapted = PSObject.AsPSObject(e);
                return ((string?)adapted.Properties["ErrorId"].Value, (string?)adapted.Properties["Target"].Value);
            }
        }

        return (null, null);
    }

    [Theory]
    [InlineData(80)]
    [InlineData(120)]
    public void The_connection_table_fits_with_whole_headers_and_a_row_per_connection(int width)
    {
        // A Zilliz connection with a cluster: the longest Target the view makes.
        _session.Run(
            "Connect-ClusterBackupService -Name zc -ZillizCloud -Uri $uriA -ApiKey (ConvertTo-SecureString $apiKeyZ -AsPlainText -Force) -ClusterId in01-emulator",
            new() { ["uriA"] = _a.Uri, ["apiKeyZ"] = ApiKeyZ }).AssertNoErrors();
        var text = string.Concat(_session.Run("Get-ClusterBackupService | Format-Table | Out-String -Width $width", new() { ["width"] = width }).AssertNoErrors().Strings);
        var lines = text.Replace("\r", "").Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToArray();

        Assert.Equal(new[] { "Name", "Default", "Backend", "Authentication", "Target" }, System.Text.RegularExpressions.Regex.Split(lines[0].Trim(), " +"));
        Assert.Equal(System.Text.RegularExpressions.Regex.Replace(lines[0].Trim(), "[^ ]", "-"), lines[1].Trim());
        Assert.All(lines, l => Assert.True(l.Length <= width, $"wider than {width}: '{l}'"));
        Assert.Equal(new[] { "a", "b", "z", "zc" }, lines.Skip(2).Select(l => l.Split(' ')[0]));
        Assert.Contains(lines, l => l.StartsWith("a ", StringComparison.Ordinal) && l.Contains("Token", StringComparison.Ordinal) && l.Contains(_a.Uri, StringComparison.Ordinal));
        if (width >= 120)
        {
            Assert.Contains(lines, l => l.StartsWith("zc ", StringComparison.Ordinal) && l.EndsWith(" in01-emulator", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Get_ClusterBackupService_lists_every_connection_by_name_and_none_shows_a_secret()
    {
        var result = _session.Run("Get-ClusterBackupService").AssertNoErrors();

        Assert.Equal(new[] { "a", "b", "z" }, result.Property("Name"));
        Assert.Equal(new object?[] { "DcosBackup", "DcosBackup", "ZillizCloud" }, result.Property("Backend").Select(b => b?.ToString()));
        Assert.Equal(new object?[] { false, false, true }, result.Property("IsDefault"));
        Assert.Equal(ModuleHarness.ZillizProjectId, result.Output[2].Properties["ProjectId"].Value);
        Assert.Null(result.Output[2].Properties["ClusterId"].Value);
        Assert.Equal(new Uri(_b.Uri + "/"), result.Output[1].Properties["Uri"].Value);
        Assert.Equal(new[] { "z" }, Names("Get-ClusterBackupService -Default"));

        // Every property, every rendering: the names are there (the check can see), the secrets are not.
        var texts = _session.Run(
            """
            $all = Get-ClusterBackupService
            $all | Format-Table | Out-String -Width 300
            $all | Format-List * -Force | Out-String -Width 300
            foreach ($c in $all) {
                $c.ToString()
                $c | ConvertTo-Json -Depth 4 -WarningAction SilentlyContinue
                [System.Management.Automation.PSSerializer]::Serialize($c, 4)
                foreach ($p in $c.PSObject.Properties) { "$($p.Name)=$($p.Value)" }
            }
            """).AssertNoErrors().Strings;
        var text = string.Join("\n", texts);
        Assert.Contains("names-canary", TokenA + TokenB + ApiKeyZ);
        foreach (var name in new[] { "Name=a", "Name=b", "Name=z", _a.Uri, _b.Uri })
        {
            Assert.Contains(name, text);
        }

        foreach (var secret in new[] { TokenA, TokenB, ApiKeyZ })
        {
            Assert.DoesNotContain(secret, text);
        }

        Assert.Empty(_a.Emulator.Audit.Entries);
        Assert.Empty(_b.Emulator.Audit.Entries);
    }

    [Fact]
    public void A_name_on_Connection_reaches_that_cluster_and_only_it()
    {
        var listed = _session.Run("Get-ClusterBackup -Connection b").AssertNoErrors();

        Assert.Equal(new[] { _backupOnB }, listed.Property("Id"));
        Assert.NotEmpty(_b.Calls("GET", "list"));
        Assert.Empty(_a.Emulator.Audit.Entries);

        // Case-insensitive.
        _b.Emulator.Audit.Clear();
        var made = _session.Run("New-ClusterBackup -Connection A -Label by-name; Get-ClusterBackup -Connection a -Label by-name").AssertNoErrors();
        Assert.Single(_a.Calls("POST", "create"));
        Assert.Equal("by-name", made.Property("Label").Last());
        Assert.Empty(_b.Emulator.Audit.Entries);
    }

    [Fact]
    public void Two_names_for_Connection_are_refused_with_the_way_to_use_several()
    {
        var result = _session.Run("Get-ClusterBackup -Connection a, b");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("ParameterArgumentTransformationError", error.FullyQualifiedErrorId);
        Assert.Contains("takes one connection, not 2", error.Exception.Message, StringComparison.Ordinal);
        Assert.Contains("Get-ClusterBackupService -Name", error.Exception.Message, StringComparison.Ordinal);
        Assert.Empty(_a.Emulator.Audit.Entries);
        Assert.Empty(_b.Emulator.Audit.Entries);

        // One name in an array is that name.
        Assert.Equal(new[] { _backupOnB }, _session.Run("Get-ClusterBackup -Connection @('b')").AssertNoErrors().Property("Id"));
    }

    [Fact]
    public void A_piped_string_is_never_taken_for_a_connection_name()
    {
        // A list of backup ids piped by mistake must fail as unbindable input, not as "no connection named <id>",
        // and a string that happens to be a connection's name is no connection either.
        var byId = _session.Run("$id | Remove-ClusterBackup -Confirm:$false", new() { ["id"] = _backupOnA });
        var byName = _session.Run("'a' | Get-ClusterBackup");

        foreach (var result in new[] { byId, byName })
        {
            var error = Assert.Single(result.Errors);
            Assert.StartsWith("InputObjectNotBound", error.FullyQualifiedErrorId);
            Assert.Equal((null, null), Inner(error));
            Assert.Empty(result.Output);
        }

        Assert.Empty(_a.Emulator.Audit.Entries);
        Assert.Empty(_b.Emulator.Audit.Entries);
    }

    [Fact]
    public void A_piped_Zilliz_connection_without_a_cluster_is_not_refused_by_ClusterId_validation()
    {
        // z has no -ClusterId: piped, its null ClusterId binds by property name and must mean "the connection's own".
        foreach (var command in new[] { "New-ClusterBackup -WhatIf", "Get-ClusterBackupPolicy", "Set-ClusterBackupPolicy -Disable -WhatIf" })
        {
            var result = _session.Run("Get-ClusterBackupService -Name z | " + command);

            Assert.All(result.Errors, e => Assert.DoesNotContain("ParameterArgumentValidationError", e.FullyQualifiedErrorId, StringComparison.Ordinal));
            Assert.All(result.Errors, e => Assert.Contains("cluster", e.Exception.Message, StringComparison.OrdinalIgnoreCase));
        }

        Assert.DoesNotContain(_a.Emulator.Audit.Entries, e => e.Method != "GET");
    }

    [Fact]
    public void An_unknown_name_fails_with_ConnectionNotFound_and_sends_nothing()
    {
        var bound = _session.Run("Get-ClusterBackup -Connection nope");

        var error = Assert.Single(bound.Errors);
        Assert.StartsWith("ParameterArgumentTransformationError", error.FullyQualifiedErrorId);
        Assert.Equal(("ConnectionNotFound", "nope"), Inner(error));
        Assert.Contains("Get-ClusterBackupService", error.Exception.Message);
        Assert.Empty(bound.Output);

        var listed = _session.Run("Get-ClusterBackupService -Name nope, B, zz*");

        Assert.Equal(new[] { "b" }, listed.Property("Name"));
        var notFound = Assert.Single(listed.Errors);
        Assert.Equal("ConnectionNotFound,BackupModule.Commands.GetClusterBackupServiceCommand", notFound.FullyQualifiedErrorId);
        Assert.Equal("nope", notFound.TargetObject);
        Assert.Equal(ErrorCategory.ObjectNotFound, notFound.CategoryInfo.Category);

        Assert.Empty(_a.Emulator.Audit.Entries);
        Assert.Empty(_b.Emulator.Audit.Entries);
    }

    [Fact]
    public void Piping_the_connections_lists_every_clusters_backups_each_with_its_connection()
    {
        var result = _session.Run(
            """
            Get-ClusterBackupService | Get-ClusterBackup | ForEach-Object { [pscustomobject]@{ Id = $_.Id; Via = $_.Connection.Name; Backend = [string]$_.Backend } }
            """).AssertNoErrors();
        var rows = result.Output.Select(o => (Id: (string)o.Properties["Id"].Value, Via: (string)o.Properties["Via"].Value, Backend: (string)o.Properties["Backend"].Value)).ToArray();

        Assert.Contains((_backupOnA, "a", "DcosBackup"), rows);
        Assert.Contains((_backupOnB, "b", "DcosBackup"), rows);
        var fromZ = rows.Where(r => r.Via == "z").ToArray();
        Assert.Equal(2, fromZ.Length);
        Assert.All(fromZ, r => Assert.Equal("ZillizCloud", r.Backend));
        Assert.Equal(4, rows.Length);

        // z has no -ClusterId: it lists what Get-ClusterBackup -Connection z lists, the whole project unscoped.
        var direct = _session.Run("Get-ClusterBackup -Connection z | ForEach-Object Id").AssertNoErrors().Strings;
        Assert.Equal(direct.Order(), fromZ.Select(r => r.Id).Order());
        var zillizLists = _a.ZillizCalls("GET", "/v2/backups");
        Assert.NotEmpty(zillizLists);
        Assert.All(zillizLists, call => Assert.DoesNotContain("clusterId", call.Query, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Piped_backups_are_removed_on_the_cluster_they_came_from()
    {
        _session.Run("Get-ClusterBackupService a, b | Get-ClusterBackup | Remove-ClusterBackup -Confirm:$false").AssertNoErrors();

        var onA = Assert.Single(_a.Calls("DELETE", "delete"));
        var onB = Assert.Single(_b.Calls("DELETE", "delete"));
        Assert.Contains(_backupOnA, onA.Query + onA.RequestBody);
        Assert.Contains(_backupOnB, onB.Query + onB.RequestBody);
        Assert.Empty(_session.Run("Get-ClusterBackup -Connection a; Get-ClusterBackup -Connection b").AssertNoErrors().Output);
    }

    [Fact]
    public void Disconnect_by_name_removes_the_entry_and_a_removed_default_is_not_replaced()
    {
        _session.Run("Disconnect-ClusterBackupService -Name a").AssertNoErrors();
        Assert.Equal(new[] { "b", "z" }, Names());
        Assert.Equal(new[] { "z" }, Names("Get-ClusterBackupService -Default"));

        // The object read through a still works: it is forgotten, not disposed.
        _session.Run("$oldA | Get-ClusterBackup").AssertNoErrors();
        Assert.NotEmpty(_a.Calls("GET", "list"));

        // The default, by another case: no connection left is promoted.
        _session.Run("Disconnect-ClusterBackupService -Name Z").AssertNoErrors();
        Assert.Equal(new[] { "b" }, Names());
        Assert.Empty(Names("Get-ClusterBackupService -Default"));
        Assert.Equal(new object?[] { false }, _session.Run("Get-ClusterBackupService").Property("IsDefault"));

        var unknown = _session.Run("Disconnect-ClusterBackupService -Name nope");
        var error = Assert.Single(unknown.Errors);
        Assert.Equal("ConnectionNotFound,BackupModule.Commands.DisconnectClusterBackupServiceCommand", error.FullyQualifiedErrorId);
        Assert.Equal("nope", error.TargetObject);
        Assert.Equal(new[] { "b" }, Names());
    }

    [Fact]
    public void Disconnect_without_a_name_forgets_the_default_and_takes_it_out_of_the_list()
    {
        _session.Run("Disconnect-ClusterBackupService").AssertNoErrors();

        Assert.Equal(new[] { "a", "b" }, Names());
        Assert.Empty(Names("Get-ClusterBackupService -Default"));

        // Piped from Get-ClusterBackupService, -Name binds by property name.
        _session.Run("Get-ClusterBackupService b | Disconnect-ClusterBackupService").AssertNoErrors();
        Assert.Equal(new[] { "a" }, Names());
    }

    [Fact]
    public void Connecting_again_with_a_name_replaces_the_entry_and_the_old_object_still_works()
    {
        _session.Run("Connect-ClusterBackupService -Name A -Dcos -Uri $uriB -Token $secureB", new() { ["uriB"] = _b.Uri }).AssertNoErrors();

        Assert.Equal(new[] { "A", "b", "z" }, Names());
        _session.Run("Get-ClusterBackup -Connection a").AssertNoErrors();
        Assert.NotEmpty(_b.Calls("GET", "list"));
        Assert.Empty(_a.Emulator.Audit.Entries);

        _session.Run("Get-ClusterBackup -Connection $oldA").AssertNoErrors();
        Assert.NotEmpty(_a.Calls("GET", "list"));
    }

    [Fact]
    public void Without_a_name_the_connection_gets_a_derived_name_that_a_reconnect_reuses()
    {
        var port = new Uri(_a.Uri).Port;
        var connect = "Connect-ClusterBackupService -Dcos -Uri $uriA -Token $secureA; Connect-ClusterBackupService -ZillizCloud -Uri $uriA -ApiKey $secureZ -ClusterId $clusterId";
        var vars = new Dictionary<string, object?> { ["uriA"] = _a.Uri };

        _session.Run(connect, vars).AssertNoErrors();
        _session.Run(connect, vars).AssertNoErrors();

        var dcos = $"dcos-127.0.0.1:{port}";
        var zilliz = $"zilliz-{ModuleHarness.ZillizClusterId}";
        Assert.Equal(new[] { "a", "b", dcos, "z", zilliz }, Names());
        Assert.Equal(new[] { zilliz }, Names("Get-ClusterBackupService -Default"));
        _session.Run("Get-ClusterBackup -Connection $name", new() { ["name"] = dcos }).AssertNoErrors();
    }

    [Fact]
    public void Tab_completes_connection_names_and_a_named_connection_feeds_the_other_completers()
    {
        var all = _session.Complete("Get-ClusterBackup -Connection ");
        all.Result.AssertNoErrors();
        Assert.Equal(new[] { "a", "b", "z" }, all.Texts);
        Assert.Contains(all.ToolTips, t => t.Contains(_b.Uri, StringComparison.Ordinal));
        Assert.Contains(all.ToolTips, t => t.Contains("(the default)", StringComparison.Ordinal));

        Assert.Equal(new[] { "b" }, _session.Complete("Remove-ClusterBackup -Connection B").Texts);
        Assert.Equal(new[] { "a", "b", "z" }, _session.Complete("Get-ClusterBackupService -Name ").Texts);
        Assert.Equal(new[] { "z" }, _session.Complete("Disconnect-ClusterBackupService -Name z").Texts);

        // -Id completes from the cluster -Connection names, not from the default (z).
        Assert.Equal(new[] { _backupOnB }, _session.Complete("Get-ClusterBackup -Connection b -Id ").Texts);
        Assert.Equal(new[] { _backupOnA }, _session.Complete("Remove-ClusterBackup -Connection a -Id ").Texts);
    }
}
