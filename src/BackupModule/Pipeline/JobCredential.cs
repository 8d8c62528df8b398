using System.Management.Automation;
using BackupModule.Model;

namespace BackupModule.Pipeline
{
    /// <summary>
    /// The Credential property of every ClusterBackupJob the module emits: the one-time login of a
    /// cluster a restore made, as a PSCredential whose password stays a SecureString; null on other jobs.
    /// The core keeps the secret internal, so no formatter, serializer or ToString sees it in clear text.
    /// </summary>
    /// <remarks>
    /// An instance property added on the way out, not a types.ps1xml member: a TypesToProcess entry
    /// made Import-Module update the session's type table, which cost more than everything else at import.
    /// </remarks>
    internal static class JobCredential
    {
        public const string PropertyName = "Credential";

        /// <summary>The object to emit: a job carries its Credential property; anything else goes out as it is.</summary>
        public static object Attach(object item)
        {
            if (item is not ClusterBackupJob job)
            {
                return item;
            }

            var wrapped = PSObject.AsPSObject(job);
            if (wrapped.Properties[PropertyName] is null)
            {
                var credential = job.NewClusterCredential is OneTimeCredential secret ? new PSCredential(secret.UserName, secret.Password) : null;
                wrapped.Properties.Add(new PSNoteProperty(PropertyName, credential));
            }

            return wrapped;
        }
    }
}
