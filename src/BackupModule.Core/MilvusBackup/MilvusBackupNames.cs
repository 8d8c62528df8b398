using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BackupModule.Errors;
using BackupModule.Model;

namespace BackupModule.MilvusBackup
{
    /// <summary>
    /// Local checks of the names milvus-backup and Milvus take, before any request, and the ids the module makes:
    /// task ids are time-ordered UUIDs (version 7), so a backup's creation time can be read from the id /list shows
    /// even after the server forgot the task that made it.
    /// </summary>
    internal static class MilvusBackupNames
    {
        public const int MaxBackupNameLength = 128;

        /// <summary>Milvus's limit for a collection name.</summary>
        public const int MaxCollectionNameLength = 255;

        /// <summary>The server's ValidateName (core/backup/func.go): at most 128, an ASCII letter or '_' first, then ASCII letters, digits and '_'.</summary>
        public static readonly NameRule BackupName = Identifier(
            "backup name",
            MaxBackupNameLength,
            $"Use at most {MaxBackupNameLength} characters: an ASCII letter or '_' first, then letters, digits and '_' (milvus-backup's rule), e.g. nightly_20261204.");

        /// <summary>Milvus's rule for collection and database names: the backup name's characters, at most 255.</summary>
        private static readonly NameRule MilvusName = Identifier("Milvus name", MaxCollectionNameLength, "Use a letter or '_' first, then letters, digits and '_'.");

        /// <summary>The name of a backup made without -Label: backup_yyyyMMdd_HHmmss (UTC), valid under <see cref="BackupName"/>.</summary>
        public static string Generated(DateTimeOffset now, ICollection<string> taken)
        {
            var name = "backup_" + now.UtcDateTime.ToString("yyyyMMdd_HHmmss", CultureInfo.InvariantCulture);
            var candidate = name;
            for (var n = 2; taken.Contains(candidate); n++)
            {
                candidate = name + "_" + n.ToString(CultureInfo.InvariantCulture);
            }

            return candidate;
        }

        /// <summary>A Milvus collection or database name: a letter or '_' first, then letters, digits and '_'.</summary>
        public static void CheckCollection(string name, string parameter) => CheckIdentifier(name, parameter);

        public static void CheckDatabase(string name) => CheckIdentifier(name, "Database");

        /// <summary>collection_suffix: letters, digits and '_' only (the server's check), and the names it makes must stay valid.</summary>
        public static void CheckSuffix(string suffix)
        {
            foreach (var c in suffix)
            {
                if (!IsLetterOrUnderscore(c) && !IsDigit(c))
                {
                    throw new BackupServiceException(BackupErrorId.InvalidArgument, BackupErrorKind.InvalidArgument, $"-Suffix '{Shown.Value(suffix)}' is not valid: use ASCII letters, digits and '_' only (e.g. _restored).", suffix);
                }
            }
        }

        /// <summary>A backup name or task id as it goes into a query string: printable ASCII, at most 256 characters; anything else names nothing.</summary>
        public static void CheckLookup(string value, string parameter)
        {
            var printable = value.Length > 0 && value.Length <= 256;
            foreach (var c in value)
            {
                printable &= c > ' ' && c <= '~';
            }

            if (!printable)
            {
                throw new BackupServiceException(BackupErrorId.InvalidArgument, BackupErrorKind.InvalidArgument, $"-{parameter} '{Shown.Value(value)}' cannot name a milvus-backup backup or task: those are printable ASCII without spaces.", value)
                {
                    RecommendedAction = "Run Get-ClusterBackup to see the backup names.",
                };
            }
        }

        /// <summary>A fresh task id for a create's request_id header: a UUID version 7 (its first 48 bits are the time in ms).</summary>
        public static string NewTaskId() => NewTaskId(DateTimeOffset.UtcNow);

        internal static string NewTaskId(DateTimeOffset now)
        {
            var bytes = new byte[16];
            using (var random = RandomNumberGenerator.Create())
            {
                random.GetBytes(bytes);
            }

            var milliseconds = now.ToUnixTimeMilliseconds();
            for (var i = 0; i < 6; i++)
            {
                bytes[i] = (byte)(milliseconds >> (8 * (5 - i)));
            }

            bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
            bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
            var hex = new StringBuilder(36);
            for (var i = 0; i < 16; i++)
            {
                if (i == 4 || i == 6 || i == 8 || i == 10)
                {
                    hex.Append('-');
                }

                hex.Append(bytes[i].ToString("x2", CultureInfo.InvariantCulture));
            }

            return hex.ToString();
        }

        /// <summary>A fresh restore id ("restore_" + a version 7 UUID), sent in the restore's body.</summary>
        public static string NewRestoreId() => MilvusBackupWire.RestoreIdPrefix + NewTaskId();

        /// <summary>When a task id made by <see cref="NewTaskId()"/> was made; null for any other id (the server's own are random).</summary>
        public static DateTimeOffset? CreatedAtOf(string? taskId)
        {
            if (taskId is null || taskId.Length != 36 || taskId[14] != '7' || taskId[8] != '-' || taskId[13] != '-')
            {
                return null;
            }

            var hex = taskId.Substring(0, 8) + taskId.Substring(9, 4);
            if (!long.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var milliseconds))
            {
                return null;
            }

            return DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        }

        private static void CheckIdentifier(string name, string parameter)
        {
            if (MilvusName.Problem(name) is not null)
            {
                throw new BackupServiceException(BackupErrorId.InvalidArgument, BackupErrorKind.InvalidArgument, $"-{parameter} '{Shown.Value(name)}' is not a Milvus name: use a letter or '_' first, then letters, digits and '_' (at most {MilvusName.MaxLength}).", name);
            }
        }

        /// <summary>An ASCII letter or '_' first, then ASCII letters, digits and '_', at most <paramref name="maxLength"/>.</summary>
        private static NameRule Identifier(string what, int maxLength, string summary) => new NameRule(
            what,
            1,
            maxLength,
            (position, c) => IsLetterOrUnderscore(c) || (position > 0 && IsDigit(c)),
            position => position == 0 ? "an ASCII letter or '_'" : "an ASCII letter, a digit or '_'",
            summary);

        private static bool IsLetterOrUnderscore(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';

        private static bool IsDigit(char c) => c >= '0' && c <= '9';
    }
}
