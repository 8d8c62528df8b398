using System;
using System.Security.Cryptography;
using System.Text;

namespace BackupModule.Security
{
    /// <summary>RFC 7519 compact JWTs signed with RS256 (RFC 7518 3.3: RSASSA-PKCS1-v1_5 with SHA-256).</summary>
    public static class JsonWebToken
    {
        private const string Rs256Header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";

        /// <summary>header.payload.signature, each base64url without padding.</summary>
        public static string SignRs256(string payloadJson, RSA key)
        {
            var signingInput = Base64Url(Encoding.UTF8.GetBytes(Rs256Header)) + "." + Base64Url(Encoding.UTF8.GetBytes(payloadJson));
            var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            return signingInput + "." + Base64Url(signature);
        }

        private static string Base64Url(byte[] data) =>
            Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
