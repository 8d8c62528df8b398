using System;
using System.Management.Automation;
using BackupModule.Operations;

namespace BackupModule.Pipeline
{
    /// <summary>
    /// Lets -Connection take a name as well as a connection object: a string becomes the connection this
    /// session registered under that name (Connect-ClusterBackupService -Name, case-insensitive). Anything else
    /// passes through for PowerShell's own binding, so objects piped by value or by property name bind as before.
    /// </summary>
    /// <remarks>
    /// The binder wraps what a transformation throws in its own ParameterArgumentTransformationError record;
    /// the ConnectionNotFound exception rides inside it (and its message names Get-ClusterBackupService).
    /// </remarks>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ConnectionNameTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
            if (value is System.Collections.IList list && list.Count > 1)
            {
                // Else the binder's own "Cannot convert System.Object[]" would be all the user sees.
                throw new ArgumentTransformationMetadataException(
                    $"-Connection takes one connection, not {list.Count}. To run the command on several, pipe them: Get-ClusterBackupService -Name <name>, <name> | <command>.");
            }

            if (value is System.Collections.IList single && single.Count == 1)
            {
                // @('prod') or a one-element result: the one item is what was meant.
                inputData = single[0];
                value = inputData is PSObject item ? item.BaseObject : inputData;
            }

            if (value is not string name)
            {
                return inputData;
            }

            return SessionConnections.Find(name) ?? throw NotFound(name);
        }

        private static ArgumentTransformationMetadataException NotFound(string name)
        {
            var error = SessionConnections.NotFound(name);
            return new ArgumentTransformationMetadataException($"{error.Message} ({error.ErrorId})", error);
        }
    }
}
