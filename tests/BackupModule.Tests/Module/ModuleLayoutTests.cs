using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace BackupModule.Tests.Module
{
    /// <summary>
    /// The shipped module agrees with itself: the manifest exports exactly the cmdlets the assembly
    /// defines, every cmdlet has help, the format views name real properties, and the build lays the
    /// module out in out/BackupModule/ without the PowerShellStandard stub.
    /// </summary>
    public class ModuleLayoutTests
    {
        private const string CmdletAttributeName = "System.Management.Automation.CmdletAttribute";
        private const string ParameterAttributeName = "System.Management.Automation.ParameterAttribute";
        private const string AliasAttributeName = "System.Management.Automation.AliasAttribute";

        private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
        private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

        private static readonly Assembly ModuleAssembly = typeof(BackupModule.Commands.ConnectClusterBackupServiceCommand).Assembly;
        private static readonly Assembly CoreAssembly = typeof(BackupModule.Model.ClusterBackup).Assembly;

        private static string RepoRoot => RepoPaths.Root;

        private static string ManifestPath => Path.Combine(RepoRoot, "BackupModule.psd1");

        private static string ModuleSourceDir => Path.Combine(RepoRoot, "src", "BackupModule");

        private static string LayoutDir => RepoPaths.LayoutDir;

        // ---------------------------------------------------------------- manifest

        [Fact]
        public void Manifest_exports_exactly_the_cmdlets_the_assembly_defines()
        {
            var declared = ReadList(ManifestText(), "CmdletsToExport");
            var defined = CmdletNames().Keys.ToList();

            Assert.NotEmpty(defined);
            Assert.Equal(declared.Count, declared.Distinct(StringComparer.OrdinalIgnoreCase).Count());
            Assert.Equal(defined.OrderBy(n => n, StringComparer.Ordinal), declared.OrderBy(n => n, StringComparer.Ordinal));
        }

        [Theory]
        [InlineData("FunctionsToExport")]
        [InlineData("AliasesToExport")]
        [InlineData("VariablesToExport")]
        public void Manifest_exports_nothing_but_cmdlets(string key)
        {
            var text = ManifestText();
            Assert.Matches(new Regex(@"(?m)^\s*" + key + @"\s*=\s*@\(\s*\)"), text);
        }

        [Fact]
        public void Manifest_targets_Windows_PowerShell_5_1_and_PowerShell_7()
        {
            var text = ManifestText();
            var editions = ReadList(text, "CompatiblePSEditions");
            Assert.Equal(new[] { "Core", "Desktop" }, editions.OrderBy(e => e, StringComparer.Ordinal));
            Assert.Equal("5.1", ReadScalar(text, "PowerShellVersion"));
            // The root manifest points into the Release layout; the shipped copy's paths are relative (PackageTests).
            Assert.Equal("out/BackupModule/BackupModule.dll", ReadScalar(text, "RootModule"));
            Assert.Matches(new Regex(@"^\d+\.\d+\.\d+$"), ReadScalar(text, "ModuleVersion"));
            Assert.True(Guid.TryParse(ReadScalar(text, "GUID"), out _), "GUID must be a GUID");
        }

        [Fact]
        public void Manifest_formats_are_the_module_format_file()
        {
            var formats = ReadList(ManifestText(), "FormatsToProcess");
            Assert.Equal(new[] { "out/BackupModule/BackupModule.Format.ps1xml" }, formats);
            Assert.True(File.Exists(Path.Combine(ModuleSourceDir, "BackupModule.Format.ps1xml")));
        }

        [Fact]
        public void Manifest_version_matches_the_assembly_version()
        {
            var manifestVersion = Version.Parse(ReadScalar(ManifestText(), "ModuleVersion"));
            var assemblyVersion = ModuleAssembly.GetName().Version!;
            Assert.Equal(manifestVersion, new Version(assemblyVersion.Major, assemblyVersion.Minor, assemblyVersion.Build));
        }

        // ---------------------------------------------------------------- help

        [Fact]
        public void Help_has_one_entry_with_synopsis_description_and_example_per_cmdlet()
        {
            var commands = HelpCommands();
            var names = CmdletNames().Keys.ToList();

            Assert.Equal(
                names.OrderBy(n => n, StringComparer.Ordinal),
                commands.Keys.OrderBy(n => n, StringComparer.Ordinal));

            foreach (var (name, command) in commands)
            {
                var details = command.Element(Command + "details");
                Assert.True(details is not null, $"{name}: command:details missing");
                var synopsis = Paras(details!.Element(Maml + "description"));
                Assert.False(string.IsNullOrWhiteSpace(synopsis), $"{name}: synopsis missing");
                Assert.False(string.IsNullOrWhiteSpace(Paras(command.Element(Maml + "description"))), $"{name}: description missing");

                var verbNoun = name.Split('-');
                Assert.Equal(verbNoun[0], (string?)details.Element(Command + "verb"));
                Assert.Equal(verbNoun[1], (string?)details.Element(Command + "noun"));

                var examples = command.Element(Command + "examples")?.Elements(Command + "example").ToList() ?? new List<XElement>();
                Assert.True(examples.Count > 0, $"{name}: no example");
                foreach (var example in examples)
                {
                    Assert.False(string.IsNullOrWhiteSpace((string?)example.Element(Dev + "code")), $"{name}: an example has no code");
                    Assert.Contains(name, (string?)example.Element(Dev + "code") ?? "", StringComparison.OrdinalIgnoreCase);
                }
            }
        }

        [Fact]
        public void Help_documents_exactly_the_parameters_each_cmdlet_has()
        {
            var commands = HelpCommands();
            foreach (var (name, type) in CmdletNames())
            {
                Assert.True(commands.ContainsKey(name), $"{name}: no help entry");
                var documented = commands[name]
                    .Element(Command + "parameters")?
                    .Elements(Command + "parameter")
                    .Select(p => (string?)p.Element(Maml + "name") ?? "")
                    .ToList() ?? new List<string>();

                var expected = CmdletParameters(type).ToList();
                if (SupportsShouldProcess(type))
                {
                    expected.Add("WhatIf");
                    expected.Add("Confirm");
                }

                Assert.True(documented.Count == documented.Distinct(StringComparer.OrdinalIgnoreCase).Count(), $"{name}: a parameter is documented twice");
                Assert.Equal(
                    expected.OrderBy(n => n, StringComparer.OrdinalIgnoreCase),
                    documented.OrderBy(n => n, StringComparer.OrdinalIgnoreCase),
                    StringComparer.OrdinalIgnoreCase);

                // Aliases in help are the [Alias] names of the property.
                foreach (var parameter in commands[name].Element(Command + "parameters")!.Elements(Command + "parameter"))
                {
                    var parameterName = (string?)parameter.Element(Maml + "name") ?? "";
                    if (parameterName is "WhatIf" or "Confirm")
                    {
                        continue;
                    }

                    var helpAliases = ((string?)parameter.Attribute("aliases") ?? "none")
                        .Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries)
                        .Select(a => a.Trim())
                        .Where(a => a.Length > 0 && a != "none")
                        .OrderBy(a => a, StringComparer.OrdinalIgnoreCase);
                    Assert.Equal(ParameterAliases(type, parameterName).OrderBy(a => a, StringComparer.OrdinalIgnoreCase), helpAliases);
                }

                // Every syntax block names only documented parameters.
                var syntaxItems = commands[name].Element(Command + "syntax")?.Elements(Command + "syntaxItem").ToList() ?? new List<XElement>();
                Assert.True(syntaxItems.Count > 0, $"{name}: no syntax");
                foreach (var parameter in syntaxItems.SelectMany(s => s.Elements(Command + "parameter")))
                {
                    Assert.Contains((string?)parameter.Element(Maml + "name") ?? "", documented, StringComparer.OrdinalIgnoreCase);
                }
            }
        }

        // ---------------------------------------------------------------- formats

        [Fact]
        public void Format_views_name_public_types_and_their_properties()
        {
            var format = XDocument.Load(Path.Combine(ModuleSourceDir, "BackupModule.Format.ps1xml"));
            var views = format.Descendants("View").ToList();
            Assert.NotEmpty(views);

            foreach (var view in views)
            {
                var viewName = (string?)view.Element("Name") ?? "(unnamed)";
                var typeNames = view.Element("ViewSelectedBy")?.Elements("TypeName").Select(t => t.Value.Trim()).ToList() ?? new List<string>();
                Assert.True(typeNames.Count > 0, $"{viewName}: no TypeName");

                foreach (var typeName in typeNames)
                {
                    var type = CoreAssembly.GetType(typeName, throwOnError: false) ?? ModuleAssembly.GetType(typeName, throwOnError: false);
                    Assert.True(type is not null, $"{viewName}: {typeName} is not a type of BackupModule.Core or BackupModule");
                    Assert.True(type!.IsPublic, $"{viewName}: {typeName} is not public");

                    foreach (var property in view.Descendants("PropertyName").Select(p => p.Value.Trim()))
                    {
                        Assert.True(
                            type.GetProperty(property, BindingFlags.Public | BindingFlags.Instance) is not null,
                            $"{viewName}: {typeName} has no public property {property}");
                    }
                }
            }

            // Every type the cmdlets emit has a table view.
            foreach (var typeName in new[] { "BackupModule.Model.ClusterBackup", "BackupModule.Model.ClusterBackupJob", "BackupModule.Model.BackupConnection" })
            {
                Assert.Contains(views, v => v.Element("TableControl") is not null
                    && v.Element("ViewSelectedBy")!.Elements("TypeName").Any(t => t.Value.Trim() == typeName));
            }
        }

        // ---------------------------------------------------------------- layout

        [Fact]
        public void Build_lays_out_the_module_without_the_PowerShell_stub()
        {
            Assert.True(Directory.Exists(LayoutDir), $"{LayoutDir} does not exist: the module layout target did not run");

            var expected = new[]
            {
                "BackupModule.psd1",
                "BackupModule.dll",
                "BackupModule.Core.dll",
                "BackupModule.Format.ps1xml",
                "System.Text.Json.dll",
                "Microsoft.Bcl.AsyncInterfaces.dll",
                "System.Buffers.dll",
                "System.Memory.dll",
                "System.Numerics.Vectors.dll",
                "System.Runtime.CompilerServices.Unsafe.dll",
                "System.Text.Encodings.Web.dll",
                "System.Threading.Tasks.Extensions.dll",
                Path.Combine("en-US", "BackupModule.dll-Help.xml"),
                Path.Combine("en-US", "about_BackupModule.help.txt"),
            };
            foreach (var file in expected)
            {
                Assert.True(File.Exists(Path.Combine(LayoutDir, file)), $"out/BackupModule/{file} is missing");
            }

            Assert.False(File.Exists(Path.Combine(LayoutDir, "System.Management.Automation.dll")), "System.Management.Automation.dll must never ship");
            Assert.Empty(Directory.GetFiles(LayoutDir, "System.Management.Automation*", SearchOption.AllDirectories));
        }

        [Fact]
        public void Layout_manifest_is_the_repository_manifest()
        {
            var laidOut = Path.Combine(LayoutDir, "BackupModule.psd1");
            Assert.True(File.Exists(laidOut), $"{laidOut} is missing");
            // The same text less the root's prefix into the layout (the versions agree: Root_manifest_version_is_...).
            Assert.Equal(File.ReadAllText(ManifestPath).Replace("'out/BackupModule/", "'"), File.ReadAllText(laidOut));
        }

        // ---------------------------------------------------------------- helpers

        private static string ManifestText() => File.ReadAllText(ManifestPath);

        /// <summary>Key = 'value' (single or double quotes).</summary>
        private static string ReadScalar(string manifest, string key)
        {
            var match = Regex.Match(manifest, @"(?m)^\s*" + key + @"\s*=\s*['""]([^'""]*)['""]");
            Assert.True(match.Success, $"{key} not found in BackupModule.psd1");
            return match.Groups[1].Value;
        }

        /// <summary>Key = @('a', 'b', ...) over one or more lines; comments are not expected inside.</summary>
        private static List<string> ReadList(string manifest, string key)
        {
            var match = Regex.Match(manifest, @"(?ms)^\s*" + key + @"\s*=\s*@\((.*?)\)");
            Assert.True(match.Success, $"{key} = @(...) not found in BackupModule.psd1");
            return Regex.Matches(match.Groups[1].Value, @"['""]([^'""]+)['""]")
                .Cast<Match>()
                .Select(m => m.Groups[1].Value)
                .ToList();
        }

        /// <summary>Verb-Noun of every public type carrying [Cmdlet], read without loading PowerShell.</summary>
        private static Dictionary<string, Type> CmdletNames()
        {
            var result = new Dictionary<string, Type>(StringComparer.Ordinal);
            foreach (var type in ModuleAssembly.GetExportedTypes())
            {
                var cmdlet = type.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.FullName == CmdletAttributeName);
                if (cmdlet is null)
                {
                    continue;
                }

                var verb = (string)cmdlet.ConstructorArguments[0].Value!;
                var noun = (string)cmdlet.ConstructorArguments[1].Value!;
                result.Add(verb + "-" + noun, type);
            }

            return result;
        }

        private static bool SupportsShouldProcess(Type type)
        {
            var cmdlet = type.GetCustomAttributesData().First(a => a.AttributeType.FullName == CmdletAttributeName);
            return cmdlet.NamedArguments.Any(a => a.MemberName == "SupportsShouldProcess" && a.TypedValue.Value is true);
        }

        /// <summary>Names of the public properties that carry [Parameter].</summary>
        /// <summary>The documented parameters: hidden ones ([Parameter(DontShow = true)], pipeline plumbing) are not, as in PowerShell's own help.</summary>
        private static IEnumerable<string> CmdletParameters(Type type) =>
            type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.GetCustomAttributesData().Any(a => a.AttributeType.FullName == ParameterAttributeName))
                .Where(p => !p.GetCustomAttributesData().Any(a => a.AttributeType.FullName == ParameterAttributeName
                    && a.NamedArguments.Any(n => n.MemberName == "DontShow" && n.TypedValue.Value is true)))
                .Select(p => p.Name)
                .Distinct(StringComparer.Ordinal);

        /// <summary>The [Alias] names of one parameter property.</summary>
        private static IEnumerable<string> ParameterAliases(Type type, string parameter)
        {
            var property = type.GetProperty(parameter, BindingFlags.Public | BindingFlags.Instance);
            if (property is null)
            {
                return Array.Empty<string>();
            }

            return property.GetCustomAttributesData()
                .Where(a => a.AttributeType.FullName == AliasAttributeName)
                .SelectMany(a => a.ConstructorArguments)
                .SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> many
                    ? many.Select(m => (string)m.Value!)
                    : new[] { (string)arg.Value! })
                .ToList();
        }

        private static Dictionary<string, XElement> HelpCommands()
        {
            var path = Path.Combine(ModuleSourceDir, "en-US", "BackupModule.dll-Help.xml");
            var help = XDocument.Load(path);
            var result = new Dictionary<string, XElement>(StringComparer.Ordinal);
            foreach (var command in help.Root!.Elements(Command + "command"))
            {
                var name = ((string?)command.Element(Command + "details")?.Element(Command + "name") ?? "").Trim();
                Assert.False(result.ContainsKey(name), $"help documents {name} twice");
                result.Add(name, command);
            }

            return result;
        }

        private static string Paras(XElement? description) =>
            description is null
                ? ""
                : string.Join("\n", description.Elements(Maml + "para").Select(p => p.Value.Trim()));
    }
}
