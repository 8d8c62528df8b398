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
            _ => null,
            body =>
            {
                if (body.BareShapes is { } bare)
                {
                    service.BareShapes = bare;
                }
            });
    }

    private sealed record SettingsDto(double? BackupDurationMs, double? RestoreDurationMs, bool? BareShapes)
        : AdminRoutes.DurationSettingsDto(BackupDurationMs, RestoreDurationMs);
}
