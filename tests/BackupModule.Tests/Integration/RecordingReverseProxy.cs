using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace BackupModule.Tests.Integration;

/// <summary>One exchange the proxy passed on, as it went by.</summary>
public sealed record ProxiedExchange(
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> RequestHeaders,
    string RequestBody,
    int Status,
    string? ResponseContentType,
    string ResponseBody);

/// <summary>
/// A reverse proxy on 127.0.0.1:0 that the client under test points at instead of the server: it forwards every
/// request to <see cref="Target"/> as it came and records both sides, for checks of what went over the wire. Like
/// nginx by default, it can drop request headers whose names hold an underscore. It counts the requests in flight at
/// once. Loopback only; bounded by the test's own requests.
/// </summary>
public sealed class RecordingReverseProxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "Host", "Content-Length",
    };

    private readonly WebApplication _app;
    private readonly HttpClient _forward;
    private readonly ConcurrentQueue<ProxiedExchange> _exchanges = new();
    private int _inFlight;
    private int _maxInFlight;

    private RecordingReverseProxy(WebApplication app, HttpClient forward, Uri target, Uri uri)
    {
        _app = app;
        _forward = forward;
        Target = target;
        Uri = uri;
    }

    public Uri Target { get; }

    /// <summary>Where clients connect: http://127.0.0.1:PORT/.</summary>
    public Uri Uri { get; private set; }

    /// <summary>Drop request headers whose names contain '_' (nginx's underscores_in_headers off).</summary>
    public bool DropUnderscoreHeaders { get; set; }

    public IReadOnlyList<ProxiedExchange> Exchanges => _exchanges.ToArray();

    /// <summary>The most requests that were in flight through the proxy at the same time.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public void Clear()
    {
        _exchanges.Clear();
        Volatile.Write(ref _maxInFlight, 0);
    }

    public static async Task<RecordingReverseProxy> StartAsync(Uri target)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        var forward = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        RecordingReverseProxy? proxy = null;
        app.Run(context => proxy!.ForwardAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        proxy = new RecordingReverseProxy(app, forward, target, new Uri(address.TrimEnd('/') + "/"));
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _forward.Dispose();
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
        {
        }

        try
        {
            var request = context.Request;
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, context.RequestAborted);
            var requestBody = System.Text.Encoding.UTF8.GetString(body.ToArray());
            using var outgoing = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(Target, request.Path.Value!.TrimStart('/') + request.QueryString.Value));
            if (body.Length > 0)
            {
                outgoing.Content = new ByteArrayContent(body.ToArray());
            }

            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, values) in request.Headers)
            {
                if (HopByHop.Contains(name) || (DropUnderscoreHeaders && name.Contains('_', StringComparison.Ordinal)))
                {
                    continue;
                }

                headers[name] = values.ToString();
                if (!outgoing.Headers.TryAddWithoutValidation(name, values.ToArray()))
                {
                    outgoing.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
                }
            }

            using var response = await _forward.SendAsync(outgoing, context.RequestAborted);
            var responseBody = await response.Content.ReadAsByteArrayAsync(context.RequestAborted);
            _exchanges.Enqueue(new ProxiedExchange(
                request.Method,
                request.Path.Value ?? "/",
                request.QueryString.Value ?? "",
                headers,
                requestBody,
                (int)response.StatusCode,
                response.Content.Headers.ContentType?.MediaType,
                System.Text.Encoding.UTF8.GetString(responseBody)));
            context.Response.StatusCode = (int)response.StatusCode;
            if (response.Content.Headers.ContentType is { } type)
            {
                context.Response.ContentType = type.ToString();
            }

            await context.Response.Body.WriteAsync(responseBody, context.RequestAborted);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }
}
