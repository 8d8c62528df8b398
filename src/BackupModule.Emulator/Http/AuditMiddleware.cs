namespace BackupModule.Emulator;

/// <summary>
/// Per-request audit record, shared with the fault middleware through the request features so that an
/// injected fault and an aborted connection are reported as such.
/// </summary>
internal sealed class RequestAudit
{
    private readonly AuditLog _log;
    private readonly DateTimeOffset _at;
    private readonly string _method;
    private readonly string _path;
    private readonly string _query;
    private readonly string? _body;
    private readonly string _credential;
    private readonly string _connectionId;
    private int _recorded;

    public RequestAudit(AuditLog log, HttpRequest request, string? body, CredentialKind credential, string connectionId)
    {
        _log = log;
        _at = DateTimeOffset.UtcNow;
        _method = request.Method;
        _path = request.Path.Value ?? "/";
        _query = request.QueryString.Value ?? string.Empty;
        _body = body;
        _credential = credential.ToAuditText();
        _connectionId = connectionId;
    }

    public string? Fault { get; set; }

    /// <summary>Writes the entry once; later calls are ignored, so the first (earliest) outcome wins.</summary>
    public void Record(int statusCode)
    {
        if (Interlocked.Exchange(ref _recorded, 1) == 0)
        {
            _log.Add(new AuditEntry(_at, _method, _path, _query, _body, statusCode, _credential, Fault, _connectionId));
        }
    }
}

/// <summary>Records every API request (not the admin routes) in the <see cref="AuditLog"/>.</summary>
internal sealed class AuditMiddleware
{
    private readonly RequestDelegate _next;
    private readonly AuditLog _log;
    private readonly Func<HttpRequest, CredentialKind> _classifyCredential;

    public AuditMiddleware(RequestDelegate next, AuditLog log, Func<HttpRequest, CredentialKind> classifyCredential)
    {
        _next = next;
        _log = log;
        _classifyCredential = classifyCredential;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        if (AdminRoutes.IsAdminPath(context.Request.Path))
        {
            await _next(context);
            return;
        }

        // Buffer the body so that the handler can still read it after we did.
        context.Request.EnableBuffering();
        var body = await HttpJson.ReadTextAsync(context.Request);
        context.Request.Body.Position = 0;

        var audit = new RequestAudit(_log, context.Request, body.Length == 0 ? null : HttpJson.MaskSecretFields(body), _classifyCredential(context.Request), context.Connection.Id);
        context.Features.Set(audit);

        // Record before the first response byte leaves, so that a client that has its answer
        // always finds the entry already in the log.
        context.Response.OnStarting(() =>
        {
            audit.Record(context.RequestAborted.IsCancellationRequested ? 0 : context.Response.StatusCode);
            return Task.CompletedTask;
        });

        try
        {
            await _next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (or a fault aborted the connection): nothing left to answer.
        }
        catch
        {
            // Kestrel turns an unhandled exception into a 500 when nothing was sent yet.
            audit.Record(context.Response.HasStarted ? 0 : StatusCodes.Status500InternalServerError);
            throw;
        }
        finally
        {
            audit.Record(context.RequestAborted.IsCancellationRequested ? 0 : context.Response.StatusCode);
        }
    }
}
