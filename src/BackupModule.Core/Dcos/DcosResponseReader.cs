using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using BackupModule.Errors;

namespace BackupModule.Dcos
{
    /// <summary>
    /// Reads the service's replies in every shape seen: wrapped in "backup_info" (integration test),
    /// bare (Swagger), and the literal <c>{}</c> for an empty list.
    /// </summary>
    internal static class DcosResponseReader
    {
        public static IReadOnlyList<DcosBackupInfo> ReadList(string body) => ReadList(Encoding.UTF8.GetBytes(body));

        /// <summary>
        /// One pass over the UTF-8 body with System.Text.Json (no text copy, no document): the wrapped and
        /// bare shapes, a lone object, and the empty forms.
        /// </summary>
        public static IReadOnlyList<DcosBackupInfo> ReadList(byte[] body)
        {
            if (IsBlank(body))
            {
                return Array.Empty<DcosBackupInfo>();
            }

            try
            {
                var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
                if (!reader.Read() || reader.TokenType == JsonTokenType.Null)
                {
                    return Array.Empty<DcosBackupInfo>();
                }

                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    return ReadArray(ref reader);
                }

                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw Unexpected("a list of backups", body);
                }

                var start = reader;
                var empty = true;
                var hasId = false;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    empty = false;
                    if (reader.ValueTextEquals(DcosWire.Envelope))
                    {
                        reader.Read();
                        switch (reader.TokenType)
                        {
                            case JsonTokenType.StartArray:
                                return ReadArray(ref reader);
                            case JsonTokenType.StartObject:
                                return ReadLoneObject(ref reader, body);
                            case JsonTokenType.Null:
                                return Array.Empty<DcosBackupInfo>();
                            default:
                                throw Unexpected("a list of backups", body);
                        }
                    }

                    hasId |= reader.ValueTextEquals("id");
                    reader.Read();
                    reader.Skip();
                }

                if (empty)
                {
                    return Array.Empty<DcosBackupInfo>();
                }

                // A lone backup object, bare.
                return hasId ? ReadLoneObject(ref start, body) : throw Unexpected("a list of backups", body);
            }
            catch (JsonException ex)
            {
                throw NotJson(ex);
            }
        }

        public static DcosBackupInfo ReadOne(string body) => ReadOne(Encoding.UTF8.GetBytes(body));

        /// <summary>One backup or restore object, bare or wrapped; a list is not one.</summary>
        public static DcosBackupInfo ReadOne(byte[] body)
        {
            var items = FirstToken(body) == (byte)'{' ? ReadList(body) : Array.Empty<DcosBackupInfo>();
            return items.Count == 1 ? items[0] : throw Unexpected("a backup or restore object", body);
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

            return new[] { Excerpt(body) };
        }

        /// <summary>
        /// An error body that is not the expected JSON (Admin Router's or a proxy's page) as a short plain excerpt:
        /// for a page, its texts without markup, scripts or styles, entities decoded, and a text left out when the
        /// next one starts with it (title, heading and paragraph often repeat "401 Unauthorized"); whitespace
        /// collapsed and cut to 200 characters.
        /// </summary>
        internal static string Excerpt(string body)
        {
            var text = body.Trim();
            if (text.StartsWith("<", StringComparison.Ordinal) || text.IndexOf("<html", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                var withoutCode = Regex.Replace(text, @"<(script|style)\b[^>]*>.*?</\1\s*>", " ", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant);
                var texts = Regex.Split(withoutCode, "<[^>]*>")
                    .Select(part => Collapse(WebUtility.HtmlDecode(part)))
                    .Where(part => part.Length > 0)
                    .ToList();
                text = string.Join(" ", texts.Where((part, i) => i + 1 == texts.Count || !texts[i + 1].StartsWith(part, StringComparison.Ordinal)));
            }

            text = Collapse(text);
            return text.Length > 200 ? text.Substring(0, 200) + "..." : text;
        }

        private static string Collapse(string text) => Regex.Replace(text, @"\s+", " ").Trim();

        private static List<DcosBackupInfo> ReadArray(ref Utf8JsonReader reader)
        {
            try
            {
                return JsonSerializer.Deserialize<List<DcosBackupInfo>>(ref reader, DcosWire.ReadOptions) ?? new List<DcosBackupInfo>();
            }
            catch (JsonException ex)
            {
                throw Shape(ex);
            }
        }

        /// <summary>The wrapped value is one object: {} is an empty list, an object with an id is one backup.</summary>
        private static IReadOnlyList<DcosBackupInfo> ReadLoneObject(ref Utf8JsonReader reader, byte[] body)
        {
            var peek = reader;
            if (peek.Read() && peek.TokenType == JsonTokenType.EndObject)
            {
                return Array.Empty<DcosBackupInfo>();
            }

            var info = ReadInfo(ref reader, body);
            return info.Id is null ? throw Unexpected("a list of backups", body) : new[] { info };
        }

        private static byte FirstToken(byte[] body)
        {
            foreach (var b in body)
            {
                if (b != (byte)' ' && b != (byte)'\t' && b != (byte)'\r' && b != (byte)'\n')
                {
                    return b;
                }
            }

            return 0;
        }

        private static DcosBackupInfo ReadInfo(ref Utf8JsonReader reader, byte[] body)
        {
            try
            {
                return JsonSerializer.Deserialize<DcosBackupInfo>(ref reader, DcosWire.ReadOptions) ?? throw Unexpected("a backup object", body);
            }
            catch (JsonException ex)
            {
                throw Shape(ex);
            }
        }

        private static bool IsBlank(byte[] body) => FirstToken(body) == 0;

        private static BackupServiceException NotJson(JsonException ex) =>
            new BackupServiceException(BackupErrorId.InvalidResponse, BackupErrorKind.InvalidData, "The backup service sent a reply that is not JSON: " + ex.Message, innerException: ex);

        private static BackupServiceException Shape(JsonException ex) =>
            new BackupServiceException(BackupErrorId.InvalidResponse, BackupErrorKind.InvalidData, "The backup service sent a backup object of an unexpected shape: " + ex.Message, innerException: ex);

        private static BackupServiceException Unexpected(string expected, byte[] body)
        {
            var sample = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 200)) + (body.Length > 200 ? "..." : "");
            return new BackupServiceException(BackupErrorId.InvalidResponse, BackupErrorKind.InvalidData, $"Expected {expected} from the backup service, got: {sample}");
        }
    }
}
