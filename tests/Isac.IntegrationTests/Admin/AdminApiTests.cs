using Google.Protobuf;
using Grpc.Core;
using Isac.Core.Crypto;
using Isac.IntegrationTests.Hosting;
using Isac.V1;

namespace Isac.IntegrationTests.Admin;

/// <summary>The membership admin API over real gRPC and mTLS, with real tokens from the identity service.</summary>
public sealed class AdminApiTests(AdminFixture fixture) : IClassFixture<AdminFixture>
{
    [Fact]
    public async Task ListMembers_WithAdminToken_ListsEveryCardWithStatusAndTheSnapshotVersion()
    {
        using var admin = await fixture.AdminAsync();

        var list = await admin.Admin.ListMembersAsync(new ListMembersRequest(), admin.Headers);

        var current = await admin.DirectoryAsync(fixture.Federation);
        Assert.Equal(current.Version, list.DirectoryVersion);
        var ohio = Assert.Single(list.Members, m => m.MemberId == TestFederation.OfficeOhio);
        Assert.Equal(MemberStatus.Active, ohio.Status);
        Assert.Equal(TlpLabel.Amber, ohio.Clearance);
        Assert.Equal([MemberRole.ElectionOffice], ohio.Roles);
        Assert.Contains("state:ohio", ohio.Communities);
        Assert.Equal(fixture.Federation.Members[TestFederation.OfficeOhio].Member.EncryptionKeyId, ohio.EncryptionKeyId.ToByteArray());
        Assert.Equal(fixture.Federation.Members[TestFederation.OfficeOhio].Card, ohio.Card);
        foreach (var id in TestFederation.DefaultSpecs.Select(s => s.MemberId))
        {
            Assert.Contains(list.Members, m => m.MemberId == id);
        }
    }

    [Fact]
    public async Task ApproveMember_RootSignedCard_IsInTheNextSnapshotAndTheMemberCanCallTheBroker()
    {
        using var admin = await fixture.AdminAsync();
        var before = (await admin.DirectoryAsync(fixture.Federation)).Version;
        var erie = fixture.NewMember("office-erie");

        var change = await admin.Admin.ApproveMemberAsync(new ApproveMemberRequest { Card = erie.Card }, admin.Headers);

        Assert.Equal("office-erie", change.MemberId);
        Assert.True(change.DirectoryVersion > before, $"version {change.DirectoryVersion} is not newer than {before}");
        Assert.Equal(AdminFixture.BrokerId, change.AuditPosition.BrokerId);
        // The new member gets a token from the identity service and calls the broker with it.
        using var member = await fixture.ConnectAsync("office-erie", "isac.subscribe");
        var directory = await member.DirectoryAsync(fixture.Federation);
        Assert.True(directory.Version >= change.DirectoryVersion);
        var listed = directory.FindActive("office-erie");
        Assert.NotNull(listed);
        Assert.Equal(erie.Member.SigningPublicKey, listed.SigningPublicKey);
    }

    [Fact]
    public async Task RevokeMember_CutsTheMemberOffAndTheSnapshotCarriesTheRevocation()
    {
        using var admin = await fixture.AdminAsync();
        var wayne = fixture.NewMember("office-wayne");
        await admin.Admin.ApproveMemberAsync(new ApproveMemberRequest { Card = wayne.Card }, admin.Headers);
        using var member = await fixture.ConnectAsync("office-wayne", "isac.subscribe");
        Assert.Equal(0UL, (await member.Broker.AckAsync(new AckRequest { Cursor = 0 }, member.Headers)).AckedThrough);

        var change = await admin.Admin.RevokeMemberAsync(new RevokeMemberRequest { MemberId = "office-wayne", Reason = "laptop stolen" }, admin.Headers);

        // Its token is still unexpired, but its next call is refused.
        var refused = await Assert.ThrowsAsync<RpcException>(() => member.Broker.AckAsync(new AckRequest { Cursor = 0 }, member.Headers).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Contains("revoked", refused.Status.Detail, StringComparison.Ordinal);
        var directory = await admin.DirectoryAsync(fixture.Federation);
        Assert.True(directory.Version >= change.DirectoryVersion);
        Assert.Null(directory.FindActive("office-wayne"));
        var revocation = Assert.Single(directory.Revocations, r => r.MemberId == "office-wayne");
        Assert.Equal("laptop stolen", revocation.Reason);
        Assert.True(revocation.CoversAllKeys);
        Assert.InRange(revocation.RevokedAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        var listed = Assert.Single((await admin.Admin.ListMembersAsync(new ListMembersRequest(), admin.Headers)).Members, m => m.MemberId == "office-wayne");
        Assert.Equal(MemberStatus.Revoked, listed.Status);
    }

    [Fact]
    public async Task RotateMember_NewRootSignedCard_SnapshotCarriesTheNewEncryptionKey()
    {
        using var admin = await fixture.AdminAsync();
        var old = fixture.NewMember("office-lake");
        await admin.Admin.ApproveMemberAsync(new ApproveMemberRequest { Card = old.Card }, admin.Headers);
        var rotated = fixture.NewMember("office-lake");
        Assert.NotEqual(old.Member.EncryptionKeyId, rotated.Member.EncryptionKeyId);

        var change = await admin.Admin.RotateMemberAsync(new RotateMemberRequest { Card = rotated.Card }, admin.Headers);

        var directory = await admin.DirectoryAsync(fixture.Federation);
        Assert.True(directory.Version >= change.DirectoryVersion);
        var member = directory.FindActive("office-lake");
        Assert.NotNull(member);
        Assert.Equal(rotated.Member.EncryptionPublicKey, member.EncryptionPublicKey);
        Assert.Single(directory.Members, m => m.MemberId == "office-lake");
        // The member's new certificate and token work with the new card.
        using var session = await fixture.ConnectAsync("office-lake", "isac.subscribe");
        Assert.NotNull((await session.DirectoryAsync(fixture.Federation)).FindActive("office-lake"));
    }

    [Fact]
    public async Task ListMembers_CardValidFromTomorrow_IsListedNotYetValidAndIsNotActive()
    {
        using var admin = await fixture.AdminAsync();
        var spec = TestFederation.Spec("office-future", "future-org", Core.Labels.Tlp.Green, [Core.Membership.Role.ElectionOffice], ["election-sector"]);
        var future = fixture.Federation.Add(spec with { NotBefore = DateTimeOffset.UtcNow.AddDays(1) });

        await admin.Admin.ApproveMemberAsync(new ApproveMemberRequest { Card = future.Card }, admin.Headers);

        var listed = Assert.Single((await admin.Admin.ListMembersAsync(new ListMembersRequest(), admin.Headers)).Members, m => m.MemberId == "office-future");
        Assert.Equal(MemberStatus.NotYetValid, listed.Status);
        var directory = await admin.DirectoryAsync(fixture.Federation);
        Assert.Contains(directory.Members, m => m.MemberId == "office-future");
        Assert.Null(directory.FindActive("office-future"));
    }

    [Fact]
    public async Task RevokeMember_OneKey_RevokesTheCardUntilItIsRotated()
    {
        using var admin = await fixture.AdminAsync();
        var first = fixture.NewMember("office-summit");
        await admin.Admin.ApproveMemberAsync(new ApproveMemberRequest { Card = first.Card }, admin.Headers);

        await admin.Admin.RevokeMemberAsync(
            new RevokeMemberRequest { MemberId = "office-summit", KeyId = ByteString.CopyFrom(first.Member.EncryptionKeyId), Reason = "key leaked" }, admin.Headers);
        Assert.Null((await admin.DirectoryAsync(fixture.Federation)).FindActive("office-summit"));
        var second = fixture.NewMember("office-summit");
        await admin.Admin.RotateMemberAsync(new RotateMemberRequest { Card = second.Card }, admin.Headers);

        var active = (await admin.DirectoryAsync(fixture.Federation)).FindActive("office-summit");
        Assert.NotNull(active);
        Assert.Equal(KeyId.Of(second.Member.EncryptionPublicKey), active.EncryptionKeyId);
    }
}
