using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace BackupModule.Pipeline
{
    /// <summary>
    /// Runs a cmdlet's asynchronous work off the pipeline thread while the pipeline thread carries out
    /// its host calls (WriteObject, ShouldProcess, ...), which PowerShell allows only there. The pipeline
    /// thread waits on the queue, never on a bare .Result: the work observes the cmdlet's cancellation.
    /// </summary>
    internal sealed class PipelineDispatcher
    {
        private BlockingCollection<Action>? _queue;
        private int _pipelineThreadId;

        public void Run(Func<Task> work)
        {
            using var queue = new BlockingCollection<Action>();
            _queue = queue;
            _pipelineThreadId = Thread.CurrentThread.ManagedThreadId;
            var task = Task.Run(work);
            task.ContinueWith(_ => queue.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            try
            {
                foreach (var action in queue.GetConsumingEnumerable())
                {
                    action();
                }
            }
            finally
            {
                _queue = null;
            }

            task.GetAwaiter().GetResult();
        }

        public T Invoke<T>(Func<T> call)
        {
            var queue = _queue;
            if (queue is null || Thread.CurrentThread.ManagedThreadId == _pipelineThreadId)
            {
                return call();
            }

            var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            queue.Add(() =>
            {
                try
                {
                    done.SetResult(call());
                }
                catch (Exception ex)
                {
                    // E.g. PipelineStoppedException from WriteObject: it reaches the work, ends it, and is rethrown by Run.
                    done.SetException(ex);
                }
            });
            return done.Task.GetAwaiter().GetResult();
        }

        public void Invoke(Action call) => Invoke(() =>
        {
            call();
            return true;
        });
    }
}
