namespace BackupModule.Http
{
    /// <summary>
    /// The log hook: one record per HTTP attempt (-Verbose), and a redacted dump of each exchange (-Debug).
    /// The client asks first, so nothing is built for a stream nobody reads.
    /// </summary>
    public interface IHttpCallLog
    {
        /// <summary>True when <see cref="OnCall"/> records are wanted (the cmdlet's -Verbose preference).</summary>
        bool WantsCalls { get; }

        /// <summary>True when <see cref="OnDump"/> dumps are wanted (the cmdlet's -Debug preference).</summary>
        bool WantsDump { get; }

        void OnCall(HttpCallRecord record);

        void OnDump(string redactedExchange);
    }

    /// <summary>A log that drops everything, for callers that want none.</summary>
    public sealed class NullHttpCallLog : IHttpCallLog
    {
        public static readonly NullHttpCallLog Instance = new NullHttpCallLog();

        public bool WantsCalls => false;

        public bool WantsDump => false;

        public void OnCall(HttpCallRecord record)
        {
        }

        public void OnDump(string redactedExchange)
        {
        }
    }
}
