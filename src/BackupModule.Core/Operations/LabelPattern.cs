using System;
using System.Text;
using System.Text.RegularExpressions;

namespace BackupModule.Operations
{
    /// <summary>
    /// PowerShell-style wildcards (* ? [a-z], ` escapes) for -Label, case-insensitive as in PowerShell.
    /// Matching is done here, not by the service: its id prefix filter is case-sensitive.
    /// </summary>
    public sealed class LabelPattern
    {
        private readonly Regex _regex;

        public LabelPattern(string pattern)
        {
            Pattern = pattern;
            var regex = new StringBuilder("^");
            var literalOnly = true;
            for (var i = 0; i < pattern.Length; i++)
            {
                var c = pattern[i];
                if (c == '`' && i + 1 < pattern.Length)
                {
                    c = pattern[++i];
                    regex.Append(Regex.Escape(c.ToString()));
                    continue;
                }

                switch (c)
                {
                    case '*':
                        regex.Append(".*");
                        literalOnly = false;
                        break;
                    case '?':
                        regex.Append('.');
                        literalOnly = false;
                        break;
                    case '[':
                        var close = pattern.IndexOf(']', i + 1);
                        if (close < 0)
                        {
                            goto default;
                        }

                        regex.Append('[').Append(pattern.Substring(i + 1, close - i - 1).Replace("\\", "\\\\")).Append(']');
                        i = close;
                        literalOnly = false;
                        break;
                    default:
                        regex.Append(Regex.Escape(c.ToString()));
                        break;
                }
            }

            _regex = new Regex(regex.Append(@"\z").ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            HasWildcards = !literalOnly;
        }

        public string Pattern { get; }

        public bool HasWildcards { get; }

        public bool IsMatch(string? value) => value is not null && _regex.IsMatch(value);

        public override string ToString() => Pattern;
    }
}
