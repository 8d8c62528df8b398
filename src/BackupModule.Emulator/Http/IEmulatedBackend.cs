using Microsoft.AspNetCore.Routing;

namespace BackupModule.Emulator;

/// <summary>What the generic hosting needs from one emulated back end (DC/OS, Zilliz Cloud).</summary>
internal interface IEmulatedBackend
{
    /// <summary>Short name: the admin route segment (/_emulator/NAME/...) and the state-file section.</summary>
    string Name { get; }

    /// <summary>Paths under which the back end answers (its API, and e.g. a login); used to pick the back end that judges a credential.</summary>
    IReadOnlyList<PathString> ApiBasePaths { get; }

    CredentialKind ClassifyCredential(HttpRequest request);

    void MapApiRoutes(IEndpointRouteBuilder routes);

    /// <summary>Maps the back end's controls; <paramref name="admin"/> is already rooted at /_emulator/NAME.</summary>
    void MapAdminRoutes(IEndpointRouteBuilder admin);

    /// <summary>Answers with an injected fault's status and message in the back end's own error shape.</summary>
    Task WriteFaultAsync(HttpContext context, int statusCode, string message);

    /// <summary>Forgets all emulated state (backups, armed failures).</summary>
    void Reset();
}
