using Google.Protobuf;
using Isac.Core.Crypto;
using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.Core.Tests.TestSupport;
using Isac.V1;

namespace Isac.Core.Tests.Membership;

public sealed class DirectoryVerifierTests
{
    private readonly DirectoryTestChain _chain = new();

    [Fact]
    public void Verify_RootSignedCardsInCertifiedSnapshot_MakesMembersActive()
    {
        var cert = DirectoryTestChain.Card("cert.national", Role.Cert, Tlp.Red);
        var office = DirectoryTestChain.Card("office.ohio", Role.ElectionOffice, Tlp.Amber);
        var signed = _chain.Publish(7, [_chain.Root.SignCard(cert), _chain.Root.SignCard(office)]);

        var result = _chain.Verifier.Verify(signed, lastSeen: null);

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(DirectoryError.None, result.Error);
        var directory = result.Directory;
        Assert.Equal(7UL, directory.Version);
        Assert.Equal(DirectoryTestChain.Start, directory.IssuedAt);
        Assert.Equal(DirectoryTestChain.Start.AddHours(6), directory.ExpiresAt);
        Assert.Equal(_chain.DirectoryKey.KeyId, directory.DirectoryKeyId.ToArray());
        Assert.Equal(signed.ToByteArray(), directory.SignedSnapshotBytes.ToArray());
        Assert.Equal(["cert.national", "office.ohio"], directory.ActiveMembers.Select(m => m.MemberId).Order(StringComparer.Ordinal));

        var member = directory.FindActive("office.ohio");
        Assert.NotNull(member);
        Assert.Equal("Organization of office.ohio", member.Organization);
        Assert.Equal(Tlp.Amber, member.Clearance);
        Assert.True(member.Has(Role.ElectionOffice));
        Assert.Equal(office.SigningPublicKey.ToByteArray(), member.SigningPublicKey);
        Assert.Equal(office.EncryptionPublicKey.ToByteArray(), member.EncryptionPublicKey);
        Assert.Same(member, directory.FindActiveBySigningKeyId(member.SigningKeyId));
        Assert.Null(directory.FindActive("office.texas"));
        Assert.True(directory.CanSeal(Tlp.Red).Allowed);
    }

    [Fact]
    public void Verify_SignedSnapshotBytesOfResult_ParseBackToSameSnapshot()
    {
        var signed = _chain.Publish(1, [_chain.SignedCard("cert.national")]);
        var directory = _chain.Verifier.Verify(signed, lastSeen: null).Directory!;

        var reparsed = SignedDirectorySnapshot.Parser.ParseFrom(directory.SignedSnapshotBytes.Span);

        Assert.True(_chain.Verifier.Verify(reparsed, directory.Mark).Succeeded);
    }

    [Fact]
    public void Verify_CardSignedByAnotherKey_RefusesSnapshotNamingTheMember()
    {
        var forged = DirectoryTestChain.SignCardWith(DirectoryTestChain.Card("vendor.evil"), SigningKeyPair.Generate(), SignatureContext.Card);
        var signed = _chain.SignRaw(_chain.RawSnapshot(1, _chain.SignedCard("cert.national"), forged));

        var result = _chain.Verifier.Verify(signed, lastSeen: null);

        Assert.False(result.Succeeded);
        Assert.Null(result.Directory);
        Assert.Equal(DirectoryError.CardNotSignedByRoot, result.Error);
        Assert.Equal("vendor.evil", result.MemberId);
        Assert.Contains("vendor.evil", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_CardSignedByRootUnderHeaderContext_IsRefused()
    {
        var misSigned = DirectoryTestChain.SignCardWith(DirectoryTestChain.Card("office.ohio"), _chain.RootKey, SignatureContext.Header);
        var signed = _chain.SignRaw(_chain.RawSnapshot(1, misSigned));

        var result = _chain.Verifier.Verify(signed, lastSeen: null);

        Assert.Equal(DirectoryError.CardNotSignedByRoot, result.Error);
        Assert.Equal("office.ohio", result.MemberId);
    }

    [Fact]
    public void Verify_CardSignedByRootUnderDirectoryKeyContext_IsRefused()
    {
        var misSigned = DirectoryTestChain.SignCardWith(DirectoryTestChain.Card("office.ohio"), _chain.RootKey, SignatureContext.DirectoryKey);
        var signed = _chain.SignRaw(_chain.RawSnapshot(1, misSigned));

        Assert.Equal(DirectoryError.CardNotSignedByRoot, _chain.Verifier.Verify(signed, lastSeen: null).Error);
    }

    [Fact]
    public void Verify_CardWithUnknownFieldSignedByRoot_IsRefusedAsMalformed()
    {
        var cardBytes = DirectoryTestChain.Card("office.ohio").ToByteArray().Concat(new byte[] { 0xA0, 0x06, 0x01 }).ToArray(); // field 100, varint 1
        var card = new SignedMemberCard
        {
            Card = ByteString.CopyFrom(cardBytes),
            Signature = ByteString.CopyFrom(_chain.RootKey.Sign(SignatureContext.Card, cardBytes)),
        };

        var result = _chain.Verifier.Verify(_chain.SignRaw(_chain.RawSnapshot(1, card)), lastSeen: null);

        Assert.Equal(DirectoryError.MalformedCard, result.Error);
    }

    [Fact]
    public void Verify_RootSignedCardWithInvalidField_IsRefusedAsMalformed()
    {
        var card = DirectoryTestChain.Card("office.ohio");
        card.Clearance = TlpLabel.Unspecified;
        var signedCard = DirectoryTestChain.SignCardWith(card, _chain.RootKey, SignatureContext.Card);

        var result = _chain.Verifier.Verify(_chain.SignRaw(_chain.RawSnapshot(1, signedCard)), lastSeen: null);

        Assert.Equal(DirectoryError.MalformedCard, result.Error);
        Assert.Equal("office.ohio", result.MemberId);
    }

    [Fact]
    public void Verify_TwoCardsOfOneMember_IsRefused()
    {
        var signed = _chain.SignRaw(_chain.RawSnapshot(1, _chain.SignedCard("office.ohio"), _chain.SignedCard("office.ohio")));

        var result = _chain.Verifier.Verify(signed, lastSeen: null);

        Assert.Equal(DirectoryError.DuplicateMember, result.Error);
        Assert.Equal("office.ohio", result.MemberId);
    }

    [Fact]
    public void Verify_CertificateSignedByNonRootKey_IsRefused()
    {
        var impostor = SigningKeyPair.Generate();
        var certificate = DirectoryTestChain.CertifyWith(impostor, _chain.DirectoryKey.PublicKey, DirectoryTestChain.Start.AddHours(-1), DirectoryTestChain.Start.AddHours(1));
        var signed = DirectoryTestChain.SignRaw(_chain.RawSnapshot(1, _chain.SignedCard("cert.national")).ToByteArray(), _chain.DirectoryKey, certificate);

        Assert.Equal(DirectoryError.CertificateNotSignedByRoot, _chain.Verifier.Verify(signed, lastSeen: null).Error);
    }

    [Fact]
    public void Verify_CertificateSignedByRootUnderCardContext_IsRefused()
    {
        var bytes = new DirectoryKeyCertificate
        {
            PublicKey = ByteString.CopyFrom(_chain.DirectoryKey.PublicKey),
            NotBeforeMs = DirectoryTestChain.Start.AddHours(-1).ToUnixTimeMilliseconds(),
            NotAfterMs = DirectoryTestChain.Start.AddHours(1).ToUnixTimeMilliseconds(),
        }.ToByteArray();
        var certificate = new SignedDirectoryKeyCertificate
        {
            Certificate = ByteString.CopyFrom(bytes),
            Signature = ByteString.CopyFrom(_chain.RootKey.Sign(SignatureContext.Card, bytes)),
        };
        var signed = DirectoryTestChain.SignRaw(_chain.RawSnapshot(1).ToByteArray(), _chain.DirectoryKey, certificate);

        Assert.Equal(DirectoryError.CertificateNotSignedByRoot, _chain.Verifier.Verify(signed, lastSeen: null).Error);
    }

    [Fact]
    public void Verify_MissingCertificate_IsRefused()
    {
        var signed = _chain.Publish(1, []);
        signed.DirectoryKey = null;

        Assert.Equal(DirectoryError.MalformedCertificate, _chain.Verifier.Verify(signed, lastSeen: null).Error);
    }

    [Fact]
    public void Verify_RootSignedCertificateLongerThanADay_IsRefused()
    {
        var certificate = DirectoryTestChain.CertifyWith(_chain.RootKey, _chain.DirectoryKey.PublicKey, DirectoryTestChain.Start.AddHours(-1), DirectoryTestChain.Start.AddHours(24));
        var signed = DirectoryTestChain.SignRaw(_chain.RawSnapshot(1).ToByteArray(), _chain.DirectoryKey, certificate);

        var result = _chain.Verifier.Verify(signed, lastSeen: null);

        Assert.Equal(DirectoryError.MalformedCertificate, result.Error);
        Assert.Contains("lifetime", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_AfterCertificateExpired_IsRefusedEvenIfSnapshotWasValid()
    {
        var signed = _chain.Publish(1, [_chain.SignedCard("cert.national")]);
        Assert.True(_chain.Verifier.Verify(signed, lastSeen: null).Succeeded);

        _chain.Time.Advance(TimeSpan.FromHours(23) + TimeSpan.FromMilliseconds(1));

        Assert.Equal(DirectoryError.CertificateExpired, _chain.Verifier.Verify(signed, lastSeen: null).Error);
    }

    [Fact]
    public void Verify_CertificateNotYetValid_IsRefused()
    {
        var later = DirectoryTestChain.Start.AddMinutes(10);
        var certificate = _chain.Root.CertifyDirectoryKey(_chain.DirectoryKey.PublicKey, later, later.AddHours(6));
        var snapshot = _chain.RawSnapshot(1);
        snapshot.IssuedAtMs = later.ToUnixTimeMilliseconds();
        var signed = DirectoryTestChain.SignRaw(snapshot.ToByteArray(), _chain.DirectoryKey, certificate);

        Assert.Equal(DirectoryError.CertificateNotYetValid, _chain.Verifier.Verify(signed, lastSeen: null).Error);
    }

    [Fact]
    public void Verify_SnapshotSignedByUncertifiedKey_IsRefused()
    {
        var other = SigningKeyPair.Generate();
        var signed = DirectoryTestChain.SignRaw(_chain.RawSnapshot(1).ToByteArray(), other, _chain.Certificate);

        Assert.Equal(DirectoryError.SnapshotNotSignedByDirectoryKey, _chain.Verifier.Verify(signed, lastSeen: null).Error);
    }

    [Fact]
    public void Verify_SnapshotSignedUnderCardContext_IsRefused()
    {
        var bytes = _chain.RawSnapshot(1).ToByteArray();
        var signed = new SignedDirectorySnapshot
        {
            Snapshot = ByteString.CopyFrom(bytes),
            Signature = ByteString.CopyFrom(_chain.DirectoryKey.Sign(SignatureContext.Card, bytes)),
            DirectoryKey = _chain.Certificate,
        };

        Assert.Equal(DirectoryError.SnapshotNotSignedByDirectoryKey, _chain.Verifier.Verify(signed, lastSeen: null).Error);
    }

    [Fact]
    public void Verify_SnapshotNamingAnotherDirectoryKey_IsRefused()
    {
        var snapshot = _chain.RawSnapshot(1);
        snapshot.DirectoryKeyId = ByteString.CopyFrom(SigningKeyPair.Generate().KeyId);

        Assert.Equal(DirectoryError.DirectoryKeyIdMismatch, _chain.Verifier.Verify(_chain.SignRaw(snapshot), lastSeen: null).Error);
    }

    [Fact]
    public void Verify_UnknownFieldAppendedAndResigned_IsRefusedAsNonCanonical()
    {
        var bytes = _chain.RawSnapshot(1, _chain.SignedCard("cert.national")).ToByteArray()
            .Concat(new byte[] { 0xF8, 0x07, 0x2A }) // field 127, varint 42: unknown to DirectorySnapshot
            .ToArray();

        var result = _chain.Verifier.Verify(_chain.SignRaw(bytes), lastSeen: null);

        Assert.Equal(DirectoryError.MalformedSnapshot, result.Error);
        Assert.Contains("not canonical", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_NonMinimalVarintResigned_IsRefusedAsNonCanonical()
    {
        // Field 1 (version) = 1 encoded as a two-byte varint 0x81 0x00 instead of 0x01.
        var canonical = _chain.RawSnapshot(1).ToByteArray();
        Assert.Equal(new byte[] { 0x08, 0x01 }, canonical[..2]);
        byte[] padded = [0x08, 0x81, 0x00, .. canonical[2..]];

        Assert.Equal(DirectoryError.MalformedSnapshot, _chain.Verifier.Verify(_chain.SignRaw(padded), lastSeen: null).Error);
    }

    [Fact]
    public void Verify_VersionZero_IsRefused()
    {
        Assert.Equal(DirectoryError.MalformedSnapshot, _chain.Verifier.Verify(_chain.SignRaw(_chain.RawSnapshot(0)), lastSeen: null).Error);
    }

    [Fact]
    public void Verify_ExpiryNotAfterIssue_IsRefused()
    {
        var snapshot = _chain.RawSnapshot(1);
        snapshot.ExpiresAtMs = snapshot.IssuedAtMs;

        Assert.Equal(DirectoryError.MalformedSnapshot, _chain.Verifier.Verify(_chain.SignRaw(snapshot), lastSeen: null).Error);
    }

    [Fact]
    public void Verify_MalformedRevocation_IsRefused()
    {
        var snapshot = _chain.RawSnapshot(1);
        snapshot.Revocations.Add(new Revocation { MemberId = "office.ohio", KeyId = ByteString.CopyFrom(new byte[15]), RevokedAtMs = 1 });

        Assert.Equal(DirectoryError.MalformedSnapshot, _chain.Verifier.Verify(_chain.SignRaw(snapshot), lastSeen: null).Error);
    }

    [Fact]
    public void Verify_IssuedBeyondClockSkew_IsRefused()
    {
        var snapshot = _chain.RawSnapshot(1);
        snapshot.IssuedAtMs = DirectoryTestChain.Start.AddMinutes(2).AddMilliseconds(1).ToUnixTimeMilliseconds();

        Assert.Equal(DirectoryError.IssuedInFuture, _chain.Verifier.Verify(_chain.SignRaw(snapshot), lastSeen: null).Error);
    }

    [Fact]
    public void Verify_IssuedWithinClockSkew_IsAccepted()
    {
        var snapshot = _chain.RawSnapshot(1);
        snapshot.IssuedAtMs = DirectoryTestChain.Start.AddMinutes(2).ToUnixTimeMilliseconds();

        Assert.True(_chain.Verifier.Verify(_chain.SignRaw(snapshot), lastSeen: null).Succeeded);
    }

    [Fact]
    public void Verify_IssuedBeforeCertificateStart_IsRefused()
    {
        var snapshot = _chain.RawSnapshot(1);
        snapshot.IssuedAtMs = DirectoryTestChain.Start.AddHours(-2).ToUnixTimeMilliseconds();

        Assert.Equal(DirectoryError.IssuedOutsideCertificate, _chain.Verifier.Verify(_chain.SignRaw(snapshot), lastSeen: null).Error);
    }

    [Fact]
    public void Verify_LowerVersionThanSeen_IsRefusedAsRollback()
    {
        var cards = new[] { _chain.SignedCard("cert.national") };
        var v5 = _chain.Verifier.Verify(_chain.Publish(5, cards), lastSeen: null).Directory!;

        var result = _chain.Verifier.Verify(_chain.Publish(4, cards), v5.Mark);

        Assert.Equal(DirectoryError.Rollback, result.Error);
    }

    [Fact]
    public void Verify_SameVersionSameBytes_IsAccepted()
    {
        var signed = _chain.Publish(5, [_chain.SignedCard("cert.national")]);
        var first = _chain.Verifier.Verify(signed, lastSeen: null).Directory!;

        var again = _chain.Verifier.Verify(signed, first.Mark);

        Assert.True(again.Succeeded, again.ToString());
        Assert.Equal(first.Mark, again.Directory.Mark);
    }

    [Fact]
    public void Verify_SameVersionOtherBytes_IsRefusedAsConflict()
    {
        var card = _chain.SignedCard("cert.national");
        var first = _chain.Verifier.Verify(_chain.Publish(5, [card]), lastSeen: null).Directory!;

        var fork = _chain.Publish(5, [card, _chain.SignedCard("office.ohio")]);
        var result = _chain.Verifier.Verify(fork, first.Mark);

        Assert.Equal(DirectoryError.VersionConflict, result.Error);
    }

    [Fact]
    public void Verify_HigherVersion_IsAccepted()
    {
        var card = _chain.SignedCard("cert.national");
        var first = _chain.Verifier.Verify(_chain.Publish(5, [card]), lastSeen: null).Directory!;

        Assert.True(_chain.Verifier.Verify(_chain.Publish(6, [card]), first.Mark).Succeeded);
    }

    [Fact]
    public void Verify_WithVerifierPinnedToAnotherRoot_IsRefused()
    {
        var signed = _chain.Publish(1, [_chain.SignedCard("cert.national")]);
        var otherVerifier = new DirectoryVerifier(SigningKeyPair.Generate().PublicKey, _chain.Time);

        Assert.Equal(DirectoryError.CertificateNotSignedByRoot, otherVerifier.Verify(signed, lastSeen: null).Error);
    }

    [Fact]
    public void Verify_CertifiedDirectoryKeyCannotMintCards()
    {
        // A stolen directory key can sign snapshots, but a card it signs itself is still refused.
        var minted = DirectoryTestChain.SignCardWith(DirectoryTestChain.Card("agency.fake"), _chain.DirectoryKey, SignatureContext.Card);
        var result = _chain.Verifier.Verify(_chain.SignRaw(_chain.RawSnapshot(1, minted)), lastSeen: null);

        Assert.Equal(DirectoryError.CardNotSignedByRoot, result.Error);
        Assert.Equal("agency.fake", result.MemberId);
    }
}
