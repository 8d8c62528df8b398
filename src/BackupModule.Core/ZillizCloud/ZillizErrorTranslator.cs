using System;
using System.Linq;
using BackupModule.Errors;
using BackupModule.Http;

namespace BackupModule.ZillizCloud
{
    /// <summary>
    /// Zilliz Cloud failures to module errors. Success is decided by the body's code, not the HTTP
    /// status: a non-zero code on HTTP 200 is an error. The code, message and requestid are kept.
    /// </summary>
    internal sealed class ZillizErrorTranslator : IServiceErrorTranslator
    {
        public bool IsFailure(ApiResponse response) =>
            ZillizResponseReader.CodeOf(response.Content) is int code && !ZillizResponseReader.IsSuccessCode(code);

        public BackupServiceException Translate(ApiRequest request, ApiResponse response)
        {
            var (code, message) = ZillizResponseReader.ReadError(response.Body);
            var requestId = response.Headers is not null && response.Headers.TryGetValues(ZillizWire.RequestIdHeader, out var values) ? values.FirstOrDefault() : null;
            var said = (message ?? $"HTTP {response.StatusCode}")
                + (code is int c ? $" (code {c}" + (requestId is null ? ")" : $", request {requestId})") : requestId is null ? "" : $" (request {requestId})");
            var where = $"{request.Method} {request.Path}";
            var error = Classify(code, message, response.StatusCode, where, said, request);
            error.ServiceCode = code;
            error.RequestId = requestId;
            error.ServiceMessages = message is null ? Array.Empty<string>() : new[] { message };
            return error;
        }

        private static BackupServiceException Classify(int? code, string? message, int status, string where, string said, ApiRequest request)
        {
            var path = request.Path;
            if (code == ZillizWire.CodeBadApiKey || status == 401)
            {
                return new BackupServiceException(BackupErrorId.Unauthorized, BackupErrorKind.Authentication, $"Zilliz Cloud refused the API key ({where}): {said}")
                {
                    RecommendedAction = "Create or copy an API key in the Zilliz Cloud console (API Keys) and run Connect-ClusterBackupService -ZillizCloud -ApiKey again.",
                };
            }

            if (status == 403 || code is >= 96012 and <= 96016)
            {
                return new BackupServiceException(BackupErrorId.Forbidden, BackupErrorKind.Permission, $"The API key may not do this ({where}): {said}")
                {
                    RecommendedAction = "Backups need a project admin, an organization owner, or a custom role with backup privileges.",
                };
            }

            if (code == ZillizWire.CodeBackupBusy || Mentions(message, ZillizWire.BusyMarkers))
            {
                return new BackupServiceException(BackupErrorId.BackupServiceBusy, BackupErrorKind.Busy, $"Another backup is running on this cluster; Zilliz Cloud allows one manual backup at a time: {said}")
                {
                    RecommendedAction = "Wait for it to finish (Get-ClusterBackup -Status Creating shows it); New-ClusterBackup -Wait waits for it itself.",
                };
            }

            if (code == ZillizWire.CodeCollectionExists || Mentions(message, ZillizWire.ExistsMarkers))
            {
                return new BackupServiceException(BackupErrorId.DestinationCollectionExists, BackupErrorKind.InvalidOperation, $"Zilliz Cloud will not overwrite a collection: {said}")
                {
                    RecommendedAction = "Pass -DestinationCollectionName with a new name, or drop the existing collection first.",
                };
            }

            if (code == ZillizWire.CodeJobNotFound || (path.StartsWith("v2/jobs/", StringComparison.Ordinal) && (status == 404 || Mentions(message, ZillizWire.NotFoundMarkers))))
            {
                return new BackupServiceException(BackupErrorId.JobNotFound, BackupErrorKind.NotFound, $"No such job ({where}): {said}");
            }

            if (code == ZillizWire.CodeClusterNotFound)
            {
                return new BackupServiceException(BackupErrorId.InvalidArgument, BackupErrorKind.InvalidArgument, $"No such cluster ({where}): {said}")
                {
                    RecommendedAction = "Check -ClusterId (in01-...) in the Zilliz Cloud console; backups exist for Dedicated clusters only.",
                };
            }

            // A 404 names a missing backup only on a route about one backup (its template holds the backup
            // id); elsewhere it says the endpoint is not there, most likely a wrong -Uri.
            var aboutOneBackup = request.Endpoint.Contains("{1}");
            if (code == ZillizWire.CodeBackupNotFound || (status == 404 && aboutOneBackup) || (status != 404 && Mentions(message, ZillizWire.NotFoundMarkers)))
            {
                return new BackupServiceException(BackupErrorId.BackupNotFound, BackupErrorKind.NotFound, $"No such backup ({where}): {said}");
            }

            if (status == 404)
            {
                return new BackupServiceException(BackupErrorId.ServiceError, BackupErrorKind.ServiceError, $"{where} is not an endpoint of this service: is -Uri the Zilliz Cloud control plane ({ZillizWire.GlobalBaseUrl} or {ZillizWire.ChinaBaseUrl})? {said}")
                {
                    RecommendedAction = "Check the -Uri of Connect-ClusterBackupService (or ZILLIZ_CLOUD_URI).",
                };
            }

            if (code is >= 96000 and < 97000 || status == 400)
            {
                return new BackupServiceException(BackupErrorId.InvalidArgument, BackupErrorKind.InvalidArgument, $"Zilliz Cloud rejected a parameter ({where}): {said}");
            }

            switch (status)
            {
                case 429:
                    return new BackupServiceException(BackupErrorId.RateLimited, BackupErrorKind.LimitsExceeded, $"Zilliz Cloud is throttling requests ({where}): {said}");
                case 502:
                case 503:
                case 504:
                    return new BackupServiceException(BackupErrorId.ServiceUnavailable, BackupErrorKind.Unavailable, $"Zilliz Cloud is unavailable ({where}, HTTP {status}): {said}");
                default:
                    return new BackupServiceException(BackupErrorId.ServiceError, BackupErrorKind.ServiceError, $"Zilliz Cloud failed {where}: {said}");
            }
        }

        private static bool Mentions(string? message, string[] markers) =>
            message is not null && markers.Any(m => message.IndexOf(m, StringComparison.OrdinalIgnoreCase) >= 0);
    }
}
