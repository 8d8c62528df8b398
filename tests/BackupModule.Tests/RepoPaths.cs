using System.Reflection;

namespace BackupModule.Tests;

/// <summary>
/// Where the repository is (the folder above the test binaries that holds BackupModule.sln), and where the
/// build of this test run's configuration laid the module out (Directory.Build.targets: out/BackupModule for
/// Release, out/&lt;Configuration&gt;/BackupModule for any other).
/// </summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> RootDir = new(FindRoot);

    public static string Root => RootDir.Value;

    /// <summary>The laid-out module folder of this configuration.</summary>
    public static string LayoutDir => BuildMetadata("BackupModuleLayoutDir");

    /// <summary>The folder of this configuration's PowerShell Gallery package.</summary>
    public static string PackageDir => BuildMetadata("BackupModulePackageDir");

    private static string BuildMetadata(string key) =>
        typeof(RepoPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"The test assembly has no {key}: its project must set BackupModuleReadsLayout (Directory.Build.targets).");

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
