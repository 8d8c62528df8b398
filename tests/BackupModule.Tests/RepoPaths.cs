namespace BackupModule.Tests;

/// <summary>Where the repository is: the folder above the test binaries that holds BackupModule.sln.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> RootDir = new(FindRoot);

    public static string Root => RootDir.Value;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BackupModule.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No BackupModule.sln above {AppContext.BaseDirectory}");
    }
}
