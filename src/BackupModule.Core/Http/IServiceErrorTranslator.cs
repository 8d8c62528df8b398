using BackupModule.Errors;

namespace BackupModule.Http
{
    /// <summary>Turns a back end's failed response into the module's error, reading the back end's error body.</summary>
    public interface IServiceErrorTranslator
    {
        BackupServiceException Translate(ApiRequest request, ApiResponse response);
    }
}
