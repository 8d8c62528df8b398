using System;

namespace BackupModule.Model
{
    /// <summary>
    /// RFC 3339 timestamps as both services write them (DC/OS with up to 9 fractional digits, Go's time
    /// format; Zilliz Cloud "...Z"). .NET parses at
    /// most 7, so the fraction is cut to 7. Checked and read by hand rather than by a regular expression
    /// and a second parse: this runs for every backup of a list.
    /// </summary>
    internal static class Rfc3339
    {
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

            // Built from the digits themselves: no copy of the text, and any number of fractional digits
            // (beyond the 7 a tick holds they are cut, as .NET would need anyway).
            try
            {
                var ticks = 0L;
                for (var i = 0; i < 7; i++)
                {
                    ticks = (ticks * 10) + (i < fractionDigits ? value[20 + i] - '0' : 0);
                }

                var zoneOffset = utc
                    ? TimeSpan.Zero
                    : new TimeSpan(Number(value, zoneAt + 1, 2), Number(value, zoneAt + 4, 2), 0);
                if (value[zoneAt] == '-')
                {
                    zoneOffset = zoneOffset.Negate();
                }

                var instant = new DateTimeOffset(Number(value, 0, 4), Number(value, 5, 2), Number(value, 8, 2), Number(value, 11, 2), Number(value, 14, 2), Number(value, 17, 2), zoneOffset).AddTicks(ticks);
                return utc ? instant.ToUniversalTime() : instant;
            }
            catch (ArgumentOutOfRangeException)
            {
                // Month 13, hour 25, an offset beyond 14 h: not a timestamp.
                return null;
            }
        }

        private static int Number(string text, int start, int count)
        {
            var number = 0;
            for (var i = start; i < start + count; i++)
            {
                number = (number * 10) + (text[i] - '0');
            }

            return number;
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
