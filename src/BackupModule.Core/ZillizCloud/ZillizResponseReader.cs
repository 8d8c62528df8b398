using System;
using System.Globalization;
using System.Text.Json;
using BackupModule.Errors;
using BackupModule.Http;

namespace BackupModule.ZillizCloud
{
    /// <summary>Reads the v2 envelope: {"code":0,"data":{...}} on success, {"code":N,"message":"..."} on failure.</summary>
    internal static class ZillizResponseReader
    {
        /// <summary>
        /// The body's top-level code, read without parsing the rest (the envelope puts it first); null when the
        /// body is not a JSON object with a numeric code.
        /// </summary>
        public static int? CodeOf(byte[] body) =>
            JsonBody.TryReadTopLevel(body, ZillizWire.Code, out _, out var text) ? ParseInt(text) : null;

        /// <summary>True for the success codes: 0, and 200 as the v1 API and the Terraform client accept.</summary>
        public static bool IsSuccessCode(int code) => code == ZillizWire.CodeSuccess || code == ZillizWire.CodeSuccessV1;

        public static T ReadData<T>(byte[] body, string what)
            where T : class
        {
            ZillizEnvelope<T>? envelope;
            try
            {
                envelope = JsonSerializer.Deserialize<ZillizEnvelope<T>>(body);
            }
            catch (JsonException ex)
            {
                throw Invalid(what, "it is not the JSON the v2 API sends: " + ex.Message, ex);
            }

            return envelope?.Data ?? throw Invalid(what, "it has no \"data\".", null);
        }

        /// <summary>The code and message of an error body; both null when the body is not one.</summary>
        public static (int? Code, string? Message) ReadError(string body)
        {
            try
            {
                var envelope = JsonSerializer.Deserialize<ZillizEnvelope<object>>(body);
                return envelope is null ? (null, null) : (ReadInt(envelope.Code), envelope.Message);
            }
            catch (JsonException)
            {
                return (null, null);
            }
        }

        /// <summary>An int from a number or a numeric string ("100"), as the job's progress is sent.</summary>
        public static int? ReadInt(JsonElement value) =>
            value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number
            : value.ValueKind == JsonValueKind.String ? ParseInt(value.GetString())
            : null;

        private static int? ParseInt(string? text) =>
            int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;

        private static BackupServiceException Invalid(string what, string why, Exception? inner) =>
            new BackupServiceException(BackupErrorId.InvalidResponse, BackupErrorKind.InvalidData, $"Zilliz Cloud's answer to {what} could not be read: {why}", innerException: inner);
    }
}
