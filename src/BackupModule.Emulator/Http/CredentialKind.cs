namespace BackupModule.Emulator;

/// <summary>How a back end judged the credential of a request; what the audit log keeps instead of the token.</summary>
internal enum CredentialKind
{
    None,
    Valid,
    NoPermission,
    Invalid,
}

internal static class CredentialKindExtensions
{
    public static string ToAuditText(this CredentialKind kind) => kind switch
    {
        CredentialKind.None => "none",
        CredentialKind.Valid => "valid",
        CredentialKind.NoPermission => "no-permission",
        _ => "invalid",
    };
}
