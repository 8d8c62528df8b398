using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using BackupModule.Errors;
using BackupModule.Pipeline;
using BackupModule.Model;
using BackupModule.Operations;

namespace BackupModule.Commands
{
    /// <summary>
    /// What every cmdlet of the module shares: a cancellation source made in BeginProcessing, cancelled
    /// by StopProcessing (Ctrl+C) and disposed at the end, and a bridge that runs the core's
    /// asynchronous operations with host calls kept on the pipeline thread.
    /// </summary>
    public abstract class BackupCmdlet : PSCmdlet, IDisposable
    {
        private readonly PipelineDispatcher _dispatcher = new PipelineDispatcher();
        private CancellationTokenSource? _cancellation;
        private ClusterBackupOperations? _operations;

        /// <summary>-Force: proceed without the confirmation prompt (-WhatIf and an explicit -Confirm still count).</summary>
        protected virtual bool SkipConfirmation => false;

        public void Dispose()
        {
            _cancellation?.Dispose();
            _cancellation = null;
        }

        internal bool Approve(string target, string action)
        {
            if (SkipConfirmation && !MyInvocation.BoundParameters.ContainsKey("Confirm") && !WhatIfRequested())
            {
                return true;
            }

            return ShouldProcess(target, action);
        }

        protected override void BeginProcessing() => _cancellation = new CancellationTokenSource();

        protected override void StopProcessing() => _cancellation?.Cancel();

        protected override void EndProcessing() => Dispose();

        /// <summary>Runs one operation of the core; errors it cannot write per item end the command.</summary>
        protected void Run(Func<ClusterBackupOperations, Task> operation)
        {
            var cancellation = (_cancellation ??= new CancellationTokenSource()).Token;
            // One host per invocation, made on the pipeline thread (it reads the preferences once), reused by every record.
            var operations = _operations ??= new ClusterBackupOperations(new CmdletCommandHost(this, _dispatcher), cancellation);
            try
            {
                _dispatcher.Run(() => operation(operations));
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (BackupServiceException error)
            {
                ThrowTerminatingError(ErrorRecords.From(error));
            }
        }

        private bool WhatIfRequested()
        {
            if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var bound))
            {
                return bound is SwitchParameter sw ? sw.IsPresent : bound is bool b && b;
            }

            var preference = GetVariableValue("WhatIfPreference");
            return preference is SwitchParameter p ? p.IsPresent : preference is bool v && v;
        }
    }

    /// <summary>A cmdlet that talks to a back end: -Connection, else the session default, else the environment.</summary>
    public abstract class ConnectedBackupCmdlet : BackupCmdlet
    {
        /// <summary>
        /// A connection, or the name of one made in this session. Bound from the pipeline by property name, so
        /// objects go back to the cluster they came from.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ConnectionNameTransformation]
        [ArgumentCompleter(typeof(ConnectionNameCompleter))]
        public BackupConnection? Connection { get; set; }

        /// <summary>
        /// A connection piped by value, so <c>Get-ClusterBackupService | Get-ClusterBackup</c> runs once per
        /// connection. Separate from -Connection (and hidden) because -Connection turns strings into named
        /// connections: by value there, every piped backup id would be taken for a connection name.
        /// </summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public BackupConnection? InputConnection { get; set; }

        protected void RunConnected(Func<ClusterBackupOperations, BackupConnection, Task> operation) =>
            Run(operations => operation(operations, SessionConnections.Resolve(Connection ?? InputConnection, Environment.GetEnvironmentVariable, operations.Host)));
    }

    /// <summary>
    /// A cmdlet that acts on one existing backup: -Id (alias BackupId) and -ClusterId, both bound by property
    /// name, so backups piped from Get-ClusterBackup go back to their own cluster.
    /// </summary>
    public abstract class ExistingBackupCmdlet : ConnectedBackupCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("BackupId")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(BackupIdCompleter))]
        public string Id { get; set; } = "";

        /// <summary>Zilliz Cloud: the cluster the backup belongs to; the connection's -ClusterId when omitted.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        // Not NotNullOrEmpty: a piped connection without a default cluster binds null here, meaning its own.
        [ValidateNotEmpty]
        [ArgumentCompleter(typeof(ClusterIdCompleter))]
        public string? ClusterId { get; set; }
    }
}
