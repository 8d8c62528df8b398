namespace BackupModule.EngineTests;

/// <summary>
/// The environment variables every back end connects from (Connect-ClusterBackupService without parameters, and the
/// other cmdlets' fallback), cleared while a test runs and put back after it. They are process-wide, which is why the
/// engine tests run one at a time.
/// </summary>
public sealed class ConnectionVariables : IDisposable
{
    public static readonly IReadOnlyList<string> Names = new[]
    {
        "DCOS_URL", "DCOS_ACS_TOKEN", "ZILLIZ_API_KEY", "ZILLIZ_CLOUD_URI", "ZILLIZ_CLUSTER_ID", "ZILLIZ_PROJECT_ID", "MILVUS_BACKUP_URL",
    };

    private readonly Dictionary<string, string?> _saved = Names.ToDictionary(n => n, Environment.GetEnvironmentVariable);

    private ConnectionVariables()
    {
    }

    /// <summary>Saves the variables and clears them.</summary>
    public static ConnectionVariables Cleared()
    {
        var variables = new ConnectionVariables();
        foreach (var name in Names)
        {
            Environment.SetEnvironmentVariable(name, null);
        }

        return variables;
    }

    public static void Set(IReadOnlyDictionary<string, string?> values)
    {
        foreach (var (name, value) in values)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    /// <summary>Puts back what the variables held before.</summary>
    public void Dispose() => Set(_saved);
}
