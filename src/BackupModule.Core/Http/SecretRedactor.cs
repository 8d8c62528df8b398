using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace BackupModule.Http
{
    /// <summary>
    /// Removes secrets from anything that may be shown: the known secret values of a connection
    /// (token, API key) wherever they occur, and the values of JSON fields and headers that carry secrets
    /// (milvus-backup's "ezk" is a database's encryption key).
    /// </summary>
    public sealed class SecretRedactor
    {
        public const string Mask = "***";

        private static readonly Regex SecretJsonField = new Regex(
            "(\"(?:password|token|apiKey|api_key|secret|authorization|ezk)\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

        private readonly object _gate = new object();
        private string[] _secrets = Array.Empty<string>();

        /// <summary>Adds a value that must never be shown. Short values are ignored: masking them would mangle text.</summary>
        public void AddSecret(string? secret)
        {
            if (string.IsNullOrEmpty(secret) || secret!.Length < 4)
            {
                return;
            }

            lock (_gate)
            {
                // Longest first, so a secret that contains another is masked whole.
                _secrets = _secrets.Concat(new[] { secret }).Distinct().OrderByDescending(s => s.Length).ToArray();
            }
        }

        public string Redact(string? text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return text ?? "";
            }

            var result = text!;
            foreach (var secret in _secrets)
            {
                result = result.Replace(secret, Mask);
            }

            return SecretJsonField.Replace(result, "$1\"" + Mask + "\"");
        }

        /// <summary>Shows a header's scheme but never its credential ("token=***", "Bearer ***").</summary>
        public static string RedactAuthorization(string value)
        {
            var equals = value.IndexOf('=');
            var space = value.IndexOf(' ');
            if (equals > 0 && (space < 0 || equals < space))
            {
                return value.Substring(0, equals + 1) + Mask;
            }

            return space > 0 ? value.Substring(0, space + 1) + Mask : Mask;
        }

        internal static bool IsSecretHeader(string name) =>
            string.Equals(name, "Authorization", StringComparison.OrdinalIgnoreCase)
            // Set on the request by the handler when it answers a proxy's 407 (-ProxyCredential).
            || string.Equals(name, "Proxy-Authorization", StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, "Cookie", StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, "Set-Cookie", StringComparison.OrdinalIgnoreCase);

        internal static IEnumerable<string> Lines(IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers) =>
            headers.Select(h => h.Key + ": " + (IsSecretHeader(h.Key) ? RedactAuthorization(string.Join(", ", h.Value)) : string.Join(", ", h.Value)));
    }
}
