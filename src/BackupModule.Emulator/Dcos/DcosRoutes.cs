using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;

namespace BackupModule.Emulator;

/// <summary>
/// HTTP face of the DC/OS backup API under /system/v1/backup/v1: Admin Router's auth in front of the
/// dcos-backup service's four routes (digest A.1-A.2).
/// </summary>
internal static class DcosRoutes
{
    private delegate Task Handler(HttpContext context, DcosBackupService service);

    public static void Map(IEndpointRouteBuilder routes, DcosBackupService service)
    {
        routes.Map(DcosBackupService.ApiPath + "/create", Guard(service, HttpMethods.Post, CreateAsync));
        routes.Map(DcosBackupService.ApiPath + "/list", Guard(service, HttpMethods.Get, ListAsync));
        routes.Map(DcosBackupService.ApiPath + "/restore", Guard(service, HttpMethods.Post, RestoreAsync));
        routes.Map(DcosBackupService.ApiPath + "/delete", Guard(service, HttpMethods.Delete, DeleteAsync));

        // Admin Router authenticates its whole location before the service can answer "not found".
        routes.Map(DcosBackupService.AdminRouterLocation + "/{**rest}", Guard(service, method: null, handler: null));

        // The IAM's login needs no token.
        routes.MapPost(DcosIam.LoginPath, (RequestDelegate)(async context =>
        {
            var (body, _) = await HttpJson.ReadObjectAsync(context.Request);
            var (status, answer) = service.Iam.Login(body);
            if (status == StatusCodes.Status401Unauthorized)
            {
                context.Response.Headers.WWWAuthenticate = "acsjwt";
            }

            await HttpJson.WriteAsync(context, status, answer);
        }));
    }

    /// <summary>Auth as Admin Router does it, then the method check and error mapping of the service.</summary>
    private static RequestDelegate Guard(DcosBackupService service, string? method, Handler? handler) => async context =>
    {
        switch (service.ClassifyCredential(context.Request))
        {
            case CredentialKind.Valid:
                break;
            case CredentialKind.NoPermission:
                await WriteAdminRouterPageAsync(context, StatusCodes.Status403Forbidden, "403 Forbidden", $"missing permission {DcosBackupService.Permission}");
                return;
            default:
                context.Response.Headers.WWWAuthenticate = "acsjwt";
                await WriteAdminRouterPageAsync(context, StatusCodes.Status401Unauthorized, "401 Unauthorized", "authentication required");
                return;
        }

        if (handler is null)
        {
            // The service is written in Go; this is net/http's NotFound answer [inf].
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("404 page not found\n", context.RequestAborted);
            return;
        }

        if (!string.Equals(context.Request.Method, method, StringComparison.OrdinalIgnoreCase))
        {
            // gorilla/mux-style 405 with no body [inf].
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = method;
            return;
        }

        try
        {
            await handler(context, service);
        }
        catch (DcosApiException ex)
        {
            await HttpJson.WriteErrorsAsync(context, ex.StatusCode, ex.Message);
        }
    };

    private static async Task CreateAsync(HttpContext context, DcosBackupService service)
    {
        var label = StringField(await ReadBodyAsync(context), "label");
        var backup = service.Create(label);
        await HttpJson.WriteAsync(context, StatusCodes.Status200OK, DcosWire.Single(DcosWire.Backup(backup), service.BareShapes));
    }

    private static Task ListAsync(HttpContext context, DcosBackupService service)
    {
        var backups = service.List(context.Request.Query["prefix"].ToString());
        return HttpJson.WriteAsync(context, StatusCodes.Status200OK, DcosWire.List(backups, service.BareShapes));
    }

    private static async Task RestoreAsync(HttpContext context, DcosBackupService service)
    {
        var restore = service.Restore(RequiredId(await ReadBodyAsync(context)));
        await HttpJson.WriteAsync(context, StatusCodes.Status200OK, DcosWire.Single(DcosWire.Restore(restore), service.BareShapes));
    }

    private static async Task DeleteAsync(HttpContext context, DcosBackupService service)
    {
        service.Delete(RequiredId(await ReadBodyAsync(context)));

        // The body of a successful delete is undocumented [?].
        await HttpJson.WriteAsync(context, StatusCodes.Status200OK, new JsonObject());
    }

    private static async Task<JsonObject> ReadBodyAsync(HttpContext context)
    {
        var (body, error) = await HttpJson.ReadObjectAsync(context.Request);
        return body ?? throw new DcosApiException(StatusCodes.Status400BadRequest, error!);
    }

    /// <summary>A missing field reads as "" like Go's zero value; a non-string one is a decode error.</summary>
    private static string StringField(JsonObject body, string name)
    {
        var node = body[name];
        if (node is null)
        {
            return string.Empty;
        }

        return node is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw new DcosApiException(StatusCodes.Status400BadRequest, $"invalid request body: \"{name}\" must be a string");
    }

    private static string RequiredId(JsonObject body)
    {
        var id = StringField(body, "id");
        return id.Length > 0 ? id : throw new DcosApiException(StatusCodes.Status400BadRequest, "id is required"); // wording [?]
    }

    /// <summary>
    /// Admin Router answers 401/403 with a static HTML error page (text/html; charset=UTF-8, auth/common.lua);
    /// the page's text is not documented, so this one is short and made up [?].
    /// </summary>
    private static Task WriteAdminRouterPageAsync(HttpContext context, int statusCode, string title, string detail)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/html; charset=UTF-8";
        return context.Response.WriteAsync(
            $"<html><head><title>{title}</title></head><body><h1>{title}</h1><p>{title}: {detail}</p></body></html>\n",
            context.RequestAborted);
    }
}
