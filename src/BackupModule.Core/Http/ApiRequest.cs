using System.Collections.Generic;
using System.Net.Http;
using System.Text;

namespace BackupModule.Http
{
    /// <summary>One call to a back end, relative to the connection's base URI.</summary>
    public sealed class ApiRequest
    {
        public ApiRequest(HttpMethod method, string path, string? jsonBody = null, IReadOnlyDictionary<string, string?>? query = null, string? route = null, bool? isRead = null, IReadOnlyDictionary<string, string>? headers = null)
        {
            Headers = headers;
            Method = method;
            Path = path;
            JsonBody = jsonBody;
            Query = query;
            Endpoint = method.Method + " " + (route ?? path);
            IsRead = isRead ?? (method == HttpMethod.Get || method == HttpMethod.Head);
        }

        /// <summary>Method and route template ("GET v2/clusters/{id}/backups/{id}"): what a per-endpoint rate limit counts.</summary>
        public string Endpoint { get; }

        public HttpMethod Method { get; }

        /// <summary>Path under the base URI, without a leading slash (e.g. "list"); an absolute URL for another host of the same service.</summary>
        public string Path { get; }

        public string? JsonBody { get; }

        public IReadOnlyDictionary<string, string?>? Query { get; }

        /// <summary>Headers of this request only (milvus-backup's request_id), besides the connection's own.</summary>
        public IReadOnlyDictionary<string, string>? Headers { get; }

        /// <summary>Reads may be resent after a transient failure; mutations never blindly. A POST that only asks (a query) is a read.</summary>
        public bool IsRead { get; }

        public string PathAndQuery
        {
            get
            {
                if (Query is null || Query.Count == 0)
                {
                    return Path;
                }

                var text = new StringBuilder(Path);
                var separator = '?';
                foreach (var pair in Query)
                {
                    if (pair.Value is null)
                    {
                        continue;
                    }

                    text.Append(separator).Append(System.Uri.EscapeDataString(pair.Key)).Append('=').Append(System.Uri.EscapeDataString(pair.Value));
                    separator = '&';
                }

                return text.ToString();
            }
        }
    }
}
