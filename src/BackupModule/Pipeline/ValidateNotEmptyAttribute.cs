using System;
using System.Management.Automation;

namespace BackupModule.Pipeline
{
    /// <summary>
    /// Like ValidateNotNullOrEmpty, but null passes: a parameter bound by property name from an object that has
    /// the property but no value (a Zilliz Cloud connection made without -ClusterId, piped from
    /// Get-ClusterBackupService) means "not given", so the cmdlet falls back as when it is omitted. An empty or
    /// blank string typed by hand still fails.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class ValidateNotEmptyAttribute : ValidateArgumentsAttribute
    {
        protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
        {
            var value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
            if (value is string text && string.IsNullOrWhiteSpace(text))
            {
                throw new ValidationMetadataException("The argument is empty. Provide a value, or omit the parameter.");
            }
        }
    }
}
