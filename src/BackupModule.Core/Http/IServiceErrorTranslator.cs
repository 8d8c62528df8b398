using BackupModule.Errors;

namespace BackupModule.Http
{
    /// <summary>Turns a back end's failed response into the module's error, reading the back end's error body.</summary>
    public interface IServiceErrorTranslator
    {
        /// <summary>True when a 2xx answer reports a failure in its body (Zilliz Cloud: a non-zero "code" on HTTP 200).</summary>
        bool IsFailure(ApiResponse response);

        BackupServiceException Translate(ApiRequest request, ApiResponse response);
    }
}
