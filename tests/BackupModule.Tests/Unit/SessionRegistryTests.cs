using BackupModule.Dcos;
using BackupModule.Errors;
using BackupModule.Model;
using BackupModule.Operations;
using BackupModule.ZillizCloud;

namespace BackupModule.Tests.Unit;

/// <summary>The classes that touch the process-wide registry and default run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SessionConnectionsCollection
{
    public const string Name = "SessionConnections";
}

/// <summary>
/// The session registry of named connections: derived names, case-insensitive lookup, replacement, removal and
/// the default, names it refuses, and concurrent use. Nothing here sends a request (the hosts do not exist), and
/// every name carries this run's prefix so entries other classes leave do not matter.
/// </summary>
[Collection(SessionConnectionsCollection.Name)]
public sealed class SessionRegistryTests : IDisposable
{
    private readonly string _prefix = "reg" + Guid.NewGuid().ToString("N").Substring(0, 8);
    private readonly List<BackupConnection> _made = new();

    public void Dispose()
    {
        SessionConnections.Remove(SessionConnections.List(new LabelPattern(_prefix + "*")));
        SessionConnections.Remove(_made);
        foreach (var connection in _made)
        {
            connection.Dispose();
        }
    }

    private BackupConnection Dcos(string host = "master", string scheme = "https")
    {
        var connection = DcosConnection.Create(new DcosConnectionSettings(new Uri($"{scheme}://{_prefix}-{host}.example/"), "not-a-real-token"));
        _made.Add(connection);
        return connection;
    }

    private BackupConnection Zilliz(string? clusterId, string? projectId = null)
    {
        var connection = ZillizConnection.Create(new ZillizConnectionSettings("not-a-real-key", new Uri($"https://{_prefix}-api.example/")) { ClusterId = clusterId, ProjectId = projectId });
        _made.Add(connection);
        return connection;
    }

    private string Named(string name) => _prefix + "-" + name;

    [Fact]
    public void Without_a_name_DC_OS_is_named_by_host_and_port_and_Zilliz_by_cluster_else_project_else_host()
    {
        Assert.Equal($"dcos-{_prefix}-master.example", Dcos().Name);
        Assert.Equal($"dcos-{_prefix}-master.example:8443", DcosConnection.Create(new DcosConnectionSettings(new Uri($"https://{_prefix}-master.example:8443"), "t")).Name);
        Assert.Equal($"zilliz-in01-{_prefix}", Zilliz($"in01-{_prefix}", "proj-1").Name);
        Assert.Equal($"zilliz-proj-{_prefix}", Zilliz(null, $"proj-{_prefix}").Name);
        Assert.Equal($"zilliz-{_prefix}-api.example", Zilliz(null).Name);
    }

    [Fact]
    public void A_name_is_found_whatever_its_case_and_an_unknown_one_is_ConnectionNotFound()
    {
        var prod = Dcos();
        SessionConnections.Register(prod, Named("Prod"));

        Assert.Same(prod, SessionConnections.Find(Named("PROD")));
        Assert.Same(prod, SessionConnections.Get(Named("prod")));
        Assert.Equal(Named("Prod"), prod.Name);
        Assert.Null(SessionConnections.Find(Named("test")));

        var error = Assert.Throws<BackupServiceException>(() => SessionConnections.Get(Named("test")));
        Assert.Equal(BackupErrorId.ConnectionNotFound, error.ErrorId);
        Assert.Equal(BackupErrorKind.NotFound, error.Kind);
        Assert.Equal(Named("test"), error.Target);
        Assert.Contains("Get-ClusterBackupService", error.Message);
    }

    [Fact]
    public void Registering_a_taken_name_replaces_the_entry_and_returns_the_old_connection()
    {
        var first = Dcos("one");
        var second = Dcos("two");
        Assert.Null(SessionConnections.Register(first, Named("prod")));

        var replaced = SessionConnections.Register(second, Named("PROD"));

        Assert.Same(first, replaced);
        Assert.Same(second, SessionConnections.Find(Named("prod")));
        Assert.Equal(new[] { second }, SessionConnections.List(new LabelPattern(Named("*"))));
        // The old object keeps its name and is not disposed: backups read through it still carry it.
        Assert.Equal(Named("prod"), first.Name);
    }

    [Fact]
    public void Connecting_to_the_same_target_without_a_name_replaces_its_entry()
    {
        SessionConnections.Register(Dcos());
        SessionConnections.Register(Dcos());
        SessionConnections.Register(Zilliz($"in01-{_prefix}-a"));
        SessionConnections.Register(Zilliz($"in01-{_prefix}-b"));

        Assert.Equal(
            new[] { $"dcos-{_prefix}-master.example" },
            SessionConnections.List(new LabelPattern($"dcos-{_prefix}*")).Select(c => c.Name));
        Assert.Equal(2, SessionConnections.List(new LabelPattern($"zilliz-in01-{_prefix}*")).Count);
    }

    [Fact]
    public void Registering_a_connection_again_under_another_name_moves_it()
    {
        var connection = Dcos();
        SessionConnections.Register(connection, Named("old"));

        SessionConnections.Register(connection, Named("new"));

        Assert.Null(SessionConnections.Find(Named("old")));
        Assert.Same(connection, SessionConnections.Find(Named("new")));
    }

    [Fact]
    public void Removing_the_default_promotes_no_other_connection()
    {
        var keep = Dcos("keep");
        var current = Dcos("current");
        SessionConnections.Register(keep, Named("keep"), makeDefault: true);
        SessionConnections.Register(current, Named("current"), makeDefault: true);
        Assert.True(current.IsDefault);
        Assert.False(keep.IsDefault);

        SessionConnections.Remove(new[] { current });

        Assert.Null(SessionConnections.Default);
        Assert.Null(SessionConnections.Find(Named("current")));
        Assert.Same(keep, SessionConnections.Find(Named("keep")));

        SessionConnections.SetDefault(keep);
        Assert.Same(keep, SessionConnections.RemoveDefault());
        Assert.Null(SessionConnections.Default);
        Assert.Null(SessionConnections.Find(Named("keep")));
        Assert.Null(SessionConnections.RemoveDefault());
    }

    [Fact]
    public void Replacing_the_default_under_its_name_keeps_that_name_the_default()
    {
        var first = Dcos("one");
        var second = Dcos("two");
        SessionConnections.Register(first, Named("prod"), makeDefault: true);

        SessionConnections.Register(second, Named("prod"));

        Assert.Same(second, SessionConnections.Default);
        SessionConnections.SetDefault(null);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(" prod")]
    [InlineData("prod ")]
    [InlineData("prod*")]
    [InlineData("pr?d")]
    [InlineData("[p]rod")]
    [InlineData("p`rod")]
    public void Names_that_are_blank_padded_or_hold_wildcards_are_refused(string name)
    {
        var error = Assert.Throws<BackupServiceException>(() => SessionConnections.Register(Dcos(), name));

        Assert.Equal(BackupErrorId.InvalidArgument, error.ErrorId);
        Assert.DoesNotContain(SessionConnections.List(), c => c.Name == name);
    }

    [Fact]
    public void Select_reports_an_unknown_literal_name_but_not_an_empty_pattern_and_lists_each_match_once()
    {
        SessionConnections.Register(Dcos("a"), Named("a1"));
        SessionConnections.Register(Dcos("b"), Named("a2"));
        var missing = new List<BackupServiceException>();

        var chosen = SessionConnections.Select(new[] { Named("a*"), Named("A1"), Named("zz*"), Named("nope") }, missing.Add);

        Assert.Equal(new[] { Named("a1"), Named("a2") }, chosen.Select(c => c.Name));
        var error = Assert.Single(missing);
        Assert.Equal(BackupErrorId.ConnectionNotFound, error.ErrorId);
        Assert.Equal(Named("nope"), error.Target);
    }

    [Fact]
    public async Task Concurrent_registering_finding_listing_and_removing_keeps_the_registry_consistent()
    {
        const int Workers = 8;
        const int Rounds = 150;
        var connections = Enumerable.Range(0, Workers).Select(i => Dcos("w" + i)).ToArray();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var work = Enumerable.Range(0, Workers).Select(worker => Task.Run(() =>
        {
            for (var round = 0; round < Rounds && !deadline.IsCancellationRequested; round++)
            {
                // Two workers share each name, in different cases, so replacements race too.
                var name = Named("shared" + (worker % 4)).ToUpperInvariant();
                SessionConnections.Register(connections[worker], worker % 2 == 0 ? name : name.ToLowerInvariant());
                // A snapshot is taken under the lock: its names are unique at any moment.
                var snapshot = SessionConnections.List(new LabelPattern(Named("*")));
                Assert.Equal(snapshot.Count, snapshot.Select(c => c.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
                SessionConnections.Find(name.ToLowerInvariant());
                if (round % 10 == 9)
                {
                    SessionConnections.Remove(new[] { connections[worker] });
                }
            }
        }, deadline.Token)).ToArray();
        await Task.WhenAll(work).WaitAsync(deadline.Token);

        // Finally every name is held by one connection whose Name is that name, and names are unique.
        var listed = SessionConnections.List(new LabelPattern(Named("*")));
        Assert.Equal(listed.Count, listed.Select(c => c.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(listed, c => Assert.Same(c, SessionConnections.Find(c.Name)));
        Assert.InRange(listed.Count, 0, 4);

        // And after the race, each name registers and resolves deterministically.
        foreach (var worker in Enumerable.Range(0, 4))
        {
            SessionConnections.Register(connections[worker], Named("shared" + worker));
        }

        Assert.Equal(4, SessionConnections.List(new LabelPattern(Named("shared*"))).Count);
    }
}
