using System.Management.Automation;
using BackupModule.Errors;

namespace BackupModule.Pipeline
{
    /// <summary>The core's errors as PowerShell error records: stable ErrorId, category, the resource as target.</summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord From(BackupServiceException error)
        {
            var record = new ErrorRecord(error, error.ErrorId, CategoryOf(error.Kind), error.Target);
            if (error.RecommendedAction is not null)
            {
                record.ErrorDetails = new ErrorDetails(error.Message) { RecommendedAction = error.RecommendedAction };
            }

            return record;
        }

        public static ErrorCategory CategoryOf(BackupErrorKind kind)
        {
            switch (kind)
            {
                case BackupErrorKind.NotFound: return ErrorCategory.ObjectNotFound;
                case BackupErrorKind.Busy: return ErrorCategory.ResourceBusy;
                case BackupErrorKind.Authentication: return ErrorCategory.AuthenticationError;
                case BackupErrorKind.Permission: return ErrorCategory.PermissionDenied;
                case BackupErrorKind.InvalidArgument: return ErrorCategory.InvalidArgument;
                case BackupErrorKind.InvalidOperation: return ErrorCategory.InvalidOperation;
                case BackupErrorKind.LimitsExceeded: return ErrorCategory.LimitsExceeded;
                case BackupErrorKind.Unavailable: return ErrorCategory.ResourceUnavailable;
                case BackupErrorKind.InvalidData: return ErrorCategory.InvalidData;
                case BackupErrorKind.Connection: return ErrorCategory.ConnectionError;
                case BackupErrorKind.Timeout: return ErrorCategory.OperationTimeout;
                case BackupErrorKind.OperationFailed: return ErrorCategory.InvalidResult;
                case BackupErrorKind.OutcomeUnknown: return ErrorCategory.OperationStopped;
                case BackupErrorKind.Security: return ErrorCategory.SecurityError;
                case BackupErrorKind.ResourceExists: return ErrorCategory.ResourceExists;
                default: return ErrorCategory.NotSpecified;
            }
        }
    }
}
