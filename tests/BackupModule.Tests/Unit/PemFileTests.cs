using System;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BackupModule.Security;
using Xunit;

namespace BackupModule.Tests.Unit;

public sealed class PemFileTests
{
    [Fact]
    public void Reads_every_block_of_a_bundle_and_skips_text_between_them()
    {
        using var rsa = RSA.Create(2048);
        var first = SelfSigned(rsa, "CN=first");
        var second = SelfSigned(rsa, "CN=second");
        var text = "subject=CN=first\n" + first.ExportCertificatePem() + "\nissuer=CN=second\r\n" + second.ExportCertificatePem() + "\n";

        var blocks = PemFile.Parse(text);

        Assert.Equal(2, blocks.Count);
        Assert.All(blocks, b => Assert.Equal("CERTIFICATE", b.Label));
        Assert.Equal(first.RawData, blocks[0].Data);
        Assert.Equal(second.RawData, blocks[1].Data);
    }

    [Fact]
    public void Reads_a_private_key_block_with_its_label()
    {
        using var rsa = RSA.Create(2048);
        var blocks = PemFile.Parse(rsa.ExportRSAPrivateKeyPem());

        var block = Assert.Single(blocks);
        Assert.Equal("RSA PRIVATE KEY", block.Label);
        Assert.Equal(rsa.ExportRSAPrivateKey(), block.Data);
    }

    [Fact]
    public void Text_without_blocks_has_none() => Assert.Empty(PemFile.Parse("not a pem file"));

    [Theory]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n")]
    [InlineData("-----BEGIN CERTIFICATE-----\n!!notbase64!!\n-----END CERTIFICATE-----\n")]
    [InlineData("-----BEGIN CERTIFICATE")]
    public void Broken_blocks_are_InvalidDataException(string text) =>
        Assert.Throws<InvalidDataException>(() => PemFile.Parse(text));

    private static X509Certificate2 SelfSigned(RSA key, string subject) =>
        new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
}
