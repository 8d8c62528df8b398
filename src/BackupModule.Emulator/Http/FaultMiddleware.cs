using System.Globalization;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections.Features;

namespace BackupModule.Emulator;

/// <summary>Applies the first matching <see cref="FaultRule"/> around the real handler of any non-admin path.</summary>
internal sealed class FaultMiddleware
{
    private static readonly TimeSpan TruncationGrace = TimeSpan.FromMilliseconds(100);

    private readonly RequestDelegate _next;
    private readonly FaultInjector _faults;
    private readonly Func<HttpContext, int, string, Task> _writeError;

    /// <param name="writeError">Writes an injected status and message in the shape of the API the path belongs to.</param>
    public FaultMiddleware(RequestDelegate next, FaultInjector faults, Func<HttpContext, int, string, Task> writeError)
    {
        _next = next;
        _faults = faults;
        _writeError = writeError;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var rule = AdminRoutes.IsAdminPath(context.Request.Path)
            ? null
            : _faults.TryTake(context.Request.Method, context.Request.Path.Value ?? "/");
        if (rule is null)
        {
            await _next(context);
            return;
        }

        var audit = context.Features.Get<RequestAudit>();
        if (audit is not null)
        {
            audit.Fault = rule.Describe();
        }

        if (!rule.AfterHandler && await ApplyAsync(context, rule, audit))
        {
            return;
        }

        if (!rule.AfterHandler && !rule.TruncateBody)
        {
            AddRetryAfter(context, rule);
            await _next(context);
            return;
        }

        // Capture the real answer so that it can be replaced, delayed, cut short or dropped.
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await _next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        if (rule.AfterHandler && await ApplyAsync(context, rule, audit))
        {
            return;
        }

        AddRetryAfter(context, rule);
        var bytes = buffer.ToArray();
        context.Response.ContentLength = bytes.Length;
        if (!rule.TruncateBody)
        {
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
            return;
        }

        // The client has been promised every byte, so it sees the body end early and must cope.
        audit?.Record(0);
        await context.Response.Body.WriteAsync(bytes.AsMemory(0, bytes.Length / 2), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        await CloseAfterSendingAsync(context);
    }

    /// <summary>
    /// Kestrel's Abort() resets the connection at once and may drop bytes it has not yet written to the
    /// socket, so the client would see a reset instead of a short body. Give the transport a moment to send,
    /// end our side with a FIN, then abort to release the connection.
    /// </summary>
    private static async Task CloseAfterSendingAsync(HttpContext context)
    {
        await Task.Delay(TruncationGrace, CancellationToken.None);
        try
        {
            context.Features.Get<IConnectionSocketFeature>()?.Socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The client already went away; nothing more to do.
        }

        context.Abort();
    }

    /// <summary>Delay, then abort or answer with the injected status; true when the request is finished.</summary>
    private async Task<bool> ApplyAsync(HttpContext context, FaultRule rule, RequestAudit? audit)
    {
        if (rule.Delay is { } delay)
        {
            await Task.Delay(delay, context.RequestAborted);
        }

        if (rule.Abort)
        {
            audit?.Record(0);
            context.Abort();
            return true;
        }

        if (rule.Body is { } body)
        {
            context.Response.Clear();
            AddRetryAfter(context, rule);
            context.Response.StatusCode = rule.StatusCode ?? StatusCodes.Status200OK;
            context.Response.ContentType = rule.ContentType ?? HttpJson.ContentType;
            await context.Response.WriteAsync(body, context.RequestAborted);
            return true;
        }

        if (rule.StatusCode is { } status)
        {
            context.Response.Clear();
            AddRetryAfter(context, rule);
            await _writeError(context, status, rule.Message);
            return true;
        }

        return false;
    }

    private static void AddRetryAfter(HttpContext context, FaultRule rule)
    {
        if (rule.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
    }
}
