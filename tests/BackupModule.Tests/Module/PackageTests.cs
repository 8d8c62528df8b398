using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace BackupModule.Tests.Module
{
    /// <summary>
    /// One version source and a PowerShell Gallery package: every build of src/BackupModule stamps
    /// Directory.Build.props' Version into out/BackupModule/BackupModule.psd1 and packs the layout into
    /// out/package/BackupModule.&lt;Version&gt;.nupkg (ModuleLayout.targets; Release paths, other configurations under
    /// out/&lt;Configuration&gt;/); these tests open what that build made.
    /// </summary>
    public class PackageTests
    {
        private static string RepoRoot => RepoPaths.Root;

        private static string Version
        {
            get
            {
                var props = XDocument.Load(Path.Combine(RepoRoot, "Directory.Build.props"));
                var version = props.Descendants("Version").Select(v => v.Value.Trim()).SingleOrDefault();
                Assert.False(string.IsNullOrEmpty(version), "Directory.Build.props has no <Version>");
                return version!;
            }
        }

        private static string PackagePath => Path.Combine(RepoPaths.PackageDir, $"BackupModule.{Version}.nupkg");

        private static string RootManifest => File.ReadAllText(Path.Combine(RepoRoot, "BackupModule.psd1"));

        [Fact]
        public void Root_manifest_version_is_the_Directory_Build_props_version()
        {
            Assert.Equal(Version, ReadScalar(RootManifest, "ModuleVersion"));
        }

        [Fact]
        public void Laid_out_manifest_is_the_root_manifest_stamped_with_the_version()
        {
            var laidOut = File.ReadAllText(Path.Combine(RepoPaths.LayoutDir, "BackupModule.psd1"));
            Assert.Equal(Version, ReadScalar(laidOut, "ModuleVersion"));
            Assert.Equal(WithoutVersion(RootManifest), WithoutVersion(laidOut));
            Assert.True(File.Exists(Path.Combine(RepoPaths.LayoutDir, "LICENSE")), "LICENSE is not laid out");
        }

        [Fact]
        public void Root_manifest_points_into_the_Release_layout_and_the_shipped_one_into_its_own_folder()
        {
            // The root manifest works where it stands after a Release build; the shipped copy is the same less the prefix.
            Assert.Equal("out/BackupModule/BackupModule.dll", ReadScalar(RootManifest, "RootModule"));
            Assert.Equal(new[] { "out/BackupModule/BackupModule.Format.ps1xml" }, ReadList(RootManifest, "FormatsToProcess"));
            var laidOut = File.ReadAllText(Path.Combine(RepoPaths.LayoutDir, "BackupModule.psd1"));
            Assert.Equal("BackupModule.dll", ReadScalar(laidOut, "RootModule"));
            Assert.Equal(new[] { "BackupModule.Format.ps1xml" }, ReadList(laidOut, "FormatsToProcess"));
            Assert.DoesNotContain("'out/", laidOut, StringComparison.Ordinal);
        }

        [Fact]
        public void Root_manifest_has_the_Gallery_metadata()
        {
            var text = RootManifest;
            var description = ReadScalar(text, "Description");
            Assert.Contains("DC/OS", description, StringComparison.Ordinal);
            Assert.Contains("Zilliz Cloud", description, StringComparison.Ordinal);
            // No placeholder address ships as a fact: the module has no public home yet.
            Assert.DoesNotMatch(new Regex(@"(?m)^\s*(ProjectUri|LicenseUri|HelpInfoURI)\s*="), text);
            Assert.Matches(new Regex(@"(?m)^\s*ReleaseNotes\s*=\s*@'\r?\n\S"), text);
            var tags = ReadList(text, "Tags");
            foreach (var tag in new[] { "PSEdition_Core", "PSEdition_Desktop", "Windows", "Linux", "MacOS" })
            {
                Assert.Contains(tag, tags);
            }

            var license = File.ReadAllText(Path.Combine(RepoRoot, "LICENSE"));
            Assert.StartsWith("MIT License", license, StringComparison.Ordinal);
            Assert.Contains("Copyright (c) 2026 BackupModule contributors", license, StringComparison.Ordinal);
        }

        [Fact]
        public void Nuspec_has_id_version_license_and_the_Gallery_tags()
        {
            using var zip = OpenPackage();
            var nuspecs = zip.Entries.Where(e => e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase)).ToList();
            var entry = Assert.Single(nuspecs);
            Assert.Equal("BackupModule.nuspec", entry.FullName);

            XDocument nuspec;
            using (var stream = entry.Open())
            {
                nuspec = XDocument.Load(stream);
            }

            var ns = nuspec.Root!.Name.Namespace;
            var metadata = nuspec.Root.Element(ns + "metadata")!;
            string Field(string name) => ((string?)metadata.Element(ns + name) ?? "").Trim();

            Assert.Equal("BackupModule", Field("id"));
            Assert.Equal(Version, Field("version"));
            Assert.Equal("BackupModule contributors", Field("authors"));
            Assert.Equal(ReadScalar(RootManifest, "Description"), Field("description"));
            Assert.Null(metadata.Element(ns + "projectUrl"));
            Assert.False(string.IsNullOrWhiteSpace(Field("releaseNotes")), "releaseNotes missing");

            var license = metadata.Element(ns + "license");
            Assert.NotNull(license);
            Assert.Equal("expression", (string?)license!.Attribute("type"));
            Assert.Equal("MIT", license.Value);

            var tags = Field("tags").Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
            var expected = new List<string> { "PSModule", "PSIncludes_Cmdlet", "PSEdition_Core", "PSEdition_Desktop", "Windows", "Linux", "MacOS" };
            var cmdlets = ReadList(RootManifest, "CmdletsToExport");
            Assert.NotEmpty(cmdlets);
            expected.AddRange(cmdlets.Select(c => "PSCmdlet_" + c));
            foreach (var tag in expected)
            {
                Assert.Contains(tag, tags);
            }

            Assert.Equal(tags.Length, tags.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        }

        [Fact]
        public void Package_holds_the_module_files_at_its_root_and_the_OPC_parts()
        {
            using var zip = OpenPackage();
            var names = zip.Entries.Select(e => e.FullName).ToList();

            foreach (var file in new[]
            {
                "BackupModule.psd1", "BackupModule.dll", "BackupModule.Core.dll", "System.Text.Json.dll",
                "BackupModule.Format.ps1xml", "LICENSE", "en-US/BackupModule.dll-Help.xml", "en-US/about_BackupModule.help.txt",
                "[Content_Types].xml", "_rels/.rels",
            })
            {
                Assert.Contains(file, names);
            }

            Assert.DoesNotContain(names, n => n.Contains('\\'));
            Assert.DoesNotContain(names, n => n.StartsWith("BackupModule/", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(names, n => Path.GetFileName(n).Equals("System.Management.Automation.dll", StringComparison.OrdinalIgnoreCase));

            // Every module file of the layout is in the package, and nothing else is beside the OPC parts.
            var layout = RepoPaths.LayoutDir;
            var laidOut = Directory.GetFiles(layout, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(layout, f).Replace('\\', '/'))
                .OrderBy(n => n, StringComparer.Ordinal);
            var packaged = names
                .Where(n => n != "[Content_Types].xml" && n != "BackupModule.nuspec" && !n.StartsWith("_rels/", StringComparison.Ordinal) && !n.StartsWith("package/", StringComparison.Ordinal))
                .OrderBy(n => n, StringComparer.Ordinal);
            Assert.Equal(laidOut, packaged);

            string rels;
            using (var reader = new StreamReader(zip.GetEntry("_rels/.rels")!.Open()))
            {
                rels = reader.ReadToEnd();
            }

            Assert.Contains("Target=\"/BackupModule.nuspec\"", rels, StringComparison.Ordinal);
            Assert.Contains("http://schemas.microsoft.com/packaging/2010/07/manifest", rels, StringComparison.Ordinal);
        }

        [Fact]
        public void Packaged_manifest_has_the_package_version()
        {
            using var zip = OpenPackage();
            string psd1;
            using (var reader = new StreamReader(zip.GetEntry("BackupModule.psd1")!.Open()))
            {
                psd1 = reader.ReadToEnd();
            }

            Assert.Equal(Version, ReadScalar(psd1, "ModuleVersion"));
            Assert.Equal(WithoutVersion(RootManifest), WithoutVersion(psd1));
        }

        private static ZipArchive OpenPackage()
        {
            Assert.True(File.Exists(PackagePath), $"{PackagePath} is missing: build src/BackupModule (dotnet build BackupModule.sln) first.");
            return ZipFile.OpenRead(PackagePath);
        }

        /// <summary>A manifest less what the build changes: the version it stamps, and the root's paths into out/BackupModule/.</summary>
        private static string WithoutVersion(string psd1) =>
            Regex.Replace(psd1, @"(?m)^(\s*ModuleVersion\s*=\s*)'[^']*'", "$1''").Replace("'out/BackupModule/", "'").Replace("\r\n", "\n");

        private static string ReadScalar(string text, string key)
        {
            var match = Regex.Match(text, @"(?m)^\s*" + key + @"\s*=\s*'((?:[^']|'')*)'");
            Assert.True(match.Success, $"{key} not found");
            return match.Groups[1].Value.Replace("''", "'");
        }

        private static List<string> ReadList(string text, string key)
        {
            var match = Regex.Match(text, @"(?m)^\s*" + key + @"\s*=\s*@\(([^)]*)\)");
            Assert.True(match.Success, $"{key} not found");
            return Regex.Matches(match.Groups[1].Value, @"'((?:[^']|'')*)'").Select(m => m.Groups[1].Value.Replace("''", "'")).ToList();
        }
    }
}
