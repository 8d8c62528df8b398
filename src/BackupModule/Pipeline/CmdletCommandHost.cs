using System.Collections.Generic;
using System.Management.Automation;
using BackupModule.Commands;
using BackupModule.Errors;
using BackupModule.Operations;

namespace BackupModule.Pipeline
{
    /// <summary>
    /// The core's host seam over a running cmdlet; every call goes to the pipeline thread. Verbose and
    /// debug text nobody will see never makes that trip: the preferences are read once, on the pipeline
    /// thread, when the host is made.
    /// </summary>
    internal sealed class CmdletCommandHost : ICommandHost
    {
        private readonly BackupCmdlet _cmdlet;
        private readonly PipelineDispatcher _dispatcher;

        public CmdletCommandHost(BackupCmdlet cmdlet, PipelineDispatcher dispatcher)
        {
            _cmdlet = cmdlet;
            _dispatcher = dispatcher;
            IsVerboseEnabled = Wanted(cmdlet, "Verbose", "VerbosePreference");
            IsDebugEnabled = Wanted(cmdlet, "Debug", "DebugPreference");
        }

        public bool IsVerboseEnabled { get; }

        public bool IsDebugEnabled { get; }

        public bool ShouldProcess(string target, string action) => _dispatcher.Invoke(() => _cmdlet.Approve(target, action));

        public void WriteObject(object item) => _dispatcher.Invoke(() => _cmdlet.WriteObject(JobCredential.Attach(item)));

        public void WriteObjects(IReadOnlyList<object> items)
        {
            if (items.Count == 0)
            {
                return;
            }

            _dispatcher.Invoke(() =>
            {
                foreach (var item in items)
                {
                    _cmdlet.WriteObject(JobCredential.Attach(item));
                }
            });
        }

        public void WriteError(BackupServiceException error) => _dispatcher.Invoke(() => _cmdlet.WriteError(ErrorRecords.From(error)));

        public void WriteWarning(string text) => _dispatcher.Invoke(() => _cmdlet.WriteWarning(text));

        public void WriteVerbose(string text)
        {
            if (IsVerboseEnabled)
            {
                _dispatcher.Invoke(() => _cmdlet.WriteVerbose(text));
            }
        }

        public void WriteDebug(string text)
        {
            if (IsDebugEnabled)
            {
                _dispatcher.Invoke(() => _cmdlet.WriteDebug(text));
            }
        }

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

        /// <summary>
        /// -Verbose/-Debug given to the cmdlet, else the preference variable in scope (a script's
        /// $VerbosePreference = 'Continue' counts); SilentlyContinue and Ignore mean nobody reads it.
        /// </summary>
        private static bool Wanted(PSCmdlet cmdlet, string parameter, string preferenceVariable)
        {
            if (cmdlet.MyInvocation.BoundParameters.TryGetValue(parameter, out var bound))
            {
                return bound is SwitchParameter sw ? sw.IsPresent : bound is bool b && b;
            }

            var preference = cmdlet.GetVariableValue(preferenceVariable);
            if (preference is ActionPreference action)
            {
                return action != ActionPreference.SilentlyContinue && action != ActionPreference.Ignore;
            }

            // A preference set to a string ('Continue') is converted by PowerShell when used; do the same.
            return preference is string text
                && System.Enum.TryParse<ActionPreference>(text, ignoreCase: true, out var parsed)
                && parsed != ActionPreference.SilentlyContinue
                && parsed != ActionPreference.Ignore;
        }
    }
}
