using System.Net;

namespace BackupModule.Emulator;

/// <summary>
/// The emulator accepts any token it was told about and has admin routes without auth, so it must never
/// be reachable from another machine: only http and https URLs on 127.0.0.0/8, [::1] or localhost are allowed.
/// </summary>
internal static class LoopbackGuard
{
    /// <exception cref="ArgumentException">No URL was given, or one is not a loopback http(s) URL.</exception>
    public static void ValidateUrls(IReadOnlyCollection<string>? urls)
    {
        if (urls is null || urls.Count == 0)
        {
            throw new ArgumentException("At least one URL to listen on is required.", nameof(urls));
        }

        foreach (var url in urls)
        {
            if (!IsLoopbackHttpUrl(url, out var reason))
            {
                throw new ArgumentException(
                    $"Refusing to listen on '{url}': {reason}. The emulator binds loopback only "
                    + "(http[s]://127.0.0.1:PORT, http[s]://localhost:PORT or http[s]://[::1]:PORT).",
                    nameof(urls));
            }
        }
    }

    internal static bool IsLoopbackHttpUrl(string? url, out string reason)
    {
        // Kestrel's wildcard spellings (*, +) are not valid URI hosts, so they fail here too.
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            reason = "not an absolute URL";
            return false;
        }

        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            reason = "only http and https are supported";
            return false;
        }

        if (uri.AbsolutePath != "/" || uri.Query.Length != 0 || uri.Fragment.Length != 0)
        {
            reason = "a listen URL cannot have a path, query or fragment";
            return false;
        }

        var host = uri.Host.Trim('[', ']');
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address)))
        {
            reason = string.Empty;
            return true;
        }

        reason = $"host '{uri.Host}' is not a loopback address";
        return false;
    }
}
