using Google.Protobuf;
using Isac.Core.Crypto;
using Isac.Core.Labels;
using Isac.Core.Membership;
using Isac.Core.Tests.TestSupport;
using Isac.V1;

namespace Isac.Core.Tests.Membership;

public sealed class MemberCardsTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("cert.national")]
    [InlineData("state:ohio")]
    [InlineData("0-vendor.co:x")]
    [InlineData("a123456789012345678901234567890123456789012345678901234567890123")] // 64 characters
    public void IsValidId_AcceptsIdsOfTheDocumentedForm(string id)
    {
        Assert.True(MemberCards.IsValidId(id));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".cert")]
    [InlineData("-cert")]
    [InlineData("Cert")]
    [InlineData("cert national")]
    [InlineData("cert_national")]
    [InlineData("cert\n")]
    [InlineData("cert/../x")]
    [InlineData("a1234567890123456789012345678901234567890123456789012345678901234")] // 65 characters
    [InlineData("café")]
    public void IsValidId_RefusesEverythingElse(string id)
    {
        Assert.False(MemberCards.IsValidId(id));
    }

    [Fact]
    public void ToMember_ThenToCard_RoundTripsToSameBytes()
    {
        var card = DirectoryTestChain.Card("office.ohio", Role.ElectionOffice, Tlp.AmberStrict);
        card.Roles.Add(MemberRole.Vendor);
        card.Communities.Add("state:ohio");
        card.Clients.Add("county.franklin");

        var member = MemberCards.ToMember(card);
        var back = MemberCards.ToCard(member, card.Contacts);

        Assert.Equal(Tlp.AmberStrict, member.Clearance);
        Assert.True(member.Has(Role.ElectionOffice) && member.Has(Role.Vendor));
        Assert.Equal(["election-sector", "state:ohio"], member.Communities.Order(StringComparer.Ordinal));
        Assert.Contains("county.franklin", member.Clients);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(card.NotBeforeMs), member.NotBefore);
        Assert.Equal(card.ToByteArray(), back.ToByteArray());
    }

    [Fact]
    public void ToCard_InvalidMember_IsRefused()
    {
        var member = MemberCards.ToMember(DirectoryTestChain.Card("office.ohio")) with { MemberId = "Office Ohio" };

        Assert.Throws<ArgumentException>(() => MemberCards.ToCard(member));
    }

    public static TheoryData<string, Action<MemberCard>> InvalidCards() => new()
    {
        { "bad member id", card => card.MemberId = "Office" },
        { "no organization", card => card.Organization = "" },
        { "no role", card => card.Roles.Clear() },
        { "unspecified role", card => card.Roles.Add(MemberRole.Unspecified) },
        { "unknown role", card => card.Roles.Add((MemberRole)9) },
        { "role twice", card => card.Roles.Add(card.Roles[0]) },
        { "unspecified clearance", card => card.Clearance = TlpLabel.Unspecified },
        { "unknown clearance", card => card.Clearance = (TlpLabel)6 },
        { "bad community", card => card.Communities.Add("State Ohio") },
        { "community twice", card => card.Communities.Add("election-sector") },
        { "bad client", card => card.Clients.Add("") },
        { "empty contact", card => card.Contacts.Add(" ") },
        { "short signing key", card => card.SigningPublicKey = ByteString.CopyFrom(new byte[31]) },
        { "long encryption key", card => card.EncryptionPublicKey = ByteString.CopyFrom(new byte[33]) },
        { "empty validity", card => card.NotAfterMs = card.NotBeforeMs },
        { "reversed validity", card => card.NotAfterMs = card.NotBeforeMs - 1 },
        { "out-of-range time", card => card.NotAfterMs = long.MaxValue },
    };

    [Theory]
    [MemberData(nameof(InvalidCards))]
    public void TryToMember_InvalidCard_IsRefusedWithReason(string why, Action<MemberCard> breakIt)
    {
        ArgumentNullException.ThrowIfNull(breakIt);
        var card = DirectoryTestChain.Card("office.ohio");
        Assert.True(MemberCards.TryToMember(card, out _, out _), "the unbroken card must be valid");
        breakIt(card);

        Assert.False(MemberCards.TryToMember(card, out var member, out var error), why);
        Assert.Null(member);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void ToMember_ComputesKeyIds()
    {
        var card = DirectoryTestChain.Card("office.ohio");

        var member = MemberCards.ToMember(card);

        Assert.Equal(KeyId.Of(card.SigningPublicKey.Span), member.SigningKeyId);
        Assert.Equal(KeyId.Of(card.EncryptionPublicKey.Span), member.EncryptionKeyId);
    }
}
