namespace BackupModule.Emulator;

/// <summary>
/// The credentials a back end accepts and how it judges the one a request carries; only the judgement
/// (<see cref="CredentialKind"/>) ever leaves this class, never the credential itself.
/// </summary>
internal sealed class CredentialSet
{
    private readonly HashSet<string> _valid;
    private readonly HashSet<string> _noPermission;
    private readonly Func<string, string?> _extract;

    /// <param name="extract">Takes the credential out of the Authorization header; null when the header has none.</param>
    public CredentialSet(IReadOnlyList<string> valid, IEnumerable<string> noPermission, string documentedDefault, Func<string, string?> extract)
    {
        _valid = new HashSet<string>(valid, StringComparer.Ordinal);
        _noPermission = new HashSet<string>(noPermission, StringComparer.Ordinal);
        _extract = extract;
        UsesDefault = valid.Count == 1 && valid[0] == documentedDefault;
    }

    /// <summary>True when the only accepted full-permission credential is the documented default one.</summary>
    public bool UsesDefault { get; }

    public CredentialKind Classify(HttpRequest request) => Classify(request, out _);

    /// <param name="credential">The credential when it was judged valid or no-permission, for per-caller bookkeeping.</param>
    public CredentialKind Classify(HttpRequest request, out string? credential)
    {
        credential = null;
        var header = request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return CredentialKind.None;
        }

        var candidate = _extract(header);
        var kind = candidate is null ? CredentialKind.Invalid
            : _valid.Contains(candidate) ? CredentialKind.Valid
            : _noPermission.Contains(candidate) ? CredentialKind.NoPermission
            : CredentialKind.Invalid;
        if (kind is CredentialKind.Valid or CredentialKind.NoPermission)
        {
            credential = candidate;
        }

        return kind;
    }

    /// <summary>RFC 6750 "Bearer &lt;token&gt;" (scheme case-insensitive); null for any other header.</summary>
    public static string? ExtractBearer(string header)
    {
        const string scheme = "Bearer ";
        return header.Length > scheme.Length && header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            ? header[scheme.Length..]
            : null;
    }
}
