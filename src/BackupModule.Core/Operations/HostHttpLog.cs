using BackupModule.Http;

namespace BackupModule.Operations
{
    /// <summary>One -Verbose line per HTTP attempt and a redacted -Debug dump.</summary>
    internal sealed class HostHttpLog : IHttpCallLog
    {
        private readonly ICommandHost _host;

        public HostHttpLog(ICommandHost host)
        {
            _host = host;
        }

        public void OnCall(HttpCallRecord record) => _host.WriteVerbose(record.ToVerboseLine());

        public void OnDump(string redactedExchange) => _host.WriteDebug(redactedExchange);
    }
}
