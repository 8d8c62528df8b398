using System;
using System.Management.Automation;
using BackupModule.Model;
using BackupModule.Pipeline;

namespace BackupModule.Commands
{
    /// <summary>
    /// Sets a cluster's automatic backup schedule (Zilliz Cloud): the weekdays, a two-hour UTC window and
    /// how many days each automatic backup is kept; or turns it off with -Disable.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "ClusterBackupPolicy", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = EnableSet)]
    [OutputType(typeof(BackupPolicy))]
    public sealed class SetClusterBackupPolicyCommand : ConnectedBackupCmdlet
    {
        private const string EnableSet = "Enable";
        private const string DisableSet = "Disable";

        /// <summary>The cluster; the connection's -ClusterId when omitted.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        // Not NotNullOrEmpty: a piped connection without a default cluster binds null here, meaning its own.
        [ValidateNotEmpty]
        [ArgumentCompleter(typeof(ClusterIdCompleter))]
        public string? ClusterId { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = EnableSet)]
        [ValidateNotNullOrEmpty]
        public DayOfWeek[] DayOfWeek { get; set; } = new DayOfWeek[0];

        /// <summary>Start of the two-hour backup window, UTC (e.g. 02:00).</summary>
        [Parameter(Mandatory = true, ParameterSetName = EnableSet)]
        public TimeSpan WindowStartUtc { get; set; }

        /// <summary>How long automatic backups are kept, 1-30 days.</summary>
        [Parameter(Mandatory = true, ParameterSetName = EnableSet)]
        [ValidateRange(1, 30)]
        public int RetentionDays { get; set; }

        /// <summary>Regions each automatic backup is also copied to; an empty list removes the copies. Not sent when omitted.</summary>
        [Parameter(ParameterSetName = EnableSet)]
        [AllowEmptyCollection]
        [ArgumentCompleter(typeof(RegionIdCompleter))]
        public string[]? CopyToRegion { get; set; }

        /// <summary>How long each cross-region copy is kept, 1-30 days; -RetentionDays when omitted.</summary>
        [Parameter(ParameterSetName = EnableSet)]
        [ValidateRange(1, 30)]
        public int? CopyRetentionDays { get; set; }

        /// <summary>Turns automatic backups off.</summary>
        [Parameter(Mandatory = true, ParameterSetName = DisableSet)]
        public SwitchParameter Disable { get; set; }

        /// <summary>Writes the policy as the service now has it.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var change = ParameterSetName == DisableSet
                ? BackupPolicyChange.Disable(ClusterId)
                : BackupPolicyChange.Enable(ClusterId, DayOfWeek, WindowStartUtc, RetentionDays, CopyToRegion, CopyRetentionDays);
            RunConnected((operations, connection) => operations.SetPolicyAsync(connection, change, PassThru.IsPresent));
        }
    }
}
