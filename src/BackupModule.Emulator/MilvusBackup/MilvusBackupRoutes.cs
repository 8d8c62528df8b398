using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;

namespace BackupModule.Emulator;

/// <summary>
/// HTTP face of the emulated milvus-backup server, as its gin engine answers: "" (the root) and /api/v1/hello in
/// text, the JSON routes of the API on HTTP 200 whatever their code, 400 {"error"} when a body cannot be bound, an
/// empty 500 after a panic, and gin's "404 page not found" for any other path or method. No authentication.
/// </summary>
internal static class MilvusBackupRoutes
{
    private const string RequestIdHeader = "request_id";

    public static void Map(IEndpointRouteBuilder routes, MilvusBackupServer server)
    {
        routes.Map("/", (RequestDelegate)(context => TextAsync(context, StatusCodes.Status200OK, MilvusBackupJson.Hello)));
        routes.Map(MilvusBackupServer.ApiPath + "/{**rest}", (RequestDelegate)(context => DispatchAsync(context, server)));
    }

    private static Task DispatchAsync(HttpContext context, MilvusBackupServer server)
    {
        var route = (context.Request.RouteValues["rest"] as string) ?? "";
        var header = context.Request.Headers[RequestIdHeader].ToString();
        var requestId = header.Length == 0 ? null : header;
        var query = context.Request.Query;
        return (context.Request.Method, route) switch
        {
            ("GET", "hello") => TextAsync(context, StatusCodes.Status200OK, MilvusBackupJson.Hello),
            ("POST", "create") => CreateAsync(context, server, requestId),
            ("GET", "list") => JsonAsync(context, server.List(requestId, query["collection_name"].ToString())),
            ("GET", "get_backup") => JsonAsync(context, server.GetBackup(requestId, query["backup_id"].ToString(), query["backup_name"].ToString())),
            ("DELETE", "delete") => JsonAsync(context, server.Delete(requestId ?? Guid.NewGuid().ToString(), query["backup_name"].ToString())),
            ("POST", "restore") => RestoreAsync(context, server),
            ("GET", "get_restore") => JsonAsync(context, server.GetRestore(requestId, query["id"].ToString())),
            ("POST", "restore_secondary") => RestoreSecondaryAsync(context, requestId),
            ("GET", "check") => TextAsync(context, StatusCodes.Status200OK, "Configuration:\nmilvus.address: emulated\nminio.address: emulated\n\nSucceed to connect to milvus and storage.\n"),
            _ => TextAsync(context, StatusCodes.Status404NotFound, MilvusBackupJson.NotFoundText),
        };
    }

    private static async Task CreateAsync(HttpContext context, MilvusBackupServer server, string? requestId)
    {
        var (request, _) = await BindAsync<MilvusCreateRequest>(context);
        if (request is null)
        {
            await HttpJson.WriteAsync(context, StatusCodes.Status400BadRequest, MilvusBackupJson.GinError("Invalid request body"));
            return;
        }

        var answer = server.Create(request, requestId ?? Guid.NewGuid().ToString());
        if (answer.Backup is { } task && request.Async != true)
        {
            // A sync create holds the call for the whole backup and runs under its context: a client that gives up cancels it.
            var view = server.ViewNow(task);
            if (!task.NeverStarts && !task.FailsAtOnce && view.State is not (MilvusBackupJson.StateSuccess or MilvusBackupJson.StateFail))
            {
                try
                {
                    await Task.Delay(task.Duration, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    server.CancelSyncCreate(task);
                    return;
                }
            }

            await JsonAsync(context, server.SyncCreateResult(task, task.Id));
            return;
        }

        await WriteAsync(context, answer);
    }

    private static async Task RestoreAsync(HttpContext context, MilvusBackupServer server)
    {
        var (request, bindError) = await BindAsync<MilvusRestoreRequest>(context);
        if (request is null)
        {
            await HttpJson.WriteAsync(context, StatusCodes.Status400BadRequest, MilvusBackupJson.GinError("invalid request body: " + bindError));
            return;
        }

        var answer = server.Restore(request);
        if (answer.Restore is { } task && request.Async != true)
        {
            // A sync restore runs on even when the call ends (it uses a background context).
            if (!task.NeverStarts && !task.FailsAtOnce)
            {
                await Task.Delay(task.Duration, CancellationToken.None);
            }

            if (!context.RequestAborted.IsCancellationRequested)
            {
                await JsonAsync(context, server.SyncRestoreResult(task, (string?)answer.Body?["requestId"]));
            }

            return;
        }

        await WriteAsync(context, answer);
    }

    private static async Task RestoreSecondaryAsync(HttpContext context, string? requestId)
    {
        var (request, bindError) = await BindAsync<MilvusRestoreSecondaryRequest>(context);
        if (request is null)
        {
            await HttpJson.WriteAsync(context, StatusCodes.Status400BadRequest, MilvusBackupJson.GinError("invalid request body: " + bindError));
            return;
        }

        // [?] A CDC standby restore: not emulated; the server's only failure code is 3.
        await JsonAsync(context, MilvusBackupJson.Envelope(requestId, MilvusBackupJson.CodeFail, "restore_secondary is not emulated", hasData: true));
    }

    /// <summary>ShouldBindJSON: the body as <typeparamref name="T"/>, or the reason it cannot be (empty, not JSON, a wrong type); "null" binds as an empty request.</summary>
    private static async Task<(T? Value, string? Error)> BindAsync<T>(HttpContext context)
        where T : class, new()
    {
        var text = await HttpJson.ReadTextAsync(context.Request);
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, "EOF");
        }

        try
        {
            return (JsonSerializer.Deserialize<T>(text, MilvusRestorePlan.BindOptions) ?? new T(), null);
        }
        catch (JsonException ex)
        {
            return (null, ex.Message);
        }
    }

    private static Task WriteAsync(HttpContext context, MilvusAnswer answer)
    {
        if (answer.Body is null)
        {
            // gin's recovery: AbortWithStatus(500), nothing written.
            context.Response.StatusCode = answer.Status;
            return Task.CompletedTask;
        }

        return HttpJson.WriteAsync(context, answer.Status, answer.Body);
    }

    private static Task JsonAsync(HttpContext context, JsonNode body) => HttpJson.WriteAsync(context, StatusCodes.Status200OK, body);

    private static Task TextAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }
}
