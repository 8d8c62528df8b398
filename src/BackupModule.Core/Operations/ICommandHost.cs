using BackupModule.Errors;

namespace BackupModule.Operations
{
    /// <summary>
    /// The seam between what a cmdlet does and the PowerShell host it runs in (as PSReadLine's IConsole):
    /// the module implements it over PSCmdlet, tests implement it with a recorder. Calls may come from
    /// any thread; the module's implementation runs them on the pipeline thread.
    /// </summary>
    public interface ICommandHost
    {
        /// <summary>-WhatIf / -Confirm: false means do not perform the action.</summary>
        bool ShouldProcess(string target, string action);

        /// <summary>True when -Verbose output is wanted: the caller skips building what nobody reads.</summary>
        bool IsVerboseEnabled { get; }

        /// <summary>True when -Debug output is wanted.</summary>
        bool IsDebugEnabled { get; }

        void WriteObject(object item);

        /// <summary>Several objects in one call (one trip to the pipeline thread); stops at the first the pipeline refuses.</summary>
        void WriteObjects(System.Collections.Generic.IReadOnlyList<object> items);

        /// <summary>A non-terminating error about one item; the pipeline goes on.</summary>
        void WriteError(BackupServiceException error);

        void WriteWarning(string text);

        void WriteVerbose(string text);

        void WriteDebug(string text);

        void WriteProgress(ProgressUpdate update);
    }

    /// <summary>A progress record, in the terms of Write-Progress.</summary>
    public sealed class ProgressUpdate
    {
        public ProgressUpdate(int activityId, string activity, string status, int percentComplete = -1, int secondsRemaining = -1, bool completed = false)
        {
            ActivityId = activityId;
            Activity = activity;
            Status = status;
            PercentComplete = percentComplete;
            SecondsRemaining = secondsRemaining;
            Completed = completed;
        }

        public int ActivityId { get; }

        public string Activity { get; }

        public string Status { get; }

        public int PercentComplete { get; }

        public int SecondsRemaining { get; }

        public bool Completed { get; }
    }
}
