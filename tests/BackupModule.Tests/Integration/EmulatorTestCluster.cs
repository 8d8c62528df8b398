using BackupModule.Emulator;
using BackupModule.Http;
using BackupModule.Model;

namespace BackupModule.Tests.Integration;

/// <summary>
/// What every emulated test cluster shares: the in-process emulator on 127.0.0.1:0, the connections a
/// test made to it (disposed with it), and a bounded wait on the emulator's own state.
/// </summary>
public abstract class EmulatorTestCluster : IAsyncDisposable
{
    private readonly List<BackupConnection> _connections = new();

    protected EmulatorTestCluster(EmulatorServer server)
    {
        Server = server;
    }

    public EmulatorServer Server { get; }

    /// <summary>Polls the emulator's own state (not the client) until a condition holds; bounded.</summary>
    public static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Never happened: " + what);
            }

            await Task.Delay(25);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            connection.Dispose();
        }

        await Server.DisposeAsync();
    }

    /// <summary>Connections for tests: a generous timeout, quick and seeded retries.</summary>
    protected static HttpSettings QuickHttp() => new()
    {
        RequestTimeout = TimeSpan.FromSeconds(10),
        Retry = new RetryPolicy(4, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200), seed: 7),
    };

    /// <summary>A connection disposed with the cluster.</summary>
    protected BackupConnection Keep(BackupConnection connection)
    {
        _connections.Add(connection);
        return connection;
    }
}
