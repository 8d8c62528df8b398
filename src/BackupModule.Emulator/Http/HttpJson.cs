using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BackupModule.Emulator;

/// <summary>Reading and writing JSON bodies, shared by the API handlers, the fault middleware and the admin routes.</summary>
internal static class HttpJson
{
    public const string ContentType = "application/json";

    /// <summary>
    /// camelCase; unknown members rejected so that a typo in an admin request fails loudly; relaxed escaping
    /// because the output is read by scripts, never embedded in HTML.
    /// </summary>
    public static readonly JsonSerializerOptions AdminOptions = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The masked form of a secret field's value in the audit log.</summary>
    public const string Mask = "***";

    private static readonly System.Text.RegularExpressions.Regex SecretField = new(
        "(\"(?:password|token)\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>A request body with the values of its "password" and "token" fields masked: the audit never keeps a credential.</summary>
    public static string MaskSecretFields(string body) => SecretField.Replace(body, "$1\"" + Mask + "\"");

    public static JsonObject ErrorsBody(string message) => new() { ["errors"] = new JsonArray(message) };

    public static Task WriteAsync(HttpContext context, int statusCode, JsonNode body) =>
        WriteAsync(context, statusCode, body.ToJsonString());

    public static Task WriteAsync(HttpContext context, int statusCode, string json)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = ContentType;
        return context.Response.WriteAsync(json, context.RequestAborted);
    }

    public static Task WriteErrorsAsync(HttpContext context, int statusCode, string message) =>
        WriteAsync(context, statusCode, ErrorsBody(message));

    /// <summary>The whole request body as text; "" when there is none.</summary>
    public static async Task<string> ReadTextAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        return await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
    }

    /// <summary>Parses the body as a JSON object; on failure returns null and a message fit for a 400 answer.</summary>
    public static async Task<(JsonObject? Body, string? Error)> ReadObjectAsync(HttpRequest request)
    {
        var text = await ReadTextAsync(request);
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, "request body is required");
        }

        try
        {
            return JsonNode.Parse(text) is JsonObject body
                ? (body, null)
                : (null, "request body must be a JSON object");
        }
        catch (JsonException ex)
        {
            return (null, "request body is not valid JSON: " + ex.Message);
        }
    }

    /// <summary>Deserializes an admin request body (camelCase); on failure returns default and a message.</summary>
    public static async Task<(T? Value, string? Error)> ReadAdminAsync<T>(HttpRequest request)
        where T : class
    {
        var text = await ReadTextAsync(request);
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, "request body is required");
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(text, AdminOptions);
            return value is null ? (null, "request body must be a JSON object") : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, "invalid request body: " + ex.Message);
        }
    }
}
