using System;
using System.Text.Json;
using BackupModule.Errors;
using BackupModule.Http;

namespace BackupModule.MilvusBackup
{
    /// <summary>
    /// Reads milvus-backup's answers: the JSON envelope {requestId?, code?, msg?, data} (no "code" is success), and
    /// gin's own bodies for what never reaches a handler ({"error": "..."}, "404 page not found", an empty 500).
    /// </summary>
    internal static class MilvusBackupResponseReader
    {
        /// <summary>What a failed answer said: the envelope's code and msg, or gin's "error", or its text.</summary>
        internal sealed class Failure
        {
            public int? Code { get; set; }

            public string? Message { get; set; }

            public string? RequestId { get; set; }
        }

        /// <summary>The envelope's code: 0 when the body is a JSON object without one; null when the body is not a JSON object.</summary>
        public static int? CodeOf(byte[] body)
        {
            if (!JsonBody.TryReadTopLevel(body, MilvusBackupWire.Code, out var kind, out var text))
            {
                return null;
            }

            // Go leaves a zero code out: no "code" is success.
            return kind == JsonTokenType.None ? MilvusBackupWire.CodeSuccess
                : kind == JsonTokenType.Number && int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var code) ? code
                : (int?)null;
        }

        /// <summary>The whole envelope of a successful answer (its data may be null, as a create's is).</summary>
        public static MilvusEnvelope<T> ReadEnvelope<T>(byte[] body, string what)
            where T : class
        {
            try
            {
                return JsonSerializer.Deserialize<MilvusEnvelope<T>>(body) ?? throw Invalid(what, "it is JSON null.", null);
            }
            catch (JsonException ex)
            {
                throw Invalid(what, "it is not the JSON milvus-backup sends: " + ex.Message, ex);
            }
        }

        /// <summary>The data of a successful answer; InvalidResponse when there is none.</summary>
        public static T ReadData<T>(byte[] body, string what)
            where T : class =>
            ReadEnvelope<T>(body, what).Data ?? throw Invalid(what, "it has no \"data\".", null);

        /// <summary>The code, message and request id of a failed answer, whichever of its shapes it has.</summary>
        public static Failure ReadFailure(string body)
        {
            var failure = new Failure();
            try
            {
                using var document = JsonDocument.Parse(body);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    return failure;
                }

                if (root.TryGetProperty(MilvusBackupWire.Code, out var code) && code.ValueKind == JsonValueKind.Number && code.TryGetInt32(out var number))
                {
                    failure.Code = number;
                }

                failure.Message = Text(root, MilvusBackupWire.Msg) ?? Text(root, MilvusBackupWire.Error);
                failure.RequestId = Text(root, MilvusBackupWire.RequestId);
            }
            catch (JsonException)
            {
                // Not JSON: gin's "404 page not found", a proxy's page; the text is the message when it is short.
                var text = body.Trim();
                failure.Message = text.Length == 0 || text.Length > 200 || text.StartsWith("<", StringComparison.Ordinal) ? null : text;
            }

            return failure;
        }

        private static string? Text(JsonElement root, string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

        private static BackupServiceException Invalid(string what, string why, Exception? inner) =>
            new BackupServiceException(BackupErrorId.InvalidResponse, BackupErrorKind.InvalidData, $"milvus-backup's answer to {what} could not be read: {why}", innerException: inner);
    }
}
