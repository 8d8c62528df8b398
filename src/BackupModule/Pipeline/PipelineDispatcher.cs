using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace BackupModule.Pipeline
{
    /// <summary>
    /// Runs a cmdlet's asynchronous work while the pipeline thread carries out its host calls
    /// (WriteObject, ShouldProcess, ...), which PowerShell allows only there. The work starts on the
    /// pipeline thread itself (its host calls before the first await need no hop; a Task.Run here cost a
    /// millisecond a call on a 2-core machine); its continuations run on the thread pool and send host
    /// calls back through the queue. The pipeline thread waits on the queue, never on a bare .Result:
    /// the work observes the cmdlet's cancellation.
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
            Task task;
            try
            {
                task = work();
            }
            catch (Exception ex)
            {
                // A work that throws before its first await: report it as the task would.
                task = Task.FromException(ex);
            }

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
