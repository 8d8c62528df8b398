using Microsoft.AspNetCore.Routing;

namespace BackupModule.Emulator;

/// <summary>DC/OS controls under /_emulator/dcos for out-of-process users.</summary>
internal static class DcosAdminRoutes
{
    public static void Map(IEndpointRouteBuilder admin, DcosBackupService service)
    {
        admin.MapPost("/fail-next", (RequestDelegate)(async context =>
        {
            var (body, error) = await HttpJson.ReadAdminAsync<FailNextDto>(context.Request);
            if (body is not null && string.IsNullOrEmpty(body.Backup) && string.IsNullOrEmpty(body.Restore))
            {
                error = "give \"backup\" and/or \"restore\" with an error text";
            }

            if (error is not null)
            {
                await HttpJson.WriteErrorsAsync(context, StatusCodes.Status400BadRequest, error);
                return;
            }

            if (!string.IsNullOrEmpty(body!.Backup))
            {
                service.FailNextBackup(body.Backup);
            }

            if (!string.IsNullOrEmpty(body.Restore))
            {
                service.FailNextRestore(body.Restore);
            }

            await AdminRoutes.NoContent(context);
        }));

        admin.MapPost("/settings", (RequestDelegate)(async context =>
        {
            var (body, error) = await HttpJson.ReadAdminAsync<SettingsDto>(context.Request);
            if (body is not null && (body.BackupDurationMs < 0 || body.RestoreDurationMs < 0))
            {
                error = "durations cannot be negative";
            }

            if (error is not null)
            {
                await HttpJson.WriteErrorsAsync(context, StatusCodes.Status400BadRequest, error);
                return;
            }

            if (body!.BackupDurationMs is { } backupMs)
            {
                service.BackupDuration = TimeSpan.FromMilliseconds(backupMs);
            }

            if (body.RestoreDurationMs is { } restoreMs)
            {
                service.RestoreDuration = TimeSpan.FromMilliseconds(restoreMs);
            }

            if (body.BareShapes is { } bare)
            {
                service.BareShapes = bare;
            }

            await AdminRoutes.NoContent(context);
        }));
    }

    private sealed record FailNextDto(string? Backup, string? Restore);

    private sealed record SettingsDto(double? BackupDurationMs, double? RestoreDurationMs, bool? BareShapes);
}
