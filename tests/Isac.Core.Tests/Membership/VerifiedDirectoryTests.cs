using Google.Protobuf;
using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.Core.Tests.TestSupport;
using Isac.V1;

namespace Isac.Core.Tests.Membership;

public sealed class VerifiedDirectoryTests
{
    private readonly DirectoryTestChain _chain = new();

    [Fact]
    public void ExpiredSnapshot_StillVerifies_ButSaysItIsExpired()
    {
        var signed = _chain.Publish(1, [_chain.SignedCard("cert.national")]);
        _chain.Time.Advance(TimeSpan.FromHours(6) + TimeSpan.FromMilliseconds(1));

        var result = _chain.Verifier.Verify(signed, lastSeen: null);

        Assert.True(result.Succeeded, result.ToString());
        Assert.True(result.Directory.IsExpiredAt(_chain.Time.GetUtcNow()));
        Assert.False(result.Directory.IsExpiredAt(DirectoryTestChain.Start.AddHours(6)));
        Assert.NotNull(result.Directory.FindActive("cert.national"));
    }

    [Theory]
    [InlineData(Tlp.Green)]
    [InlineData(Tlp.Amber)]
    [InlineData(Tlp.AmberStrict)]
    [InlineData(Tlp.Red)]
    public void ExpiredSnapshot_RefusesSealingAboveClear(Tlp label)
    {
        var directory = _chain.Verifier.Verify(_chain.Publish(3, [_chain.SignedCard("cert.national")]), lastSeen: null).Directory!;
        var afterExpiry = directory.ExpiresAt.AddSeconds(1);

        var decision = directory.CanSealAt(label, afterExpiry);

        Assert.False(decision.Allowed);
        Assert.Contains("expired", decision.Reason, StringComparison.Ordinal);
        Assert.True(directory.CanSealAt(label, directory.ExpiresAt).Allowed);
    }

    [Fact]
    public void ExpiredSnapshot_AllowsSealingClear()
    {
        var directory = _chain.Verifier.Verify(_chain.Publish(3, [_chain.SignedCard("cert.national")]), lastSeen: null).Directory!;

        Assert.True(directory.CanSealAt(Tlp.Clear, directory.ExpiresAt.AddDays(2)).Allowed);
    }

    [Fact]
    public void CanSeal_UsesTheVerifiersClock()
    {
        var directory = _chain.Verifier.Verify(_chain.Publish(3, []), lastSeen: null).Directory!;
        Assert.True(directory.CanSeal(Tlp.Amber).Allowed);

        _chain.Time.Advance(TimeSpan.FromHours(7));

        Assert.False(directory.CanSeal(Tlp.Amber).Allowed);
    }

    [Fact]
    public void CanSeal_UndefinedLabel_IsRefused()
    {
        var directory = _chain.Verifier.Verify(_chain.Publish(3, []), lastSeen: null).Directory!;

        Assert.False(directory.CanSealAt((Tlp)0, DirectoryTestChain.Start).Allowed);
        Assert.False(directory.CanSealAt((Tlp)6, DirectoryTestChain.Start).Allowed);
    }

    [Fact]
    public void RevocationOfAllKeys_MakesMemberInactiveAndRevoked()
    {
        var card = DirectoryTestChain.Card("vendor.acme", Role.Vendor, Tlp.Green);
        var revocation = new Revocation { MemberId = "vendor.acme", RevokedAtMs = DirectoryTestChain.Start.AddHours(-2).ToUnixTimeMilliseconds(), Reason = "left the ISAC" };
        var signed = _chain.Publish(2, [_chain.Root.SignCard(card), _chain.SignedCard("cert.national")], [revocation]);

        var directory = _chain.Verifier.Verify(signed, lastSeen: null).Directory!;

        Assert.Null(directory.FindActive("vendor.acme"));
        Assert.DoesNotContain(directory.ActiveMembers, m => m.MemberId == "vendor.acme");
        Assert.Contains(directory.Members, m => m.MemberId == "vendor.acme");
        Assert.Null(directory.FindActiveBySigningKeyId(KeyIdOf(card.SigningPublicKey)));
        Assert.True(directory.IsRevoked("vendor.acme", KeyIdOf(card.SigningPublicKey)));
        Assert.True(directory.IsRevoked("vendor.acme", KeyIdOf(card.EncryptionPublicKey)));
        Assert.True(directory.IsRevoked("vendor.acme", []));
        var found = directory.FindRevocation("vendor.acme", KeyIdOf(card.SigningPublicKey));
        Assert.NotNull(found);
        Assert.True(found.CoversAllKeys);
        Assert.Equal("left the ISAC", found.Reason);
        Assert.Equal(DirectoryTestChain.Start.AddHours(-2), found.RevokedAt);
        Assert.False(directory.IsRevoked("cert.national", []));
        Assert.NotNull(directory.FindActive("cert.national"));
    }

    [Fact]
    public void RevocationOfSigningKeyId_MakesMemberInactive()
    {
        var card = DirectoryTestChain.Card("office.ohio", Role.ElectionOffice);
        var signingKeyId = KeyIdOf(card.SigningPublicKey);
        var revocation = new Revocation { MemberId = "office.ohio", KeyId = ByteString.CopyFrom(signingKeyId), RevokedAtMs = 1, Reason = "key compromised" };

        var directory = _chain.Verifier.Verify(_chain.Publish(2, [_chain.Root.SignCard(card)], [revocation]), lastSeen: null).Directory!;

        Assert.Null(directory.FindActive("office.ohio"));
        Assert.True(directory.IsRevoked("office.ohio", signingKeyId));
        Assert.False(directory.IsRevoked("office.ohio", KeyIdOf(card.EncryptionPublicKey)));
        Assert.False(directory.IsRevoked("office.ohio", []));
        Assert.Equal("key compromised", directory.FindRevocation("office.ohio", signingKeyId)!.Reason);
    }

    [Fact]
    public void RevocationOfEncryptionKeyId_MakesMemberInactive()
    {
        var card = DirectoryTestChain.Card("office.ohio", Role.ElectionOffice);
        var revocation = new Revocation { MemberId = "office.ohio", KeyId = ByteString.CopyFrom(KeyIdOf(card.EncryptionPublicKey)), RevokedAtMs = 1 };

        var directory = _chain.Verifier.Verify(_chain.Publish(2, [_chain.Root.SignCard(card)], [revocation]), lastSeen: null).Directory!;

        Assert.Null(directory.FindActive("office.ohio"));
        Assert.True(directory.IsRevoked("office.ohio", KeyIdOf(card.EncryptionPublicKey)));
    }

    [Fact]
    public void RevocationOfAnOldKey_LeavesTheRotatedCardActive()
    {
        var oldCard = DirectoryTestChain.Card("office.ohio", Role.ElectionOffice);
        var newCard = DirectoryTestChain.Card("office.ohio", Role.ElectionOffice);
        var revocation = new Revocation { MemberId = "office.ohio", KeyId = ByteString.CopyFrom(KeyIdOf(oldCard.SigningPublicKey)), RevokedAtMs = 1 };

        var directory = _chain.Verifier.Verify(_chain.Publish(2, [_chain.Root.SignCard(newCard)], [revocation]), lastSeen: null).Directory!;

        Assert.NotNull(directory.FindActive("office.ohio"));
        Assert.True(directory.IsRevoked("office.ohio", KeyIdOf(oldCard.SigningPublicKey)));
        Assert.False(directory.IsRevoked("office.ohio", KeyIdOf(newCard.SigningPublicKey)));
    }

    [Fact]
    public void RevocationOfAnotherMember_DoesNotTouchThisOne()
    {
        var card = DirectoryTestChain.Card("office.ohio");
        var revocation = new Revocation { MemberId = "office.texas", RevokedAtMs = 1 };

        var directory = _chain.Verifier.Verify(_chain.Publish(2, [_chain.Root.SignCard(card)], [revocation]), lastSeen: null).Directory!;

        Assert.NotNull(directory.FindActive("office.ohio"));
        Assert.True(directory.IsRevoked("office.texas", []));
        Assert.Single(directory.Revocations);
    }

    [Fact]
    public void CardOutsideItsValidity_IsListedButNotActive()
    {
        var future = DirectoryTestChain.Card("office.future");
        future.NotBeforeMs = DirectoryTestChain.Start.AddDays(1).ToUnixTimeMilliseconds();
        var expired = DirectoryTestChain.Card("office.expired");
        expired.NotBeforeMs = DirectoryTestChain.Start.AddDays(-10).ToUnixTimeMilliseconds();
        expired.NotAfterMs = DirectoryTestChain.Start.AddDays(-1).ToUnixTimeMilliseconds();
        var signed = _chain.Publish(2, [_chain.Root.SignCard(future), _chain.Root.SignCard(expired), _chain.SignedCard("cert.national")]);

        var directory = _chain.Verifier.Verify(signed, lastSeen: null).Directory!;

        Assert.Equal(3, directory.Members.Count);
        Assert.Equal(["cert.national"], directory.ActiveMembers.Select(m => m.MemberId));
        Assert.Null(directory.FindActive("office.future"));
        Assert.Null(directory.FindActive("office.expired"));
        Assert.NotNull(directory.FindActiveAt("office.future", DirectoryTestChain.Start.AddDays(1)));
        Assert.NotNull(directory.FindActiveAt("office.expired", DirectoryTestChain.Start.AddDays(-1)));
        Assert.Null(directory.FindActiveAt("office.expired", DirectoryTestChain.Start.AddDays(-1).AddMilliseconds(1)));
    }

    [Fact]
    public void ActiveMembers_FollowTheVerifiersClock()
    {
        var card = DirectoryTestChain.Card("office.ohio");
        card.NotAfterMs = DirectoryTestChain.Start.AddHours(1).ToUnixTimeMilliseconds();
        var directory = _chain.Verifier.Verify(_chain.Publish(2, [_chain.Root.SignCard(card)]), lastSeen: null).Directory!;
        Assert.Single(directory.ActiveMembers);

        _chain.Time.Advance(TimeSpan.FromHours(2));

        Assert.Empty(directory.ActiveMembers);
        Assert.Null(directory.FindActive("office.ohio"));
    }

    private static byte[] KeyIdOf(ByteString publicKey) => Isac.Core.Crypto.KeyId.Of(publicKey.Span);
}
