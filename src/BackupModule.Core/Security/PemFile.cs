using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace BackupModule.Security
{
    /// <summary>One "-----BEGIN label-----" block of a PEM file, decoded.</summary>
    public sealed class PemBlock
    {
        public PemBlock(string label, byte[] data)
        {
            Label = label;
            Data = data;
        }

        /// <summary>"CERTIFICATE", "PRIVATE KEY", "RSA PRIVATE KEY", …</summary>
        public string Label { get; }

        /// <summary>The DER bytes.</summary>
        public byte[] Data { get; }
    }

    /// <summary>
    /// Reads PEM text (RFC 7468). netstandard2.0 has no PEM import (pwsh 7's .NET has, Windows PowerShell's
    /// does not), so the one assembly that serves both reads the blocks itself. Text outside blocks, such as
    /// the "subject=" lines openssl writes, is ignored.
    /// </summary>
    public static class PemFile
    {
        private const string Begin = "-----BEGIN ";
        private const string End = "-----END ";
        private const string Dashes = "-----";

        /// <exception cref="InvalidDataException">A block is not closed, or its body is not base64.</exception>
        public static IReadOnlyList<PemBlock> Parse(string text)
        {
            var blocks = new List<PemBlock>();
            var at = 0;
            while ((at = text.IndexOf(Begin, at, StringComparison.Ordinal)) >= 0)
            {
                var labelStart = at + Begin.Length;
                var labelEnd = text.IndexOf(Dashes, labelStart, StringComparison.Ordinal);
                if (labelEnd < 0)
                {
                    throw new InvalidDataException("A PEM BEGIN line is not closed by \"-----\".");
                }

                var label = text.Substring(labelStart, labelEnd - labelStart);
                var footer = End + label + Dashes;
                var bodyStart = labelEnd + Dashes.Length;
                var bodyEnd = text.IndexOf(footer, bodyStart, StringComparison.Ordinal);
                if (bodyEnd < 0)
                {
                    throw new InvalidDataException($"The PEM block \"{label}\" has no \"{footer}\" line.");
                }

                blocks.Add(new PemBlock(label, Decode(text, bodyStart, bodyEnd, label)));
                at = bodyEnd + footer.Length;
            }

            return blocks;
        }

        private static byte[] Decode(string text, int start, int end, string label)
        {
            var base64 = new StringBuilder(end - start);
            for (var i = start; i < end; i++)
            {
                var c = text[i];
                if (!char.IsWhiteSpace(c))
                {
                    base64.Append(c);
                }
            }

            try
            {
                return Convert.FromBase64String(base64.ToString());
            }
            catch (FormatException ex)
            {
                throw new InvalidDataException($"The PEM block \"{label}\" is not valid base64.", ex);
            }
        }
    }
}
