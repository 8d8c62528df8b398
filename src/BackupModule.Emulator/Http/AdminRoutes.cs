using System.Text.Json;
using Microsoft.AspNetCore.Routing;

namespace BackupModule.Emulator;

/// <summary>
/// Control routes under /_emulator for out-of-process users (Pester, the README demo). They have no auth,
/// are neither audited nor faulted, and exist only on the emulator, never on a real service.
/// </summary>
internal static class AdminRoutes
{
    public const string BasePath = "/_emulator";

    public static bool IsAdminPath(PathString path) => path.StartsWithSegments(BasePath, StringComparison.Ordinal);

    public static void Map(IEndpointRouteBuilder routes, AuditLog audit, FaultInjector faults, IReadOnlyList<IEmulatedBackend> backends)
    {
        var admin = routes.MapGroup(BasePath);

        admin.MapGet("/audit", (RequestDelegate)(context =>
            HttpJson.WriteAsync(context, StatusCodes.Status200OK, JsonSerializer.Serialize(audit.Entries, HttpJson.AdminOptions))));

        admin.MapDelete("/audit", (RequestDelegate)(context =>
        {
            audit.Clear();
            return NoContent(context);
        }));

        admin.MapPost("/faults", (RequestDelegate)(async context =>
        {
            var (dto, error) = await HttpJson.ReadAdminAsync<FaultRuleDto>(context.Request);
            if (dto is null)
            {
                await HttpJson.WriteErrorsAsync(context, StatusCodes.Status400BadRequest, error!);
                return;
            }

            try
            {
                faults.Add(dto.ToRule());
            }
            catch (ArgumentException ex)
            {
                await HttpJson.WriteErrorsAsync(context, StatusCodes.Status400BadRequest, ex.Message);
                return;
            }

            await NoContent(context);
        }));

        admin.MapDelete("/faults", (RequestDelegate)(context =>
        {
            faults.Clear();
            return NoContent(context);
        }));

        admin.MapPost("/reset", (RequestDelegate)(context =>
        {
            foreach (var backend in backends)
            {
                backend.Reset();
            }

            audit.Clear();
            faults.Clear();
            return NoContent(context);
        }));

        foreach (var backend in backends)
        {
            backend.MapAdminRoutes(admin.MapGroup("/" + backend.Name));
        }
    }

    public static Task NoContent(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    /// <summary>The camelCase wire form of <see cref="FaultRule"/>; the delay travels as milliseconds.</summary>
    private sealed record FaultRuleDto(
        string? Method,
        string? PathPrefix,
        int? StatusCode,
        string? Message,
        int? RetryAfterSeconds,
        double? DelayMs,
        bool Abort,
        bool TruncateBody,
        bool AfterHandler,
        int? Times)
    {
        public FaultRule ToRule()
        {
            var rule = new FaultRule
            {
                StatusCode = StatusCode,
                RetryAfterSeconds = RetryAfterSeconds,
                Delay = DelayMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
                Abort = Abort,
                TruncateBody = TruncateBody,
                AfterHandler = AfterHandler,
            };
            rule.Method = Method ?? rule.Method;
            rule.PathPrefix = PathPrefix ?? rule.PathPrefix;
            rule.Message = Message ?? rule.Message;
            rule.Times = Times ?? rule.Times;
            return rule;
        }
    }
}
