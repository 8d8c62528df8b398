using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BackupModule.Errors;
using BackupModule.Model;
using BackupModule.Waiting;

namespace BackupModule.Operations
{
    /// <summary>
    /// What each cmdlet does, free of PowerShell and of any one back end: the cmdlets only bind
    /// parameters and call these, and each back end's <see cref="IBackupService"/> supplies its rules
    /// and words. Errors about one item are written through the host (non-terminating) so a pipeline
    /// goes on; cancellation ends the call at once.
    /// </summary>
    public sealed class ClusterBackupOperations
    {
        private const int WaitActivityId = 0x8ac;

        private readonly ICommandHost _host;
        private readonly CancellationToken _cancellation;

        public ClusterBackupOperations(ICommandHost host, CancellationToken cancellation)
        {
            _host = host;
            _cancellation = cancellation;
        }

        public ICommandHost Host => _host;

        /// <summary>How each wait polls; tests shorten it.</summary>
        public Func<TimeSpan, WaitOptions> WaitPolicy { get; set; } = timeout => new WaitOptions(timeout);

        public async Task NewBackupAsync(BackupConnection connection, NewBackupRequest request, TimeSpan? waitTimeout)
        {
            var service = Open(connection);
            try
            {
                service.ValidateNewBackup(request);

                // Read-only look first (also all that -WhatIf does): a held lock is worth a warning before the prompt.
                var blocking = await service.FindBlockingOperationAsync(request, _cancellation).ConfigureAwait(false);
                if (blocking is not null)
                {
                    _host.WriteWarning($"The service will refuse a new backup until this ends: {blocking}" + (waitTimeout is null ? "." : " (-Wait waits for it)."));
                }

                var action = request.CopyToRegions.Count == 0
                    ? "Create backup"
                    : $"Create backup, with a copy in {string.Join(", ", request.CopyToRegions)} (each copy is kept until deleted and its storage is billed in its region)";
                if (!_host.ShouldProcess($"{request.Subject} on {Where(connection, request.ClusterId)}", action))
                {
                    return;
                }

                var deadline = waitTimeout is TimeSpan t ? DateTimeOffset.UtcNow + t : (DateTimeOffset?)null;
                var backup = await CreateAsync(service, request, waitTimeout).ConfigureAwait(false);
                _host.WriteVerbose($"Backup {backup.Id} started ({backup.RawStatus})" + (backup.JobId is null ? "." : $"; job {backup.JobId}."));
                if (deadline is not DateTimeOffset end)
                {
                    _host.WriteObject(backup);
                    return;
                }

                await WaitForBackupAsync(service, backup, end, waitTimeout!.Value).ConfigureAwait(false);
            }
            catch (BackupServiceException ex)
            {
                _host.WriteError(ex.About(ex.Target ?? request.Subject));
            }
        }

        public async Task GetBackupsAsync(BackupConnection connection, BackupQuery query, LabelPattern? label, IReadOnlyCollection<BackupStatus>? statuses)
        {
            var service = Open(connection);
            var found = false;
            try
            {
                if (query.CreatedAfter >= query.CreatedBefore)
                {
                    throw new BackupServiceException(BackupErrorId.InvalidArgument, BackupErrorKind.InvalidArgument, $"-CreatedAfter ({query.CreatedAfter:u}) must be earlier than -CreatedBefore ({query.CreatedBefore:u}).", query.CreatedAfter);
                }

                await foreach (var page in service.ListBackupPagesAsync(label is null ? query : query.Matching(label), _cancellation).ConfigureAwait(false))
                {
                    // A page goes to the pipeline in one trip; a stopped pipeline ends the list before the next page.
                    var batch = new List<object>(page.Count);
                    foreach (var backup in page)
                    {
                        if ((label is null || label.IsMatch(backup.Label) || label.IsMatch(backup.Id))
                            && (statuses is null || statuses.Count == 0 || statuses.Contains(backup.Status)))
                        {
                            batch.Add(backup);
                        }
                    }

                    found |= batch.Count > 0;
                    _host.WriteObjects(batch);
                }
            }
            catch (BackupServiceException ex)
            {
                _host.WriteError(ex.About(ex.Target ?? label?.Pattern));
                return;
            }

            // As Get-Process -Name: a name without wildcards that matches nothing is an error; a pattern is not.
            if (!found && label is not null && !label.HasWildcards && (statuses is null || statuses.Count == 0))
            {
                _host.WriteError(new BackupServiceException(BackupErrorId.BackupNotFound, BackupErrorKind.NotFound, $"No backup with label '{Shown.Value(label.Pattern)}' exists on {connection.Uri}.", label.Pattern));
            }
        }

        public async Task GetBackupAsync(BackupConnection connection, string backupId, string? clusterId)
        {
            try
            {
                _host.WriteObject(await Open(connection).GetBackupAsync(backupId, clusterId, _cancellation).ConfigureAwait(false));
            }
            catch (BackupServiceException ex)
            {
                _host.WriteError(ex.About(ex.Target ?? backupId));
            }
        }

        public async Task RestoreBackupAsync(BackupConnection connection, string backupId, string? clusterId, RestoreRequest request, TimeSpan? waitTimeout)
        {
            var service = Open(connection);
            try
            {
                var backup = await service.GetBackupAsync(backupId, clusterId, _cancellation).ConfigureAwait(false);
                service.ValidateRestore(backup, request);
                RequireReady(backup, backupId, "restored");

                var uncheckable = await service.CheckRestoreAsync(backup, request, _cancellation).ConfigureAwait(false);
                if (uncheckable is not null)
                {
                    _host.WriteWarning(uncheckable);
                }

                if (!_host.ShouldProcess($"{backupId} on {Where(connection, backup.ClusterId)}", service.DescribeRestore(backup, request)))
                {
                    return;
                }

                // Never retried on BackupServiceBusy: a restore goes only when the user asks for it.
                var jobs = await service.RestoreBackupAsync(backup, request, _cancellation).ConfigureAwait(false);
                foreach (var job in jobs)
                {
                    _host.WriteVerbose($"Restore {job.Id} of backup {backupId} started ({job.RawStatus})" + (job.Target is null ? "." : $" into {job.Target}."));
                }

                foreach (var job in jobs)
                {
                    await EmitOrWaitAsync(service, job, "Restore", waitTimeout).ConfigureAwait(false);
                }
            }
            catch (BackupServiceException ex)
            {
                _host.WriteError(ex.About(ex.Target ?? backupId));
            }
        }

        /// <param name="known">The backup as the caller already has it (piped in): not read again.</param>
        public async Task RemoveBackupAsync(BackupConnection connection, string backupId, string? clusterId, ClusterBackup? known = null)
        {
            var service = Open(connection);
            try
            {
                var backup = known ?? await service.GetBackupAsync(backupId, clusterId, _cancellation).ConfigureAwait(false);
                if (!_host.ShouldProcess($"{backupId} on {Where(connection, backup.ClusterId)}", service.DescribeRemoval(backup)))
                {
                    return;
                }

                await service.RemoveBackupAsync(backup, _cancellation).ConfigureAwait(false);
                _host.WriteVerbose($"Backup {backupId} deleted.");
            }
            catch (BackupServiceException ex)
            {
                _host.WriteError(ex.About(ex.Target ?? backupId));
            }
        }

        public async Task GetJobsAsync(BackupConnection connection, string? backupId, string? clusterId, string? jobId)
        {
            var service = Open(connection);
            try
            {
                if (jobId is not null)
                {
                    _host.WriteObject(await service.GetJobAsync(jobId, backupId, clusterId, _cancellation).ConfigureAwait(false));
                    return;
                }

                if (backupId is null)
                {
                    throw new BackupServiceException(BackupErrorId.InvalidArgument, BackupErrorKind.InvalidArgument, "Name a job with -Id, or a backup with -BackupId to see its jobs.");
                }

                foreach (var job in await service.GetJobsAsync(backupId, clusterId, _cancellation).ConfigureAwait(false))
                {
                    _host.WriteObject(job);
                }
            }
            catch (BackupServiceException ex)
            {
                _host.WriteError(ex.About(ex.Target ?? jobId ?? backupId));
            }
        }

        public async Task WaitJobAsync(BackupConnection connection, string jobId, string? backupId, string? clusterId, TimeSpan timeout)
        {
            var service = Open(connection);
            try
            {
                var job = await service.GetJobAsync(jobId, backupId, clusterId, _cancellation).ConfigureAwait(false);
                await FollowJobAsync(service, job, job.Kind.ToString(), timeout).ConfigureAwait(false);
            }
            catch (BackupServiceException ex)
            {
                _host.WriteError(ex.About(ex.Target ?? jobId));
            }
        }

        /// <summary>Waits for a backup to become Ready (following the job that makes it, where the service has one).</summary>
        public async Task WaitBackupAsync(BackupConnection connection, ClusterBackup backup, TimeSpan timeout)
        {
            var service = Open(connection);
            try
            {
                await WaitForBackupAsync(service, backup, DateTimeOffset.UtcNow + timeout, timeout).ConfigureAwait(false);
            }
            catch (BackupServiceException ex)
            {
                _host.WriteError(ex.About(ex.Target ?? backup.Id));
            }
        }

        public async Task ExportBackupAsync(BackupConnection connection, string backupId, string? clusterId, ExportRequest request, TimeSpan? waitTimeout)
        {
            var service = Open(connection);
            try
            {
                var backup = await service.GetBackupAsync(backupId, clusterId, _cancellation).ConfigureAwait(false);
                RequireReady(backup, backupId, "exported");

                if (!_host.ShouldProcess($"{backupId} on {Where(connection, backup.ClusterId)}", $"Copy the backup's files to {request} (storage is billed by its provider)"))
                {
                    return;
                }

                var job = await service.ExportBackupAsync(backup, request, _cancellation).ConfigureAwait(false);
                _host.WriteVerbose($"Export {job.Id} of backup {backupId} started ({job.RawStatus}).");
                await EmitOrWaitAsync(service, job, "Export", waitTimeout).ConfigureAwait(false);
            }
            catch (BackupServiceException ex)
            {
                _host.WriteError(ex.About(ex.Target ?? backupId));
            }
        }

        public async Task GetPolicyAsync(BackupConnection connection, string? clusterId)
        {
            try
            {
                _host.WriteObject(await Open(connection).GetPolicyAsync(clusterId, _cancellation).ConfigureAwait(false));
            }
            catch (BackupServiceException ex)
            {
                _host.WriteError(ex.About(ex.Target ?? clusterId));
            }
        }

        public async Task SetPolicyAsync(BackupConnection connection, BackupPolicyChange change, bool passThru)
        {
            var service = Open(connection);
            try
            {
                var action = change.Enabled
                    ? $"Back up automatically on {string.Join(", ", change.DayOfWeek)} between {change.WindowStartUtc:hh\\:mm} and {change.WindowStartUtc + TimeSpan.FromHours(2):hh\\:mm} UTC, keeping each backup {change.RetentionDays} day(s)"
                        + DescribeCopies(change.CrossRegionCopies)
                    : "Turn automatic backups off";
                if (!_host.ShouldProcess($"backup policy of {Where(connection, change.ClusterId)}", action))
                {
                    return;
                }

                var policy = await service.SetPolicyAsync(change, _cancellation).ConfigureAwait(false);
                _host.WriteVerbose($"Backup policy of {policy.ClusterId} is now {policy.RawStatus}.");
                if (passThru)
                {
                    _host.WriteObject(policy);
                }
            }
            catch (BackupServiceException ex)
            {
                _host.WriteError(ex.About(ex.Target ?? change.ClusterId));
            }
        }

        /// <summary>
        /// Makes a connection and checks it with one read-only request; with <paramref name="setDefault"/> it is
        /// registered in the session as <paramref name="name"/> (its derived name when null; an entry of that name
        /// is replaced, not disposed) and made the session default.
        /// </summary>
        public async Task<BackupConnection> ConnectAsync(Func<BackupConnection> connect, bool setDefault, string? name = null)
        {
            if (name is not null)
            {
                // A bad name fails before anything is sent.
                SessionConnections.CheckName(name);
            }

            var connection = connect();
            try
            {
                // One request is enough to prove the address and the credential: stop after the first backup.
                var any = false;
                await foreach (var _ in Open(connection).ListBackupsAsync(BackupQuery.All, _cancellation).ConfigureAwait(false))
                {
                    any = true;
                    break;
                }

                _host.WriteVerbose($"Connected to the {connection.Backend} service at {connection.Uri}" + (any ? "." : "; it holds no backups yet."));
            }
            catch
            {
                connection.Dispose();
                throw;
            }

            if (setDefault)
            {
                var replaced = SessionConnections.Register(connection, name, makeDefault: true);
                if (replaced is not null)
                {
                    _host.WriteVerbose($"The connection '{connection.Name}' to {replaced} is replaced by this one; objects read through the old one still use it.");
                }
            }

            return connection;
        }

        /// <summary>The cross-region part of a policy change's prompt: copies cost storage in each region.</summary>
        private static string DescribeCopies(IReadOnlyList<CrossRegionCopy>? copies) =>
            copies is null ? ""
            : copies.Count == 0 ? "; no copies in other regions (copies made before stay until they expire)"
            : "; copying each to " + string.Join(", ", copies.Select(c => $"{c.RegionId} (kept {c.RetentionDays} day(s))")) + ", whose storage is billed in each region";

        private static string Where(BackupConnection connection, string? clusterId) =>
            clusterId is null || clusterId == connection.Uri.AbsoluteUri
                ? connection.Uri.AbsoluteUri
                : $"{clusterId} ({connection.Uri.Host})";

        private static void RequireReady(ClusterBackup backup, string backupId, string what)
        {
            if (backup.Status != BackupStatus.Ready)
            {
                throw new BackupServiceException(BackupErrorId.BackupNotReady, BackupErrorKind.InvalidOperation, $"Backup '{backupId}' is {backup.Status} ({backup.RawStatus}); only a Ready backup can be {what}.", backupId);
            }
        }

        private static TimeSpan Left(DateTimeOffset deadline)
        {
            var left = deadline - DateTimeOffset.UtcNow;
            return left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1);
        }

        private IBackupService Open(BackupConnection connection) => connection.OpenService(new HostHttpLog(_host));

        private async Task<ClusterBackup> CreateAsync(IBackupService service, NewBackupRequest request, TimeSpan? waitTimeout)
        {
            if (waitTimeout is not TimeSpan timeout)
            {
                return await service.CreateBackupAsync(request, _cancellation).ConfigureAwait(false);
            }

            // Under -Wait a busy service is waited out: its refusal is definite, so asking again is safe.
            var deadline = DateTimeOffset.UtcNow + timeout;
            var options = WaitPolicy(timeout);
            var pause = options.InitialInterval;
            while (true)
            {
                try
                {
                    return await service.CreateBackupAsync(request, _cancellation).ConfigureAwait(false);
                }
                catch (BackupServiceException ex) when (ex.ErrorId == BackupErrorId.BackupServiceBusy && DateTimeOffset.UtcNow + pause < deadline)
                {
                    _host.WriteVerbose($"The service is busy with another backup or restore; asking again in {pause.TotalSeconds:0.#} s.");
                    _host.WriteProgress(new ProgressUpdate(WaitActivityId, $"Creating backup {request.Subject}", "Waiting for another backup or restore to finish", secondsRemaining: (int)(deadline - DateTimeOffset.UtcNow).TotalSeconds));
                    await Task.Delay(pause, _cancellation).ConfigureAwait(false);
                    pause = options.IntervalAfter(pause);
                }
            }
        }

        private async Task WaitForBackupAsync(IBackupService service, ClusterBackup backup, DateTimeOffset end, TimeSpan timeout)
        {
            if (backup.JobId is not null && backup.Status != BackupStatus.Ready)
            {
                // Follow the service's job first (it has progress), then the backup to Ready.
                var job = await service.GetJobAsync(backup.JobId, backup.Id, backup.ClusterId, _cancellation).ConfigureAwait(false);
                var jobOutcome = await WaitForJobAsync(service, job, Left(end)).ConfigureAwait(false);
                if (jobOutcome.Result != WaitResult.Succeeded)
                {
                    Report(jobOutcome, backup.Id, "Backup", jobOutcome.Last.Error, timeout, backup);
                    return;
                }

                backup = (await service.GetBackupAsync(backup.Id, backup.ClusterId, _cancellation).ConfigureAwait(false)).KeepingJobOf(backup);
            }

            var started = backup;
            var outcome = await WaitAsync(
                backup,
                async ct => (await service.GetBackupAsync(started.Id, started.ClusterId, ct).ConfigureAwait(false)).KeepingJobOf(started),
                b => b.Status == BackupStatus.Ready ? PollVerdict.Succeeded : b.Status == BackupStatus.Failed || b.Status == BackupStatus.Deleted ? PollVerdict.Failed : PollVerdict.KeepWaiting,
                Left(end),
                $"Waiting for backup {backup.Id}",
                b => Describe(b.RawStatus, b.Items),
                _ => -1).ConfigureAwait(false);
            Report(outcome, backup.Id, "Backup", outcome.Last.Error, timeout);
        }

        /// <summary>Without -Wait the job as started; with it, the job followed to its end and reported.</summary>
        private async Task EmitOrWaitAsync(IBackupService service, ClusterBackupJob job, string what, TimeSpan? waitTimeout)
        {
            if (waitTimeout is TimeSpan timeout)
            {
                await FollowJobAsync(service, job, what, timeout).ConfigureAwait(false);
            }
            else
            {
                _host.WriteObject(job);
            }
        }

        private async Task FollowJobAsync(IBackupService service, ClusterBackupJob job, string what, TimeSpan timeout)
        {
            var outcome = await WaitForJobAsync(service, job, timeout).ConfigureAwait(false);
            Report(outcome, job.Id, what, outcome.Last.Error, timeout);
        }

        private Task<WaitOutcome<ClusterBackupJob>> WaitForJobAsync(IBackupService service, ClusterBackupJob job, TimeSpan timeout) =>
            WaitAsync(
                job,
                async ct => (await service.GetJobAsync(job.Id, job.BackupId.Length == 0 ? null : job.BackupId, null, ct).ConfigureAwait(false)).KeepingFactsOf(job),
                j => j.Status == JobStatus.Succeeded ? PollVerdict.Succeeded
                    : j.Status == JobStatus.Failed || j.Status == JobStatus.Canceled ? PollVerdict.Failed
                    : PollVerdict.KeepWaiting,
                timeout,
                $"Waiting for {job.Kind.ToString().ToLowerInvariant()} {job.Id}" + (job.BackupId.Length == 0 ? "" : $" of backup {job.BackupId}"),
                j => Describe(j.RawStatus, j.Items) + (j.Progress is int p ? $", {p}%" : ""),
                j => j.Progress ?? -1);

        private async Task<WaitOutcome<T>> WaitAsync<T>(T first, Func<CancellationToken, Task<T>> poll, Func<T, PollVerdict> judge, TimeSpan timeout, string activity, Func<T, string> describe, Func<T, int> percent)
        {
            var options = WaitPolicy(timeout);
            try
            {
                return await Poller.WaitAsync(
                    first,
                    poll,
                    judge,
                    options,
                    step => _host.WriteProgress(new ProgressUpdate(
                        WaitActivityId,
                        activity,
                        $"{describe(step.Current)}; {step.Elapsed.TotalSeconds:0} s of {step.Timeout.TotalSeconds:0} s",
                        percentComplete: Math.Min(100, percent(step.Current)),
                        secondsRemaining: (int)Math.Max(0, (step.Timeout - step.Elapsed).TotalSeconds))),
                    error => _host.WriteVerbose($"Still waiting after a transient failure: {error.Message}"),
                    _cancellation).ConfigureAwait(false);
            }
            finally
            {
                _host.WriteProgress(new ProgressUpdate(WaitActivityId, activity, "Done", completed: true));
            }
        }

        /// <summary>
        /// Success: the object (or <paramref name="emit"/> in its place). Failure: an error with the service's
        /// text. Timeout: a non-terminating error, and the last state seen.
        /// </summary>
        private void Report<T>(WaitOutcome<T> outcome, string id, string what, string? serviceError, TimeSpan timeout, object? emit = null)
            where T : class
        {
            switch (outcome.Result)
            {
                case WaitResult.Succeeded:
                    _host.WriteObject(emit ?? outcome.Last);
                    break;
                case WaitResult.Failed:
                    // A failure the back end recognised (e.g. DestinationCollectionExists) keeps its own ErrorId.
                    _host.WriteError((outcome.Last as ClusterBackupJob)?.Failure ?? new BackupServiceException(
                        BackupErrorId.OperationFailed,
                        BackupErrorKind.OperationFailed,
                        $"{what} {id} failed: {serviceError ?? "the service reported an error without details"}",
                        id));
                    break;
                default:
                    if ((outcome.Last as ClusterBackupJob)?.WarningOnTimeout is string advice)
                    {
                        _host.WriteWarning(advice);
                    }

                    _host.WriteError(new BackupServiceException(
                        BackupErrorId.WaitTimedOut,
                        BackupErrorKind.Timeout,
                        $"{what} {id} did not finish within {timeout.TotalSeconds:0} s; it goes on in the service. The last state seen is in the output.",
                        id)
                    {
                        RecommendedAction = "Wait longer with -TimeoutSec, or check later with Get-ClusterBackup / Get-ClusterBackupJob.",
                    });
                    _host.WriteObject(emit ?? outcome.Last);
                    break;
            }
        }

        private static string Describe(string? rawStatus, IReadOnlyList<BackupItem> items) =>
            items.Count == 0 ? rawStatus ?? "no status yet" : $"{rawStatus} ({string.Join(", ", items.Select(i => i.Name + ": " + i.Status))})";
    }
}
