using System;
using System.Collections.Generic;

namespace BackupModule.Errors
{
    /// <summary>
    /// Every failure the core reports: a stable ErrorId, a kind for the error category, the resource it
    /// concerns (backup id, label or job id), and what the service said. Messages never hold a secret.
    /// </summary>
    public class BackupServiceException : Exception
    {
        public BackupServiceException(
            string errorId,
            BackupErrorKind kind,
            string message,
            object? target = null,
            Exception? innerException = null)
            : base(message, innerException)
        {
            ErrorId = errorId;
            Kind = kind;
            Target = target;
        }

        public string ErrorId { get; }

        public BackupErrorKind Kind { get; }

        /// <summary>The backup id, label or job id the error is about (the ErrorRecord's TargetObject).</summary>
        public object? Target { get; set; }

        public int? StatusCode { get; set; }

        /// <summary>The service's own error code, where its body carries one (Zilliz Cloud's "code").</summary>
        public int? ServiceCode { get; set; }

        /// <summary>The service's id of the failed request, for its support (Zilliz Cloud's requestid header).</summary>
        public string? RequestId { get; set; }

        /// <summary>The service's own error texts, redacted.</summary>
        public IReadOnlyList<string> ServiceMessages { get; set; } = Array.Empty<string>();

        /// <summary>
        /// True when a mutation may or may not have reached the service (timeout, dropped connection,
        /// gateway error): such a request must not be resent blindly.
        /// </summary>
        public bool OutcomeUnknown { get; set; }

        /// <summary>
        /// For a create or restore: whether it may have happened. Also true for an answer that could not be read
        /// (a success whose body is not what the service sends): the service most likely acted on it.
        /// </summary>
        public bool MutationOutcomeUnknown => OutcomeUnknown || ErrorId == BackupErrorId.InvalidResponse;

        /// <summary>What the user can do about it, for the ErrorRecord's RecommendedAction.</summary>
        public string? RecommendedAction { get; set; }

        /// <summary>
        /// This error with what the service said in <paramref name="answer"/> kept (HTTP status, its code, request id and
        /// texts): for an error that says the same thing in the module's words, e.g. BackupNotFound for a code 3.
        /// </summary>
        public BackupServiceException KeepingServiceFactsOf(BackupServiceException? answer)
        {
            if (answer is not null)
            {
                StatusCode = answer.StatusCode;
                ServiceCode = answer.ServiceCode;
                RequestId = answer.RequestId;
                ServiceMessages = answer.ServiceMessages;
            }

            return this;
        }

        /// <summary>The same error, about another resource (e.g. a label rather than a request path).</summary>
        public BackupServiceException About(object? target)
        {
            Target = target;
            return this;
        }
    }
}
