using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace BackupModule.Pipeline
{
    /// <summary>
    /// Windows PowerShell 5.1 (.NET Framework) applies no binding redirects for a module's dependencies,
    /// and System.Text.Json 8's graph asks for versions of System.Memory, System.Buffers, ... other than
    /// the ones shipped beside it. This loads the module folder's copy of any of those when the version
    /// asked for is not newer than the copy. pwsh 7 resolves them itself (from its shared framework) and
    /// gets no handler.
    /// </summary>
    public sealed class ModuleAssemblyResolver : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string ModuleDirectory = Path.GetDirectoryName(typeof(ModuleAssemblyResolver).Assembly.Location) ?? ".";

        public void OnImport()
        {
            if (RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal))
            {
                AppDomain.CurrentDomain.AssemblyResolve += Resolve;
            }
        }

        public void OnRemove(PSModuleInfo module) => AppDomain.CurrentDomain.AssemblyResolve -= Resolve;

        /// <summary>
        /// True when the module's copy may answer the request: same name, and not older than asked. The
        /// handler sees every failed bind in the process, so another module asking for a newer version
        /// (say System.Text.Json 9) must be left to fail rather than get our 8 and a MissingMethodException later.
        /// </summary>
        internal static bool CanServe(AssemblyName requested, AssemblyName shipped) =>
            string.Equals(requested.Name, shipped.Name, StringComparison.OrdinalIgnoreCase)
            && (requested.Version is null || shipped.Version is null || shipped.Version >= requested.Version);

        private static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            var requested = new AssemblyName(args.Name);
            var path = Path.Combine(ModuleDirectory, requested.Name + ".dll");
            return requested.Name is not null && File.Exists(path) && CanServe(requested, AssemblyName.GetAssemblyName(path))
                ? Assembly.LoadFrom(path)
                : null;
        }
    }
}
