using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using BackupModule.Errors;

namespace BackupModule.ZillizCloud
{
    /// <summary>Local checks of names and sizes before any request, so a typo costs no call (and no billing).</summary>
    internal static class ZillizNames
    {
        // Milvus: a letter or underscore, then letters, digits and underscores, at most 255.
        private static readonly Regex Collection = new Regex(@"^[A-Za-z_][A-Za-z0-9_]{0,254}\z", RegexOptions.CultureInvariant);

        // Code 96010: alphanumerics and hyphens. The length limit is not documented [?]: 64 is the console's.
        private static readonly Regex ClusterName = new Regex(@"^[A-Za-z0-9][A-Za-z0-9-]{0,63}\z", RegexOptions.CultureInvariant);

        // Cloud region ids: provider, then the provider's region (aws-us-west-2, gcp-us-west1, ali-cn-hangzhou).
        private static readonly Regex Region = new Regex(@"^[a-z][a-z0-9]*(-[a-z0-9]+)+\z", RegexOptions.CultureInvariant);

        // Ids go into URL paths: in01-..., proj-..., backup ids, job-... .
        private static readonly Regex Id = new Regex(@"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}\z", RegexOptions.CultureInvariant);

        public const int MinCuSize = 1;
        // The newest reference allows 1024 (the older pages said 256).
        public const int MaxCuSize = 1024;
        public const int MinRetentionDays = 1;
        public const int MaxRetentionDays = 30;

        public static void CheckCollection(string name, string parameter) => Check(Collection, name, parameter, "a letter or underscore, then letters, digits and underscores (at most 255)");

        public static void CheckDatabase(string name, string parameter = "Database") => Check(Collection, name, parameter, "a letter or underscore, then letters, digits and underscores");

        /// <summary>Region ids of cross-region copies: well formed and each named once.</summary>
        public static void CheckRegions(IReadOnlyCollection<string> regions, string parameter)
        {
            foreach (var region in regions)
            {
                Check(Region, region, parameter, "a region id such as aws-us-east-1, gcp-us-west1 or ali-cn-hangzhou");
            }

            var twice = regions.GroupBy(r => r, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (twice is not null)
            {
                throw new BackupServiceException(BackupErrorId.InvalidArgument, BackupErrorKind.InvalidArgument, $"-{parameter} names region {twice.Key} twice: each region holds one copy.", twice.Key);
            }
        }

        public static void CheckClusterName(string name) => Check(ClusterName, name, "NewClusterName", "letters, digits and hyphens, starting with a letter or digit (at most 64)");

        public static void CheckId(string id, string parameter) => Check(Id, id, parameter, "letters, digits, '_', '.' and '-' (at most 128), as in in01-..., proj-..., job-...");

        public static void CheckOptionalId(string? id, string parameter)
        {
            if (id is not null)
            {
                CheckId(id, parameter);
            }
        }

        private static void Check(Regex rule, string value, string parameter, string what)
        {
            if (!rule.IsMatch(value))
            {
                throw new BackupServiceException(BackupErrorId.InvalidArgument, BackupErrorKind.InvalidArgument, $"-{parameter} '{Shown.Value(value)}' is not valid: use {what}.", value);
            }
        }

    }
}
