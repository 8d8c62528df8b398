using System;
using System.Collections.Generic;
using System.Text.Json;
using BackupModule.Errors;

namespace BackupModule.Dcos
{
    /// <summary>
    /// Reads the service's replies in every shape seen: wrapped in "backup_info" (integration test),
    /// bare (Swagger), and the literal <c>{}</c> for an empty list.
    /// </summary>
    internal static class DcosResponseReader
    {
        public static IReadOnlyList<DcosBackupInfo> ReadList(string body)
        {
            var items = new List<DcosBackupInfo>();
            using var document = Parse(body);
            var root = Unwrap(document.RootElement);
            switch (root.ValueKind)
            {
                case JsonValueKind.Array:
                    foreach (var element in root.EnumerateArray())
                    {
                        items.Add(ToInfo(element));
                    }

                    break;
                case JsonValueKind.Object when root.TryGetProperty("id", out _):
                    items.Add(ToInfo(root));
                    break;
                case JsonValueKind.Object when IsEmpty(root):
                case JsonValueKind.Null:
                    break;
                default:
                    throw Unexpected("a list of backups", body);
            }

            return items;
        }

        public static DcosBackupInfo ReadOne(string body)
        {
            using var document = Parse(body);
            var root = Unwrap(document.RootElement);
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("id", out _))
            {
                return ToInfo(root);
            }

            throw Unexpected("a backup or restore object", body);
        }

        /// <summary>The "errors" of an error body, or the body's text when it is not that JSON.</summary>
        public static IReadOnlyList<string> ReadErrors(string body)
        {
            if (string.IsNullOrWhiteSpace(body))
            {
                return Array.Empty<string>();
            }

            try
            {
                var errors = JsonSerializer.Deserialize<DcosErrorBody>(body)?.Errors;
                if (errors is { Count: > 0 })
                {
                    return errors;
                }
            }
            catch (JsonException)
            {
                // Admin Router and proxies answer with text or HTML; fall through to the raw text.
            }

            var text = body.Trim();
            return new[] { text.Length > 300 ? text.Substring(0, 300) + "..." : text };
        }

        private static JsonDocument Parse(string body)
        {
            try
            {
                return JsonDocument.Parse(string.IsNullOrWhiteSpace(body) ? "{}" : body);
            }
            catch (JsonException ex)
            {
                throw new BackupServiceException(BackupErrorId.InvalidResponse, BackupErrorKind.InvalidData, "The backup service sent a reply that is not JSON: " + ex.Message, innerException: ex);
            }
        }

        private static JsonElement Unwrap(JsonElement root) =>
            root.ValueKind == JsonValueKind.Object && root.TryGetProperty(DcosWire.Envelope, out var inner) ? inner : root;

        private static bool IsEmpty(JsonElement element)
        {
            using var properties = element.EnumerateObject();
            return !properties.MoveNext();
        }

        private static DcosBackupInfo ToInfo(JsonElement element)
        {
            try
            {
                return element.Deserialize<DcosBackupInfo>() ?? throw Unexpected("a backup object", element.GetRawText());
            }
            catch (JsonException ex)
            {
                throw new BackupServiceException(BackupErrorId.InvalidResponse, BackupErrorKind.InvalidData, "The backup service sent a backup object of an unexpected shape: " + ex.Message, innerException: ex);
            }
        }

        private static BackupServiceException Unexpected(string expected, string body)
        {
            var sample = body.Length > 200 ? body.Substring(0, 200) + "..." : body;
            return new BackupServiceException(BackupErrorId.InvalidResponse, BackupErrorKind.InvalidData, $"Expected {expected} from the backup service, got: {sample}");
        }
    }
}
