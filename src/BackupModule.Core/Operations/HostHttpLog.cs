using BackupModule.Http;

namespace BackupModule.Operations
{
    /// <summary>One -Verbose line per HTTP attempt and a redacted -Debug dump, each only when the cmdlet's preference wants it.</summary>
    internal sealed class HostHttpLog : IHttpCallLog
    {
        private readonly ICommandHost _host;

        public HostHttpLog(ICommandHost host)
        {
            _host = host;
        }

        public bool WantsCalls => _host.IsVerboseEnabled;

        public bool WantsDump => _host.IsDebugEnabled;

        public void OnCall(HttpCallRecord record) => _host.WriteVerbose(record.ToVerboseLine());

        public void OnDump(string redactedExchange) => _host.WriteDebug(redactedExchange);
    }
}
