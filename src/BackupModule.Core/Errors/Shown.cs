using System.Text.RegularExpressions;

namespace BackupModule.Errors
{
    /// <summary>A value as an error message quotes it: at most 80 characters, control and format characters as '?'.</summary>
    internal static class Shown
    {
        private static readonly Regex Unprintable = new Regex(@"\p{C}", RegexOptions.CultureInvariant);

        public static string Value(string? value)
        {
            if (value is null)
            {
                return string.Empty;
            }

            var shown = value.Length > 80 ? value.Substring(0, 80) + "..." : value;
            return Unprintable.Replace(shown, "?");
        }
    }
}
