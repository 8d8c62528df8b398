using System.Linq;
using System.Reflection;
using BackupModule.Pipeline;
using Xunit;

namespace BackupModule.Tests.Module;

/// <summary>
/// The Windows PowerShell 5.1 resolver's rule (the handler itself only runs on .NET Framework, in the
/// workflow's 5.1 leg): it serves the module's copy for requests not newer than that copy.
/// </summary>
public sealed class ModuleAssemblyResolverTests
{
    [Theory]
    [InlineData("System.Memory, Version=4.0.1.1, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", "System.Memory, Version=4.0.1.2", true)]
    [InlineData("System.Text.Json, Version=8.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", "System.Text.Json, Version=8.0.0.0", true)]
    [InlineData("system.text.json, Version=6.0.0.0", "System.Text.Json, Version=8.0.0.0", true)]
    [InlineData("System.Text.Json, Version=9.0.0.0, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51", "System.Text.Json, Version=8.0.0.0", false)]
    [InlineData("System.Text.Json", "System.Text.Json, Version=8.0.0.0", true)]
    [InlineData("System.Buffers, Version=4.0.3.0", "System.Memory, Version=4.0.1.2", false)]
    public void Serves_the_module_copy_only_when_it_is_the_same_name_and_not_older(string requested, string shipped, bool expected) =>
        Assert.Equal(expected, ModuleAssemblyResolver.CanServe(new AssemblyName(requested), new AssemblyName(shipped)));
}

/// <summary>
/// Reads the laid-out module folder: every reference one shipped assembly makes to another shipped one
/// must be servable by the resolver on 5.1 (else Windows PowerShell would fail to load it), and nothing
/// beyond System.Text.Json's own graph ships.
/// </summary>
public sealed class ShippedDependencyTests
{
    private static string LayoutDir => RepoPaths.LayoutDir;

    [Fact]
    public void Every_reference_between_shipped_assemblies_is_served_by_the_resolver()
    {
        var shipped = System.IO.Directory.GetFiles(LayoutDir, "*.dll")
            .ToDictionary(p => AssemblyName.GetAssemblyName(p).Name!, p => AssemblyName.GetAssemblyName(p), System.StringComparer.OrdinalIgnoreCase);
        var checkedReferences = 0;
        foreach (var path in System.IO.Directory.GetFiles(LayoutDir, "*.dll"))
        {
            using var stream = System.IO.File.OpenRead(path);
            using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
            var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
            foreach (var handle in metadata.AssemblyReferences)
            {
                var reference = metadata.GetAssemblyReference(handle).GetAssemblyName();
                if (shipped.TryGetValue(reference.Name!, out var copy))
                {
                    checkedReferences++;
                    Assert.True(
                        ModuleAssemblyResolver.CanServe(reference, copy),
                        $"{System.IO.Path.GetFileName(path)} asks for {reference.FullName}; the module ships {copy.FullName}.");
                }
            }
        }

        // BackupModule -> Core -> System.Text.Json -> System.Memory, ...: a handful at least.
        Assert.True(checkedReferences >= 8, $"only {checkedReferences} references between shipped assemblies");
    }

    [Fact]
    public void System_Text_Json_ships_as_8_0()
    {
        var json = AssemblyName.GetAssemblyName(System.IO.Path.Combine(LayoutDir, "System.Text.Json.dll"));
        Assert.Equal(new System.Version(8, 0, 0, 0), json.Version);
    }
}
