using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Google.Protobuf;
using Isac.Core.Crypto;
using Isac.Core.Envelope;
using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.Core.Wire;
using Isac.V1;

namespace Isac.Core.Tests.Envelope;

/// <summary>Holds the code to docs/wire.md: every layout and limit there is asserted here.</summary>
public sealed class WireFormatTests
{
    private readonly EnvelopeFixture _fixture = new(3);

    [Fact]
    public void Limits_AreThoseOfTheWireDocument()
    {
        Assert.Equal(1u, WireLimits.ProtocolVersion);
        Assert.Equal(65_536, WireLimits.MaxHeaderBytes);
        Assert.Equal(20_000, WireLimits.MaxRecipients);
        Assert.Equal(16 * 1024 * 1024, WireLimits.MaxPayloadBytes);
        Assert.Equal(256, WireLimits.MaxEntryBytes);
    }

    [Fact]
    public void BrokerKeyCertificateAndReceipt_UseTheDocumentedContextsAndLifetime()
    {
        Assert.Equal("isac/v1/broker-key", SignatureContext.BrokerKey.Name);
        Assert.Equal("isac/v1/receipt", SignatureContext.Receipt.Name);
        Assert.Equal(TimeSpan.FromDays(400), GovernanceRoot.MaxBrokerKeyLifetime);

        // A receipt signature is over "isac/v1/receipt" || 0x00 || receipt bytes, like every other signed type.
        var key = SigningKeyPair.Generate();
        var receipt = new Receipt { BundleId = ByteString.CopyFrom(BundleIds.New()), SenderMemberId = "cert-national", AcceptedAtMs = 1 }.ToByteArray();
        Assert.True(Signatures.VerifyRaw(key.PublicKey, [.. Encoding.ASCII.GetBytes("isac/v1/receipt"), 0, .. receipt], key.Sign(SignatureContext.Receipt, receipt)));
    }

    [Fact]
    public void SuiteId_IsTheRfc9180SuiteIdOfX25519HkdfSha256ChaCha20Poly1305()
    {
        Assert.Equal(Convert.FromHexString("48504b45002000010003"), Hpke.SuiteId.ToArray());
    }

    [Fact]
    public void BundleId_IsUuidV7InNetworkByteOrder()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var id = BundleIds.New();

        Assert.Equal(16, id.Length);
        Assert.Equal(0x70, id[6] & 0xF0);
        Assert.Equal(0x80, id[8] & 0xC0);
        // The first 48 bits are the Unix time in milliseconds, big-endian (RFC 9562 section 5.7).
        var millis = (long)BinaryPrimitives.ReadUInt64BigEndian([0, 0, .. id.AsSpan(0, 6)]);
        Assert.InRange(millis, before, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.Equal(id, BundleIds.Parse(BundleIds.ToText(id)));
    }

    [Fact]
    public void Header_CarriesTheDocumentedFields()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var sealedBundle = _fixture.Seal(Tlp.Amber);
        var header = RoutingHeader.Parser.ParseFrom(sealedBundle.Header);

        Assert.Equal(1u, header.ProtocolVersion);
        Assert.Equal(Hpke.SuiteId.ToArray(), header.SuiteId.ToByteArray());
        Assert.Equal(16, header.BundleId.Length);
        Assert.Equal(_fixture.Sender.Member.MemberId, header.SenderMemberId);
        Assert.Equal(SHA256.HashData(_fixture.Sender.Signing.PublicKey)[..16], header.SenderKeyId.ToByteArray());
        Assert.InRange(header.CreatedAtMs, before, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.Equal(TlpLabel.Amber, header.Tlp);
        Assert.Equal(_fixture.Directory.Version, header.DirectoryVersion);
        Assert.Equal(SHA256.HashData(sealedBundle.Ciphertext.Span), header.CiphertextSha256.ToByteArray());
        Assert.Equal(3u, header.RecipientCount);
        Assert.Equal(32, header.KeyCommitment.Length);
        Assert.Equal(new MerkleTree(sealedBundle.Entries.Select(e => e.Memory).ToArray()).Root, header.RecipientsRoot.ToByteArray());
    }

    [Fact]
    public void Signature_IsPlainEd25519OverContextZeroAndTheExactHeaderBytes()
    {
        var sealedBundle = _fixture.Seal(Tlp.Green);
        byte[] signed = [.. "isac/v1/header"u8, 0x00, .. sealedBundle.Header.Span];

        Assert.True(Signatures.VerifyRaw(_fixture.Sender.Signing.PublicKey, signed, sealedBundle.Signature.Span));
    }

    [Fact]
    public void Ciphertext_IsNonceThenAesGcmThenTag_UnderTheDocumentedKeyAndAssociatedData()
    {
        // Recover the content secret through the recipient's HPKE key, then decrypt by the document alone.
        var sealedBundle = _fixture.Seal(Tlp.Red, EnvelopeFixture.NewBundle("wire check"));
        var header = RoutingHeader.Parser.ParseFrom(sealedBundle.Header);
        var entry = RecipientEntry.Parser.ParseFrom(sealedBundle.Entries[0]);
        var recipient = _fixture.Recipients[0];
        var bundleId = header.BundleId.ToByteArray();
        var secret = Hpke.Open(recipient.Encryption.PrivateKey, entry.Enc.Span, WrapInfoByTheDocument(bundleId, recipient.Member.MemberId, recipient.Encryption.KeyId), bundleId, entry.WrappedKey.Span);

        var prk = HKDF.Extract(HashAlgorithmName.SHA256, secret, []);
        var aesKey = HKDF.Expand(HashAlgorithmName.SHA256, prk, 32, [.. "isac/v1/content-key"u8, .. bundleId]);
        var commitment = HKDF.Expand(HashAlgorithmName.SHA256, prk, 32, [.. "isac/v1/commit"u8, .. bundleId]);
        Assert.Equal(commitment, header.KeyCommitment.ToByteArray());

        var associatedData = header.Clone();
        associatedData.CiphertextSha256 = ByteString.Empty;
        var ciphertext = sealedBundle.Ciphertext.Span;
        var plaintext = new byte[ciphertext.Length - 28];
        using var aes = new AesGcm(aesKey, 16);
        aes.Decrypt(ciphertext[..12], ciphertext[12..^16], ciphertext[^16..], plaintext, associatedData.ToByteArray());

        var bundle = Bundle.Parser.ParseFrom(plaintext);
        Assert.Equal("wire check", bundle.Payload.ToStringUtf8());
        Assert.Equal(header.BundleId, bundle.Id);
    }

    [Fact]
    public void WrapInfo_IsLabelThenLengthPrefixedIdMemberKeyIdAndSuite()
    {
        var bundleId = BundleIds.New();
        var keyId = new byte[16];
        RandomNumberGenerator.Fill(keyId);

        Assert.Equal(WrapInfoByTheDocument(bundleId, "office-001", keyId), EnvelopeFormat.WrapInfo(bundleId, "office-001", keyId));
    }

    [Fact]
    public void RecipientEntry_HasTheDocumentedSizes()
    {
        var sealedBundle = _fixture.Seal(Tlp.Green);
        var entry = RecipientEntry.Parser.ParseFrom(sealedBundle.Entries[2]);

        Assert.Equal(_fixture.Recipients[2].Member.MemberId, entry.MemberId);
        Assert.Equal(SHA256.HashData(_fixture.Recipients[2].Encryption.PublicKey)[..16], entry.KeyId.ToByteArray());
        Assert.Equal(32, entry.Enc.Length);
        Assert.Equal(48, entry.WrappedKey.Length);
        Assert.True(sealedBundle.Entries[2].Length <= WireLimits.MaxEntryBytes);
    }

    [Fact]
    public void ClearBundle_IsSignedOnly_WithTheBundleBytesInTheClear()
    {
        var bundle = EnvelopeFixture.NewBundle("public advisory");
        var sealedBundle = _fixture.Seal(Tlp.Clear, bundle);
        var header = RoutingHeader.Parser.ParseFrom(sealedBundle.Header);

        Assert.Empty(sealedBundle.Entries);
        Assert.Equal(0u, header.RecipientCount);
        Assert.True(header.RecipientsRoot.IsEmpty);
        Assert.True(header.KeyCommitment.IsEmpty);
        Assert.Equal("public advisory", Bundle.Parser.ParseFrom(sealedBundle.Ciphertext).Payload.ToStringUtf8());
    }

    [Fact]
    public void OversizeHeader_IsRefusedAsTooLarge()
    {
        var ex = Assert.Throws<EnvelopeException>(() => EnvelopeReader.ParseHeader(new byte[WireLimits.MaxHeaderBytes + 1]));
        Assert.Equal(EnvelopeError.TooLarge, ex.Error);
    }

    [Fact]
    public void HeaderWithAnotherProtocolVersionOrSuite_IsRefused()
    {
        var header = RoutingHeader.Parser.ParseFrom(_fixture.Seal(Tlp.Green).Header);
        var version = header.Clone();
        version.ProtocolVersion = 2;
        var suite = header.Clone();
        suite.SuiteId = ByteString.CopyFrom(Convert.FromHexString("48504b45002000010001"));

        Assert.Equal(EnvelopeError.UnsupportedVersion, Assert.Throws<EnvelopeException>(() => EnvelopeReader.ParseHeader(version.ToByteArray())).Error);
        Assert.Equal(EnvelopeError.UnsupportedSuite, Assert.Throws<EnvelopeException>(() => EnvelopeReader.ParseHeader(suite.ToByteArray())).Error);
    }

    [Fact]
    public void Header_WithNonMinimalVarint_IsRefusedAsNonCanonical()
    {
        var header = _fixture.Seal(Tlp.Green).Header.ToByteArray();
        // Field 1 (protocol_version = 1) is encoded 0x08 0x01; 0x08 0x81 0x00 is the same value, not minimal.
        Assert.Equal(0x08, header[0]);
        byte[] padded = [0x08, 0x81, 0x00, .. header.AsSpan(2)];

        Assert.Equal(EnvelopeError.NonCanonical, Assert.Throws<EnvelopeException>(() => EnvelopeReader.ParseHeader(padded)).Error);
    }

    [Fact]
    public void Entries_NotMatchingTheSignedRoot_AreRefusedByTheBrokerCheck()
    {
        var sealedBundle = _fixture.Seal(Tlp.Amber);
        var header = EnvelopeReader.ParseHeader(sealedBundle.Header.Span);
        var (entries, tree) = EnvelopeReader.VerifyEntries(header, sealedBundle.Entries);
        Assert.Equal(3, entries.Count);
        Assert.Equal(header.RecipientsRoot.ToByteArray(), tree!.Root);

        var swapped = new[] { sealedBundle.Entries[1], sealedBundle.Entries[0], sealedBundle.Entries[2] };
        Assert.Equal(EnvelopeError.BadMerkleRoot, Assert.Throws<EnvelopeException>(() => EnvelopeReader.VerifyEntries(header, swapped)).Error);
        Assert.Equal(EnvelopeError.BadMerkleRoot, Assert.Throws<EnvelopeException>(() => EnvelopeReader.VerifyEntries(header, sealedBundle.Entries.Take(2).ToList())).Error);
    }

    private static byte[] WrapInfoByTheDocument(byte[] bundleId, string memberId, byte[] keyId)
    {
        var output = new List<byte>(Encoding.ASCII.GetBytes("isac/v1/wrap"));
        foreach (var part in new[] { bundleId, Encoding.UTF8.GetBytes(memberId), keyId, Hpke.SuiteId.ToArray() })
        {
            var length = new byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)part.Length);
            output.AddRange(length);
            output.AddRange(part);
        }

        return [.. output];
    }
}
