using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BackupModule.Errors;
using BackupModule.Model;
using BackupModule.Waiting;

namespace BackupModule.Operations
{
    /// <summary>
    /// What each cmdlet does, free of PowerShell: the cmdlets only bind parameters and call these.
    /// Errors about one item are written through the host (non-terminating) so a pipeline goes on;
    /// cancellation ends the call at once.
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

        public async Task NewBackupAsync(BackupConnection connection, string label, TimeSpan? waitTimeout)
        {
            var service = Open(connection);
            var request = new NewBackupRequest(label);
            try
            {
                service.ValidateNewBackup(request);

                // Read-only look first (also all that -WhatIf does): a held lock is worth a warning before the prompt.
                var existing = await ToListAsync(service.ListBackupsAsync(null, _cancellation)).ConfigureAwait(false);
                if (service.IsBusy(existing))
                {
                    _host.WriteWarning("Another backup or restore is running on this cluster; the service will refuse a new one until it ends" + (waitTimeout is null ? "." : " (-Wait waits for it)."));
                }

                if (!_host.ShouldProcess($"{label} on {connection.Uri}", "Create backup"))
                {
                    return;
                }

                var started = DateTimeOffset.UtcNow;
                var backup = await CreateAsync(service, request, waitTimeout).ConfigureAwait(false);
                _host.WriteVerbose($"Backup {backup.Id} started ({backup.RawStatus}).");
                if (waitTimeout is not TimeSpan timeout)
                {
                    _host.WriteObject(backup);
                    return;
                }

                var left = timeout - (DateTimeOffset.UtcNow - started);
                var outcome = await WaitAsync(
                    backup,
                    ct => service.GetBackupAsync(backup.Id, ct),
                    b => b.Status == BackupStatus.Ready ? PollVerdict.Succeeded : b.Status == BackupStatus.Failed ? PollVerdict.Failed : PollVerdict.KeepWaiting,
                    left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1),
                    $"Waiting for backup {backup.Id}",
                    b => Describe(b.RawStatus, b.Items)).ConfigureAwait(false);
                Report(outcome, backup.Id, "Backup", outcome.Last.Error, timeout);
            }
            catch (BackupServiceException ex)
            {
                _host.WriteError(ex.About(ex.Target ?? label));
            }
        }

        public async Task GetBackupsAsync(BackupConnection connection, LabelPattern? label, IReadOnlyCollection<BackupStatus>? statuses)
        {
            var service = Open(connection);
            var found = false;
            try
            {
                await foreach (var backup in service.ListBackupsAsync(null, _cancellation).ConfigureAwait(false))
                {
                    if ((label is null || label.IsMatch(backup.Label) || label.IsMatch(backup.Id))
                        && (statuses is null || statuses.Count == 0 || statuses.Contains(backup.Status)))
                    {
                        found = true;
                        _host.WriteObject(backup);
                    }
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
                _host.WriteError(new BackupServiceException(BackupErrorId.BackupNotFound, BackupErrorKind.NotFound, $"No backup with label '{label.Pattern}' exists on {connection.Uri}.", label.Pattern));
            }
        }

        public async Task GetBackupAsync(BackupConnection connection, string backupId)
        {
            try
            {
                _host.WriteObject(await Open(connection).GetBackupAsync(backupId, _cancellation).ConfigureAwait(false));
            }
            catch (BackupServiceException ex)
            {
                _host.WriteError(ex.About(ex.Target ?? backupId));
            }
        }

        public async Task RestoreBackupAsync(BackupConnection connection, string backupId, TimeSpan? waitTimeout)
        {
            var service = Open(connection);
            try
            {
                var backup = await service.GetBackupAsync(backupId, _cancellation).ConfigureAwait(false);
                if (backup.Status != BackupStatus.Ready)
                {
                    throw new BackupServiceException(BackupErrorId.BackupNotReady, BackupErrorKind.InvalidOperation, $"Backup '{backupId}' is {backup.Status} ({backup.RawStatus}); only a Ready backup can be restored.", backupId);
                }

                var made = backup.CreatedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "at an unknown time";
                var action = $"Restore the cluster from backup made {made}. Marathon restarts; apps, pods and groups changed after the backup are lost and tasks started after it are killed";
                if (!_host.ShouldProcess($"{backupId} on {connection.Uri}", action))
                {
                    return;
                }

                // Never retried on BackupServiceBusy: a restore goes only when the user asks for it.
                var job = await service.RestoreBackupAsync(backupId, _cancellation).ConfigureAwait(false);
                _host.WriteVerbose($"Restore {job.Id} of backup {backupId} started ({job.RawStatus}).");
                if (waitTimeout is TimeSpan timeout)
                {
                    await WaitForJobAsync(service, job, timeout).ConfigureAwait(false);
                }
                else
                {
                    _host.WriteObject(job);
                }
            }
            catch (BackupServiceException ex)
            {
                _host.WriteError(ex.About(ex.Target ?? backupId));
            }
        }

        public async Task RemoveBackupAsync(BackupConnection connection, string backupId)
        {
            var service = Open(connection);
            try
            {
                var backup = await service.GetBackupAsync(backupId, _cancellation).ConfigureAwait(false);
                if (!_host.ShouldProcess($"{backupId} on {connection.Uri}", $"Delete backup (status {backup.Status}) permanently"))
                {
                    return;
                }

                await service.RemoveBackupAsync(backupId, _cancellation).ConfigureAwait(false);
                _host.WriteVerbose($"Backup {backupId} deleted.");
            }
            catch (BackupServiceException ex)
            {
                _host.WriteError(ex.About(ex.Target ?? backupId));
            }
        }

        public async Task GetJobsAsync(BackupConnection connection, string backupId, string? jobId)
        {
            var service = Open(connection);
            try
            {
                if (jobId is not null)
                {
                    _host.WriteObject(await service.GetJobAsync(jobId, backupId, _cancellation).ConfigureAwait(false));
                    return;
                }

                foreach (var job in await service.GetJobsAsync(backupId, _cancellation).ConfigureAwait(false))
                {
                    _host.WriteObject(job);
                }
            }
            catch (BackupServiceException ex)
            {
                _host.WriteError(ex.About(ex.Target ?? jobId ?? backupId));
            }
        }

        public async Task WaitJobAsync(BackupConnection connection, string jobId, string backupId, TimeSpan timeout)
        {
            var service = Open(connection);
            try
            {
                var job = await service.GetJobAsync(jobId, backupId, _cancellation).ConfigureAwait(false);
                await WaitForJobAsync(service, job, timeout).ConfigureAwait(false);
            }
            catch (BackupServiceException ex)
            {
                _host.WriteError(ex.About(ex.Target ?? jobId));
            }
        }

        /// <summary>Makes a connection, checks it with one read, and makes it the session default.</summary>
        public async Task<BackupConnection> ConnectAsync(Func<BackupConnection> connect, bool setDefault)
        {
            var connection = connect();
            try
            {
                var service = Open(connection);
                var count = (await ToListAsync(service.ListBackupsAsync(null, _cancellation)).ConfigureAwait(false)).Count;
                _host.WriteVerbose($"Connected to the {connection.Backend} service at {connection.Uri}; it holds {count} backup(s).");
            }
            catch
            {
                connection.Dispose();
                throw;
            }

            if (setDefault)
            {
                SessionConnections.SetDefault(connection);
            }

            return connection;
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
                    _host.WriteProgress(new ProgressUpdate(WaitActivityId, $"Creating backup {request.Label}", "Waiting for another backup or restore to finish", secondsRemaining: (int)(deadline - DateTimeOffset.UtcNow).TotalSeconds));
                    await Task.Delay(pause, _cancellation).ConfigureAwait(false);
                    pause = options.IntervalAfter(pause);
                }
            }
        }

        private async Task WaitForJobAsync(IBackupService service, ClusterBackupJob job, TimeSpan timeout)
        {
            var outcome = await WaitAsync(
                job,
                ct => service.GetJobAsync(job.Id, job.BackupId, ct),
                j => j.Status == JobStatus.Succeeded ? PollVerdict.Succeeded
                    : j.Status == JobStatus.Failed || j.Status == JobStatus.Canceled ? PollVerdict.Failed
                    : PollVerdict.KeepWaiting,
                timeout,
                $"Waiting for {job.Kind.ToString().ToLowerInvariant()} {job.Id} of backup {job.BackupId}",
                j => Describe(j.RawStatus, j.Items)).ConfigureAwait(false);
            Report(outcome, job.Id, job.Kind.ToString(), outcome.Last.Error, timeout);
        }

        private async Task<WaitOutcome<T>> WaitAsync<T>(T first, Func<CancellationToken, Task<T>> poll, Func<T, PollVerdict> judge, TimeSpan timeout, string activity, Func<T, string> describe)
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
                        secondsRemaining: (int)Math.Max(0, (step.Timeout - step.Elapsed).TotalSeconds))),
                    error => _host.WriteVerbose($"Still waiting after a transient failure: {error.Message}"),
                    _cancellation).ConfigureAwait(false);
            }
            finally
            {
                _host.WriteProgress(new ProgressUpdate(WaitActivityId, activity, "Done", completed: true));
            }
        }

        /// <summary>Success: the object. Failure: an error with the service's text. Timeout: a non-terminating error, and the last state seen.</summary>
        private void Report<T>(WaitOutcome<T> outcome, string id, string what, string? serviceError, TimeSpan timeout)
            where T : class
        {
            switch (outcome.Result)
            {
                case WaitResult.Succeeded:
                    _host.WriteObject(outcome.Last);
                    break;
                case WaitResult.Failed:
                    _host.WriteError(new BackupServiceException(
                        BackupErrorId.OperationFailed,
                        BackupErrorKind.OperationFailed,
                        $"{what} {id} failed: {serviceError ?? "the service reported an error without details"}",
                        id));
                    break;
                default:
                    _host.WriteError(new BackupServiceException(
                        BackupErrorId.WaitTimedOut,
                        BackupErrorKind.Timeout,
                        $"{what} {id} did not finish within {timeout.TotalSeconds:0} s; it goes on in the service. The last state seen is in the output.",
                        id)
                    {
                        RecommendedAction = "Wait longer with -TimeoutSec, or check later with Get-ClusterBackup / Get-ClusterBackupJob.",
                    });
                    _host.WriteObject(outcome.Last);
                    break;
            }
        }

        private static string Describe(string? rawStatus, IReadOnlyList<BackupItem> items) =>
            items.Count == 0 ? rawStatus ?? "no status yet" : $"{rawStatus} ({string.Join(", ", items.Select(i => i.Name + ": " + i.Status))})";

        private async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
        {
            var list = new List<T>();
            await foreach (var item in items.ConfigureAwait(false))
            {
                list.Add(item);
            }

            return list;
        }
    }
}
