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
    /// the ones shipped beside it. This loads the module folder's copy of any of those, whatever version
    /// is asked. pwsh 7 resolves them itself and gets no handler.
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

        private static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            var name = new AssemblyName(args.Name).Name;
            var path = Path.Combine(ModuleDirectory, name + ".dll");
            return name is not null && File.Exists(path) ? Assembly.LoadFrom(path) : null;
        }
    }
}
