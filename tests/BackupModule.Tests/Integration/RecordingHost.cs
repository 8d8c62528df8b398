using BackupModule.Errors;
using BackupModule.Http;
using BackupModule.Operations;
using BackupModule.Waiting;

namespace BackupModule.Tests.Integration;

/// <summary>The host seam as a recorder: what a cmdlet would have written to each PowerShell stream.</summary>
public sealed class RecordingHost : ICommandHost, IHttpCallLog
{
    private readonly object _gate = new();

    /// <summary>The operations a cmdlet would run through this host, polling every 50-200 ms so that waits end soon.</summary>
    public ClusterBackupOperations Operations(CancellationToken cancellation = default) =>
        new(this, cancellation) { WaitPolicy = timeout => new WaitOptions(timeout) { InitialInterval = TimeSpan.FromMilliseconds(50), MaxInterval = TimeSpan.FromMilliseconds(200) } };

    /// <summary>What ShouldProcess answers: false is -WhatIf (or "No" at the prompt).</summary>
    public bool Approve { get; set; } = true;

    public List<(string Target, string Action)> ShouldProcessCalls { get; } = new();

    public List<object> Output { get; } = new();

    public List<BackupServiceException> Errors { get; } = new();

    public List<string> Warnings { get; } = new();

    public List<string> Verbose { get; } = new();

    public List<string> Debug { get; } = new();

    public List<ProgressUpdate> Progress { get; } = new();

    /// <summary>Every text the user could see, for secret checks.</summary>
    public IEnumerable<string> AllText
    {
        get
        {
            lock (_gate)
            {
                return Verbose.Concat(Debug).Concat(Warnings)
                    .Concat(Errors.SelectMany(e => new[] { e.Message, e.RecommendedAction ?? "", e.Target?.ToString() ?? "", e.InnerException?.Message ?? "" }.Concat(e.ServiceMessages)))
                    .Concat(Progress.Select(p => p.Activity + " " + p.Status))
                    .Concat(Output.Select(o => o.ToString() ?? ""))
                    .ToArray();
            }
        }
    }

    public T Single<T>()
    {
        lock (_gate)
        {
            return Assert.Single(Output.OfType<T>());
        }
    }

    public BackupServiceException SingleError()
    {
        lock (_gate)
        {
            return Assert.Single(Errors);
        }
    }

    public bool ShouldProcess(string target, string action)
    {
        lock (_gate)
        {
            ShouldProcessCalls.Add((target, action));
        }

        return Approve;
    }

    public bool IsVerboseEnabled { get; set; } = true;

    public bool IsDebugEnabled { get; set; } = true;

    public bool WantsCalls => IsVerboseEnabled;

    public bool WantsDump => IsDebugEnabled;

    /// <summary>How many times objects were written in one call (WriteObject or WriteObjects).</summary>
    public int WriteCalls { get; private set; }

    public void WriteObject(object item)
    {
        WriteCalls++;
        Add(Output, item);
    }

    public void WriteObjects(IReadOnlyList<object> items)
    {
        WriteCalls++;
        foreach (var item in items)
        {
            Add(Output, item);
        }
    }

    public void WriteError(BackupServiceException error) => Add(Errors, error);

    public void WriteWarning(string text) => Add(Warnings, text);

    public void WriteVerbose(string text) => Add(Verbose, text);

    public void WriteDebug(string text) => Add(Debug, text);

    public void WriteProgress(ProgressUpdate update) => Add(Progress, update);

    public void OnCall(HttpCallRecord record) => WriteVerbose(record.ToVerboseLine());

    public void OnDump(string redactedExchange) => WriteDebug(redactedExchange);

    private void Add<T>(List<T> list, T item)
    {
        lock (_gate)
        {
            list.Add(item);
        }
    }
}
