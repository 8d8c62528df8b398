using System;
using BackupModule.Errors;
using BackupModule.Http;

namespace BackupModule.MilvusBackup
{
    /// <summary>
    /// milvus-backup failures to module errors. Business errors come on HTTP 200 with a non-zero "code" (3 for nearly
    /// everything, 400 for a bad parameter), so the message text tells them apart; what never reached a handler comes
    /// from gin (400 {"error"}, 404 text, an empty 500 after a panic) or from a reverse proxy in front of the server.
    /// </summary>
    internal sealed class MilvusBackupErrorTranslator : IServiceErrorTranslator
    {
        public bool IsFailure(ApiResponse response) =>
            MilvusBackupResponseReader.CodeOf(response.Content) is int code && code != MilvusBackupWire.CodeSuccess;

        public BackupServiceException Translate(ApiRequest request, ApiResponse response)
        {
            var failure = MilvusBackupResponseReader.ReadFailure(response.Body);
            var said = (failure.Message ?? (response.Body.Length == 0 ? "no answer body" : $"HTTP {response.StatusCode}"))
                + (failure.Code is int code ? $" (code {code})" : "");
            var error = Classify(response.StatusCode, failure, $"{request.Method} {request.Path}", said);
            error.ServiceCode = failure.Code;
            error.RequestId = failure.RequestId;
            error.ServiceMessages = failure.Message is null ? Array.Empty<string>() : new[] { failure.Message };
            return error;
        }

        private static BackupServiceException Classify(int status, MilvusBackupResponseReader.Failure failure, string where, string said)
        {
            var message = failure.Message;
            switch (status)
            {
                case 401:
                    return new BackupServiceException(BackupErrorId.Unauthorized, BackupErrorKind.Authentication, $"Something in front of milvus-backup asks for a login ({where}, HTTP 401): {said}. milvus-backup itself takes no credential, so the module sends none.")
                    {
                        RecommendedAction = "Reach the server without that login (e.g. from inside the trusted network), or through a reverse proxy that does not ask for one.",
                    };
                case 403:
                    return new BackupServiceException(BackupErrorId.Forbidden, BackupErrorKind.Permission, $"Something in front of milvus-backup refused the request ({where}, HTTP 403): {said}.");
                case 404:
                    return new BackupServiceException(BackupErrorId.ServiceError, BackupErrorKind.ServiceError, $"{where} is not an endpoint of this server ({said}): is -Uri a milvus-backup server's address, e.g. http://<host>:{MilvusBackupWire.DefaultPort}?")
                    {
                        RecommendedAction = "Check the -Uri of Connect-ClusterBackupService -MilvusBackup (or MILVUS_BACKUP_URL); the module adds /api/v1 itself.",
                    };
                case 429:
                    return new BackupServiceException(BackupErrorId.RateLimited, BackupErrorKind.LimitsExceeded, $"Something in front of milvus-backup is throttling requests ({where}): {said}");
                case 502:
                case 503:
                case 504:
                    return new BackupServiceException(BackupErrorId.ServiceUnavailable, BackupErrorKind.Unavailable, $"milvus-backup is unavailable ({where}, HTTP {status}): {said}");
                case 500:
                    return new BackupServiceException(
                        BackupErrorId.ServiceError,
                        BackupErrorKind.ServiceError,
                        message is null ? $"milvus-backup failed {where} with HTTP 500 and no answer: the server hit an internal error (a panic); see its log." : $"milvus-backup failed {where} (HTTP 500): {said}");
            }

            if (status == 400 && failure.Code is null)
            {
                // gin could not bind the body to the request's type: a module bug, not the user's.
                return new BackupServiceException(BackupErrorId.InvalidArgument, BackupErrorKind.InvalidArgument, $"milvus-backup could not read the request ({where}): {said}");
            }

            if (Mentions(message, MilvusBackupWire.TaskNotFoundMarker))
            {
                return new BackupServiceException(BackupErrorId.JobNotFound, BackupErrorKind.NotFound, $"milvus-backup has no such task ({where}): {said}. It keeps tasks in memory only, so a restart forgets them.");
            }

            if (Mentions(message, MilvusBackupWire.ExistingTaskMarker))
            {
                return new BackupServiceException(
                    BackupErrorId.BackupExists,
                    BackupErrorKind.ResourceExists,
                    $"milvus-backup refused the backup name: a task of the running server holds it ({said}). It is being made now, or it was made and deleted since the server started: the server keeps a finished task's name until it restarts. Nothing was started.")
                {
                    RecommendedAction = "Choose another -Label (Get-ClusterBackup lists the names in storage).",
                };
            }

            if (Mentions(message, MilvusBackupWire.ReadBackupInfoMarker) || Mentions(message, MilvusBackupWire.NotFoundMarker))
            {
                return new BackupServiceException(BackupErrorId.BackupNotFound, BackupErrorKind.NotFound, $"No such backup in milvus-backup's storage ({where}): {said}");
            }

            switch (failure.Code)
            {
                case MilvusBackupWire.CodeParameterError:
                    return new BackupServiceException(BackupErrorId.InvalidArgument, BackupErrorKind.InvalidArgument, $"milvus-backup rejected a parameter ({where}): {said}");
                case MilvusBackupWire.CodeStorageNotReady:
                    return new BackupServiceException(BackupErrorId.ServiceUnavailable, BackupErrorKind.Unavailable, $"milvus-backup's storage is not ready ({where}): {said}");
                case MilvusBackupWire.CodeNoPermission:
                    return new BackupServiceException(BackupErrorId.Forbidden, BackupErrorKind.Permission, $"milvus-backup may not do this ({where}): {said}");
                case MilvusBackupWire.CodeNotSupport:
                    return new BackupServiceException(BackupErrorId.NotSupported, BackupErrorKind.InvalidOperation, $"milvus-backup does not support this ({where}): {said}");
                default:
                    return new BackupServiceException(BackupErrorId.ServiceError, BackupErrorKind.ServiceError, $"milvus-backup failed {where}: {said}");
            }
        }

        private static bool Mentions(string? message, string marker) =>
            message is not null && message.IndexOf(marker, StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
