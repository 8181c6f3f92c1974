using Google.Protobuf;
using Grpc.Core;
using Isac.Core.Labels;
using Isac.IntegrationTests.Hosting;
using Isac.Storage;
using Isac.V1;
using Microsoft.Extensions.DependencyInjection;
using static Isac.IntegrationTests.Broker.SubscribeBrokerFixture;
using Audience = Isac.Core.Policy.Audience;

namespace Isac.IntegrationTests.Broker;

/// <summary><c>Subscribe</c> and <c>Ack</c> over real gRPC and mTLS: resume from a cursor, the ack cap, revocation.</summary>
public sealed class SubscribeTests(SubscribeBrokerFixture fixture) : IClassFixture<SubscribeBrokerFixture>
{
    private TestFederation Federation => fixture.Pki.Federation;

    [Fact]
    public async Task Subscribe_ResumeFromCursorAfterReconnect_LosesNothingAndRepeatsNothing()
    {
        var sent = await PublishRedAsync(Resuming, 3);
        using var member = fixture.Broker.Client(Resuming);
        ulong cursor;
        using (var first = new MailboxStream(member, 0))
        {
            var items = await first.ReadAsync(2);
            Assert.Equal(sent[..2], items.Select(BundleIdOf));
            cursor = items[^1].Delivery.Sequence;
        }

        // Published while nobody listens, then a reconnect from the cursor, then live.
        sent.AddRange(await PublishRedAsync(Resuming, 2));
        using var resumed = new MailboxStream(member, cursor);
        var missed = await resumed.ReadAsync(3);
        sent.AddRange(await PublishRedAsync(Resuming, 1));
        var live = await resumed.ReadAsync(1);

        var received = missed.Concat(live).ToList();
        Assert.Equal(sent[2..], received.Select(BundleIdOf));
        Assert.All(received, r => Assert.Equal(SubscribeResponse.ItemOneofCase.Delivery, r.ItemCase));
        Assert.Equal(Enumerable.Range(0, 4).Select(i => cursor + 1 + (ulong)i), received.Select(r => r.Delivery.Sequence));
        Assert.True(await resumed.IsQuietAsync(TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task Ack_BeyondWhatWasDelivered_IsCappedAtTheLastDeliveredSequence()
    {
        using var member = fixture.Broker.Client(Acking);
        Assert.Equal(0ul, (await member.Broker.AckAsync(new AckRequest { Cursor = 1_000 })).AckedThrough);
        var sent = await PublishRedAsync(Acking, 2);
        ulong delivered;
        using (var stream = new MailboxStream(member, 0))
        {
            delivered = (await stream.ReadAsync(2))[^1].Delivery.Sequence;
        }

        // A third bundle arrives while nobody listens: never delivered, so an ack cannot trim it.
        sent.AddRange(await PublishRedAsync(Acking, 1));
        var acked = await member.Broker.AckAsync(new AckRequest { Cursor = delivered + 1_000 });

        Assert.Equal(delivered, acked.AckedThrough);
        using var again = new MailboxStream(member, 0);
        var items = await again.ReadAsync(2);
        Assert.Equal(new Gap { FromSequence = 1, ToSequence = delivered, Reason = "Acknowledged" }, items[0].Gap);
        Assert.Equal(sent[2], BundleIdOf(items[1]));
        Assert.Equal(delivered + 1, items[1].Delivery.Sequence);
    }

    [Fact]
    public async Task Revoke_ClosesTheOpenStream_AndRefusesPublishSubscribeAndAck()
    {
        using var member = fixture.Broker.Client(Revoked);
        using var refusals = new RefusalRecorder(fixture.Broker.Services);
        using var stream = new MailboxStream(member, 0);
        await PublishRedAsync(Revoked, 1);
        await stream.ReadAsync(1);

        Federation.Revoke(Revoked);
        await Federation.WriteRosterAsync();
        var closed = await stream.EndAsync();

        Assert.Equal(StatusCode.PermissionDenied, closed.StatusCode);
        Assert.StartsWith("subscriber-revoked: ", closed.Status.Detail, StringComparison.Ordinal);
        using var cert = fixture.Broker.Client(TestFederation.Cert);
        var directory = await cert.DirectoryAsync(Federation);
        var publish = await Assert.ThrowsAsync<RpcException>(() => member.PublishAsync(
            Federation.SealTo(Revoked, directory.Version, Tlp.Red, Audience.OfMembers(TestFederation.Cert), [Federation.Members[TestFederation.Cert].Member])));
        Assert.Equal(StatusCode.PermissionDenied, publish.StatusCode);
        Assert.StartsWith("member-revoked: ", publish.Status.Detail, StringComparison.Ordinal);
        using var resubscribe = new MailboxStream(member, 0);
        Assert.Equal(StatusCode.PermissionDenied, (await resubscribe.EndAsync()).StatusCode);
        var ack = await Assert.ThrowsAsync<RpcException>(() => member.Broker.AckAsync(new AckRequest { Cursor = 1 }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, ack.StatusCode);
        var directoryCall = await Assert.ThrowsAsync<RpcException>(() => member.Broker.GetDirectoryAsync(new GetDirectoryRequest()).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, directoryCall.StatusCode);
        // The open stream is closed by the streamer; every later call is refused by the token checks, whatever the
        // (unexpired) token says, and each refusal is counted and audited.
        Assert.Equal(["subscriber-revoked", "member-revoked", "member-revoked", "member-revoked", "member-revoked"], refusals.Reasons);
        var audited = await fixture.Broker.Services.GetRequiredService<IAuditLog>().ReadAuditAsync(fixture.Broker.BrokerId, 1, 100_000);
        Assert.Equal(4, audited.Count(e => e.Record.EventType == "call" && e.Record.SenderMemberId == Revoked && e.Record.Reason.Contains("member-revoked", StringComparison.Ordinal)));
    }

    private async Task<List<ByteString>> PublishRedAsync(string recipient, int count)
    {
        using var cert = fixture.Broker.Client(TestFederation.Cert);
        var directory = await cert.DirectoryAsync(Federation);
        var ids = new List<ByteString>(count);
        for (var i = 0; i < count; i++)
        {
            var sealedBundle = Federation.Seal(TestFederation.Cert, directory, Tlp.Red, Audience.OfMembers(recipient), $"red {i} to {recipient}");
            await cert.PublishAsync(sealedBundle);
            ids.Add(RoutingHeader.Parser.ParseFrom(sealedBundle.Header).BundleId);
        }

        return ids;
    }

    private static ByteString BundleIdOf(SubscribeResponse item) => RoutingHeader.Parser.ParseFrom(item.Delivery.Header).BundleId;
}
