using System.Text.Json;
using Microsoft.AspNetCore.Routing;

namespace BackupModule.Emulator;

/// <summary>Zilliz Cloud controls under /_emulator/zilliz for out-of-process users (reset is mapped for every back end).</summary>
internal static class ZillizAdminRoutes
{
    public static void Map(IEndpointRouteBuilder admin, ZillizCloudService service)
    {
        AdminRoutes.MapJobControls<SettingsDto>(
            admin,
            service,
            body => body.RequestsPerSecond < 1 ? "requestsPerSecond must be at least 1"
                : body.CollectionsShape is { } shape && !Enum.IsDefined(shape) ? "collectionsShape must be Collections or DbCollections"
                : null,
            body =>
            {
                if (body.RequestsPerSecond is { } limit)
                {
                    service.RequestsPerSecond = limit;
                }

                if (body.CollectionsShape is { } shape)
                {
                    service.CollectionsShape = shape;
                }
            });

        // Tests assert a well-behaved client never got a 429 here.
        admin.MapGet("/rate-limit", (RequestDelegate)(context => WriteAsync(
            context,
            new RateLimitDto(service.RequestsPerSecond, service.ThrottledCount))));

        // The API has no cluster route; tests read restored clusters and collections here.
        admin.MapGet("/clusters", (RequestDelegate)(context => WriteAsync(context, service.Clusters)));
    }

    private static Task WriteAsync<T>(HttpContext context, T value) =>
        HttpJson.WriteAsync(context, StatusCodes.Status200OK, JsonSerializer.Serialize(value, HttpJson.AdminOptions));

    private sealed record SettingsDto(double? BackupDurationMs, double? RestoreDurationMs, int? RequestsPerSecond, ZillizCollectionsShape? CollectionsShape)
        : AdminRoutes.DurationSettingsDto(BackupDurationMs, RestoreDurationMs);

    private sealed record RateLimitDto(int RequestsPerSecond, long ThrottledCount);
}
