using System;

namespace BackupModule.Http
{
    /// <summary>Per-connection HTTP behaviour.</summary>
    public sealed class HttpSettings
    {
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

        public RetryPolicy Retry { get; set; } = RetryPolicy.Default;

        /// <summary>Requests that may start per second on one endpoint (method + route); null for no limit.</summary>
        public int? RequestsPerSecondPerEndpoint { get; set; }

        /// <summary>How much of a response body the -Debug dump shows.</summary>
        public int DumpBodyLimit { get; set; } = 4096;

        /// <summary>Certificate checks and proxy; every way of connecting (parameters, environment) carries them here.</summary>
        public TransportSettings Transport { get; set; } = new TransportSettings();
    }
}
