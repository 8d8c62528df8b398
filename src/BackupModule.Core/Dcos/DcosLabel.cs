using System;
using BackupModule.Errors;
using BackupModule.Model;

namespace BackupModule.Dcos
{
    /// <summary>
    /// Label rules: 3-25 characters of [A-Za-z0-9_.-] (the 1.10 docs), with the Swagger's stricter
    /// start: the first two characters are [A-Za-z0-9_] (so no "..", no leading "-" or ".").
    /// </summary>
    internal static class DcosLabel
    {
        public const int MinLength = 3;
        public const int MaxLength = 25;

        public static readonly NameRule Rule = new NameRule(
            "label",
            MinLength,
            MaxLength,
            (position, c) => IsWordCharacter(c) || (position >= 2 && (c == '.' || c == '-')),
            position => position < 2
                ? "a letter, a digit or '_' (the first two characters cannot be '.' or '-')"
                : "a letter, a digit, '_', '.' or '-'",
            $"Use {MinLength} to {MaxLength} characters from [A-Za-z0-9_.-], starting with two of [A-Za-z0-9_], e.g. nightly-20261121.");

        public static void Validate(string? label) => Rule.Validate(label);

        private static bool IsWordCharacter(char c) =>
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';

        /// <summary>
        /// An id a backup could have: printable ASCII without spaces, at most 128 characters ("&lt;label&gt;-&lt;uuid&gt;" has
        /// at most 62). Anything else is not looked up: it would go into the list URL for nothing (or an HTTP 414).
        /// </summary>
        public static void CheckBackupId(string id)
        {
            foreach (var c in id)
            {
                if (c <= ' ' || c > '~')
                {
                    throw BadId(id);
                }
            }

            if (id.Length == 0 || id.Length > 128)
            {
                throw BadId(id);
            }
        }

        private static BackupServiceException BadId(string id) =>
            new BackupServiceException(BackupErrorId.InvalidArgument, BackupErrorKind.InvalidArgument, $"-Id '{Shown.Value(id)}' ({id.Length} characters) cannot be a DC/OS backup id: those are <label>-<uuid> in printable ASCII.", id)
            {
                RecommendedAction = "Run Get-ClusterBackup to see the ids of the backups.",
            };

        /// <summary>The label a backup was made with: its id less the "-&lt;uuid&gt;" the service appends.</summary>
        public static string FromBackupId(string id)
        {
            // "<label>-<uuid>": checked by hand, as this runs for every backup of a list.
            const int Uuid = 36;
            var start = id.Length - Uuid;
            if (start < 1 || id[start - 1] != '-')
            {
                return id;
            }

            for (var i = 0; i < Uuid; i++)
            {
                var c = id[start + i];
                var isDash = i == 8 || i == 13 || i == 18 || i == 23;
                if (isDash ? c != '-' : !Uri.IsHexDigit(c))
                {
                    return id;
                }
            }

            return id.Substring(0, start - 1);
        }
    }
}
