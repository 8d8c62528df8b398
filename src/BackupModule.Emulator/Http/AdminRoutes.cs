using System.Text.Json;
using Microsoft.AspNetCore.Routing;

namespace BackupModule.Emulator;

/// <summary>
/// Control routes under /_emulator for out-of-process users (Pester, the demo). They have no auth,
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
            var group = admin.MapGroup("/" + backend.Name);

            // Resets one back end only: its state, not the shared audit log and faults.
            group.MapPost("/reset", (RequestDelegate)(context =>
            {
                backend.Reset();
                return NoContent(context);
            }));
            backend.MapAdminRoutes(group);
        }
    }

    /// <summary>
    /// POST /fail-next {"backup": text, "restore": text} arms the next backup and/or restore to fail; POST /settings
    /// sets the durations of new jobs and the back end's own settings (<paramref name="validateMore"/>, <paramref name="applyMore"/>).
    /// </summary>
    public static void MapJobControls<TSettings>(IEndpointRouteBuilder admin, IJobControls controls, Func<TSettings, string?> validateMore, Action<TSettings> applyMore)
        where TSettings : DurationSettingsDto
    {
        MapUpdate<FailNextDto>(
            admin,
            "/fail-next",
            body => string.IsNullOrEmpty(body.Backup) && string.IsNullOrEmpty(body.Restore) ? "give \"backup\" and/or \"restore\" with an error text" : null,
            body =>
            {
                if (!string.IsNullOrEmpty(body.Backup))
                {
                    controls.FailNextBackup(body.Backup);
                }

                if (!string.IsNullOrEmpty(body.Restore))
                {
                    controls.FailNextRestore(body.Restore);
                }
            });

        MapUpdate<TSettings>(
            admin,
            "/settings",
            body => body.BackupDurationMs < 0 || body.RestoreDurationMs < 0 ? "durations cannot be negative" : validateMore(body),
            body =>
            {
                if (body.BackupDurationMs is { } backupMs)
                {
                    controls.BackupDuration = TimeSpan.FromMilliseconds(backupMs);
                }

                if (body.RestoreDurationMs is { } restoreMs)
                {
                    controls.RestoreDuration = TimeSpan.FromMilliseconds(restoreMs);
                }

                applyMore(body);
            });
    }

    /// <summary>
    /// POST <paramref name="path"/> with a camelCase body: 400 with the message when it cannot be read or
    /// <paramref name="validate"/> objects, else <paramref name="apply"/> and 204.
    /// </summary>
    private static void MapUpdate<T>(IEndpointRouteBuilder admin, string path, Func<T, string?> validate, Action<T> apply)
        where T : class =>
        admin.MapPost(path, (RequestDelegate)(async context =>
        {
            var (body, error) = await HttpJson.ReadAdminAsync<T>(context.Request);
            error ??= validate(body!);
            if (error is not null)
            {
                await HttpJson.WriteErrorsAsync(context, StatusCodes.Status400BadRequest, error);
                return;
            }

            apply(body!);
            await NoContent(context);
        }));

    public static Task NoContent(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    /// <summary>The settings every back end takes; each back end's settings body derives from it.</summary>
    internal abstract record DurationSettingsDto(double? BackupDurationMs, double? RestoreDurationMs);

    private sealed record FailNextDto(string? Backup, string? Restore);

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
