namespace BackupModule.Http
{
    /// <summary>The log hook: one record per HTTP attempt, and a redacted dump for -Debug.</summary>
    public interface IHttpCallLog
    {
        void OnCall(HttpCallRecord record);

        void OnDump(string redactedExchange);
    }

    /// <summary>A log that drops everything, for callers that want none.</summary>
    public sealed class NullHttpCallLog : IHttpCallLog
    {
        public static readonly NullHttpCallLog Instance = new NullHttpCallLog();

        public void OnCall(HttpCallRecord record)
        {
        }

        public void OnDump(string redactedExchange)
        {
        }
    }
}
