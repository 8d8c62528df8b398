using System.Management.Automation;
using BackupModule.Commands;
using BackupModule.Errors;
using BackupModule.Operations;

namespace BackupModule.Pipeline
{
    /// <summary>The core's host seam over a running cmdlet; every call goes to the pipeline thread.</summary>
    internal sealed class CmdletCommandHost : ICommandHost
    {
        private readonly BackupCmdlet _cmdlet;
        private readonly PipelineDispatcher _dispatcher;

        public CmdletCommandHost(BackupCmdlet cmdlet, PipelineDispatcher dispatcher)
        {
            _cmdlet = cmdlet;
            _dispatcher = dispatcher;
        }

        public bool ShouldProcess(string target, string action) => _dispatcher.Invoke(() => _cmdlet.Approve(target, action));

        public void WriteObject(object item) => _dispatcher.Invoke(() => _cmdlet.WriteObject(item));

        public void WriteError(BackupServiceException error) => _dispatcher.Invoke(() => _cmdlet.WriteError(ErrorRecords.From(error)));

        public void WriteWarning(string text) => _dispatcher.Invoke(() => _cmdlet.WriteWarning(text));

        public void WriteVerbose(string text) => _dispatcher.Invoke(() => _cmdlet.WriteVerbose(text));

        public void WriteDebug(string text) => _dispatcher.Invoke(() => _cmdlet.WriteDebug(text));

        public void WriteProgress(ProgressUpdate update) => _dispatcher.Invoke(() =>
        {
            var record = new ProgressRecord(update.ActivityId, update.Activity, update.Status)
            {
                PercentComplete = update.PercentComplete,
                SecondsRemaining = update.SecondsRemaining,
                RecordType = update.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            };
            _cmdlet.WriteProgress(record);
        });
    }
}
