using System;
using System.IO;

namespace BackupModule.Security
{
    /// <summary>
    /// The little of ASN.1 DER a private key needs (SEQUENCE, INTEGER, OCTET STRING, OBJECT IDENTIFIER):
    /// netstandard2.0 has no AsnReader. Reads definite lengths only, as DER requires.
    /// </summary>
    internal sealed class DerReader
    {
        public const byte Integer = 0x02;
        public const byte OctetString = 0x04;
        public const byte ObjectIdentifier = 0x06;
        public const byte Sequence = 0x30;

        private readonly byte[] _data;
        private readonly int _end;
        private int _at;

        public DerReader(byte[] data)
            : this(data, 0, data.Length)
        {
        }

        private DerReader(byte[] data, int start, int end)
        {
            _data = data;
            _at = start;
            _end = end;
        }

        public bool HasMore => _at < _end;

        /// <summary>The contents of the next element, which must carry <paramref name="tag"/>, as a reader.</summary>
        public DerReader ReadConstructed(byte tag)
        {
            var (start, length) = ReadHeader(tag);
            return new DerReader(_data, start, start + length);
        }

        /// <summary>The contents of the next element, which must carry <paramref name="tag"/>.</summary>
        public byte[] ReadBytes(byte tag)
        {
            var (start, length) = ReadHeader(tag);
            var bytes = new byte[length];
            Buffer.BlockCopy(_data, start, bytes, 0, length);
            return bytes;
        }

        /// <summary>An INTEGER's magnitude, big-endian, without the sign byte DER adds before a high bit.</summary>
        public byte[] ReadUnsignedInteger()
        {
            var bytes = ReadBytes(Integer);
            var skip = 0;
            while (skip < bytes.Length - 1 && bytes[skip] == 0)
            {
                skip++;
            }

            if (skip == 0)
            {
                return bytes;
            }

            var trimmed = new byte[bytes.Length - skip];
            Buffer.BlockCopy(bytes, skip, trimmed, 0, trimmed.Length);
            Array.Clear(bytes, 0, bytes.Length);
            return trimmed;
        }

        /// <summary>A small INTEGER such as a version number.</summary>
        public int ReadSmallInteger()
        {
            var bytes = ReadBytes(Integer);
            if (bytes.Length > 3)
            {
                throw new InvalidDataException("An INTEGER that should be small is not.");
            }

            var value = 0;
            foreach (var b in bytes)
            {
                value = (value << 8) | b;
            }

            return value;
        }

        /// <summary>An OBJECT IDENTIFIER in dotted form ("1.2.840.113549.1.1.1").</summary>
        public string ReadObjectIdentifier()
        {
            var encoded = ReadBytes(ObjectIdentifier);
            if (encoded.Length == 0)
            {
                throw new InvalidDataException("An empty OBJECT IDENTIFIER.");
            }

            var parts = new System.Collections.Generic.List<long> { encoded[0] / 40, encoded[0] % 40 };
            long value = 0;
            for (var i = 1; i < encoded.Length; i++)
            {
                value = (value << 7) | (encoded[i] & 0x7Fu);
                if ((encoded[i] & 0x80) == 0)
                {
                    parts.Add(value);
                    value = 0;
                }
            }

            return string.Join(".", parts);
        }

        private (int Start, int Length) ReadHeader(byte tag)
        {
            if (_at + 2 > _end)
            {
                throw new InvalidDataException("The DER data ends early.");
            }

            if (_data[_at] != tag)
            {
                throw new InvalidDataException($"Expected DER tag 0x{tag:X2}, found 0x{_data[_at]:X2}.");
            }

            _at++;
            int length = _data[_at++];
            if (length >= 0x80)
            {
                var count = length & 0x7F;
                if (count == 0 || count > 3 || _at + count > _end)
                {
                    throw new InvalidDataException("A DER length is not definite or too long.");
                }

                length = 0;
                for (var i = 0; i < count; i++)
                {
                    length = (length << 8) | _data[_at++];
                }
            }

            if (length > _end - _at)
            {
                throw new InvalidDataException("A DER element runs past its container.");
            }

            var start = _at;
            _at += length;
            return (start, length);
        }
    }
}
