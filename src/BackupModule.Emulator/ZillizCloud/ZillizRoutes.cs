using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;

namespace BackupModule.Emulator;

/// <summary>
/// HTTP face of the Zilliz Cloud REST v2 backup endpoints (digest B.2): Bearer auth, the per-key
/// per-endpoint rate limit, then the handler, whose result or error goes out in the {code, data|message} envelope.
/// </summary>
internal static class ZillizRoutes
{
    private const string ClusterBackups = ZillizCloudService.ApiPath + "/clusters/{clusterId}/backups";
    private const string OneBackup = ClusterBackups + "/{backupId}";

    // [?] No dbName in a request group means the default database, as Milvus does.
    private const string DefaultDatabase = "default";

    private delegate Task<object> Handler(HttpContext context, ZillizCloudService service);

    public static void Map(IEndpointRouteBuilder routes, ZillizCloudService service)
    {
        Map(routes, service, ClusterBackups + "/create", (HttpMethods.Post, CreateAsync));
        Map(routes, service, ZillizCloudService.ApiPath + "/backups", (HttpMethods.Get, ListAsync));
        Map(routes, service, ClusterBackups + "/policy", (HttpMethods.Get, GetPolicyAsync), (HttpMethods.Post, SetPolicyAsync));
        Map(routes, service, OneBackup, (HttpMethods.Get, DescribeAsync), (HttpMethods.Delete, DeleteAsync));
        Map(routes, service, OneBackup + "/restoreCluster", (HttpMethods.Post, RestoreClusterAsync));
        Map(routes, service, OneBackup + "/restoreCollection", (HttpMethods.Post, RestoreCollectionAsync));
        Map(routes, service, OneBackup + "/export", (HttpMethods.Post, ExportAsync));
        Map(routes, service, ZillizCloudService.ApiPath + "/jobs/{jobId}", (HttpMethods.Get, DescribeJobAsync));
        Map(routes, service, ZillizCloudService.ApiPath + "/clusters/{clusterId}", (HttpMethods.Get, DescribeClusterAsync));

        // The data plane of each cluster, reached at its connectAddress (the emulator serves every cluster's
        // under one host): only what a restore needs to check before it starts.
        Map(routes, service, ZillizCloudService.ClusterEndpointPath + "/{clusterId}/v2/vectordb/collections/has", (HttpMethods.Post, HasCollectionAsync));

        // Any other /v2 path is authenticated first, like the mapped ones, then answered "not found".
        routes.Map(ZillizCloudService.ApiPath + "/{**rest}", Guard(service, template: null, new Dictionary<string, Handler>()));
    }

    /// <summary>Writes the failure envelope with a requestid (also for injected faults, whose answer replaces ours).</summary>
    public static Task WriteFailureAsync(HttpContext context, int statusCode, int code, string message)
    {
        AddRequestId(context);
        return HttpJson.WriteAsync(context, statusCode, ZillizWire.Failure(code, message));
    }

    private static void Map(IEndpointRouteBuilder routes, ZillizCloudService service, string template, params (string Method, Handler Handler)[] handlers) =>
        routes.Map(template, Guard(service, template, handlers.ToDictionary(h => h.Method, h => h.Handler, StringComparer.OrdinalIgnoreCase)));

    private static RequestDelegate Guard(ZillizCloudService service, string? template, IReadOnlyDictionary<string, Handler> handlers) => async context =>
    {
        AddRequestId(context);
        switch (service.ClassifyCredential(context.Request, out var apiKey))
        {
            case CredentialKind.Valid:
                break;
            case CredentialKind.NoPermission:
                // A business error, so HTTP 200 like every other the live service sends [?] (only a bad key came as 401).
                var refused = ZillizCodes.Error(ZillizCodes.NoPermission);
                await WriteFailureAsync(context, refused.StatusCode, refused.Code, refused.Message);
                return;
            default:
                // The one error the recorded live answers show with a non-200 status.
                await WriteFailureAsync(context, StatusCodes.Status401Unauthorized, ZillizCodes.IllegalApiKey, ZillizCodes.Error(ZillizCodes.IllegalApiKey).Message);
                return;
        }

        if (template is null || !handlers.TryGetValue(context.Request.Method, out var handler))
        {
            // [?] The real answers for an unknown path or method are undocumented.
            if (template is not null)
            {
                context.Response.Headers.Allow = string.Join(", ", handlers.Keys);
            }

            var status = template is null ? StatusCodes.Status404NotFound : StatusCodes.Status405MethodNotAllowed;
            await WriteFailureAsync(context, status, ZillizCodes.NotFoundRoute, $"{context.Request.Method} {context.Request.Path} is not an API endpoint.");
            return;
        }

        if (!service.TryAcquireRate(apiKey!, $"{context.Request.Method.ToUpperInvariant()} {template}"))
        {
            context.Response.Headers.RetryAfter = "1";
            await WriteFailureAsync(context, StatusCodes.Status429TooManyRequests, ZillizCodes.TooManyRequests, "Too many requests.");
            return;
        }

        try
        {
            var data = await handler(context, service);
            await HttpJson.WriteAsync(context, StatusCodes.Status200OK, ZillizWire.Success(data));
        }
        catch (ZillizApiException ex)
        {
            await WriteFailureAsync(context, ex.StatusCode, ex.Code, ex.Message);
        }
    };

    private static void AddRequestId(HttpContext context) => context.Response.Headers[ZillizWire.RequestIdHeader] = Guid.NewGuid().ToString("D");

    private static async Task<object> CreateAsync(HttpContext context, ZillizCloudService service)
    {
        var body = await ReadBodyAsync(context);
        var selections = OptionalArray(body, "dbCollections")?.Select(item =>
        {
            var group = ObjectItem(item, "dbCollections");
            var names = OptionalArray(group, "collectionNames") ?? new JsonArray();
            return new ZillizCollectionSelection(
                OptionalString(group, "dbName") ?? DefaultDatabase,
                names.Select(n => AsString(n, "collectionNames", ZillizCodes.InvalidRequest)).ToArray());
        }).ToArray();
        var copies = OptionalArray(body, "crossRegionCopies")?
            .Select(item => OptionalString(ObjectItem(item, "crossRegionCopies"), "regionId", ZillizCodes.BadRegionId) ?? throw ZillizCodes.Error(ZillizCodes.BadRegionId, "regionId is required."))
            .ToArray();
        return service.CreateBackup(RouteValue(context, "clusterId"), RequiredString(body, "backupType", ZillizCodes.BadBackupType), selections, copies);
    }

    private static Task<object> ListAsync(HttpContext context, ZillizCloudService service)
    {
        var query = context.Request.Query;
        string? Filter(string name, int code = 0, params string[] allowed)
        {
            var value = query[name].ToString();
            if (value.Length == 0)
            {
                return null;
            }

            return allowed.Length == 0 || allowed.Contains(value, StringComparer.Ordinal)
                ? value
                : throw ZillizCodes.Error(code, $"{name} must be one of {string.Join(", ", allowed)}.");
        }

        // The newest reference names the time filters start/end; the older page said startTime/endTime.
        DateTimeOffset? Time(string name, string olderName)
        {
            var value = query[name].ToString() is { Length: > 0 } given ? given : query[olderName].ToString();
            if (value.Length == 0)
            {
                return null;
            }

            return value.EndsWith('Z') && DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time)
                ? time
                : throw ZillizCodes.Error(ZillizCodes.BadTimestamp, $"{name} '{value}' is not an ISO 8601 UTC time such as 2024-07-30T16:49:50Z.");
        }

        var pageSize = QueryInt(context.Request, "pageSize", 10, 1, 100, ZillizCodes.BadPageSize); // default 10 [?]
        var currentPage = QueryInt(context.Request, "currentPage", 1, 1, int.MaxValue, ZillizCodes.BadCurrentPage);
        var start = Time("start", "startTime");
        var end = Time("end", "endTime");
        if (start > end)
        {
            throw ZillizCodes.Error(ZillizCodes.BadTimeRange);
        }

        var filter = new ZillizBackupFilter(
            Filter("projectId"),
            Filter("clusterId"),
            Filter("creationMethod", ZillizCodes.BadCreationMethod, ZillizWire.Manual, ZillizWire.Auto),
            Filter("backupType", ZillizCodes.BadBackupType, ZillizWire.BackupTypeCluster, ZillizWire.BackupTypeCollection),
            start,
            end);
        return Task.FromResult<object>(service.ListBackups(filter, pageSize, currentPage));
    }

    private static Task<object> DescribeAsync(HttpContext context, ZillizCloudService service) =>
        Task.FromResult<object>(service.DescribeBackup(RouteValue(context, "clusterId"), RouteValue(context, "backupId")));

    private static Task<object> DeleteAsync(HttpContext context, ZillizCloudService service) =>
        Task.FromResult<object>(service.DeleteBackup(RouteValue(context, "clusterId"), RouteValue(context, "backupId")));

    private static async Task<object> RestoreClusterAsync(HttpContext context, ZillizCloudService service)
    {
        var body = await ReadBodyAsync(context);

        // The newest reference requires projectId, the tutorials and the older reference send targetProjectId:
        // either is taken (the same value when both come), neither is refused.
        var projectId = OptionalString(body, "projectId", ZillizCodes.BadProjectId);
        var targetProjectId = OptionalString(body, "targetProjectId", ZillizCodes.BadProjectId);
        if (projectId is { Length: > 0 } && targetProjectId is { Length: > 0 } && projectId != targetProjectId)
        {
            throw ZillizCodes.Error(ZillizCodes.BadProjectId, "projectId and targetProjectId name different projects.");
        }

        var request = new ZillizClusterRestore(
            projectId is { Length: > 0 } ? projectId : targetProjectId is { Length: > 0 } ? targetProjectId : throw ZillizCodes.Error(ZillizCodes.BadProjectId, "projectId is required."),
            RequiredString(body, "clusterName", ZillizCodes.BadClusterName),
            OptionalInt(body, "cuSize", ZillizCodes.BadCuSize) ?? throw ZillizCodes.Error(ZillizCodes.BadCuSize, "cuSize is required."),
            OptionalString(body, "collectionStatus", ZillizCodes.BadCollectionStatus) ?? throw ZillizCodes.Error(ZillizCodes.BadCollectionStatus),
            OptionalString(body, "restoreVersionPolicy", ZillizCodes.RestoreClusterFailed));
        return service.RestoreCluster(RouteValue(context, "clusterId"), RouteValue(context, "backupId"), request);
    }

    private static async Task<object> RestoreCollectionAsync(HttpContext context, ZillizCloudService service)
    {
        var body = await ReadBodyAsync(context);
        var items = OptionalArray(body, "dbCollections")?.SelectMany(item =>
        {
            var group = ObjectItem(item, "dbCollections");
            var dbName = OptionalString(group, "dbName"); // [?] without it the backup's database holding the collection
            var destDbName = OptionalString(group, "destDbName");
            var collections = OptionalArray(group, "collections") is { Count: > 0 } list
                ? list
                : throw ZillizCodes.Error(ZillizCodes.InvalidRequest, "Every dbCollections item needs at least one collection."); // [?]
            return collections.Select(node =>
            {
                var collection = ObjectItem(node, "collections");
                var name = RequiredString(collection, "collectionName", ZillizCodes.InvalidRequest);
                var status = OptionalString(collection, "destCollectionStatus", ZillizCodes.BadTargetCollectionStatus) ?? ZillizWire.Unloaded; // [?] UNLOADED when not given
                return status is ZillizWire.Loaded or ZillizWire.Unloaded
                    ? new ZillizCollectionRestore(dbName, name, destDbName, OptionalString(collection, "destCollectionName") ?? name, status)
                    : throw ZillizCodes.Error(ZillizCodes.BadTargetCollectionStatus);
            });
        }).ToArray();
        var destClusterId = RequiredString(body, "destClusterId", ZillizCodes.EmptyClusterId);
        return service.RestoreCollections(RouteValue(context, "clusterId"), RouteValue(context, "backupId"), destClusterId, items);
    }

    private static async Task<object> ExportAsync(HttpContext context, ZillizCloudService service)
    {
        var body = await ReadBodyAsync(context);
        RequiredString(body, "integrationId", ZillizCodes.InvalidRequest);
        OptionalString(body, "directory"); // [?] optional; only its type is checked
        return service.Export(RouteValue(context, "clusterId"), RouteValue(context, "backupId"));
    }

    private static Task<object> DescribeJobAsync(HttpContext context, ZillizCloudService service) =>
        Task.FromResult<object>(service.DescribeJob(RouteValue(context, "jobId")));

    private static Task<object> DescribeClusterAsync(HttpContext context, ZillizCloudService service)
    {
        var clusterId = RouteValue(context, "clusterId");
        var endpoint = $"{context.Request.Scheme}://{context.Request.Host}{ZillizCloudService.ClusterEndpointPath}/{clusterId}";
        return Task.FromResult<object>(service.DescribeCluster(clusterId, endpoint));
    }

    private static async Task<object> HasCollectionAsync(HttpContext context, ZillizCloudService service)
    {
        var body = await ReadBodyAsync(context);
        return service.HasCollection(
            RouteValue(context, "clusterId"),
            OptionalString(body, "dbName") ?? DefaultDatabase,
            RequiredString(body, "collectionName", ZillizCodes.InvalidRequest));
    }

    private static Task<object> GetPolicyAsync(HttpContext context, ZillizCloudService service) =>
        Task.FromResult<object>(service.GetPolicy(RouteValue(context, "clusterId")));

    private static async Task<object> SetPolicyAsync(HttpContext context, ZillizCloudService service)
    {
        var body = await ReadBodyAsync(context);
        var copies = OptionalArray(body, "crossRegionCopies")?.Select(item =>
        {
            var copy = ObjectItem(item, "crossRegionCopies");
            return new ZillizRegionCopyRequest(OptionalString(copy, "regionId", ZillizCodes.BadRegionId), OptionalInt(copy, "retentionDays", ZillizCodes.BadRetentionDays));
        }).ToArray();
        var update = new ZillizPolicyUpdate(
            OptionalString(body, "frequency", ZillizCodes.BadPolicyFrequency),
            OptionalString(body, "startTime", ZillizCodes.BadPolicyStartTime),
            OptionalInt(body, "retentionDays", ZillizCodes.BadRetentionDays),
            OptionalBool(body, "enabled", ZillizCodes.InvalidRequest) ?? throw ZillizCodes.Error(ZillizCodes.InvalidRequest, "enabled is required."), // required by the newest reference
            copies);
        return service.SetPolicy(RouteValue(context, "clusterId"), update);
    }

    private static string RouteValue(HttpContext context, string name) => (string)context.Request.RouteValues[name]!;

    private static async Task<JsonObject> ReadBodyAsync(HttpContext context)
    {
        var (body, error) = await HttpJson.ReadObjectAsync(context.Request);
        return body ?? throw ZillizCodes.Error(ZillizCodes.InvalidRequest, "Invalid request: " + error); // [?]
    }

    private static int QueryInt(HttpRequest request, string name, int fallback, int min, int max, int code)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            return fallback;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max
            ? value
            : throw ZillizCodes.Error(code);
    }

    private static JsonObject ObjectItem(JsonNode? node, string name) =>
        node as JsonObject ?? throw ZillizCodes.Error(ZillizCodes.InvalidRequest, $"Every item of {name} must be an object.");

    private static JsonArray? OptionalArray(JsonObject body, string name) => body[name] switch
    {
        null => null,
        JsonArray array => array,
        _ => throw ZillizCodes.Error(ZillizCodes.InvalidRequest, $"{name} must be an array."),
    };

    private static string RequiredString(JsonObject body, string name, int code) =>
        OptionalString(body, name, code) is { Length: > 0 } text ? text : throw ZillizCodes.Error(code, $"{name} is required.");

    private static string? OptionalString(JsonObject body, string name, int code = ZillizCodes.InvalidRequest) =>
        body[name] is { } node ? AsString(node, name, code) : null;

    private static string AsString(JsonNode? node, string name, int code) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : throw ZillizCodes.Error(code, $"{name} must be a string.");

    private static int? OptionalInt(JsonObject body, string name, int code) => body[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<int>(out var number) => number,
        _ => throw ZillizCodes.Error(code, $"{name} must be an integer."),
    };

    private static bool? OptionalBool(JsonObject body, string name, int code) => body[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
        _ => throw ZillizCodes.Error(code, $"{name} must be true or false."),
    };
}
