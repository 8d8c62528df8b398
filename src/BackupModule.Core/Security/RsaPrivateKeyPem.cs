using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using BackupModule.Errors;

namespace BackupModule.Security
{
    /// <summary>
    /// An RSA private key from PEM text: PKCS#1 ("RSA PRIVATE KEY", what `dcos security org service-accounts
    /// keypair` and `openssl genrsa` write) or unencrypted PKCS#8 ("PRIVATE KEY", openssl 3's default).
    /// netstandard2.0 (and so Windows PowerShell) has no ImportFromPem, hence the small DER reader. The DER
    /// bytes are cleared once the key is imported; errors never quote the key.
    /// </summary>
    public static class RsaPrivateKeyPem
    {
        private const string Pkcs1Label = "RSA PRIVATE KEY";
        private const string Pkcs8Label = "PRIVATE KEY";
        private const string EncryptedPkcs8Label = "ENCRYPTED PRIVATE KEY";
        private const string RsaEncryptionOid = "1.2.840.113549.1.1.1";

        /// <param name="source">The file the text came from: the error's target.</param>
        /// <exception cref="BackupServiceException">InvalidPrivateKey: not an unencrypted RSA private key.</exception>
        public static RSA Import(string pemText, string source)
        {
            if (pemText.IndexOf(EncryptedPkcs8Label, StringComparison.Ordinal) >= 0 || pemText.IndexOf("Proc-Type: 4,ENCRYPTED", StringComparison.Ordinal) >= 0)
            {
                throw Invalid(source, "is encrypted; the module reads unencrypted keys only", "Decrypt a copy the task can read, e.g. openssl pkey -in key.pem -out plain.pem, and protect that file instead (file permissions, or keep it in a SecretManagement vault).");
            }

            byte[]? der = null;
            try
            {
                var blocks = PemFile.Parse(pemText);
                var block = blocks.FirstOrDefault(b => b.Label == Pkcs1Label || b.Label == Pkcs8Label)
                    ?? throw Invalid(source, "holds no \"RSA PRIVATE KEY\" or \"PRIVATE KEY\" PEM block", null);
                der = block.Data;
                var parameters = block.Label == Pkcs1Label ? ReadPkcs1(der) : ReadPkcs8(der);
                var rsa = RSA.Create();
                try
                {
                    rsa.ImportParameters(parameters);
                }
                catch (CryptographicException ex)
                {
                    rsa.Dispose();
                    throw Invalid(source, "is not a usable RSA key: " + ex.Message, null);
                }
                finally
                {
                    Clear(parameters);
                }

                return rsa;
            }
            catch (InvalidDataException ex)
            {
                throw Invalid(source, "is not a readable PEM RSA private key: " + ex.Message, null);
            }
            finally
            {
                if (der is not null)
                {
                    Array.Clear(der, 0, der.Length);
                }
            }
        }

        /// <summary>RFC 8017 A.1.2 RSAPrivateKey: version, n, e, d, p, q, dP, dQ, qInv.</summary>
        private static RSAParameters ReadPkcs1(byte[] der)
        {
            var key = new DerReader(der).ReadConstructed(DerReader.Sequence);
            if (key.ReadSmallInteger() != 0)
            {
                throw new InvalidDataException("Only two-prime RSA keys (version 0) are supported.");
            }

            var modulus = key.ReadUnsignedInteger();
            var exponent = key.ReadUnsignedInteger();
            var half = (modulus.Length + 1) / 2;

            // .NET (Framework especially) wants D as long as the modulus and the CRT values half as long.
            return new RSAParameters
            {
                Modulus = modulus,
                Exponent = exponent,
                D = PadLeft(key.ReadUnsignedInteger(), modulus.Length),
                P = PadLeft(key.ReadUnsignedInteger(), half),
                Q = PadLeft(key.ReadUnsignedInteger(), half),
                DP = PadLeft(key.ReadUnsignedInteger(), half),
                DQ = PadLeft(key.ReadUnsignedInteger(), half),
                InverseQ = PadLeft(key.ReadUnsignedInteger(), half),
            };
        }

        /// <summary>RFC 5208 PrivateKeyInfo: version, AlgorithmIdentifier (rsaEncryption), OCTET STRING holding PKCS#1.</summary>
        private static RSAParameters ReadPkcs8(byte[] der)
        {
            var info = new DerReader(der).ReadConstructed(DerReader.Sequence);
            info.ReadSmallInteger();
            var algorithm = info.ReadConstructed(DerReader.Sequence);
            var oid = algorithm.ReadObjectIdentifier();
            if (oid != RsaEncryptionOid)
            {
                throw new InvalidDataException($"The key's algorithm is {oid}, not RSA ({RsaEncryptionOid}).");
            }

            var pkcs1 = info.ReadBytes(DerReader.OctetString);
            try
            {
                return ReadPkcs1(pkcs1);
            }
            finally
            {
                Array.Clear(pkcs1, 0, pkcs1.Length);
            }
        }

        private static byte[] PadLeft(byte[] value, int length)
        {
            if (value.Length >= length)
            {
                return value;
            }

            var padded = new byte[length];
            Buffer.BlockCopy(value, 0, padded, length - value.Length, value.Length);
            Array.Clear(value, 0, value.Length);
            return padded;
        }

        private static void Clear(RSAParameters parameters)
        {
            foreach (var part in new[] { parameters.D, parameters.P, parameters.Q, parameters.DP, parameters.DQ, parameters.InverseQ })
            {
                if (part is not null)
                {
                    Array.Clear(part, 0, part.Length);
                }
            }
        }

        private static BackupServiceException Invalid(string source, string problem, string? action) =>
            new BackupServiceException(BackupErrorId.InvalidPrivateKey, BackupErrorKind.InvalidArgument, $"The private key file '{source}' {problem}.", source)
            {
                RecommendedAction = action ?? "Give -PrivateKeyPath the service account's private key PEM (PKCS#1 \"RSA PRIVATE KEY\" or unencrypted PKCS#8 \"PRIVATE KEY\"), e.g. as written by dcos security org service-accounts keypair.",
            };
    }
}
