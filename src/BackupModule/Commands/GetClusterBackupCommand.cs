using System;
using System.Management.Automation;
using BackupModule.Model;
using BackupModule.Pipeline;
using BackupModule.Operations;

namespace BackupModule.Commands
{
    /// <summary>
    /// Lists backups (filtered by label wildcard, status, and for Zilliz Cloud by cluster, scope and
    /// creation method) or shows them by id, streaming each into the pipeline as it arrives.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ClusterBackup", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(ClusterBackup))]
    public sealed class GetClusterBackupCommand : ConnectedBackupCmdlet
    {
        private const string ListSet = "List";
        private const string IdSet = "Id";

        /// <summary>The label (DC/OS) or backup name (Zilliz Cloud); wildcards allowed.</summary>
        [Parameter(Position = 0, ParameterSetName = ListSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(BackupLabelCompleter))]
        public string? Label { get; set; }

        [Parameter(ParameterSetName = ListSet)]
        public BackupStatus[]? Status { get; set; }

        /// <summary>Zilliz Cloud: whole-cluster or collection backups.</summary>
        [Parameter(ParameterSetName = ListSet)]
        public BackupScope? Scope { get; set; }

        /// <summary>Zilliz Cloud: manual backups or those the schedule made.</summary>
        [Parameter(ParameterSetName = ListSet)]
        public CreationMethod? CreationMethod { get; set; }

        /// <summary>Only backups created at or after this time (Zilliz Cloud filters with "start"; DC/OS lists are filtered here).</summary>
        [Parameter(ParameterSetName = ListSet)]
        public DateTime? CreatedAfter { get; set; }

        /// <summary>Only backups created before this time (Zilliz Cloud filters with "end").</summary>
        [Parameter(ParameterSetName = ListSet)]
        public DateTime? CreatedBefore { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(BackupIdCompleter))]
        public string[] Id { get; set; } = new string[0];

        /// <summary>
        /// Zilliz Cloud: the cluster whose backups to show; the connection's -ClusterId when omitted. Null passes
        /// validation: a piped connection without a cluster binds it so, and then lists like the connection alone.
        /// </summary>
        [Parameter(ParameterSetName = ListSet)]
        [Parameter(ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotEmpty]
        [ArgumentCompleter(typeof(ClusterIdCompleter))]
        public string? ClusterId { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == IdSet)
            {
                foreach (var id in Id)
                {
                    RunConnected((operations, connection) => operations.GetBackupAsync(connection, id, ClusterId));
                }

                return;
            }

            var pattern = Label is null ? null : new LabelPattern(Label);
            var query = new BackupQuery(clusterId: ClusterId, scope: Scope, creationMethod: CreationMethod, createdAfter: Moment(CreatedAfter), createdBefore: Moment(CreatedBefore));
            RunConnected((operations, connection) => operations.GetBackupsAsync(connection, query, pattern, Status));
        }

        /// <summary>A DateTime as typed or from Get-Date: Utc stays UTC, Local and Unspecified are this machine's local time.</summary>
        private static DateTimeOffset? Moment(DateTime? time) =>
            time is DateTime t ? (t.Kind == DateTimeKind.Utc ? new DateTimeOffset(t) : new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Local))) : (DateTimeOffset?)null;
    }
}
