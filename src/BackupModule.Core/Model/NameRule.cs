using System;
using System.Globalization;
using BackupModule.Errors;

namespace BackupModule.Model
{
    /// <summary>
    /// A service's rule for the names users give (a DC/OS label, a milvus-backup backup name), checked before
    /// anything is sent. A refusal names the first character that breaks the rule and its position, so
    /// "v-test" reads "its 2nd character '-' …" instead of the whole rule.
    /// </summary>
    public sealed class NameRule
    {
        private readonly Func<int, char, bool> _allowedAt;
        private readonly Func<int, string> _describeAllowedAt;

        /// <param name="what">What the name is called in messages: "label", "backup name".</param>
        /// <param name="allowedAt">Whether a character may stand at a (0-based) position.</param>
        /// <param name="describeAllowedAt">What may stand at a position, e.g. "a letter, a digit or '_'".</param>
        /// <param name="summary">The whole rule, for RecommendedAction, with an example.</param>
        public NameRule(string what, int minLength, int maxLength, Func<int, char, bool> allowedAt, Func<int, string> describeAllowedAt, string summary)
        {
            What = what;
            MinLength = minLength;
            MaxLength = maxLength;
            _allowedAt = allowedAt;
            _describeAllowedAt = describeAllowedAt;
            Summary = summary;
        }

        public string What { get; }

        public int MinLength { get; }

        public int MaxLength { get; }

        public string Summary { get; }

        /// <summary>Why <paramref name="name"/> breaks the rule, or null when it keeps it.</summary>
        public string? Problem(string? name)
        {
            if (string.IsNullOrEmpty(name))
            {
                return $"A {What} is required.";
            }

            for (var i = 0; i < name!.Length; i++)
            {
                if (!_allowedAt(i, name[i]))
                {
                    return $"The {What} '{Shown.Value(name)}' is not valid: its {Ordinal(i + 1)} character {Describe(name[i])} is not allowed there; it must be {_describeAllowedAt(i)}.";
                }
            }

            if (name.Length < MinLength || name.Length > MaxLength)
            {
                return $"The {What} '{Shown.Value(name)}' has {name.Length} characters; it must have {(MinLength == 1 ? "at most " + MaxLength.ToString(CultureInfo.InvariantCulture) : $"{MinLength} to {MaxLength}")}.";
            }

            return null;
        }

        /// <summary>Throws InvalidLabel (target: the name) when <paramref name="name"/> breaks the rule.</summary>
        public void Validate(string? name)
        {
            var problem = Problem(name);
            if (problem is not null)
            {
                throw new BackupServiceException(BackupErrorId.InvalidLabel, BackupErrorKind.InvalidArgument, problem, name)
                {
                    RecommendedAction = Summary,
                };
            }
        }

        /// <summary>1st, 2nd, 3rd, 4th … 11th, 12th, 13th, 21st.</summary>
        public static string Ordinal(int n)
        {
            var text = n.ToString(CultureInfo.InvariantCulture);
            if (n % 100 is 11 or 12 or 13)
            {
                return text + "th";
            }

            return text + (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        }

        /// <summary>A character as a message shows it: quoted when printable, else by name or code point.</summary>
        private static string Describe(char c) => c switch
        {
            ' ' => "' ' (a space)",
            '\t' => "(a tab)",
            '\r' or '\n' => "(a line break)",
            _ when char.IsControl(c) || char.IsSurrogate(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format => $"U+{(int)c:X4}",
            _ => "'" + c + "'",
        };
    }
}
