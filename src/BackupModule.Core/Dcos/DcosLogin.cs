using System;
using System.Globalization;
using System.Net;
using System.Security;
using System.Security.Cryptography;
using System.Text.Json;
using BackupModule.Http;
using BackupModule.Security;

namespace BackupModule.Dcos
{
    /// <summary>
    /// How a DC/OS connection logs in to the IAM (<c>POST /acs/api/v1/auth/login</c>) and again when its
    /// token expires: a local user's password, or a service account's private key. The connection keeps it
    /// for its lifetime so that it can renew; it never shows the password or the key.
    /// </summary>
    public sealed class DcosLogin
    {
        /// <summary>
        /// Lifetime of a service login token. Only the login call reads it; the DC/OS CLI and the docs'
        /// examples use a few minutes, so five is what is sent here [doc: service-login page; exact value unsure].
        /// </summary>
        internal static readonly TimeSpan ServiceLoginTokenLifetime = TimeSpan.FromMinutes(5);

        private readonly SecureString? _password;
        private readonly RSA? _privateKey;

        private DcosLogin(string uid, SecureString? password, RSA? privateKey)
        {
            if (string.IsNullOrEmpty(uid))
            {
                throw new ArgumentException("A DC/OS login needs a user or service account id.", nameof(uid));
            }

            Uid = uid;
            _password = password;
            _privateKey = privateKey;
        }

        /// <summary>The user or service account id (uid).</summary>
        public string Uid { get; }

        /// <summary>"Login &lt;uid&gt;" (a user's password) or "ServiceAccount &lt;uid&gt;": how the connection shows it.</summary>
        public string Describe() => (_privateKey is null ? "Login " : "ServiceAccount ") + Uid;

        /// <summary>"password" or "service account key": named in verbose lines and errors.</summary>
        public string Method => _privateKey is null ? "password" : "service account key";

        /// <summary>A local DC/OS user (dcos auth login --username --password): <c>{"uid", "password"}</c>.</summary>
        public static DcosLogin WithPassword(string uid, SecureString password)
        {
            var copy = password.Copy();
            copy.MakeReadOnly();
            return new DcosLogin(uid, copy, null);
        }

        /// <summary>A service account (dcos auth login --username --private-key): <c>{"uid", "token": RS256 JWT {uid, exp}}</c>.</summary>
        public static DcosLogin WithServiceAccount(string uid, RSA privateKey) => new DcosLogin(uid, null, privateKey);

        /// <summary>
        /// The login request's body. Every secret in it (password, service login token) is registered with
        /// <paramref name="redactor"/> before the body exists anywhere else.
        /// </summary>
        /// <remarks>
        /// Service login as DC/OS Enterprise documents it (docs.mesosphere.com/1.13/security/oss/login/service-login/):
        /// an RFC 7519 JWT, header {"alg":"RS256","typ":"JWT"}, claims uid and exp (Unix seconds), signed with the
        /// service account's private key, sent as {"uid": ..., "token": ...}. The IAM answers {"token": ...} for both.
        /// </remarks>
        internal string Body(SecretRedactor redactor, DateTimeOffset now)
        {
            if (_privateKey is null)
            {
                var password = new NetworkCredential(string.Empty, _password).Password;
                redactor.AddSecret(password);
                return JsonSerializer.Serialize(new PasswordLogin { Uid = Uid, Password = password });
            }

            var expires = now.Add(ServiceLoginTokenLifetime).ToUnixTimeSeconds();
            var claims = "{\"uid\":" + JsonSerializer.Serialize(Uid) + ",\"exp\":" + expires.ToString(CultureInfo.InvariantCulture) + "}";
            var loginToken = JsonWebToken.SignRs256(claims, _privateKey);
            redactor.AddSecret(loginToken);
            return JsonSerializer.Serialize(new ServiceLogin { Uid = Uid, Token = loginToken });
        }

        private sealed class PasswordLogin
        {
            [System.Text.Json.Serialization.JsonPropertyName("uid")]
            public string Uid { get; set; } = "";

            [System.Text.Json.Serialization.JsonPropertyName("password")]
            public string Password { get; set; } = "";
        }

        private sealed class ServiceLogin
        {
            [System.Text.Json.Serialization.JsonPropertyName("uid")]
            public string Uid { get; set; } = "";

            [System.Text.Json.Serialization.JsonPropertyName("token")]
            public string Token { get; set; } = "";
        }
    }
}
