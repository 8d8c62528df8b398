using System.Management.Automation;
using BackupModule.Model;

namespace BackupModule.Pipeline
{
    /// <summary>
    /// The Credential property of ClusterBackupJob (BackupModule.Types.ps1xml): the one-time login of a
    /// cluster a restore made, as a PSCredential whose password stays a SecureString. The core keeps it
    /// internal, so Format-*, ConvertTo-Json and ToString never see it in clear text.
    /// </summary>
    public static class JobCredential
    {
        public static PSCredential? Get(PSObject instance) =>
            instance?.BaseObject is ClusterBackupJob job && job.NewClusterCredential is OneTimeCredential credential
                ? new PSCredential(credential.UserName, credential.Password)
                : null;
    }
}
