using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using BackupModule.Model;
using BackupModule.Operations;

namespace BackupModule.Pipeline
{
    /// <summary>
    /// The thin PowerShell side of tab completion: reads -Connection (and the narrowing parameters) from what is
    /// already typed, asks <see cref="CompletionSource"/>, and turns its answers into CompletionResults. The
    /// core bounds, caches and swallows failures; this never throws either.
    /// </summary>
    public abstract class BackupArgumentCompleter : IArgumentCompleter
    {
        private readonly CompletionKind _kind;

        protected BackupArgumentCompleter(CompletionKind kind)
        {
            _kind = kind;
        }

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Results(() =>
            {
                var connection = Bound(fakeBoundParameters, "Connection") switch
                {
                    BackupConnection given => given,
                    string name => SessionConnections.Find(name),
                    _ => null,
                };
                string? Text(string name) => Bound(fakeBoundParameters, name) switch
                {
                    string s when s.Length > 0 => s,
                    _ => null,
                };

                return CompletionSource.Complete(connection, _kind, wordToComplete, Text);
            });

        /// <summary>The candidates as CompletionResults; none when asking for them fails (completion never throws).</summary>
        internal static CompletionResult[] Results(Func<IEnumerable<CompletionCandidate>> candidates)
        {
            try
            {
                return candidates()
                    .Select(c => new CompletionResult(c.CompletionText, c.Value, CompletionResultType.ParameterValue, c.ToolTip))
                    .ToArray();
            }
            catch (Exception)
            {
                return Array.Empty<CompletionResult>();
            }
        }

        private static object? Bound(IDictionary? fakeBoundParameters, string name)
        {
            if (fakeBoundParameters is null || !fakeBoundParameters.Contains(name))
            {
                return null;
            }

            var value = fakeBoundParameters[name];
            return value is PSObject wrapped ? wrapped.BaseObject : value;
        }
    }

    /// <summary>Backup ids, with label, status and creation time.</summary>
    public sealed class BackupIdCompleter : BackupArgumentCompleter
    {
        public BackupIdCompleter()
            : base(CompletionKind.BackupId)
        {
        }
    }

    /// <summary>Backup labels (Zilliz Cloud: backup names).</summary>
    public sealed class BackupLabelCompleter : BackupArgumentCompleter
    {
        public BackupLabelCompleter()
            : base(CompletionKind.Label)
        {
        }
    }

    /// <summary>Cluster ids: the connection's and those its backups belong to.</summary>
    public sealed class ClusterIdCompleter : BackupArgumentCompleter
    {
        public ClusterIdCompleter()
            : base(CompletionKind.ClusterId)
        {
        }
    }

    /// <summary>Zilliz Cloud collection names in the backups (narrowed by -Database and -Id when typed).</summary>
    public sealed class CollectionCompleter : BackupArgumentCompleter
    {
        public CollectionCompleter()
            : base(CompletionKind.Collection)
        {
        }
    }

    /// <summary>Zilliz Cloud database names in the backups.</summary>
    public sealed class DatabaseCompleter : BackupArgumentCompleter
    {
        public DatabaseCompleter()
            : base(CompletionKind.Database)
        {
        }
    }

    /// <summary>Zilliz Cloud region ids the connection's backups are kept in (for cross-region copies).</summary>
    public sealed class RegionIdCompleter : BackupArgumentCompleter
    {
        public RegionIdCompleter()
            : base(CompletionKind.RegionId)
        {
        }
    }

    /// <summary>Job ids: those started through the connection and those its backups name.</summary>
    public sealed class JobIdCompleter : BackupArgumentCompleter
    {
        public JobIdCompleter()
            : base(CompletionKind.JobId)
        {
        }
    }

    /// <summary>The names of this session's connections (Connect-ClusterBackupService -Name), from the registry: no request.</summary>
    public sealed class ConnectionNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters) =>
            BackupArgumentCompleter.Results(() => CompletionSource.ConnectionNames(wordToComplete));
    }
}
