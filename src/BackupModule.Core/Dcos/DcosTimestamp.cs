using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace BackupModule.Dcos
{
    /// <summary>
    /// The service writes RFC 3339 with up to 9 fractional digits (Go's time format); .NET parses at
    /// most 7, so the fraction is cut to 7 before parsing.
    /// </summary>
    internal static class DcosTimestamp
    {
        private static readonly Regex Shape = new Regex(
            @"^(?<main>\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2})(?:\.(?<fraction>\d+))?(?<zone>[Zz]|[+-]\d{2}:\d{2})\z",
            RegexOptions.CultureInvariant);

        /// <summary>The instant, or null when the text is missing or not a timestamp (a listing should not fail on it).</summary>
        public static DateTimeOffset? Parse(string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            var match = Shape.Match(text!.Trim());
            if (!match.Success)
            {
                return null;
            }

            var fraction = match.Groups["fraction"].Success ? match.Groups["fraction"].Value : "0";
            fraction = fraction.Length > 7 ? fraction.Substring(0, 7) : fraction.PadRight(7, '0');
            var zone = match.Groups["zone"].Value.ToUpperInvariant() == "Z" ? "+00:00" : match.Groups["zone"].Value;
            var normalised = match.Groups["main"].Value.Replace(' ', 'T').Replace('t', 'T') + "." + fraction + zone;
            return DateTimeOffset.TryParseExact(normalised, "yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
                ? value
                : (DateTimeOffset?)null;
        }
    }
}
