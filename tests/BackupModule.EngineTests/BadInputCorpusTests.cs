using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using BackupModule.Emulator;

namespace BackupModule.EngineTests;

/// <summary>
/// Data/bad-inputs.json: each case is a real cmdlet call in a runspace against the in-process emulator.
/// "reject": the call fails with the case's FullyQualifiedErrorId and a short, printable message, and sends
/// nothing (or, with "readOnly", nothing that changes state). "accept": the call reaches the service and
/// ends without an error (or with the case's "serviceErrorId", an answer of the service, not a local check).
/// In the scripts, $v is the case's value ("value" repeated "repeat" times), besides the session's variables.
/// </summary>
public sealed class BadInputCorpusTests : IClassFixture<BadInputCorpusTests.Fixture>
{
    private static readonly Lazy<IReadOnlyDictionary<string, Case>> Cases = new(Load);

    private readonly Fixture _fixture;

    public BadInputCorpusTests(Fixture fixture)
    {
        _fixture = fixture;
    }

    public static IEnumerable<object[]> CaseNames => Cases.Value.Keys.Select(name => new object[] { name });

    [Fact]
    public void The_corpus_holds_at_least_200_cases_of_both_outcomes()
    {
        Assert.True(Cases.Value.Count >= 200, $"{Cases.Value.Count} cases");
        Assert.Contains(Cases.Value.Values, c => c.Expect == "accept");
        Assert.Contains(Cases.Value.Values, c => c.Expect == "reject");
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Bad_input_is_rejected_before_any_request_or_accepted_by_the_service(string name)
    {
        var c = Cases.Value[name];
        var harness = _fixture.Harness;
        harness.Emulator.Dcos.Reset();
        harness.Emulator.Zilliz.Reset();
        var session = _fixture.Connected(c.Backend);
        var readyId = c.Backend == "zilliz"
            ? (string)session.Run("Get-ClusterBackup -Status Ready | Select-Object -First 1 -ExpandProperty Id").AssertNoErrors().Output.Single().BaseObject
            : (await harness.CreateBackupsAsync("corpus-ready")).Single();
        await Task.Delay(5);
        harness.Emulator.Audit.Clear();

        var result = session.Run(c.Script, new() { ["v"] = c.Value, ["readyId"] = readyId });
        var requests = harness.Emulator.Audit.Entries.ToArray();
        var mutations = harness.Mutations.Concat(harness.ZillizMutations).ToArray();
        var what = $"{name}: {c.Script}\nerrors: {string.Join(" | ", result.Errors.Select(e => e.FullyQualifiedErrorId + ": " + e))}\nrequests: {string.Join(", ", requests.Select(r => r.Method + " " + r.Path))}";

        if (c.Expect == "reject")
        {
            var error = Assert.Single(result.Errors);
            Assert.True(error.FullyQualifiedErrorId.StartsWith(c.ErrorId + ",", StringComparison.Ordinal), what);
            var message = error.ErrorDetails?.Message ?? error.Exception.Message;
            Assert.True(message.Length is > 10 and < 700, $"{what}\nmessage of {message.Length} characters");
            // The module's own messages quote values printably; PowerShell's binder messages may break lines.
            var ownError = !c.ErrorId!.StartsWith("Parameter", StringComparison.Ordinal) && !c.ErrorId.StartsWith("CannotConvert", StringComparison.Ordinal);
            Assert.False(Regex.IsMatch(message, ownError ? @"\p{C}" : @"[\p{C}-[\r\n]]"), $"{what}\nmessage with control characters: {message}");
            Assert.Empty(result.Output);
            Assert.True(c.ReadOnly ? mutations.Length == 0 : requests.Length == 0, what);
        }
        else
        {
            Assert.Equal("accept", c.Expect);
            Assert.True(requests.Length > 0, what);
            if (c.ServiceErrorId is null)
            {
                Assert.True(result.Errors.Count == 0, what);
            }
            else
            {
                Assert.True(result.Errors.Count > 0 && result.Errors.All(e => e.FullyQualifiedErrorId.StartsWith(c.ServiceErrorId + ",", StringComparison.Ordinal)), what);
            }
        }
    }

    private static IReadOnlyDictionary<string, Case> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Data", "bad-inputs.json");
        var cases = JsonSerializer.Deserialize<Case[]>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        var byName = new Dictionary<string, Case>(StringComparer.Ordinal);
        foreach (var c in cases)
        {
            Assert.True(byName.TryAdd(c.Name, c), "duplicate case name " + c.Name);
            Assert.True(c.Expect == "accept" || c.ErrorId is not null, c.Name + ": a rejection needs its errorId");
        }

        return byName;
    }

    public sealed record Case(string Name, string Backend, string Script, string Expect, string? ErrorId, string? ServiceErrorId, bool ReadOnly, [property: JsonPropertyName("value")] string? RawValue, int Repeat)
    {
        [JsonIgnore]
        public string? Value => RawValue is null ? null : string.Concat(Enumerable.Repeat(RawValue, Math.Max(1, Repeat)));
    }

    /// <summary>One emulator and one session per back end for the whole corpus (the engine tests run one at a time).</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private ModuleSession? _dcos;
        private ModuleSession? _zilliz;

        public ModuleHarness Harness { get; private set; } = null!;

        /// <summary>The session of the back end, connected again as the default (a case may have connected elsewhere).</summary>
        public ModuleSession Connected(string backend)
        {
            var zilliz = backend == "zilliz";
            var session = zilliz ? _zilliz! : _dcos!;
            session.Run(zilliz
                ? "Connect-ClusterBackupService -ZillizCloud -Uri $uri -ApiKey $apiKey -ClusterId $clusterId -ProjectId $projectId -ErrorAction Stop"
                : "Connect-ClusterBackupService -Dcos -Uri $uri -Token $token -ErrorAction Stop").AssertNoErrors("connecting again");
            return session;
        }

        public async Task InitializeAsync()
        {
            Harness = await ModuleHarness.StartAsync(o => o.Zilliz.SeedBackups = 2);
            _dcos = Harness.OpenSession(connect: true, Backend.Dcos);
            _zilliz = Harness.OpenSession(connect: true, Backend.Zilliz);
        }

        public async Task DisposeAsync() => await Harness.DisposeAsync();
    }
}
