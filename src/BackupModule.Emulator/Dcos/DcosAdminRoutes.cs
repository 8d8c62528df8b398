using Microsoft.AspNetCore.Routing;

namespace BackupModule.Emulator;

/// <summary>DC/OS controls under /_emulator/dcos for out-of-process users.</summary>
internal static class DcosAdminRoutes
{
    public static void Map(IEndpointRouteBuilder admin, DcosBackupService service)
    {
        AdminRoutes.MapJobControls<SettingsDto>(
            admin,
            service,
            body => body.TokenLifetimeMs <= 0 ? "tokenLifetimeMs must be positive" : null,
            body =>
            {
                if (body.BareShapes is { } bare)
                {
                    service.BareShapes = bare;
                }

                if (body.TokenLifetimeMs is { } lifetimeMs)
                {
                    service.TokenLifetime = TimeSpan.FromMilliseconds(lifetimeMs);
                }
            });

        // Every token the IAM login issued expires now, so the next call with one gets 401 (renewal tests).
        admin.MapPost("/expire-tokens", (RequestDelegate)(context =>
        {
            service.ExpireIssuedTokens();
            return AdminRoutes.NoContent(context);
        }));
    }

    /// <param name="TokenLifetimeMs">Lifetime of tokens the IAM login issues from now on.</param>
    private sealed record SettingsDto(double? BackupDurationMs, double? RestoreDurationMs, bool? BareShapes, double? TokenLifetimeMs)
        : AdminRoutes.DurationSettingsDto(BackupDurationMs, RestoreDurationMs);
}
