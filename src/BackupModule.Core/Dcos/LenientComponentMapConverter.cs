using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BackupModule.Dcos
{
    /// <summary>
    /// Reads a component's map (component_status.marathon) with every value as text: a string as
    /// itself, null as null, anything else (a number, a boolean, an object) as its raw JSON. The values
    /// are documented as strings, but a listing must not fail on one that is not; a JsonElement per
    /// value would cost a document each. Only this map is lenient: ids and statuses keep their types.
    /// </summary>
    internal sealed class LenientComponentMapConverter : JsonConverter<Dictionary<string, string?>>
    {
        public override Dictionary<string, string?>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return null;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("A component's status is not an object.");
            }

            var map = new Dictionary<string, string?>(StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = reader.GetString()!;
                reader.Read();
                map[key] = Text(ref reader);
            }

            return map;
        }

        public override void Write(Utf8JsonWriter writer, Dictionary<string, string?> value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            foreach (var pair in value)
            {
                writer.WriteString(pair.Key, pair.Value);
            }

            writer.WriteEndObject();
        }

        private static string? Text(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    return reader.GetString();
                case JsonTokenType.Null:
                    return null;
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    using (var document = JsonDocument.ParseValue(ref reader))
                    {
                        return document.RootElement.GetRawText();
                    }

                default:
                    return Encoding.UTF8.GetString(reader.HasValueSequence ? BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray());
            }
        }
    }
}
