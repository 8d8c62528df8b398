using System.Text.Json;

namespace BackupModule.Http
{
    /// <summary>
    /// One top-level property of a JSON object body, read without parsing the rest: the back ends' envelopes put
    /// their code first, and every answer is asked for it (a list of thousands of backups included).
    /// </summary>
    internal static class JsonBody
    {
        /// <summary>
        /// False when the body is not a JSON object. Else true, with the property's token (None when the object
        /// has no such property) and its text: a string's value or a number's digits (null for anything else).
        /// </summary>
        public static bool TryReadTopLevel(byte[] body, string name, out JsonTokenType kind, out string? text)
        {
            kind = JsonTokenType.None;
            text = null;
            try
            {
                var reader = new Utf8JsonReader(body);
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return false;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var found = reader.ValueTextEquals(name);
                    reader.Read();
                    if (found)
                    {
                        kind = reader.TokenType;
                        text = kind == JsonTokenType.String ? reader.GetString()
                            // One array in, so the value is one span.
                            : kind == JsonTokenType.Number ? System.Text.Encoding.UTF8.GetString(reader.ValueSpan.ToArray())
                            : null;
                        return true;
                    }

                    reader.Skip();
                }

                return true;
            }
            catch (JsonException)
            {
                return false;
            }
        }
    }
}
