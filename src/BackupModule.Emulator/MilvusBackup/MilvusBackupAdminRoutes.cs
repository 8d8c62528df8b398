using System.Text.Json;
using Microsoft.AspNetCore.Routing;

namespace BackupModule.Emulator;

/// <summary>milvus-backup controls under /_emulator/milvus-backup for out-of-process users (reset is mapped for every back end).</summary>
internal static class MilvusBackupAdminRoutes
{
    public static void Map(IEndpointRouteBuilder admin, MilvusBackupServer server)
    {
        AdminRoutes.MapJobControls<SettingsDto>(
            admin,
            server,
            _ => null,
            body =>
            {
                if (body.MilvusReachable is { } reachable)
                {
                    server.MilvusReachable = reachable;
                }
            });

        // What a restart of the real server does: its tasks are forgotten, its storage stays.
        admin.MapPost("/restart", (RequestDelegate)(context =>
        {
            server.Restart();
            return AdminRoutes.NoContent(context);
        }));

        // The API cannot show Milvus's collections: tests read them here.
        admin.MapGet("/milvus", (RequestDelegate)(context =>
            HttpJson.WriteAsync(context, StatusCodes.Status200OK, JsonSerializer.Serialize(server.Snapshot, HttpJson.AdminOptions))));
    }

    /// <summary>Durations of new tasks, and whether the server reaches Milvus (false: new tasks stay at state 0, as when its start fails).</summary>
    private sealed record SettingsDto(double? BackupDurationMs, double? RestoreDurationMs, bool? MilvusReachable)
        : AdminRoutes.DurationSettingsDto(BackupDurationMs, RestoreDurationMs);
}
