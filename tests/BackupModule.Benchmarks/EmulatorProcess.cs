using System.Diagnostics;
using System.Text.RegularExpressions;

namespace BackupModule.Benchmarks;

/// <summary>
/// The emulator in a process of its own, so that allocations measured here are the client's alone.
/// Started from the emulator's build output next to this assembly; bound to 127.0.0.1 on a free port.
/// </summary>
public sealed partial class EmulatorProcess : IDisposable
{
    private readonly Process _process;

    private EmulatorProcess(Process process, Uri baseUri)
    {
        _process = process;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public static EmulatorProcess Start(params string[] arguments)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "BackupModule.Emulator.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { dll, "--urls", "http://127.0.0.1:0" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            var line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("The emulator exited: " + process.StandardError.ReadToEnd());
            var match = Banner().Match(line);
            if (match.Success)
            {
                // Keep draining its output so it never blocks on a full pipe.
                _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
                _ = process.StandardError.BaseStream.CopyToAsync(Stream.Null);
                return new EmulatorProcess(process, new Uri(match.Groups[1].Value + "/"));
            }
        }

        process.Kill();
        throw new TimeoutException("The emulator printed no banner.");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }

    [GeneratedRegex(@"listening on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex Banner();
}
