using System;
using BackupModule.Errors;

namespace BackupModule.Http
{
    /// <summary>Checks of a service URL that every back end makes before a credential is sent to it.</summary>
    public static class ServiceAddress
    {
        /// <summary>
        /// An absolute http(s) URL; plain http only to loopback unless the user accepts sending
        /// <paramref name="credential"/> in clear text (as Invoke-RestMethod's -AllowUnencryptedAuthentication).
        /// </summary>
        public static void Check(Uri uri, string what, string credential, bool allowUnencryptedAuthentication)
        {
            if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                throw new BackupServiceException(BackupErrorId.InvalidArgument, BackupErrorKind.InvalidArgument, $"'{uri}' is not an http or https URL of {what}.", uri.ToString());
            }

            if (!string.IsNullOrEmpty(uri.UserInfo))
            {
                throw new BackupServiceException(BackupErrorId.InvalidArgument, BackupErrorKind.InvalidArgument, $"The URL of {what} must not carry a user name or password; pass the {credential} separately.", uri.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped));
            }

            if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback && !allowUnencryptedAuthentication)
            {
                throw new BackupServiceException(
                    BackupErrorId.UnencryptedAuthentication,
                    BackupErrorKind.Security,
                    $"The {credential} would be sent unencrypted to {uri.Host}. Use an https URL.",
                    uri.ToString())
                {
                    RecommendedAction = "Use https://, or pass -AllowUnencryptedAuthentication if you accept the risk.",
                };
            }
        }

        /// <summary>An absolute URL from an environment variable or parameter text.</summary>
        public static Uri Parse(string text, string source)
        {
            if (Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri))
            {
                return uri;
            }

            throw new BackupServiceException(BackupErrorId.InvalidArgument, BackupErrorKind.InvalidArgument, $"{source} '{text}' is not an absolute URL.", text);
        }
    }
}
