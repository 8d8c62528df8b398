using System;
using System.Collections.Generic;
using BackupModule.Dcos;
using BackupModule.Http;
using BackupModule.MilvusBackup;
using BackupModule.Model;
using BackupModule.ZillizCloud;

namespace BackupModule
{
    /// <summary>How a back end is found in the environment, for scheduled tasks that set variables instead of connecting.</summary>
    public interface IEnvironmentConnector
    {
        /// <summary>The variables it reads, for messages ("DCOS_URL and DCOS_ACS_TOKEN").</summary>
        string Variables { get; }

        /// <summary>How to connect to this back end interactively, for the NotConnected error's advice.</summary>
        string ConnectExample { get; }

        /// <summary>True when the variables it needs are set.</summary>
        bool IsConfigured(Func<string, string?> getVariable);

        /// <summary>A connection made from the variables; throws InvalidArgument when a value is malformed.</summary>
        BackupConnection Connect(Func<string, string?> getVariable, ConnectionOptions options);
    }

    /// <summary>How a connection behaves, whichever back end it reaches.</summary>
    public sealed class ConnectionOptions
    {
        public HttpSettings Http { get; set; } = new HttpSettings();

        /// <summary>Allows sending the credential over plain http to a host that is not loopback.</summary>
        public bool AllowUnencryptedAuthentication { get; set; }
    }

    /// <summary>
    /// The one place that lists the back ends. Environment variables are tried in this order, so when a
    /// task sets both, DC/OS (DCOS_URL + DCOS_ACS_TOKEN) wins over Zilliz Cloud (ZILLIZ_API_KEY), and both win over
    /// a milvus-backup server (MILVUS_BACKUP_URL).
    /// </summary>
    public static class BackendCatalog
    {
        public static IReadOnlyList<IEnvironmentConnector> EnvironmentConnectors { get; } = new IEnvironmentConnector[]
        {
            new DcosEnvironmentConnector(),
            new ZillizEnvironmentConnector(),
            new MilvusBackupEnvironmentConnector(),
        };
    }
}
