using Google.Protobuf;
using Grpc.Core;
using Isac.IntegrationTests.Hosting;
using Isac.V1;

namespace Isac.IntegrationTests.Admin;

/// <summary>Who may not use the admin API, what bad input gets, and that every call lands in the audit chain.</summary>
public sealed class AdminRefusalTests(AdminFixture fixture) : IClassFixture<AdminFixture>
{
    public static TheoryData<string> Methods => ["list", "approve", "rotate", "revoke"];

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task AdminMethod_WithOrdinaryMemberToken_IsPermissionDenied(string method)
    {
        // The identity service grants an ordinary member publish and subscribe, never isac.admin.
        using var ohio = await fixture.ConnectAsync(TestFederation.OfficeOhio, "isac.publish isac.subscribe");
        var rosterBefore = await File.ReadAllBytesAsync(fixture.Federation.RosterPath);

        var error = await Assert.ThrowsAsync<RpcException>(() => Call(ohio, method));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains("requires scope 'isac.admin'", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(rosterBefore, await File.ReadAllBytesAsync(fixture.Federation.RosterPath));
    }

    [Fact]
    public async Task ApproveMember_CardNotSignedByTheGovernanceRoot_IsInvalidArgumentAndTheRosterIsUnchanged()
    {
        using var admin = await fixture.AdminAsync();
        var rosterBefore = await File.ReadAllBytesAsync(fixture.Federation.RosterPath);
        var versionBefore = (await admin.DirectoryAsync(fixture.Federation)).Version;

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            admin.Admin.ApproveMemberAsync(new ApproveMemberRequest { Card = AdminFixture.CardSignedByAnotherRoot("office-forged") }, admin.Headers).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("office-forged", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("governance root", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(rosterBefore, await File.ReadAllBytesAsync(fixture.Federation.RosterPath));
        Assert.Equal(versionBefore, (await admin.DirectoryAsync(fixture.Federation)).Version);
    }

    [Fact]
    public async Task ApproveMember_AlteredCardBytes_IsInvalidArgument()
    {
        using var admin = await fixture.AdminAsync();
        var card = fixture.NewMember("office-altered").Card;
        var bytes = card.Card.ToByteArray();
        bytes[^1] ^= 0x01; // the last byte of not_after_ms: still a card, no longer the signed one
        var altered = new SignedMemberCard { Card = ByteString.CopyFrom(bytes), Signature = card.Signature };

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            admin.Admin.ApproveMemberAsync(new ApproveMemberRequest { Card = altered }, admin.Headers).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("admin-card-not-signed-by-root", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApproveMember_GarbageCardBytes_IsInvalidArgumentNamingTheMalformedCard()
    {
        using var admin = await fixture.AdminAsync();
        var garbage = new SignedMemberCard { Card = ByteString.CopyFrom(0xFF, 0xFF, 0xFF), Signature = ByteString.CopyFrom(new byte[64]) };

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            admin.Admin.ApproveMemberAsync(new ApproveMemberRequest { Card = garbage }, admin.Headers).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("admin-card-malformed", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("MemberCard", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApproveMember_ExpiredCard_IsInvalidArgument()
    {
        using var admin = await fixture.AdminAsync();
        var spec = TestFederation.Spec("office-expired", "expired-org", Core.Labels.Tlp.Green, [Core.Membership.Role.ElectionOffice], ["election-sector"]);
        var expired = fixture.Federation.Add(spec with { NotBefore = DateTimeOffset.UtcNow.AddDays(-10), NotAfter = DateTimeOffset.UtcNow.AddDays(-1) });

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            admin.Admin.ApproveMemberAsync(new ApproveMemberRequest { Card = expired.Card }, admin.Headers).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("admin-card-expired", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApproveMember_ExistingMember_IsAlreadyExists()
    {
        using var admin = await fixture.AdminAsync();
        // A genuine root-signed card, but Texas is a member already: approve only adds new members.
        var texas = fixture.NewMember(TestFederation.OfficeTexas);
        var rosterBefore = await File.ReadAllBytesAsync(fixture.Federation.RosterPath);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            admin.Admin.ApproveMemberAsync(new ApproveMemberRequest { Card = texas.Card }, admin.Headers).ResponseAsync);

        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.Contains($"'{TestFederation.OfficeTexas}' is already in the roster", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(rosterBefore, await File.ReadAllBytesAsync(fixture.Federation.RosterPath));
    }

    [Fact]
    public async Task RotateAndRevoke_UnknownMember_AreNotFound()
    {
        using var admin = await fixture.AdminAsync();

        var rotate = await Assert.ThrowsAsync<RpcException>(() =>
            admin.Admin.RotateMemberAsync(new RotateMemberRequest { Card = fixture.NewMember("office-nowhere").Card }, admin.Headers).ResponseAsync);
        var revoke = await Assert.ThrowsAsync<RpcException>(() =>
            admin.Admin.RevokeMemberAsync(new RevokeMemberRequest { MemberId = "office-nowhere" }, admin.Headers).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, rotate.StatusCode);
        Assert.Equal(StatusCode.NotFound, revoke.StatusCode);
        Assert.Contains("'office-nowhere' is not in the roster", revoke.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokeMember_AlreadyRevoked_IsFailedPreconditionAndWritesNothing()
    {
        using var admin = await fixture.AdminAsync();
        await admin.Admin.ApproveMemberAsync(new ApproveMemberRequest { Card = fixture.NewMember("office-twice").Card }, admin.Headers);
        await admin.Admin.RevokeMemberAsync(new RevokeMemberRequest { MemberId = "office-twice", Reason = "first" }, admin.Headers);
        var rosterBefore = await File.ReadAllBytesAsync(fixture.Federation.RosterPath);

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            admin.Admin.RevokeMemberAsync(new RevokeMemberRequest { MemberId = "office-twice", Reason = "second" }, admin.Headers).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("already revoked", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(rosterBefore, await File.ReadAllBytesAsync(fixture.Federation.RosterPath));
    }

    [Theory]
    [InlineData("Office-Upper", "", "member_id is not of the form")]
    [InlineData(TestFederation.Vendor, "0102", "key_id must be empty")]
    public async Task RevokeMember_MalformedRequest_IsInvalidArgument(string memberId, string keyIdHex, string expected)
    {
        using var admin = await fixture.AdminAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => admin.Admin.RevokeMemberAsync(
            new RevokeMemberRequest { MemberId = memberId, KeyId = ByteString.CopyFrom(Convert.FromHexString(keyIdHex)) }, admin.Headers).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(expected, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RotateMember_CardWithTheCurrentKeys_IsInvalidArgument()
    {
        using var admin = await fixture.AdminAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => admin.Admin.RotateMemberAsync(
            new RotateMemberRequest { Card = fixture.Federation.Members[TestFederation.Vendor].Card }, admin.Headers).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("a rotation needs at least one new key", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryAdminCall_AcceptedOrRefused_IsInTheAuditChainWithAdminActionAndTarget()
    {
        using var admin = await fixture.AdminAsync();
        using var ohio = await fixture.ConnectAsync(TestFederation.OfficeOhio, "isac.subscribe");
        var from = (ulong)(await fixture.AuditAsync()).Count + 1;

        await admin.Admin.ApproveMemberAsync(new ApproveMemberRequest { Card = fixture.NewMember("office-audited").Card }, admin.Headers);
        await Assert.ThrowsAsync<RpcException>(() => admin.Admin.ApproveMemberAsync(
            new ApproveMemberRequest { Card = AdminFixture.CardSignedByAnotherRoot("office-forged-audit") }, admin.Headers).ResponseAsync);
        await Assert.ThrowsAsync<RpcException>(() => ohio.Admin.RevokeMemberAsync(new RevokeMemberRequest { MemberId = TestFederation.Vendor }, ohio.Headers).ResponseAsync);
        await admin.Admin.ListMembersAsync(new ListMembersRequest(), admin.Headers);

        var records = (await fixture.AuditAsync()).Where(e => e.Position.Sequence >= from).Select(e => e.Record).ToList();
        var approved = Assert.Single(records, r => r.EventType == "admin-approve" && r.Decision == "accepted");
        Assert.Equal(TestFederation.Cert, approved.SenderMemberId);
        Assert.StartsWith("target=office-audited", approved.Reason, StringComparison.Ordinal);
        var forged = Assert.Single(records, r => r.EventType == "admin-approve" && r.Decision == "refused");
        Assert.Equal(TestFederation.Cert, forged.SenderMemberId);
        Assert.Contains("target=office-forged-audit; admin-card-not-signed-by-root", forged.Reason, StringComparison.Ordinal);
        var denied = Assert.Single(records, r => r.EventType == "admin-revoke");
        Assert.Equal("refused", denied.Decision);
        Assert.Equal(TestFederation.OfficeOhio, denied.SenderMemberId);
        Assert.Contains("PermissionDenied", denied.Reason, StringComparison.Ordinal);
        var listed = Assert.Single(records, r => r.EventType == "admin-list");
        Assert.Equal("accepted", listed.Decision);
        Assert.Equal(4, records.Count);
    }

    private static Task Call(MemberSession session, string method) => method switch
    {
        "list" => session.Admin.ListMembersAsync(new ListMembersRequest(), session.Headers).ResponseAsync,
        "approve" => session.Admin.ApproveMemberAsync(new ApproveMemberRequest(), session.Headers).ResponseAsync,
        "rotate" => session.Admin.RotateMemberAsync(new RotateMemberRequest(), session.Headers).ResponseAsync,
        "revoke" => session.Admin.RevokeMemberAsync(new RevokeMemberRequest { MemberId = TestFederation.Vendor }, session.Headers).ResponseAsync,
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };
}
