using System;
using System.Globalization;

namespace BackupModule.Dcos
{
    /// <summary>
    /// The service writes RFC 3339 with up to 9 fractional digits (Go's time format); .NET parses at
    /// most 7, so the fraction is cut to 7 before parsing. Checked by hand rather than by a regular
    /// expression: this runs for every backup of a list, and most timestamps parse as they are.
    /// </summary>
    internal static class DcosTimestamp
    {
        private const string Format = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz";
        private const string UtcFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

        /// <summary>The instant, or null when the text is missing or not a timestamp (a listing should not fail on it).</summary>
        public static DateTimeOffset? Parse(string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            var value = text!.Trim();
            // yyyy-MM-ddTHH:mm:ss is 19 characters; then an optional .fraction, then Z or +HH:mm.
            if (value.Length < 20 || !IsDigits(value, 0, 4) || value[4] != '-' || !IsDigits(value, 5, 2) || value[7] != '-' || !IsDigits(value, 8, 2)
                || (value[10] != 'T' && value[10] != 't' && value[10] != ' ')
                || !IsDigits(value, 11, 2) || value[13] != ':' || !IsDigits(value, 14, 2) || value[16] != ':' || !IsDigits(value, 17, 2))
            {
                return null;
            }

            var zoneAt = 19;
            var fractionDigits = 0;
            if (value[19] == '.')
            {
                while (zoneAt + 1 + fractionDigits < value.Length && char.IsDigit(value[zoneAt + 1 + fractionDigits]) && value[zoneAt + 1 + fractionDigits] < 128)
                {
                    fractionDigits++;
                }

                if (fractionDigits == 0)
                {
                    return null;
                }

                zoneAt += 1 + fractionDigits;
            }

            var zone = value.Length - zoneAt;
            var utc = zone == 1 && (value[zoneAt] == 'Z' || value[zoneAt] == 'z');
            var offset = zone == 6 && (value[zoneAt] == '+' || value[zoneAt] == '-') && IsDigits(value, zoneAt + 1, 2) && value[zoneAt + 3] == ':' && IsDigits(value, zoneAt + 4, 2);
            if (!utc && !offset)
            {
                return null;
            }

            // Only an unusual separator or a fraction longer than .NET's 7 digits costs a copy.
            if (value[10] != 'T' || fractionDigits > 7 || value[zoneAt] == 'z')
            {
                var main = value.Substring(0, 10) + "T" + value.Substring(11, 8);
                var fraction = fractionDigits == 0 ? "" : "." + value.Substring(20, Math.Min(fractionDigits, 7));
                value = main + fraction + (utc ? "Z" : value.Substring(zoneAt));
            }

            return DateTimeOffset.TryParseExact(value, utc ? UtcFormat : Format, CultureInfo.InvariantCulture, utc ? DateTimeStyles.AssumeUniversal : DateTimeStyles.None, out var parsed)
                ? (utc ? parsed.ToUniversalTime() : parsed)
                : (DateTimeOffset?)null;
        }

        private static bool IsDigits(string text, int start, int count)
        {
            for (var i = start; i < start + count; i++)
            {
                if (i >= text.Length || text[i] < '0' || text[i] > '9')
                {
                    return false;
                }
            }

            return true;
        }
    }
}
