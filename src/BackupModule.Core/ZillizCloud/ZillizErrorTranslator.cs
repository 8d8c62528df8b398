using System;
using System.Linq;
using System.Text.Json;
using BackupModule.Errors;
using BackupModule.Http;

namespace BackupModule.ZillizCloud
{
    /// <summary>
    /// Zilliz Cloud failures to module errors. Success is decided by the body's code, not the HTTP
    /// status: a non-zero code on HTTP 200 is an error (the live service sends its business errors so).
    /// A published code decides the ErrorId whatever the HTTP status; an answer without one is read by its
    /// HTTP status and, for what has no published code, by its text. The code, message and requestid are kept.
    /// </summary>
    internal sealed class ZillizErrorTranslator : IServiceErrorTranslator
    {
        /// <summary>What a published code means to the module (ZillizWire lists the codes and their sources).</summary>
        internal enum CodeMeaning
        {
            Unpublished,
            BadCredential,
            ClusterNotFound,
            JobNotFound,
            Forbidden,
            NotSupported,
            InvalidArgument,
            OperationFailed,
        }

        public bool IsFailure(ApiResponse response) =>
            ZillizResponseReader.CodeOf(response.Content) is int code && !ZillizResponseReader.IsSuccessCode(code);

        public BackupServiceException Translate(ApiRequest request, ApiResponse response)
        {
            var (code, message) = ZillizResponseReader.ReadError(response.Body);
            var requestId = response.Headers is not null && response.Headers.TryGetValues(ZillizWire.RequestIdHeader, out var values) ? values.FirstOrDefault() : null;
            var said = (message ?? $"HTTP {response.StatusCode}")
                + (code is int c ? $" (code {c}" + (requestId is null ? ")" : $", request {requestId})") : requestId is null ? "" : $" (request {requestId})");
            var where = $"{request.Method} {request.Path}";
            var error = ByCode(code, where, said, request) ?? ByStatusAndText(message, response.StatusCode, where, said, request);
            error.ServiceCode = code;
            error.RequestId = requestId;
            error.ServiceMessages = message is null ? Array.Empty<string>() : new[] { message };
            return error;
        }

        /// <summary>The v2 table (96000-96040), 21119, and the v1 token codes 80001/80002; every other code is unpublished.</summary>
        internal static CodeMeaning MeaningOf(int? code)
        {
            switch (code)
            {
                case null:
                    return CodeMeaning.Unpublished;
                case ZillizWire.CodeBadApiKey:
                case ZillizWire.CodeTokenIllegalV1:
                case ZillizWire.CodeTokenInvalidV1:
                    return CodeMeaning.BadCredential;
                case ZillizWire.CodeClusterNotFound:
                    return CodeMeaning.ClusterNotFound;
                case ZillizWire.CodeJobNotFound:
                    return CodeMeaning.JobNotFound;
                case ZillizWire.CodeNoKeyScope:
                case int c when c >= ZillizWire.CodeFirstNoPermission && c <= ZillizWire.CodeLastNoPermission:
                    return CodeMeaning.Forbidden;
                case ZillizWire.CodeEnterpriseOnly:
                case int c when c >= ZillizWire.CodeFirstPlanLimit && c <= ZillizWire.CodeLastPlanLimit:
                    return CodeMeaning.NotSupported;
                case ZillizWire.CodeMetricsFailed:
                case int c when c >= ZillizWire.CodeCreateBackupFailed && c <= ZillizWire.CodeLastV2:
                    return CodeMeaning.OperationFailed;
                case int c when c >= ZillizWire.CodeFirstV2 && c <= ZillizWire.CodeLastV2:
                    // 96000-96011, 96017, 96023, 96025, 96029-96037: a parameter the service refused.
                    return CodeMeaning.InvalidArgument;
                default:
                    return CodeMeaning.Unpublished;
            }
        }

        private static BackupServiceException? ByCode(int? code, string where, string said, ApiRequest request)
        {
            switch (MeaningOf(code))
            {
                case CodeMeaning.BadCredential:
                    return Unauthorized(where, said);
                case CodeMeaning.ClusterNotFound:
                    return ClusterNotFound(where, said, request);
                case CodeMeaning.JobNotFound:
                    return JobNotFound(where, said, request);
                case CodeMeaning.Forbidden:
                    return Forbidden(where, said);
                case CodeMeaning.NotSupported:
                    return new BackupServiceException(BackupErrorId.NotSupported, BackupErrorKind.InvalidOperation, $"Zilliz Cloud does not offer this for the cluster or its plan ({where}): {said}")
                    {
                        RecommendedAction = "Some backup features (export, for one) need a Dedicated cluster on the Enterprise plan.",
                    };
                case CodeMeaning.InvalidArgument:
                    return InvalidArgument(where, said);
                case CodeMeaning.OperationFailed:
                    return new BackupServiceException(BackupErrorId.OperationFailed, BackupErrorKind.OperationFailed, $"Zilliz Cloud could not do it ({where}): {said}");
                default:
                    return null;
            }
        }

        private static BackupServiceException ByStatusAndText(string? message, int status, string where, string said, ApiRequest request)
        {
            if (status == 401)
            {
                return Unauthorized(where, said);
            }

            if (status == 403)
            {
                return Forbidden(where, said);
            }

            var endpoint = request.Endpoint;
            if (Mentions(message, ZillizWire.BusyMarkers) && (endpoint == Post(ZillizWire.CreatePath) || endpoint == Delete(ZillizWire.BackupPath)))
            {
                return new BackupServiceException(BackupErrorId.BackupServiceBusy, BackupErrorKind.Busy, $"Another backup is running on this cluster; Zilliz Cloud allows one manual backup at a time: {said}")
                {
                    RecommendedAction = "Wait for it to finish (Get-ClusterBackup -Status Creating shows it); New-ClusterBackup -Wait waits for it itself.",
                };
            }

            if (Mentions(message, ZillizWire.ExistsMarkers) && endpoint == Post(ZillizWire.RestoreCollectionPath))
            {
                return new BackupServiceException(BackupErrorId.DestinationCollectionExists, BackupErrorKind.InvalidOperation, $"Zilliz Cloud will not overwrite a collection: {said}")
                {
                    RecommendedAction = "Pass -DestinationCollectionName with a new name, or drop the existing collection first.",
                };
            }

            var notFound = Mentions(message, ZillizWire.NotFoundMarkers);
            var aboutJob = endpoint == Get(ZillizWire.JobPath);
            if (aboutJob && (status == 404 || notFound))
            {
                return JobNotFound(where, said, request);
            }

            // A 404 names a missing backup only on a route about one backup (its template holds the backup
            // id); elsewhere it says the endpoint is not there, most likely a wrong -Uri.
            var aboutOneBackup = endpoint.Contains("{1}");
            if (notFound && status != 404 && Mentions(message, ClusterWords) && !Mentions(message, BackupWords))
            {
                return ClusterNotFound(where, said, request);
            }

            if ((status == 404 && aboutOneBackup) || (status != 404 && notFound && !aboutJob))
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

            switch (status)
            {
                case 400:
                    return InvalidArgument(where, said);
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

        private static readonly string[] ClusterWords = { "cluster" };

        private static readonly string[] BackupWords = { "backup" };

        private static BackupServiceException Unauthorized(string where, string said) =>
            new BackupServiceException(BackupErrorId.Unauthorized, BackupErrorKind.Authentication, $"Zilliz Cloud refused the API key ({where}): {said}")
            {
                RecommendedAction = "Create or copy an API key in the Zilliz Cloud console (API Keys) and run Connect-ClusterBackupService -ZillizCloud -ApiKey again.",
            };

        private static BackupServiceException Forbidden(string where, string said) =>
            new BackupServiceException(BackupErrorId.Forbidden, BackupErrorKind.Permission, $"The API key may not do this ({where}): {said}")
            {
                RecommendedAction = "Backups need a project admin, an organization owner, or a custom role with backup privileges, and a key whose scope holds the project and cluster.",
            };

        private static BackupServiceException InvalidArgument(string where, string said) =>
            new BackupServiceException(BackupErrorId.InvalidArgument, BackupErrorKind.InvalidArgument, $"Zilliz Cloud rejected a parameter ({where}): {said}");

        private static BackupServiceException JobNotFound(string where, string said, ApiRequest request) =>
            new BackupServiceException(BackupErrorId.JobNotFound, BackupErrorKind.NotFound, $"No such job ({where}): {said}", IdInPath(ZillizWire.JobPath, request.Path));

        private static BackupServiceException ClusterNotFound(string where, string said, ApiRequest request) =>
            new BackupServiceException(BackupErrorId.ClusterNotFound, BackupErrorKind.NotFound, $"No such cluster ({where}): {said}", ClusterOf(request))
            {
                RecommendedAction = "Check -ClusterId (or -DestinationClusterId) in the Zilliz Cloud console; backups exist for Dedicated clusters only.",
            };

        /// <summary>
        /// The cluster a request is about: a collection restore's destination (its source was just read), else
        /// the one in the path, else the list's clusterId filter.
        /// </summary>
        private static string? ClusterOf(ApiRequest request)
        {
            if (request.Endpoint == Post(ZillizWire.RestoreCollectionPath) && DestinationOf(request.JsonBody) is string destination)
            {
                return destination;
            }

            return IdInPath(ZillizWire.ClusterPath, request.Path)
                ?? (request.Query is not null && request.Query.TryGetValue(ZillizWire.ClusterIdQuery, out var listed) ? listed : null);
        }

        private static string? DestinationOf(string? body)
        {
            try
            {
                using var json = JsonDocument.Parse(body ?? "");
                return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty(ZillizWire.DestClusterId, out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        /// <summary>The first id of <paramref name="template"/> ("v2/jobs/{0}") in a path that starts like it; null otherwise.</summary>
        private static string? IdInPath(string template, string path)
        {
            var prefix = template.Substring(0, template.IndexOf("{0}", StringComparison.Ordinal));
            if (!path.StartsWith(prefix, StringComparison.Ordinal))
            {
                return null;
            }

            var rest = path.Substring(prefix.Length);
            var slash = rest.IndexOf('/');
            return Uri.UnescapeDataString(slash < 0 ? rest : rest.Substring(0, slash));
        }

        private static string Get(string route) => "GET " + route;

        private static string Post(string route) => "POST " + route;

        private static string Delete(string route) => "DELETE " + route;

        private static bool Mentions(string? message, string[] markers) =>
            message is not null && markers.Any(m => message.IndexOf(m, StringComparison.OrdinalIgnoreCase) >= 0);
    }
}
