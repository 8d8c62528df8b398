using System.Text.RegularExpressions;

namespace BackupModule.EngineTests;

/// <summary>
/// A table view as Out-String printed it, read back: its groups (the "Connection: …" lines the views group by),
/// and in each the header, and the rows cut into cells where the dash line's runs begin.
/// </summary>
public sealed class RenderedTable
{
    private RenderedTable(IReadOnlyList<Group> groups)
    {
        Groups = groups;
    }

    public IReadOnlyList<Group> Groups { get; }

    public IEnumerable<Row> Rows => Groups.SelectMany(g => g.Rows);

    /// <summary>Reads non-empty, right-trimmed lines; throws when a row comes before any header.</summary>
    public static RenderedTable Parse(IReadOnlyList<string> lines)
    {
        var groups = new List<Group>();
        string? groupLabel = null;
        Group? current = null;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var group = Regex.Match(line, @"^\s+(\w+): (.+)$");
            if (group.Success && (i + 1 >= lines.Count || !IsDashLine(lines[i + 1])))
            {
                groupLabel = group.Groups[1].Value + ": " + group.Groups[2].Value;
                continue;
            }

            if (i + 1 < lines.Count && IsDashLine(lines[i + 1]))
            {
                var starts = Regex.Matches(lines[i + 1], "-+").Select(m => m.Index).ToArray();
                current = new Group(groupLabel, Cells(line, starts), starts, new List<Row>());
                groups.Add(current);
                i++;
                continue;
            }

            if (current is null)
            {
                throw new InvalidOperationException($"A row before any table header: '{line}'");
            }

            ((List<Row>)current.Rows).Add(new Row(current, line, Cells(line, current.ColumnStarts)));
        }

        return new RenderedTable(groups);
    }

    private static bool IsDashLine(string line) => Regex.IsMatch(line, @"^\s*-+( +-+)*\s*$");

    private static string[] Cells(string line, int[] starts) =>
        starts.Select((start, i) =>
        {
            if (start >= line.Length)
            {
                return "";
            }

            var end = i + 1 < starts.Length ? Math.Min(starts[i + 1], line.Length) : line.Length;
            return line.Substring(start, end - start).Trim();
        }).ToArray();

    public sealed record Group(string? Label, string[] Headers, int[] ColumnStarts, IReadOnlyList<Row> Rows);

    public sealed record Row(Group Group, string Line, string[] Cells)
    {
        public string this[string header] => Cells[Array.IndexOf(Group.Headers, header) is var i and >= 0 ? i : throw new KeyNotFoundException($"No column '{header}' in {string.Join(",", Group.Headers)}")];
    }
}
